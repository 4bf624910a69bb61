"""Registration, sign-in and sign-out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from coursehub.accounts.forms import LoginForm, RegistrationForm
from coursehub.accounts.services import AccountError, authenticate, register_learner
from coursehub.core.db import db
from coursehub.core.permissions import authenticated, public

bp = Blueprint("accounts", __name__)


def _safe_next(default: str) -> str:
    target = request.args.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.route("/register", methods=["GET", "POST"])
@public
def register():
    if current_user.is_authenticated:
        return redirect(url_for("learning.catalogue"))
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            user = register_learner(
                email=form.email.data, password=form.password.data, name=form.name.data,
                justice_role=form.justice_role.data, country=form.country.data,
                organisation_name=form.organisation.data, locale=str(get_locale()),
            )
        except AccountError:
            form.email.errors.append(_("An account with this email already exists. "
                                       "Sign in instead."))
        else:
            db.session.commit()
            login_user(user)
            flash(_("Welcome, %(name)s. Choose a module to start.", name=user.name), "success")
            return redirect(url_for("learning.catalogue"))
    return render_template("accounts/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("learning.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(_safe_next(url_for("learning.dashboard")))
        form.password.errors.append(_("Email or password is not correct."))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@authenticated
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("accounts.login"))
