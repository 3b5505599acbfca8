"""An uploaded logo, made safe to serve: SVG through an allow-list, PNG chunk by chunk.

An SVG can carry scripts, event handlers, links and external references; a PNG can carry
arbitrary text chunks. Both are rebuilt from what is known to be harmless, so the bytes the
site serves (faq.views.site_logo) hold drawing and nothing else.
"""

import struct
import zlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from lxml import etree

MAX_LOGO_BYTES = 512 * 1024
SVG_NS = "http://www.w3.org/2000/svg"
SVG_ELEMENTS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
    "tspan", "defs", "title", "desc", "linearGradient", "radialGradient", "stop", "clipPath",
}  # fmt: skip
SVG_ATTRIBUTES = {
    "id", "class", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy",
    "r", "rx", "ry", "d", "points", "transform", "fill", "fill-opacity", "fill-rule", "stroke",
    "stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-dasharray", "opacity", "offset", "stop-color", "stop-opacity", "gradientUnits",
    "gradientTransform", "clip-path", "clip-rule", "font-family", "font-size", "font-weight",
    "text-anchor", "letter-spacing", "preserveAspectRatio", "version", "role", "aria-label",
}  # fmt: skip
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The chunks that draw the image; text, metadata and private chunks are dropped.
PNG_CHUNKS = frozenset({b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND", b"gAMA", b"sRGB"})


def sanitised_logo(data: bytes) -> tuple[bytes, str]:
    """(safe bytes, content type) of an uploaded SVG or PNG; ValidationError otherwise."""
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationError(_("The logo is larger than 512 KB."))
    if data.startswith(PNG_SIGNATURE):
        return sanitised_png(data), "image/png"
    return sanitised_svg(data), "image/svg+xml"


def sanitised_svg(data: bytes) -> bytes:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
        remove_pis=True,
    )  # fmt: skip
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ValidationError(_("The logo is neither a PNG nor a valid SVG file.")) from error
    if _local(root.tag) != "svg":
        raise ValidationError(_("The logo is neither a PNG nor a valid SVG file."))
    return etree.tostring(_clean_element(root), encoding="utf-8")


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _clean_element(element):
    clean = etree.Element(f"{{{SVG_NS}}}{_local(element.tag)}", nsmap={None: SVG_NS})
    for name, value in element.attrib.items():
        if etree.QName(name).namespace is None and name in SVG_ATTRIBUTES and _safe(value):
            clean.set(name, value)
    clean.text = element.text
    for child in element:
        if _local(child.tag) in SVG_ELEMENTS:
            clean.append(_clean_element(child))
        if child.tail:  # text after a dropped (or kept) child stays text
            _append_text(clean, child.tail)
    return clean


def _append_text(parent, text):
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _safe(value: str) -> bool:
    """No reference outside the file: url() may only name a fragment of it."""
    lowered = value.lower().replace(" ", "")
    return "javascript:" not in lowered and all(
        part.startswith("#") for part in lowered.split("url(")[1:]
    )


def sanitised_png(data: bytes) -> bytes:
    chunks, position = [PNG_SIGNATURE], len(PNG_SIGNATURE)
    while position < len(data):
        if position + 8 > len(data):
            raise ValidationError(_("The PNG file is cut short."))
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        end = position + 12 + length
        body = data[position + 8 : end - 4]
        if (
            end > len(data)
            or zlib.crc32(kind + body) != struct.unpack(">I", data[end - 4 : end])[0]
        ):
            raise ValidationError(_("The PNG file is damaged."))
        if kind in PNG_CHUNKS:
            chunks.append(data[position:end])
        position = end
        if kind == b"IEND":
            break
    if len(chunks) < 3 or chunks[1][4:8] != b"IHDR" or chunks[-1][4:8] != b"IEND":
        raise ValidationError(_("The PNG file is damaged."))
    return b"".join(chunks)
