"""Learner drill-down (status per module, a page at a time) and the transcript."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, exists, func, literal, null, select
from sqlalchemy.orm import Session

from coursehub.accounts.models import Organisation, User
from coursehub.admin.cohort_models import CohortMember, CohortModule
from coursehub.content.models import Module
from coursehub.credentials.models import BadgeAward
from coursehub.learning.models import LessonProgress, ModuleProgress
from coursehub.quizzes.models import QuizAttempt
from coursehub.reports.filters import (
    ReportFilters,
    Scope,
    activity_conditions,
    effective_cohorts,
    enrolled_without_progress,
    learner_ids,
    scope_conditions,
)

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class LearnerRow:
    user_id: int
    name: str
    email: str
    organisation: str
    country: str
    justice_role: str
    statuses: dict[int, str] = field(default_factory=dict)  # module id -> status


def status_of(progress: ModuleProgress | None) -> str:
    if progress is None:
        return NOT_STARTED
    return COMPLETED if progress.completed_at is not None else IN_PROGRESS


def count_learners(session: Session, filters: ReportFilters, scope: Scope) -> int:
    ids = learner_ids(filters, scope).subquery()
    return session.scalar(select(func.count()).select_from(ids)) or 0


def learner_page(session: Session, filters: ReportFilters, scope: Scope, page: int,
                 per_page: int = 50) -> list[LearnerRow]:
    """One page of learners (by name) with their status in each enrolled module.

    Three queries whatever the page size: the learners, their cohort enrolments,
    their progress.
    """
    users = session.execute(
        select(User.id, User.name, User.email, User.country, User.justice_role,
               Organisation.name.label("organisation"))
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(User.id.in_(learner_ids(filters, scope)))
        .order_by(User.name, User.id).limit(per_page).offset((page - 1) * per_page)
    ).all()
    rows = {u.id: LearnerRow(u.id, u.name, u.email, u.organisation or "", u.country,
                             u.justice_role) for u in users}
    if not rows:
        return []
    cohorts = effective_cohorts(filters, scope)
    pairs = (select(CohortMember.user_id, CohortModule.module_id)
             .join(CohortModule, CohortModule.cohort_id == CohortMember.cohort_id)
             .where(CohortMember.user_id.in_(rows)))
    if cohorts is not None:
        pairs = pairs.where(CohortMember.cohort_id.in_(cohorts))
    for user_id, module_id in session.execute(pairs):
        rows[user_id].statuses[module_id] = NOT_STARTED
    for progress in session.scalars(select(ModuleProgress)
                                    .where(ModuleProgress.user_id.in_(rows))):
        statuses = rows[progress.user_id].statuses
        if cohorts is None or progress.module_id in statuses:
            statuses[progress.module_id] = status_of(progress)
    return list(rows.values())


def _stamp(session: Session, column):
    """A timestamp column as ISO 8601 UTC text, formatted by the database."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    return func.strftime("%Y-%m-%dT%H:%M:%SZ", column)


def _safe_text(column):
    """Text that a spreadsheet will not run as a formula, made safe by the database."""
    text = func.coalesce(column, "")
    return case((func.substr(text, 1, 1).in_(FORMULA_STARTS), literal("'") + text),
                else_=text)


def learner_records(session: Session, filters: ReportFilters, scope: Scope,
                    batch: int = 5000) -> Iterator[Sequence]:
    """Every (learner, module) enrolment in scope, as ready CSV rows, in batches.

    Streamed from a server-side cursor (``yield_per``); each row is learner_id,
    name, email, organisation, country, justice_role, module, status,
    started_at, completed_at, lessons_completed, best_score, formatted by the
    database. First the progress records (by learner), then the cohort
    enrolments not started yet. Dates keep the records the completion report
    counts as started.
    """
    active, _done = activity_conditions(filters)
    people = (User.id, _safe_text(User.name), _safe_text(User.email),
              _safe_text(Organisation.name), User.country, User.justice_role)
    status = case((ModuleProgress.completed_at.is_not(None), literal(COMPLETED)),
                  else_=literal(IN_PROGRESS))
    started = (
        select(*people, Module.slug, status, _stamp(session, ModuleProgress.started_at),
               _stamp(session, ModuleProgress.completed_at),
               ModuleProgress.lessons_completed, ModuleProgress.best_score)
        .join(User, User.id == ModuleProgress.user_id)
        .join(Module, Module.id == ModuleProgress.module_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(*scope_conditions(filters, scope, ModuleProgress.user_id,
                                 ModuleProgress.module_id), *active)
        .order_by(ModuleProgress.user_id, ModuleProgress.module_id)
        .execution_options(yield_per=batch)
    )
    connection = session.connection()  # Core rows: no ORM loading layer
    yield from connection.execute(started).partitions()
    waiting = enrolled_without_progress(filters, scope).subquery()
    not_started = (
        select(*people, Module.slug, literal(NOT_STARTED), null(), null(), null(), null())
        .select_from(waiting)
        .join(User, User.id == waiting.c.user_id)
        .join(Module, Module.id == waiting.c.module_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .order_by(waiting.c.user_id, waiting.c.module_id)
        .execution_options(yield_per=batch)
    )
    yield from connection.execute(not_started).partitions()


def in_scope(session: Session, user_id: int, scope: Scope) -> bool:
    """Whether a learner belongs to the viewer's cohorts (always, for admins)."""
    if scope.cohort_ids is None:
        return True
    return bool(session.scalar(select(exists().where(
        CohortMember.user_id == user_id, CohortMember.cohort_id.in_(scope.cohort_ids)))))


@dataclass
class Transcript:
    user: User
    organisation: str
    modules: dict[int, Module]
    progress: list[ModuleProgress]
    lessons: list[LessonProgress]
    attempts: list[QuizAttempt]
    badges: list[BadgeAward]

    def lessons_done(self, module_id: int) -> list[tuple[str, datetime]]:
        return [(lp.lesson_key, lp.completed_at) for lp in self.lessons
                if lp.module_id == module_id and lp.completed_at is not None]


def transcript(session: Session, user: User) -> Transcript:
    """Everything a learner did: modules, lessons, attempts, badges (six queries)."""
    org = session.get(Organisation, user.organisation_id) if user.organisation_id else None
    progress = list(session.scalars(select(ModuleProgress).where(ModuleProgress.user_id
                                                                 == user.id)))
    lessons = list(session.scalars(select(LessonProgress).where(LessonProgress.user_id
                                                                == user.id)
                                   .order_by(LessonProgress.module_id,
                                             LessonProgress.completed_at)))
    attempts = list(session.scalars(select(QuizAttempt).where(QuizAttempt.user_id == user.id)
                                    .order_by(QuizAttempt.submitted_at)))
    badges = list(session.scalars(select(BadgeAward).where(BadgeAward.user_id == user.id)
                                  .order_by(BadgeAward.issued_at)))
    ids = {p.module_id for p in progress} | {a.module_id for a in attempts} \
        | {b.module_id for b in badges} | {lp.module_id for lp in lessons}
    modules = {m.id: m for m in session.scalars(select(Module).where(Module.id.in_(ids)))} \
        if ids else {}
    return Transcript(user, org.name if org else user.organisation_name, modules, progress,
                      lessons, attempts, badges)
