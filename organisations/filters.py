"""Faceted filters: one engine (FacetedFilter) for the member directory
(DirectoryFilter, below) and the write-up index (practices.filters).

The URL is the whole state, so a filtered list can be bookmarked and shared.
A filter reads its facets from the query string (each may be given several
times: values of one facet are alternatives, OR; different facets must all
match, AND), plus ``main=1`` (only what is marked main, ★) and, where a list
has one, a text parameter. Values that are not valid are ignored, never an
error, and a query string can ask for little: at most
``MAX_VALUES_PER_FACET`` values a facet.

Each facet's counts answer "how many would match if I also ticked this
value": they apply every *other* facet's filter, the text filter and the
main-only switch, but not the facet's own selection; one grouped ``COUNT``
query per facet, whatever the number of values.

The counts and the vocabularies are the same for every visitor and cost most
of the page's time, so they are cached for ``CACHE_SECONDS``: the vocabularies
here (the taxonomy admin forgets them on every edit), the rendered facets in
the template, keyed on ``cache_key`` and the language. Counts may lag that long
behind an edit; the list itself is always read live, so a suspended
organisation leaves it at once.

A subclass says which facets it has (``FACETS``, ``facet_labels``), which of
them list only values that have a count (``SPARSE_FACETS``), which are links
to the shared vocabularies (``LINKS``, through ``OWNER``), how any other facet
narrows a queryset (``filter_facet``) and how facets are counted (``counts``).

Why not django-filter's ``FilterSet``: it validates the query string as a
form, so one unknown value drops the whole field from ``cleaned_data`` (its
valid values too), where these lists keep the valid values and ignore the
rest; and it has no counts that leave out a facet's own selection. What it
would add is the form, which these templates render themselves.
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


class FacetedFilter:
    """The filters of one list for one request (see the module docstring)."""

    FACETS: tuple[str, ...] = ()
    SPARSE_FACETS: tuple[str, ...] = ()  # many values, few in use: list those with a count
    LINKS: dict = {}  # facet → (link model, vocabulary column), e.g. ★/☆ activity links
    OWNER = ""  # the link model's field that points at the listed object
    TEXT_LABEL = None  # the chip label of the text filter, if the list has one

    text = ""

    def __init__(self, params):
        # The vocabularies give the labels and tell valid values from others.
        self.activity_types, self.target_groups, self.prefectures = vocabularies()
        self._prefecture_by_code = {p.code: p for p in self.prefectures}
        self.labels = {
            "activity": {str(item.pk): item.translated_name for item in self.activity_types},
            "target": {str(item.pk): item.translated_name for item in self.target_groups},
            "pref": {p.code: p.name for p in self.prefectures},
            **self.extra_labels(),
        }
        self.selected = {name: self._clean_values(params, name) for name in self.FACETS}
        self.main_only = params.get("main") == "1"

    def extra_labels(self):
        """{facet: {value: label}} of the facets beyond the shared vocabularies."""
        return {}

    def _clean_values(self, params, name):
        """The valid values of one facet, each once, in the order given."""
        values = []
        for raw in params.getlist(name)[: MAX_VALUES_PER_FACET * 2]:
            value = self.clean_value(name, normalise_text(raw))
            if value is not None and value not in values:
                values.append(value)
        return values[:MAX_VALUES_PER_FACET]

    def clean_value(self, name, value):
        """The canonical form of one (normalised) value, or None if it is not valid."""
        return value if value in self.labels[name] else None

    def label_of(self, name, value):
        return self.labels[name][value]

    @staticmethod
    def facet_labels():
        """[(facet, label)], in the order the form shows them."""
        raise NotImplementedError

    # --- State --------------------------------------------------------------

    @property
    def is_filtered(self):
        return bool(self.text or self.main_only or any(self.selected.values()))

    def querystring(self, *, without=None):
        """The canonical query string of the current filters ("" when none).

        ``without=(facet, value)`` leaves that one value out; ``("q", None)``
        or ``("main", None)`` leaves out the text filter or the main-only switch.
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
                    self.TEXT_LABEL, self.text, base_url + self.querystring(without=("q", None))
                )
            )
        for name in self.FACETS:
            for value in self.selected[name]:
                chips.append(
                    ActiveFilter(
                        facet_labels[name],
                        self.label_of(name, value),
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

    def cache_state(self):
        return (self.main_only, [sorted(self.selected[name]) for name in self.FACETS])

    @property
    def cache_key(self):
        """A short key for the current filters (for caching what depends only on them)."""
        return hashlib.sha256(repr(self.cache_state()).encode()).hexdigest()[:32]

    # --- Filtering ----------------------------------------------------------

    def filter(self, queryset, *, skip=None):
        """``queryset`` narrowed by every filter except facet ``skip``."""
        queryset = self.filter_text(queryset)
        for name in self.FACETS:
            if self.selected[name] and skip != name:
                queryset = self.filter_facet(queryset, name, self.selected[name])
        return queryset

    def filter_text(self, queryset):
        return queryset

    def filter_facet(self, queryset, name, values):
        """``queryset`` narrowed to the chosen ``values`` of facet ``name`` (a LINKS facet here)."""
        model, column = self.LINKS[name]
        links = self._links(model).filter(**{f"{column}__in": [int(v) for v in values]})
        return queryset.filter(Exists(links.filter(**{self.OWNER: OuterRef("pk")})))

    def _links(self, model):
        links = model.objects.all()
        return links.filter(is_main=True) if self.main_only else links

    # --- Facet counts -------------------------------------------------------

    def counts(self, *args):
        """{facet: {value: count}}: one query per facet."""
        raise NotImplementedError

    def _count_links(self, model, column, owners):
        """{vocabulary id: number of ``owners``} over ``model``'s links (★ only with main=1)."""
        rows = (
            self._links(model)
            .filter(**{f"{self.OWNER}__in": owners})
            .order_by()
            .values_list(column)
            .annotate(n=Count(f"{self.OWNER}_id", distinct=True))
        )
        return {str(key): n for key, n in rows}

    def _field_counts(self, queryset, facet, column):
        rows = (
            self.filter(queryset, skip=facet).order_by().values_list(column).annotate(n=Count("pk"))
        )
        return dict(rows)

    def option_labels(self, counts):
        """{facet: {value: label}} of the options to list, in order."""
        return self.labels

    def facets(self, *args):
        """Every facet with a count per value (``args`` go to ``counts``)."""
        counts = self.counts(*args)
        labels = self.option_labels(counts)
        groups = {str(item.pk): item.group.translated_name for item in self.activity_types}
        facets = []
        for name, label in self.facet_labels():
            facet = Facet(name, label)
            for value, value_label in labels[name].items():
                count = counts[name].get(value, 0)
                selected = value in self.selected[name]
                if name in self.SPARSE_FACETS and not (count or selected):
                    continue
                group = groups.get(value, "") if name == "activity" else ""
                facet.options.append(Option(value, value_label, count, selected, group))
            facets.append(facet)
        return facets


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


class DirectoryFilter(FacetedFilter):
    """The member directory's filters (/organisations/).

    ::

        /organisations/?activity=2&activity=5&target=4&pref=38&tier=steering
                       &legal_form=npo&main=1&q=みかん&page=2

    ``activity`` (ActivityType id), ``target`` (TargetGroup id), ``pref``
    (prefecture code of the organisation's address, "38"), ``tier`` and
    ``legal_form`` (choice values); ``q`` filters by name or reading
    (NFKC-folded; hiragana also matches the katakana reading). Full-text
    search is a separate feature.
    """

    FACETS = ("activity", "target", "pref", "tier", "legal_form")
    SPARSE_FACETS = ("pref", "legal_form")  # 47 prefectures, ten legal forms
    LINKS = {
        "activity": (OrganisationActivity, "activity_type_id"),
        "target": (OrganisationTarget, "target_group_id"),
    }
    OWNER = "organisation"
    TEXT_LABEL = _("団体名")

    def __init__(self, params):
        super().__init__(params)
        self.text = normalise_text(params.get("q", ""))[:MAX_TEXT_LENGTH]

    def extra_labels(self):
        return {
            "tier": {value: str(label) for value, label in Tier.choices},
            "legal_form": {value: str(label) for value, label in LegalForm.choices},
        }

    def clean_value(self, name, value):
        if name in ("activity", "target"):
            value = value.lstrip("0") or value  # "05" is 5
        return super().clean_value(name, value)

    @staticmethod
    def facet_labels():
        return [
            ("activity", _("取組の種類")),
            ("target", _("取組の対象")),
            ("pref", _("所在地（都道府県）")),
            ("tier", _("会員区分")),
            ("legal_form", _("法人格")),
        ]

    def cache_state(self):
        return (self.text, *super().cache_state())

    # --- Filtering ----------------------------------------------------------

    def filter_text(self, queryset):
        if not self.text:
            return queryset
        kana = to_katakana(self.text)
        return queryset.filter(
            Q(name__icontains=self.text)
            | Q(name_kana__icontains=self.text)
            | Q(name_kana__icontains=kana)
        )

    def filter_facet(self, queryset, name, values):
        if name == "pref":
            return queryset.filter(
                prefecture_id__in=[self._prefecture_by_code[code].pk for code in values]
            )
        if name in ("tier", "legal_form"):
            return queryset.filter(**{f"{name}__in": values})
        return super().filter_facet(queryset, name, values)

    # --- Facet counts -------------------------------------------------------

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
        return self._count_links(model, column, organisations)


def _facet_of(column):
    return {"activity_type_id": "activity", "target_group_id": "target"}[column]
