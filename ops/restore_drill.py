"""``make restore-drill``: back up a busy site, restore it elsewhere, compare everything.

1. Its own PostgreSQL cluster (initdb, its own port): the demo site is loaded
   into a database, then activity (ops/activity.py).
2. ops/backup.sh writes one backup (database dump and media archive).
3. ops/restore.sh restores it into a fresh database and an empty media folder.
4. Every table is compared (rows and a checksum of its content) and every
   media file (size and SHA-256): the drill fails on any difference.
5. The restored site is started: its /healthz must answer 200 and a search
   must find a page.
"""

import hashlib
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from ops.services import BASE_DIR, PostgresCluster, Site, manage, site_env, workspace

SEARCH_WORD = "子ども食堂"


def table_fingerprints(cluster, database):
    """{table: (rows, md5 of its rows' text in a fixed order)} for every table of public."""
    tables = cluster.psql(
        database,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    ).split()
    fingerprints = {}
    for table in tables:
        row = cluster.psql(
            database,
            f"SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') FROM \"{table}\" t",  # noqa: E501
        )
        rows, digest = row.split("|")
        fingerprints[table] = (int(rows), digest)
    return fingerprints


def file_fingerprints(root: Path):
    return {
        str(path.relative_to(root)): (
            path.stat().st_size,
            hashlib.sha256(path.read_bytes()).hexdigest(),
        )
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def differences(before, after):
    return sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))


def run_script(script, env, *args):
    subprocess.run(
        ["bash", str(BASE_DIR / "ops" / script), *args],
        env=env,
        check=True,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
    )


def main():
    started = time.monotonic()
    with workspace("restore-drill") as root:
        cluster = PostgresCluster(root / "pg").init().start()
        try:
            figures = drill(cluster, root)
        finally:
            cluster.stop()
    seconds = time.monotonic() - started
    print(
        f"restore drill: {figures['tables']} tables, {figures['rows']} rows, "
        f"{figures['files']} media files compared; differences: {figures['differences']}; "
        f"{seconds:.0f} s"
    )
    if figures["differences"]:
        sys.exit(1)


def drill(cluster, root):
    media = root / "media"
    source_url = cluster.createdb("tsunagari_source")
    env = site_env(
        DATABASE_URL=source_url,
        MEDIA_ROOT=media,
        # The broker is down while the activity happens: e-mails stay queued.
        CELERY_BROKER_URL="redis://127.0.0.1:1/0",
        CELERY_TASK_ALWAYS_EAGER="false",
    )
    step = time.monotonic()
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo", "--force")
    print(f"  demo site loaded ({time.monotonic() - step:.0f} s)")
    output = manage(env, "shell", "-c", "from ops import activity; activity.run()")
    print("  " + output.strip().splitlines()[-1])

    backups = root / "backups"
    backup_env = {**env, "BACKUP_KEEP": "3"}
    run_script("backup.sh", backup_env, str(backups))
    [backup] = sorted(path for path in backups.iterdir() if path.is_dir())
    sizes = {path.name: path.stat().st_size for path in backup.iterdir()}
    print(f"  backup {backup.name}: " + ", ".join(f"{k} {v // 1024} KiB" for k, v in sizes.items()))

    restored_url = cluster.createdb("tsunagari_restored")
    restored_media = root / "media-restored"
    restore_env = {
        **env,
        "DATABASE_URL": restored_url,
        "MEDIA_ROOT": str(restored_media),
        # The restored site runs its jobs in process (no broker to reach).
        "CELERY_BROKER_URL": "memory://",
        "CELERY_TASK_ALWAYS_EAGER": "true",
    }
    run_script("restore.sh", restore_env, str(backup))

    tables_before = table_fingerprints(cluster, "tsunagari_source")
    tables_after = table_fingerprints(cluster, "tsunagari_restored")
    files_before = file_fingerprints(media)
    files_after = file_fingerprints(restored_media)
    table_diff = differences(tables_before, tables_after)
    file_diff = differences(files_before, files_after)
    rows = sum(rows for rows, _digest in tables_before.values())
    print(f"  tables compared: {len(tables_before)} ({rows} rows), differences: {len(table_diff)}")
    print(f"  media files compared: {len(files_before)}, differences: {len(file_diff)}")
    for name in table_diff + file_diff:
        print(f"    differs: {name}")
    assert len(files_before) > 0, "the drill's site has no media files"
    outbox = tables_after["cms_outboundemail"][0]
    print(f"  outbox rows restored: {outbox}")

    site = Site(restore_env, root / "restored-site.log").start()
    try:
        status, body = site.get("/healthz")
        print(f"  restored site /healthz: {status} {body.strip()}")
        search_status, page = site.get(f"/search/?q={quote(SEARCH_WORD)}")
        match = re.search(r"(\d+)件見つかりました", page)
        found = int(match.group(1)) if match else 0
        print(f"  restored site search {SEARCH_WORD!r}: {search_status}, results on page: {found}")
    finally:
        site.stop()
    healthy = status == 200 and search_status == 200 and found > 0
    if not healthy:
        print((root / "restored-site.log").read_text()[-3000:])
    return {
        "tables": len(tables_before),
        "rows": rows,
        "files": len(files_before),
        "differences": len(table_diff) + len(file_diff) + (0 if healthy else 1),
    }


if __name__ == "__main__":
    main()
