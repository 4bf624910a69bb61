"""Awarding badges."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from coursehub.accounts.models import User
from coursehub.content.models import Module, ModuleVersion
from coursehub.core.db import db
from coursehub.credentials.models import BadgeAward


def award_badge(user: User, module: Module, version: ModuleVersion, reason: str) -> BadgeAward:
    """Award the module's badge to ``user``; awarding it again returns the first award."""
    existing = _award_for(user.id, module.id)
    if existing is not None:
        return existing
    try:
        with db.session.begin_nested():
            award = BadgeAward(user_id=user.id, module_id=module.id, version_id=version.id,
                               reason=reason)
            db.session.add(award)
    except IntegrityError:
        award = _award_for(user.id, module.id)
    return award


def _award_for(user_id: int, module_id: int) -> BadgeAward | None:
    return db.session.scalar(select(BadgeAward).where(BadgeAward.user_id == user_id,
                                                      BadgeAward.module_id == module_id))


def awards_of(user: User) -> list[BadgeAward]:
    return list(db.session.scalars(
        select(BadgeAward).where(BadgeAward.user_id == user.id)
        .order_by(BadgeAward.issued_at.desc())
    ))
