# Samverkan: `make run` starts the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# The first Python that is 3.12 or newer.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	echo $$p; break; fi; done)

.PHONY: run test install install-test lint typecheck pytest browser-deps demo worker clean smoke

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Samverkan behöver Python 3.12 eller senare."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test browser-deps

# Browser tests drive Debian's Chromium; Playwright cannot download its own browser here.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installerar Chromium för webbläsartesterna (apt-get)…"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

# The demo runs with DEBUG on (console email, plain HTTP, a development key); production
# leaves DEBUG unset (README, Drift).
demo run worker: export DEBUG := 1
# Links in the demo's emails lead to the port it is served at (`make run PORT=8201`).
demo run worker: export SITE_URL ?= http://127.0.0.1:$(PORT)
# Unknown addresses show the site's Swedish 404, as in production, not Django's debug page.
demo run worker: export DEBUG_404 ?= 0

demo: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo
	$(PY) manage.py load_demo_meetings
	$(PY) manage.py load_demo_minutes
	$(PY) manage.py load_demo_cases
	$(PY) manage.py load_demo_deviations
	$(PY) manage.py load_demo_statistics
	$(PY) manage.py load_demo_governing
	$(PY) manage.py load_demo_activity_plans
	$(PY) manage.py load_demo_reports
# The published minutes' PDFs, which the worker otherwise makes (`make run` starts none).
	$(PY) manage.py render_minutes_pdfs
	$(PY) manage.py check_rules --store

run: demo
	@echo
	@echo "Samverkan körs på http://127.0.0.1:$(PORT)/"
	@$(PY) manage.py demo_logins
	@echo
# The worker and the schedule run beside the server (the charter check, the minutes' PDFs,
# reminders), and stop with it.
	trap 'kill $$(jobs -p) 2>/dev/null' EXIT; \
	$(PY) manage.py run_schedule --loop & \
	$(PY) manage.py db_worker & \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Reminders: the schedule puts due tasks in the queue, the database worker runs them.
worker: install
	$(PY) manage.py run_schedule --loop & $(PY) manage.py db_worker

lint: install-test
	$(VENV)/bin/ruff check samverkan deploy
	$(VENV)/bin/ruff format --check samverkan deploy

typecheck: install-test
	$(VENV)/bin/mypy samverkan deploy/smoke.py

# The suite runs on two processes (pytest-xdist), each test class whole on one of them;
# `make test PYTEST_PARALLEL=` runs it in one.
PYTEST_PARALLEL ?= -n 2 --dist loadscope

pytest: install-test
	DJANGO_SETTINGS_MODULE=samverkan.testing.settings $(PY) manage.py makemigrations --check --dry-run -v0
	$(PY) -m pytest $(PYTEST_PARALLEL)

test: lint typecheck pytest

# The production recipe on PostgreSQL: gunicorn, WhiteNoise, the worker, DEBUG off (deploy/).
smoke: install
	$(PY) deploy/smoke.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
