"""Structured data for search engines, built from the text visible on the page."""

import json

from django.utils.safestring import SafeString, mark_safe

# JSON inside <script> must not be able to close the element or open a comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


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
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # escaped above
