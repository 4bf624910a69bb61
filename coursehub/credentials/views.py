"""Public verification pages and certificates; the hosted documents and the admin
pages register their routes on the same blueprint (``hosted``, ``admin_views``)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from coursehub.core.permissions import authenticated, public
from coursehub.credentials import services
from coursehub.credentials.certificate import PAPERS, certificate_pdf

bp = Blueprint("credentials", __name__)


@bp.get("/badges/<code>")
@public
def badge_page(code: str):
    record = services.find_award(code)
    if record is None:
        return render_template("credentials/unknown.html", code=code), 404
    owner = current_user.is_authenticated and current_user.id == record.user.id
    return render_template("credentials/badge.html", record=record, award=record.award,
                           text=record.text(str(get_locale())), owner=owner)


@bp.get("/verify")
@public
def verify_lookup():
    code = request.args.get("code", "").strip()
    if code:
        return redirect(url_for(".badge_page", code=code))
    return render_template("credentials/verify.html")


@bp.get("/badges/<code>/certificate.pdf")
@authenticated
def certificate(code: str):
    record = services.find_award(code)
    if record is None:
        abort(404)
    if record.user.id != current_user.id and current_user.role != "admin":
        abort(403)
    if record.revoked:
        abort(410)
    paper = request.args.get("paper", "a4")
    if paper not in PAPERS:
        abort(404)
    pdf = certificate_pdf(record, paper, str(get_locale()))
    filename = f"coursehub-certificate-{record.module.slug}-{paper}.pdf"
    return pdf, 200, {"Content-Type": "application/pdf",
                      "Content-Disposition": f'attachment; filename="{filename}"',
                      "Cache-Control": "private, no-store"}


from coursehub.credentials import admin_views, hosted  # noqa: E402, F401  (register routes)
