"""Open Badges 3.0: schema-valid credentials, VC-JWT signatures, tampering, rotation."""

from __future__ import annotations

import base64
import copy
import json
from pathlib import Path

import jsonschema
import jwt
import pytest

from coursehub.credentials import keys, openbadges3
from coursehub.credentials.images import OB3_KEYWORD, unbake_png
from tests.credentials.conftest import SCHEMA


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _payload(token: str) -> dict:
    return json.loads(_unb64(token.split(".")[1]))


def _with_payload(token: str, payload: dict) -> str:
    header, _, signature = token.split(".")
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    return f"{header}.{body}.{signature}"


def _leaves(value, path=()):
    """Every (path, leaf value) in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def _changed(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    return str(value) + "x"


@pytest.fixture
def token(client, award_code) -> str:
    response = client.get(f"/badges/credentials/{award_code}")
    assert response.status_code == 200
    assert response.mimetype == "application/vc+jwt"
    return response.get_data(as_text=True)


@pytest.fixture
def published_keys(client) -> dict:
    response = client.get("/badges/keys.json")
    assert response.status_code == 200
    return response.get_json(force=True)


def test_credential_is_valid_against_the_1edtech_schema(token):
    schema = json.loads(Path(SCHEMA).read_text())
    validator = jsonschema.Draft201909Validator(
        schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)
    credential = _payload(token)
    errors = sorted(validator.iter_errors(credential), key=str)
    assert errors == []
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["credentialStatus"]["type"] == "1EdTechRevocationList"
    # The schema checks shape; a broken credential must fail it (the check can fail).
    broken = copy.deepcopy(credential)
    del broken["credentialSubject"]["achievement"]["criteria"]
    assert list(validator.iter_errors(broken))


def test_signature_verifies_with_the_published_key(token, published_keys, award_code):
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256"
    assert header["kid"] in [k["kid"] for k in published_keys["keys"]]
    assert all("d" not in k for k in published_keys["keys"])  # public halves only
    claims = openbadges3.verify(token, published_keys)
    assert claims["iss"] == claims["issuer"]["id"] == "http://localhost/badges/issuer"
    assert claims["jti"] == claims["id"] == f"http://localhost/badges/credentials/{award_code}"
    assert claims["nbf"] > 0


def test_changing_any_signed_field_breaks_the_signature(token, published_keys):
    payload = _payload(token)
    # Control: re-encoding the untouched payload gives the signed bytes back.
    assert openbadges3.verify(_with_payload(token, payload), published_keys)
    leaves = list(_leaves(payload))
    assert len(leaves) > 25
    for path, value in leaves:
        tampered = copy.deepcopy(payload)
        target = tampered
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = _changed(value)
        with pytest.raises(jwt.InvalidSignatureError):
            openbadges3.verify(_with_payload(token, tampered), published_keys)
    extra = dict(payload, name="A better badge")
    with pytest.raises(jwt.InvalidSignatureError):
        openbadges3.verify(_with_payload(token, extra), published_keys)


def test_a_forged_header_or_foreign_key_is_refused(token, published_keys):
    header = json.loads(_unb64(token.split(".")[0]))
    for forged in (dict(header, alg="none"), dict(header, kid="someone-else")):
        parts = token.split(".")
        parts[0] = _b64(json.dumps(forged).encode())
        with pytest.raises(jwt.InvalidTokenError):
            openbadges3.verify(".".join(parts), published_keys)
    from cryptography.hazmat.primitives.asymmetric import rsa

    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(_payload(token), stranger, algorithm="RS256",
                        headers={"kid": header["kid"]})
    with pytest.raises(jwt.InvalidSignatureError):
        openbadges3.verify(forged, published_keys)


def test_rotation_keeps_earlier_credentials_verifiable(app, client, award_code, token):
    before = client.get("/badges/keys.json").get_json(force=True)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["keys", "rotate"])
    assert result.exit_code == 0, result.output
    after = client.get("/badges/keys.json").get_json(force=True)
    assert len(after["keys"]) == len(before["keys"]) + 1
    assert openbadges3.verify(token, after)  # the old credential, with the new key set
    new_token = client.get(f"/badges/credentials/{award_code}").get_data(as_text=True)
    new_kid = jwt.get_unverified_header(new_token)["kid"]
    assert new_kid != jwt.get_unverified_header(token)["kid"]
    assert after["keys"][0]["kid"] == new_kid
    assert openbadges3.verify(new_token, after)
    with pytest.raises(jwt.InvalidTokenError):
        openbadges3.verify(new_token, before)


def test_keys_live_in_the_configured_folder_never_the_real_instance(app, client, award_code):
    client.get(f"/badges/credentials/{award_code}")
    with app.app_context():
        folder = keys.keys_dir()
        assert folder == Path(app.config["COURSEHUB_KEYS_DIR"])
        assert not folder.is_relative_to(Path(app.instance_path))
        pems = list(folder.glob("*.pem"))
        assert pems and all(p.stat().st_mode & 0o077 == 0 for p in pems)


def test_keys_are_created_on_first_use(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "COURSEHUB_KEYS_DIR", str(tmp_path / "fresh"))
    with app.app_context():
        assert not (tmp_path / "fresh").exists()
        first = keys.active_key()
        assert keys.active_key().kid == first.kid  # stable afterwards
        assert (tmp_path / "fresh" / f"{first.kid}.pem").exists()
        assert keys.jwks()["keys"][0]["kid"] == first.kid


def test_revocation_list_covers_signed_credentials(app, client, award_code, token):
    status_url = _payload(token)["credentialStatus"]["id"]
    assert client.get(status_url).get_json(force=True)["revokedCredentials"] == []
    from coursehub.core.db import db
    from coursehub.credentials.services import award_by_code, revoke_award

    with app.app_context():
        revoke_award(None, award_by_code(award_code), "Identity fraud")
        db.session.commit()
    listed = client.get(status_url).get_json(force=True)
    assert listed["revokedCredentials"] == [
        {"id": _payload(token)["id"], "revocationReason": "Identity fraud"}]
    assert client.get(f"/badges/credentials/{award_code}").status_code == 410


def test_ob3_baked_png_carries_the_signed_credential(client, award_code, published_keys):
    png = client.get(f"/badges/credentials/{award_code}/badge.png").data
    token = unbake_png(png, OB3_KEYWORD)
    assert openbadges3.verify(token, published_keys)["id"].endswith(award_code)
