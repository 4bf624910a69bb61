"""Signed, expiring links for confirming an address and resetting a password.

A reset link carries a fingerprint of the current password hash, so it stops
working as soon as the password changes: it can be used once.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from coursehub.accounts.models import User
from coursehub.core.db import db

CONFIRM_MAX_AGE = 7 * 24 * 3600
RESET_MAX_AGE = 3600


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"coursehub-{purpose}")


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def make_confirmation_token(user: User) -> str:
    return _serializer("confirm").dumps({"u": user.id, "e": user.email})


def make_reset_token(user: User) -> str:
    return _serializer("reset").dumps({"u": user.id, "f": _fingerprint(user)})


def user_for_confirmation(token: str) -> User | None:
    data = _load("confirm", token, CONFIRM_MAX_AGE)
    user = db.session.get(User, data["u"]) if data else None
    return user if user is not None and user.email == data["e"] else None


def user_for_reset(token: str) -> User | None:
    data = _load("reset", token, RESET_MAX_AGE)
    user = db.session.get(User, data["u"]) if data else None
    if user is None or user.anonymised_at is not None or data["f"] != _fingerprint(user):
        return None
    return user


def _load(purpose: str, token: str, max_age: int) -> dict | None:
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    return data if isinstance(data, dict) else None


__all__ = ["make_confirmation_token", "make_reset_token", "user_for_confirmation",
           "user_for_reset"]
