"""Public badge pages: anyone can check an award without signing in."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import get_locale
from sqlalchemy import select

from coursehub.accounts.models import User
from coursehub.content import queries
from coursehub.content.models import Module, ModuleVersion
from coursehub.core.db import db
from coursehub.core.permissions import public
from coursehub.credentials.models import BadgeAward

bp = Blueprint("credentials", __name__)


@bp.get("/badges/<code>")
@public
def badge_page(code: str):
    award = db.session.scalar(select(BadgeAward).where(BadgeAward.code == code))
    if award is None:
        abort(404)
    learner = db.session.get(User, award.user_id)
    module = db.session.get(Module, award.module_id)
    version = db.session.get(ModuleVersion, award.version_id)
    text = queries.module_text(version, queries.content_language(version, str(get_locale())))
    return render_template("credentials/badge.html", award=award, learner_name=learner.name,
                           module=module, text=text)
