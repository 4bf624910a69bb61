"""Learners join a cohort through its enrolment link or code; instructors see the
cohorts they run, with that link."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from coursehub.admin import cohorts as service
from coursehub.admin.forms import JoinForm
from coursehub.core.db import db
from coursehub.core.permissions import authenticated, roles_required

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
    titles = service.module_titles({m.module_id for m in cohort.modules})
    return render_template("admin/join.html", cohort=cohort, form=form, member=member,
                           modules=list(titles.values()))


@bp.get("/teaching/cohorts")
@roles_required("instructor", "admin")
def my_cohorts():
    """The cohorts an instructor runs: enrolment link and code, modules, learners,
    and their reports."""
    cohorts = service.taught_by(current_user.id)
    titles = service.module_titles({m.module_id for c in cohorts for m in c.modules})
    in_cohort = {c.id: {m.module_id for m in c.modules} for c in cohorts}
    return render_template(
        "admin/my_cohorts.html", cohorts=cohorts,
        counts=service.member_counts([c.id for c in cohorts]),
        modules={c.id: [title for id_, title in titles.items() if id_ in in_cohort[c.id]]
                 for c in cohorts})
