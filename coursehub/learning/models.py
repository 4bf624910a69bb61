"""Learning records (append-only) and the summaries derived from them.

:class:`LessonEvent` is the log: one row per lesson view or completion, never
updated or deleted. :class:`LessonProgress` and :class:`ModuleProgress` are
summaries: unique per learner, monotone (a completion time is set once), and
rebuildable from the logs and quiz attempts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coursehub.core.db import UTCDateTime, db, utcnow


class LessonEvent(db.Model):
    __tablename__ = "lesson_event"
    __table_args__ = (Index("ix_lesson_event_user_module", "user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("module_version.id"))
    lesson_key: Mapped[str] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20))  # "viewed" | "completed"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LessonProgress(db.Model):
    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "module_id", "lesson_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    lesson_key: Mapped[str] = mapped_column(String(80))
    first_viewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_viewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ModuleProgress(db.Model):
    """Per learner and module: where they are, and when they finished."""

    __tablename__ = "module_progress"
    __table_args__ = (UniqueConstraint("user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_lesson_key: Mapped[str | None] = mapped_column(String(80))
    lessons_completed: Mapped[int] = mapped_column(Integer, default=0)
    best_score: Mapped[float | None] = mapped_column()
    quiz_passed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
