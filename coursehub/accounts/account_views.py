"""The learner's own account: profile, password, data download, deletion."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from coursehub.accounts.forms import ChangePasswordForm, DeleteAccountForm
from coursehub.accounts.privacy import anonymise, export_user_data
from coursehub.core.db import db
from coursehub.core.permissions import authenticated

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.get("/")
@authenticated
def overview():
    return render_template("accounts/account.html", password_form=ChangePasswordForm(),
                           delete_form=DeleteAccountForm())


@bp.post("/password")
@authenticated
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if current_user.check_password(form.current.data):
            current_user.set_password(form.password.data)  # signs out other sessions
            db.session.commit()
            login_user(current_user)
            flash(_("Your password has been changed. Other sessions were signed out."), "success")
            return redirect(url_for(".overview"))
        form.current.errors.append(_("This is not your current password."))
    return render_template("accounts/account.html", password_form=form,
                           delete_form=DeleteAccountForm()), 400


@bp.get("/data.json")
@authenticated
def download_data():
    body = json.dumps(export_user_data(current_user), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="coursehub-my-data.json"',
        "Cache-Control": "no-store",
    })


@bp.post("/delete")
@authenticated
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit() and current_user.check_password(form.password.data):
        anonymise(current_user, current_user, reason="deleted by the learner")
        db.session.commit()
        logout_user()
        flash(_("Your account has been deleted. Your personal data was removed."), "info")
        return redirect(url_for("learning.catalogue"))
    form.password.errors.append(_("This is not your current password."))
    return render_template("accounts/account.html", password_form=ChangePasswordForm(),
                           delete_form=form), 400
