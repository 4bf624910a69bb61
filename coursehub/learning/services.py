"""Recording progress: append a log event, then update the summaries.

Summaries only move forward: a start or completion time, once set, is never
changed, so repeating a request (a double click, a retry) changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Insert, Select, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from coursehub.accounts.models import User
from coursehub.content.models import Module, ModuleVersion
from coursehub.content.queries import PublishedVersion
from coursehub.core.db import UTCDateTime, db, upsert, utcnow
from coursehub.learning.models import LessonEvent, LessonProgress, ModuleProgress


def _get_or_create(model, **keys):
    """The summary row for ``keys``, inserting it safely if another request races us."""
    return _find_or_insert(model, **keys)[0]


def _find_or_insert(model, **keys):
    """``(row, created)``: the existing row for ``keys``, or one inserted now."""
    row = db.session.scalar(select(model).filter_by(**keys))
    if row is not None:
        return row, False
    try:
        with db.session.begin_nested():
            row = model(**keys)
            db.session.add(row)
    except IntegrityError:
        return db.session.scalar(select(model).filter_by(**keys)), False
    return row, True


def module_progress(user: User, module: Module) -> ModuleProgress:
    return _get_or_create(ModuleProgress, user_id=user.id, module_id=module.id)


def lock_module_progress(user: User, module: Module) -> ModuleProgress:
    """The learner's module summary, locked until the transaction ends, read fresh.

    Requests that count and then write (quiz attempts against ``max_attempts``)
    call this first, so two requests for the same learner and module, in any
    processes, run one after the other. A no-op UPDATE takes the row lock on
    PostgreSQL and the write lock on SQLite alike.
    """
    summary = module_progress(user, module)
    db.session.execute(
        update(ModuleProgress)
        .where(ModuleProgress.user_id == user.id, ModuleProgress.module_id == module.id)
        .values(lessons_completed=ModuleProgress.lessons_completed)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(summary)
    return summary


_LOG_VIEW = insert(LessonEvent.__table__)


def _view_upserts() -> tuple[Insert, Insert]:
    """The two summary upserts of a lesson view (built once per database)."""
    return (upsert(LessonProgress.__table__, ("user_id", "module_id", "lesson_key"),
                   ("last_viewed_at",), returning=("completed_at",)),
            upsert(ModuleProgress.__table__, ("user_id", "module_id"), ("last_lesson_key",),
                   only_if_changed=True))


def record_lesson_view(user_id: int, version: PublishedVersion, lesson_key: str,
                       language: str) -> bool:
    """Log a lesson view and move the summaries on; True if the learner finished the lesson.

    This runs on every lesson page. Three statements prepared once whatever the
    learner's history (the log row, then an upsert of each summary); on
    PostgreSQL, the same three as one statement, one round trip.
    """
    now = utcnow()
    keys = {"user_id": user_id, "module_id": version.module_id}
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        return connection.execute(_one_statement_view(), {
            **keys, "version_id": version.version_id, "lesson_key": lesson_key,
            "language": language, "now": now}).scalar_one() is not None
    lesson_upsert, module_upsert = _view_upserts()
    connection.execute(_LOG_VIEW, {**keys, "version_id": version.version_id,
                                   "lesson_key": lesson_key, "language": language,
                                   "kind": "viewed", "created_at": now})
    completed_at = connection.execute(
        lesson_upsert,
        {**keys, "lesson_key": lesson_key, "first_viewed_at": now, "last_viewed_at": now},
    ).scalar_one()
    connection.execute(
        module_upsert,
        {**keys, "started_at": now, "last_lesson_key": lesson_key, "lessons_completed": 0})
    return completed_at is not None


@cache
def _one_statement_view() -> Select:
    """PostgreSQL: the log row and both upserts as data-modifying CTEs; the query
    returns the lesson's completion time."""
    now = bindparam("now", type_=UTCDateTime())
    keys = {"user_id": bindparam("user_id"), "module_id": bindparam("module_id")}
    lesson_upsert, module_upsert = _view_upserts()
    logged = insert(LessonEvent.__table__).values(
        **keys, version_id=bindparam("version_id"), lesson_key=bindparam("lesson_key"),
        language=bindparam("language"), kind="viewed", created_at=now).cte("logged")
    lesson = lesson_upsert.values(
        **keys, lesson_key=bindparam("lesson_key"), first_viewed_at=now,
        last_viewed_at=now).cte("lesson")
    summary = module_upsert.values(
        **keys, started_at=now, last_lesson_key=bindparam("lesson_key"),
        lessons_completed=0).cte("summary")
    return select(lesson.c.completed_at).add_cte(logged, summary)


def complete_lesson(user: User, module: Module, version: ModuleVersion, lesson_key: str,
                    language: str) -> bool:
    """Record that the learner finished a lesson; True if the module is now complete."""
    now = utcnow()
    db.session.add(LessonEvent(user_id=user.id, module_id=module.id, version_id=version.id,
                               lesson_key=lesson_key, language=language, kind="completed",
                               created_at=now))
    progress = _get_or_create(LessonProgress, user_id=user.id, module_id=module.id,
                              lesson_key=lesson_key)
    if progress.completed_at is None:
        progress.completed_at = now
    summary = module_progress(user, module)
    summary.last_lesson_key = lesson_key
    db.session.flush()
    summary.lessons_completed = _completed_count(user.id, module.id, version.lesson_keys)
    return update_completion(user, module, version)


def _completed_count(user_id: int, module_id: int, lesson_keys: list[str]) -> int:
    return db.session.scalar(
        select(func.count()).select_from(LessonProgress).where(
            LessonProgress.user_id == user_id, LessonProgress.module_id == module_id,
            LessonProgress.lesson_key.in_(lesson_keys), LessonProgress.completed_at.is_not(None),
        )
    ) or 0


def completed_lesson_keys(user_id: int, module_id: int) -> set[str]:
    return set(db.session.scalars(
        select(LessonProgress.lesson_key).where(
            LessonProgress.user_id == user_id, LessonProgress.module_id == module_id,
            LessonProgress.completed_at.is_not(None),
        )
    ))


def update_completion(user: User, module: Module, version: ModuleVersion) -> bool:
    """Mark the module complete (once) when every lesson is done and the quiz passed.

    Returns True only when this call completed the module.
    """
    summary = module_progress(user, module)
    if summary.completed_at is not None:
        return False
    done = _completed_count(user.id, module.id, version.lesson_keys)
    summary.lessons_completed = done
    if done < len(version.lesson_keys) or summary.quiz_passed_at is None:
        return False
    summary.completed_at = utcnow()
    from coursehub.credentials.services import award_badge

    award_badge(user, module, version, reason="completion")
    return True


@dataclass
class ProgressView:
    """What a page shows about a learner's progress in one module."""

    lessons_done: int
    lessons_total: int
    quiz_passed: bool
    best_score: float | None
    completed_at: datetime | None
    last_lesson_key: str | None

    @property
    def percent(self) -> int:
        steps = self.lessons_total + 1  # the quiz counts as one step
        done = min(self.lessons_done, self.lessons_total) + (1 if self.quiz_passed else 0)
        return round(100 * done / steps) if steps else 0

    @property
    def started(self) -> bool:
        return self.last_lesson_key is not None or self.best_score is not None


def progress_views(user: User, modules: list[Module]) -> dict[int, ProgressView]:
    """Progress of ``user`` in each module, from the summaries (one query)."""
    summaries = {}
    if user.is_authenticated and modules:
        summaries = {row.module_id: row for row in db.session.scalars(
            select(ModuleProgress).where(ModuleProgress.user_id == user.id,
                                         ModuleProgress.module_id.in_([m.id for m in modules]))
        )}
    views = {}
    for module in modules:
        row = summaries.get(module.id)
        total = len(module.current_version.lesson_keys) if module.current_version else 0
        views[module.id] = ProgressView(
            lessons_done=row.lessons_completed if row else 0,
            lessons_total=total,
            quiz_passed=bool(row and row.quiz_passed_at),
            best_score=row.best_score if row else None,
            completed_at=row.completed_at if row else None,
            last_lesson_key=row.last_lesson_key if row else None,
        )
    return views


def resume_lesson_key(version: ModuleVersion, done: set[str]) -> str | None:
    """The first lesson not yet done, or None when all lessons are done."""
    for key in version.lesson_keys:
        if key not in done:
            return key
    return None
