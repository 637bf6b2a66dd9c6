"""The organisations' searchable kinds (``search.registry``): profiles and write-ups.

- organisation profiles: ``Organisation.objects.listed()`` (active members),
  matched on the fields their public profile shows (name, reading, message,
  introduction, areas: ``IndexedOrganisation``) — never on contact details or
  members-only fields;
- write-ups (PracticePage): as pages, and only while their organisation is an
  active member (the secretariat also sees the others, as on their pages).

Both can be narrowed by their directories' own filters
(``organisations.filters`` / ``organisations.practice_filters``), with the
same query-string names: ``activity``, ``target``, ``pref``.
"""

from django.utils.translation import gettext_lazy as _

from organisations import access as org_access
from organisations.choices import OrganisationStatus
from organisations.filters import ActiveFilter, DirectoryFilter
from organisations.models import (
    IndexedOrganisation,
    Organisation,
    OrganisationActivity,
    OrganisationTarget,
    PracticePage,
)
from organisations.practice_filters import PracticeFilter
from search.registry import IndexedKind, KindFilter, PageKind, Result, register
from search.snippets import highlight

FILTER_PARAMS = ("activity", "target", "pref")
FACET_TEMPLATE = "organisations/directory/includes/facet.html"


def search_chips(chooser, base_url):
    """A directory filter's chips, their links keeping the search's query and kind."""
    chips = []
    for chip in chooser.active_filters(""):
        rest = chip.remove_url.lstrip("?")
        chips.append(
            ActiveFilter(chip.facet_label, chip.label, f"{base_url}&{rest}" if rest else base_url)
        )
    return chips


# --- Organisation profiles ---------------------------------------------------------

ORGANISATION_FIELDS = ("name", "name_kana", "message", "description", "areas_municipalities")


def organisation_text(organisation) -> str:
    parts = [getattr(organisation, field) or "" for field in ORGANISATION_FIELDS]
    parts.append(organisation.municipality or "")
    if organisation.prefecture_id:
        parts.append(str(organisation.prefecture))
    return "\n".join(parts)


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


class OrganisationFilter(KindFilter):
    """The directory's activity / target / prefecture filters on organisation results."""

    params = FILTER_PARAMS
    facet_template = FACET_TEMPLATE

    def __init__(self, params):
        self.query = params
        self.chosen = DirectoryFilter(params)

    @property
    def is_filtered(self):
        return any(self.chosen.selected[name] for name in self.params)

    def narrow(self, ids):
        found = Organisation.objects.filter(pk__in=ids)
        return set(self.chosen.filter(found).values_list("pk", flat=True))

    def facets(self, matched):
        found = Organisation.objects.listed().filter(pk__in=matched)
        return FoundDirectoryFilter(self.query, found).facets()

    def active_filters(self, base_url):
        return search_chips(self.chosen, base_url)


@register
class OrganisationKind(IndexedKind):
    key = "organisation"
    label = _("会員団体")
    order = 30
    model = IndexedOrganisation
    filter_class = OrganisationFilter

    def readable(self, request):
        return Organisation.objects.listed()

    def results(self, request, ids, terms):
        organisations = Organisation.objects.listed().select_related("prefecture").in_bulk(ids)
        return {
            pk: Result(
                kind=self.key,
                title=organisation.name,
                url=organisation.get_absolute_url(),
                snippet=highlight(organisation_text(organisation), terms),
            )
            for pk, organisation in organisations.items()
        }


# --- Write-ups (取組事例) -------------------------------------------------------------
# One block: it moves with the write-ups to their own app.


class PracticeSearchFilter(KindFilter):
    """The write-up listing's activity / target / prefecture filters on write-up results."""

    params = FILTER_PARAMS
    facet_template = FACET_TEMPLATE

    def __init__(self, params):
        self.chosen = PracticeFilter(params)

    @property
    def is_filtered(self):
        return any(self.chosen.selected[name] for name in self.params)

    def narrow(self, ids):
        found = PracticePage.objects.filter(pk__in=ids)
        return set(self.chosen.filter(found).values_list("pk", flat=True))

    def facets(self, matched):
        found = PracticePage.objects.filter(pk__in=matched)
        return [facet for facet in self.chosen.facets(found) if facet.name in self.params]

    def active_filters(self, base_url):
        return search_chips(self.chosen, base_url)


@register
class PracticeKind(PageKind):
    key = "practice"
    label = _("取組事例")
    order = 20
    model = PracticePage
    filter_class = PracticeSearchFilter

    def hidden_ids(self, request):
        """Write-ups of organisations that are not active members, but for the secretariat."""
        if org_access.is_secretariat(request.user):
            return set()
        return set(
            PracticePage.objects.exclude(
                organisation__status=OrganisationStatus.ACTIVE
            ).values_list("pk", flat=True)
        )
