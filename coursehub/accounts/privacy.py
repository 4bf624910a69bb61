"""A learner's own data: export everything, delete the account; admin anonymisation.

Deleting or anonymising removes what identifies the person (name, e-mail,
organisation name, password) and keeps the learning records, linked to an
anonymous account, so report totals do not change.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select

from coursehub.accounts.models import User, hash_password
from coursehub.admin.audit import record
from coursehub.core.db import db, utcnow
from coursehub.credentials.models import BadgeAward
from coursehub.learning.models import LessonEvent, LessonProgress, ModuleProgress
from coursehub.quizzes.models import QuizAttempt


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def export_user_data(user: User) -> dict:
    """Everything CourseHub holds about ``user``, as JSON-ready data."""
    from coursehub.content.models import Module

    slugs = dict(db.session.execute(select(Module.id, Module.slug)).all())
    attempts = db.session.scalars(select(QuizAttempt).where(QuizAttempt.user_id == user.id)
                                  .order_by(QuizAttempt.id)).all()
    return {
        "profile": {
            "name": user.name, "email": user.email, "role": user.role,
            "justice_role": user.justice_role, "country": user.country,
            "organisation": user.organisation_name, "language": user.locale,
            "created_at": _iso(user.created_at),
            "email_confirmed_at": _iso(user.email_confirmed_at),
        },
        "lesson_events": [
            {"module": slugs.get(e.module_id), "lesson": e.lesson_key, "kind": e.kind,
             "language": e.language, "at": _iso(e.created_at)}
            for e in db.session.scalars(select(LessonEvent).where(LessonEvent.user_id == user.id)
                                        .order_by(LessonEvent.id))
        ],
        "lesson_progress": [
            {"module": slugs.get(p.module_id), "lesson": p.lesson_key,
             "first_viewed_at": _iso(p.first_viewed_at), "completed_at": _iso(p.completed_at)}
            for p in db.session.scalars(select(LessonProgress)
                                        .where(LessonProgress.user_id == user.id))
        ],
        "modules": [
            {"module": slugs.get(m.module_id), "started_at": _iso(m.started_at),
             "best_score": m.best_score, "completed_at": _iso(m.completed_at)}
            for m in db.session.scalars(select(ModuleProgress)
                                        .where(ModuleProgress.user_id == user.id))
        ],
        "quiz_attempts": [
            {"module": slugs.get(a.module_id), "version_id": a.version_id, "language": a.language,
             "submitted_at": _iso(a.submitted_at), "score": a.score, "passed": a.passed,
             "responses": [{"question": r.question_key, "answer": r.answer, "score": r.score}
                           for r in a.responses]}
            for a in attempts
        ],
        "badges": [
            {"module": slugs.get(b.module_id), "code": b.code, "issued_at": _iso(b.issued_at),
             "revoked_at": _iso(b.revoked_at)}
            for b in db.session.scalars(select(BadgeAward).where(BadgeAward.user_id == user.id))
        ],
    }


def anonymise(user: User, actor: User | None, reason: str) -> None:
    """Remove identifying data, keep the records; the account can no longer sign in."""
    if user.anonymised_at is not None:
        return
    record(actor, "user_deletion" if actor is user else "anonymise", "user", user.id,
           reason=reason)
    user.name = f"Anonymous learner {user.id}"
    user.email = f"anonymised-{user.id}@coursehub.invalid"
    user.organisation_name = ""
    user.locale = None
    user.password_hash = hash_password(secrets.token_urlsafe(32))
    user.session_token = secrets.token_urlsafe(32)
    user.anonymised_at = utcnow()
