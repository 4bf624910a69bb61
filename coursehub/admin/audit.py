"""Append to the audit log, and verify its hash chain.

Call :func:`record` from a service whenever an admin or instructor acts
(publish, role change, award, revoke, export, user deletion). Nothing in the
app updates or deletes entries.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select, update

from coursehub.admin.models import AuditEntry
from coursehub.core.db import db, utcnow

GENESIS = "0" * 64


def _digest(entry: AuditEntry) -> str:
    payload = json.dumps({
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_email": entry.actor_email,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "details": entry.details,
        "previous_hash": entry.previous_hash,
    }, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def _lock_chain() -> None:
    """Serialise appends so two writers cannot both extend the same tail.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: a no-op UPDATE
    takes the database write lock until the transaction ends.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(db.func.pg_advisory_xact_lock(727_001)))
    else:
        db.session.execute(update(AuditEntry).where(AuditEntry.id == -1)
                           .values(action=AuditEntry.action))


def record(actor, action: str, target_type: str = "", target_id: object = "",
           **details) -> AuditEntry:
    """Append one entry; ``actor`` is a User or None (the command line)."""
    _lock_chain()
    tail = db.session.scalar(select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc())
                             .limit(1))
    entry = AuditEntry(
        created_at=utcnow().replace(microsecond=0),
        actor_id=getattr(actor, "id", None),
        actor_email=getattr(actor, "email", "") or "command line",
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        details=json.loads(json.dumps(details, default=str)),
        previous_hash=tail or GENESIS,
    )
    entry.entry_hash = _digest(entry)
    db.session.add(entry)
    db.session.flush()
    return entry


@dataclass
class ChainProblem:
    entry_id: int
    message: str


def verify_chain() -> list[ChainProblem]:
    """Every break in the chain: an edited entry, or a deleted one before it."""
    problems = []
    previous = GENESIS
    for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        if entry.previous_hash != previous:
            problems.append(ChainProblem(entry.id, "does not follow the entry before it "
                                                   "(an entry was deleted or edited)"))
        if _digest(entry) != entry.entry_hash:
            problems.append(ChainProblem(entry.id, "its contents were changed after it was "
                                                   "written"))
        previous = entry.entry_hash
    return problems
