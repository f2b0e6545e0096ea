#!/usr/bin/env bash
# Återläs en säkerhetskopia från deploy/backup.sh: databasen och de uppladdade filerna.
#
#   deploy/restore.sh KOPIAKATALOG [--replace]
#
# Stoppa appen, arbetaren och schemat först. Läser samma miljö som appen
# (SAMVERKAN_ENV=/etc/samverkan/samverkan.env läser driftens): DATABASE_URL för PostgreSQL
# (databasen ska finnas, t.ex. skapad med createdb) eller SQLITE_PATH/db.sqlite3, och
# MEDIA_ROOT. Kontrollerar först kopians kontrollsummor (SHA256SUMS) och varje fil i den mot
# sin SHA-256 (media.sha256), och gör ingenting om något avviker. En databas med tabeller
# eller en MEDIA_ROOT med filer ersätts bara med --replace: de gamla filerna flyttas då åt
# sidan till MEDIA_ROOT.fore-aterlasning-<tid> och en SQLite-databas till
# <fil>.fore-aterlasning-<tid>, medan PostgreSQL-tabellerna tas bort och läses in på nytt i
# en enda transaktion (ta en kopia av dem först). Kontrollera sedan med
#
#   .venv/bin/python manage.py verify_archive
#
# att justerade minnesanteckningar och handlingar är oförändrade.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=deploy/backup_common.sh
. "$root/deploy/backup_common.sh"

[ $# -ge 1 ] || fail "ange katalogen med säkerhetskopian, t.ex. backups/samverkan-20260301T020000Z"
dir="$(cd "$1" && pwd)"
replace=""
[ "${2:-}" = "--replace" ] && replace=1
media="${MEDIA_ROOT:-$root/media}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

[ -f "$dir/SHA256SUMS" ] || fail "$dir saknar SHA256SUMS; är det en kopia från backup.sh?"
(cd "$dir" && sha256sum --check --quiet SHA256SUMS) || fail "kopians kontrollsummor stämmer inte; inget återlästes."

if [ -n "$(find "$media" -mindepth 1 -print -quit 2>/dev/null)" ] && [ -z "$replace" ]; then
	fail "$media innehåller redan filer; ange --replace för att ersätta dem."
fi

# The files first, into a directory of their own, checked before anything is replaced.
incoming="$media.aterlasning-$$"
trap 'rm -rf "$incoming"' EXIT
mkdir -p "$incoming"
tar --extract --gzip --file="$dir/media.tar.gz" --directory="$incoming"
if [ -s "$dir/media.sha256" ]; then # empty when nothing had been uploaded
	(cd "$incoming" && sha256sum --check --quiet "$dir/media.sha256") ||
		fail "de uppladdade filerna i kopian stämmer inte mot media.sha256; inget återlästes."
fi

if [ -f "$dir/database.pgdump" ]; then
	is_postgres || fail "kopian är från PostgreSQL: sätt DATABASE_URL till databasen att återläsa i."
	pg_env
	tables="$(psql --no-psqlrc --tuples-only --no-align \
		--command="select count(*) from information_schema.tables where table_schema = 'public'")"
	clean=()
	if [ "$tables" != 0 ]; then
		[ -n "$replace" ] || fail "databasen har redan $tables tabeller; ange --replace för att ersätta dem."
		clean=(--clean --if-exists)
	fi
	# One transaction: a restore that fails half-way leaves the database as it was.
	pg_restore --exit-on-error --single-transaction --no-owner --no-privileges "${clean[@]}" \
		--dbname="$PGDATABASE" "$dir/database.pgdump"
elif [ -f "$dir/database.sqlite3" ]; then
	[ -z "${DATABASE_URL:-}" ] || fail "kopian är från SQLite men DATABASE_URL är satt."
	db="${SQLITE_PATH:-$root/db.sqlite3}"
	if [ -e "$db" ] && [ -z "$replace" ]; then
		fail "$db finns redan; ange --replace för att ersätta den."
	fi
	cp "$dir/database.sqlite3" "$db.aterlasning-$$"
	if [ -e "$db" ]; then
		sqlite_copy "$db" "$db.fore-aterlasning-$stamp"
		echo "Den tidigare databasen ligger kvar i $db.fore-aterlasning-$stamp." >&2
	fi
	rm -f "$db-wal" "$db-shm" # the old database's journal must not be read into the new one
	mv -f "$db.aterlasning-$$" "$db" # a rename: the old file or the new, never half of each
else
	fail "$dir saknar database.pgdump och database.sqlite3."
fi

if [ -d "$media" ]; then
	if [ -n "$(find "$media" -mindepth 1 -print -quit)" ]; then
		mv "$media" "$media.fore-aterlasning-$stamp"
		echo "De tidigare filerna ligger kvar i $media.fore-aterlasning-$stamp." >&2
	else
		rmdir "$media"
	fi
fi
mv "$incoming" "$media"
echo "Återläst från $dir: databasen och $(wc -l <"$dir/media.sha256") filer." >&2
