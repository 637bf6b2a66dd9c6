"""相談窓口 finder benchmark, following shared/PERFORMANCE.md (not part of the test suite).

    .venv/bin/python bench/support_bench.py                 # SQLite, then PostgreSQL
    .venv/bin/python bench/support_bench.py --db sqlite --duration 5 --runs 1   # quick look

Builds a fresh database with the demo content (load_demo: 46 windows) plus
2,000 synthetic windows (``demo.synthetic.make_synthetic_windows``), then
measures with bench/run.py's own tools (gunicorn with 2 sync workers and
production settings, ``wrk -t2 -c8``, server CPU from /proc, queries counted
warm) the finder unfiltered, with filters, with "open now" (alone and with a
language), nearest first, a late page and one window's page, beside the
uncached home page, at the real moment (at night only the 24-hour
windows are open: the query is the same). Issue 17 asks for the finder's CPU per request within
1.5× of the home page's. No page cache is in front of either (the finder
says max-age=60 to caches outside the site). Results go to
bench/results/support-<db>.json (not in git).
"""

import argparse
import json
import os
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.directory import shell  # noqa: E402 - after the path is set
from bench.run import (  # noqa: E402
    RESULTS,
    base_env,
    count_queries,
    measure_pages,
    prepare,
)

SYNTHETIC = 2000
MATSUYAMA = quote("松山市")


def bench_database(db, args):
    RESULTS.mkdir(parents=True, exist_ok=True)
    if db == "sqlite":
        url = f"sqlite:///{RESULTS / 'support.sqlite3'}"
    else:
        url = "postgres://postgres@127.0.0.1:5432/tsunagari_bench_support"
    env = base_env(url)
    env["REDIS_URL"] = os.environ.get("BENCH_SUPPORT_REDIS_URL", "redis://127.0.0.1:6379/14")
    print(f"== {db}: preparing database with demo content", flush=True)
    prepare(db, env)
    print(f"== {db}: adding {SYNTHETIC} synthetic windows", flush=True)
    out = shell(
        env,
        "from demo.synthetic import make_synthetic_windows;"
        f"print('CREATED', make_synthetic_windows({SYNTHETIC}, prefix='bench'));"
        "from support.models import Window;"
        "print('PUBLISHED', Window.objects.published().count())",
    )
    published = int(
        dict(line.split(" ", 1) for line in out.splitlines() if line[:1].isupper())["PUBLISHED"]
    )
    pages = {
        "home (uncached)": "/",
        "finder": "/support/",
        "filtered": f"/support/?trouble=lonely&area={MATSUYAMA}&lang=ja&free=on",
        "open now": "/support/?open=now",
        "open now + vi": "/support/?open=now&lang=vi",
        "nearest first": "/support/?lat=33.84&lng=132.77",
        "page 50": "/support/?page=50",
        "window": "/support/bench-window-7/",
    }
    queries = count_queries(env, pages)
    rows = measure_pages(db, env, pages, queries, args)
    home = rows["home (uncached)"]["cpu_ms_per_req"]
    for row in rows.values():
        row["cpu_vs_home"] = round(row["cpu_ms_per_req"] / home, 2) if home else None

    (RESULTS / f"support-{db}.json").write_text(
        json.dumps({"windows_published": published, "pages": rows}, indent=2, ensure_ascii=False)
    )
    print(f"\n{db}: {published} published windows")
    print(f"median of {args.runs} × {args.duration}s, wrk -t2 -c8")
    print(
        f"{'page':<16}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms/req':>12}"
        f"{'× home':>8}{'queries':>9}"
    )
    for name, row in rows.items():
        print(
            f"{name:<16}{row['rps']:>8.1f}{row['p50_ms']:>9.1f}{row['p99_ms']:>9.1f}"
            f"{row['cpu_ms_per_req']:>12.1f}{row['cpu_vs_home']:>8.2f}{row['queries']:>9}"
        )
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        bench_database(db, args)


if __name__ == "__main__":
    main()
