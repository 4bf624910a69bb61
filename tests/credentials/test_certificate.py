"""PDF certificates: contents, paper sizes, who may download them."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.conftest import PASSWORD

MM = 72 / 25.4


def _pdf(browser, code: str, paper: str = "a4"):
    return browser.get(f"/badges/{code}/certificate.pdf?paper={paper}")


@pytest.mark.parametrize("paper, size_mm", [("a4", (297, 210)), ("letter", (279.4, 215.9))])
def test_certificate_has_the_facts_on_one_landscape_page(signed_in, award_code, paper, size_mm):
    response = _pdf(signed_in, award_code, paper)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM, 1), round(float(box.height) / MM, 1)) == size_mm
    text = " ".join(reader.pages[0].extract_text().split())
    for expected in ("Certificate of completion", "Lucía Pérez", "Ports and logs",
                     "CourseHub", f"http://localhost/badges/{award_code}", award_code,
                     "estimated study time: 0.25 hours"):
        assert expected in text, (expected, text)
    images = reader.pages[0].images
    assert len(images) == 1  # the QR code
    assert len(response.data) < 60_000


def test_certificate_follows_the_interface_language(signed_in, award_code):
    signed_in.post("/language", {"language": "es", "next": "/"})
    reader = PdfReader(io.BytesIO(_pdf(signed_in, award_code).data))
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Certificado de finalización" in text, text


def test_only_the_learner_or_an_admin_may_download(app, client, make_browser, make_user,
                                                   award_code):
    anonymous = client.get(f"/badges/{award_code}/certificate.pdf")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    make_user("other@example.org", "learner", "Otro")
    other = make_browser()
    other.login("other@example.org", PASSWORD)
    assert _pdf(other, award_code).status_code == 403
    make_user("admin@example.org", "admin", "Ana Admin")
    admin = make_browser()
    admin.login("admin@example.org", PASSWORD)
    assert _pdf(admin, award_code).status_code == 200
    assert _pdf(admin, award_code, "legal").status_code == 404


def test_no_certificate_for_a_revoked_badge(app, signed_in, award_code):
    from coursehub.core.db import db
    from coursehub.credentials.services import award_by_code, revoke_award

    with app.app_context():
        revoke_award(None, award_by_code(award_code), "Duplicate account")
        db.session.commit()
    assert _pdf(signed_in, award_code).status_code == 410
