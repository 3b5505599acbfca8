"""What a cached hit costs with each candidate for the default without CACHE_URL.

    .venv/bin/python bench/shared_state.py

Every process of one deployment must see the same content version (and rate-limit counts).
A cached hit reads the version and then the page; this times that pair, in-process, for:
the version in the database read at most once a second per process with pages in local
memory (what the site does, faq/cache.py), the same without the memo (one SELECT per hit),
Django's database cache and its file-based cache for both. Medians of --rounds runs of
--hits hits, a real rendered question page as the cached value, on a throw-away SQLite file.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
if sys.prefix != str(VENV) and (VENV / "bin" / "python").exists():
    os.execv(VENV / "bin" / "python", [str(VENV / "bin" / "python"), *sys.argv])
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hits", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="faq-bench-state-") as workdir:
        _setup(Path(workdir))
        page = _page()
        for name, hit in _candidates(Path(workdir), page):
            runs = [_time(hit, args.hits) for _ in range(args.rounds)]
            print(f"{name:58} {statistics.median(runs):8.1f} µs per cached hit")


def _setup(workdir):
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "faqsite.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        }
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("loaddata", "faq", verbosity=0)
    from django.test.utils import override_settings

    table = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
    with override_settings(CACHES={"default": table}):
        call_command("createcachetable", verbosity=0)


def _page():
    from django.http import HttpResponse
    from django.test import Client

    from faq.models import Question

    question = Question.objects.published().first()
    rendered = Client(SERVER_NAME="127.0.0.1").get(question.get_absolute_url())
    return HttpResponse(rendered.content, headers=dict(rendered.items()))


def _candidates(workdir, page):
    from django.core.cache.backends.db import DatabaseCache
    from django.core.cache.backends.filebased import FileBasedCache
    from django.core.cache.backends.locmem import LocMemCache

    from faq import cache as page_cache

    local = LocMemCache("bench", {})
    local.set("page", page)
    database = DatabaseCache("django_cache", {})
    files = FileBasedCache(str(workdir / "cache"), {})
    for shared in (database, files):
        shared.set("version", 1)
        shared.set("page", page)

    def memoised():
        page_cache.content_version()
        local.get("page")

    def unmemoised():
        page_cache._database_version()
        local.get("page")

    return [
        ("database version, 1 s memo, page in local memory (chosen)", memoised),
        ("database version, no memo, page in local memory", unmemoised),
        ("Django's database cache (version and page)", lambda: _both(database)),
        ("Django's file-based cache (version and page)", lambda: _both(files)),
        ("local memory only (wrong across processes: reference)", lambda: _both(local)),
    ]


def _both(backend):
    backend.get("version")
    backend.get("page")


def _time(hit, hits):
    started = time.perf_counter()
    for _ in range(hits):
        hit()
    return (time.perf_counter() - started) / hits * 1e6


if __name__ == "__main__":
    main()
