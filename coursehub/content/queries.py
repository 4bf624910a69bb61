"""Read access to published content, in the learner's language."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from coursehub.content.models import Lesson, Module, ModuleText, ModuleVersion, Question
from coursehub.core.db import db


def content_language(version: ModuleVersion, preferred: str) -> str:
    """The learner's language if the version has it, else its default language."""
    if preferred in version.languages:
        return preferred
    base = preferred.split("_")[0]
    for language in version.languages:
        if language.split("_")[0] == base:
            return language
    return version.default_language


def published_modules() -> list[Module]:
    """Published modules with their current version, in slug order (one query)."""
    return list(db.session.scalars(
        select(Module)
        .where(Module.status == "published", Module.current_version_id.is_not(None))
        .options(joinedload(Module.current_version))
        .order_by(Module.slug)
    ))


def get_published_module(slug: str) -> Module | None:
    return db.session.scalar(
        select(Module)
        .where(Module.slug == slug, Module.status == "published",
               Module.current_version_id.is_not(None))
        .options(joinedload(Module.current_version))
    )


def texts_for(versions: list[ModuleVersion], preferred: str) -> dict[int, ModuleText]:
    """Each version's texts in the best language for ``preferred`` (one query)."""
    wanted = {v.id: content_language(v, preferred) for v in versions}
    if not wanted:
        return {}
    rows = db.session.scalars(
        select(ModuleText).where(ModuleText.version_id.in_(wanted))
    )
    return {row.version_id: row for row in rows if wanted[row.version_id] == row.language}


def module_text(version: ModuleVersion, language: str) -> ModuleText:
    return db.session.scalars(
        select(ModuleText).where(ModuleText.version_id == version.id,
                                 ModuleText.language == language)
    ).one()


def lesson_outline(version: ModuleVersion, language: str) -> list[tuple[str, str]]:
    """(key, title) of every lesson in order, without loading lesson bodies."""
    rows = db.session.execute(
        select(Lesson.key, Lesson.title)
        .where(Lesson.version_id == version.id, Lesson.language == language)
        .order_by(Lesson.position)
    )
    return [(row.key, row.title) for row in rows]


def get_lesson(version: ModuleVersion, language: str, key: str) -> Lesson | None:
    return db.session.scalar(
        select(Lesson).where(Lesson.version_id == version.id, Lesson.language == language,
                             Lesson.key == key)
    )


def quiz_questions(version_id: int, language: str) -> list[Question]:
    return list(db.session.scalars(
        select(Question).where(Question.version_id == version_id, Question.language == language)
        .order_by(Question.position)
    ))
