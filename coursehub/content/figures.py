"""Safety checks for figure files shipped in a module's ``figures/`` folder."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - DTDs and entities are refused first
from pathlib import Path

CONTENT_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
                 ".jpeg": "image/jpeg", ".webp": "image/webp"}
MAX_FIGURE_BYTES = 512 * 1024
_FORBIDDEN_SVG = [
    (re.compile(r"<\s*script", re.I), "contains a script"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "contains an event handler attribute (on...=)"),
    (re.compile(r"javascript:", re.I), "contains a javascript: address"),
    (re.compile(r"<\s*foreignObject", re.I), "contains foreignObject (embedded HTML)"),
    (re.compile(r"<!(DOCTYPE|ENTITY)", re.I), "contains a DOCTYPE or entity declaration"),
    (re.compile(r"""href\s*=\s*["']\s*(?!#)""", re.I), "links to another document (href)"),
    (re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I), "loads an external resource (url(...))"),
    (re.compile(r"@import", re.I), "imports a stylesheet"),
]


def check_figure(path: Path) -> list[tuple[int, str]]:
    """Problems with one figure file, as (line, message)."""
    suffix = path.suffix.lower()
    if suffix not in CONTENT_TYPES:
        return [(0, "figures must be SVG, PNG, JPEG or WebP files")]
    data = path.read_bytes()
    if len(data) > MAX_FIGURE_BYTES:
        return [(0, f"figure is {len(data) // 1024} KB; keep figures under "
                    f"{MAX_FIGURE_BYTES // 1024} KB for slow connections")]
    if suffix != ".svg":
        return []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return [(1, "SVG file is not valid UTF-8")]
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern, message in _FORBIDDEN_SVG:
            if pattern.search(line):
                problems.append((number, f"SVG {message}, which is not allowed"))
    if problems:
        return problems
    try:
        root = ET.fromstring(text)  # noqa: S314 - no DTD/entities (checked above)
    except ET.ParseError as error:
        return [(error.position[0], f"SVG is not well-formed XML: {error}")]
    if not root.tag.endswith("svg"):
        return [(1, "file does not contain an <svg> element")]
    return []
