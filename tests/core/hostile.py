"""Helpers for the hostile-content tests: the vector corpus, a page inspector, a module."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

VECTORS_FILE = Path(__file__).parent.parent / "data" / "xss_vectors.txt"

FORBIDDEN_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "base",
    "svg", "math", "portal", "template", "noscript", "xmp", "plaintext", "isindex", "keygen",
    "marquee", "video", "audio", "source", "dialog",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "background",
                  "dynsrc", "lowsrc", "poster", "xlink:href", "srcset", "code"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text", "data:image/svg")


def load_vectors() -> list[str]:
    return [line for line in VECTORS_FILE.read_text().splitlines()
            if line and not line.startswith("# ")]


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS and not (tag == "script" and _own_script(attrs)):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower().replace("\x00", "")
            compact = "".join(value.split())
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            elif name == "style":
                self.problems.append(f"<{tag} style=...>")
            elif name in URL_ATTRIBUTES and compact.startswith(BAD_SCHEMES):
                self.problems.append(f"<{tag} {name}={value[:30]}>")
            elif tag == "meta" and name == "http-equiv":
                self.problems.append("<meta http-equiv>")
            elif tag == "link" and name == "href" and not value.startswith("/static/"):
                self.problems.append(f"<link href={value[:30]}>")
            elif tag == "form" and name == "action" and not value.startswith("/"):
                self.problems.append(f"<form action={value[:30]}>")


def _own_script(attrs) -> bool:
    """The app's own external scripts (from /static/) are allowed on pages."""
    values = dict(attrs)
    return (values.get("src") or "").startswith("/static/")


def unsafe_markup(html: str) -> list[str]:
    """Every script-capable construct in ``html`` (empty when safe)."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def is_image_vector(vector: str) -> bool:
    """A Markdown image (the validator refuses those not in figures/)."""
    return re.search(r"!\[[^\]]*\]\(", vector) is not None


def write_hostile_module(root: Path, vectors: list[str]) -> Path:
    """A module with a vector in every author-written field."""
    folder = root / "hostile"
    (folder / "en").mkdir(parents=True)
    usable = [v for v in vectors if not is_image_vector(v)]
    (folder / "module.toml").write_text(
        'default_language = "en"\nestimated_minutes = 30\nreviewed_on = 2026-11-20\n'
        "prerequisites = []\n\n[quiz]\npass_mark = 50\nmax_attempts = 0\n\n[en]\n"
        f"title = {json.dumps(usable[0])}\nsummary = {json.dumps(usable[1])}\n"
        f"objectives = {json.dumps(usable[2:6])}\n"
        f"badge_name = {json.dumps(usable[6])}\nbadge_description = {json.dumps(usable[7])}\n"
    )
    (folder / "en" / "01-all.md").write_text(
        "# Hostile lesson\n\n" + "\n\n".join(usable) + "\n")
    (folder / "en" / "02-title.md").write_text(f"# {usable[8]}\n\nText.\n")
    (folder / "en" / "glossary.md").write_text(
        "# Glossary\n\n" + "\n\n".join(f"Term {i}\n: {v}" for i, v in enumerate(usable)) + "\n")
    (folder / "en" / "references.md").write_text(
        "# References\n\n" + "\n".join(f"- {v}" for v in usable) + "\n")
    questions = []
    for i, vector in enumerate(usable):
        questions.append(f"## v{i}\ntype: single\n\n{vector}\n\n- [x] {vector}\n  > {vector}\n"
                         f"- [ ] plain\n  > {vector}\n\nExplanation: {vector}\n")
    (folder / "en" / "quiz.md").write_text("\n".join(questions))
    return folder
