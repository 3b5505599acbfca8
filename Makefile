# Every target sets up what it needs: a fresh machine with Python 3.11 needs nothing else.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
LOCK := requirements.lock
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | sha1sum | cut -c1-12)

.PHONY: install run test lint lock browser proxy serve test-postgres test-redis

## make install: exactly the packages of requirements.lock, each checked against its hash.
## The project itself runs from this checkout (manage.py, gunicorn and pytest put it on the path).
install: $(STAMP)

$(STAMP): pyproject.toml $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	rm -f $(VENV)/.installed-*
	touch $@

## make lock: requirements.lock again from pyproject.toml's pins, after changing one there;
## every other package keeps its locked version unless the change needs another.
lock: install
	$(VENV)/bin/uv pip compile --quiet pyproject.toml --extra dev --generate-hashes \
	  --python-version 3.11 --no-header -o $(LOCK)

## make run: SQLite, the source FAQ, a local admin, the site on http://127.0.0.1:8000
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py loaddata faq synonyms
	$(PY) manage.py createinitialrevisions --verbosity 0 --comment "Loaded from fixtures/faq.json"
	$(PY) manage.py createlocaladmin
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install
	scripts/check-lock
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

## make browser: Debian's Chromium for the Playwright tests (Playwright never downloads one),
## a Japanese font so that screenshots show text rather than empty boxes, and the npm tools
## of package-lock.json (axe-core for the accessibility tests, Lighthouse for bench/)
browser: node_modules/.installed
	scripts/ensure-debian-packages /usr/bin/chromium=chromium \
	  /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc=fonts-noto-cjk

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

## make proxy: Debian's nginx, the bundled reverse-proxy cache (deploy/nginx.conf)
proxy:
	scripts/ensure-debian-packages /usr/sbin/nginx=nginx

## make test: lint, migrations check and the whole suite (browser tests and the tests through
## the bundled nginx included) on SQLite; the tests that need a Redis server run in
## make test-redis, the load runs in make test-load.
test: lint browser proxy
	$(VENV)/bin/pytest -m "not redis and not load and not postgres"

## make test-redis: the page-cache tests against a throw-away Redis server (port REDIS_PORT)
test-redis: install browser
	scripts/with-redis $(VENV)/bin/pytest -m redis

## make test-postgres: the whole suite on a throw-away PostgreSQL (PG_PORT), Redis included
test-postgres: install browser proxy
	scripts/with-postgres scripts/with-redis $(VENV)/bin/pytest -m "not load"

## make serve: production-like on http://127.0.0.1:8000 (DEBUG off, the bundled nginx cache
## in front of gunicorn on 127.0.0.1:8001, Redis cache)
serve: install proxy
	scripts/with-redis scripts/serve

.PHONY: backup restore

## make backup: all content (every language, contact channels) to backups/faq-YYYYmmdd-HHMMSS.json
backup: install
	$(PY) manage.py backup --dir backups

## make restore FILE=backups/faq-....json: load a backup into an empty database (refuses otherwise)
restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/faq-YYYYmmdd-HHMMSS.json" >&2; exit 2; }
	$(PY) manage.py migrate --no-input
	$(PY) manage.py restore "$(FILE)"

.PHONY: test-load load

## make test-load: a short load run and the faults (a killed worker, Redis down, an
## interrupted loaddata) against real gunicorn and Redis on free loopback ports; minutes
test-load: install
	$(VENV)/bin/pytest -m load tests/load

## make load: the full load run (64 clients, 60 s; LOAD_ARGS="--clients 16 --seconds 15")
load: install
	$(PY) bench/load.py $(LOAD_ARGS)

.PHONY: export

## make export: the database's content over the shipped fixtures (fixtures/faq.json and
## fixtures/synonyms.json), in their form; never votes, the search log or search documents
export: install
	$(PY) manage.py export_content --exclude faq.Synonym -o fixtures/faq.json
	$(PY) manage.py export_content faq.Synonym -o fixtures/synonyms.json
