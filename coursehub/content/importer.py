"""Store validated module sources as immutable, hashed versions.

Importing never modifies or deletes what is stored: unchanged files are a
no-op, changed files add a new :class:`ModuleVersion` and make it current.
Learners' records keep pointing at the versions they used.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from coursehub.content.figures import CONTENT_TYPES
from coursehub.content.models import Asset, Lesson, Module, ModuleText, ModuleVersion, Question
from coursehub.content.source import LanguageSource, ModuleSource
from coursehub.core.db import db
from coursehub.core.markdown import render_markdown
from coursehub.quizzes.types import get_type

ASSET_URL_PREFIX = "/assets/"


@dataclass
class ImportResult:
    slug: str
    status: str  # "created" | "new version" | "unchanged" | "restored"
    version: ModuleVersion


def import_module(source: ModuleSource, rendered: Mapping[str, str] | None = None
                  ) -> ImportResult:
    """Store ``source`` (already validated) and make it the module's current version.

    ``rendered`` may hold its Markdown already rendered (see :func:`prerender`).
    """
    module = db.session.scalar(select(Module).where(Module.slug == source.slug))
    if module is None:
        module = Module(slug=source.slug)
        db.session.add(module)
        db.session.flush()
    existing = db.session.scalar(
        select(ModuleVersion).where(
            ModuleVersion.module_id == module.id,
            ModuleVersion.content_hash == source.content_hash,
        )
    )
    if existing is not None:
        if module.current_version_id == existing.id:
            return ImportResult(source.slug, "unchanged", existing)
        module.current_version = existing
        return ImportResult(source.slug, "restored", existing)

    number = (db.session.scalar(
        select(func.max(ModuleVersion.number)).where(ModuleVersion.module_id == module.id)
    ) or 0) + 1
    version = ModuleVersion(
        module_id=module.id,
        number=number,
        content_hash=source.content_hash,
        default_language=source.default_language,
        languages=sorted(source.languages),
        estimated_minutes=source.estimated_minutes,
        reviewed_on=source.reviewed_on,
        review_by=source.review_by,
        prerequisites=list(source.prerequisites),
        pass_mark=source.pass_mark,
        max_attempts=source.max_attempts,
        shuffle_options=source.shuffle_options,
        pretest=source.pretest,
        lesson_keys=[lesson.key for lesson in sorted(source.default.lessons,
                                                     key=lambda item: item.position)],
    )
    db.session.add(version)
    db.session.flush()
    render = _renderer(_store_figures(source), rendered or {})
    for language in source.languages.values():
        db.session.add_all(_language_rows(version.id, language, render))
    from coursehub.quizzes.bank import fill_draw_pools

    fill_draw_pools(version)
    module.current_version = version
    if module.status != "published":  # importing publishes (archived, unpublished, draft)
        module.status = "published"
    return ImportResult(source.slug, "created" if number == 1 else "new version", version)


def prerender(sources: list[ModuleSource]) -> dict[str, dict[str, str]]:
    """The Markdown of each source not stored yet, rendered: ``{slug: {text: html}}``.

    Rendering (Markdown, then the sanitiser) is most of an import's work and
    needs no database, so the ``import`` command does it first, one language
    of one module per CPU core at a time.
    """
    tasks = [(source, code) for source in sources if not _is_stored(source)
             for code in source.languages]
    workers = min(len(tasks), os.cpu_count() or 1)
    if workers < 2:
        parts = [_render_language(task) for task in tasks]
    else:
        from concurrent.futures import ProcessPoolExecutor  # only the import command needs it

        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(_render_language, tasks))
    rendered: dict[str, dict[str, str]] = {}
    for (source, _), part in zip(tasks, parts, strict=True):
        rendered.setdefault(source.slug, {}).update(part)
    return rendered


def _is_stored(source: ModuleSource) -> bool:
    return db.session.scalar(
        select(ModuleVersion.id).join(Module, Module.id == ModuleVersion.module_id)
        .where(Module.slug == source.slug, ModuleVersion.content_hash == source.content_hash)
    ) is not None


def _render_language(task: tuple[ModuleSource, str]) -> dict[str, str]:
    """Every text of one language of a source that an import renders, with its HTML."""
    source, code = task
    rendered: dict[str, str] = {}
    render = _renderer(_figure_urls(source), rendered)  # each distinct text rendered once

    def remember(text: str) -> str:
        rendered[text] = render(text)
        return rendered[text]

    _language_rows(0, source.languages[code], remember)
    return rendered


def _renderer(figure_urls: dict[str, str], rendered: Mapping[str, str]
              ) -> Callable[[str], str]:
    def render(text: str) -> str:
        if text in rendered:
            return rendered[text]
        return str(render_markdown(text, rewrite_src=figure_urls.get))

    return render


def _figures(source: ModuleSource) -> Iterator[tuple[str, Path, bytes, str]]:
    """Each figure: its name as written ('figures/x.svg'), file, bytes and SHA-256."""
    for name, path in source.figures.items():
        data = path.read_bytes()
        yield name, path, data, hashlib.sha256(data).hexdigest()


def _figure_urls(source: ModuleSource) -> dict[str, str]:
    """Map each figure as written to the address it is served from."""
    return {name: _asset_url(digest, path) for name, path, _data, digest in _figures(source)}


def _store_figures(source: ModuleSource) -> dict[str, str]:
    """Store each figure once, by content hash; return :func:`_figure_urls`."""
    urls = {}
    for name, path, data, digest in _figures(source):
        if db.session.scalar(select(Asset.id).where(Asset.sha256 == digest)) is None:
            db.session.add(Asset(sha256=digest, content_type=CONTENT_TYPES[path.suffix.lower()],
                                 data=data))
        urls[name] = _asset_url(digest, path)
    return urls


def _asset_url(digest: str, path: Path) -> str:
    return f"{ASSET_URL_PREFIX}{digest}{path.suffix.lower()}"


def _language_rows(version_id: int, language: LanguageSource,
                   render: Callable[[str], str]) -> list[ModuleText | Lesson | Question]:
    """The rows of one language of a version (built, not stored)."""
    rows: list[ModuleText | Lesson | Question] = [ModuleText(
        version_id=version_id,
        language=language.code,
        title=language.title,
        summary=language.summary,
        objectives=language.objectives,
        badge_name=language.badge_name,
        badge_description=language.badge_description,
        glossary_html=render(language.glossary) if language.glossary else "",
        references_html=render(language.references) if language.references else "",
    )]
    rows += [Lesson(version_id=version_id, key=lesson.key, language=language.code,
                    position=lesson.position, title=lesson.title, html=render(lesson.body))
             for lesson in language.lessons]
    for position, question in enumerate(language.questions, start=1):
        kind = get_type(question.type or "single")
        rows.append(Question(
            version_id=version_id, key=question.key, language=language.code,
            position=position, type=kind.name,
            prompt_html=render(kind.prompt_text(question)),
            explanation_html=render(question.explanation),
            definition=kind.build_definition(question, render),
            tags=question.tags,
        ))
    return rows
