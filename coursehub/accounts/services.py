"""Account operations: creating users, checking credentials."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from coursehub.accounts.models import APP_ROLES, User, hash_password
from coursehub.core.db import db, utcnow

MIN_PASSWORD_LENGTH = 12
# A hash checked when no account matches, so a wrong email costs as much time
# as a wrong password and response times do not reveal which accounts exist.
_DUMMY_HASHES: dict[str, str] = {}


def _dummy_hash() -> str:
    from flask import current_app

    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = hash_password("not-a-real-password-for-timing")
    return _DUMMY_HASHES[method]


class AccountError(ValueError):
    """A request about an account that cannot be carried out."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(
        select(User).where(func.lower(User.email) == normalise_email(email))
    )


def password_problem(password: str):
    """Why a password is not acceptable, or None (NIST SP 800-63B: length, no common ones)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _l("Use at least %(count)s characters.", count=MIN_PASSWORD_LENGTH)
    if password.lower() in _common_passwords():
        return _l("This password is too common; choose another.")
    return None


_COMMON: set[str] | None = None


def _common_passwords() -> set[str]:
    global _COMMON
    if _COMMON is None:
        from importlib.resources import files

        text = files("coursehub").joinpath("data/common-passwords.txt").read_text("utf-8")
        _COMMON = {line.strip().lower() for line in text.splitlines() if line.strip()}
    return _COMMON


def create_or_update_user(*, email: str, password: str, name: str, role: str = "learner",
                          justice_role: str = "other", country: str = "",
                          organisation_name: str = "") -> tuple[User, bool]:
    """Create an account, or reset an existing one's password, name and role."""
    if role not in APP_ROLES:
        raise AccountError(f"unknown role {role!r}")
    problem = password_problem(password)
    if problem:
        raise AccountError(str(problem))
    user = find_user_by_email(email)
    created = user is None
    if user is None:
        user = User(email=normalise_email(email))
        db.session.add(user)
    user.name = name.strip()
    user.role = role
    user.justice_role = justice_role
    user.country = country
    user.organisation_name = organisation_name
    user.set_password(password)
    if user.email_confirmed_at is None:  # created by an operator: address trusted
        user.email_confirmed_at = utcnow()
    db.session.flush()
    return user, created


def burn_password_hash_time(password: str) -> None:
    """Spend the time hashing takes, where no hash is kept (timing equality)."""
    hash_password(password)


def authenticate(email: str, password: str) -> User | None:
    """The user with these credentials, or None; takes similar time either way."""
    user = find_user_by_email(email)
    if user is None or user.anonymised_at is not None:
        check_password_hash(_dummy_hash(), password)
        return None
    return user if user.check_password(password) else None
