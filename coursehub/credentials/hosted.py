"""Machine-readable credentials: Open Badges 2.0 JSON-LD, OB 3.0 VC-JWTs, keys, images.

All public: a verifier anywhere must be able to fetch them without an account.
"""

from __future__ import annotations

import json

from flask import abort, current_app
from sqlalchemy import select

from coursehub.content import queries
from coursehub.content.models import Module
from coursehub.core.db import db
from coursehub.core.permissions import public
from coursehub.credentials import images, keys, openbadges2, openbadges3, services
from coursehub.credentials.links import assertion_url
from coursehub.credentials.views import bp

IMAGE_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def _json(document: dict, status: int = 200, mimetype: str = openbadges2.MEDIA_TYPE):
    response = current_app.response_class(
        json.dumps(document, ensure_ascii=False, indent=2), status=status, mimetype=mimetype)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "no-cache"
    return response


def _download(body: bytes | str, ext: str, filename: str):
    response = current_app.response_class(body, mimetype=IMAGE_TYPES[ext])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{ext}"'
    response.headers["Cache-Control"] = "no-cache"
    return response


def _record_or_404(code: str) -> services.AwardRecord:
    record = services.find_award(code)
    if record is None:
        abort(404)
    return record


def _module_or_404(slug: str):
    module = db.session.scalar(select(Module).where(Module.slug == slug))
    if module is None or module.current_version is None:
        abort(404)
    version = module.current_version
    return module, version, queries.module_text(version, version.default_language)


@bp.get("/badges/issuer")
@public
def issuer_profile():
    return _json(openbadges2.issuer_profile())


@bp.get("/badges/classes/<slug>")
@public
def badge_class(slug: str):
    return _json(openbadges2.badge_class(*_module_or_404(slug)))


@bp.get("/badges/classes/<slug>/image.<any(png, svg):ext>")
@public
def badge_class_image(slug: str, ext: str):
    _, _, text = _module_or_404(slug)
    body = images.badge_png(text.badge_name) if ext == "png" else images.badge_svg(
        text.badge_name)
    response = current_app.response_class(body, mimetype=IMAGE_TYPES[ext])
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/badges/assertions/<code>")
@public
def assertion(code: str):
    record = _record_or_404(code)
    if record.revoked:
        return _json(openbadges2.revoked_assertion(record), status=410)
    return _json(openbadges2.assertion(record))


@bp.get("/badges/assertions/<code>/badge.<any(png, svg):ext>")
@public
def baked_badge(code: str, ext: str):
    """The badge image with the assertion baked in, for the learner to carry elsewhere."""
    record = _record_or_404(code)
    if record.revoked:
        abort(410)
    title = record.text().badge_name
    document = json.dumps(openbadges2.assertion(record), ensure_ascii=False)
    if ext == "png":
        body: bytes | str = images.bake_png(images.badge_png(title), document)
    else:
        body = images.bake_svg(images.badge_svg(title), document, assertion_url(code))
    return _download(body, ext, f"badge-{record.module.slug}")


@bp.get("/badges/credentials/<code>")
@public
def credential_jwt(code: str):
    """The award as an Open Badges 3.0 credential, signed as a VC-JWT."""
    record = _record_or_404(code)
    if record.revoked:
        abort(410)
    token = openbadges3.sign(openbadges3.credential(record))
    response = current_app.response_class(token, mimetype=openbadges3.MEDIA_TYPE)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="credential-{record.module.slug}.jwt"')
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/badges/credentials/<code>/badge.png")
@public
def credential_badge(code: str):
    """The badge image with the signed OB 3.0 credential baked in."""
    record = _record_or_404(code)
    if record.revoked:
        abort(410)
    token = openbadges3.sign(openbadges3.credential(record))
    body = images.bake_png(images.badge_png(record.text().badge_name), token,
                           images.OB3_KEYWORD)
    return _download(body, "png", f"badge-{record.module.slug}-ob3")


@bp.get("/badges/keys.json")
@public
def jwks():
    """The issuer's public keys (current and earlier), as a JWK set."""
    return _json(keys.jwks(), mimetype="application/jwk-set+json")


@bp.get("/badges/revocations")
@public
def revocation_list():
    return _json(openbadges3.revocation_list(), mimetype="application/json")
