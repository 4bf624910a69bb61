"""Registration, sign-in and sign-out, password reset."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from coursehub.accounts.forms import (
    ForgotPasswordForm,
    LoginForm,
    NewPasswordForm,
    RegistrationForm,
)
from coursehub.accounts.passwords import request_reset
from coursehub.accounts.passwords import reset_password as set_new_password
from coursehub.accounts.registration import confirm_email as confirm_token
from coursehub.accounts.registration import request_registration, send_confirmation
from coursehub.accounts.services import authenticate, normalise_email
from coursehub.core.db import db
from coursehub.core.permissions import authenticated, public
from coursehub.extensions import limiter

bp = Blueprint("accounts", __name__)

# Per address and per network address: slows password guessing and mail flooding.
AUTH_LIMITS = "10 per minute;60 per hour"


def _submitted_email() -> str:
    return "email:" + normalise_email(request.form.get("email", ""))


def _safe_next(default: str) -> str:
    target = request.args.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.route("/register", methods=["GET", "POST"])
@public
@limiter.limit(AUTH_LIMITS, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("learning.catalogue"))
    form = RegistrationForm()
    if form.validate_on_submit():
        request_registration(
            email=form.email.data, password=form.password.data, name=form.name.data,
            justice_role=form.justice_role.data, country=form.country.data,
            organisation_name=form.organisation.data, locale=str(get_locale()),
        )
        db.session.commit()
        return render_template("accounts/check_inbox.html", email=form.email.data)
    return render_template("accounts/register.html", form=form)


@bp.get("/register/confirm/<token>")
@public
def confirm_email(token: str):
    user = confirm_token(token)
    if user is None:
        flash(_("This confirmation link is not valid or has expired. Sign in to get a new one."),
              "error")
        return redirect(url_for(".login"))
    db.session.commit()
    login_user(user)
    flash(_("Welcome, %(name)s. Choose a module to start.", name=user.name), "success")
    return redirect(url_for("learning.catalogue"))


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(AUTH_LIMITS, methods=["POST"])
@limiter.limit("5 per minute", methods=["POST"], key_func=_submitted_email)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("learning.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None and user.email_confirmed_at is None:
            send_confirmation(user)
            flash(_("Please confirm your address first: we have sent a new link to %(email)s.",
                    email=user.email), "info")
            return redirect(url_for(".login"))
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


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
@limiter.limit(AUTH_LIMITS, methods=["POST"])
@limiter.limit("3 per 10 minutes", methods=["POST"], key_func=_submitted_email)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_reset(form.email.data)
        return render_template("accounts/check_inbox.html", email=form.email.data, reset=True)
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
@limiter.limit(AUTH_LIMITS, methods=["POST"])
def reset_password(token: str):
    form = NewPasswordForm()
    if form.validate_on_submit():
        user = set_new_password(token, form.password.data)
        if user is not None:
            db.session.commit()
            login_user(user)
            flash(_("Your password has been changed. Other sessions were signed out."), "success")
            return redirect(url_for("learning.dashboard"))
        flash(_("This link is not valid any more. Ask for a new one."), "error")
        return redirect(url_for(".forgot_password"))
    return render_template("accounts/reset_password.html", form=form)
