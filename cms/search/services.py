"""Site search over pages, write-ups and organisation profiles, for one viewer.

What may be shown is decided at query time, whatever the index holds:

- pages: live, and either public or behind view restrictions the request
  passes (login, groups, password) — drafts and restricted pages (and their
  translations, which Wagtail restricts separately) never appear otherwise;
- write-ups (PracticePage): as pages, and only while their organisation is an
  active member (the secretariat also sees the others, as on their pages);
- organisation profiles: ``Organisation.objects.listed()`` (active members),
  matched on the fields their public profile shows (name, reading, message,
  introduction, areas) — never on contact details or members-only fields.

Write-up and organisation results can be narrowed by their directories' own
filters (``organisations.practice_filters`` / ``organisations.filters``), with
the same query-string names: ``activity``, ``target``, ``pref``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from cms.search.analysis import analyse_query, chunks, index_terms, query_terms
from cms.search.ranking import BM25
from cms.search.snippets import highlight, plain_text
from organisations.filters import ActiveFilter, DirectoryFilter
from organisations.models import (
    Organisation,
    OrganisationActivity,
    OrganisationTarget,
    PracticePage,
)
from organisations.practice_filters import PracticeFilter

MAX_RESULTS = 500
KINDS = {
    "page": _("ページ"),
    "practice": _("取組事例"),
    "organisation": _("会員団体"),
}


@dataclass
class Result:
    kind: str
    title: str
    url: str
    snippet: SafeString
    date: date | None = None

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
    from organisations import access
    from organisations.choices import OrganisationStatus

    if access.is_secretariat(user):
        return set()
    return set(
        PracticePage.objects.exclude(organisation__status=OrganisationStatus.ACTIVE).values_list(
            "pk", flat=True
        )
    )


def page_hits(request, query: str) -> list[Hit]:
    backend = get_search_backend()
    ranked = [
        page.pk for page in backend.search(query, Page.objects.live(), operator="or")[:MAX_RESULTS]
    ]
    if not ranked:
        return []
    readable = set(readable_pages(request).filter(pk__in=ranked).values_list("pk", flat=True))
    readable -= _hidden_practice_ids(request.user)
    practices = set(PracticePage.objects.filter(pk__in=readable).values_list("pk", flat=True))
    return [Hit("practice" if pk in practices else "page", pk) for pk in ranked if pk in readable]


ORGANISATION_FIELDS = ("name", "name_kana", "message", "description", "areas_municipalities")


def _organisation_text(organisation) -> str:
    parts = [getattr(organisation, field) or "" for field in ORGANISATION_FIELDS]
    parts.append(organisation.municipality or "")
    if organisation.prefecture_id:
        parts.append(str(organisation.prefecture))
    return "\n".join(parts)


def _organisation_terms(organisation) -> list[str]:
    key = f"search:organisation:{organisation.pk}:{organisation.updated_at.timestamp()}"
    terms = cache.get(key)
    if terms is None:
        terms = index_terms(organisation.name) * 2 + index_terms(_organisation_text(organisation))
        cache.set(key, terms, 60 * 60 * 24)
    return terms


def organisation_hits(query: str) -> list[Hit]:
    groups = analyse_query(query)
    if not groups:
        return []
    organisations = Organisation.objects.listed().select_related("prefecture")
    index = BM25({org.pk: _organisation_terms(org) for org in organisations})
    ranked = index.rank([[group.alternatives for group in chunk] for chunk in chunks(groups)])
    return [Hit("organisation", pk) for pk in ranked[:MAX_RESULTS]]


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
    hits = page_hits(request, query) + organisation_hits(query)
    matched = {name: [hit.pk for hit in hits if hit.kind == name] for name in FILTERED_KINDS}
    if filters is not None:
        hits = filters.narrow(hits)
    counts = {name: sum(1 for hit in hits if hit.kind == name) for name in KINDS}
    if kind in KINDS:
        hits = [hit for hit in hits if hit.kind == kind]
    return Found(hits, counts, matched)


def results(request, hits: list[Hit], query: str) -> list[Result]:
    """Load the objects of one page of hits and build their results."""
    terms = query_terms(query)
    page_ids = [hit.pk for hit in hits if hit.kind != "organisation"]
    pages = Page.objects.filter(pk__in=page_ids).specific().in_bulk()
    organisation_ids = [hit.pk for hit in hits if hit.kind == "organisation"]
    organisations = (
        Organisation.objects.listed().select_related("prefecture").in_bulk(organisation_ids)
    )
    out = []
    for hit in hits:
        if hit.kind == "organisation":
            organisation = organisations.get(hit.pk)
            if organisation is None:
                continue
            out.append(
                Result(
                    kind=hit.kind,
                    title=organisation.name,
                    url=organisation.get_absolute_url(),
                    snippet=highlight(_organisation_text(organisation), terms),
                )
            )
            continue
        page = pages.get(hit.pk)
        if page is None:
            continue
        published = page.last_published_at or page.first_published_at
        out.append(
            Result(
                kind=hit.kind,
                title=page.title,
                url=page.get_url(request),
                snippet=highlight(_page_text(page), terms),
                date=published.date() if published else None,
            )
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
