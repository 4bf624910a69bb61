"""Read access to published content, in the learner's language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import bindparam, select
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


@dataclass(frozen=True)
class PublishedVersion:
    """The current version of a published module: what the lesson page needs to know."""

    module_id: int
    slug: str
    version_id: int
    content_hash: str
    default_language: str
    languages: tuple[str, ...]
    lesson_keys: tuple[str, ...]


_PUBLISHED_VERSION = (
    select(Module.id, ModuleVersion.id, ModuleVersion.content_hash,
           ModuleVersion.default_language, ModuleVersion.languages, ModuleVersion.lesson_keys)
    .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
    .where(Module.slug == bindparam("slug"), Module.status == "published")
)


def published_version(slug: str) -> PublishedVersion | None:
    """The published module ``slug`` and its current version, in one light query."""
    row = db.session.connection().execute(_PUBLISHED_VERSION, {"slug": slug}).first()
    if row is None:
        return None
    module_id, version_id, content_hash, default_language, languages, lesson_keys = row
    return PublishedVersion(module_id, slug, version_id, content_hash, default_language,
                            tuple(languages), tuple(lesson_keys))


@dataclass(frozen=True)
class LessonPage:
    """Everything a lesson page shows that depends on the content alone."""

    key: str
    title: str
    html: str
    module_title: str
    outline: tuple[tuple[str, str], ...]

    @property
    def position(self) -> int:
        return [key for key, _ in self.outline].index(self.key) + 1

    @property
    def previous(self) -> tuple[str, str] | None:
        return self.outline[self.position - 2] if self.position > 1 else None

    @property
    def next(self) -> tuple[str, str] | None:
        return self.outline[self.position] if self.position < len(self.outline) else None


def lesson_page(version: PublishedVersion, language: str, key: str) -> LessonPage | None:
    """The content of one lesson page, read once per process.

    A stored version never changes (a new import makes a new version), so its
    lessons are kept in memory, keyed by the version's content hash as well as
    its id: the cache can never serve another database's content.
    """
    if key not in version.lesson_keys:
        return None
    return _lesson_page(version.version_id, version.content_hash, language, key)


@lru_cache(maxsize=256)
def _lesson_page(version_id: int, content_hash: str, language: str,
                 key: str) -> LessonPage | None:
    lesson = db.session.execute(
        select(Lesson.title, Lesson.html)
        .where(Lesson.version_id == version_id, Lesson.language == language, Lesson.key == key)
    ).first()
    if lesson is None:
        return None
    title = db.session.scalar(select(ModuleText.title).where(
        ModuleText.version_id == version_id, ModuleText.language == language))
    outline = tuple(lesson_outline(version_id, language))
    return LessonPage(key, lesson.title, lesson.html, title, outline)


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


def lesson_outline(version_id: int, language: str) -> list[tuple[str, str]]:
    """(key, title) of every lesson in order, without loading lesson bodies."""
    rows = db.session.execute(
        select(Lesson.key, Lesson.title)
        .where(Lesson.version_id == version_id, Lesson.language == language)
        .order_by(Lesson.position)
    )
    return [(row.key, row.title) for row in rows]


def quiz_questions(version_id: int, language: str) -> list[Question]:
    return list(db.session.scalars(
        select(Question).where(Question.version_id == version_id, Question.language == language)
        .order_by(Question.position)
    ))
