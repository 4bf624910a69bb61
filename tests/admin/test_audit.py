"""The audit log's hash chain detects edited and deleted entries."""

from sqlalchemy import delete, select, update

from coursehub.admin.audit import GENESIS, record, verify_chain
from coursehub.admin.models import AuditEntry
from coursehub.core.db import db


def write_three(app):
    with app.app_context():
        for n in range(3):
            record(None, "publish", "module", f"m{n}", version=n)
        db.session.commit()


def test_entries_chain_to_each_other(app, app_ctx):
    write_three(app)
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert entries[0].previous_hash == GENESIS
    assert [e.previous_hash for e in entries[1:]] == [e.entry_hash for e in entries[:-1]]
    assert entries[0].actor_email == "command line" and entries[2].details == {"version": 2}
    assert verify_chain() == []


def test_an_edited_entry_is_detected(app, app_ctx):
    write_three(app)
    middle = db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()[1]
    db.session.execute(update(AuditEntry).where(AuditEntry.id == middle)
                       .values(details={"version": 99}))
    db.session.commit()
    problems = verify_chain()
    assert [(p.entry_id, "changed" in p.message) for p in problems] == [(middle, True)]


def test_a_deleted_entry_is_detected_by_the_command(app):
    write_three(app)
    with app.app_context():
        middle = db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()[1]
        db.session.execute(delete(AuditEntry).where(AuditEntry.id == middle))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"entry {middle + 1}: does not follow the entry before it" in result.output


def test_an_intact_log_verifies(app):
    write_three(app)
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "Audit log intact: 3 entries." in result.output
