"""What one attempt shows: questions drawn from the bank and options shuffled.

Everything is derived from the attempt's random token and the app's secret
key, so the quiz page and the grading of the submitted form compute exactly
the same presentation without storing anything before submission, and the
learner cannot work out the stored (correct) order from the ticket. The
presentation is then stored with each response for the results page.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from coursehub.content.models import ModuleVersion, Question
from coursehub.content.queries import quiz_questions
from coursehub.core.db import db
from coursehub.quizzes.types import get_type


@dataclass
class Shown:
    """One question as this attempt shows it."""

    question: Question
    shown: dict


def seeded(token: str, salt: str) -> random.Random:
    """A generator only the server can reproduce: HMAC(secret, token:salt)."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(secret, f"{token}:{salt}".encode(), hashlib.sha256).digest()
    return random.Random(int.from_bytes(digest, "big"))  # noqa: S311 - not for secrets


def present_quiz(version: ModuleVersion, language: str, token: str) -> list[Shown]:
    """The attempt's questions in order, bank draws resolved, options ordered."""
    questions = quiz_questions(version.id, language)
    used = {q.key for q in questions if q.type != "draw"}
    chosen: list[Question] = []
    for question in questions:
        if question.type == "draw":
            drawn = _draw(question, language, seeded(token, f"draw:{question.key}"), used)
            used.update(q.key for q in drawn)
            chosen.extend(drawn)
        else:
            chosen.append(question)
    return [Shown(q, get_type(q.type).present(q.definition, seeded(token, q.key),
                                              version.shuffle_options)) for q in chosen]


def _draw(question: Question, language: str, rng: random.Random,
          used: set[str]) -> list[Question]:
    pool = [(vid, key) for vid, key in question.definition.get("pool", []) if key not in used]
    picked, seen = [], set()
    for vid, key in rng.sample(pool, len(pool)):
        if key not in seen and len(picked) < question.definition.get("count", 0):
            picked.append((vid, key))
            seen.add(key)
    if not picked:
        return []
    rows = db.session.execute(
        select(Question, ModuleVersion.default_language)
        .join(ModuleVersion, ModuleVersion.id == Question.version_id)
        .where(Question.version_id.in_({v for v, _ in picked}),
               Question.key.in_({k for _, k in picked}))
    ).all()
    best: dict[tuple[int, str], Question] = {}
    for row, default in rows:
        slot = (row.version_id, row.key)
        if row.language == language or (row.language == default and slot not in best):
            best[slot] = row
    return [best[slot] for slot in picked if slot in best]


def grade_shown(shown: Sequence[Shown], form) -> list[tuple[Shown, list, float]]:
    """Map each submitted answer back to stored order and grade it (0..1)."""
    graded = []
    for item in shown:
        kind = get_type(item.question.type)
        answer = kind.parse_answer(item.question.definition,
                                   form.getlist(f"q-{item.question.key}"), item.shown)
        graded.append((item, answer, kind.grade(item.question.definition, answer)))
    return graded


def score_percent(graded: Sequence[tuple[Shown, list, float]]) -> float:
    """The average of the auto-graded questions, as a percentage."""
    points = [s for item, _, s in graded if get_type(item.question.type).graded]
    return 100 * sum(points) / len(points) if points else 0.0


def response_rows(attempt) -> list[tuple[Question, object]]:
    """(question as stored, response) in the order the learner saw them; one query.

    Responses point at the exact question rows (of the attempt's version, or of
    the bank) that were shown, so later versions never change a result page.
    """
    responses = list(attempt.responses)
    questions = {q.id: q for q in db.session.scalars(
        select(Question).where(Question.id.in_({r.question_id for r in responses})))}
    return [(questions[r.question_id], r) for r in responses if r.question_id in questions]
