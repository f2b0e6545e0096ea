#!/usr/bin/env bash
# manage.py with the production environment that the systemd units read, e.g.
#   sudo deploy/manage.sh migrate
#   sudo deploy/manage.sh collectstatic --noinput
# SAMVERKAN_ENV names another environment file.
set -euo pipefail
cd "$(dirname "$0")/.."
set -a
# shellcheck source=/dev/null
. "${SAMVERKAN_ENV:-/etc/samverkan/samverkan.env}"
set +a
exec .venv/bin/python manage.py "$@"
