"""Member directory benchmark, following shared/PERFORMANCE.md (not part of the test suite).

    .venv/bin/python bench/directory.py                 # SQLite, then PostgreSQL
    .venv/bin/python bench/directory.py --db sqlite --duration 5 --runs 1   # quick look

Builds a fresh database with the demo content (load_demo, which includes the
demo member organisations) plus 2,000 synthetic organisations
(``make_synthetic_organisations``), then measures with bench/run.py's own
tools — gunicorn with 2 sync workers and production settings, ``wrk -t2 -c8``,
server CPU from /proc, queries counted warm — four pages: the directory, a
filtered directory, page 50, and one organisation's profile (logo, photos,
★/☆ items), plus an unknown organisation's 404 as the site's floor.
Results go to bench/results/directory-<db>.json (not in git).

Uses its own database file / PostgreSQL database and Redis DB 13, so it can
run beside bench/run.py.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402 - after the path is set
    PYTHON,
    RESULTS,
    base_env,
    count_queries,
    measure_pages,
    prepare,
)

SYNTHETIC = 2000
PROFILE_SLUG = "mikan-no-ki"  # a demo organisation with a logo, two photos, ★ and ☆ items


def shell(env, script):
    return subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def add_organisations(env, n):
    out = shell(
        env,
        "from demo.synthetic import make_synthetic_organisations;"
        f"print('CREATED', make_synthetic_organisations({n}, prefix='bench'));"
        "from organisations.models import ActivityType;"
        "print('ACTIVITY', ActivityType.objects.get(name='居場所づくり').pk);"
        "from organisations.models import Organisation;"
        "print('LISTED', Organisation.objects.listed().count())",
    )
    values = dict(line.split(" ", 1) for line in out.splitlines() if line[:1].isupper())
    return int(values["ACTIVITY"]), int(values["LISTED"])


def bench_database(db, args):
    RESULTS.mkdir(parents=True, exist_ok=True)
    if db == "sqlite":
        url = f"sqlite:///{RESULTS / 'directory.sqlite3'}"
    else:
        url = "postgres://postgres@127.0.0.1:5432/tsunagari_bench_directory"
    env = base_env(url)
    env["REDIS_URL"] = os.environ.get("BENCH_DIRECTORY_REDIS_URL", "redis://127.0.0.1:6379/13")
    print(f"== {db}: preparing database with demo content", flush=True)
    prepare(db, env)
    print(f"== {db}: adding {SYNTHETIC} synthetic organisations", flush=True)
    activity, listed = add_organisations(env, SYNTHETIC)
    pages = {
        "directory": "/organisations/",
        "filtered": f"/organisations/?activity={activity}&pref=38&pref=37&tier=general",
        "page 50": "/organisations/?page=50",
        "profile": f"/organisations/{PROFILE_SLUG}/",
        "404 (floor)": "/organisations/no-such-organisation/",
    }
    queries = count_queries(env, pages)

    rows = measure_pages(db, env, pages, queries, args)

    (RESULTS / f"directory-{db}.json").write_text(
        json.dumps({"organisations_listed": listed, "pages": rows}, indent=2, ensure_ascii=False)
    )
    print(f"\n{db}: {listed} listed organisations")
    print(f"median of {args.runs} × {args.duration}s, wrk -t2 -c8")
    print(f"{'page':<12}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms/req':>12}{'queries':>9}")
    for name, row in rows.items():
        print(
            f"{name:<12}{row['rps']:>8.1f}{row['p50_ms']:>9.1f}{row['p99_ms']:>9.1f}"
            f"{row['cpu_ms_per_req']:>12.1f}{row['queries']:>9}"
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
