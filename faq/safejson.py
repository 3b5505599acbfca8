"""JSON that is safe inside HTML: it cannot close a <script> element or open a comment,
even where a response meant as JSON is read as HTML."""

import json

# The escapes of Django's json_script, which only comes wrapped in a <script> element.
_MARKUP_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def html_safe_json(data) -> str:
    return json.dumps(data, ensure_ascii=False).translate(_MARKUP_ESCAPES)
