# Tsunagari: the commands a developer and CI share (.ci/run calls these targets).
# Needs only Python 3.11+ and make: everything else is installed into .venv.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# uv lives in .venv/.tools, outside the environment it syncs: an exact sync of a
# uv-made .venv would otherwise uninstall uv itself along with pip.
UV := $(VENV)/.tools/bin/uv
MANAGE := DEBUG=1 $(PY) manage.py
HOST_PORT ?= 127.0.0.1:8000

# uv installs into this project's .venv (never a global or uv-managed Python).
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export UV_PYTHON_DOWNLOADS := never
# Installed packages get their bytecode at install: otherwise a shell with
# PYTHONDONTWRITEBYTECODE set compiles Django and Wagtail afresh in every
# process (a test run, each Celery worker the tests start, each manage.py).
export UV_COMPILE_BYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help up install test test-fast lint format check messages compilemessages bench restore-drill fault-drills drills

help:
	@echo "make up        install, migrate, load the demo site and run it on http://$(HOST_PORT)/"
	@echo "make test      install and run the whole test suite (pytest)"
	@echo "make test-fast SQLite, no browser tests, last run's failures first"
	@echo "make lint      ruff check + ruff format --check + djhtml --check + lint-imports"
	@echo "make format    ruff check --fix + ruff format + djhtml (templates)"
	@echo "make check     manage.py check + makemigrations --check --dry-run"
	@echo "make messages  update the gettext catalogues in locale/"
	@echo "make bench     page-speed benchmark (bench/run.py, needs wrk)"
	@echo "make restore-drill  back up a busy demo site, restore it, compare (ops/, own PostgreSQL)"
	@echo "make fault-drills   broker, database, worker and cache faults (ops/, own services)"

# --- install ---------------------------------------------------------------

$(PY):
	$(PYTHON) -m venv $(VENV)

# A .venv made by `uv sync` has no pip: bootstrap it from the standard library.
$(UV): | $(PY)
	$(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip --default-pip >/dev/null
	$(PY) -m pip install -q --disable-pip-version-check --target $(VENV)/.tools uv

# The stamp is newer than the lock file and pyproject.toml once they are synced;
# --frozen installs exactly uv.lock and never rewrites it (dev group included).
$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen
	@touch $@

install: $(VENV)/.synced

# --- run -------------------------------------------------------------------

up: install compilemessages
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	@echo
	@echo "Tsunagari is starting on the embedded defaults (SQLite, tasks in process,"
	@echo "database search, e-mail printed to this console):"
	@echo "  site:  http://$(HOST_PORT)/"
	@echo "  admin: http://$(HOST_PORT)/admin/  (sign in with a demo account printed above)"
	@echo "Stop it with Ctrl-C; 'make up' again keeps the data (db.sqlite3)."
	@echo
	@# The periodic jobs (scheduled pages, e-mail relay…) run beside the server.
	$(MANAGE) run_scheduler & scheduler=$$!; trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver $(HOST_PORT)

# Compiles locale/**/*.po and locale_overrides/ (every folder of LOCALE_PATHS)
# when gettext's msgfmt is there; skipped silently otherwise.
compilemessages: install
	@if command -v msgfmt >/dev/null 2>&1 && [ -n "$$(find . -path ./$(VENV) -prune -o -name '*.po' -print -quit)" ]; then \
		$(MANAGE) compilemessages --ignore=$(VENV); \
	fi

# --- checks ----------------------------------------------------------------

test: install compilemessages
	@$(PY) -m pytest; rc=$$?; \
	echo; \
	if [ -d test-artifacts ]; then \
		echo "Screenshots and traces from the browser tests: test-artifacts/"; \
	fi; \
	echo "Next: 'make lint' and 'make check'; 'make up' to look at the site yourself."; \
	exit $$rc

# While working: SQLite whatever DATABASE_URL or .env say, no browser tests,
# and the tests that failed last time first (pytest's cache, .pytest_cache/).
# More options with PYTEST_ADDOPTS="-x tests/forum".
test-fast: install compilemessages
	DATABASE_URL=sqlite:///$(CURDIR)/db.sqlite3 $(PY) -m pytest -m "not browser" --failed-first

# lint-imports checks the import contract in pyproject.toml ([tool.importlinter]).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $$(git ls-files '*.html')
	$(VENV)/bin/lint-imports --no-logo

# What the pre-commit hooks do, on every file: `.venv/bin/pre-commit install`
# runs them on the files of each commit instead.
format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $$(git ls-files '*.html')

check: install
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# Japanese is the source language (msgids), so ja gets no catalogue: every other
# language in settings.LANGUAGES does. LOCALES="en ko" narrows it.
# locale_overrides/ (hand-written Japanese for Wagtail's admin) is left alone:
# cms/management/commands/makemessages.py takes it out of LOCALE_PATHS.
messages: install
	@locales="$(LOCALES)"; \
	if [ -z "$$locales" ]; then \
		locales=$$($(MANAGE) shell -v 0 -c "from django.conf import settings; from django.utils.translation import to_locale; print(' '.join(to_locale(code) for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE))"); \
	fi; \
	if [ -z "$$locales" ]; then \
		echo "settings.LANGUAGES has no language besides Japanese: nothing to extract."; \
		exit 0; \
	fi; \
	mkdir -p locale; \
	args=""; for l in $$locales; do args="$$args -l $$l"; done; \
	echo "makemessages$$args"; \
	$(MANAGE) makemessages $$args --ignore=$(VENV) --ignore=node_modules --ignore=staticfiles --ignore=media --ignore=locale_overrides

# bench/run.py follows shared/PERFORMANCE.md (needs Debian's wrk); pass options
# with BENCH_ARGS="--db sqlite --duration 5 --runs 1".
bench: install
	@if [ -f bench/run.py ]; then \
		command -v wrk >/dev/null 2>&1 || { echo "bench needs wrk: apt-get install wrk"; exit 1; }; \
		$(PY) bench/run.py $(BENCH_ARGS); \
	else \
		echo "No bench/run.py yet: skipping."; \
	fi

# --- operations drills (docs/operations.md) ----------------------------------
# Outside the per-commit tests: each starts its own PostgreSQL cluster
# (initdb/pg_ctl) and Redis server on free ports, never the shared ones.
restore-drill: install compilemessages
	$(PY) -m ops.restore_drill

fault-drills: install compilemessages
	$(PY) -m ops.fault_drills

drills: restore-drill fault-drills
