"""Site search speed: 10,000 documents of realistic Japanese text, 50 queries.

    .venv/bin/python -m bench.search_speed                          # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tsunagari_d \\
        .venv/bin/python -m bench.search_speed                      # PostgreSQL
    .venv/bin/python -m bench.search_speed --documents 1000         # quicker look
    .venv/bin/python -m bench.search_speed --profile view           # cProfile, top 30
    DATABASE_URL=… .venv/bin/python -m bench.search_speed --keep    # then --reuse: no rebuild
    .venv/bin/python -m bench.search_speed --reuse --redis          # kept as production keeps
    .venv/bin/python -m bench.search_speed --reuse --groups        # + per group of queries

With ``--keep`` on SQLite the test database is a file,
``bench/results/search_speed.sqlite3``, instead of memory.

A throw-away test database gets ``--documents`` documents made from the seeds'
sentences (``/work/shared/seeds/``; a title sentence and 8–20 body sentences
each, drawn with a fixed random seed): 80 % published ``StandardPage`` rows
under one section page, 10 % active organisations (description and message),
10 % forum posts (20 to a topic) in one public subcommittee's forum. They are
created with search updates off, then indexed with ``backend.add_bulk`` in
batches of 500 (analysis + index writes): indexing throughput in documents/s.

Queries: the first ten of each group of the evaluation set
(``bench/search_eval/queries.csv``: compounds, variants, multi-word, names,
English/romaji), each run once to warm up and then 5 times; median and p95
of the per-query medians, through

- ``backend``: what the search page asks the backend for one query — pages
  (``Page.objects.live()``) and every kind of ``search.indexed``, the
  first 500 ranked of each (``services.MAX_RESULTS``);
- ``view``: the whole ``/search/?q=…`` page with the test client, anonymous
  (permission filters, snippets, template).

Figures: ``bench/search_eval/README.md`` ("Speed"). At 10,000 documents,
"backend pks" (what the search page asks), ranked from the postings: SQLite
median 24 ms, p95 59 ms; PostgreSQL 24 / 71 ms (p95 41–72 ms over five runs).
Target p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import atexit
import cProfile
import os
import pstats
import random
import re
import statistics
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

BATCH = 500
# --redis: a database of the machine's Redis that nothing else uses.
BENCH_REDIS = "redis://127.0.0.1:6379/13"
# SQLite's test database for --keep and --reuse (bench/results/ is not in git).
KEPT_SQLITE = Path(__file__).resolve().parent / "results" / "search_speed.sqlite3"


def sentences() -> list[str]:
    from bench.search_eval.corpus import SEEDS

    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = re.sub(r"\s+", "", path.read_text(encoding="utf-8"))
        found.extend(s + "。" for s in text.split("。") if 15 <= len(s) <= 200)
    return found


JAPANESE_GROUPS = ("compound", "variants", "multi", "names")
# The resident languages' groups of queries.csv (issue 16), searched from
# their own language's page (``/vi/search/``): the first two of each.
RESIDENT_LANGUAGES = ("zh-hans", "ko", "vi", "tl", "pt-br", "es", "th", "ne", "id")


def queries() -> list[str]:
    """The 50 queries of the main figures: ten of each Japanese group, ten English."""
    from bench.search_eval.judge import load_queries

    chosen = []
    for group in (*JAPANESE_GROUPS, "english"):
        chosen += [q["query"] for q in load_queries() if q["group"] == group][:10]
    return chosen


def grouped_queries() -> dict[str, list[tuple[str, str]]]:
    """(language prefix, query) by group: Japanese, English, other languages."""
    from bench.search_eval.judge import load_queries

    rows = load_queries()

    def first(group, count):
        return [q["query"] for q in rows if q["group"] == group][:count]

    return {
        "Japanese": [("", query) for group in JAPANESE_GROUPS for query in first(group, 10)],
        "English": [("", query) for query in first("english", 10)],
        "other languages": [
            (f"/{code}", query) for code in RESIDENT_LANGUAGES for query in first(code, 2)
        ],
    }


def make_documents(count: int, rng: random.Random) -> None:
    """Pages, organisations and forum posts, without search updates."""
    from django.test.utils import override_settings

    from machina.core.db.models import get_model

    from home.models import HomePage, StandardPage
    from organisations.choices import LegalForm, OrganisationStatus
    from organisations.models import Organisation, Prefecture
    from subcommittees.models import Subcommittee

    pool = sentences()

    def text(low=8, high=20):
        return "".join(rng.choice(pool) for _ in range(rng.randint(low, high)))

    pages = count * 8 // 10
    organisations = count // 10
    posts = count - pages - organisations
    backends = {"default": {"BACKEND": "search.backends.database", "AUTO_UPDATE": False}}
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        # Under one section page, as an editor would file them: the home page's
        # own standard pages are listed in the site's footer on every request.
        home = HomePage.objects.get(depth=2)
        section = home.add_child(
            instance=StandardPage(title="ベンチ資料", slug="bench", intro="", body=[])
        )
        for number in range(pages):
            section.add_child(
                instance=StandardPage(
                    title=rng.choice(pool)[:60], slug=f"d{number}", intro=text(), body=[]
                )
            )
        prefectures = list(Prefecture.objects.all())
        Organisation.objects.bulk_create(
            Organisation(
                name=f"{rng.choice(pool)[:20]}{number}",
                name_kana="つながり",
                slug=f"o{number}",
                legal_form=LegalForm.NPO,
                status=OrganisationStatus.ACTIVE,
                representative="代表",
                prefecture=rng.choice(prefectures),
                municipality="八幡浜市",
                message=text(1, 2),
                description=text(),
            )
            for number in range(organisations)
        )
        forum_model = get_model("forum", "Forum")
        Topic = get_model("forum_conversation", "Topic")
        Post = get_model("forum_conversation", "Post")
        forum = forum_model.objects.create(name="ベンチ", type=forum_model.FORUM_POST)
        Subcommittee.objects.create(
            name="ベンチ分科会",
            slug="bench",
            theme="ベンチ",
            forum=forum,
            visibility=Subcommittee.Visibility.PUBLIC,
        )
        topic = None
        batch = []
        for number in range(posts):
            if number % 20 == 0:
                topic = Topic.objects.create(
                    forum=forum,
                    subject=rng.choice(pool)[:60],
                    type=Topic.TOPIC_POST,
                    status=Topic.TOPIC_UNLOCKED,
                    approved=True,
                )
            batch.append(
                Post(topic=topic, subject=rng.choice(pool)[:60], content=text(2, 6), approved=True)
            )
        Post.objects.bulk_create(batch)


def index_documents(backend) -> tuple[int, float]:
    from home.models import StandardPage
    from search.indexed import SEARCH_MODELS

    count = 0
    started = time.perf_counter()
    for model in (StandardPage, *SEARCH_MODELS.values()):
        objects = list(model.get_indexed_objects().order_by("pk"))
        for start in range(0, len(objects), BATCH):
            backend.add_bulk(model, objects[start : start + BATCH])
        count += len(objects)
    return count, time.perf_counter() - started


def backend_search(backend, query: str) -> None:
    from wagtail.models import Page

    from search.indexed import SEARCH_MODELS
    from search.services import MAX_RESULTS

    list(backend.search(query, Page.objects.live(), operator="or")[:MAX_RESULTS])
    for model in SEARCH_MODELS.values():
        list(backend.search(query, model.objects.all(), operator="or")[:MAX_RESULTS])


def backend_pks(backend, query: str) -> None:
    """As ``backend_search``, for pks only (``search.backends.ranked_pks``)."""
    from wagtail.models import Page

    from search.backends import ranked_pks
    from search.indexed import SEARCH_MODELS
    from search.services import MAX_RESULTS

    ranked_pks(backend.search(query, Page.objects.live(), operator="or")[:MAX_RESULTS])
    for model in SEARCH_MODELS.values():
        ranked_pks(backend.search(query, model.objects.all(), operator="or")[:MAX_RESULTS])


def use_redis(url: str) -> None:
    """Production's caches: the default cache in Redis, fragments and facts kept.

    The test settings keep nothing between requests (a local-memory cache,
    ``FRAGMENT_CACHE_ENABLED`` off), so each page rebuilds what production
    keeps under the page cache's version: the menus, which sections are
    closed, each page result's card. The search page itself is never kept.
    """
    from django.conf import settings
    from django.core.cache import caches
    from django.test.utils import override_settings

    # Through override_settings: Django's cache handler read CACHES at setup.
    override_settings(
        CACHES={
            **settings.CACHES,
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": url,
                "OPTIONS": settings.REDIS_CACHE_OPTIONS,
                "KEY_PREFIX": "bench",
            },
        },
        FRAGMENT_CACHE_ENABLED=True,
    ).enable()
    assert type(caches["default"]).__name__ == "RedisCache"
    caches["default"].clear()
    print(f"fragments and facts kept in {url}", flush=True)


def view_search(client, query: str, prefix: str = "") -> None:
    response = client.get(f"{prefix}/search/", {"q": query})
    assert response.status_code == 200, (prefix, query, response.status_code)


def timed(run, chosen: list[str]) -> list[float]:
    medians = []
    for query in chosen:
        run(query)
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            run(query)
            runs.append((time.perf_counter() - started) * 1000)
        medians.append(statistics.median(runs))
    return sorted(medians)


def report(name: str, medians: list[float]) -> None:
    p95 = medians[int(round(0.95 * (len(medians) - 1)))]
    print(
        f"{name} ({len(medians)} queries): median {statistics.median(medians):.1f} ms, "
        f"p95 {p95:.1f} ms, max {medians[-1]:.1f} ms",
        flush=True,
    )


def report_groups(client) -> None:
    """The view per group of queries, and each group's median against the Japanese one."""
    medians = {}
    for group, chosen in grouped_queries().items():
        by_query = {query: prefix for prefix, query in chosen}

        def run(query, prefixes=by_query):
            view_search(client, query, prefixes[query])

        times = timed(run, list(by_query))
        report(f"view, {group}", times)
        medians[group] = statistics.median(times)
    japanese = medians.pop("Japanese")
    for group, median in medians.items():
        print(f"view, {group} / Japanese (medians): {median / japanese:.2f}×", flush=True)


def main() -> None:
    import django

    django.setup()
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--profile", choices=["backend", "view", "index"])
    parser.add_argument("--no-view", action="store_true", help="time the backend only")
    parser.add_argument(
        "--groups",
        action="store_true",
        help="also time the view per group: Japanese, English, the other languages",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the test database (documents and index) for another run with --reuse",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the documents a --keep run left, without creating or indexing them",
    )
    parser.add_argument(
        "--redis",
        nargs="?",
        const=BENCH_REDIS,
        metavar="URL",
        help="keep fragments and facts in Redis as production does "
        f"(cms/page_cache.py; default {BENCH_REDIS}, emptied first)",
    )
    args = parser.parse_args()
    if args.redis:
        use_redis(args.redis)

    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from wagtail.models import Site
    from wagtail.search.backends import get_search_backend

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    profiler = cProfile.Profile() if args.profile else None
    if connection.vendor == "sqlite" and (args.keep or args.reuse):
        # SQLite's test database lives in memory: a file to keep it in instead.
        KEPT_SQLITE.parent.mkdir(exist_ok=True)
        connection.settings_dict["TEST"]["NAME"] = str(KEPT_SQLITE)
    if args.reuse:
        test_name = connection.creation._get_test_db_name()
        connection.close()
        connection.settings_dict["NAME"] = test_name
        print(f"{connection.vendor}: reusing {test_name}", flush=True)
    else:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        if not args.keep:
            atexit.register(connection.creation.destroy_test_db, old_name, verbosity=0)
        Site.objects.filter(is_default_site=True).update(hostname="testserver", port=80)
    # Chosen once the test database is there: modelsearch falls back to its
    # FTS-less backend when the SQLite database it looks at has no FTS table.
    backend = get_search_backend()
    if not args.reuse:
        started = time.perf_counter()
        make_documents(args.documents, random.Random(7))
        print(
            f"{connection.vendor}: {args.documents} documents created in "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )

        if args.profile == "index":
            profiler.enable()
        count, elapsed = index_documents(backend)
        print(
            f"indexing: {count / elapsed:.0f} documents/s ({count} in {elapsed:.0f} s)",
            flush=True,
        )
    if connection.vendor == "postgresql":
        # What autovacuum does on a running site soon after a bulk load (and
        # update_index after a rebuild): without statistics the planner takes a
        # match for one row and joins in a loop; without the visibility map the
        # postings' index-only scans read the table too.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    chosen = queries()
    client = Client()
    runs = [
        ("backend", lambda query: backend_search(backend, query)),
        ("backend pks", lambda query: backend_pks(backend, query)),
    ]
    if not args.no_view:
        runs.append(("view", lambda query: view_search(client, query)))
    for name, run in runs:
        if args.profile == name:
            profiler.enable()
        report(name, timed(run, chosen))
        if args.profile == name:
            profiler.disable()
    if args.groups and not args.no_view:
        report_groups(client)
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
