"""Admins read and filter the audit log; nothing here changes it."""

from __future__ import annotations

from datetime import datetime, time

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from coursehub.accounts.models import User
from coursehub.accounts.privacy import anonymise
from coursehub.admin.models import AuditEntry
from coursehub.core.db import db
from coursehub.core.permissions import roles_required

bp = Blueprint("audit", __name__, url_prefix="/admin")

PER_PAGE = 50


def _day(value: str, end: bool = False) -> datetime | None:
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        return None
    return datetime.combine(day, time.max if end else time.min).astimezone()


@bp.get("/audit")
@roles_required("admin")
def audit_log():
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    action = request.args.get("action", "")
    actor = request.args.get("actor", "").strip().lower()
    start, end = _day(request.args.get("from", "")), _day(request.args.get("to", ""), end=True)
    if action:
        query = query.where(AuditEntry.action == action)
    if actor:
        query = query.where(AuditEntry.actor_email.contains(actor))
    if start:
        query = query.where(AuditEntry.created_at >= start)
    if end:
        query = query.where(AuditEntry.created_at <= end)
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    actions = db.session.scalars(select(AuditEntry.action).distinct()
                                 .order_by(AuditEntry.action)).all()
    pager_args = {key: value for key, value in request.args.items() if key != "page"}
    return render_template("admin/audit.html", page=page, actions=actions,
                           filters=request.args, pager_args=pager_args)


@bp.post("/users/<int:user_id>/anonymise")
@roles_required("admin")
def anonymise_user(user_id: int):
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id or not FlaskForm().validate_on_submit():
        abort(400)
    anonymise(user, current_user, reason=request.form.get("reason", "")[:500])
    db.session.commit()
    flash(_("The learner's personal data was removed; their results stay in the reports."),
          "success")
    return redirect(request.referrer or url_for(".audit_log"))
