"""Structured data for search engines, built from the text visible on the page."""

from django.utils.safestring import SafeString, mark_safe

from faq.safejson import html_safe_json


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
    return mark_safe(html_safe_json(data))  # escaped for use inside <script>
