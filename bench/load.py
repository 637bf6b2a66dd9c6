"""Under load: 50 concurrent readers over ten public pages for 60 s (issue 21).

    .venv/bin/python bench/load.py                     # SQLite, then PostgreSQL
    .venv/bin/python bench/load.py --db sqlite --keep-database   # after bench/run.py

Builds the demo database as bench/run.py does (or reuses its database with
``--keep-database``), starts gunicorn as the protocol says (2 sync workers,
production settings, the page cache on unless ``--no-page-cache``), and runs
``wrk -t2 -c50`` for 60 s with a Lua script that sends each connection round
the ten pages in turn. Reports the responses, the errors (connection, read,
write, timeouts and statuses ≥ 400), the median, p95 and p99 latency, the
server CPU per request, and the session rows written during the run (an
anonymous reader should write none). The target: 0 errors, p95 < 200 ms.
Results go to bench/results/load-<db>-<UTC time>.json (not in git).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # bench/run.py, beside this file

LOAD_PAGES = (
    "home",
    "news index",
    "news item",
    "write-ups",
    "one write-up",
    "directory",
    "profile",
    "event",
    "/en/ home",
)
EXTRA_PAGES = ("/reports/",)

LUA = """
local paths = {%(paths)s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'LOAD{"requests":%%d,"duration_us":%%d,"connect":%%d,"read":%%d,"write":%%d,'
    .. '"status":%%d,"timeout":%%d,"p50_ms":%%.2f,"p95_ms":%%.2f,"p99_ms":%%.2f,"max_ms":%%.2f}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""

SESSIONS = (
    "from django.contrib.sessions.models import Session;"
    "print('SESSIONS%d' % Session.objects.count())"
)


def session_rows(env):
    return int(run.shell(env, SESSIONS).split("SESSIONS", 1)[1])


def load(db, args):
    run.RESULTS.mkdir(parents=True, exist_ok=True)
    env = run.base_env(run.database_url(db))
    env["PAGE_CACHE_ENABLED"] = "false" if args.no_page_cache else "true"
    if not args.keep_database:
        print(f"== {db}: preparing database with demo content", flush=True)
        run.prepare(db, env)
    details = run.detail_urls(env)
    pages = {name: run.PAGES[name] or details[name] for name in LOAD_PAGES}
    paths = [*pages.values(), *EXTRA_PAGES]
    script = LUA % {"paths": ", ".join(json.dumps(path) for path in paths)}

    sessions_before = session_rows(env)
    server, base = run.start_server(env)
    try:

        def measured_pids():
            pids = run.children(server.pid)
            return pids + run.postgres_pids() if db == "postgres" else pids

        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(script)
        # Warm: every page once in each worker's language, as readers would.
        subprocess.run(
            ["wrk", "-t2", "-c4", "-d5s", "-s", lua.name, base + "/"],
            check=True,
            capture_output=True,
        )
        cpu_before = run.cpu_ticks(measured_pids())
        output = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{args.connections}",
                f"-d{args.duration}s",
                "--timeout",
                "10s",
                "-s",
                lua.name,
                base + "/",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        cpu_after = run.cpu_ticks(measured_pids())
        os.unlink(lua.name)
    finally:
        run.stop_server(server)
    sessions_after = session_rows(env)

    figures = json.loads(output.split("LOAD", 1)[1].splitlines()[0])
    errors = sum(figures[key] for key in ("connect", "read", "write", "status", "timeout"))
    report = {
        "db": db,
        "page_cache": not args.no_page_cache,
        "connections": args.connections,
        "duration_s": args.duration,
        "pages": paths,
        "responses": figures["requests"],
        "errors": errors,
        "error_kinds": {
            key: figures[key] for key in ("connect", "read", "write", "status", "timeout")
        },
        "p50_ms": figures["p50_ms"],
        "p95_ms": figures["p95_ms"],
        "p99_ms": figures["p99_ms"],
        "max_ms": figures["max_ms"],
        "rps": figures["requests"] / (figures["duration_us"] / 1e6),
        "cpu_ms_per_req": (cpu_after - cpu_before)
        * 1000
        / run.CLOCK_TICKS
        / max(figures["requests"], 1),
        "session_rows_written": sessions_after - sessions_before,
        "load_average": os.getloadavg(),
    }
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    (run.RESULTS / f"load-{db}-{stamp}.json").write_text(json.dumps(report, indent=2))
    print(
        f"\n{db}, {args.connections} readers × {args.duration}s over {len(paths)} pages, "
        f"page cache {'off' if args.no_page_cache else 'on'}:\n"
        f"  {report['responses']} responses ({report['rps']:.0f}/s), {errors} errors "
        f"{report['error_kinds']}\n"
        f"  median {report['p50_ms']:.0f} ms, p95 {report['p95_ms']:.0f} ms, "
        f"p99 {report['p99_ms']:.0f} ms, max {report['max_ms']:.0f} ms\n"
        f"  server CPU {report['cpu_ms_per_req']:.1f} ms/req, "
        f"session rows written {report['session_rows_written']}, "
        f"load average {report['load_average'][0]:.1f}"
    )
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--no-page-cache", action="store_true")
    parser.add_argument(
        "--keep-database", action="store_true", help="reuse bench/run.py's database"
    )
    args = parser.parse_args()
    for db in run.databases(args.db):
        load(db, args)


if __name__ == "__main__":
    main()
