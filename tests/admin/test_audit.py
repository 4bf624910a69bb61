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


def test_admins_can_filter_the_log_and_others_cannot_see_it(app, make_user, make_browser):
    from tests.conftest import PASSWORD

    with app.app_context():
        record(None, "publish", "module", "dns", version=2)
        record(None, "revoke", "badge_award", 7, reason="error")
        db.session.commit()
    make_user("admin@example.org", role="admin")
    make_user("teacher@example.org", role="instructor")
    admin, teacher = make_browser(), make_browser()
    admin.login("admin@example.org", PASSWORD)
    teacher.login("teacher@example.org", PASSWORD)
    page = admin.get("/admin/audit?action=revoke").get_data(as_text=True)
    assert "badge_award 7" in page and "module dns" not in page
    assert "1 entry" in page
    assert teacher.get("/admin/audit").status_code == 403


def test_admin_anonymises_a_learner_and_it_is_logged(app, make_user, make_browser):
    from coursehub.accounts.models import User
    from tests.conftest import PASSWORD

    learner_id = make_user("someone@example.org", name="Real Name")
    make_user("admin@example.org", role="admin")
    admin = make_browser()
    admin.login("admin@example.org", PASSWORD)
    response = admin.post(f"/admin/users/{learner_id}/anonymise", {"reason": "request"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, learner_id)
        assert user.name != "Real Name" and user.anonymised_at is not None
        entry = db.session.scalars(select(AuditEntry)).one()
        assert (entry.action, entry.actor_email, entry.details) == \
            ("anonymise", "admin@example.org", {"reason": "request"})
    with app.app_context():
        assert verify_chain() == []


def test_simultaneous_entries_keep_one_unbroken_chain(app):
    """Concurrent writers (as under a scanner or several workers) never fork the chain."""
    import threading

    barrier = threading.Barrier(8)
    errors = []

    def write(n):
        try:
            with app.app_context():
                barrier.wait()
                record(None, "export", "report", "completion", n=n)
                db.session.commit()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert len(db.session.scalars(select(AuditEntry)).all()) == 8
        assert verify_chain() == []
