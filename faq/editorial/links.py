"""Broken outside links: every outside address of a related link or inside an answer, asked
of its server (HEAD, then GET where HEAD is refused), a few at a time, with a timeout, redirects
followed; the last result per address is kept in LinkCheck for the admin's list.

The standard library's urllib and a thread pool: a few hundred addresses once a night need
no asynchronous client, and a thread per address, bounded, is simple to reason about.
"""

import re
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from faq.models import Answer, LinkCheck, Question, RelatedLink
from faq.translations.state import SOURCE_LANGUAGE, TARGET_LANGUAGE

# An address in Markdown text: up to a space, a quote, an angle bracket or a closing
# parenthesis (a Markdown link's end); trailing punctuation is the sentence's, not the URL's.
URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'()\[\]]+")
TRAILING = ".,;:!?、。)」』】"
USER_AGENT = "faq-check-links/1"
# A HEAD these statuses answer may still work as a GET (servers that refuse or break HEAD).
RETRY_AS_GET = frozenset({400, 403, 404, 405, 406, 429, 500, 501, 502, 503})


def outside_urls():
    """Every outside address, with the pks of the questions that hold it."""
    found = defaultdict(set)
    for url, question_id in RelatedLink.objects.exclude(url="").values_list("url", "question_id"):
        found[url].add(question_id)
    bodies = Answer.objects.values_list(
        "question_id", f"body_{SOURCE_LANGUAGE}", f"body_{TARGET_LANGUAGE}"
    )
    for question_id, *texts in bodies:
        for text in filter(None, texts):
            for url in urls_in(text):
                found[url].add(question_id)
    return found


def urls_in(text):
    return [match.rstrip(TRAILING) for match in URL_IN_TEXT.findall(text)]


@dataclass(frozen=True)
class Result:
    url: str
    status_code: int | None
    final_url: str
    error: str

    @property
    def is_broken(self):
        return bool(self.error) or self.status_code is None or self.status_code >= 400


def check_url(url, timeout=10.0):
    """HEAD, then GET if the HEAD failed; redirects followed (urllib follows them for both)."""
    result = _request(url, "HEAD", timeout)
    if result.is_broken and (result.status_code in RETRY_AS_GET or result.error):
        result = _request(url, "GET", timeout)
    return result


def _request(url, method, timeout):
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Result(url, response.status, response.url, "")
    except urllib.error.HTTPError as error:
        return Result(url, error.code, error.url or url, "")
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return Result(url, None, "", str(reason)[:500] or type(error).__name__)


def check_all(urls, workers=8, timeout=10.0):
    """Check ``urls``, at most ``workers`` at a time."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda url: check_url(url, timeout), sorted(urls)))


def store(results):
    """Keep the latest result per address; forget addresses the content no longer holds."""
    now = timezone.now()
    with transaction.atomic():
        for result in results:
            LinkCheck.objects.update_or_create(
                url=result.url,
                defaults={
                    "is_broken": result.is_broken,
                    "status_code": result.status_code,
                    "final_url": result.final_url[:2000],
                    "error": result.error,
                    "checked_at": now,
                },
            )
        LinkCheck.objects.exclude(url__in=[r.url for r in results]).delete()


def questions_with(url):
    """The questions whose related links or answers hold ``url``."""
    holds = (
        Q(related_links__url=url)
        | Q(**{f"answer__body_{SOURCE_LANGUAGE}__contains": url})
        | Q(**{f"answer__body_{TARGET_LANGUAGE}__contains": url})
    )
    return Question.objects.filter(holds).distinct()
