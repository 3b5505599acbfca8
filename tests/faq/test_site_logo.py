"""Uploaded logos made safe (faq/site_logo.py)."""

import struct
import zlib

import pytest
from django.core.exceptions import ValidationError

from faq.site_logo import MAX_LOGO_BYTES, sanitised_logo


def png(*chunks):
    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    parts = [(b"IHDR", header), *chunks, (b"IDAT", pixels), (b"IEND", b"")]
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunk(kind, body) for kind, body in parts)


def test_an_svg_keeps_its_drawing_and_loses_scripts_handlers_and_outside_references():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        b'viewBox="0 0 10 10" onload="alert(1)"><script>alert(2)</script>'
        b'<rect width="10" height="10" fill="url(#g)"/><circle r="1" fill="url(https://evil/x)"/>'
        b'<a xlink:href="javascript:alert(3)"><path d="M0 0h1"/></a>'
        b"<foreignObject><p>hi</p></foreignObject></svg>"
    )
    cleaned, content_type = sanitised_logo(svg)
    assert content_type == "image/svg+xml"
    text = cleaned.decode()
    assert '<rect width="10" height="10" fill="url(#g)"/>' in text
    for hostile in ("script", "onload", "alert", "evil", "javascript", "foreignObject", "href"):
        assert hostile not in text
    assert 'viewBox="0 0 10 10"' in text


def test_an_svg_with_an_entity_expansion_is_not_expanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'
    )
    cleaned, _type = sanitised_logo(bomb)
    assert b"aaaaaaaaaa" not in cleaned and b"DOCTYPE" not in cleaned


def test_a_png_keeps_the_image_chunks_and_drops_text_chunks():
    cleaned, content_type = sanitised_logo(png((b"tEXt", b"Comment\x00<script>")))
    assert content_type == "image/png"
    assert b"tEXt" not in cleaned and b"<script>" not in cleaned
    assert cleaned == png()


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body>not a logo</body></html>",
        b"GIF89a....",
        png()[:-6],
        b"x" * (MAX_LOGO_BYTES + 1),
    ],
    ids=["html", "gif", "cut-png", "too-large"],
)
def test_anything_else_is_refused_with_a_clear_error(data):
    with pytest.raises(ValidationError):
        sanitised_logo(data)
