"""Knowledge gain: pre-test score versus best quiz score, per module and group.

Only learners with both a pre-test and a quiz attempt in a module count (paired
scores), so the gain is the mean of each learner's own difference.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, literal_column, select
from sqlalchemy.orm import Session

from coursehub.accounts.models import Organisation, User
from coursehub.content.models import Module
from coursehub.learning.models import ModuleProgress
from coursehub.quizzes.models import QuizAttempt
from coursehub.reports.filters import (
    ReportFilters,
    Scope,
    attempt_conditions,
)

DIMENSIONS = ("all", "justice_role", "organisation", "country")


@dataclass
class GainRow:
    module_id: int
    slug: str
    group: str          # "" for everyone, else the role, organisation or country
    learners: int
    mean_pre: float
    mean_post: float

    @property
    def gain(self) -> float:
        return round(self.mean_post - self.mean_pre, 2)


def knowledge_gain(session: Session, dimension: str, filters: ReportFilters, scope: Scope
                   ) -> list[GainRow]:
    """Mean pre, mean post and gain per module and group of ``dimension`` (one query)."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    grouping = {
        "all": None,
        "justice_role": User.justice_role,
        "organisation": func.coalesce(Organisation.name, ""),
        "country": User.country,
    }[dimension]
    group = literal_column("''") if grouping is None else grouping
    pre = QuizAttempt
    where = [ModuleProgress.best_score.is_not(None),
             *attempt_conditions(filters, scope, "pretest")]
    query = (
        select(pre.module_id, Module.slug, group.label("grp"), func.count().label("n"),
               func.avg(pre.score).label("pre"), func.avg(ModuleProgress.best_score)
               .label("post"))
        .join(ModuleProgress, and_(ModuleProgress.user_id == pre.user_id,
                                   ModuleProgress.module_id == pre.module_id))
        .join(Module, Module.id == pre.module_id)
        .join(User, User.id == pre.user_id)
        .where(*where)
        .group_by(pre.module_id, Module.slug, *([grouping] if grouping is not None else []))
        .order_by(Module.slug, *([grouping] if grouping is not None else []))
    )
    if dimension == "organisation":
        query = query.outerjoin(Organisation, Organisation.id == User.organisation_id)
    return [GainRow(r.module_id, r.slug, r.grp, r.n, round(float(r.pre), 2),
                    round(float(r.post), 2)) for r in session.execute(query)]
