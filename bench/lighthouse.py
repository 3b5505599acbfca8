"""Lighthouse (npm lighthouse@12.2.3, from package-lock.json) in mobile mode against Debian's
Chromium, on the production-like server: home, a category, a question and a search page.

    make browser                     # npm ci: Lighthouse and axe-core into node_modules/
    .venv/bin/python bench/lighthouse.py [--port 8421] [--language ja] [--runs 3]

Starts scripts/serve (DEBUG off, gunicorn, hashed and compressed static files, the shipped
FAQ) on a loopback port with a throw-away SQLite database, no Redis and no nginx (one
worker), runs Lighthouse --runs times per page (Lighthouse's own advice for variable
machines: take the median run,
https://github.com/GoogleChrome/lighthouse/blob/main/docs/variability.md) and prints the
four category scores (0-100) of the median run by performance, every run's performance
score and Total Blocking Time (the metric that varies), then every audit that cost points
in the median run. The load average before and after is printed too: on a busy machine the
simulated blocking time grows with it (docs/benchmarks.md, "Lighthouse").
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
# Those of tests/browser/conftest.py: without the background-networking ones Chromium's
# connections to Google's hosts are refused by this machine's closed network.
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def pages(language):
    return {
        "home": f"/{language}/",
        "category": f"/{language}/c/payment-services/",
        "question": f"/{language}/q/available-card-brands/",
        "search": f"/{language}/search/?q={quote('カード')}",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8421)
    parser.add_argument("--language", choices=("ja", "en"), default="ja")
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `make browser` (npm ci).")
    with tempfile.TemporaryDirectory() as workdir, serving(args.port, workdir) as base:
        print(f"Lighthouse 12.2.3, mobile, {CHROMIUM}, {base}; {_load()}")
        print(f"{'page':<10}" + "".join(f"{n:>16}" for n in CATEGORIES) + "  every run (TBT ms)")
        losses = {}
        for name, path in pages(args.language).items():
            reports = sorted((lighthouse(base + path) for _ in range(args.runs)), key=_performance)
            report = reports[len(reports) // 2]
            scores = [round(report["categories"][c]["score"] * 100) for c in CATEGORIES]
            runs = " ".join(f"{round(_performance(r) * 100)} ({_tbt(r)})" for r in reports)
            print(f"{name:<10}" + "".join(f"{s:>16}" for s in scores) + f"  {runs}", flush=True)
            losses[name] = lost_points(report)
        for name, audits in losses.items():
            for audit in audits:
                print(f"  {name}: {audit}")
        print(_load())


class serving:
    """scripts/serve on 127.0.0.1:port until the block ends."""

    def __init__(self, port, workdir):
        self.port, self.workdir = port, workdir

    def __enter__(self):
        env = {
            **os.environ,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "NGINX_PORT": "off",  # gunicorn alone: nginx's port would clash with a second run
            "GUNICORN_WORKERS": "1",
            "GUNICORN_ACCESS_LOG": "",
            "DATABASE_URL": f"sqlite:///{Path(self.workdir) / 'db.sqlite3'}",
            "CACHE_URL": os.environ.get("CACHE_URL", ""),
        }
        self.log = (Path(self.workdir) / "serve.log").open("w")
        self.process = subprocess.Popen(
            [ROOT / "scripts" / "serve"], cwd=ROOT, env=env, stdout=self.log, stderr=self.log,
            start_new_session=True,
        )  # fmt: skip
        base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=2)
                return base
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.5)
        self.__exit__()
        sys.exit("The server did not start:\n" + (Path(self.workdir) / "serve.log").read_text())

    def __exit__(self, *exc):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self.log.close()


def lighthouse(url):
    command = [
        str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
    ]  # fmt: skip
    for _attempt in range(3):  # Lighthouse's own trace recording fails now and then (NO_NAVSTART)
        result = subprocess.run(
            command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True
        )
        if result.returncode == 0:
            return json.loads(result.stdout)
    sys.exit(f"Lighthouse failed three times on {url}:\n{result.stderr[-2000:]}")


def _performance(report):
    return report["categories"]["performance"]["score"]


def _tbt(report):
    return round(report["audits"]["total-blocking-time"]["numericValue"])


def _load():
    return "load average " + " ".join(f"{load:.2f}" for load in os.getloadavg())


def lost_points(report):
    """The audits of the four categories that scored below 1: title, value, score."""
    weighted = {
        ref["id"]
        for category in CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0
    }
    audits = report["audits"]
    return [
        f"{audits[audit_id]['title']}: {audits[audit_id].get('displayValue', '')} "
        f"(score {audits[audit_id]['score']:.2f})"
        for audit_id in sorted(weighted)
        if audits[audit_id]["score"] is not None and audits[audit_id]["score"] < 1
    ]


if __name__ == "__main__":
    main()
