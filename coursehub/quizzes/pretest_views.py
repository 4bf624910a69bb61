"""The pre-test page and its submission."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from coursehub.content import queries
from coursehub.core.db import db
from coursehub.core.permissions import authenticated
from coursehub.learning.views import load_module, reading_language
from coursehub.quizzes import pretest
from coursehub.quizzes.fragments import fieldsets
from coursehub.quizzes.services import QuizError

bp = Blueprint("pretest", __name__)


@bp.get("/modules/<slug>/pretest")
@authenticated
def pretest_page(slug: str):
    module, version = load_module(slug)
    state = pretest.pretest_state(current_user, module, version)
    if state == "unavailable":
        abort(404)
    language = reading_language(slug, version)
    ticket, shown = (pretest.open_pretest(current_user, module, version, language)
                     if state == "open" else ("", []))
    return render_template(
        "quizzes/pretest.html", module=module, state=state, ticket=ticket,
        fieldsets=fieldsets(shown), title=queries.module_text(version, language).title,
        form=FlaskForm(), language=language,
    )


@bp.post("/modules/<slug>/pretest")
@authenticated
def submit_pretest(slug: str):
    module, _version = load_module(slug)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        attempt = pretest.submit_pretest(current_user, module, request.form.get("ticket", ""),
                                         request.form)
    except QuizError as error:
        if str(error) == "closed":
            flash(_("You have already taken the pre-test."), "info")
            return redirect(url_for("learning.module_page", slug=slug))
        abort(400)
    db.session.commit()
    flash(_("Pre-test recorded: %(score)s%%. Now work through the lessons; the quiz at the "
            "end shows how much you learned.", score=round(attempt.score)), "success")
    return redirect(url_for("learning.module_page", slug=slug))
