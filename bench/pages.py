"""Page throughput against the framework floor, at two content sizes, cached and uncached,
direct and through the bundled reverse proxy.

    .venv/bin/python bench/pages.py                       # 1,000 then 10,000 questions
    .venv/bin/python bench/pages.py --questions 100000    # 1,000 then 100,000 questions

For each size: seeds the questions (bulk_create), counts each page's SQL queries, times each
page in-process (Django's test client, page cache off, median of --in-process requests),
then for two servers -- page cache on and off, both gunicorn with gunicorn.conf.py and 2
workers on a loopback port -- loads each page with wrk, alternating with the floor (the
team's bare Django view, bench/floor.py: SecurityMiddleware and CommonMiddleware, a fixed
4 KB page, its own gunicorn with the same settings) and with the full-middleware reference
(the same bare view through the site's whole MIDDLEWARE, bench/urls.py), and prints requests
per second, p50 and each ratio to the floor. Then the same pages through the bundled nginx
(deploy/nginx.conf) in front of the cached server. References show what Django's own parts
cost: one ORM query, the site's layout around an empty page, and the two together. The
database is a throw-away SQLite file unless DATABASE_URL is set (e.g. under
scripts/with-postgres); the cache is local memory unless CACHE_URL is set.
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
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
if sys.prefix != str(VENV) and (VENV / "bin" / "python").exists():
    os.execv(VENV / "bin" / "python", [str(VENV / "bin" / "python"), *sys.argv])
sys.path.insert(0, str(ROOT))

TARGET_CACHED, TARGET_UNCACHED, TARGET_PROXY = 0.8, 0.12, 5.0
# In-process medians (ms, page cache off) issue 16 asks for.
TARGET_MS = {"home": 7.0, "category": 5.0, "question": 6.0, "search": 8.0}
# Every search is logged for the editors, so no cache answers one.
NEVER_CACHED = {"search"}
FLOOR_PATH = "/"


def main():
    args = _arguments()
    # Removed afterwards: a 100,000-question run leaves almost 1 GB.
    with tempfile.TemporaryDirectory(prefix="faq-bench-") as workdir:
        env = _environment(Path(workdir))
        os.environ.update(env)
        if not args.in_process_only:
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
    # Many short runs rather than a few long ones: each wrk run opens its 16 connections
    # afresh, and how they land on the two workers (8/8 or 16/0) changes the run's figure
    # by up to 3x (docs/benchmarks.md, "Why the figures vary"); the median of 7 runs keeps
    # an unlucky split from deciding a ratio.
    parser.add_argument("--duration", type=int, default=2, help="seconds of load per run")
    parser.add_argument("--rounds", type=int, default=7, help="runs per URL (median)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument("--in-process", type=int, default=200, help="requests per page")
    parser.add_argument(
        "--in-process-only",
        action="store_true",
        help="query counts and in-process medians only: no gunicorn, wrk or nginx",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("BENCH_PORT", 8401)),
        help="the site; the floor uses the next port, the proxy the one after",
    )
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
    packages = ["wrk=wrk", "/usr/sbin/nginx=nginx"]
    subprocess.run([ROOT / "scripts" / "ensure-debian-packages", *packages], check=True)


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
    in_process = {name: _in_process_ms(url, args.in_process) for name, url in pages.items()}
    first = {name: _in_process_ms(url, args.in_process, first=True) for name, url in pages.items()}
    measured = {"queries": queries, "sizes": sizes, "in_process": in_process, "first": first}
    measured["new query"] = _new_queries_ms(args.in_process)
    if args.in_process_only:
        return measured
    floor_env = {**os.environ, **env}
    with _gunicorn(args.port + 1, floor_env, app="bench.floor:application", probe=FLOOR_PATH):
        for mode, page_seconds in (("cached", "600"), ("uncached", "0")):
            server_env = {**os.environ, **env, "CACHE_PAGE_SECONDS": page_seconds}
            with _gunicorn(args.port, server_env):
                measured[mode] = _load_pages(pages, sizes, args, args.port)
                if mode == "uncached":
                    references = _references(pages, sizes)
                    measured["references"] = _load_pages(*references, args, args.port)
                else:
                    with _nginx(args.port + 2, args.port):
                        measured["proxy"] = _load_pages(pages, sizes, args, args.port + 2)
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


def _in_process_ms(url, requests, first=False):
    """The page's median time in-process, one request at a time, page cache off; with
    ``first``, each request is the first of its content version (faq.cache.versioned keeps
    nothing), as after every edit."""
    from django.test import Client
    from django.test.utils import override_settings

    from faq.cache import forget_versioned_reads

    client = Client(SERVER_NAME="127.0.0.1")
    times = []
    with override_settings(CACHE_PAGE_SECONDS=0):
        for _ in range(requests // 10):  # warm up: templates, connections
            client.get(url)
        for _ in range(requests):
            if first:
                forget_versioned_reads()
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _new_queries_ms(requests):
    """The search page's median time in-process when each search is one not asked before in
    this content version (its results are not kept yet): 質問 N and "question N", for a
    different N each time, alternately in Japanese and English.

    With the vocabulary of this content version, as a process has it from five minutes
    after the last edit (faq.search.spelling.MAX_AGE); until then an English word typed in
    part is matched as a prefix, which the seeding of this size has just made the case.
    """
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse
    from django.utils import translation

    from faq.search.analytics import flush_search_log
    from faq.search.spelling import forget_vocabulary

    forget_vocabulary()
    client = Client(SERVER_NAME="127.0.0.1")
    urls = {}
    for language in ("ja", "en"):
        with translation.override(language):
            urls[language] = reverse("faq:search")
    times = []
    with override_settings(CACHE_PAGE_SECONDS=0):
        for n in range(requests + requests // 10):
            language, word = ("ja", "質問") if n % 2 else ("en", "question")
            url = f"{urls[language]}?q={quote(word)}+{n}"
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
    flush_search_log()  # before the benchmark's database goes
    return statistics.median(times[requests // 10 :])  # the first tenth warms up


def _body_size(url):
    from django.test import Client
    from django.test.utils import override_settings

    with override_settings(CACHE_PAGE_SECONDS=0):
        return len(Client(SERVER_NAME="127.0.0.1").get(url).content)


class _gunicorn:
    def __init__(self, port, env, app=None, probe="/bench/floor/1/"):
        # No worker recycling in the middle of a measurement, and no per-request log lines.
        quiet = {
            "GUNICORN_MAX_REQUESTS": "0",
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        self.port, self.env = port, {**env, **quiet, "GUNICORN_WORKERS": "2"}
        self.env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
        self.app, self.probe = app, probe

    def __enter__(self):
        command = [VENV / "bin" / "gunicorn", "--config", "gunicorn.conf.py"]
        self.process = subprocess.Popen(
            command + ([self.app] if self.app else []), cwd=ROOT, env=self.env
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}{self.probe}", timeout=1)
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise SystemExit(f"gunicorn did not answer on port {self.port}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


class _nginx:
    """The bundled proxy (deploy/nginx.conf) on ``port`` in front of ``upstream``."""

    def __init__(self, port, upstream):
        self.port, self.upstream = port, upstream

    def __enter__(self):
        self.prefix = Path(tempfile.mkdtemp(prefix="faq-bench-nginx-"))
        self.prefix.chmod(0o755)  # run as root, nginx's workers are another user
        conf = (ROOT / "deploy" / "nginx.conf").read_text()
        for name, value in (
            ("@LISTEN@", f"127.0.0.1:{self.port}"),
            ("@UPSTREAM@", f"127.0.0.1:{self.upstream}"),
            ("@PREFIX@", str(self.prefix)),
        ):
            conf = conf.replace(name, value)
        (self.prefix / "nginx.conf").write_text(conf)
        command = ["/usr/sbin/nginx", "-p", self.prefix, "-c", self.prefix / "nginx.conf"]
        command += ["-e", self.prefix / "error.log", "-g", "daemon off;"]
        self.process = subprocess.Popen(command)
        time.sleep(0.5)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def _load_pages(pages, sizes, args, port):
    """Each page alternates with the floor and the full-middleware reference, ``rounds``
    times: the median evens out noise."""
    results = {"floor": [], "reference": []}
    for name, url in pages.items():
        reference = f"/bench/floor/{sizes[name]}/"
        _wrk(port, url, args, seconds=1)  # warm up: templates, connections, the page cache
        runs = [
            (
                _wrk(port, url, args),
                _wrk(args.port + 1, FLOOR_PATH, args),
                _wrk(args.port, reference, args),
            )
            for _ in range(args.rounds)
        ]
        results[name] = _median([page for page, _, _ in runs])
        results[f"floor for {name}"] = _median([floor for _, floor, _ in runs])
        results[f"reference for {name}"] = _median([ref for _, _, ref in runs])
    return results


def _median(runs):
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def _wrk(port, path, args, seconds=None):
    url = f"http://127.0.0.1:{port}{path}"
    seconds = seconds or args.duration
    output = subprocess.run(
        ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--latency", url],
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
    _print_in_process(results, sizes)  # with the first of a version, which the load misses
    if args.in_process_only:
        return
    for size in sizes:
        measured = results[size]
        print(f"\n{size:,} questions: requests/s (p50 ms) and ratio to the floor (bench/floor.py)")
        columns = ("cached", "uncached", "via nginx", "floor", "reference")
        widths = (22, 22, 22, 14, 22)
        head = f"{'page':9} {'bytes':>6} {'q':>2} {'in-process':>10} "
        print(head + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
        for name in measured["queries"]:
            cells = [_cell(measured[mode], name) for mode in ("cached", "uncached", "proxy")]
            floor = measured["uncached"][f"floor for {name}"]
            reference = _cell(measured["uncached"], name, key=f"reference for {name}")
            print(
                f"{name:9} {measured['sizes'][name]:>6} {measured['queries'][name]:>2} "
                f"{measured['in_process'][name]:>8.1f}ms {cells[0]:>22} {cells[1]:>22} "
                f"{cells[2]:>22} {floor['rps']:>8.0f} ({floor['p50_ms']:.1f}) {reference:>22}"
            )
    _print_targets(results, sizes)
    _print_references(results[sizes[-1]]["references"])


def _print_in_process(results, sizes):
    print("\nIn-process medians (page cache off), queries, bytes; targets " + _targets_ms())
    for size in sizes:
        measured = results[size]
        for name, ms in measured["in_process"].items():
            print(
                f"{size:>7,} {name:9} {ms:6.2f} ms {_mark(ms <= TARGET_MS[name]):6} "
                f"first of a version {measured['first'][name]:6.2f} ms  "
                f"queries {measured['queries'][name]:>2}  bytes {measured['sizes'][name]}"
            )
        ms = measured["new query"]
        mark = _mark(ms <= TARGET_MS["search"])
        print(f"{size:>7,} {'search':9} {ms:6.2f} ms {mark:6} a new query each")


def _targets_ms():
    return ", ".join(f"{name} {ms:g} ms" for name, ms in TARGET_MS.items())


def _cell(loaded, name, key=None):
    page, floor = loaded[key or name], loaded[f"floor for {name}"]
    return f"{page['rps']:.0f} ({page['p50_ms']:.1f}) {_divide(page['rps'], floor['rps']):.2f}x"


def _print_targets(results, sizes):
    print(
        f"\nTargets: cached >= {TARGET_CACHED}x the floor, uncached >= {TARGET_UNCACHED}x, "
        f"via nginx >= {TARGET_PROXY}x, in-process medians (page cache off) within " + _targets_ms()
    )
    for size in sizes:
        measured = results[size]
        for name in measured["queries"]:
            cached = _ratio(measured["cached"], name)
            uncached = _ratio(measured["uncached"], name)
            proxied = _ratio(measured["proxy"], name)
            never = name in NEVER_CACHED
            ms = measured["in_process"][name]
            cached_mark = "(never cached)" if never else _mark(cached >= TARGET_CACHED)
            proxied_mark = "(never cached)" if never else _mark(proxied >= TARGET_PROXY)
            print(
                f"{size:>7,} {name:9} "
                f"cached {cached:.2f}x {cached_mark}  "
                f"uncached {uncached:.2f}x {_mark(uncached >= TARGET_UNCACHED)}  "
                f"nginx {proxied:.2f}x {proxied_mark}  "
                f"in-process {ms:.1f} ms {_mark(ms <= TARGET_MS[name])}  "
                f"queries {measured['queries'][name]}"
            )


def _print_references(references):
    print("\nWhat Django's own parts cost (uncached server, same run), ratio to the floor:")
    for name, what in (
        ("one ORM query", "one ORM query (a question by slug), no template"),
        ("layout", "the site's layout (base.html), no query"),
        ("one ORM query in the layout", "both: the least a page with content can be"),
    ):
        print(f"  {what:50} {_cell(references, name)}")


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
