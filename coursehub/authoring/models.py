"""A module's draft: its files (path -> bytes), exactly as in a modules/ folder.

The draft is edited in the browser; publishing validates the files with the
same loader and validator as ``coursehub import`` and stores a new immutable
version. Drafts are working copies, so they may be changed or replaced.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coursehub.core.db import UTCDateTime, db, utcnow


class DraftFile(db.Model):
    __tablename__ = "draft_file"
    __table_args__ = (UniqueConstraint("module_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    path: Mapped[str] = mapped_column(String(300))  # relative, e.g. "en/01-intro.md"
    data: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
