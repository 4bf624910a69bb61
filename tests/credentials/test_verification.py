"""Public verification, manual awards and revocation (pages and command line)."""

from __future__ import annotations

import re

from sqlalchemy import select

from coursehub.admin.models import AuditEntry
from coursehub.core.db import db
from coursehub.credentials.certificate import pdf_text
from coursehub.credentials.models import BadgeAward
from tests.conftest import PASSWORD


def _admin(make_user, make_browser):
    make_user("admin@example.org", "admin", "Ana Admin")
    admin = make_browser()
    admin.login("admin@example.org", PASSWORD)
    return admin


def _audit(app) -> list[tuple]:
    with app.app_context():
        return [(e.action, e.target_type, e.actor_email, e.details.get("reason"))
                for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_valid_badge_page_needs_no_login_and_speaks_plainly(client, award_code):
    page = client.get(f"/badges/{award_code}").get_data(as_text=True)
    assert "Valid." in page and "This badge is valid." in page
    assert "CourseHub confirms that Lucía Pérez earned it" in page
    assert "Download the certificate" not in page  # only for the learner
    assert f"/badges/assertions/{award_code}/badge.png" in page


def test_the_page_is_in_the_visitors_language(client, award_code):
    page = client.get(f"/badges/{award_code}", headers={"Accept-Language": "es"})
    assert "Válido." in page.get_data(as_text=True)
    unknown = client.get("/badges/XXXX", headers={"Accept-Language": "pt-BR"})
    assert unknown.status_code == 404
    assert "Desconhecido." in unknown.get_data(as_text=True)


def test_unknown_code_says_unknown(client):
    response = client.get("/badges/not-a-real-code")
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "Unknown." in text and "no badge or certificate with the code not-a-real-code" in text


def test_lookup_form_leads_to_the_page(client, award_code):
    assert client.get("/verify").status_code == 200
    response = client.get(f"/verify?code=+{award_code}+")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/badges/{award_code}")


def test_the_learner_sees_certificate_links(signed_in, award_code):
    page = signed_in.get(f"/badges/{award_code}").get_data(as_text=True)
    assert f"/badges/{award_code}/certificate.pdf?paper=a4" in page
    assert f"/badges/{award_code}/certificate.pdf?paper=letter" in page


def test_admin_revokes_with_a_reason_and_the_page_says_so(app, client, make_user, make_browser,
                                                          award_code):
    admin = _admin(make_user, make_browser)
    listing = admin.get("/admin/badges").get_data(as_text=True)
    assert award_code in listing
    with app.app_context():
        award_id = db.session.scalar(select(BadgeAward.id).where(BadgeAward.code == award_code))
    empty = admin.post(f"/admin/badges/{award_id}/revoke", {f"revoke-{award_id}-reason": ""})
    assert empty.status_code == 302
    assert "Valid." in client.get(f"/badges/{award_code}").get_data(as_text=True)
    done = admin.post(f"/admin/badges/{award_id}/revoke",
                      {f"revoke-{award_id}-reason": "The exam was taken by someone else"},
                      follow_redirects=True)
    assert "Badge revoked." in done.get_data(as_text=True)
    page = client.get(f"/badges/{award_code}").get_data(as_text=True)
    assert "Revoked." in page and "The exam was taken by someone else" in page
    assert "This badge is valid." not in page
    again = admin.post(f"/admin/badges/{award_id}/revoke",
                       {f"revoke-{award_id}-reason": "twice"}, follow_redirects=True)
    assert "already revoked" in again.get_data(as_text=True)
    assert _audit(app) == [("revoke", "badge_award", "admin@example.org",
                            "The exam was taken by someone else")]


def test_admin_awards_by_hand_with_a_reason(app, client, make_user, make_browser, learner,
                                            sample_module):
    admin = _admin(make_user, make_browser)
    form = {"award-email": learner, "award-module": sample_module, "award-reason": ""}
    refused = admin.post("/admin/badges/award", form)
    assert refused.status_code == 400
    form["award-reason"] = "Attended the in-person workshop in Montevideo"
    done = admin.post("/admin/badges/award", form, follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "Badge awarded." in text
    code = re.search(r"/badges/assertions/([\w-]+)", text).group(1)
    assert client.get(f"/badges/assertions/{code}").status_code == 200
    twice = admin.post("/admin/badges/award", form)
    assert twice.status_code == 400 and "already has this badge" in twice.get_data(as_text=True)
    nobody = admin.post("/admin/badges/award", dict(form, **{"award-email": "x@example.org"}))
    assert "There is no account with the email x@example.org" in nobody.get_data(as_text=True)
    assert _audit(app) == [("award", "badge_award", "admin@example.org",
                            "Attended the in-person workshop in Montevideo")]


def test_learners_and_instructors_cannot_use_the_admin_pages(make_user, make_browser,
                                                             award_code):
    make_user("teacher@example.org", "instructor", "Ines")
    teacher = make_browser()
    teacher.login("teacher@example.org", PASSWORD)
    assert teacher.get("/admin/badges").status_code == 403
    assert teacher.post("/admin/badges/1/revoke", {"revoke-1-reason": "x"}).status_code == 403
    assert teacher.post("/admin/badges/award", {}).status_code == 403


def test_command_line_award_revoke_and_keys(app, learner, sample_module, monkeypatch):
    monkeypatch.setitem(app.config, "COURSEHUB_BASE_URL", "https://cursos.example.org")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["award", "--email", learner, "--module", sample_module,
                                 "--reason", "Migrated from the old platform"])
    assert result.exit_code == 0, result.output
    url = result.output.strip()
    assert re.fullmatch(r"https://cursos\.example\.org/badges/assertions/[\w-]+", url)
    code = url.rsplit("/", 1)[1]
    again = runner.invoke(args=["award", "--email", learner, "--module", sample_module,
                                "--reason", "again"])
    assert again.exit_code == 1 and "already has this badge" in again.output
    revoked = runner.invoke(args=["revoke", "--code", code, "--reason", "Duplicate"])
    assert revoked.exit_code == 0, revoked.output
    assert [a[0] for a in _audit(app)] == ["award", "revoke"]
    assert all(a[2] == "command line" for a in _audit(app))
    listed = runner.invoke(args=["keys", "list"])
    assert listed.exit_code == 0 and "(active)" in listed.output


def test_pdf_text_keeps_accents_and_transliterates_the_rest():
    assert pdf_text("Lucía Ñúñez Gonçalves") == "Lucía Ñúñez Gonçalves"
    assert pdf_text("Łukasz Đorđević “quoted” – ok") == "Lukasz Dordevic “quoted” – ok"
