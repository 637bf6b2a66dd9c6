"""Search speed: 10,000 documents of realistic Japanese text, 50 queries.

    .venv/bin/python -m bench.search_eval.speed                     # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_h \\
        .venv/bin/python -m bench.search_eval.speed                 # PostgreSQL
    .venv/bin/python -m bench.search_eval.speed --documents 1000    # quicker look

Documents are made at run time from the seeds' sentences (a title sentence
and 8–20 body sentences each, drawn with a fixed random seed) and stored as
``StandardPage`` rows of a throw-away test database, with search updates off
while they are created. Then:

- indexing throughput: ``backend.add_bulk`` in batches of 500 (analysis +
  index writes), documents per second;
- query time: the first ten queries of each group of the evaluation set (50),
  each run once to warm up and then 5 times; median and p95 of the per-query
  medians, for the first page of results (``[:20]``) as the search page asks.
"""

from __future__ import annotations

import argparse
import atexit
import os
import random
import re
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")


def sentences() -> list[str]:
    from bench.search_eval.corpus import SEEDS

    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = re.sub(r"\s+", "", path.read_text(encoding="utf-8"))
        found.extend(s + "。" for s in text.split("。") if 15 <= len(s) <= 200)
    return found


def main() -> None:
    import django

    django.setup()
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    args = parser.parse_args()

    from django.db import connection
    from django.test.utils import override_settings, setup_test_environment

    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from bench.search_eval.judge import load_queries
    from home.models import StandardPage

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    atexit.register(connection.creation.destroy_test_db, old_name, verbosity=0)

    pool = sentences()
    rng = random.Random(7)
    root = Page.get_first_root_node()
    started = time.perf_counter()
    backends = {"default": {"BACKEND": "cms.search.backends.database", "AUTO_UPDATE": False}}
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        for number in range(args.documents):
            body = "".join(rng.choice(pool) for _ in range(rng.randint(8, 20)))
            root.add_child(
                instance=StandardPage(
                    title=rng.choice(pool)[:60], slug=f"d{number}", intro=body, body=[]
                )
            )
    created = time.perf_counter() - started
    print(f"{connection.vendor}: {args.documents} pages created in {created:.0f} s")

    backend = get_search_backend()
    pages = list(StandardPage.objects.order_by("pk"))
    chars = sum(len(page.title) + len(page.intro) for page in pages)
    started = time.perf_counter()
    for start in range(0, len(pages), 500):
        backend.add_bulk(StandardPage, pages[start : start + 500])
    indexing = time.perf_counter() - started
    print(
        f"indexing: {len(pages) / indexing:.0f} documents/s "
        f"({chars / indexing / 1000:.0f} k characters/s, {indexing:.0f} s)"
    )

    queries = []
    for group in ("compound", "variants", "multi", "names", "english"):
        queries += [q["query"] for q in load_queries() if q["group"] == group][:10]
    medians = []
    for query in queries:
        list(backend.search(query, StandardPage, operator="or")[:20])
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            list(backend.search(query, StandardPage, operator="or")[:20])
            runs.append((time.perf_counter() - started) * 1000)
        medians.append(statistics.median(runs))
    medians.sort()
    p95 = medians[int(round(0.95 * (len(medians) - 1)))]
    print(
        f"queries ({len(queries)}): median {statistics.median(medians):.1f} ms, "
        f"p95 {p95:.1f} ms, max {medians[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
