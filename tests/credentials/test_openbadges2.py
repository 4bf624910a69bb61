"""Open Badges 2.0: hosted JSON-LD documents, baked images, 1EdTech's validator."""

from __future__ import annotations

import hashlib
import json
import urllib.request

import pytest

from coursehub.credentials.images import OB2_KEYWORD, bake_png, unbake_png
from tests.credentials.conftest import run_validator


def _revoke(app, code: str, reason: str = "Awarded in error") -> None:
    from coursehub.core.db import db
    from coursehub.credentials.services import award_by_code, revoke_award

    with app.app_context():
        revoke_award(None, award_by_code(code), reason)
        db.session.commit()


def test_assertion_badge_class_and_issuer_link_up_on_one_origin(client, award_code, learner):
    response = client.get(f"/badges/assertions/{award_code}")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    assertion = response.get_json(force=True)
    assert assertion["@context"] == "https://w3id.org/openbadges/v2"
    assert assertion["id"] == f"http://localhost/badges/assertions/{award_code}"
    assert assertion["verification"] == {"type": "hosted"}
    recipient = assertion["recipient"]
    expected = hashlib.sha256((learner + recipient["salt"]).encode()).hexdigest()
    assert recipient == {"type": "email", "hashed": True, "salt": recipient["salt"],
                         "identity": "sha256$" + expected}
    assert learner not in response.get_data(as_text=True)

    badge = client.get(assertion["badge"]).get_json(force=True)
    assert badge["type"] == "BadgeClass" and badge["name"] and badge["description"]
    assert "criteria" in badge and badge["issuer"] == "http://localhost/badges/issuer"
    image = client.get(badge["image"])
    assert image.mimetype == "image/png" and image.data.startswith(b"\x89PNG")
    issuer = client.get(badge["issuer"]).get_json(force=True)
    assert issuer["type"] == "Issuer" and issuer["name"] and issuer["url"] and issuer["email"]


def test_baked_png_and_svg_carry_the_assertion(client, award_code):
    png = client.get(f"/badges/assertions/{award_code}/badge.png")
    assert png.status_code == 200 and "attachment" in png.headers["Content-Disposition"]
    baked = json.loads(unbake_png(png.data, OB2_KEYWORD))
    assert baked["id"].endswith(f"/badges/assertions/{award_code}")
    assert png.data.count(b"iTXt") == 1 and len(png.data) < 30_000

    svg = client.get(f"/badges/assertions/{award_code}/badge.svg").get_data(as_text=True)
    assert 'xmlns:openbadges="http://openbadges.org"' in svg
    assert f'<openbadges:assertion verify="http://localhost/badges/assertions/{award_code}">' \
        in svg
    payload = svg.split("<![CDATA[", 1)[1].split("]]>", 1)[0]
    assert json.loads(payload)["id"] == baked["id"]


def test_a_revoked_assertion_answers_410_with_revoked_true(app, client, award_code):
    _revoke(app, award_code, "Plagiarised quiz answers")
    response = client.get(f"/badges/assertions/{award_code}")
    assert response.status_code == 410
    body = response.get_json(force=True)
    assert body["revoked"] is True and body["revocationReason"] == "Plagiarised quiz answers"
    assert client.get(f"/badges/assertions/{award_code}/badge.png").status_code == 410


def test_unknown_assertion_is_404(client, sample_module):
    assert client.get("/badges/assertions/no-such-code").status_code == 404
    assert client.get("/badges/classes/no-such-module").status_code == 404


@pytest.mark.usefixtures("sample_module")
def test_reference_validator_accepts_hosted_assertion_and_baked_png(
        app, live_url, learner, ob_validator, tmp_path, capsys):
    from tests.credentials.conftest import make_award

    code = make_award(app, learner, "sample-module")
    url = f"{live_url}/badges/assertions/{code}"
    report = run_validator(ob_validator, url)["report"]
    errors = [m for m in report["messages"] if m.get("messageLevel") == "ERROR"]
    assert report["valid"] is True and errors == [], report
    png = tmp_path / "badge.png"
    png.write_bytes(urllib.request.urlopen(f"{url}/badge.png").read())  # noqa: S310
    baked_report = run_validator(ob_validator, "--png", str(png))["report"]
    baked_errors = [m for m in baked_report["messages"] if m.get("messageLevel") == "ERROR"]
    assert baked_report["valid"] is True and baked_errors == [], baked_report
    # Controls: the same pipeline reports problems when there are some.
    missing = run_validator(ob_validator, f"{live_url}/badges/assertions/no-such-code")
    assert missing["report"]["valid"] is False
    junk = tmp_path / "junk.png"
    junk.write_bytes(bake_png(png.read_bytes(), '{"type": "Assertion"}'))
    assert run_validator(ob_validator, "--png", str(junk))["report"]["valid"] is False
    with capsys.disabled():
        print(f"\nOpen Badges validator, hosted assertion: {json.dumps(report)}"
              f"\nOpen Badges validator, baked PNG: {json.dumps(baked_report)}")
