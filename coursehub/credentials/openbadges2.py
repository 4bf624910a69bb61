"""Open Badges 2.0 documents (hosted verification): issuer, badge classes, assertions.

Every document is JSON-LD served at its own ``id`` on the app's origin, so a
verifier can fetch and check it without contacting anyone.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from flask_babel import force_locale, gettext

from coursehub.content.models import Module, ModuleText, ModuleVersion
from coursehub.credentials.links import assertion_url, external_url, issuer_url
from coursehub.credentials.services import AwardRecord

CONTEXT = "https://w3id.org/openbadges/v2"
MEDIA_TYPE = "application/ld+json"


def hashed_identity(email: str, salt: str) -> str:
    """``sha256$`` + hex(sha256(email + salt)), as Open Badges hashes recipients."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def issuer_profile() -> dict:
    config = current_app.config
    return {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": issuer_url(),
        "name": config["COURSEHUB_ISSUER_NAME"],
        "url": external_url("learning.catalogue"),
        "email": config["COURSEHUB_ISSUER_EMAIL"],
        "image": external_url("static", filename="favicon.svg"),
    }


def criteria_narrative(version: ModuleVersion) -> str:
    """What earns the badge, in the version's default language."""
    with force_locale(version.default_language):
        return gettext("Read every lesson of the module and pass its quiz with at least "
                       "%(mark)s%% of the points.", mark=version.pass_mark)


def badge_class(module: Module, version: ModuleVersion, text: ModuleText) -> dict:
    return {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": external_url("credentials.badge_class", slug=module.slug),
        "name": text.badge_name,
        "description": text.badge_description,
        "image": external_url("credentials.badge_class_image", slug=module.slug, ext="png"),
        "criteria": {
            "id": external_url("learning.module_page", slug=module.slug),
            "narrative": criteria_narrative(version),
        },
        "issuer": issuer_url(),
        "tags": [module.slug],
    }


def assertion(record: AwardRecord) -> dict:
    award = record.award
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": assertion_url(award.code),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": award.recipient_salt,
            "identity": hashed_identity(record.user.email, award.recipient_salt),
        },
        "badge": external_url("credentials.badge_class", slug=record.module.slug),
        "verification": {"type": "hosted"},
        "issuedOn": award.issued_at.replace(microsecond=0).isoformat(),
        "evidence": external_url("credentials.badge_page", code=award.code),
    }


def revoked_assertion(record: AwardRecord) -> dict:
    """What a revoked hosted assertion answers (with HTTP 410)."""
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": assertion_url(record.award.code),
        "revoked": True,
        "revocationReason": record.award.revocation_reason or "",
    }
