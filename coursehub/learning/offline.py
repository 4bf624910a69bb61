"""A module as one self-contained HTML file, for reading without a connection.

Everything the reader needs is inside the file: the stylesheet inline, every
figure as a ``data:`` URI, all lessons, the glossary and the references. Quiz
questions and answers are never included.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, render_template
from markupsafe import Markup
from sqlalchemy import select

from coursehub.content.models import Asset, Lesson, Module, ModuleText, ModuleVersion
from coursehub.content.queries import module_text
from coursehub.core.db import db, utcnow

_ASSET_SRC = re.compile(r'src="/assets/([0-9a-f]{64})\.[a-z0-9]+"')
_HEADING = re.compile(r"<(/?)h([2-5])\b")


@dataclass
class OfflineModule:
    module: Module
    version: ModuleVersion
    text: ModuleText
    lessons: list[Lesson]
    language: str


def _lessons(version: ModuleVersion, language: str) -> list[Lesson]:
    return list(db.session.scalars(
        select(Lesson).where(Lesson.version_id == version.id, Lesson.language == language)
        .order_by(Lesson.position)
    ))


def embed_figures(*fragments: str) -> list[Markup]:
    """The fragments with every ``/assets/...`` image turned into a ``data:`` URI."""
    digests = {m.group(1) for fragment in fragments for m in _ASSET_SRC.finditer(fragment)}
    assets = {}
    if digests:
        assets = {a.sha256: a for a in db.session.scalars(
            select(Asset).where(Asset.sha256.in_(digests)))}

    def data_uri(match: re.Match) -> str:
        asset = assets.get(match.group(1))
        if asset is None:
            return 'src=""'
        encoded = base64.b64encode(asset.data).decode("ascii")
        return f'src="data:{asset.content_type};base64,{encoded}"'

    # Each fragment is sanitised HTML stored at import; only the src values change.
    return [Markup(_ASSET_SRC.sub(data_uri, fragment)) for fragment in fragments]  # noqa: S704


def demote_headings(html: str) -> str:
    """One level down (h2 -> h3 ...): in the single file a lesson's title is an h2."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)


def _stylesheet() -> Markup:
    path = Path(current_app.static_folder or "", "css", "offline.css")
    return Markup(path.read_text(encoding="utf-8"))  # noqa: S704 - our own file


def offline_document(module: Module, version: ModuleVersion, language: str) -> str:
    """The whole module in ``language`` as a standalone HTML document."""
    item = OfflineModule(module, version, module_text(version, language),
                         _lessons(version, language), language)
    bodies = embed_figures(*(demote_headings(lesson.html) for lesson in item.lessons),
                           item.text.glossary_html or "", item.text.references_html or "")
    count = len(item.lessons)
    return render_template(
        "learning/offline.html", item=item, stylesheet=_stylesheet(),
        lessons=list(zip(item.lessons, bodies[:count], strict=True)),
        glossary=bodies[count], references=bodies[count + 1], now=utcnow(),
    )


def filename(module: Module, language: str) -> str:
    return f"{module.slug}-{language}.html"
