"""Where an uncached page spends its time: queries and a cProfile summary.

    .venv/bin/python bench/profile_pages.py                 # every page of bench/run.py
    .venv/bin/python bench/profile_pages.py home "news item" --top 30 --member

Uses bench/run.py's database (run it once first, or ``--prepare``) with the
production settings and the page cache off, renders each page warm through
Django's test client ``--repeat`` times under cProfile, and prints the
queries of one request (``--sql`` lists them) and the functions with the most
cumulative time. Nothing listens on a port.
"""

import argparse
import cProfile
import os
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # bench/run.py, beside this file


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="names from bench/run.py's PAGES")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", help="cumulative, tottime …")
    parser.add_argument("--sql", action="store_true", help="print each query")
    parser.add_argument("--match", help="only functions whose file:line(name) matches this regex")
    parser.add_argument("--member", action="store_true", help="signed in as a demo member")
    parser.add_argument("--prepare", action="store_true", help="build the database first")
    parser.add_argument(
        "--cache",
        action="store_true",
        help="page cache and fragments on, as bench/run.py's member mode (Redis)",
    )
    args = parser.parse_args()

    env = run.base_env(run.database_url(args.db))
    env["PAGE_CACHE_ENABLED"] = "true" if args.cache else "false"
    if args.prepare:
        run.prepare(args.db, env)
    details = run.detail_urls(env)
    os.environ.update(env)
    sys.path.insert(0, str(run.ROOT))

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    if args.member:
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.get(pk=details["member"]))
    names = args.pages or list(run.PAGES)
    for name in names:
        url = run.PAGES[name] or details[name]
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        print(f"\n=== {name} {url}: {response.status_code}, {len(queries)} queries")
        if args.sql:
            for query in queries.captured_queries:
                print(f"    {float(query['time']) * 1000:6.2f} ms", query["sql"][:300])
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            client.get(url)
        profiler.disable()
        stats = pstats.Stats(profiler)
        print(f"    {stats.total_tt * 1000 / args.repeat:.1f} ms per request (profiled)")
        restrictions = [args.match, args.top] if args.match else [args.top]
        stats.sort_stats(args.sort).print_stats(*restrictions)


if __name__ == "__main__":
    main()
