"""manage.py check_links against a local HTTP server the test starts (loopback only)."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from faq.editorial import links
from faq.models import LinkCheck
from tests.factories import AnsweredQuestionFactory, RelatedLinkFactory

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    """/ok 200; /gone 404; /moved -> /ok; /no-head refuses HEAD, answers GET; /slow sleeps."""

    seen = []  # (method, path), for the assertions

    def do_HEAD(self):
        self._answer("HEAD")

    def do_GET(self):
        self._answer("GET")

    def _answer(self, method):
        self.seen.append((method, self.path))
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/no-head" and method == "HEAD":
            self.send_response(405)
        elif self.path == "/slow":
            time.sleep(0.6)
            self.send_response(200)
        elif self.path in ("/ok", "/no-head"):
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Handler.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_it_checks_links_and_answers_and_stores_what_is_broken(site):
    question = AnsweredQuestionFactory(
        answer__body_ja=f"詳しくは[案内]({site}/gone)をご覧ください。",
        answer__body_en=f"See {site}/moved.",
    )
    RelatedLinkFactory(question=question, target=None, url=f"{site}/no-head", label_ja="案内")
    out = StringIO()
    call_command("check_links", "--timeout", "1", stdout=out)

    checks = {check.url.removeprefix(site): check for check in LinkCheck.objects.all()}
    assert set(checks) == {"/gone", "/moved", "/no-head"}
    assert checks["/gone"].is_broken and checks["/gone"].status_code == 404
    assert not checks["/moved"].is_broken
    assert checks["/moved"].final_url == f"{site}/ok"
    assert not checks["/no-head"].is_broken
    assert ("HEAD", "/no-head") in Handler.seen and ("GET", "/no-head") in Handler.seen
    assert "1 broken" in out.getvalue()
    assert list(links.questions_with(f"{site}/gone")) == [question]


def test_a_server_slower_than_the_timeout_counts_as_broken(site):
    result = links.check_url(f"{site}/slow", timeout=0.2)
    assert result.is_broken and result.error


def test_an_unreachable_host_is_broken_not_an_error(site):
    port = int(site.rsplit(":", 1)[1])
    result = links.check_url(f"http://127.0.0.1:{port + 1 if port < 65535 else 1}/")
    assert result.is_broken


def test_checks_run_a_few_at_a_time(site, monkeypatch):
    running, peak, lock = [0], [0], threading.Lock()
    real = links.check_url

    def counted(url, timeout):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        try:
            return real(url, timeout)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(links, "check_url", counted)
    links.check_all([f"{site}/slow?{n}" for n in range(4)], workers=2, timeout=5)
    assert peak[0] == 2


def test_urls_in_text_leave_the_sentences_punctuation_out():
    text = "ご覧ください: https://example.com/a。 また (https://example.com/b) も。"
    assert links.urls_in(text) == ["https://example.com/a", "https://example.com/b"]


def test_the_admin_lists_broken_links_with_their_question(client, erin, site):
    question = AnsweredQuestionFactory(answer__body_ja=f"{site}/gone")
    call_command("check_links", "--timeout", "1", stdout=StringIO())
    client.force_login(erin)
    response = client.get(reverse("admin:faq_linkcheck_changelist"), {"is_broken__exact": "1"})
    html = response.content.decode()
    assert f"{site}/gone" in html
    assert reverse("admin:faq_question_change", args=(question.pk,)) in html
