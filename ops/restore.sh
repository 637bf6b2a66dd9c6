#!/usr/bin/env bash
# Restore a backup made by ops/backup.sh into an EMPTY database and media folder.
#
#   DATABASE_URL=postgres://user:pass@host:5432/tsunagari_restored \
#   MEDIA_ROOT=/app/media ops/restore.sh /backups/20261206T180000Z
#
# Checks SHA256SUMS first; the database is restored in one transaction (all or
# nothing). Stop web, worker and beat before restoring over a live site.
set -euo pipefail

backup=${1:?usage: ops/restore.sh BACKUP_DIR}
: "${DATABASE_URL:?set DATABASE_URL}"
: "${MEDIA_ROOT:?set MEDIA_ROOT}"

(cd "$backup" && sha256sum --check --quiet SHA256SUMS)
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
    --dbname="$DATABASE_URL" "${backup}/db.dump"
mkdir -p "$MEDIA_ROOT"
if [ -n "$(find "$MEDIA_ROOT" -mindepth 1 -print -quit)" ]; then
    echo "MEDIA_ROOT ${MEDIA_ROOT} is not empty: restore media into an empty folder" >&2
    exit 1
fi
tar --extract --gzip --file="${backup}/media.tar.gz" --directory="$MEDIA_ROOT"
echo "restored ${backup} into the database and ${MEDIA_ROOT}"
