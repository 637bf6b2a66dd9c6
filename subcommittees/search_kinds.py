"""The subcommittees' searchable kinds (``search.registry``): subcommittees and meeting records.

- subcommittees: the active ones /subcommittees/ lists to the viewer; one the
  viewer may not read (a members-only subcommittee shown as a teaser) is
  matched and shown by its name and theme only, as its teaser page;
- meeting records: those the subcommittee's pages show the viewer
  (``subcommittees.access.readable_meetings``, for every subcommittee at once).
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed
from django.utils.translation import gettext_lazy as _

from organisations import access as org_access
from search.analysis import analyse_query, chunks, index_terms
from search.ranking import BM25
from search.registry import IndexedKind, Result, register
from search.snippets import highlight
from subcommittees import access as sub_access
from subcommittees.models import (
    IndexedMeetingRecord,
    IndexedSubcommittee,
    MeetingRecord,
    Subcommittee,
    SubcommitteeMembership,
)


def _teaser_ids(user, ids) -> set[int]:
    """Of ``ids``, the subcommittees the viewer may discover but not read."""
    if not ids:
        return set()
    readable = sub_access.readable_subcommittees(user).filter(pk__in=ids)
    return set(ids) - set(readable.values_list("pk", flat=True))


def _query_chunks(query: str):
    return [[group.alternatives for group in chunk] for chunk in chunks(analyse_query(query))]


@register
class SubcommitteeKind(IndexedKind):
    key = "subcommittee"
    label = _("分科会")
    order = 40
    model = IndexedSubcommittee

    def readable(self, request):
        return sub_access.discoverable_subcommittees(request.user).filter(is_active=True)

    def hits(self, request, query, search):
        """Active subcommittees listed to the viewer; teasers must match on name or theme."""
        hits = super().hits(request, query, search)
        teasers = _teaser_ids(request.user, hits)
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
        return [pk for pk in hits if pk not in teasers or pk in named]

    def results(self, request, ids, terms):
        teasers = _teaser_ids(request.user, ids)
        out = {}
        for pk, subcommittee in Subcommittee.objects.in_bulk(ids).items():
            text = subcommittee.theme
            if pk not in teasers:  # a teaser shows its name and theme only
                text = f"{text}\n{subcommittee.description}\n{subcommittee.municipalities}"
            out[pk] = Result(
                kind=self.key,
                title=subcommittee.name,
                url=subcommittee.get_absolute_url(),
                snippet=highlight(text, terms),
            )
        return out

    def connect(self, schedule):
        """A subcommittee shows its prefectures: re-index it when they change."""

        def prefectures_changed(sender, instance, action, reverse, pk_set, **kwargs):
            if not action.startswith("post_"):
                return
            if reverse:  # prefecture.subcommittees.add(...)
                schedule(Subcommittee, pk_set or [])
            else:
                schedule(Subcommittee, [instance.pk])

        m2m_changed.connect(
            prefectures_changed,
            sender=Subcommittee.prefectures.through,
            weak=False,
            dispatch_uid="search-subcommittee-prefectures",
        )


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


@register
class MeetingKind(IndexedKind):
    key = "meeting"
    label = _("会議記録")
    order = 50
    model = IndexedMeetingRecord

    def readable(self, request):
        return readable_meetings(request.user)

    def results(self, request, ids, terms):
        meetings = MeetingRecord.objects.select_related("subcommittee").in_bulk(ids)
        return {
            pk: Result(
                kind=self.key,
                title=meeting.title,
                url=meeting.get_absolute_url(),
                snippet=highlight(f"{meeting.agenda}\n{meeting.minutes}", terms),
                date=meeting.date,
                context=meeting.subcommittee.name,
            )
            for pk, meeting in meetings.items()
        }
