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

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from search.analysis import index_terms
from search.postings import weighted
from search.ranking import idf

from .choices import Kind, ResourceType
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
MAX_QUERY_TERMS = 12


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
    """The listing's terms weighted by their rarity (BM25's idf) among all listings.

    Document frequencies are counted over every listing's terms, read from
    the term index alone (no join): counting only open listings of the
    other kind cost five times as much and ranked the judged set the same.
    """
    mine = dict(ListingTerm.objects.filter(listing=listing).values_list("term", "weight"))
    if not mine:
        return {}
    total = Listing.objects.count()
    found = dict(
        ListingTerm.objects.filter(term__in=list(mine))
        .values("term")
        .annotate(n=Count("listing_id"))
        .values_list("term", "n")
    )
    weights = {
        term: weight * idf(total, found[term]) ** 2
        for term, weight in mine.items()
        # A term of this listing alone matches nothing.
        if found.get(term, 0) > 1
    }
    best = sorted(weights, key=weights.get, reverse=True)[:MAX_QUERY_TERMS]
    return {term: weights[term] for term in best}


FLOAT = "DOUBLE PRECISION"


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def ranked_ids(listing, queryset=None, today=None, limit=5):
    """[(pk, score)] of the best ``limit`` candidates of ``listing``, from one SQL query.

    Each signal is a small grouped aggregate read through an index (the
    postings of the listing's own terms, the vocabulary links of its own
    target groups and activity types, the threads), joined to the
    candidates' ids; only the top ``limit`` rows come back to Python.
    """
    opposite = Kind(listing.kind).opposite
    queryset = candidates_for(listing, today) if queryset is None else queryset
    weights = _query_weights(listing, opposite)
    try:
        candidates_sql, candidates_params = (
            queryset.order_by().values("id", "resource_type", "area").query.sql_with_params()
        )
    except EmptyResultSet:
        return [], weights
    targets = list(listing.target_groups.values_list("pk", flat=True))
    activities = list(listing.activity_types.values_list("pk", flat=True))
    local = listing.resource_type in LOCAL_TYPES
    params: list = []
    ctes = []

    if weights:
        best = sum(w * w for w in weights.values()) ** 0.5 or 1.0
        values = ", ".join([f"(%s, CAST(%s AS {FLOAT}))"] * len(weights))
        for term, weight in weights.items():
            params += [term, weight / best]
        ctes.append(
            f"q (term, w) AS (VALUES {values}), "
            f"txt AS (SELECT t.listing_id AS id, SUM(t.weight * q.w) AS s "
            f"FROM q JOIN {_table(ListingTerm)} t ON t.term = q.term GROUP BY t.listing_id)"
        )
    else:
        ctes.append("txt AS (SELECT CAST(NULL AS BIGINT) AS id, 0.0 AS s WHERE 1 = 0)")
    for name, through, column, ids in (
        ("tg", Listing.target_groups.through, "targetgroup_id", targets),
        ("ac", Listing.activity_types.through, "activitytype_id", activities),
    ):
        if ids:
            marks = ", ".join(["%s"] * len(ids))
            ctes.append(
                f"{name} AS (SELECT listing_id AS id, COUNT(*) AS n FROM {_table(through)} "
                f"WHERE {column} IN ({marks}) GROUP BY listing_id)"
            )
            params += ids
        else:
            ctes.append(f"{name} AS (SELECT CAST(NULL AS BIGINT) AS id, 0 AS n WHERE 1 = 0)")
    ctes.append(
        f"th AS (SELECT listing_id AS id, COUNT(*) AS n FROM {_table(Thread)} GROUP BY listing_id)"
    )

    # Numbers are the code's own constants, written into the SQL (typed the
    # same on SQLite and PostgreSQL); what a member typed is a bound parameter.
    def number(value):
        return repr(float(value))

    if listing.area:
        near = WEIGHTS["area_local" if local else "area_remote"]
        far = -WEIGHTS["area_mismatch_local"] if local else 0.0
        area_sql = (
            f"CASE WHEN c.area = %s THEN {number(near)} "
            f"WHEN c.area = '' THEN {number(WEIGHTS['area_remote'])} ELSE {number(far)} END"
        )
        area_params = [listing.area]
    else:
        area_sql, area_params = number(WEIGHTS["area_remote"] / 2), []
    per_target = WEIGHTS["targets"] / len(targets) if targets else 0.0
    per_activity = WEIGHTS["activities"] / len(activities) if activities else 0.0
    score = (
        f"({number(WEIGHTS['text'])} * COALESCE(txt.s, 0.0) "
        f"+ CASE WHEN c.resource_type = %s THEN {number(WEIGHTS['type'])} ELSE 0.0 END "
        f"+ {area_sql} "
        f"+ {number(per_target)} * COALESCE(tg.n, 0) "
        f"+ {number(per_activity)} * COALESCE(ac.n, 0)) "
        f"/ (1.0 + {number(WEIGHTS['damping'])} * COALESCE(th.n, 0))"
    )
    score_params = [listing.resource_type, *area_params]
    sql = (
        f"WITH {', '.join(ctes)} "
        f"SELECT c.id, {score} AS score FROM ({candidates_sql}) c "
        f"LEFT JOIN txt ON txt.id = c.id LEFT JOIN tg ON tg.id = c.id "
        f"LEFT JOIN ac ON ac.id = c.id LEFT JOIN th ON th.id = c.id "
        f"ORDER BY score DESC, c.id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *score_params, *candidates_params, limit])
        return [(pk, float(value)) for pk, value in cursor.fetchall()], weights


def suggest(listing, *, limit=5, queryset=None, today=None) -> list[Suggestion]:
    """The best ``limit`` candidates for ``listing``, each with why."""
    ranked, weights = ranked_ids(listing, queryset, today, limit)
    if not ranked:
        return []
    found = Listing.objects.select_related("organisation").in_bulk([pk for pk, _ in ranked])
    others = [found[pk] for pk, _score in ranked]
    return [
        Suggestion(listing=other, score=score, reasons=reasons)
        for other, (_pk, score), reasons in zip(
            others, ranked, _reasons(listing, others, weights), strict=True
        )
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
