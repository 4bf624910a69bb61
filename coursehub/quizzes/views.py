"""The quiz page, submission, and results."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from coursehub.content import queries
from coursehub.content.models import Module, ModuleVersion
from coursehub.core.db import db
from coursehub.core.permissions import authenticated
from coursehub.learning.views import load_module, reading_language
from coursehub.quizzes import services
from coursehub.quizzes.fragments import fieldsets, reviews
from coursehub.quizzes.models import QuizAttempt
from coursehub.quizzes.presentation import present_quiz, response_rows

bp = Blueprint("quizzes", __name__)
RECENT_ATTEMPTS = 10  # earlier attempts listed on the quiz page


@bp.get("/modules/<slug>/quiz")
@authenticated
def quiz_page(slug: str):
    module, version = load_module(slug)
    language = reading_language(slug, version)
    left = services.attempts_left(current_user, module, version)
    # One more than shown, to know whether older attempts exist.
    attempts = services.recent_attempts(current_user, module, RECENT_ATTEMPTS + 1)
    token = services.new_token()
    shown = present_quiz(version, language, token) if left != 0 else []
    ticket = services.issue_ticket(current_user, module, version, language, token=token)
    return render_template(
        "quizzes/quiz.html", module=module, version=version, fieldsets=fieldsets(shown),
        ticket=ticket, attempts_left=left, attempts=attempts[:RECENT_ATTEMPTS],
        older_attempts=len(attempts) > RECENT_ATTEMPTS,
        title=queries.module_text(version, language).title, form=FlaskForm(), language=language,
    )


@bp.post("/modules/<slug>/quiz")
@authenticated
def submit_quiz(slug: str):
    module, _version = load_module(slug)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        attempt, created = services.submit_attempt(
            current_user, module, request.form.get("ticket", ""), request.form
        )
    except services.QuizError as error:
        if str(error) == "no-attempts":
            flash(_("You have used all your attempts for this quiz."), "error")
            return redirect(url_for(".quiz_page", slug=slug))
        abort(400)
    db.session.commit()
    if not created:
        flash(_("This attempt was already submitted; here is its result."), "info")
    return redirect(url_for(".attempt_result", slug=slug, attempt_id=attempt.id))


@bp.get("/modules/<slug>/quiz/attempts/<int:attempt_id>")
@authenticated
def attempt_result(slug: str, attempt_id: int):
    attempt = db.get_or_404(QuizAttempt, attempt_id)
    module = db.get_or_404(Module, attempt.module_id)
    if module.slug != slug:
        abort(404)
    if not services.can_view_attempt(current_user, attempt):
        abort(403)
    version = db.session.get(ModuleVersion, attempt.version_id)
    rows = response_rows(attempt)
    current = module.current_version
    return render_template(
        "quizzes/result.html", module=module, attempt=attempt, reviews=reviews(rows),
        version=version,
        title=queries.module_text(version, attempt.language).title,
        attempts_left=services.attempts_left(current_user, module, current)
        if attempt.user_id == current_user.id and current else None,
        progress_complete=_completed(module),
    )


def _completed(module: Module) -> bool:
    from coursehub.learning.services import progress_views

    return progress_views(current_user, [module])[module.id].completed_at is not None
