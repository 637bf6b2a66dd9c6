"""The organisations' searchable kind (``search.registry``): their profiles.

Organisation profiles are ``Organisation.objects.listed()`` (active members),
matched on the fields their public profile shows (name, reading, message,
introduction, areas: ``IndexedOrganisation``) — never on contact details or
members-only fields. They can be narrowed by the directory's own filters
(``organisations.filters``), with its query-string names: ``activity``,
``target``, ``pref``; the write-up kind (``practices.search_kinds``) shares
those names and the chips below.
"""

from django.utils.translation import gettext_lazy as _

from organisations.filters import ActiveFilter, DirectoryFilter
from organisations.models import (
    IndexedOrganisation,
    Organisation,
    OrganisationActivity,
    OrganisationTarget,
)
from reports import services as report_services
from search.registry import IndexedKind, KindFilter, Result, register
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
        organisations = (
            Organisation.objects.listed()
            .select_related("prefecture")
            .annotate(hidden_after_reports=report_services.hidden_flag("organisation"))
            .in_bulk(ids)
        )
        for organisation in organisations.values():
            if organisation.hidden_after_reports:  # what reports hid stays out of snippets
                organisation.message = organisation.description = ""
        return {
            pk: Result(
                kind=self.key,
                title=organisation.name,
                url=organisation.get_absolute_url(),
                snippet=highlight(organisation_text(organisation), terms),
            )
            for pk, organisation in organisations.items()
        }
