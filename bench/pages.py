"""Page throughput against the framework floor, at two content sizes, cached and uncached.

    .venv/bin/python bench/pages.py                       # 1,000 then 10,000 questions
    .venv/bin/python bench/pages.py --questions 100000    # 1,000 then 100,000 questions

For each size: seeds the questions (bulk_create), counts each page's SQL queries, then for
two servers -- page cache on and off, both gunicorn with gunicorn.conf.py and 2 workers on a
loopback port -- measures each page and the floor (a bare Django view answering a fixed page
of the same size, bench/urls.py) with wrk, and prints each page's requests per second as a
ratio of the floor. References show what Django's own parts cost against the same floor:
one ORM query, the site's layout around an empty page, and the two together. The database is
a throw-away SQLite file unless DATABASE_URL is set (e.g. under scripts/with-postgres); the
cache is local memory unless CACHE_URL is set.
"""

import argparse
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
if sys.prefix != str(VENV) and (VENV / "bin" / "python").exists():
    os.execv(VENV / "bin" / "python", [str(VENV / "bin" / "python"), *sys.argv])
sys.path.insert(0, str(ROOT))

TARGET_CACHED, TARGET_UNCACHED = 0.8, 0.35
# Every search is logged for the editors, so the page cache never answers one.
NEVER_CACHED = {"search"}


def main():
    args = _arguments()
    # Removed afterwards: a 100,000-question run leaves almost 1 GB.
    with tempfile.TemporaryDirectory(prefix="faq-bench-") as workdir:
        env = _environment(Path(workdir))
        os.environ.update(env)
        _ensure_wrk()
        _prepare_django()
        results = {}
        for size in sorted({args.baseline, args.questions}):
            results[size] = _measure_size(size, args, env)
    _print_summary(results, args)


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000, help="the large size")
    parser.add_argument("--baseline", type=int, default=1_000, help="the small size")
    parser.add_argument("--duration", type=int, default=3, help="seconds of load per run")
    parser.add_argument("--rounds", type=int, default=3, help="runs per URL (median)")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8401)))
    return parser.parse_args()


def _environment(workdir):
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"),
        "CACHE_URL": os.environ.get("CACHE_URL", ""),
        "BENCH_STATIC_ROOT": str(workdir / "static"),
    }


def _ensure_wrk():
    subprocess.run([ROOT / "scripts" / "ensure-debian-packages", "wrk=wrk"], check=True)


def _prepare_django():
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def _measure_size(size, args, env):
    from bench.seed import seed

    started = time.monotonic()
    seed(size)
    print(f"\n== {size:,} questions (seeded in {time.monotonic() - started:.1f} s)")
    pages = _pages()
    queries = {name: _query_count(url) for name, url in pages.items()}
    sizes = {name: _body_size(url) for name, url in pages.items()}
    measured = {"queries": queries, "sizes": sizes}
    for mode, page_seconds in (("cached", "600"), ("uncached", "0")):
        server_env = {**os.environ, **env, "CACHE_PAGE_SECONDS": page_seconds}
        with _gunicorn(args.port, server_env):
            measured[mode] = _load_pages(pages, sizes, args)
            if mode == "uncached":
                measured["references"] = _load_pages(*_references(pages, sizes), args)
    return measured


def _references(pages, sizes):
    """Django's own parts alone, each against the floor of the question page's size."""
    slug = pages["question"].rstrip("/").rsplit("/", 1)[-1]
    size = sizes["question"]
    references = {
        "one ORM query": f"/bench/one-query/{size}/{slug}/",
        "layout": "/bench/layout/",
        "one ORM query in the layout": f"/bench/one-query-in-layout/{slug}/",
    }
    return references, dict.fromkeys(references, size)


def _pages():
    """The public pages worth measuring, as the site's URLs name them today."""
    from django.urls import reverse

    from faq.models import Category, Question

    category = Category.objects.filter(parent__isnull=False).order_by("position").first()
    question = Question.objects.order_by("pk")[Question.objects.count() // 2]
    return {
        "home": reverse("faq:home"),
        "category": reverse("faq:category", kwargs={"slug": category.slug}),
        "question": reverse("faq:question", kwargs={"slug": question.slug}),
        # 質問 ("question") is in every title: the most results a search can have (capped).
        "search": reverse("faq:search") + "?q=%E8%B3%AA%E5%95%8F",
    }


def _query_count(url):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(CACHE_PAGE_SECONDS=0), CaptureQueriesContext(connection) as queries:
        response = Client(SERVER_NAME="127.0.0.1").get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries)


def _body_size(url):
    from django.test import Client
    from django.test.utils import override_settings

    with override_settings(CACHE_PAGE_SECONDS=0):
        return len(Client(SERVER_NAME="127.0.0.1").get(url).content)


class _gunicorn:
    def __init__(self, port, env):
        # No worker recycling in the middle of a measurement, and no per-request log lines.
        quiet = {
            "GUNICORN_MAX_REQUESTS": "0",
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        self.port, self.env = port, {**env, **quiet, "GUNICORN_WORKERS": "2"}
        self.env["GUNICORN_BIND"] = f"127.0.0.1:{port}"

    def __enter__(self):
        command = [VENV / "bin" / "gunicorn", "--config", "gunicorn.conf.py"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/bench/floor/1/", timeout=1)
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise SystemExit(f"gunicorn did not answer on port {self.port}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def _load_pages(pages, sizes, args):
    """Each page alternates with its floor, ``rounds`` times: the median evens out noise."""
    results = {}
    for name, url in pages.items():
        floor = f"/bench/floor/{sizes[name]}/"
        _wrk(url, args, seconds=1)  # warm up: templates, connections, the page cache
        runs = [(_wrk(url, args), _wrk(floor, args)) for _ in range(args.rounds)]
        results[name] = _median([page for page, _ in runs])
        results[f"floor for {name}"] = _median([floor for _, floor in runs])
    return results


def _median(runs):
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def _wrk(path, args, seconds=None):
    url = f"http://127.0.0.1:{args.port}{path}"
    seconds = seconds or args.duration
    output = subprocess.run(
        ["wrk", "-t1", f"-c{args.connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"{url} answered errors under load:\n{output}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _milliseconds(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99_ms": _milliseconds(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
    }


def _milliseconds(text):
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _print_summary(results, args):
    sizes = sorted(results)
    for size in sizes:
        measured = results[size]
        print(f"\n{size:,} questions: requests/s (p50 ms), ratio to the floor of the same size")
        print(f"{'page':10} {'bytes':>7} {'queries':>7} {'cached':>24} {'uncached':>24}")
        for name in measured["queries"]:
            cells = [_cell(measured[mode], name) for mode in ("cached", "uncached")]
            print(
                f"{name:10} {measured['sizes'][name]:>7} {measured['queries'][name]:>7} "
                f"{cells[0]:>24} {cells[1]:>24}"
            )
    _print_targets(results, sizes)
    _print_references(results[sizes[-1]]["references"])


def _cell(loaded, name):
    page, floor = loaded[name], loaded[f"floor for {name}"]
    return f"{page['rps']:.0f} ({page['p50_ms']:.1f}) {_divide(page['rps'], floor['rps']):.2f}x"


def _print_targets(results, sizes):
    small, large = results[sizes[0]], results[sizes[-1]]
    print("\nTargets: cached >= 0.8x floor, uncached >= 0.35x, same queries, p50 within 1.3x")
    print("(p50 growth is also shown relative to the floor's, which cancels the machine's load)")
    for name in large["queries"]:
        cached = _ratio(large["cached"], name)
        uncached = _ratio(large["uncached"], name)
        cached_mark = "(never cached)" if name in NEVER_CACHED else _mark(cached >= TARGET_CACHED)
        growth = _p50(large, name) / _p50(small, name)
        relative = growth / (_p50(large, f"floor for {name}") / _p50(small, f"floor for {name}"))
        same = small["queries"][name] == large["queries"][name]
        print(
            f"{name:10} cached {cached:.2f}x {cached_mark}  "
            f"uncached {uncached:.2f}x {_mark(uncached >= TARGET_UNCACHED)}  "
            f"queries {small['queries'][name]}/{large['queries'][name]} {_mark(same)}  "
            f"uncached p50 {sizes[-1]:,}/{sizes[0]:,} {growth:.2f}x, "
            f"{relative:.2f}x of the floor's {_mark(relative <= 1.3)}"
        )


def _print_references(references):
    print("\nWhat Django's own parts cost (uncached server, same run), ratio to the floor:")
    for name, what in (
        ("one ORM query", "one ORM query (a question by slug), no template"),
        ("layout", "the site's layout (base.html), no query"),
        ("one ORM query in the layout", "both: the least a page with content can be"),
    ):
        print(f"  {what:50} {_cell(references, name)}")


def _p50(measured, name):
    return measured["uncached"][name]["p50_ms"]


def _ratio(loaded, name):
    return _divide(loaded[name]["rps"], loaded[f"floor for {name}"]["rps"])


def _divide(page, floor):
    # A floor run can complete nothing when the server is still busy with a slow page's
    # queued requests: print nan rather than losing the whole run to a ZeroDivisionError.
    return page / floor if floor else float("nan")


def _mark(ok):
    return "ok" if ok else "MISSED"


if __name__ == "__main__":
    main()
