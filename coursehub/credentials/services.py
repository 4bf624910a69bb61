"""Awarding, finding and revoking badges."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from coursehub.accounts.models import User
from coursehub.content import queries
from coursehub.content.models import Module, ModuleText, ModuleVersion
from coursehub.core.db import db, utcnow
from coursehub.credentials.models import BadgeAward


class CredentialError(Exception):
    """A manual award or revocation that cannot be done; the message is for people."""


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


@dataclass
class AwardRecord:
    """An award with the learner, module and content version it refers to."""

    award: BadgeAward
    user: User
    module: Module
    version: ModuleVersion

    @property
    def revoked(self) -> bool:
        return self.award.revoked_at is not None

    def text(self, preferred: str | None = None) -> ModuleText:
        """The module's texts in ``preferred`` if it has them, else its default language."""
        language = queries.content_language(self.version,
                                            preferred or self.version.default_language)
        return queries.module_text(self.version, language)


def find_award(code: str) -> AwardRecord | None:
    """The award with this public code, with what it refers to (one query)."""
    row = db.session.execute(
        select(BadgeAward, User, Module, ModuleVersion)
        .join(User, User.id == BadgeAward.user_id)
        .join(Module, Module.id == BadgeAward.module_id)
        .join(ModuleVersion, ModuleVersion.id == BadgeAward.version_id)
        .where(BadgeAward.code == code)
    ).first()
    return AwardRecord(*row) if row else None


def award_manually(actor: User | None, email: str, slug: str, reason: str) -> BadgeAward:
    """An admin's award of a module's badge, recorded in the audit log."""
    from coursehub.admin.audit import record

    reason = reason.strip()
    if not reason:
        raise CredentialError(_l("Give a reason for the award."))
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise CredentialError(_l("There is no account with the email %(email)s.", email=email))
    module = queries.get_published_module(slug)
    if module is None:
        raise CredentialError(_l("There is no published module %(slug)s.", slug=slug))
    existing = _award_for(user.id, module.id)
    if existing is not None:
        if existing.revoked_at is not None:
            raise CredentialError(_l("This learner's badge for this module was revoked; "
                                     "a revoked badge cannot be awarded again."))
        raise CredentialError(_l("This learner already has this badge."))
    award = award_badge(user, module, module.current_version, reason=reason)
    db.session.flush()
    record(actor, "award", "badge_award", award.id, reason=reason, email=user.email,
           module=module.slug)
    return award


def revoke_award(actor: User | None, award: BadgeAward, reason: str) -> None:
    """Revoke an award for good, with a reason the public verification page shows."""
    from coursehub.admin.audit import record

    reason = reason.strip()
    if not reason:
        raise CredentialError(_l("Give a reason for revoking the badge."))
    if award.revoked_at is not None:
        raise CredentialError(_l("This badge is already revoked."))
    award.revoked_at = utcnow()
    award.revocation_reason = reason
    db.session.flush()
    record(actor, "revoke", "badge_award", award.id, reason=reason, code=award.code)


def revoked_awards() -> list[BadgeAward]:
    return list(db.session.scalars(
        select(BadgeAward).where(BadgeAward.revoked_at.is_not(None)).order_by(BadgeAward.id)
    ))


def award_by_code(code: str) -> BadgeAward | None:
    return db.session.scalar(select(BadgeAward).where(BadgeAward.code == code))
