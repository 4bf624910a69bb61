"""Taking a quiz: issuing an attempt, grading it, recording it once."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from coursehub.accounts.models import User
from coursehub.content.models import Module, ModuleVersion
from coursehub.core.db import db, utcnow
from coursehub.learning.services import (
    lock_module_progress,
    module_progress,
    update_completion,
)
from coursehub.quizzes.models import QuestionResponse, QuizAttempt
from coursehub.quizzes.presentation import Shown, grade_shown, present_quiz, score_percent


class QuizError(Exception):
    """An attempt that cannot be recorded (bad token, no attempts left)."""


@dataclass(frozen=True)
class AttemptTicket:
    """What the quiz form carries: who, which module/version/language, since when."""

    token: str
    user_id: int
    module_id: int
    version_id: int
    language: str
    started_at: datetime


QUIZ_TICKET = "quiz-attempt"


def _serializer(purpose: str = QUIZ_TICKET) -> URLSafeSerializer:
    """Signs tickets; the purpose keeps a pre-test ticket from passing as a quiz one."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def new_token() -> str:
    """The random token naming one attempt (and seeding what it shows)."""
    return secrets.token_urlsafe(16)


def issue_ticket(user: User, module: Module, version: ModuleVersion, language: str,
                 token: str | None = None, purpose: str = QUIZ_TICKET) -> str:
    """A signed ticket for one attempt, embedded in the quiz form.

    Which bank questions are drawn and how options are shuffled follow from the
    token and the secret key (see :mod:`coursehub.quizzes.presentation`).
    """
    return _serializer(purpose).dumps({
        "t": token or new_token(), "u": user.id, "m": module.id, "v": version.id,
        "l": language, "s": int(utcnow().timestamp()),
    })


def read_ticket(signed: str, user: User, module: Module,
                purpose: str = QUIZ_TICKET) -> AttemptTicket:
    try:
        data = _serializer(purpose).loads(signed)
    except BadSignature as error:
        raise QuizError("invalid") from error
    if data.get("u") != user.id or data.get("m") != module.id:
        raise QuizError("invalid")
    return AttemptTicket(token=data["t"], user_id=data["u"], module_id=data["m"],
                         version_id=data["v"], language=data["l"],
                         started_at=datetime.fromtimestamp(data["s"], UTC))


def attempts_used(user: User, module: Module) -> int:
    return db.session.scalar(
        select(func.count()).select_from(QuizAttempt)
        .where(QuizAttempt.user_id == user.id, QuizAttempt.module_id == module.id,
               QuizAttempt.kind == "quiz")
    ) or 0


def attempts_left(user: User, module: Module, version: ModuleVersion) -> int | None:
    """Attempts remaining, or None when unlimited."""
    if version.max_attempts == 0:
        return None
    return max(0, version.max_attempts - attempts_used(user, module))


def submit_attempt(
    user: User, module: Module, signed_ticket: str, form
) -> tuple[QuizAttempt, bool]:
    """Grade and record an attempt; the same ticket twice returns the first attempt.

    Returns ``(attempt, created)``. Raises :class:`QuizError` when the ticket is
    not this learner's or no attempts are left.
    """
    ticket = read_ticket(signed_ticket, user, module)
    lock_module_progress(user, module)  # one submission at a time per learner and module
    existing = db.session.scalar(select(QuizAttempt).where(QuizAttempt.token == ticket.token))
    if existing is not None:
        return existing, False
    version = db.get_or_404(ModuleVersion, ticket.version_id)
    if version.module_id != module.id:
        raise QuizError("invalid")
    left = attempts_left(user, module, module.current_version or version)
    if left == 0:
        raise QuizError("no-attempts")
    graded = grade_shown(present_quiz(version, ticket.language, ticket.token), form)
    score = score_percent(graded)
    attempt = QuizAttempt(
        token=ticket.token, user_id=user.id, module_id=module.id, version_id=version.id,
        language=ticket.language, started_at=ticket.started_at, submitted_at=utcnow(),
        score=round(score, 2), pass_mark=version.pass_mark,
        passed=score >= version.pass_mark,
    )
    try:
        with db.session.begin_nested():
            add_attempt(attempt, graded)
    except IntegrityError:
        # Another request recorded this ticket first: report that attempt.
        existing = db.session.scalar(select(QuizAttempt).where(QuizAttempt.token == ticket.token))
        if existing is None:
            raise
        return existing, False
    _update_summary(user, module, attempt)
    return attempt, True


def add_attempt(attempt: QuizAttempt, graded: Sequence[tuple[Shown, list, float]]) -> None:
    """Add the attempt and a response for each question, in the order shown (with
    what was shown: option order, the bank's question rows). The responses go
    in as one statement, not one ORM object each."""
    db.session.add(attempt)
    db.session.flush()
    if not graded:  # an empty parameter list would insert one row of defaults
        return
    db.session.execute(insert(QuestionResponse), [
        {"attempt_id": attempt.id, "question_id": item.question.id,
         "question_key": item.question.key, "position": position, "answer": answer,
         "score": points, "shown": item.shown}
        for position, (item, answer, points) in enumerate(graded, start=1)])


def _update_summary(user: User, module: Module, attempt: QuizAttempt) -> None:
    summary = module_progress(user, module)
    if summary.best_score is None or attempt.score > summary.best_score:
        summary.best_score = attempt.score
    if attempt.passed and summary.quiz_passed_at is None:
        summary.quiz_passed_at = attempt.submitted_at
    db.session.flush()
    update_completion(user, module, module.current_version or attempt_version(attempt))


def attempt_version(attempt: QuizAttempt) -> ModuleVersion:
    return db.session.get(ModuleVersion, attempt.version_id)


def recent_attempts(user: User, module: Module, limit: int) -> list[QuizAttempt]:
    """The learner's latest quiz attempts in this module, newest first (at most ``limit``)."""
    return list(db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.user_id == user.id,
                                  QuizAttempt.module_id == module.id,
                                  QuizAttempt.kind == "quiz")
        .order_by(QuizAttempt.submitted_at.desc(), QuizAttempt.id.desc()).limit(limit)
    ))


def can_view_attempt(user: User, attempt: QuizAttempt) -> bool:
    """Learners see their own attempts; instructors those of learners in the cohorts
    they teach; admins all."""
    if attempt.user_id == user.id or user.role == "admin":
        return True
    if user.role != "instructor":
        return False
    from coursehub.reports.filters import scope_for
    from coursehub.reports.learners import in_scope

    return in_scope(db.session, attempt.user_id, scope_for(db.session, user.id, False))
