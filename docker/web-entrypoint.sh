#!/bin/sh
# Entry point of the web service only: wait for the database, apply the
# migrations, then hand over to the command (gunicorn). The worker and beat
# start straight away: they need no schema change of their own.
set -eu

python - <<'PY'
import sys
import time

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.utils import OperationalError  # noqa: E402

deadline = time.monotonic() + 90
while True:
    try:
        connection.ensure_connection()
        break
    except OperationalError as exc:
        if time.monotonic() > deadline:
            sys.exit(f"database still unreachable after 90 s: {exc}")
        print("waiting for the database...", flush=True)
        time.sleep(2)

# Several web containers may start at once: a PostgreSQL advisory lock lets
# one of them migrate while the others wait (then find nothing to do).
locked = connection.vendor == "postgresql"
if locked:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext('tsunagari-migrate'))")
try:
    call_command("migrate", interactive=False)
finally:
    if locked:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext('tsunagari-migrate'))")
PY

exec "$@"
