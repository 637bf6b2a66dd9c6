"""Site search over pages, write-ups, organisations, subcommittees, meeting records
and forum posts, for one viewer.

What may be shown is decided at query time, whatever the index holds:

- pages: live, and either public or behind view restrictions the request
  passes (login, groups, password) — drafts and restricted pages (and their
  translations, which Wagtail restricts separately) never appear otherwise;
- write-ups (PracticePage): as pages, and only while their organisation is an
  active member (the secretariat also sees the others, as on their pages);
- organisation profiles: ``Organisation.objects.listed()`` (active members),
  matched on the fields their public profile shows (name, reading, message,
  introduction, areas) — never on contact details or members-only fields;
- subcommittees: the active ones /subcommittees/ lists to the viewer; one the
  viewer may not read (a members-only subcommittee shown as a teaser) is
  matched and shown by its name and theme only, as its teaser page;
- meeting records: those the subcommittee's pages show the viewer
  (``subcommittees.access.readable_meetings``, for every subcommittee at once);
- forum posts: approved posts of approved topics, in forums machina lets the
  viewer read (``forum.access``) and, for a subcommittee's forum, only while
  ``subcommittees.access`` lets the viewer read the subcommittee. Posts
  awaiting moderation are never found, not even by their poster.

Every kind but pages is searched through its model in ``cms.search.indexed``
with the readable objects as the queryset: what the index still holds of a
removed or hidden object is never shown.

Write-up and organisation results can be narrowed by their directories' own
filters (``practices.filters`` / ``organisations.filters``), with
the same query-string names: ``activity``, ``target``, ``pref``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from machina.core.db.models import get_model

from cms.search.analysis import analyse_query, chunks, index_terms, query_terms
from cms.search.backends import ranked_pks
from cms.search.ranking import BM25
from cms.search.snippets import highlight, plain_text
from forum import access as forum_access
from organisations import access as org_access
from organisations.choices import OrganisationStatus
from organisations.filters import ActiveFilter, DirectoryFilter
from organisations.models import Organisation, OrganisationActivity, OrganisationTarget
from practices.filters import PracticeFilter
from practices.models import PracticePage
from subcommittees import access as sub_access
from subcommittees.models import MeetingRecord, Subcommittee, SubcommitteeMembership

Post = get_model("forum_conversation", "Post")

MAX_RESULTS = 500
KINDS = {
    "page": _("ページ"),
    "practice": _("取組事例"),
    "organisation": _("会員団体"),
    "subcommittee": _("分科会"),
    "meeting": _("会議記録"),
    "forum": _("フォーラム"),
}


@dataclass
class Result:
    kind: str
    title: str
    url: str
    snippet: SafeString
    date: date | None = None
    context: str = ""  # where it belongs: the subcommittee of a record, the forum of a post

    @property
    def kind_label(self):
        return KINDS[self.kind]


@dataclass
class Found:
    """What a query found for the viewer: hits of the kind asked, counts of every kind.

    ``matched`` keeps the ids of write-ups and organisations before the
    directory filters, for the filter form's counts.
    """

    hits: list[Hit]
    counts: dict[str, int]
    matched: dict[str, list[int]]


@dataclass
class Hit:
    """A matched object before it is loaded: enough to count and paginate."""

    kind: str
    pk: int


def readable_pages(request):
    """Live pages the request may read (view restrictions checked at query time)."""
    pages = Page.objects.live().filter(depth__gt=1)
    for restriction in PageViewRestriction.objects.select_related("page"):
        if not restriction.accept_request(request):
            pages = pages.not_descendant_of(restriction.page, inclusive=True)
    return pages


def _hidden_practice_ids(user):
    if org_access.is_secretariat(user):
        return set()
    return set(
        PracticePage.objects.exclude(organisation__status=OrganisationStatus.ACTIVE).values_list(
            "pk", flat=True
        )
    )


def page_hits(request, query: str) -> list[Hit]:
    backend = get_search_backend()
    ranked = ranked_pks(backend.search(query, Page.objects.live(), operator="or")[:MAX_RESULTS])
    if not ranked:
        return []
    readable = set(readable_pages(request).filter(pk__in=ranked).values_list("pk", flat=True))
    readable -= _hidden_practice_ids(request.user)
    practices = set(PracticePage.objects.filter(pk__in=readable).values_list("pk", flat=True))
    return [Hit("practice" if pk in practices else "page", pk) for pk in ranked if pk in readable]


def _indexed_hits(kind: str, query: str, readable) -> list[Hit]:
    """The ``readable`` objects of ``kind`` that match ``query``, best first (one search)."""
    from cms.search.indexed import SEARCH_MODELS

    model = SEARCH_MODELS[kind]
    found = get_search_backend().search(
        query, model.objects.filter(pk__in=readable.values("pk")), operator="or"
    )
    return [Hit(kind, pk) for pk in ranked_pks(found[:MAX_RESULTS])]


ORGANISATION_FIELDS = ("name", "name_kana", "message", "description", "areas_municipalities")


def _organisation_text(organisation) -> str:
    parts = [getattr(organisation, field) or "" for field in ORGANISATION_FIELDS]
    parts.append(organisation.municipality or "")
    if organisation.prefecture_id:
        parts.append(str(organisation.prefecture))
    return "\n".join(parts)


def organisation_hits(query: str) -> list[Hit]:
    return _indexed_hits("organisation", query, Organisation.objects.listed())


def subcommittee_hits(user, query: str) -> list[Hit]:
    """Active subcommittees listed to the viewer; teasers must match on name or theme."""
    listed = sub_access.discoverable_subcommittees(user).filter(is_active=True)
    hits = _indexed_hits("subcommittee", query, listed)
    teasers = _teaser_ids(user, [hit.pk for hit in hits])
    if not teasers:
        return hits
    named = BM25(
        {
            pk: index_terms(f"{name} {theme}")
            for pk, name, theme in Subcommittee.objects.filter(pk__in=teasers).values_list(
                "pk", "name", "theme"
            )
        }
    ).scores(_query_chunks(query))
    return [hit for hit in hits if hit.pk not in teasers or hit.pk in named]


def _teaser_ids(user, ids) -> set[int]:
    """Of ``ids``, the subcommittees the viewer may discover but not read."""
    if not ids:
        return set()
    readable = sub_access.readable_subcommittees(user).filter(pk__in=ids)
    return set(ids) - set(readable.values_list("pk", flat=True))


def _query_chunks(query: str):
    return [[group.alternatives for group in chunk] for chunk in chunks(analyse_query(query))]


def readable_meetings(user):
    """``subcommittees.access.readable_meetings`` over every subcommittee at once.

    Readable subcommittees only; in them, every record for the secretariat and
    the subcommittee's (counting) members, public records for everyone else.
    """
    subcommittees = sub_access.readable_subcommittees(user)
    meetings = MeetingRecord.objects.filter(subcommittee__in=subcommittees)
    if org_access.is_secretariat(user):
        return meetings
    public = Q(visibility=MeetingRecord.Visibility.PUBLIC)
    if not (user.is_authenticated and org_access.is_member(user)):
        return meetings.filter(public)
    member_of = SubcommitteeMembership.objects.filter(user=user).values("subcommittee_id")
    return meetings.filter(public | Q(subcommittee__in=member_of))


def readable_posts(request):
    """Approved posts of approved topics the viewer may read now."""
    user = request.user
    subcommittee_forums = Subcommittee.objects.filter(forum__isnull=False).values("forum_id")
    return Post.objects.filter(
        approved=True,
        topic__approved=True,
        topic__forum__in=forum_access.readable_forums(request),
    ).exclude(
        Q(topic__forum__in=subcommittee_forums)
        & ~Q(topic__forum__in=sub_access.readable_forum_ids(user))
    )


FILTER_PARAMS = ("activity", "target", "pref")
FILTERED_KINDS = ("practice", "organisation")


class FoundDirectoryFilter(DirectoryFilter):
    """The directory's filter, its counts taken among the organisations a query found."""

    def __init__(self, params, found):
        super().__init__(params)
        self.found = found

    @staticmethod
    def facet_labels():
        return [
            (name, label) for name, label in DirectoryFilter.facet_labels() if name in FILTER_PARAMS
        ]

    def counts(self):
        return {
            "activity": self._link_counts(self.found, OrganisationActivity, "activity_type_id"),
            "target": self._link_counts(self.found, OrganisationTarget, "target_group_id"),
            "pref": self._field_counts(self.found, "pref", "prefecture__code"),
        }


class ResultFilters:
    """The directories' activity / target / prefecture filters, read from the query string.

    Only those three parameters are passed on: the directory's ``q`` (a name
    filter) is the search box here. Invalid values are ignored by the
    directories' own cleaning.
    """

    def __init__(self, params):
        self.params = QueryDict(mutable=True)
        for name in FILTER_PARAMS:
            self.params.setlist(name, params.getlist(name))
        self.practices = PracticeFilter(self.params)
        self.organisations = DirectoryFilter(self.params)

    @property
    def is_filtered(self):
        return any(self.practices.selected[name] for name in FILTER_PARAMS)

    def narrow(self, hits: list[Hit]) -> list[Hit]:
        """Drop the write-up and organisation hits the filters exclude (one query each)."""
        if not self.is_filtered:
            return hits
        kept = {}
        for kind, model, chosen in (
            ("practice", PracticePage, self.practices),
            ("organisation", Organisation, self.organisations),
        ):
            ids = [hit.pk for hit in hits if hit.kind == kind]
            found = model.objects.filter(pk__in=ids)
            kept[kind] = set(chosen.filter(found).values_list("pk", flat=True)) if ids else set()
        return [hit for hit in hits if hit.kind not in kept or hit.pk in kept[hit.kind]]

    def facets(self, kind: str, matched: list[int]):
        """The filter form's facets for ``kind``, counted among the ``matched`` ids."""
        if kind == "practice":
            found = PracticePage.objects.filter(pk__in=matched)
            return [f for f in self.practices.facets(found) if f.name in FILTER_PARAMS]
        found = Organisation.objects.listed().filter(pk__in=matched)
        return FoundDirectoryFilter(self.params, found).facets()

    def active_filters(self, kind: str, base_url: str):
        """The chosen values as chips whose links keep the query and kind (see the directories)."""
        chooser = self.practices if kind == "practice" else self.organisations
        chips = []
        for chip in chooser.active_filters(""):
            rest = chip.remove_url.lstrip("?")
            chips.append(
                ActiveFilter(
                    chip.facet_label, chip.label, f"{base_url}&{rest}" if rest else base_url
                )
            )
        return chips


def search(
    request, query: str, kind: str | None = None, filters: ResultFilters | None = None
) -> Found:
    """The viewer's hits for ``query`` (of ``kind`` if given), and the count per kind.

    ``filters`` narrow the write-up and organisation hits (whatever ``kind``).
    """
    query = (query or "").strip()
    if not query:
        return Found([], {}, {})
    hits = (
        page_hits(request, query)
        + organisation_hits(query)
        + subcommittee_hits(request.user, query)
        + _indexed_hits("meeting", query, readable_meetings(request.user))
        + _indexed_hits("forum", query, readable_posts(request))
    )
    matched = {name: [hit.pk for hit in hits if hit.kind == name] for name in FILTERED_KINDS}
    if filters is not None:
        hits = filters.narrow(hits)
    counts = {name: sum(1 for hit in hits if hit.kind == name) for name in KINDS}
    if kind in KINDS:
        hits = [hit for hit in hits if hit.kind == kind]
    return Found(hits, counts, matched)


def results(request, hits: list[Hit], query: str) -> list[Result]:
    """Load the objects of one page of hits and build their results.

    One query per kind (and per specific page type), whatever the number of hits.
    """
    terms = query_terms(query)
    ids = {kind: [hit.pk for hit in hits if hit.kind == kind] for kind in KINDS}
    builders = {
        "page": _page_results(request, ids["page"] + ids["practice"], terms),
        "organisation": _organisation_results(ids["organisation"], terms),
        "subcommittee": _subcommittee_results(request.user, ids["subcommittee"], terms),
        "meeting": _meeting_results(ids["meeting"], terms),
        "forum": _post_results(ids["forum"], terms),
    }
    out = []
    for hit in hits:
        result = builders["page" if hit.kind == "practice" else hit.kind].get(hit.pk)
        if result is not None:
            result.kind = hit.kind
            out.append(result)
    return out


def _page_results(request, ids, terms) -> dict[int, Result]:
    pages = Page.objects.filter(pk__in=ids).specific().in_bulk() if ids else {}
    out = {}
    for pk, page in pages.items():
        published = page.last_published_at or page.first_published_at
        out[pk] = Result(
            kind="page",
            title=page.title,
            url=page.get_url(request),
            snippet=highlight(_page_text(page), terms),
            date=published.date() if published else None,
        )
    return out


def _organisation_results(ids, terms) -> dict[int, Result]:
    if not ids:
        return {}
    organisations = Organisation.objects.listed().select_related("prefecture").in_bulk(ids)
    return {
        pk: Result(
            kind="organisation",
            title=organisation.name,
            url=organisation.get_absolute_url(),
            snippet=highlight(_organisation_text(organisation), terms),
        )
        for pk, organisation in organisations.items()
    }


def _subcommittee_results(user, ids, terms) -> dict[int, Result]:
    if not ids:
        return {}
    teasers = _teaser_ids(user, ids)
    out = {}
    for pk, subcommittee in Subcommittee.objects.in_bulk(ids).items():
        text = subcommittee.theme
        if pk not in teasers:  # a teaser shows its name and theme only
            text = f"{text}\n{subcommittee.description}\n{subcommittee.municipalities}"
        out[pk] = Result(
            kind="subcommittee",
            title=subcommittee.name,
            url=subcommittee.get_absolute_url(),
            snippet=highlight(text, terms),
        )
    return out


def _meeting_results(ids, terms) -> dict[int, Result]:
    if not ids:
        return {}
    meetings = MeetingRecord.objects.select_related("subcommittee").in_bulk(ids)
    return {
        pk: Result(
            kind="meeting",
            title=meeting.title,
            url=meeting.get_absolute_url(),
            snippet=highlight(f"{meeting.agenda}\n{meeting.minutes}", terms),
            date=meeting.date,
            context=meeting.subcommittee.name,
        )
        for pk, meeting in meetings.items()
    }


def _post_results(ids, terms) -> dict[int, Result]:
    if not ids:
        return {}
    posts = Post.objects.select_related("topic__forum").in_bulk(ids)
    out = {}
    for pk, post in posts.items():
        topic = post.topic
        url = reverse(
            "forum_conversation:topic",
            args=[topic.forum.slug, topic.forum.pk, topic.slug, topic.pk],
        )
        out[pk] = Result(
            kind="forum",
            title=topic.subject,
            url=f"{url}?{urlencode({'post': post.pk})}#{post.pk}",
            snippet=highlight(post.content.raw, terms),
            date=timezone.localdate(post.created),
            context=topic.forum.name,
        )
    return out


def _page_text(page) -> str:
    """The page's searchable text other than its title, for the snippet."""
    from modelsearch.index import SearchField

    texts = [page.search_description or ""]
    for field in page.get_search_fields():
        if isinstance(field, SearchField) and field.field_name != "title":
            value = field.get_value(page)
            if isinstance(value, (list, tuple)):
                value = " ".join(str(item) for item in value)
            if value:
                texts.append(plain_text(str(value)))
    return " ".join(texts)
