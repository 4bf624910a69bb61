"""Item analysis per question key, after Moodle's quiz statistics.

Responses to the same question key are merged across languages and content
versions. For each key (method in docs/reports.md):

* facility index F = 100 x mean item score (0..1);
* discrimination index D = 100 x Pearson correlation between the item score
  and the score on the *rest* of the attempt (the attempt's total minus this
  item), over all quiz attempts in scope (the total comes from the attempt's
  percentage score, rounded to 0.01 %, and its version's number of questions);
* option distribution: how often each option was chosen.

The sums behind F and D come from one SQL aggregate; only the closing
arithmetic per question is done in Python.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from sqlalchemy import Select, Text, cast, func, select, type_coerce
from sqlalchemy.orm import Session

from coursehub.content.models import ModuleVersion, Question
from coursehub.quizzes.models import QuestionResponse, QuizAttempt
from coursehub.reports.filters import (
    ReportFilters,
    Scope,
    attempt_conditions,
)

TOO_EASY = 90.0   # facility at or above: nearly everyone answers correctly
TOO_HARD = 20.0   # facility at or below: nearly everyone fails
KEY_ORDER_FROM = 10_000  # SQLite: attempts in scope from which responses are read by key


@dataclass
class ItemStats:
    key: str
    attempts: int
    facility: float | None          # percent
    discrimination: float | None    # percent, -100..100; None when undefined
    options: dict[int, int] = field(default_factory=dict)
    other_answers: int = 0

    @property
    def flags(self) -> list[str]:
        flags = []
        if self.facility is not None and self.facility >= TOO_EASY:
            flags.append("too_easy")
        if self.facility is not None and self.facility <= TOO_HARD:
            flags.append("too_hard")
        if self.discrimination is not None and self.discrimination < 0:
            flags.append("negative_discrimination")
        return flags


def pearson(n: int, sx: float, sy: float, sxx: float, syy: float, sxy: float
            ) -> float | None:
    """Pearson's r from running sums; None when either variable is constant."""
    if n < 2:
        return None
    covariance = n * sxy - sx * sy
    spread = (n * sxx - sx * sx) * (n * syy - sy * sy)
    if spread <= 1e-12:
        return None
    return covariance / math.sqrt(spread)


def _attempt_conditions(module_id: int, filters: ReportFilters, scope: Scope) -> list:
    return [QuizAttempt.module_id == module_id, *attempt_conditions(filters, scope, "quiz")]


def item_analysis(session: Session, module_id: int, filters: ReportFilters, scope: Scope
                  ) -> list[ItemStats]:
    """Statistics for every question key of a module's quiz attempts (one query).

    One pass over the responses, grouped by key and distinct answer, sums the
    item score x, the rest score y and their products. An attempt's total
    points are s x n / 100 (s its percentage score, n the number of questions
    in its version), so y = s n / 100 - x needs no per-attempt subquery.
    """
    where = _attempt_conditions(module_id, filters, scope)
    sizes = (select(Question.version_id, func.count().label("n"))
             .join(ModuleVersion, ModuleVersion.id == Question.version_id)
             .where(ModuleVersion.module_id == module_id,
                    Question.language == ModuleVersion.default_language)
             .group_by(Question.version_id).subquery())
    attempts = (select(QuizAttempt.id.label("id"),
                       (QuizAttempt.score * sizes.c.n / 100.0).label("points"))
                .join(sizes, sizes.c.version_id == QuizAttempt.version_id)
                .where(*where).cte("attempts"))
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        attempts = attempts.prefix_with("MATERIALIZED")  # read once, then joined
    x = QuestionResponse.score
    y = attempts.c.points - x  # the rest of the attempt, in points
    sums_by_answer = (func.count(), func.sum(x), func.sum(y), func.sum(x * x), func.sum(y * y),
                      func.sum(x * y))
    if sqlite:
        query = _sqlite_groups(session, module_id, where, attempts, sums_by_answer)
    else:
        answer = cast(QuestionResponse.answer, Text)  # json has no equality on PostgreSQL
        query = (select(QuestionResponse.question_key, answer, *sums_by_answer)
                 .select_from(attempts)
                 .join(QuestionResponse, QuestionResponse.attempt_id == attempts.c.id)
                 .group_by(QuestionResponse.question_key, answer))
    groups = session.execute(query).all()
    sums: dict[str, list[float]] = {}
    items: dict[str, ItemStats] = {}
    for key, given, *values in groups:
        total = sums.setdefault(key, [0.0] * 6)
        for i, value in enumerate(values):
            total[i] += float(value)
        item = items.setdefault(key, ItemStats(key=key, attempts=0, facility=None,
                                               discrimination=None))
        _add_choices(item, given, values[0])
    for key, (n, sx, sy, sxx, syy, sxy) in sums.items():
        r = pearson(int(n), sx, sy, sxx, syy, sxy)
        items[key].attempts = int(n)
        items[key].facility = round(100 * sx / n, 2)
        items[key].discrimination = round(100 * r, 2) if r is not None else None
    return [items[key] for key in sorted(items)]


def _sqlite_groups(session: Session, module_id: int, where: list, attempts, sums: tuple
                   ) -> Select:
    """The grouped sums on SQLite, which groups by sorting every row it aggregates.

    With many attempts in scope, responses are read in (key, answer) order from
    ``ix_question_response_item_key_order``, so no sort is needed; with few, they
    are read attempt by attempt (and sorted: few rows).
    """
    answer = type_coerce(QuestionResponse.answer, Text)  # stored as text: no CAST, no sort
    selected = select(QuestionResponse.question_key, answer, *sums)
    grouping = (QuestionResponse.question_key, QuestionResponse.answer)
    in_scope = session.scalar(select(func.count()).select_from(QuizAttempt).where(*where))
    if in_scope < KEY_ORDER_FROM:
        return (selected.select_from(attempts)
                .join(QuestionResponse, QuestionResponse.attempt_id == attempts.c.id)
                .group_by(*grouping))
    module_keys = (select(Question.key).join(ModuleVersion, ModuleVersion.id == Question.version_id)
                   .where(ModuleVersion.module_id == module_id).distinct())
    # "+ 0" keeps the planner off the attempt_id index: otherwise it reads the
    # responses attempt by attempt and sorts them all again (twice as slow).
    return (selected.select_from(QuestionResponse)
            .join(attempts, attempts.c.id == QuestionResponse.attempt_id + 0)
            .where(QuestionResponse.question_key.in_(module_keys))
            .group_by(*grouping))


def _add_choices(item: ItemStats | None, given: str | None, count: int) -> None:
    """Count each chosen option of one distinct answer (a JSON list of indices)."""
    if item is None:
        return
    try:
        chosen = json.loads(given) if given else []
    except ValueError:
        chosen = None
    if not isinstance(chosen, list) or not all(isinstance(c, int) for c in chosen):
        item.other_answers += count
        return
    for index in chosen:
        item.options[index] = item.options.get(index, 0) + count
