# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Local development defaults; the environment overrides every one of them.
export DEBUG ?= true
export DJANGO_SETTINGS_MODULE := tpc_portal.settings

# The first Python that is 3.12 or newer (Django 6.1 needs it); .python-version picks one
# under pyenv.
FIND_PYTHON := for p in python3 python3.13 python3.12 python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		command -v $$p; break; fi; done

.PHONY: run test test-fast lint imports typecheck format install worker beat bench messages clean browser-deps

$(STAMP): pyproject.toml
	@SYSTEM_PY="$$($(FIND_PYTHON))"; \
	if [ -z "$$SYSTEM_PY" ]; then \
		echo "TPC Portal needs Python 3.12 or newer (Django 6.1 requires it); none was found on PATH." >&2; \
		echo "Install one (e.g. 'pyenv install 3.12') and run make again." >&2; exit 1; fi; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		rm -rf $(VENV); echo "Creating $(VENV) with $$SYSTEM_PY"; "$$SYSTEM_PY" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# Debian's Chromium for the browser tests; installed when missing and we may (root + apt).
# Another apt-get holding the dpkg lock is waited for (up to APT_LOCK_WAIT seconds); if the
# install still fails, the browser tests are skipped with a warning instead of failing the run.
APT_LOCK_WAIT ?= 300
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian's chromium for the browser tests"; \
			APT="apt-get -o DPkg::Lock::Timeout=$(APT_LOCK_WAIT) -qq"; \
			if ! { $$APT update && DEBIAN_FRONTEND=noninteractive $$APT install -y chromium >/dev/null; }; then \
				echo "WARNING: could not install chromium (is another apt-get running?): the browser tests will be skipped." >&2; fi; \
		else echo "WARNING: chromium is not installed: the browser tests will be skipped (apt-get install chromium)." >&2; fi; fi

# The suite runs in one pytest-xdist worker per core (TEST_WORKERS=0 for one process).
# `--dist load` hands each worker tests in the order pytest-django sorted them, so every
# worker runs the tests that flush the database (transactional ones) after the rest, as
# one process does (`loadfile` would not keep that order). The tests marked `broker` share
# the Celery broker's queue (each purges it, and the worker it starts takes whatever is in
# it), so they run after the rest, in one process (exit status 5: none was selected).
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -p no:cacheprovider
IN_PARALLEL := -n $(TEST_WORKERS) --dist load

test: $(STAMP) browser-deps
	$(PYTEST) $(IN_PARALLEL) -m "not broker" $(PYTEST_ARGS)
	$(PYTEST) -m broker $(PYTEST_ARGS) || [ $$? = 5 ]

test-fast: $(STAMP)
	$(PYTEST) $(IN_PARALLEL) -m "not browser and not broker" $(PYTEST_ARGS)
	$(PYTEST) -m broker $(PYTEST_ARGS) || [ $$? = 5 ]

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) --no-print-directory imports
	$(MAKE) --no-print-directory typecheck

# The one-way rule between the base, the apps and the composition root (the contracts:
# pyproject.toml, [tool.importlinter]; the picture: README, "Architecture").
imports: $(STAMP)
	$(BIN)/lint-imports

# mypy with django-stubs on services, selectors and permissions (the files: pyproject.toml).
typecheck: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: $(STAMP)
	$(BIN)/celery -A tpc_portal worker --loglevel=INFO --concurrency=2

beat: $(STAMP)
	$(BIN)/celery -A tpc_portal beat --loglevel=INFO --schedule=var/celerybeat-schedule

# Benchmarks measure production settings: no query log, compressed static files.
bench: $(STAMP)
	DEBUG=false SECRET_KEY=$${SECRET_KEY:-bench-only-not-a-secret} $(PY) manage.py collectstatic --no-input -v0
	DEBUG=false SECRET_KEY=$${SECRET_KEY:-bench-only-not-a-secret} $(PY) -m bench

messages: $(STAMP)
	$(PY) manage.py makemessages -l ru --ignore=.venv --ignore=var --ignore=bench --ignore=tests --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var/static
