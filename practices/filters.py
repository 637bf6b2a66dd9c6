"""The write-up index's filters (/practices/): the directory's approach, for pages.

The URL is the whole state::

    /practices/?activity=2&activity=5&target=4&pref=38&year=2024&main=1&page=2

- ``activity`` (ActivityType id), ``target`` (TargetGroup id), ``pref``
  (prefecture code of the write-up's 取組地域) and ``year`` (fiscal year) may
  each be given several times: values of one facet are alternatives (OR),
  different facets must all match (AND).
- ``main=1`` matches only activity types and target groups a write-up marks
  as main (★), for filtering and counts; without it ★ and ☆ both match.
- Unknown values are ignored, never an error.

Counts follow ``organisations.filters``: each facet's count applies every
other facet's filter but not its own selection; one grouped COUNT per facet.
The vocabularies come from the directory's short cache.
"""

import hashlib
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cms.dates import fiscal_year_label
from cms.text import normalise_text
from organisations.filters import MAX_VALUES_PER_FACET, ActiveFilter, Facet, Option, vocabularies
from practices.models import PracticeActivity, PracticePage, PracticeTarget

MIN_YEAR, MAX_YEAR = 2000, 2100


def year_label(year):
    """The fiscal year in the reader's language: "令和6年度（2024年度）", "FY2024 (Reiwa 6)"."""
    return fiscal_year_label(int(year))


class PracticeFilter:
    FACETS = ("activity", "target", "pref", "year")

    def __init__(self, params):
        self.activity_types, self.target_groups, self.prefectures = vocabularies()
        self._prefecture_by_code = {p.code: p for p in self.prefectures}
        self.labels = {
            "activity": {str(item.pk): item.name for item in self.activity_types},
            "target": {str(item.pk): item.name for item in self.target_groups},
            "pref": {p.code: p.name for p in self.prefectures},
        }
        self.selected = {name: self._clean_values(params, name) for name in self.FACETS}
        self.main_only = params.get("main") == "1"

    def _clean_values(self, params, name):
        values = []
        for raw in params.getlist(name)[: MAX_VALUES_PER_FACET * 2]:
            value = normalise_text(raw)
            if name in ("activity", "target", "year") and value.isdecimal() and len(value) <= 20:
                # Any script's decimal digits, leading zeros dropped: "２０２４" → "2024".
                # (isdigit() would also pass digits int() refuses, e.g. "𐩀".)
                value = str(int(value))
            if name == "year":
                valid = value.isdecimal() and len(value) <= 4 and MIN_YEAR <= int(value) <= MAX_YEAR
            else:
                valid = value in self.labels[name]
            if valid and value not in values:
                values.append(value)
        return values[:MAX_VALUES_PER_FACET]

    def label_of(self, name, value):
        return year_label(value) if name == "year" else self.labels[name][value]

    # --- State --------------------------------------------------------------

    @property
    def is_filtered(self):
        return self.main_only or any(self.selected.values())

    def querystring(self, *, without=None):
        pairs = []
        for name in self.FACETS:
            pairs += [(name, value) for value in self.selected[name] if without != (name, value)]
        if self.main_only and without != ("main", None):
            pairs.append(("main", "1"))
        return f"?{urlencode(pairs)}" if pairs else ""

    @staticmethod
    def facet_labels():
        return [
            ("activity", _("取組の種類")),
            ("target", _("取組の対象")),
            ("pref", _("取組地域（都道府県）")),
            ("year", _("実施年度")),
        ]

    def active_filters(self, base_url):
        facet_labels = dict(self.facet_labels())
        chips = [
            ActiveFilter(
                facet_labels[name],
                self.label_of(name, value),
                base_url + self.querystring(without=(name, value)),
            )
            for name in self.FACETS
            for value in self.selected[name]
        ]
        if self.main_only:
            chips.append(
                ActiveFilter(
                    _("取組の種類・対象"),
                    _("主な取組（★）のみ"),
                    base_url + self.querystring(without=("main", None)),
                )
            )
        return chips

    @property
    def cache_key(self):
        state = repr((self.main_only, [sorted(self.selected[name]) for name in self.FACETS]))
        return hashlib.sha256(state.encode()).hexdigest()[:32]

    # --- Filtering ----------------------------------------------------------

    def _links(self, model):
        links = model.objects.all()
        return links.filter(is_main=True) if self.main_only else links

    def filter(self, queryset, *, skip=None):
        selected = self.selected
        if selected["activity"] and skip != "activity":
            links = self._links(PracticeActivity).filter(
                activity_type_id__in=[int(v) for v in selected["activity"]]
            )
            queryset = queryset.filter(Exists(links.filter(page=OuterRef("pk"))))
        if selected["target"] and skip != "target":
            links = self._links(PracticeTarget).filter(
                target_group_id__in=[int(v) for v in selected["target"]]
            )
            queryset = queryset.filter(Exists(links.filter(page=OuterRef("pk"))))
        if selected["pref"] and skip != "pref":
            areas = PracticePage.areas_prefectures.through.objects.filter(
                prefecture_id__in=[self._prefecture_by_code[c].pk for c in selected["pref"]],
                practicepage=OuterRef("pk"),
            )
            queryset = queryset.filter(Exists(areas))
        if selected["year"] and skip != "year":
            queryset = queryset.filter(year__in=[int(v) for v in selected["year"]])
        return queryset

    # --- Facet counts -------------------------------------------------------

    def counts(self, listed):
        """{facet: {value: count}} over ``listed`` write-ups: one query per facet."""
        pages = {name: self.filter(listed, skip=name).values("pk") for name in self.FACETS}
        activity = (
            self._links(PracticeActivity)
            .filter(page__in=pages["activity"])
            .order_by()
            .values_list("activity_type_id")
            .annotate(n=Count("page_id", distinct=True))
        )
        target = (
            self._links(PracticeTarget)
            .filter(page__in=pages["target"])
            .order_by()
            .values_list("target_group_id")
            .annotate(n=Count("page_id", distinct=True))
        )
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
            "activity": {str(k): n for k, n in activity},
            "target": {str(k): n for k, n in target},
            "pref": dict(pref),
            "year": {str(k): n for k, n in year},
        }

    def facets(self, listed):
        counts = self.counts(listed)
        groups = {str(item.pk): item.group.name for item in self.activity_types}
        years = sorted(set(counts["year"]) | set(self.selected["year"]), key=int, reverse=True)
        labels = {**self.labels, "year": {y: year_label(y) for y in years}}
        facets = []
        for name, label in self.facet_labels():
            facet = Facet(name, label)
            for value, value_label in labels[name].items():
                count = counts[name].get(value, 0)
                selected = value in self.selected[name]
                if name in ("pref", "year") and not (count or selected):
                    continue
                group = groups.get(value, "") if name == "activity" else ""
                facet.options.append(Option(value, value_label, count, selected, group))
            facets.append(facet)
        return facets
