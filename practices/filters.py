"""The write-up index's filters (/practices/), on the directory's engine (organisations.filters).

The URL is the whole state::

    /practices/?activity=2&activity=5&target=4&pref=38&year=2024&main=1&page=2

- ``activity`` (ActivityType id), ``target`` (TargetGroup id), ``pref``
  (prefecture code of the write-up's 取組地域) and ``year`` (fiscal year) may
  each be given several times: values of one facet are alternatives (OR),
  different facets must all match (AND).
- ``main=1`` matches only activity types and target groups a write-up marks
  as main (★), for filtering and counts; without it ★ and ☆ both match.
- Unknown values are ignored, never an error.

Counts are those of ``organisations.filters``: each facet's count applies
every other facet's filter but not its own selection; one grouped COUNT per
facet. The vocabularies come from the directory's short cache.
"""

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cms.dates import fiscal_year_label
from organisations.filters import FacetedFilter
from practices.models import PracticeActivity, PracticePage, PracticeTarget

MIN_YEAR, MAX_YEAR = 2000, 2100


def year_label(year):
    """The fiscal year in the reader's language: "令和6年度（2024年度）", "FY2024 (Reiwa 6)"."""
    return fiscal_year_label(int(year))


class PracticeFilter(FacetedFilter):
    FACETS = ("activity", "target", "pref", "year")
    SPARSE_FACETS = ("pref", "year")
    LINKS = {
        "activity": (PracticeActivity, "activity_type_id"),
        "target": (PracticeTarget, "target_group_id"),
    }
    OWNER = "page"

    def clean_value(self, name, value):
        if name in ("activity", "target", "year") and value.isdecimal() and len(value) <= 20:
            # Any script's decimal digits, leading zeros dropped: "２０２４" → "2024".
            # (isdigit() would also pass digits int() refuses, e.g. "𐩀".)
            value = str(int(value))
        if name == "year":
            valid = value.isdecimal() and len(value) <= 4 and MIN_YEAR <= int(value) <= MAX_YEAR
            return value if valid else None
        return super().clean_value(name, value)

    def label_of(self, name, value):
        return year_label(value) if name == "year" else self.labels[name][value]

    @staticmethod
    def facet_labels():
        return [
            ("activity", _("取組の種類")),
            ("target", _("取組の対象")),
            ("pref", _("取組地域（都道府県）")),
            ("year", _("実施年度")),
        ]

    # --- Filtering ----------------------------------------------------------

    def filter_facet(self, queryset, name, values):
        if name == "pref":
            areas = PracticePage.areas_prefectures.through.objects.filter(
                prefecture_id__in=[self._prefecture_by_code[c].pk for c in values],
                practicepage=OuterRef("pk"),
            )
            return queryset.filter(Exists(areas))
        if name == "year":
            return queryset.filter(year__in=[int(v) for v in values])
        return super().filter_facet(queryset, name, values)

    # --- Facet counts -------------------------------------------------------

    def counts(self, listed):
        """{facet: {value: count}} over ``listed`` write-ups: one query per facet."""
        pages = {name: self.filter(listed, skip=name).values("pk") for name in self.FACETS}
        pref = (
            PracticePage.areas_prefectures.through.objects.filter(practicepage__in=pages["pref"])
            .order_by()
            .values_list("prefecture__code")
            .annotate(n=Count("practicepage_id"))
        )
        year = (
            PracticePage.objects.filter(pk__in=pages["year"])
            .order_by()
            .values_list("year")
            .annotate(n=Count("pk"))
        )
        return {
            "activity": self._count_links(PracticeActivity, "activity_type_id", pages["activity"]),
            "target": self._count_links(PracticeTarget, "target_group_id", pages["target"]),
            "pref": dict(pref),
            "year": {str(k): n for k, n in year},
        }

    def option_labels(self, counts):
        """The years that have write-ups (or are chosen), newest first."""
        years = sorted(set(counts["year"]) | set(self.selected["year"]), key=int, reverse=True)
        return {**self.labels, "year": {y: year_label(y) for y in years}}
