# Azat — the two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.12
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip --disable-pip-version-check -q
DB ?= sqlite
PG_URL ?= postgres://postgres@127.0.0.1:5432/azat
PYTEST_ARGS ?=

ifeq ($(DB),postgres)
TEST_ENV := DATABASE_URL=$(PG_URL)
else
TEST_ENV :=
endif

.PHONY: run test check bench bench-linkage messages install install-dev chromium postgres clean help

help:
	@echo "make run    set up everything and serve the demo on http://127.0.0.1:8000"
	@echo "make test   run the whole test suite (DB=postgres for PostgreSQL)"
	@echo "make check  ruff, mypy, import contracts, migrations check"
	@echo "make bench  benchmarks (not part of make test)"
	@echo "make bench-linkage  Azat's linker beside Splink: FEBRL, Central Asian names, 1M records"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base-installed: requirements/base.txt pyproject.toml | $(PY)
	$(PIP) install -r requirements/base.txt
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt pyproject.toml | $(PY)
	$(PIP) install -r requirements/dev.txt
	$(PIP) install --no-deps -e .
	touch $@ $(VENV)/.base-installed

install: $(VENV)/.base-installed
install-dev: $(VENV)/.dev-installed

var/dev.env: | $(PY)
	mkdir -p var
	$(PY) -m azat.core.keygen > $@.tmp && mv $@.tmp $@

# gettext's msgfmt compiles the translations; installed from Debian when missing.
messages: | $(PY)
	@command -v msgfmt >/dev/null || { command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null); }
	@DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py compilemessages -v0 --ignore=.venv

# Debian's Chromium drives the browser tests (Playwright's own browser download is not used).
chromium:
	@command -v chromium >/dev/null || { command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); } || \
	  echo "chromium is not installed and apt-get is unavailable: browser tests will fail"

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done

run: install var/dev.env messages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py demo
	PY=$(PY) scripts/run.sh 127.0.0.1:8000

test: install-dev messages chromium $(if $(filter postgres,$(DB)),postgres)
	$(TEST_ENV) $(PY) -m pytest -q $(PYTEST_ARGS)

check: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy azat config
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run -v1

bench: install-dev
	$(PY) -m bench

# BENCH_LINKAGE_ARGS e.g. "--only febrl" or "--scale 100000"; results in bench/linkage/results/.
bench-linkage: install-dev
	$(PY) -m bench.linkage $(BENCH_LINKAGE_ARGS)

clean:
	rm -rf $(VENV) var test-results
