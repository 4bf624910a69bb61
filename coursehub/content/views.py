"""Serving stored figures."""

from __future__ import annotations

from flask import Blueprint, Response, abort
from sqlalchemy import select

from coursehub.content.models import Asset
from coursehub.core.db import db
from coursehub.core.permissions import public

bp = Blueprint("content", __name__)


@bp.get("/assets/<sha256>.<ext>")
@public
def asset(sha256: str, ext: str):
    item = db.session.scalar(select(Asset).where(Asset.sha256 == sha256))
    if item is None:
        abort(404)
    response = Response(item.data, mimetype=item.content_type)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    # An SVG opened directly must not be able to run anything in our origin.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    return response
