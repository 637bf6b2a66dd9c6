"""Page speed benchmark, following shared/PERFORMANCE.md.

    .venv/bin/python bench/run.py                 # SQLite, then PostgreSQL
    .venv/bin/python bench/run.py --db sqlite --duration 5 --runs 1   # quick look

For each database: build a fresh database with the demo content, then for
each of three modes start gunicorn (2 sync workers, production settings,
DEBUG off, whitenoise), warm up 5 s, then 3 runs of 20 s per page with
``wrk -t2 -c8``. The modes:

* ``cached``: anonymous, with the page cache (cms/page_cache.py);
* ``uncached``: anonymous, the page cache off (``PAGE_CACHE_ENABLED=false``),
  what the first visitor after a change gets;
* ``member``: signed in as a demo member (session and CSRF cookies), page cache on.

Reports the median req/s, p50, p99 and server CPU milliseconds per request
(user + system time of the gunicorn workers, and of PostgreSQL where used,
from /proc), each page's CPU beside ours ÷ the 404 floor of the same mode (so
a run on a busy machine still compares), plus the SQL queries per page
counted warm with CaptureQueriesContext. Only 127.0.0.1 is ever contacted.
Each run is kept as bench/results/<db>-<UTC time>.json (not in git).
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
# The pages of issue 21's table; None: found in the database (detail_urls).
PAGES = {
    "home": "/",
    "news index": "/news/",
    "news item": None,
    "search 見守り": "/search/?q=%E8%A6%8B%E5%AE%88%E3%82%8A",
    "search en": "/en/search/?q=loneliness",
    "404": "/no-such-page/",
    "write-ups": None,
    "one write-up": None,
    "directory": "/organisations/",
    "profile": None,
    "forum index": "/forum/",
    "forum topic": None,
    "/en/ home": "/en/",
    "event": None,
}
MODES = ("cached", "uncached", "member")
FLOOR = "404"


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
    RESULTS.mkdir(exist_ok=True)
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


def shell(env, script):
    """Run ``script`` in manage.py shell; its stdout."""
    return subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


DETAILS_SCRIPT = """
import json
from home.models import NewsPage
from events.models import EventPage
from practices.models import PracticeIndexPage, PracticePage
from organisations.models import Organisation, Membership
from machina.apps.forum_conversation.models import Topic
from django.urls import reverse
def japanese(model):
    return model.objects.live().public().filter(locale__language_code="ja")
topic = Topic.objects.filter(approved=True).select_related("forum").order_by("pk").first()
member = Membership.objects.filter(user__is_active=True).order_by("pk").first()
organisation = Organisation.objects.listed().order_by("pk").first()
topic_url = "/forum/"
if topic:
    topic_url = reverse("forum_conversation:topic", kwargs={
        "forum_slug": topic.forum.slug, "forum_pk": topic.forum.pk,
        "slug": topic.slug, "pk": topic.pk})
print("DETAILS" + json.dumps({
    "news item": japanese(NewsPage).order_by("-date").first().url,
    "event": japanese(EventPage).order_by("-start").first().url,
    "write-ups": japanese(PracticeIndexPage).first().url,
    "one write-up": japanese(PracticePage).order_by("pk").first().url,
    "profile": organisation.get_absolute_url(),
    "forum topic": topic_url,
    "member": member.user.pk,
}))
"""


def detail_urls(env):
    """The detail pages' URLs and a demo member's account id, from the database."""
    return json.loads(shell(env, DETAILS_SCRIPT).split("DETAILS", 1)[1])


def member_session(env, user_pk):
    """The demo member's cookies, as their browser holds them after one page.

    Besides the session, a browser keeps the CSRF cookie the first page with
    a form set; without it, every request would mint and set a new one.
    """
    script = f"""
from django.contrib.auth import get_user_model
from django.test import Client
c = Client(HTTP_HOST="127.0.0.1")
c.force_login(get_user_model().objects.get(pk={int(user_pk)}))
c.get("/accounts/name/")
print("SESSION" + "; ".join(f"{{k}}={{c.cookies[k].value}}" for k in ("sessionid", "csrftoken")))
"""
    return shell(env, script).split("SESSION", 1)[1].strip()


def count_queries(env, pages, session=None):
    """{page: [status, queries]} for a warm second request (the page cache's too)."""
    script = f"""
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
for pair in {session!r}.split("; ") if {session!r} else ():
    name, value = pair.split("=", 1)
    client.cookies[name] = value
counts = {{}}
for name, url in {pages!r}.items():
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    counts[name] = [response.status_code, len(ctx.captured_queries)]
print("QUERIES" + json.dumps(counts))
"""
    return json.loads(shell(env, script).split("QUERIES", 1)[1])


def cpu_ticks(pids):
    """User + system ticks of the processes, and of their children that have ended.

    A PostgreSQL backend or autovacuum worker that exits during a run would
    take its ticks out of a plain sum (the reading went negative); once reaped,
    they are in its parent's cutime + cstime, which the postmaster's row adds.
    """
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        # utime, stime, cutime, cstime: fields 14-17 of proc(5), counted from the state.
        total += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
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


def wrk(url, seconds, measured_pids, headers=()):
    before = cpu_ticks(measured_pids())
    header_args = [arg for header in headers for arg in ("-H", header)]
    result = subprocess.run(
        ["wrk", "-t2", "-c8", "--timeout", "10s", "--latency", f"-d{seconds}s", *header_args, url],
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


def start_server(env):
    """gunicorn as the protocol says, on a free loopback port: (process, base URL)."""
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
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310 - loopback
            break
        except OSError:
            time.sleep(0.2)
    return server, base


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def measure_pages(db, env, pages, queries, args, headers=()):
    """Serve the site with gunicorn and load each page with wrk; one row per page."""
    server, base = start_server(env)
    try:

        def measured_pids():
            pids = children(server.pid)
            return pids + postgres_pids() if db == "postgres" else pids

        rows = {}
        for name, path in pages.items():
            print(f"-- {name} {path}", flush=True)
            wrk(base + path, args.warmup, measured_pids, headers)
            runs = [
                wrk(base + path, args.duration, measured_pids, headers) for _ in range(args.runs)
            ]
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
        stop_server(server)
    return rows


def database_url(db):
    if db == "sqlite":
        return f"sqlite:///{RESULTS / 'bench.sqlite3'}"
    return "postgres://postgres@127.0.0.1:5432/tsunagari_bench"


def print_table(db, args, results):
    print(f"\n{db}: median of {args.runs} × {args.duration}s, wrk -t2 -c8")
    print("CPU ms/req (queries) and ÷ the 404 floor of the same mode")
    print(f"{'page':<16}" + "".join(f"{mode:>26}" for mode in results))
    names = next(iter(results.values())).keys()
    for name in names:
        cells = []
        for rows in results.values():
            row, floor = rows[name], rows[FLOOR]["cpu_ms_per_req"] or 1
            cpu = row["cpu_ms_per_req"]
            cells.append(
                f"{cpu:6.1f} ({row['queries']:>2}) ×{cpu / floor:4.2f} {row['p99_ms']:6.0f}ms"
            )
        print(f"{name:<16}" + "".join(f"{cell:>26}" for cell in cells))
    print("(each cell: CPU ms/req (queries) ×ratio to the 404, p99 latency)")


def bench_database(db, args):
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = base_env(database_url(db))
    print(f"== {db}: preparing database with demo content", flush=True)
    if not args.keep_database:
        prepare(db, env)
    details = detail_urls(env)
    pages = {name: path or details[name] for name, path in PAGES.items()}
    session = member_session(env, details["member"])
    settings_of = {
        "cached": ({**env, "PAGE_CACHE_ENABLED": "true"}, (), None),
        "uncached": ({**env, "PAGE_CACHE_ENABLED": "false"}, (), None),
        "member": (
            {**env, "PAGE_CACHE_ENABLED": "true"},
            (f"Cookie: {session}",),
            session,
        ),
    }
    results = {}
    for mode in args.modes:
        mode_env, headers, mode_session = settings_of[mode]
        print(f"== {db}, {mode}", flush=True)
        queries = count_queries(mode_env, pages, mode_session)
        rows = measure_pages(db, mode_env, pages, queries, args, headers)
        floor = rows[FLOOR]["cpu_ms_per_req"] or 1
        for row in rows.values():
            row["ratio_to_404"] = row["cpu_ms_per_req"] / floor
        results[mode] = rows

    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    report = {
        "db": db,
        "when": stamp,
        "runs": args.runs,
        "duration": args.duration,
        "load_average": os.getloadavg(),
        "modes": results,
    }
    (RESULTS / f"{db}-{stamp}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print_table(db, args, results)
    return results


def databases(choice):
    """The databases a ``--db`` choice names, in the order they are measured."""
    return ("sqlite", "postgres") if choice == "both" else (choice,)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument(
        "--keep-database", action="store_true", help="reuse the database of the last run"
    )
    args = parser.parse_args()
    for db in databases(args.db):
        bench_database(db, args)


if __name__ == "__main__":
    main()
