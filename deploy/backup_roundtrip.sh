#!/usr/bin/env bash
# The backup round trip on PostgreSQL, run by .ci/run: backup.sh, restore.sh, then proof.
#
# A throwaway database gets a structure with approved minutes (one masked, one addendum,
# from the demo's own loaders) and uploaded documents whose bytes cover every value; it is
# backed up with deploy/backup.sh and restored with deploy/restore.sh into a second new
# database and media directory. There every approved minutes must still give its SHA-256,
# every file be byte-identical to its SHA-256 at upload (manage.py verify_archive), and the
# list of objects and hashes equal the original's. Then a second restore over it must be
# refused, a changed byte in one restored file caught, a restore with --replace give the
# original back, and a corrupted backup be refused. Databases and temporary directories
# are removed however it ends.
#
#   deploy/backup_roundtrip.sh     (PG_URL=postgres://postgres@127.0.0.1:5432 by default)
set -euo pipefail
cd "$(dirname "$0")/.."

pg="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
src="samverkan_backup_src_$$"
dst="samverkan_backup_dst_$$"
work="$(mktemp -d -t samverkan-backup-XXXXXX)"
py=.venv/bin/python
started=$SECONDS

cleanup() {
	dropdb --if-exists --maintenance-db="$pg/postgres" "$src" 2>/dev/null || true
	dropdb --if-exists --maintenance-db="$pg/postgres" "$dst" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM # so that the cleanup runs when stopped, too
say() { echo "backup_roundtrip: $*"; }
fail() { echo "backup_roundtrip: FEL: $*" >&2; exit 1; }

# The harness runs management commands, not a site: DEBUG spares it a production SECRET_KEY.
export DEBUG=1
as_source() { DATABASE_URL="$pg/$src" MEDIA_ROOT="$work/media-src" "$@"; }
as_restored() { DATABASE_URL="$pg/$dst" MEDIA_ROOT="$work/media-dst" "$@"; }

say "skapar $src med minnesanteckningar och handlingar"
createdb --maintenance-db="$pg/postgres" "$src"
as_source $py manage.py migrate --noinput -v0
as_source $py manage.py shell -v0 <<'PY'
import io
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from pypdf import PdfWriter

from samverkan.meetings.documents import document_upload
from samverkan.meetings.models import Meeting

from samverkan.structure.demo import demo_mark
from samverkan.structure.models import Body, DemoPart, Structure

call_command("import_structure", "structures/skane-mellersta.yaml", verbosity=0)
# The demo's loaders act only on what the demo marks as its own (DemoMark).
skane = Structure.objects.get()
demo_mark(DemoPart.STRUCTURE, structures=[skane], bodies=Body.objects.filter(structure=skane))
call_command("load_demo_meetings", verbosity=0)
call_command("load_demo_minutes", verbosity=0)


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Underlag till mötet"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# A PNG signature before every byte value, compressed and not: nothing a copy may change.
every_byte = bytes(range(256)) * 64
png = b"\x89PNG\r\n\x1a\n" + every_byte + zlib.compress(every_byte)
text = "Åtgärdslista för hemsjukvård – vårdplanering och läkemedel.\n".encode() * 40
meetings = list(Meeting.objects.exclude(status="cancelled").order_by("starts_at", "pk")[:2])
for meeting, public in zip(meetings, (True, False), strict=True):
    first = document_upload(
        meeting=meeting, uploaded_file=SimpleUploadedFile("Underlag.pdf", pdf()),
        title="Underlag", public=public, by=None,
    )
    document_upload(
        meeting=meeting, uploaded_file=SimpleUploadedFile("Underlag v2.pdf", pdf() + b"\n"),
        title="", replaces=first, public=public, by=None,
    )
    document_upload(
        meeting=meeting, uploaded_file=SimpleUploadedFile("Karta över länet.png", png),
        title="Karta", public=public, by=None,
    )
    document_upload(
        meeting=meeting, uploaded_file=SimpleUploadedFile("Åtgärder.txt", text),
        title="Åtgärder", public=public, by=None,
    )
PY
as_source $py manage.py verify_archive --list >"$work/source.list"
minutes=$(grep -c '^minutes ' "$work/source.list" || true)
documents=$(grep -c '^document ' "$work/source.list" || true)
[ "$minutes" -ge 3 ] && [ "$documents" -ge 8 ] ||
	fail "för lite att pröva med: $minutes justerade minnesanteckningar, $documents handlingar"

say "säkerhetskopierar ($minutes justerade minnesanteckningar, $documents handlingar)"
backup="$(as_source deploy/backup.sh "$work/backups")"

say "återläser i $dst"
createdb --maintenance-db="$pg/postgres" "$dst"
as_restored deploy/restore.sh "$backup"

say "kontrollerar den återlästa"
as_restored $py manage.py verify_archive --list >"$work/restored.list"
diff -u "$work/source.list" "$work/restored.list" >&2 || fail "den återlästa skiljer sig från originalet"
as_restored $py manage.py verify_archive

say "prövar att fel upptäcks"
if as_restored deploy/restore.sh "$backup" 2>"$work/refused.txt"; then
	fail "restore.sh skrev över en databas med innehåll utan --replace"
fi
grep -q "innehåller redan filer\|redan .* tabeller" "$work/refused.txt" || fail "oväntat fel: $(cat "$work/refused.txt")"
file="$(find "$work/media-dst" -name '*.png' -print -quit)"
printf '\x00' | dd of="$file" bs=1 seek=100 conv=notrunc status=none
if as_restored $py manage.py verify_archive >/dev/null 2>"$work/changed.txt"; then
	fail "verify_archive såg inte en ändrad byte i $file"
fi
grep -q "filen är inte densamma" "$work/changed.txt" || fail "oväntat fel: $(cat "$work/changed.txt")"
say "återläser igen över den ändrade, med --replace"
as_restored deploy/restore.sh "$backup" --replace 2>/dev/null
as_restored $py manage.py verify_archive --list >"$work/replaced.list"
diff -u "$work/source.list" "$work/replaced.list" >&2 || fail "--replace gav inte originalet"
printf 'x' >>"$backup/media.tar.gz"
if as_restored deploy/restore.sh "$backup" --replace 2>"$work/corrupt.txt"; then
	fail "restore.sh läste tillbaka en skadad kopia"
fi
grep -q "kontrollsummor stämmer inte" "$work/corrupt.txt" || fail "oväntat fel: $(cat "$work/corrupt.txt")"

say "klart på $((SECONDS - started)) s: allt återläst stämmer, och ändringar upptäcks"
