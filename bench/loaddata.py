"""How long `loaddata` takes into an empty database: the shipped FAQ, then generated ones.

    .venv/bin/python bench/loaddata.py                  # faq, then 1,000/5,000/10,000 questions
    .venv/bin/python bench/loaddata.py --sizes 2000,20000

Each load is `manage.py loaddata` in a fresh process into a freshly migrated SQLite file
(or into DATABASE_URL's database, emptied with `flush` first, e.g. under
scripts/with-postgres), timed from start to exit, as an editor would run it. Generated
fixtures are the benchmark content (bench/seed.py) dumped with natural keys, the shipped
fixture's format.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
if sys.prefix != str(VENV) and (VENV / "bin" / "python").exists():
    os.execv(VENV / "bin" / "python", [str(VENV / "bin" / "python"), *sys.argv])
sys.path.insert(0, str(ROOT))

PYTHON = str(VENV / "bin" / "python")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="faq-loaddata-") as workdir:
        _measure(sizes, Path(workdir))


def _measure(sizes, workdir):
    template = _migrated_sqlite(workdir / "empty.sqlite3")
    if (ROOT / "fixtures" / "faq.json").exists():
        print(f"loaddata faq: {_timed_load('faq', workdir, template):.2f} s")
    else:
        print("loaddata faq: fixtures/faq.json is not on this branch; not measured")
    for size in sizes:
        fixture = _generated_fixture(size, workdir, template)
        seconds = _timed_load(str(fixture), workdir, template)
        print(f"{size:>7,} questions: {seconds:6.2f} s  ({seconds / size * 1000:.2f} ms/question)")


def _env(database_url):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "faqsite.settings",
    }


def _migrated_sqlite(path):
    """An empty SQLite database with the schema, copied for each seed and each load."""
    _manage(["migrate", "--no-input", "--verbosity", "0"], f"sqlite:///{path}")
    if os.environ.get("DATABASE_URL"):
        _manage(["migrate", "--no-input", "--verbosity", "0"], os.environ["DATABASE_URL"])
    return path


def _manage(arguments, database_url):
    subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=_env(database_url), check=True)


def _timed_load(fixture, workdir, template):
    """Seconds for `manage.py loaddata` into an empty, migrated database."""
    url = os.environ.get("DATABASE_URL")
    if url:
        _manage(["flush", "--no-input"], url)
    else:
        target = workdir / "load.sqlite3"
        shutil.copy(template, target)
        url = f"sqlite:///{target}"
    started = time.monotonic()
    _manage(["loaddata", fixture, "--verbosity", "0"], url)
    return time.monotonic() - started


def _generated_fixture(size, workdir, template):
    """Seeds a scratch SQLite database with ``size`` questions and dumps it."""
    database = workdir / f"seed-{size}.sqlite3"
    shutil.copy(template, database)
    fixture = workdir / f"faq-{size}.json"
    code = f"import django; django.setup(); from bench.seed import seed; seed({size})"
    env = _env(f"sqlite:///{database}")
    subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, check=True)
    dump = ["dumpdata", "contacts", "faq", "--natural-foreign", "--natural-primary"]
    subprocess.run(
        [PYTHON, "manage.py", *dump, "--output", str(fixture)], cwd=ROOT, env=env, check=True
    )
    return fixture


if __name__ == "__main__":
    main()
