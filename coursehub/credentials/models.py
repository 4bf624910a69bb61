"""Badge awards."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coursehub.core.db import UTCDateTime, db, utcnow


def new_code() -> str:
    """An unguessable public identifier for an award."""
    return secrets.token_urlsafe(12)


class BadgeAward(db.Model):
    """A module's badge, awarded to one learner once.

    ``recipient_salt`` is kept so the award can be published as an Open Badges
    assertion with a hashed recipient email.
    """

    __tablename__ = "badge_award"
    __table_args__ = (UniqueConstraint("user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True, default=new_code)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("module_version.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recipient_salt: Mapped[str] = mapped_column(
        String(32), default=lambda: secrets.token_hex(8)
    )
    reason: Mapped[str] = mapped_column(Text, default="completion")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revocation_reason: Mapped[str | None] = mapped_column(Text)
