"""Badge images (one SVG and one PNG per module) and baking credentials into them.

Baking follows the Open Badges specification: a PNG carries the assertion (or
the signed credential) in one uncompressed ``iTXt`` chunk; an SVG carries it in
an ``<openbadges:assertion>`` (or ``<openbadges:credential>``) element.
"""

from __future__ import annotations

import io
import struct
import textwrap
import zlib
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw, ImageFont

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OB2_KEYWORD = "openbadges"
OB3_KEYWORD = "openbadgecredential"
OB2_SVG_NS = "http://openbadges.org"
SIZE = 256
ACCENT = "#1f5f8b"
RING = "#d9a521"


def _title_lines(title: str, width: int = 16, lines: int = 4) -> list[str]:
    wrapped = textwrap.wrap(title, width=width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return wrapped


def badge_svg(title: str) -> str:
    """A round badge with the module title and the CourseHub mark."""
    lines = _title_lines(title)
    first_y = 128 - (len(lines) - 1) * 11
    text = "".join(
        f'<tspan x="128" y="{first_y + 22 * i}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" '
        f'viewBox="0 0 256 256" role="img" aria-label={quoteattr(title)}>'
        f"<title>{escape(title)}</title>"
        f'<circle cx="128" cy="128" r="124" fill="{RING}"/>'
        f'<circle cx="128" cy="128" r="110" fill="{ACCENT}"/>'
        '<text font-family="sans-serif" font-size="19" font-weight="bold" fill="#fff" '
        f'text-anchor="middle">{text}</text>'
        '<text x="128" y="214" font-family="sans-serif" font-size="15" fill="#fff" '
        'text-anchor="middle" letter-spacing="1">CourseHub</text>'
        "</svg>"
    )


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, ImportError):  # Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()


@lru_cache(maxsize=64)
def badge_png(title: str) -> bytes:
    """The PNG twin of :func:`badge_svg` (cached: it depends only on the title)."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, 252, 252), fill=RING)
    draw.ellipse((18, 18, 238, 238), fill=ACCENT)
    lines = _title_lines(title)
    font = _font(19)
    first_y = 128 - (len(lines) - 1) * 11
    for i, line in enumerate(lines):
        draw.text((128, first_y + 22 * i), line, fill="white", font=font, anchor="ms")
    draw.text((128, 214), "CourseHub", fill="white", font=_font(15), anchor="ms")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def _chunks(png: bytes):
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG image")
    offset = len(PNG_SIGNATURE)
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset:offset + 4])
        kind = png[offset + 4:offset + 8]
        yield kind, png[offset + 8:offset + 8 + length], png[offset:offset + 12 + length]
        offset += 12 + length


def bake_png(png: bytes, text: str, keyword: str = OB2_KEYWORD) -> bytes:
    """``png`` with ``text`` in one uncompressed iTXt chunk (replacing any earlier one)."""
    itxt = keyword.encode("latin-1") + b"\x00\x00\x00\x00\x00" + text.encode("utf-8")
    out = [PNG_SIGNATURE]
    for kind, data, raw in _chunks(png):
        if kind == b"iTXt" and data.split(b"\x00", 1)[0] == keyword.encode("latin-1"):
            continue
        out.append(raw)
        if kind == b"IHDR":
            out.append(_chunk(b"iTXt", itxt))
    return b"".join(out)


def unbake_png(png: bytes, keyword: str = OB2_KEYWORD) -> str | None:
    """The text baked under ``keyword``, or None."""
    for kind, data, _ in _chunks(png):
        if kind != b"iTXt":
            continue
        name, rest = data.split(b"\x00", 1)
        if name.decode("latin-1") != keyword:
            continue
        compressed = rest[0]
        _language, _translated, text = rest[2:].split(b"\x00", 2)
        return (zlib.decompress(text) if compressed else text).decode("utf-8")
    return None


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def bake_svg(svg: str, assertion_json: str, verify_url: str) -> str:
    """An Open Badges 2.0 baked SVG: the assertion inside the image."""
    head, rest = svg.split(">", 1)
    element = (f"<openbadges:assertion verify={quoteattr(verify_url)}>{_cdata(assertion_json)}"
               "</openbadges:assertion>")
    return f'{head} xmlns:openbadges="{OB2_SVG_NS}">{element}{rest}'

