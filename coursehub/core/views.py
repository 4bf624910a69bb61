"""Site-wide routes: home, health check, language choice."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, session, url_for
from flask_login import current_user
from sqlalchemy import text

from coursehub.core.db import db
from coursehub.core.permissions import public

bp = Blueprint("core", __name__)


@bp.get("/")
@public
def home():
    return redirect(url_for("learning.catalogue"))


@bp.get("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}


@bp.post("/language")
@public
def set_language():
    """Remember the chosen interface language (in the profile when signed in)."""
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:
        session["language"] = language
        if current_user.is_authenticated:
            current_user.locale = language
            db.session.commit()
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("core.home")
    return redirect(target)
