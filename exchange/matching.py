"""Suggestions: the offers that fit a need best, and the needs an offer fits.

Strict filters first (the references' way: mutual-aid tools, timebanks,
volunteer platforms): the other kind, open, not ended, overlapping periods,
another active member organisation. Then one query scores what is left, in
the database:

- text closeness: the listing's analysed terms (``search.analysis``, the
  site search's Japanese analysis: こども/子ども/子供 are one term) against
  each candidate's ``ListingTerm`` rows, weighted by how rare each term is
  among the candidates (BM25's idf), normalised to 0–1;
- the same type (a room for a room), the same area (for what must be at
  hand: people, a place, goods), shared target groups and activity types;
- a dampening for candidates that already have many responses, which
  spreads connections over more listings (VolunteerMatch's finding).

Each suggestion says why it was made (``Suggestion.reasons``):
「同じ地域：西条市」, 「対象：こども・若者」.

The weights were tuned on the tuning half of bench/exchange_eval/ only.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from search.analysis import index_terms
from search.postings import weighted
from search.ranking import idf

from .choices import Kind, ResourceType, Status
from .models import Listing, ListingTerm, Thread

# Types whose things must be at hand: the area counts for them.
LOCAL_TYPES = {ResourceType.PEOPLE, ResourceType.PLACE, ResourceType.GOODS, ResourceType.OTHER}
WEIGHTS = {
    "text": 1.0,
    "type": 0.25,
    "area_local": 0.35,
    "area_remote": 0.1,
    "area_mismatch_local": 0.35,
    "targets": 0.25,
    "activities": 0.3,
    "damping": 0.15,  # per response already received
}
# A suggestion this strong goes into the daily digest.
STRONG = 0.6
MAX_QUERY_TERMS = 40


# --- Terms ---------------------------------------------------------------------


def listing_terms(title: str, description: str) -> dict[str, float]:
    """{term: weight}: log-scaled frequencies (title counted more), unit length."""
    counts, _length = weighted(index_terms(title), index_terms(description))
    weights = {term: 1 + math.log(tf) for term, tf in counts.items() if len(term) <= 100}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {term: w / norm for term, w in weights.items()}


def store_terms(listing) -> None:
    ListingTerm.objects.filter(listing=listing).delete()
    ListingTerm.objects.bulk_create(
        ListingTerm(listing=listing, term=term, weight=weight)
        for term, weight in listing_terms(listing.title, listing.description).items()
    )


# --- Suggestions ---------------------------------------------------------------


@dataclass
class Suggestion:
    listing: Listing
    score: float
    reasons: list[str] = field(default_factory=list)


def candidates_for(listing, today=None):
    """The strict filters: what may be suggested for ``listing`` at all."""
    today = today or timezone.localdate()
    start = max(today, listing.starts_on) if listing.starts_on else today
    queryset = (
        Listing.objects.open_on(start)
        .filter(kind=Kind(listing.kind).opposite)
        .exclude(organisation_id=listing.organisation_id)
    )
    if listing.ends_on:
        queryset = queryset.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=listing.ends_on))
    return queryset


def _query_weights(listing, opposite) -> dict[str, float]:
    """The listing's terms weighted by their idf among open listings of the other kind."""
    mine = dict(ListingTerm.objects.filter(listing=listing).values_list("term", "weight"))
    if not mine:
        return {}
    open_other = Listing.objects.filter(kind=opposite, status=Status.OPEN)
    total = open_other.count()
    found = dict(
        ListingTerm.objects.filter(term__in=list(mine), listing__in=open_other)
        .values("term")
        .annotate(n=Count("pk"))
        .values_list("term", "n")
    )
    weights = {
        term: weight * idf(total, found[term]) ** 2
        for term, weight in mine.items()
        if found.get(term)
    }
    best = sorted(weights, key=weights.get, reverse=True)[:MAX_QUERY_TERMS]
    return {term: weights[term] for term in best}


def _overlap(through, column, ids):
    """How many of ``ids`` a candidate has in its ``through`` table (a subquery)."""
    return Coalesce(
        Subquery(
            through.objects.filter(listing_id=OuterRef("pk"), **{f"{column}__in": ids})
            .values("listing_id")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def scored(listing, queryset=None, today=None):
    """The candidates of ``listing`` annotated with ``match_score``, best first."""
    opposite = Kind(listing.kind).opposite
    queryset = candidates_for(listing, today) if queryset is None else queryset
    weights = _query_weights(listing, opposite)
    best_text = sum(w * w for w in weights.values()) ** 0.5 or 1.0
    # ListingTerm weights are unit-length: the sum is at most |q|; scale to 0–1.
    if weights:
        text = Coalesce(
            Subquery(
                ListingTerm.objects.filter(listing_id=OuterRef("pk"), term__in=list(weights))
                .annotate(
                    q=Case(
                        *(When(term=t, then=Value(w / best_text)) for t, w in weights.items()),
                        default=Value(0.0),
                        output_field=FloatField(),
                    )
                )
                .values("listing_id")
                .annotate(s=Sum(F("weight") * F("q"), output_field=FloatField()))
                .values("s")[:1],
                output_field=FloatField(),
            ),
            Value(0.0),
        )
    else:
        text = Value(0.0)

    local = listing.resource_type in LOCAL_TYPES
    if listing.area:
        area = Case(
            When(area=listing.area, then=Value(WEIGHTS["area_local" if local else "area_remote"])),
            When(area="", then=Value(WEIGHTS["area_remote"])),
            default=Value(-WEIGHTS["area_mismatch_local"] if local else 0.0),
            output_field=FloatField(),
        )
    else:
        area = Value(WEIGHTS["area_remote"] / 2)

    targets = list(listing.target_groups.values_list("pk", flat=True))
    activities = list(listing.activity_types.values_list("pk", flat=True))
    score = (
        Value(WEIGHTS["text"]) * text
        + Case(
            When(resource_type=listing.resource_type, then=Value(WEIGHTS["type"])),
            default=Value(0.0),
            output_field=FloatField(),
        )
        + area
    )
    if targets:
        score = score + Value(WEIGHTS["targets"] / len(targets)) * _overlap(
            Listing.target_groups.through, "targetgroup_id", targets
        )
    if activities:
        score = score + Value(WEIGHTS["activities"] / len(activities)) * _overlap(
            Listing.activity_types.through, "activitytype_id", activities
        )
    responses = Coalesce(
        Subquery(
            Thread.objects.filter(listing_id=OuterRef("pk"))
            .values("listing_id")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )
    final = score / (Value(1.0) + Value(WEIGHTS["damping"]) * responses)
    return (
        queryset.annotate(match_score=final)
        .order_by("-match_score", "-pk")
        .select_related("organisation")
    ), weights


def suggest(listing, *, limit=5, queryset=None, today=None) -> list[Suggestion]:
    """The best ``limit`` candidates for ``listing``, each with why."""
    ranked, weights = scored(listing, queryset, today)
    found = list(ranked[:limit])
    if not found:
        return []
    return [
        Suggestion(listing=other, score=other.match_score, reasons=reasons)
        for other, reasons in zip(found, _reasons(listing, found, weights), strict=True)
    ]


def _reasons(listing, found, weights):
    """Why each of ``found`` was suggested, in words (a few queries for all of them)."""
    ids = [other.pk for other in found]
    mine_targets = {group.pk: group.name for group in listing.target_groups.all()}
    mine_activities = {item.pk: item.name for item in listing.activity_types.all()}
    targets_of: dict[int, list[str]] = {pk: [] for pk in ids}
    for row in Listing.target_groups.through.objects.filter(
        listing_id__in=ids, targetgroup_id__in=list(mine_targets)
    ).order_by("targetgroup__sort_order", "targetgroup_id"):
        targets_of[row.listing_id].append(mine_targets[row.targetgroup_id])
    activities_of: dict[int, list[str]] = {pk: [] for pk in ids}
    for row in Listing.activity_types.through.objects.filter(
        listing_id__in=ids, activitytype_id__in=list(mine_activities)
    ).order_by("activitytype__sort_order", "activitytype_id"):
        activities_of[row.listing_id].append(mine_activities[row.activitytype_id])
    words_of: dict[int, Counter] = {pk: Counter() for pk in ids}
    for listing_id, term, weight in ListingTerm.objects.filter(
        listing_id__in=ids, term__in=list(weights)
    ).values_list("listing_id", "term", "weight"):
        words_of[listing_id][term] = weight * weights[term]

    for other in found:
        reasons = []
        if listing.area and other.area == listing.area:
            reasons.append(_("同じ地域：%(area)s") % {"area": listing.area})
        elif not other.area:
            reasons.append(_("地域：県内全域"))
        if other.resource_type == listing.resource_type:
            reasons.append(_("同じ種類：%(type)s") % {"type": other.get_resource_type_display()})
        if targets_of[other.pk]:
            reasons.append(_("対象：%(names)s") % {"names": "、".join(targets_of[other.pk])})
        if activities_of[other.pk]:
            reasons.append(_("取組：%(names)s") % {"names": "、".join(activities_of[other.pk])})
        # Single characters (月, 人) say nothing to a reader.
        words = [term for term, _w in words_of[other.pk].most_common() if len(term) > 1][:3]
        if words:
            reasons.append(_("共通することば：%(words)s") % {"words": "、".join(words)})
        yield reasons
