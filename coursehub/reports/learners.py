"""Learner drill-down (status per module, a page at a time) and the transcript."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import BindParameter, Select, case, cast, exists, func, literal, null, select
from sqlalchemy.orm import Session

from coursehub.accounts.models import Organisation, User
from coursehub.admin.cohort_models import CohortMember, CohortModule
from coursehub.content.models import Module
from coursehub.credentials.models import BadgeAward
from coursehub.learning.models import LessonProgress, ModuleProgress
from coursehub.quizzes.models import QuizAttempt
from coursehub.reports.filters import (
    IdBounds,
    ReportFilters,
    Scope,
    activity_conditions,
    effective_cohorts,
    enrolled_without_progress,
    in_range,
    learner_ids,
    scope_conditions,
)

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"
PERSON_COLUMNS = (User.id, User.name, User.email, Organisation.name.label("organisation"),
                  User.country, User.justice_role)


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
        select(*PERSON_COLUMNS)
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


def enrolments(filters: ReportFilters, scope: Scope, learners: IdBounds | None = None
               ) -> tuple[Select, Select]:
    """Every (learner, module) enrolment in scope, unordered, in two SELECTs: the
    progress records, then the cohort enrolments not started yet.

    Columns: learner_id, module_id, status, started_at, completed_at,
    lessons_completed, best_score (typed NULLs for the ones not started). Dates
    keep the records the completion report counts as started. ``learners``
    keeps the learner ids in that range only.
    """
    active, _done = activity_conditions(filters)
    status = case((ModuleProgress.completed_at.is_not(None), literal(COMPLETED)),
                  else_=literal(IN_PROGRESS))
    started = (
        select(ModuleProgress.user_id.label("learner_id"), ModuleProgress.module_id,
               status.label("status"), ModuleProgress.started_at,
               ModuleProgress.completed_at, ModuleProgress.lessons_completed,
               ModuleProgress.best_score)
        .where(*scope_conditions(filters, scope, ModuleProgress.user_id,
                                 ModuleProgress.module_id), *active,
               *in_range(ModuleProgress.user_id, learners))
    )
    waiting = enrolled_without_progress(filters, scope, learners).subquery()
    not_started = select(
        waiting.c.user_id.label("learner_id"), waiting.c.module_id,
        literal(NOT_STARTED).label("status"),
        *(cast(null(), column.type).label(column.key) for column in (
            ModuleProgress.started_at, ModuleProgress.completed_at,
            ModuleProgress.lessons_completed, ModuleProgress.best_score)),
    )
    return started, not_started


def people(ids: BindParameter | Select) -> Select:
    """The learners with these ids (an expanding parameter or a SELECT of ids):
    id, name, email, organisation, country, justice_role."""
    return (select(*PERSON_COLUMNS)
            .outerjoin(Organisation, Organisation.id == User.organisation_id)
            .where(User.id.in_(ids)))


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
