#!/usr/bin/env bash
# Säkerhetskopia av Samverkan: databasen och de uppladdade filerna, med kontrollsummor.
#
#   deploy/backup.sh [MÅLKATALOG [--keep-days N]]   (standard: backups/ i projektet)
#
# --keep-days N tar efter en lyckad kopia bort kopior i MÅLKATALOG som är äldre än N dygn.
# Läser samma miljö som appen (SAMVERKAN_ENV=/etc/samverkan/samverkan.env läser driftens):
# DATABASE_URL (postgres://… ger PostgreSQL, annars SQLite i
# SQLITE_PATH eller db.sqlite3) och MEDIA_ROOT (standard media/). Skriver en ny katalog
# MÅLKATALOG/samverkan-ÅÅÅÅMMDDTHHMMSSZ/ med
#
#   database.pgdump     pg_dump -Fc (PostgreSQL)   eller   database.sqlite3 (SQLite, .backup)
#   media.tar.gz        MEDIA_ROOT som tar-arkiv
#   media.sha256        SHA-256 för varje uppladdad fil (sha256sum-format, relativt MEDIA_ROOT)
#   SHA256SUMS          SHA-256 för filerna ovan
#
# och skriver katalogens sökväg sist. Databasen kopieras först och filerna sedan: filer tas
# aldrig bort, så varje fil som databasen i kopian känner till finns i arkivet. Båda kopiorna
# tas medan appen är igång (pg_dump och SQLite:s .backup ger en konsekvent ögonblicksbild).
# Återläs med deploy/restore.sh.
set -euo pipefail
umask 077

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=deploy/backup_common.sh
. "$root/deploy/backup_common.sh"

target="${1:-$root/backups}"
keep_days=""
if [ "${2:-}" = "--keep-days" ]; then
	keep_days="${3:?ange antalet dagar efter --keep-days}"
	[[ "$keep_days" =~ ^[1-9][0-9]*$ ]] || fail "--keep-days ska vara ett antal dagar, minst 1."
fi
media="${MEDIA_ROOT:-$root/media}"
dir="$target/samverkan-$(date -u +%Y%m%dT%H%M%SZ)"

mkdir -p "$target"
mkdir "$dir" || fail "$dir finns redan; vänta en sekund och försök igen."
# A half-written backup must not look like a whole one.
trap 'status=$?; if [ $status -ne 0 ]; then rm -rf "$dir"; echo "backup.sh: misslyckades; inget sparades." >&2; fi' EXIT

if is_postgres; then
	pg_env
	pg_dump --format=custom --file="$dir/database.pgdump"
	pg_restore --list "$dir/database.pgdump" >/dev/null # readable as an archive
	database=database.pgdump
elif [ -z "${DATABASE_URL:-}" ]; then
	db="${SQLITE_PATH:-$root/db.sqlite3}"
	[ -f "$db" ] || fail "SQLite-databasen $db finns inte."
	sqlite_copy "$db" "$dir/database.sqlite3"
	check="$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$dir/database.sqlite3")"
	[ "$check" = ok ] || fail "kopian av SQLite-databasen är skadad: $check"
	database=database.sqlite3
else
	fail "DATABASE_URL ska börja med postgres:// (eller vara tom för SQLite)."
fi

mkdir -p "$media"
(cd "$media" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) >"$dir/media.sha256"
tar --create --gzip --file="$dir/media.tar.gz" --directory="$media" .
(cd "$dir" && sha256sum "$database" media.tar.gz media.sha256 >SHA256SUMS)

if [ -n "$keep_days" ]; then
	# Only whole backups of ours, and never the one just made.
	find "$target" -mindepth 1 -maxdepth 1 -type d -name 'samverkan-*' -mtime +"$keep_days" \
		! -path "$dir" -exec rm -rf {} +
fi

echo "Säkerhetskopian är klar: $(wc -l <"$dir/media.sha256") filer och databasen ($database)." >&2
echo "$dir"
