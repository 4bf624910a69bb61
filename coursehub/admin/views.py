"""Admin pages: organisations, cohorts and users."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, or_, select
from wtforms.fields.choices import SelectChoice

from coursehub.accounts.models import Organisation, User
from coursehub.admin import cohorts as service
from coursehub.admin.cohort_models import Cohort
from coursehub.admin.forms import CohortForm, OrganisationForm, UserForm
from coursehub.content import queries as content
from coursehub.core.db import db
from coursehub.core.permissions import roles_required

bp = Blueprint("admin", __name__, url_prefix="/admin")
admin_only = roles_required("admin")


def _organisation_choices(empty_label: str) -> list[SelectChoice]:
    return [SelectChoice(None, empty_label), *(
        SelectChoice(o.id, o.name) for o in db.session.execute(
            select(Organisation.id, Organisation.name).order_by(Organisation.name)))]


@bp.route("/organisations", methods=["GET", "POST"])
@admin_only
def organisations():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            service.save_organisation(current_user, None, name=form.name.data,
                                      country=form.country.data, kind=form.kind.data)
        except service.CohortError:
            form.name.errors.append(_("An organisation with this name already exists."))
        else:
            db.session.commit()
            flash(_("Organisation saved."), "success")
            return redirect(url_for(".organisations"))
    rows = db.session.execute(
        select(Organisation, func.count(User.id)).outerjoin(User, User.organisation_id
                                                            == Organisation.id)
        .group_by(Organisation.id).order_by(Organisation.name)).all()
    return render_template("admin/organisations.html", rows=rows, form=form)


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@admin_only
def organisation_edit(organisation_id: int):
    organisation = db.get_or_404(Organisation, organisation_id)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        try:
            service.save_organisation(current_user, organisation, name=form.name.data,
                                      country=form.country.data, kind=form.kind.data)
        except service.CohortError:
            db.session.rollback()
            form.name.errors.append(_("An organisation with this name already exists."))
        else:
            db.session.commit()
            flash(_("Organisation saved."), "success")
            return redirect(url_for(".organisations"))
    return render_template("admin/organisation_edit.html", form=form,
                           organisation=organisation)


@bp.get("/cohorts")
@admin_only
def cohorts():
    rows = db.session.execute(
        select(Cohort, User.name).outerjoin(User, User.id == Cohort.instructor_id)
        .order_by(Cohort.starts_on.desc(), Cohort.name)).all()
    return render_template("admin/cohorts.html", rows=rows, counts=service.member_counts())


def _cohort_form(cohort: Cohort | None) -> CohortForm:
    form = CohortForm(obj=cohort)
    if cohort is not None and request.method == "GET":
        form.instructor.data = cohort.instructor_id
        form.organisation.data = cohort.organisation_id
        form.modules.data = [m.module_id for m in cohort.modules]
        form.open.data = "1" if cohort.open else "0"
    instructors = db.session.execute(
        select(User.id, User.name, User.email).where(User.role.in_(("instructor", "admin")))
        .order_by(User.name)).all()
    form.instructor.choices = [SelectChoice(None, _("No instructor")), *(
        SelectChoice(u.id, f"{u.name} ({u.email})") for u in instructors)]
    form.organisation.choices = _organisation_choices(_("No organisation"))
    modules = content.published_modules()
    texts = content.texts_for([m.current_version for m in modules], str(get_locale()))
    form.modules.choices = [SelectChoice(m.id, texts[m.current_version_id].title)
                            for m in modules]
    return form


def _save_cohort(cohort: Cohort | None, form: CohortForm) -> Cohort:
    return service.save_cohort(
        current_user, cohort, name=form.name.data, instructor_id=form.instructor.data,
        organisation_id=form.organisation.data, module_ids=form.modules.data,
        starts_on=form.starts_on.data, due_on=form.due_on.data, open_=bool(form.open.data))


@bp.route("/cohorts/new", methods=["GET", "POST"])
@admin_only
def cohort_new():
    form = _cohort_form(None)
    if form.validate_on_submit():
        cohort = _save_cohort(None, form)
        db.session.commit()
        flash(_("Cohort saved. Share its enrolment link with the learners."), "success")
        return redirect(url_for(".cohort_edit", cohort_id=cohort.id))
    return render_template("admin/cohort_edit.html", form=form, cohort=None)


@bp.route("/cohorts/<int:cohort_id>", methods=["GET", "POST"])
@admin_only
def cohort_edit(cohort_id: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    form = _cohort_form(cohort)
    if form.validate_on_submit():
        _save_cohort(cohort, form)
        db.session.commit()
        flash(_("Cohort saved."), "success")
        return redirect(url_for(".cohort_edit", cohort_id=cohort.id))
    return render_template("admin/cohort_edit.html", form=form, cohort=cohort,
                           members=service.members(cohort.id), code_form=FlaskForm())


@bp.post("/cohorts/<int:cohort_id>/code")
@admin_only
def cohort_code(cohort_id: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    service.new_code(current_user, cohort)
    db.session.commit()
    flash(_("New enrolment link created; the old one no longer works."), "success")
    return redirect(url_for(".cohort_edit", cohort_id=cohort.id))


@bp.post("/cohorts/<int:cohort_id>/members/<int:user_id>/remove")
@admin_only
def cohort_member_remove(cohort_id: int, user_id: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if not service.remove_member(current_user, cohort, user_id):
        abort(404)
    db.session.commit()
    flash(_("The learner is no longer in this cohort. Their progress and results are kept."),
          "success")
    return redirect(url_for(".cohort_edit", cohort_id=cohort.id) + "#members-heading")


@bp.get("/users")
@admin_only
def users():
    query = request.args.get("q", "").strip()
    statement = select(User).order_by(User.name, User.id)
    if query:
        like = f"%{query.lower()}%"
        statement = statement.where(or_(func.lower(User.name).like(like),
                                        func.lower(User.email).like(like)))
    page = db.paginate(statement, per_page=50, error_out=False)
    return render_template("admin/users.html", page=page, q=query)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_only
def user_edit(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    form.organisation.choices = _organisation_choices(_("No organisation"))
    if request.method == "GET":
        form.organisation.data = user.organisation_id
    if form.validate_on_submit():
        try:
            service.update_user(current_user, user, role=form.role.data,
                                organisation_id=form.organisation.data,
                                country=form.country.data, justice_role=form.justice_role.data)
        except service.CohortError:
            db.session.rollback()
            flash(_("You cannot remove your own administrator role."), "error")
        else:
            db.session.commit()
            flash(_("Account saved."), "success")
            return redirect(url_for(".users"))
    return render_template("admin/user_edit.html", form=form, user=user)
