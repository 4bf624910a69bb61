"""Learners join a cohort through its enrolment link or code."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from coursehub.admin import cohorts as service
from coursehub.admin.forms import JoinForm
from coursehub.content import queries
from coursehub.core.db import db
from coursehub.core.permissions import authenticated

bp = Blueprint("cohorts", __name__)


@bp.route("/join", methods=["GET", "POST"])
@authenticated
def join_with_code():
    form = JoinForm()
    if form.validate_on_submit():
        return redirect(url_for(".join", code=form.code.data.strip()))
    return render_template("admin/join_code.html", form=form)


@bp.route("/join/<code>", methods=["GET", "POST"])
@authenticated
def join(code: str):
    cohort = service.find_cohort_by_code(code)
    if cohort is None:
        abort(404)
    form = FlaskForm()
    member = service.is_member(current_user.id, cohort.id)
    if request.method == "POST" and form.validate_on_submit():
        try:
            service.join_cohort(current_user, cohort)
        except service.CohortError:
            flash(_("This cohort is closed to new learners."), "error")
            return redirect(url_for(".join", code=code))
        db.session.commit()
        flash(_("You joined %(name)s.", name=cohort.name), "success")
        return redirect(url_for("learning.dashboard"))
    return render_template("admin/join.html", cohort=cohort, form=form, member=member,
                           modules=_titles({m.module_id for m in cohort.modules}))


def _titles(module_ids: set[int]) -> list[tuple[str, str]]:
    """(slug, title) of the cohort's published modules, in the interface language."""
    modules = [m for m in queries.published_modules() if m.id in module_ids]
    texts = queries.texts_for([m.current_version for m in modules], str(get_locale()))
    return [(m.slug, texts[m.current_version_id].title) for m in modules]
