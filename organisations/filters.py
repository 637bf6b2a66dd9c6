"""The member directory's filters: reading the query string, filtering, facet counts.

The URL is the whole state, so a filtered list can be bookmarked and shared::

    /organisations/?activity=2&activity=5&target=4&pref=38&tier=steering
                   &legal_form=npo&main=1&q=みかん&page=2

- ``activity`` (ActivityType id), ``target`` (TargetGroup id), ``pref``
  (prefecture code, "38"), ``tier`` and ``legal_form`` (choice values) may
  each be given several times. Values of one facet are alternatives (OR);
  different facets must all match (AND).
- ``main=1`` counts only the activity types and target groups an organisation
  marked as main (★), both for filtering and for the counts.
- ``q`` filters by name or reading (NFKC-folded; hiragana also matches the
  katakana reading). Full-text search is a separate feature.
- Values that are not valid (unknown ids, other choices, text where a number
  belongs) are ignored, never an error.

Each facet's counts answer "how many organisations would match if I also
ticked this value": they apply every *other* facet's filter, the name filter
and the main-only switch, but not the facet's own selection. One grouped
``COUNT`` query per facet, whatever the number of values or organisations.

The counts and the vocabularies are the same for every visitor and cost most
of the page's time, so they are cached for ``CACHE_SECONDS``: the vocabularies
here (the taxonomy admin forgets them on every edit), the rendered facets in
the template, keyed on ``cache_key`` and the language. Counts may lag that long
behind an edit; the list of organisations itself is always read live, so a
suspended organisation leaves the list at once.
"""

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cms.text import normalise_text, to_katakana
from organisations.choices import LegalForm, Tier
from organisations.models import (
    ActivityType,
    Organisation,
    OrganisationActivity,
    OrganisationTarget,
    Prefecture,
    TargetGroup,
)

# A query string is typed by anyone: keep what it can make the database do small.
MAX_VALUES_PER_FACET = 30
MAX_TEXT_LENGTH = 100
CACHE_SECONDS = 60
VOCABULARY_CACHE_KEY = "organisations:directory:vocabulary"


@dataclass(frozen=True)
class Option:
    """One value of a facet, as the filter form shows it."""

    value: str
    label: str
    count: int
    selected: bool
    group: str = ""  # activity types are shown under their group's name


@dataclass
class Facet:
    name: str  # the query-string parameter
    label: str
    options: list[Option] = field(default_factory=list)

    @property
    def selected_options(self):
        return [option for option in self.options if option.selected]


@dataclass(frozen=True)
class ActiveFilter:
    """A chosen value, with the link that removes just that value."""

    facet_label: str
    label: str
    remove_url: str


class DirectoryFilter:
    """The directory's filters for one request (see the module docstring)."""

    FACETS = ("activity", "target", "pref", "tier", "legal_form")

    def __init__(self, params):
        # The vocabularies give the labels and tell valid values from others.
        self.activity_types, self.target_groups, self.prefectures = vocabularies()
        self._prefecture_by_code = {p.code: p for p in self.prefectures}

        self.labels = {
            "activity": {str(item.pk): item.name for item in self.activity_types},
            "target": {str(item.pk): item.name for item in self.target_groups},
            "pref": {p.code: p.name for p in self.prefectures},
            "tier": {value: str(label) for value, label in Tier.choices},
            "legal_form": {value: str(label) for value, label in LegalForm.choices},
        }
        self.selected = {name: self._clean_values(params, name) for name in self.FACETS}
        self.main_only = params.get("main") == "1"
        self.text = normalise_text(params.get("q", ""))[:MAX_TEXT_LENGTH]

    def _clean_values(self, params, name):
        """The valid values of one facet, each once, in the order given."""
        known = self.labels[name]
        values = []
        for raw in params.getlist(name)[: MAX_VALUES_PER_FACET * 2]:
            value = normalise_text(raw)
            if name in ("activity", "target"):
                value = value.lstrip("0") or value  # "05" is 5
            if value in known and value not in values:
                values.append(value)
        return values[:MAX_VALUES_PER_FACET]

    # --- State --------------------------------------------------------------

    @property
    def is_filtered(self):
        return bool(self.text or self.main_only or any(self.selected.values()))

    def querystring(self, *, without=None):
        """The canonical query string of the current filters ("" when none).

        ``without=(facet, value)`` leaves that one value out; ``("q", None)``
        or ``("main", None)`` leaves out the name filter or the main-only switch.
        """
        pairs = []
        if self.text and without != ("q", None):
            pairs.append(("q", self.text))
        for name in self.FACETS:
            pairs += [(name, value) for value in self.selected[name] if without != (name, value)]
        if self.main_only and without != ("main", None):
            pairs.append(("main", "1"))
        return f"?{urlencode(pairs)}" if pairs else ""

    def active_filters(self, base_url):
        """Every chosen value, each with a link that removes it (and resets the page)."""
        facet_labels = dict(self.facet_labels())
        chips = []
        if self.text:
            chips.append(
                ActiveFilter(
                    _("団体名"), self.text, base_url + self.querystring(without=("q", None))
                )
            )
        for name in self.FACETS:
            for value in self.selected[name]:
                chips.append(
                    ActiveFilter(
                        facet_labels[name],
                        self.labels[name][value],
                        base_url + self.querystring(without=(name, value)),
                    )
                )
        if self.main_only:
            chips.append(
                ActiveFilter(
                    _("取組の種類・対象"),
                    _("主な取組（★）のみ"),
                    base_url + self.querystring(without=("main", None)),
                )
            )
        return chips

    @staticmethod
    def facet_labels():
        return [
            ("activity", _("取組の種類")),
            ("target", _("取組の対象")),
            ("pref", _("所在地（都道府県）")),
            ("tier", _("会員区分")),
            ("legal_form", _("法人格")),
        ]

    # --- Filtering ----------------------------------------------------------

    def filter(self, queryset, *, skip=None):
        """``queryset`` narrowed by every filter except facet ``skip``."""
        if self.text:
            kana = to_katakana(self.text)
            queryset = queryset.filter(
                Q(name__icontains=self.text)
                | Q(name_kana__icontains=self.text)
                | Q(name_kana__icontains=kana)
            )
        selected = self.selected
        if selected["activity"] and skip != "activity":
            links = self._links(OrganisationActivity).filter(
                activity_type_id__in=[int(v) for v in selected["activity"]]
            )
            queryset = queryset.filter(Exists(links.filter(organisation=OuterRef("pk"))))
        if selected["target"] and skip != "target":
            links = self._links(OrganisationTarget).filter(
                target_group_id__in=[int(v) for v in selected["target"]]
            )
            queryset = queryset.filter(Exists(links.filter(organisation=OuterRef("pk"))))
        if selected["pref"] and skip != "pref":
            queryset = queryset.filter(
                prefecture_id__in=[self._prefecture_by_code[code].pk for code in selected["pref"]]
            )
        if selected["tier"] and skip != "tier":
            queryset = queryset.filter(tier__in=selected["tier"])
        if selected["legal_form"] and skip != "legal_form":
            queryset = queryset.filter(legal_form__in=selected["legal_form"])
        return queryset

    def _links(self, model):
        links = model.objects.all()
        return links.filter(is_main=True) if self.main_only else links

    # --- Facet counts -------------------------------------------------------

    def facets(self):
        """The five facets with a count per value (see ``counts``)."""
        counts = self.counts()
        groups = {str(item.pk): item.group.name for item in self.activity_types}
        facets = []
        for name, label in self.facet_labels():
            facet = Facet(name, label)
            for value, value_label in self.labels[name].items():
                count = counts[name].get(value, 0)
                selected = value in self.selected[name]
                # 47 prefectures and ten legal forms would bury the useful few:
                # list those that have members (or are chosen).
                if name in ("pref", "legal_form") and not (count or selected):
                    continue
                group = groups.get(value, "") if name == "activity" else ""
                facet.options.append(Option(value, value_label, count, selected, group))
            facets.append(facet)
        return facets

    @property
    def cache_key(self):
        """A short key for the current filters (for caching what depends only on them)."""
        state = repr(
            (self.text, self.main_only, [sorted(self.selected[name]) for name in self.FACETS])
        )
        return hashlib.sha256(state.encode()).hexdigest()[:32]

    def counts(self):
        """{facet: {value: count}} over the listed organisations: one query per facet."""
        listed = Organisation.objects.listed()
        return {
            "activity": self._link_counts(listed, OrganisationActivity, "activity_type_id"),
            "target": self._link_counts(listed, OrganisationTarget, "target_group_id"),
            "pref": self._field_counts(listed, "pref", "prefecture__code"),
            "tier": self._field_counts(listed, "tier", "tier"),
            "legal_form": self._field_counts(listed, "legal_form", "legal_form"),
        }

    def _link_counts(self, queryset, model, column):
        organisations = self.filter(queryset, skip=_facet_of(column)).values("pk")
        rows = (
            self._links(model)
            .filter(organisation__in=organisations)
            .order_by()
            .values_list(column)
            .annotate(n=Count("organisation_id"))
        )
        return {str(key): n for key, n in rows}

    def _field_counts(self, queryset, facet, column):
        rows = (
            self.filter(queryset, skip=facet).order_by().values_list(column).annotate(n=Count("pk"))
        )
        return dict(rows)


def vocabularies():
    """(activity types with their groups, target groups, prefectures), cached briefly."""
    cached = cache.get(VOCABULARY_CACHE_KEY)
    if cached is None:
        cached = (
            list(
                ActivityType.objects.select_related("group").order_by(
                    "group__sort_order", "group__pk", "sort_order", "pk"
                )
            ),
            list(TargetGroup.objects.order_by("sort_order", "pk")),
            list(Prefecture.objects.order_by("code")),
        )
        cache.set(VOCABULARY_CACHE_KEY, cached, CACHE_SECONDS)
    return cached


def _facet_of(column):
    return {"activity_type_id": "activity", "target_group_id": "target"}[column]
