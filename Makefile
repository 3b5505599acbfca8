# Every target sets up what it needs: a fresh machine with Python 3.11 needs nothing else.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: install run test lint serve test-postgres test-redis

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

## make run: SQLite, the source FAQ, a local admin, the site on http://127.0.0.1:8000
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py loaddata faq
	$(PY) manage.py createlocaladmin
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

## make test: lint, migrations check and the whole suite (browser tests included)
## on SQLite; the tests that need a Redis server run in make test-redis.
test: lint
	$(VENV)/bin/pytest -m "not redis"

## make test-redis: the page-cache tests against a throw-away Redis server (port REDIS_PORT)
test-redis: install
	scripts/with-redis $(VENV)/bin/pytest -m redis

## make test-postgres: the whole suite on a throw-away PostgreSQL (PG_PORT), Redis included
test-postgres: install
	scripts/with-postgres scripts/with-redis $(VENV)/bin/pytest

## make serve: production-like on http://127.0.0.1:8000 (DEBUG off, gunicorn, Redis cache)
serve: install
	scripts/with-redis scripts/serve
