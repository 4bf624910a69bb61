"""Store validated module sources as immutable, hashed versions.

Importing never modifies or deletes what is stored: unchanged files are a
no-op, changed files add a new :class:`ModuleVersion` and make it current.
Learners' records keep pointing at the versions they used.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

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


def import_module(source: ModuleSource) -> ImportResult:
    """Store ``source`` (already validated) and make it the module's current version."""
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
    figure_urls = _store_figures(source)
    for language in source.languages.values():
        _store_language(version, language, figure_urls)
    from coursehub.quizzes.bank import fill_draw_pools

    fill_draw_pools(version)
    module.current_version = version
    if module.status != "published":  # importing publishes (archived, unpublished, draft)
        module.status = "published"
    return ImportResult(source.slug, "created" if number == 1 else "new version", version)


def _store_figures(source: ModuleSource) -> dict[str, str]:
    """Store each figure once by content hash; map 'figures/x.svg' to its URL."""
    urls = {}
    for name, path in source.figures.items():
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        suffix = path.suffix.lower()
        if db.session.scalar(select(Asset.id).where(Asset.sha256 == digest)) is None:
            db.session.add(Asset(sha256=digest, content_type=CONTENT_TYPES[suffix], data=data))
        urls[name] = f"{ASSET_URL_PREFIX}{digest}{suffix}"
    return urls


def _store_language(version: ModuleVersion, language: LanguageSource,
                    figure_urls: dict[str, str]) -> None:
    def render(text: str) -> str:
        return str(render_markdown(text, rewrite_src=figure_urls.get))

    db.session.add(ModuleText(
        version_id=version.id,
        language=language.code,
        title=language.title,
        summary=language.summary,
        objectives=language.objectives,
        badge_name=language.badge_name,
        badge_description=language.badge_description,
        glossary_html=render(language.glossary) if language.glossary else "",
        references_html=render(language.references) if language.references else "",
    ))
    for lesson in language.lessons:
        db.session.add(Lesson(
            version_id=version.id, key=lesson.key, language=language.code,
            position=lesson.position, title=lesson.title, html=render(lesson.body),
        ))
    for position, question in enumerate(language.questions, start=1):
        kind = get_type(question.type or "single")
        db.session.add(Question(
            version_id=version.id, key=question.key, language=language.code,
            position=position, type=kind.name,
            prompt_html=render(kind.prompt_text(question)),
            explanation_html=render(question.explanation),
            definition=kind.build_definition(question, render),
            tags=question.tags,
        ))
