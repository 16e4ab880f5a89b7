# Next2Met portal. `make run` serves the demo on http://127.0.0.1:8000 (`make run PORT=8101` elsewhere);
# `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
# Where `make run` serves (`make run PORT=8101`); links in emails, calendar files and pages follow.
HOST ?= 127.0.0.1
PORT ?= 8000
PORTAL_BASE_URL ?= http://$(HOST):$(PORT)
# Local tooling and the dev server run with debug on (no production secret needed).
DEV := DJANGO_DEBUG=1 PORTAL_BASE_URL=$(PORTAL_BASE_URL)
# How often `make run` does the time-driven work (expiry, reminders, retries, anonymisation).
HOUSEKEEPING_EVERY ?= 60

.PHONY: run test install assets map messages compilemessages lint ci clean bench bench-registration bench-search bench-mixed screenshots

run: install compilemessages
	$(DEV) $(MANAGE) migrate --noinput
	$(DEV) $(MANAGE) load_demo_content --dev-users
	@echo "The email worker and housekeeping (every $(HOUSEKEEPING_EVERY) s) run alongside the server; emails are printed here."
	$(DEV) $(MANAGE) db_worker --no-reload --interval 2 --worker-id make-run & worker=$$!; \
		$(DEV) $(MANAGE) housekeeping --every $(HOUSEKEEPING_EVERY) & housekeeping=$$!; \
		trap 'kill $$worker $$housekeeping 2>/dev/null' EXIT INT TERM; \
		$(DEV) $(MANAGE) runserver $(HOST):$(PORT)

test: install compilemessages
	$(BIN)/pytest

# The virtual environment is rebuilt when pyproject.toml changes.
install: $(VENV)/.installed assets

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $@

# CSS and JS that the portal serves itself, axe-core and the Nu HTML checker (vnu-jar) for the tests.
assets: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# The partnership map's background (static/img/europe.svg) and projection
# (partners/map/projection.json), drawn from npm's world-atlas; both are committed.
map: assets
	node partners/map/build-map.mjs

compilemessages: $(VENV)/.installed
	$(DEV) $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

# Refresh the catalogues after changing interface strings.
messages: $(VENV)/.installed
	$(DEV) $(MANAGE) makemessages -l fi -l de -l pl -l es -l ca -l it -l fr --no-obsolete --no-location \
		--ignore=.venv --ignore=node_modules --ignore=bench --ignore=staticfiles

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

ci:
	bash .ci/run

# Public pages through gunicorn against bare Django, on a large data set in PostgreSQL
# (loaded once, kept while the schema is unchanged; BENCH_ARGS=--reload loads it again).
# The README's screenshots (public pages on a desktop and a phone, the editor's admin),
# taken in Chromium on the demo content.
screenshots: install compilemessages
	SCREENSHOTS_DIR=docs/screenshots $(BIN)/pytest tests/browser/test_screenshots.py -q -p no:randomly

# Every public page cached and uncached under load, then the mixed load (issue 16).
bench: install compilemessages
	$(PY) bench/pages.py $(BENCH_ARGS)
	$(PY) bench/mixed.py $(MIXED_ARGS)

# Registration throughput through gunicorn on PostgreSQL, and the overbooking demonstration.
bench-registration: install
	$(PY) bench/registration.py
	$(PY) bench/overbooking.py

# Good-practice search over 10,000 practices in eight languages on PostgreSQL.
bench-search: install
	$(PY) bench/search.py

# A mixed load on bench's database: 2,000 addresses drawn with Zipf's law, 2 % of
# requests registrations, 60 s, against bare Django (BENCH_ARGS: --duration, --connections).
bench-mixed: install compilemessages
	$(PY) bench/mixed.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
