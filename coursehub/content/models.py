"""Modules and their immutable, hashed versions.

A :class:`Module` is the stable identity (its slug); each import of changed
files adds a :class:`ModuleVersion`. Versions and everything under them are
never modified after import, so learners' records can point at exactly what
they saw.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coursehub.core.db import UTCDateTime, db, utcnow


class Module(db.Model):
    __tablename__ = "module"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="published")
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("module_version.id", use_alter=True)
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    current_version: Mapped[ModuleVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )


class ModuleVersion(db.Model):
    __tablename__ = "module_version"
    __table_args__ = (
        UniqueConstraint("module_id", "number"),
        UniqueConstraint("module_id", "content_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    default_language: Mapped[str] = mapped_column(String(10))
    languages: Mapped[list[str]] = mapped_column(JSON)
    estimated_minutes: Mapped[int] = mapped_column(Integer)
    reviewed_on: Mapped[date] = mapped_column(Date)
    review_by: Mapped[date | None] = mapped_column(Date)
    prerequisites: Mapped[list[str]] = mapped_column(JSON, default=list)
    pass_mark: Mapped[int] = mapped_column(Integer)
    max_attempts: Mapped[int] = mapped_column(Integer, default=0)
    shuffle_options: Mapped[bool] = mapped_column(Boolean, default=False)
    # The module offers a diagnostic pre-test drawn from its quiz questions.
    pretest: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    lesson_keys: Mapped[list[str]] = mapped_column(JSON)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    module: Mapped[Module] = relationship(foreign_keys=[module_id])


class ModuleText(db.Model):
    """The language-specific texts of a version: title, summary, glossary..."""

    __tablename__ = "module_text"
    __table_args__ = (UniqueConstraint("version_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("module_version.id"), index=True)
    language: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    objectives: Mapped[list[str]] = mapped_column(JSON)
    badge_name: Mapped[str] = mapped_column(String(200))
    badge_description: Mapped[str] = mapped_column(Text)
    glossary_html: Mapped[str] = mapped_column(Text, default="")
    references_html: Mapped[str] = mapped_column(Text, default="")


class Lesson(db.Model):
    __tablename__ = "lesson"
    __table_args__ = (UniqueConstraint("version_id", "key", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("module_version.id"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    html: Mapped[str] = mapped_column(Text)


class Question(db.Model):
    """One quiz question in one language of one version.

    ``definition`` holds the type-specific data (options with their rendered
    HTML, which are correct, per-option feedback). It never leaves the server
    before the learner submits.
    """

    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("version_id", "key", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("module_version.id"), index=True)
    key: Mapped[str] = mapped_column(String(80), index=True)
    language: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(30))
    prompt_html: Mapped[str] = mapped_column(Text)
    explanation_html: Mapped[str] = mapped_column(Text)
    definition: Mapped[dict] = mapped_column(JSON)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)


class Asset(db.Model):
    """A figure file, stored once by content hash and served as immutable."""

    __tablename__ = "asset"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)
