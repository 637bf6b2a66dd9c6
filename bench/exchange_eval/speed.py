"""Suggestions for one need at 5,000 open offers: the time of ``matching.suggest``.

    .venv/bin/python -m bench.exchange_eval.speed                       # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tsunagari_x \\
        .venv/bin/python -m bench.exchange_eval.speed                   # PostgreSQL
    .venv/bin/python -m bench.exchange_eval.speed --offers 1000         # quicker look

A throw-away database gets ``--offers`` open offers from 50 organisations,
made from the judged set's 60 offers (text, type, area, vocabularies) with a
sentence of the seeds added to each so no two are alike, and a few
responses on some. Then each of the judged set's 30 needs asks for its five
best offers: once to warm up, then ``--runs`` times; the figures are the
median and p95 over all timed calls (suggestions with their reasons, as the
need's page shows them). Target: p95 < 100 ms at 5,000 offers.

On PostgreSQL the bulk load leaves the planner without statistics until
autovacuum gets round to the new tables (a minute or more), and without them
it plans the matcher's query badly (over a second a call). The bench runs
ANALYZE after loading, as a real import should; ``--compare`` times the calls
before ANALYZE too, ``--explain`` prints the plan of one need's query.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time

from bench.exchange_eval.world import judged, listing, organisation, test_database


def seed_sentences():
    from bench.search_eval.corpus import SEEDS

    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = re.sub(r"\s+", "", path.read_text(encoding="utf-8"))
        found.extend(s + "。" for s in text.split("。") if 15 <= len(s) <= 120)
    return found


def make_offers(count, offers, sentences, organisations, rng):
    """``count`` open offers in bulk (no signals: terms and links written here)."""
    from exchange.matching import listing_terms
    from exchange.models import Listing, ListingTerm
    from organisations.models import ActivityType, TargetGroup

    targets = dict(TargetGroup.objects.values_list("name", "pk"))
    activities = dict(ActivityType.objects.values_list("name", "pk"))
    items = [dict(offers[number % len(offers)]) for number in range(count)]
    for item in items:
        item["description"] = f"{item['description']}{rng.choice(sentences)}"
    Listing.objects.bulk_create(
        Listing(
            kind="offer",
            resource_type=item["type"],
            title=item["title"],
            description=item["description"],
            area=item.get("area") or "",
            organisation=organisations[number % len(organisations)],
            status="open",
            audience="members",
        )
        for number, item in enumerate(items)
    )
    made = list(Listing.objects.filter(kind="offer").order_by("pk"))
    terms, target_links, activity_links = [], [], []
    for offer, item in zip(made, items, strict=True):
        for term, weight in listing_terms(item["title"], item["description"]).items():
            terms.append(ListingTerm(listing=offer, term=term, weight=weight))
        target_links += [
            Listing.target_groups.through(listing=offer, targetgroup_id=targets[name])
            for name in item.get("targets", [])
        ]
        activity_links += [
            Listing.activity_types.through(listing=offer, activitytype_id=activities[name])
            for name in item.get("activities", [])
        ]
    ListingTerm.objects.bulk_create(terms, batch_size=2000)
    Listing.target_groups.through.objects.bulk_create(target_links, batch_size=2000)
    Listing.activity_types.through.objects.bulk_create(activity_links, batch_size=2000)
    return made


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compare", action="store_true", help="time before ANALYZE too")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE one query")
    args = parser.parse_args()
    test_database()
    from django.db import connection

    from exchange.models import Thread

    rng = random.Random(19)
    needs, offers = judged()
    sentences = seed_sentences()
    organisations = [organisation(f"bench-{n}") for n in range(50)]
    started = time.perf_counter()
    made = make_offers(args.offers, offers, sentences, organisations, rng)
    for offer in rng.sample(made, len(made) // 10):
        Thread.objects.create(listing=offer, organisation=organisations[0], kind="can_help")
    seconds = time.perf_counter() - started
    print(f"{args.offers} offers made in {seconds:.0f} s ({connection.vendor})", flush=True)

    need_owner = organisation("bench-needs")
    bench_needs = [listing(item, "need", need_owner) for item in needs]
    if args.compare:
        report("before ANALYZE", time_calls(bench_needs, args.runs))
        if args.explain:
            explain(bench_needs[0])
    analyze()
    report("after ANALYZE" if args.compare else "", time_calls(bench_needs, args.runs))
    if args.explain:
        explain(bench_needs[0])


def analyze():
    """Give the planner statistics for the freshly loaded tables (PostgreSQL)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def time_calls(bench_needs, runs):
    from exchange.matching import suggest

    timings = []
    for need in bench_needs:
        suggest(need)
        for _run in range(runs):
            start = time.perf_counter()
            suggest(need)
            timings.append((time.perf_counter() - start) * 1000)
    return sorted(timings)


def report(label, timings):
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"suggest(){' ' + label if label else ''}: {len(timings)} calls, "
        f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms",
        flush=True,
    )


def explain(need):
    """The plan of the matcher's ranking query for ``need`` (PostgreSQL)."""
    from django.db import connection

    from exchange.matching import ranked_ids

    if connection.vendor != "postgresql":
        return
    seen = []

    def capture(execute, sql, params, many, context):
        if sql.startswith("WITH "):
            seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        ranked_ids(need)
    sql, params = seen[-1]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        print("\n".join(row[0] for row in cursor.fetchall()), flush=True)


if __name__ == "__main__":
    main()
