"""Load run: concurrent visitors and an admin editor against the production-like server.

    .venv/bin/python bench/load.py                               # 64 clients, 60 s, port 8601
    .venv/bin/python bench/load.py --clients 16 --seconds 15 --port 8602

Starts the server the way `make serve` does (scripts/serve: DEBUG off, gunicorn with
gunicorn.conf.py, plain http on the loopback) on a throw-away SQLite file (or DATABASE_URL)
and the Redis of REDIS_URL (without one, re-runs itself under scripts/with-redis, port
REDIS_PORT). Each client keeps its own cookies and mixes the home page, categories,
questions, searches, an intended 404 and votes (GET the question, POST the vote with its
CSRF token); an editor logs in through the admin login form and saves a question's English
title every second. Then it prints requests, errors and latency and checks in the database
that the last saved title and every vote answered 2xx/3xx are there. Exit status 1 when an
unexpected error happened or something is missing.
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"

CATEGORIES = ("payment-services", "system", "card-payments", "getting-started")
QUESTIONS = ("pricing", "lead-time", "screening", "ssl-requirement", "what-is-pg-multi-payment")
SEARCHES = ("決済", "カード", "ssl", "手数料", "<script>alert(1)</script>", "コンビニ")
EDITED_QUESTION = "contact-desks"
EDITOR = "load-editor"
# The load shares one client address, so the per-address vote limit is raised for the run.
VOTE_LIMIT_FOR_LOAD = "1000000"


class Server:
    """scripts/serve on 127.0.0.1:port with a fresh database and a staff user for the editor."""

    def __init__(self, port, *, redis_url=None, workers=None):
        self.port = port
        self.workdir = Path(tempfile.mkdtemp(prefix="faq-load-"))
        self.password = secrets.token_urlsafe(18)
        self.env = _server_env(port, self.workdir, redis_url, workers)

    def __enter__(self):
        _manage(self.env, "migrate", "--no-input", "--verbosity", "0")
        _manage(self.env, "shell", "-c", _CREATE_EDITOR, stdin=self.password)
        # A new session: stopping the server also stops every worker it started.
        self.log = self.workdir / "server.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [ROOT / "scripts" / "serve"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_until_up()
        return self

    def __exit__(self, *exc):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)

    def _wait_until_up(self):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the server stopped while starting")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/ja/")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"the server did not answer on port {self.port}")

    def worker_pids(self):
        """The gunicorn workers: the master's children (scripts/serve execs the master)."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def check_database(self, expected):
        """What of ``expected`` (the editor's last title, the votes) the database lacks."""
        env = {**self.env, "CACHE_URL": ""}
        result = subprocess.run(
            [PYTHON, Path(__file__), "--check-database"],
            cwd=ROOT,
            env=env,
            input=json.dumps(expected),
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(result.stdout)


def _server_env(port, workdir, redis_url, workers):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "faqsite.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'load.sqlite3'}"),
        "CACHE_URL": redis_url if redis_url is not None else os.environ.get("REDIS_URL", ""),
        "FAQ_VOTE_LIMIT": VOTE_LIMIT_FOR_LOAD,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        # gunicorn alone, exec'd by scripts/serve, so that its workers are the server's children.
        "NGINX_PORT": "off",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
        "GUNICORN_MAX_REQUESTS": "0",
    }
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    return env


_CREATE_EDITOR = f"""
import sys
from django.contrib.auth import get_user_model
get_user_model().objects.create_superuser("{EDITOR}", None, sys.stdin.read())
"""


def _manage(env, *args, stdin=None):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, input=stdin, text=True, check=True
    )


class Results:
    """Every request's outcome, shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.by_status = {}
        self.unexpected = []
        self.votes = {}
        self.edits = []
        self.in_flight = 0
        self.log = []  # (monotonic time, kind, status) of every request, for the fault tests

    def record(self, kind, status, seconds, intended=()):
        with self.lock:
            self.log.append((time.monotonic(), kind, status))
            self.latencies.append(seconds)
            self.by_status[status] = self.by_status.get(status, 0) + 1
            if not (isinstance(status, int) and (status < 400 or status in intended)):
                self.unexpected.append((time.monotonic(), kind, status))

    def summary(self, seconds):
        ordered = sorted(self.latencies) or [0.0]
        return {
            "requests": len(self.latencies),
            "per_second": round(len(self.latencies) / seconds, 1),
            "statuses": {str(k): v for k, v in sorted(self.by_status.items(), key=str)},
            "unexpected_errors": len(self.unexpected),
            "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p99_ms": round(
                ordered[int(len(ordered) * 0.99) - 1 if len(ordered) > 1 else 0] * 1000, 1
            ),
            "edits_saved": len(self.edits),
            "votes_accepted": len(self.votes),
        }


class Browser:
    """One visitor: its own connection and cookies, requests timed into ``results``."""

    def __init__(self, port, results):
        self.port, self.results = port, results
        self.cookies = {}
        self.connection = None

    def request(self, kind, method, path, form=None, intended=()):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        started = time.monotonic()
        with self.results.lock:
            self.results.in_flight += 1
        try:
            status, page = self._send(method, path, body, headers)
        except (OSError, http.client.HTTPException) as exc:
            self.connection = None
            status, page = type(exc).__name__, ""
        finally:
            with self.results.lock:
                self.results.in_flight -= 1
        self.results.record(kind, status, time.monotonic() - started, intended)
        return status, page

    def _send(self, method, path, body, headers):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        self.connection.request(method, path, body, headers)
        response = self.connection.getresponse()
        page = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, page


def visitor(port, results, stop, seed):
    browser, rng = Browser(port, results), random.Random(seed)
    actions = [_home, _category, _question, _question, _search, _vote, _vote, _missing]
    while not stop.is_set():
        rng.choice(actions)(browser, rng)


def _home(browser, rng):
    browser.request("home", "GET", rng.choice(("/ja/", "/en/")))


def _category(browser, rng):
    browser.request("category", "GET", f"/ja/c/{rng.choice(CATEGORIES)}/")


def _question(browser, rng):
    browser.request("question", "GET", f"/{rng.choice(('ja', 'en'))}/q/{rng.choice(QUESTIONS)}/")


def _search(browser, rng):
    query = urllib.parse.urlencode({"q": rng.choice(SEARCHES)})
    browser.request("search", "GET", f"/ja/search/?{query}", intended=(429,))


def _missing(browser, rng):
    browser.request("404", "GET", "/ja/q/no-such-question/", intended=(404,))


def _vote(browser, rng):
    slug = rng.choice(QUESTIONS)
    status, _page = browser.request("question", "GET", f"/ja/q/{slug}/")
    if status != 200:
        return
    # As static/faq/vote.js does: the page (which a shared cache may hold) has no token.
    status, answer = browser.request("vote token", "GET", "/ja/vote/token")
    token = json.loads(answer).get("token") if status == 200 else None
    if not token:
        return
    helpful = rng.choice(("yes", "no"))
    form = {"csrfmiddlewaretoken": token, "helpful": helpful}
    status, _page = browser.request("vote", "POST", f"/ja/q/{slug}/vote/", form, intended=(429,))
    if isinstance(status, int) and status < 400:
        with browser.results.lock:
            browser.results.votes[(browser.cookies["faq_voter"], slug)] = helpful == "yes"


def _csrf_token(page):
    fields = FormFields(None)
    fields.feed(page)
    return dict(fields.fields).get("csrfmiddlewaretoken")


def editor(port, results, stop, password):
    """Log in through the real login form, then save the question's change form every second."""
    browser = Browser(port, results)
    _status, page = browser.request("admin", "GET", "/admin/login/?next=/admin/")
    login = {"csrfmiddlewaretoken": _csrf_token(page), "username": EDITOR, "password": password}
    status, _page = browser.request("admin", "POST", "/admin/login/?next=/admin/", login)
    if status != 302:
        raise RuntimeError(f"the editor could not log in: {status}")
    change_url = _change_url(browser)
    count = 0
    while not stop.wait(1.0 if count else 0):
        count += 1
        _save_title(browser, results, change_url, f"Load test edit {count}")


def _change_url(browser):
    query = urllib.parse.urlencode({"q": EDITED_QUESTION})
    _status, page = browser.request("admin", "GET", f"/admin/faq/question/?{query}")
    return re.search(r'href="(/admin/faq/question/\d+/change/)[^"]*"', page).group(1)


def _save_title(browser, results, change_url, title):
    status, page = browser.request("admin", "GET", change_url)
    if status != 200:
        return
    fields = FormFields("question_form")
    fields.feed(page)
    form = [(k, title if k == "title_en" else v) for k, v in fields.fields]
    status, page = browser.request("admin", "POST", change_url, form)
    if status == 302:
        with results.lock:
            results.edits.append(title)
    elif isinstance(status, int) and status < 400:  # the form came back with errors
        results.record("admin form rejected", status, 0.0)


class FormFields(HTMLParser):
    """The fields a browser would submit from the form ``form_id`` (any form if None).

    The project's one HTML form reader: the load talks to a real server and has only the
    HTML. Tests read the forms Django rendered instead (tests/admin_forms.py).
    """

    SKIPPED = frozenset({"submit", "button", "image", "reset", "file"})

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.fields = form_id, []
        self.inside = form_id is None
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or (tag != "form" and attrs.get("name") is None and tag != "option"):
            return
        if tag == "input":
            self._input(attrs)
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select = {"name": attrs["name"], "multiple": "multiple" in attrs, "first": None}
            self.select["chosen"] = []
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            self.select["first"] = value if self.select["first"] is None else self.select["first"]
            if "selected" in attrs:
                self.select["chosen"].append(value)

    def _input(self, attrs):
        kind = attrs.get("type", "text").lower()
        if kind in self.SKIPPED or (kind in ("checkbox", "radio") and "checked" not in attrs):
            return
        self.fields.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            name, value = self.textarea
            self.fields.append((name, value[1:] if value.startswith("\n") else value))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            if not chosen and not self.select["multiple"] and self.select["first"] is not None:
                chosen = [self.select["first"]]
            self.fields += [(self.select["name"], value) for value in chosen]
            self.select = None
        elif tag == "form" and self.form_id is not None:
            self.inside = False


def run_load(server, clients, seconds, *, during=None):
    """Run the visitors and the editor for ``seconds``; ``during(results)`` runs alongside."""
    results, stop, started = Results(), threading.Event(), time.monotonic()
    threads = [
        threading.Thread(target=visitor, args=(server.port, results, stop, n), daemon=True)
        for n in range(clients)
    ]
    threads.append(
        threading.Thread(
            target=editor, args=(server.port, results, stop, server.password), daemon=True
        )
    )
    for thread in threads:
        thread.start()
    if during is not None:
        during(results)
    stop.wait(max(0.0, seconds - (time.monotonic() - started)))
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    return results


def expected_in_database(results):
    return {
        "question": EDITED_QUESTION,
        "title_en": results.edits[-1] if results.edits else None,
        "votes": [[voter, slug, helpful] for (voter, slug), helpful in results.votes.items()],
    }


def _check_database_from_stdin():
    """Run by Server.check_database in a process configured like the server."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from faq.models import Question, Vote

    expected = json.load(sys.stdin)
    missing = []
    if expected["title_en"] is not None:
        title = Question.objects.get(slug=expected["question"]).title_en
        if title != expected["title_en"]:
            missing.append(f"title_en is {title!r}, not {expected['title_en']!r}")
    stored = {
        (voter, slug): helpful
        for voter, slug, helpful in Vote.objects.values_list(
            "voter", "question__slug", "is_helpful"
        )
    }
    for voter, slug, helpful in expected["votes"]:
        if stored.get((voter, slug)) != helpful:
            missing.append(f"vote of {voter[:8]}… on {slug}")
    print(json.dumps(missing))


def main():
    args = _arguments()
    if args.check_database:
        return _check_database_from_stdin()
    if not os.environ.get("REDIS_URL"):
        with_redis = ROOT / "scripts" / "with-redis"
        os.execv(with_redis, [with_redis, str(PYTHON), *sys.argv])
    with Server(args.port) as server:
        started = time.monotonic()
        results = run_load(server, args.clients, args.seconds)
        summary = results.summary(time.monotonic() - started)
        summary["missing_in_database"] = server.check_database(expected_in_database(results))
    print(json.dumps({"clients": args.clients, "seconds": args.seconds, **summary}, indent=2))
    print(f"server log: {server.log}", file=sys.stderr)
    for _when, kind, status in results.unexpected[:20]:
        print(f"unexpected: {kind} -> {status}", file=sys.stderr)
    return 1 if summary["unexpected_errors"] or summary["missing_in_database"] else 0


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", 8601)))
    parser.add_argument("--check-database", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    if sys.prefix != str(VENV) and PYTHON.exists():
        os.execv(PYTHON, [str(PYTHON), *sys.argv])
    sys.exit(main())
