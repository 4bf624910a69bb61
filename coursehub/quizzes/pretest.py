"""The diagnostic pre-test: the module's quiz taken once, before studying.

A pre-test attempt is a :class:`QuizAttempt` with ``kind="pretest"``. It is
shown and graded exactly like a quiz attempt (the same questions, bank draws
and option order following from its token, the same grading) but does not
count towards attempts, best score or completion; reports compare it with the
quiz score as knowledge gain.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from coursehub.accounts.models import User
from coursehub.content.models import Module, ModuleVersion
from coursehub.core.db import db, utcnow
from coursehub.quizzes.models import QuizAttempt
from coursehub.quizzes.presentation import Shown, grade_shown, present_quiz, score_percent
from coursehub.quizzes.services import (
    QuizError,
    add_attempt,
    issue_ticket,
    new_token,
    read_ticket,
)

PRETEST_TICKET = "pretest-attempt"


def pretest_state(user: User, module: Module, version: ModuleVersion) -> str:
    """"unavailable" (module has none), "taken", "too-late" (quiz tried) or "open"."""
    if not version.pretest:
        return "unavailable"
    kinds = set(db.session.scalars(
        select(QuizAttempt.kind).where(QuizAttempt.user_id == user.id,
                                       QuizAttempt.module_id == module.id).distinct()
    ))
    if "pretest" in kinds:
        return "taken"
    return "too-late" if "quiz" in kinds else "open"


def open_pretest(user: User, module: Module, version: ModuleVersion,
                 language: str) -> tuple[str, list[Shown]]:
    """The signed ticket of a new pre-test and its questions as the attempt shows them."""
    token = new_token()
    ticket = issue_ticket(user, module, version, language, token=token, purpose=PRETEST_TICKET)
    return ticket, present_quiz(version, language, token)


def submit_pretest(user: User, module: Module, signed_ticket: str, form) -> QuizAttempt:
    """Grade and record the learner's one pre-test; raises :class:`QuizError`."""
    ticket = read_ticket(signed_ticket, user, module, purpose=PRETEST_TICKET)
    version = db.session.get(ModuleVersion, ticket.version_id)
    if version is None or version.module_id != module.id:
        raise QuizError("invalid")
    if pretest_state(user, module, version) != "open":
        raise QuizError("closed")
    graded = grade_shown(present_quiz(version, ticket.language, ticket.token), form)
    score = score_percent(graded)
    attempt = QuizAttempt(
        token=ticket.token, user_id=user.id, module_id=module.id, version_id=version.id,
        language=ticket.language, started_at=ticket.started_at,
        submitted_at=utcnow(), score=round(score, 2), pass_mark=version.pass_mark,
        passed=score >= version.pass_mark, kind="pretest",
    )
    try:
        with db.session.begin_nested():
            add_attempt(attempt, graded)
    except IntegrityError as error:  # the same form submitted twice
        raise QuizError("closed") from error
    return attempt

