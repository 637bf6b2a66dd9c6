"""Page speed benchmark, following shared/PERFORMANCE.md.

    .venv/bin/python bench/run.py                 # SQLite, then PostgreSQL
    .venv/bin/python bench/run.py --db sqlite --duration 5 --runs 1   # quick look

For each database: build a fresh database with the demo content, start
gunicorn (2 sync workers, production settings, DEBUG off, whitenoise), warm up
5 s, then 3 runs of 20 s per page with ``wrk -t2 -c8``. Reports the median
req/s, p50, p99 and server CPU milliseconds per request (user + system time of
the gunicorn workers, and of PostgreSQL where used, from /proc), plus the SQL
queries per page counted warm with CaptureQueriesContext. Only 127.0.0.1 is
ever contacted. Results go to bench/results/<db>.json (not in git).
"""

import argparse
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGES = {
    "home": "/",
    "news index": "/news/",
    "news item": None,  # filled in from the database
    "report index": "/reports/",
    "event index": "/events/",
    "event": None,
    "404": "/no-such-page/",
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"),
        CELERY_BROKER_URL="redis://127.0.0.1:6379/11",
        EMAIL_URL="consolemail://",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        MEDIA_ROOT=str(ROOT / "bench" / "results" / "media"),
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(db, env):
    if db == "sqlite":
        path = Path(env["DATABASE_URL"].removeprefix("sqlite:///"))
        path.unlink(missing_ok=True)
    else:
        name = env["DATABASE_URL"].rsplit("/", 1)[1]
        for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.run(
                ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql], check=True
            )
    manage(env, "migrate", "-v0")
    manage(env, "load_demo", "--force", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    # Redis DB 12 is the benchmark's own cache: start cold and consistent.
    subprocess.run(["redis-cli", "-n", env["REDIS_URL"].rsplit("/", 1)[1], "flushdb"], check=True)


def detail_urls(env):
    script = (
        "from home.models import NewsPage; from events.models import EventPage;"
        "print(NewsPage.objects.live().order_by('-date').first().url);"
        "print(EventPage.objects.live().order_by('-start').first().url)"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return out[-2], out[-1]


def count_queries(env, pages):
    script = f"""
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
counts = {{}}
for name, url in {pages!r}.items():
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    counts[name] = [response.status_code, len(ctx.captured_queries)]
print("QUERIES" + json.dumps(counts))
"""
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.split("QUERIES", 1)[1])


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


def children(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def postgres_pids():
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip().startswith("postgres"):
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def parse_latency(text, label):
    match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not match:
        return None
    value, unit = float(match[1]), match[2]
    return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def wrk(url, seconds, measured_pids):
    before = cpu_ticks(measured_pids())
    result = subprocess.run(
        ["wrk", "-t2", "-c8", "--timeout", "10s", "--latency", f"-d{seconds}s", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    after = cpu_ticks(measured_pids())
    requests = int(re.search(r"(\d+) requests in", result)[1])
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result)
    return {
        "requests": requests,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", result)[1]),
        "p50_ms": parse_latency(result, "50"),
        "p99_ms": parse_latency(result, "99"),
        "non_2xx": int(non2xx[1]) if non2xx else 0,
        "cpu_ms_per_req": (after - before) * 1000 / CLOCK_TICKS / max(requests, 1),
    }


def measure_pages(db, env, pages, queries, args):
    """Serve the site with gunicorn and load each page with wrk; one row per page."""
    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "cms.wsgi:application",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.2)

        def measured_pids():
            pids = children(server.pid)
            return pids + postgres_pids() if db == "postgres" else pids

        rows = {}
        for name, path in pages.items():
            print(f"-- {name} {path}", flush=True)
            wrk(base + path, args.warmup, measured_pids)
            runs = [wrk(base + path, args.duration, measured_pids) for _ in range(args.runs)]
            rows[name] = {
                "path": path,
                "status": queries[name][0],
                "queries": queries[name][1],
                "rps": statistics.median(r["rps"] for r in runs),
                "p50_ms": statistics.median(r["p50_ms"] for r in runs),
                "p99_ms": statistics.median(r["p99_ms"] for r in runs),
                "cpu_ms_per_req": statistics.median(r["cpu_ms_per_req"] for r in runs),
                "non_2xx": sum(r["non_2xx"] for r in runs),
            }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    return rows


def bench_database(db, args):
    RESULTS.mkdir(parents=True, exist_ok=True)
    if db == "sqlite":
        url = f"sqlite:///{RESULTS / 'bench.sqlite3'}"
    else:
        url = "postgres://postgres@127.0.0.1:5432/tsunagari_bench"
    env = base_env(url)
    print(f"== {db}: preparing database with demo content", flush=True)
    prepare(db, env)
    pages = dict(PAGES)
    pages["news item"], pages["event"] = detail_urls(env)
    queries = count_queries(env, pages)

    rows = measure_pages(db, env, pages, queries, args)

    (RESULTS / f"{db}.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    print(f"\n{db}: median of {args.runs} × {args.duration}s, wrk -t2 -c8")
    print(f"{'page':<14}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms/req':>12}{'queries':>9}")
    for name, row in rows.items():
        print(
            f"{name:<14}{row['rps']:>8.1f}{row['p50_ms']:>9.1f}{row['p99_ms']:>9.1f}"
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
