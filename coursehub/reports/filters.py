"""What a report covers: the viewer's scope and the chosen filters, as SQL conditions.

No Flask here: the query modules take a SQLAlchemy session and these values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import BindParameter, ColumnElement, Select, exists, select, tuple_
from sqlalchemy.orm import Session

from coursehub.accounts.models import User
from coursehub.admin.cohort_models import Cohort, CohortMember, CohortModule
from coursehub.learning.models import ModuleProgress
from coursehub.quizzes.models import QuizAttempt

IdRange = tuple[int, int]  # first and last id, both included
IdBounds = IdRange | tuple[BindParameter, BindParameter]  # or given when the query runs


@dataclass(frozen=True)
class ReportFilters:
    """Filters chosen on a report page; None means "any"."""

    cohort_id: int | None = None
    organisation_id: int | None = None
    country: str | None = None
    justice_role: str | None = None
    date_from: date | None = None
    date_to: date | None = None  # inclusive

    def as_dict(self) -> dict[str, str]:
        """The filters that are set, as strings (for links and the audit log)."""
        return {k: str(v) for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass(frozen=True)
class Scope:
    """Cohorts a viewer may report on: ``None`` means every learner (admins)."""

    cohort_ids: tuple[int, ...] | None = None


def scope_for(session: Session, user_id: int, is_admin: bool) -> Scope:
    """Admins see everything; instructors see the cohorts they teach."""
    if is_admin:
        return Scope(None)
    ids = session.scalars(select(Cohort.id).where(Cohort.instructor_id == user_id)
                          .order_by(Cohort.id))
    return Scope(tuple(ids))


def effective_cohorts(filters: ReportFilters, scope: Scope) -> tuple[int, ...] | None:
    """The cohorts the report is limited to (None: no cohort limit)."""
    if filters.cohort_id is not None:
        if scope.cohort_ids is not None and filters.cohort_id not in scope.cohort_ids:
            return ()
        return (filters.cohort_id,)
    return scope.cohort_ids


def scope_conditions(filters: ReportFilters, scope: Scope, user_col, module_col) -> list:
    """Conditions keeping (user, module) records the report covers: the learner
    filters, and (within cohorts) the cohorts' member-module pairs."""
    where = learner_conditions(filters, user_col)
    pairs = cohort_pairs_condition(filters, scope, user_col, module_col)
    return where if pairs is None else [pairs, *where]


def enrolled_without_progress(filters: ReportFilters, scope: Scope,
                              learners: IdBounds | None = None) -> Select:
    """(user_id, module_id) cohort enrolments with no progress record yet.

    A learner is enrolled in a module through a cohort that has it, or by having
    started it; so the enrolments are the progress records plus these pairs.
    ``learners`` keeps the learner ids in that range only.
    """
    pairs = (select(CohortMember.user_id.label("user_id"),
                    CohortModule.module_id.label("module_id"))
             .join(CohortModule, CohortModule.cohort_id == CohortMember.cohort_id)
             .where(~exists().where(ModuleProgress.user_id == CohortMember.user_id,
                                    ModuleProgress.module_id == CohortModule.module_id,
                                    *in_range(ModuleProgress.user_id, learners)),
                    *in_range(CohortMember.user_id, learners),
                    *learner_conditions(filters, CohortMember.user_id))
             .distinct())
    cohorts = effective_cohorts(filters, scope)
    if cohorts is not None:
        pairs = pairs.where(CohortMember.cohort_id.in_(cohorts))
    return pairs


def learner_ids(filters: ReportFilters, scope: Scope) -> Select:
    """Ids of the learners the report covers (one row each)."""
    cohorts = effective_cohorts(filters, scope)
    members = select(CohortMember.user_id)
    if cohorts is not None:
        members = members.where(CohortMember.cohort_id.in_(cohorts))
        return select(User.id).where(User.id.in_(members),
                                     *learner_conditions(filters, User.id))
    return select(User.id).where(
        User.id.in_(select(ModuleProgress.user_id)) | User.id.in_(members),
        *learner_conditions(filters, User.id))


def in_range(column, ids: IdBounds | None) -> list[ColumnElement]:
    """A condition keeping the ids in the range (none for no range).

    Given on each table's own column: PostgreSQL does not carry a range across a
    join's equality, so the database reads just that slice of every table.
    """
    return [] if ids is None else [column.between(*ids)]


def learner_conditions(filters: ReportFilters, user_id_column) -> list[ColumnElement]:
    """Conditions on a user id column for the organisation, country and role filters."""
    wanted = []
    if filters.organisation_id is not None:
        wanted.append(User.organisation_id == filters.organisation_id)
    if filters.country:
        wanted.append(User.country == filters.country)
    if filters.justice_role:
        wanted.append(User.justice_role == filters.justice_role)
    if not wanted:
        return []
    return [user_id_column.in_(select(User.id).where(*wanted))]


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def day_after(day: date) -> datetime:
    return day_start(day + timedelta(days=1))


def activity_conditions(filters: ReportFilters) -> tuple[list, list]:
    """(active, completed) conditions on ModuleProgress for the date range.

    A record counts as *started* when it was in progress at some time in the
    range (started before its end, not completed before its start), and as
    *completed* when its completion falls in the range; so completed is always
    a subset of started.
    """
    active, done = [], []
    if filters.date_to is not None:
        active.append(ModuleProgress.started_at < day_after(filters.date_to))
        done.append(ModuleProgress.completed_at < day_after(filters.date_to))
    if filters.date_from is not None:
        start = day_start(filters.date_from)
        active.append((ModuleProgress.completed_at.is_(None))
                      | (ModuleProgress.completed_at >= start))
        done.append(ModuleProgress.completed_at >= start)
    return active, done


def cohort_pairs_condition(filters: ReportFilters, scope: Scope, user_col, module_col):
    """A condition limiting (user, module) columns to the cohorts in effect, or None."""
    cohorts = effective_cohorts(filters, scope)
    if cohorts is None:
        return None
    pairs = select(CohortMember.user_id, CohortModule.module_id) \
        .join(CohortModule, CohortModule.cohort_id == CohortMember.cohort_id) \
        .where(CohortMember.cohort_id.in_(cohorts))
    return tuple_(user_col, module_col).in_(pairs)


def attempt_conditions(filters: ReportFilters, scope: Scope, kind: str) -> list:
    """Quiz or pre-test attempts limited by the report's filters and the viewer's scope."""
    where = [QuizAttempt.kind == kind, *learner_conditions(filters, QuizAttempt.user_id)]
    pairs = cohort_pairs_condition(filters, scope, QuizAttempt.user_id, QuizAttempt.module_id)
    if pairs is not None:
        where.append(pairs)
    if filters.date_from is not None:
        where.append(QuizAttempt.submitted_at >= day_start(filters.date_from))
    if filters.date_to is not None:
        where.append(QuizAttempt.submitted_at < day_after(filters.date_to))
    return where
