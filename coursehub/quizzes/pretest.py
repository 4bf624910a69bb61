"""The diagnostic pre-test: the module's quiz taken once, before studying.

A pre-test attempt is a :class:`QuizAttempt` with ``kind="pretest"``. It is
graded exactly like the quiz (same question keys, same grading) but does not
count towards attempts, best score or completion; reports compare it with the
quiz score as knowledge gain.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from coursehub.accounts.models import User
from coursehub.content.models import Module, ModuleVersion
from coursehub.content.queries import quiz_questions
from coursehub.core.db import db, utcnow
from coursehub.quizzes.models import QuestionResponse, QuizAttempt
from coursehub.quizzes.services import (
    QuizError,
    answers_from_form,
    grade_answers,
    issue_ticket,
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


def issue_pretest_ticket(user: User, module: Module, version: ModuleVersion,
                         language: str) -> str:
    return issue_ticket(user, module, version, language, purpose=PRETEST_TICKET)


def submit_pretest(user: User, module: Module, signed_ticket: str, form) -> QuizAttempt:
    """Grade and record the learner's one pre-test; raises :class:`QuizError`."""
    ticket = read_ticket(signed_ticket, user, module, purpose=PRETEST_TICKET)
    version = db.session.get(ModuleVersion, ticket.version_id)
    if version is None or version.module_id != module.id:
        raise QuizError("invalid")
    if pretest_state(user, module, version) != "open":
        raise QuizError("closed")
    questions = quiz_questions(version.id, ticket.language)
    graded = grade_answers(questions, answers_from_form(questions, form))
    score = 100 * sum(s for _, _, s in graded) / len(graded) if graded else 0.0
    attempt = QuizAttempt(
        token=ticket.token, user_id=user.id, module_id=module.id, version_id=version.id,
        language=ticket.language, started_at=ticket.started_at,
        submitted_at=utcnow(), score=round(score, 2), pass_mark=version.pass_mark,
        passed=score >= version.pass_mark, kind="pretest",
    )
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
            db.session.flush()
            for position, (question, answer, points) in enumerate(graded, start=1):
                db.session.add(QuestionResponse(
                    attempt_id=attempt.id, question_id=question.id, question_key=question.key,
                    position=position, answer=answer, score=points,
                ))
    except IntegrityError as error:  # the same form submitted twice
        raise QuizError("closed") from error
    return attempt

