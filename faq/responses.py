"""JSON that the visitor's own text cannot turn into markup.

Search suggestions, vote answers and the JSON-LD block carry text a visitor typed or an
editor wrote. Escaped like Django's json_script, it can neither close a ``<script>`` element
nor be read as HTML by a browser that ignores the content type.
"""

import json

from django.http import HttpResponse

_MARKUP_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def escaped_json(data) -> str:
    return json.dumps(data, ensure_ascii=False).translate(_MARKUP_ESCAPES)


def json_response(data, status: int = 200) -> HttpResponse:
    return HttpResponse(escaped_json(data), status=status, content_type="application/json")
