"""What search engines read: absolute URLs and structured data built from the visible text."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.utils.safestring import SafeString, mark_safe

from faq.responses import escaped_json


def absolute_url(request, path: str) -> str:
    """``path`` on the configured DJANGO_SITE_URL; on the request's own host without one.

    The Host header (and any port in it) is the client's to choose, so in production none of
    it may go into a page or a cached copy of one.
    """
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def site_scheme_and_domain() -> tuple[str, str] | None:
    """(scheme, host[:port]) of DJANGO_SITE_URL, or None without one."""
    if not settings.SITE_URL:
        return None
    parts = urlsplit(settings.SITE_URL)
    return parts.scheme, parts.netloc


def check_site_url(**kwargs):
    """`check --deploy`: without DJANGO_SITE_URL, pages take their absolute URLs from Host."""
    if settings.SITE_URL:
        return []
    return [
        checks.Warning(
            "DJANGO_SITE_URL is not set, so canonical, hreflang, og:url, JSON-LD, sitemap and "
            "robots.txt URLs are built from each request's Host header (port included).",
            hint="Set DJANGO_SITE_URL to the public address, e.g. https://faq.example.com.",
            id="faq.W003",
        )
    ]


def question_json_ld(question, answer_text: str, url: str, language: str) -> SafeString:
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": url,
        "inLanguage": language,
        "mainEntity": [
            {
                "@type": "Question",
                "name": question.title,
                "acceptedAnswer": {"@type": "Answer", "text": answer_text},
            }
        ],
    }
    # JSON inside <script> must not be able to close the element or open a comment.
    return mark_safe(escaped_json(data))
