#!/usr/bin/env bash
# Back up the database and the uploaded media together (docs/operations.md).
#
#   DATABASE_URL=postgres://user:pass@host:5432/tsunagari \
#   MEDIA_ROOT=/app/media ops/backup.sh /backups
#
# Writes /backups/<UTC time>/ with db.dump (pg_dump custom format), media.tar.gz
# and SHA256SUMS, then keeps the newest BACKUP_KEEP backups (default 14: two
# weeks of nightly runs) and deletes older ones. A backup is written under a
# ".partial" name and renamed when complete, so a failed run never counts.
#
# One point in time: pg_dump reads the whole database in one snapshot; media is
# archived after it. Files are only ever added under new names (Django's
# storage never overwrites), so every file a dumped row names is in the
# archive; only a file deleted in the minute between the two can be missing.
# Encryption at rest is the storage's (an encrypted volume or bucket); copy
# each backup off the machine.
set -euo pipefail

dest=${1:?usage: ops/backup.sh DEST_DIR}
: "${DATABASE_URL:?set DATABASE_URL}"
: "${MEDIA_ROOT:?set MEDIA_ROOT}"
keep=${BACKUP_KEEP:-14}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
work="${dest}/${stamp}.partial"
mkdir -p "$work"
# libpq reads postgres:// and postgresql:// URLs alike.
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="${work}/db.dump"
mkdir -p "$MEDIA_ROOT"
tar --create --gzip --file="${work}/media.tar.gz" --directory="$MEDIA_ROOT" .
(cd "$work" && sha256sum db.dump media.tar.gz >SHA256SUMS)
mv "$work" "${dest}/${stamp}"
echo "backup written: ${dest}/${stamp}"

# Retention: the newest $keep complete backups stay.
find "$dest" -mindepth 1 -maxdepth 1 -type d -name '*Z' | sort | head -n "-${keep}" |
    while read -r old; do
        rm -rf -- "$old"
        echo "backup removed (older than the newest ${keep}): ${old}"
    done
