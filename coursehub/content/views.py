"""Serving stored figures."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request
from sqlalchemy import select

from coursehub.content.models import Asset
from coursehub.core.db import db
from coursehub.core.permissions import public

bp = Blueprint("content", __name__)


@bp.get("/assets/<sha256>.<ext>")
@public
def asset(sha256: str, ext: str):
    # The address is the content's hash: a browser holding this ETag holds these bytes.
    if request.if_none_match.contains(sha256):
        return _immutable(Response(status=304), sha256)
    item = db.session.scalar(select(Asset).where(Asset.sha256 == sha256))
    if item is None:
        abort(404)
    response = _immutable(Response(item.data, mimetype=item.content_type), sha256)
    # An SVG opened directly must not be able to run anything in our origin.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    return response


def _immutable(response: Response, sha256: str) -> Response:
    response.set_etag(sha256)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
