"""Open Badges 3.0: each award as an OpenBadgeCredential, signed as a VC-JWT.

The JWT payload is the credential itself plus the registered claims ``iss``
(issuer id), ``jti`` (credential id) and ``nbf`` (validFrom); the header names
the signing key (``kid``, a JWK thumbprint) found in the published JWK set.
Revocation is published as a 1EdTech revocation list.
"""

from __future__ import annotations

from datetime import datetime

import jwt
from flask import current_app

from coursehub.credentials import keys
from coursehub.credentials.links import credential_url, external_url, issuer_url
from coursehub.credentials.openbadges2 import criteria_narrative, hashed_identity
from coursehub.credentials.services import AwardRecord, revoked_awards

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
SCHEMA = ("https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
          "ob_v3p0_achievementcredential_schema.json")
MEDIA_TYPE = "application/vc+jwt"
STATUS_TYPE = "1EdTechRevocationList"


def issuer_profile() -> dict:
    config = current_app.config
    return {
        "id": issuer_url(),
        "type": ["Profile"],
        "name": config["COURSEHUB_ISSUER_NAME"],
        "url": external_url("learning.catalogue"),
        "email": config["COURSEHUB_ISSUER_EMAIL"],
    }


def credential(record: AwardRecord) -> dict:
    """The unsigned OpenBadgeCredential for an award."""
    award, module, version = record.award, record.module, record.version
    text = record.text()
    valid_from = award.issued_at.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "@context": CONTEXT,
        "id": credential_url(award.code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": text.badge_name,
        "issuer": issuer_profile(),
        "validFrom": valid_from,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": hashed_identity(record.user.email, award.recipient_salt),
                "salt": award.recipient_salt,
            }],
            "achievement": {
                "id": external_url("credentials.badge_class", slug=module.slug),
                "type": ["Achievement"],
                "achievementType": "Badge",
                "name": text.badge_name,
                "description": text.badge_description,
                "criteria": {
                    "id": external_url("learning.module_page", slug=module.slug),
                    "narrative": criteria_narrative(version),
                },
                "image": {
                    "id": external_url("credentials.badge_class_image", slug=module.slug,
                                       ext="png"),
                    "type": "Image",
                },
            },
        },
        "credentialStatus": {
            "id": external_url("credentials.revocation_list"),
            "type": STATUS_TYPE,
        },
        "credentialSchema": [{"id": SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }


def sign(document: dict) -> str:
    """The credential as a compact VC-JWT (RS256), signed with the active key."""
    key = keys.active_key()
    claims = dict(document)
    claims["iss"] = document["issuer"]["id"]
    claims["jti"] = document["id"]
    claims["nbf"] = int(datetime.fromisoformat(document["validFrom"]).timestamp())
    headers = {"kid": key.kid, "typ": "JWT", "jwk": key.public_jwk()}
    return jwt.encode(claims, key.private_key, algorithm=keys.ALGORITHM, headers=headers)


def verify(token: str, jwk_set: dict) -> dict:
    """The payload of a VC-JWT if its signature checks out against ``jwk_set``.

    Raises ``jwt.InvalidTokenError`` when the signature, the key id or the
    claims are wrong.
    """
    header = jwt.get_unverified_header(token)
    matching = [k for k in jwk_set.get("keys", []) if k.get("kid") == header.get("kid")]
    if not matching:
        raise jwt.InvalidTokenError("unknown signing key")
    key = jwt.PyJWK.from_dict(matching[0], algorithm=keys.ALGORITHM)
    return jwt.decode(token, key.key, algorithms=[keys.ALGORITHM],
                      options={"require": ["iss", "jti", "nbf"]})


def revocation_list() -> dict:
    """Every revoked credential, as a 1EdTech revocation list."""
    return {
        "id": external_url("credentials.revocation_list"),
        "issuer": issuer_url(),
        "revokedCredentials": [
            {"id": credential_url(award.code),
             "revocationReason": award.revocation_reason or ""}
            for award in revoked_awards()
        ],
    }
