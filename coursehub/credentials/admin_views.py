"""Admin pages: list awards, award a badge by hand, revoke one (all audited)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from coursehub.accounts.models import User
from coursehub.content import queries
from coursehub.content.models import Module
from coursehub.core.db import db
from coursehub.core.permissions import roles_required
from coursehub.credentials import services
from coursehub.credentials.forms import AwardForm, RevokeForm
from coursehub.credentials.links import assertion_url
from coursehub.credentials.models import BadgeAward
from coursehub.credentials.views import bp

PER_PAGE = 50


def _award_form() -> AwardForm:
    form = AwardForm(prefix="award")
    form.module.choices = [(m.slug, m.slug) for m in queries.published_modules()]
    return form


def _revoke_form(award_id: int) -> RevokeForm:
    return RevokeForm(prefix=f"revoke-{award_id}")


def _render(award_form: AwardForm, status: int = 200):
    query = request.args.get("q", "").strip().lower()
    statement = (select(BadgeAward, User.email, User.name, Module.slug)
                 .join(User, User.id == BadgeAward.user_id)
                 .join(Module, Module.id == BadgeAward.module_id)
                 .order_by(BadgeAward.issued_at.desc(), BadgeAward.id.desc()))
    if query:
        statement = statement.where(User.email.contains(query, autoescape=True))
    page = max(request.args.get("page", 1, type=int), 1)
    rows = db.session.execute(statement.limit(PER_PAGE + 1)
                              .offset((page - 1) * PER_PAGE)).all()
    forms = {row[0].id: _revoke_form(row[0].id) for row in rows[:PER_PAGE]}
    return render_template("credentials/admin.html", rows=rows[:PER_PAGE], forms=forms,
                           award_form=award_form, query=query, page=page,
                           has_next=len(rows) > PER_PAGE), status


@bp.get("/admin/badges")
@roles_required("admin")
def admin_awards():
    return _render(_award_form())


@bp.post("/admin/badges/award")
@roles_required("admin")
def admin_award():
    form = _award_form()
    if not form.validate_on_submit():
        return _render(form, 400)
    try:
        award = services.award_manually(current_user, form.email.data, form.module.data,
                                        form.reason.data)
    except services.CredentialError as error:
        form.email.errors = [*form.email.errors, str(error)]
        return _render(form, 400)
    db.session.commit()
    flash(_("Badge awarded. Its assertion is at %(url)s", url=assertion_url(award.code)),
          "success")
    return redirect(url_for(".admin_awards"))


@bp.post("/admin/badges/<int:award_id>/revoke")
@roles_required("admin")
def admin_revoke(award_id: int):
    award = db.get_or_404(BadgeAward, award_id)
    form = _revoke_form(award_id)
    if not form.validate_on_submit():
        flash(_("Give a reason for revoking the badge."), "error")
        return redirect(url_for(".admin_awards"))
    try:
        services.revoke_award(current_user, award, form.reason.data)
    except services.CredentialError as error:
        flash(str(error), "error")
        return redirect(url_for(".admin_awards"))
    db.session.commit()
    flash(_("Badge revoked."), "success")
    return redirect(url_for(".admin_awards"))
