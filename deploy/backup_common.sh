# Shared by deploy/backup.sh and deploy/restore.sh (sourced, not run).

fail() {
	echo "$(basename "$0"): $*" >&2
	exit 1
}

# SAMVERKAN_ENV=/etc/samverkan/samverkan.env reads the production environment, as the
# systemd units and deploy/manage.sh do; otherwise the environment as it is.
if [ -n "${SAMVERKAN_ENV:-}" ]; then
	set -a
	# shellcheck source=/dev/null
	. "$SAMVERKAN_ENV"
	set +a
fi

is_postgres() {
	case "${DATABASE_URL:-}" in
	postgres://* | postgresql://*) return 0 ;;
	*) return 1 ;;
	esac
}

# DATABASE_URL as libpq's PG* variables, parsed as settings.py parses it, so that the
# password is not on a command line for `ps` to show.
pg_env() {
	eval "$(python3 - <<'PY'
import os
import shlex
from urllib.parse import unquote, urlparse

url = urlparse(os.environ["DATABASE_URL"])
for name, value in (
    ("PGHOST", url.hostname or "127.0.0.1"),
    ("PGPORT", url.port or 5432),
    ("PGUSER", unquote(url.username or "postgres")),
    ("PGPASSWORD", unquote(url.password or "")),
    ("PGDATABASE", (url.path or "/samverkan").lstrip("/")),
):
    if value:
        print(f"export {name}={shlex.quote(str(value))}")
PY
)"
}

# SQLite's online backup (the sqlite3 shell's .backup, or the same API through Python).
sqlite_copy() {
	if command -v sqlite3 >/dev/null; then
		sqlite3 "$1" ".backup '$2'"
	else
		python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).backup(sqlite3.connect(sys.argv[2]))' "$1" "$2"
	fi
}
