"""The write-ups' searchable kind (``search.registry``).

Write-ups (PracticePage) are found as pages, and only while their organisation
is an active member (the secretariat also sees the others, as on their pages).
They can be narrowed by the write-up listing's own filters
(``practices.filters``), with the directory's query-string names.
"""

from django.utils.translation import gettext_lazy as _

from organisations import access as org_access
from organisations.choices import OrganisationStatus
from organisations.search_kinds import FACET_TEMPLATE, FILTER_PARAMS, search_chips
from practices.filters import PracticeFilter
from practices.models import PracticePage
from search.registry import KindFilter, PageKind, register


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
