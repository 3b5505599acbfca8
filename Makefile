# Every target sets up what it needs: a fresh machine with Python 3.11 needs nothing else.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: install run test lint

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
test: lint
	$(VENV)/bin/pytest

.PHONY: backup restore

## make backup: all content (every language, contact channels) to backups/faq-YYYYmmdd-HHMMSS.json
backup: install
	$(PY) manage.py backup --dir backups

## make restore FILE=backups/faq-....json: load a backup into an empty database (refuses otherwise)
restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/faq-YYYYmmdd-HHMMSS.json" >&2; exit 2; }
	$(PY) manage.py migrate --no-input
	$(PY) manage.py restore "$(FILE)"
