"""User and organisation models."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from coursehub.core.db import UTCDateTime, db, utcnow


def hash_password(password: str) -> str:
    """Hash with the configured method (PASSWORD_HASH_METHOD; scrypt by default)."""
    from flask import current_app

    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


JUSTICE_ROLES = ("judge", "prosecutor", "law_enforcement", "court_staff", "other")
APP_ROLES = ("learner", "instructor", "admin")
ORGANISATION_KINDS = ("judiciary", "prosecution", "police", "other")


class Organisation(db.Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    country: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(20), default="other")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="learner", index=True)
    justice_role: Mapped[str] = mapped_column(String(20), default="other", index=True)
    country: Mapped[str] = mapped_column(String(2), default="", index=True)
    organisation_name: Mapped[str] = mapped_column(String(200), default="")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id"), index=True
    )
    locale: Mapped[str | None] = mapped_column(String(10))
    # Flask-Login identifies sessions by this token; rotating it signs out
    # every session of the user (e.g. after a password change).
    session_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: secrets.token_urlsafe(32)
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Self-registered accounts must confirm their address before signing in.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the learner deleted their account or an admin anonymised it.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship()

    def get_id(self) -> str:
        return self.session_token

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)
        self.session_token = secrets.token_urlsafe(32)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_instructor(self) -> bool:
        return self.role in ("instructor", "admin")
