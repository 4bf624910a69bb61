"""The completion report: per module enrolled, started, completed, median time, score.

Every number is one SQL aggregate; the median has one small query per dialect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Float, and_, case, cast, func, literal_column, select
from sqlalchemy.orm import Session

from coursehub.content.models import Module
from coursehub.learning.models import ModuleProgress
from coursehub.reports.filters import (
    ReportFilters,
    Scope,
    activity_conditions,
    enrolled_without_progress,
    scope_conditions,
)


@dataclass
class ModuleRow:
    module_id: int
    slug: str
    enrolled: int
    started: int
    completed: int
    median_seconds: float | None
    average_best_score: float | None

    @property
    def started_rate(self) -> float | None:
        return 100 * self.started / self.enrolled if self.enrolled else None

    @property
    def completed_rate(self) -> float | None:
        return 100 * self.completed / self.enrolled if self.enrolled else None


def _flag(conditions: list, column):
    """``column`` where every condition holds (NULL otherwise), for COUNT/AVG."""
    if not conditions:
        return column
    return case((and_(*conditions), column), else_=None)


def completion_report(session: Session, filters: ReportFilters, scope: Scope
                      ) -> list[ModuleRow]:
    """One row per module with enrolments in scope, in slug order (three queries).

    Progress records give started, completed and scores; enrolled adds the
    cohort enrolments that have no progress record yet.
    """
    active, done = activity_conditions(filters)
    where = scope_conditions(filters, scope, ModuleProgress.user_id, ModuleProgress.module_id)
    rows = {r.module_id: r for r in session.execute(
        select(
            ModuleProgress.module_id,
            func.count().label("records"),
            func.count(_flag(active, ModuleProgress.id)).label("started"),
            func.count(_flag(done, ModuleProgress.completed_at)).label("completed"),
            func.avg(_flag(active, ModuleProgress.best_score)).label("score"),
        ).where(*where).group_by(ModuleProgress.module_id)
    )}
    waiting = enrolled_without_progress(filters, scope).subquery()
    not_started = dict(session.execute(
        select(waiting.c.module_id, func.count()).group_by(waiting.c.module_id)).all())
    ids = set(rows) | set(not_started)
    if not ids:
        return []
    slugs = dict(session.execute(select(Module.id, Module.slug).where(Module.id.in_(ids))).all())
    medians = median_completion_seconds(session, filters, scope)
    result = []
    for module_id in sorted(ids, key=lambda i: slugs[i]):
        r = rows.get(module_id)
        result.append(ModuleRow(
            module_id, slugs[module_id], (r.records if r else 0) + not_started.get(module_id, 0),
            r.started if r else 0, r.completed if r else 0, medians.get(module_id),
            round(float(r.score), 2) if r is not None and r.score is not None else None))
    return result


def _duration_seconds(dialect: str):
    if dialect == "postgresql":
        return func.extract("epoch", ModuleProgress.completed_at - ModuleProgress.started_at)
    return (func.julianday(ModuleProgress.completed_at)
            - func.julianday(ModuleProgress.started_at)) * 86400.0


def median_completion_seconds(session: Session, filters: ReportFilters, scope: Scope
                              ) -> dict[int, float]:
    """Median time from start to completion per module, in seconds (one query).

    PostgreSQL: ``percentile_cont(0.5)``. SQLite: number the durations with a
    window function and average the middle one or two.
    """
    _active, done = activity_conditions(filters)
    where = [ModuleProgress.completed_at.is_not(None), *done,
             *scope_conditions(filters, scope, ModuleProgress.user_id, ModuleProgress.module_id)]
    dialect = session.get_bind().dialect.name
    duration = _duration_seconds(dialect)
    module = ModuleProgress.module_id
    if dialect == "postgresql":
        query = (select(module.label("module_id"),
                        func.percentile_cont(0.5).within_group(cast(duration, Float))
                        .label("median"))
                 .where(*where).group_by(module))
    else:
        numbered = select(
            module.label("module_id"), duration.label("seconds"),
            func.row_number().over(partition_by=module, order_by=duration).label("n"),
            func.count().over(partition_by=module).label("total"),
        ).where(*where).subquery()
        middle = literal_column("(total + 1) / 2"), literal_column("(total + 2) / 2")
        query = (select(numbered.c.module_id, func.avg(numbered.c.seconds).label("median"))
                 .where(numbered.c.n.in_(middle)).group_by(numbered.c.module_id))
    return {row.module_id: round(float(row.median), 1) for row in session.execute(query)}


@dataclass
class DayCount:
    day: date
    completions: int


def completions_by_day(session: Session, filters: ReportFilters, scope: Scope
                       ) -> list[DayCount]:
    """Completions per calendar day (UTC) in scope, oldest first (one query)."""
    _active, done = activity_conditions(filters)
    if session.get_bind().dialect.name == "postgresql":
        day = func.date(func.timezone("UTC", ModuleProgress.completed_at))
    else:
        day = func.date(ModuleProgress.completed_at)
    rows = session.execute(
        select(day.label("day"), func.count().label("n"))
        .where(ModuleProgress.completed_at.is_not(None), *done,
               *scope_conditions(filters, scope, ModuleProgress.user_id,
                                 ModuleProgress.module_id))
        .group_by(day).order_by(day)
    )
    return [DayCount(r.day if isinstance(r.day, date) else date.fromisoformat(r.day), r.n)
            for r in rows]
