"""The coursehub command line and the health check."""

from sqlalchemy import select

from coursehub.accounts.models import User
from coursehub.admin.cohort_models import Cohort, CohortMember
from coursehub.content.models import Module
from coursehub.core.db import db
from tests.conftest import SAMPLE_MODULES


def test_create_user_and_seed_demo(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "--email", "Judge@Example.org", "--password",
                                 "a judge's passphrase", "--name", "Jueza", "--role",
                                 "instructor"])
    assert result.exit_code == 0, result.output
    assert "Created instructor judge@example.org." in result.output
    weak = runner.invoke(args=["create-user", "--email", "x@example.org", "--password", "short",
                               "--name", "X"])
    assert weak.exit_code == 1 and "Use at least 12 characters." in weak.output
    demo = runner.invoke(args=["seed-demo"])
    assert demo.exit_code == 0
    again = runner.invoke(args=["seed-demo"])  # idempotent
    assert again.exit_code == 0
    with app.app_context():
        roles = dict(db.session.execute(select(User.email, User.role)).all())
        assert roles == {"judge@example.org": "instructor", "learner@example.org": "learner",
                         "instructor@example.org": "instructor", "admin@example.org": "admin"}
        assert db.session.scalar(select(User).where(User.email == "admin@example.org")) \
            .check_password("admin-demo-pass")
        cohort = db.session.scalars(select(Cohort)).one()  # made once, not twice
        instructor = db.session.scalar(select(User).where(User.email == "instructor@example.org"))
        assert (cohort.name, cohort.instructor_id, cohort.open) == ("Demo workshop",
                                                                    instructor.id, True)
        members = db.session.scalars(select(CohortMember.user_id)).all()
        assert members == [db.session.scalar(select(User.id).where(
            User.email == "learner@example.org"))]
    assert "cohort     Demo workshop" in demo.output


def test_the_demo_cohort_has_every_published_module(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["import", str(SAMPLE_MODULES)]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        cohort = db.session.scalars(select(Cohort)).one()
        assert cohort.modules
        assert sorted(m.module_id for m in cohort.modules) == sorted(
            db.session.scalars(select(Module.id).where(Module.current_version_id.is_not(None))))


def test_import_command_reports_progress_and_outcomes(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["import", str(SAMPLE_MODULES)])
    assert first.exit_code == 0, first.output
    assert "Importing modules" in first.output
    assert "sample-module: created (version 1)" in first.output
    second = runner.invoke(args=["import"])  # defaults to COURSEHUB_MODULES_DIR
    assert "sample-module: unchanged (version 1)" in second.output
    with app.app_context():
        assert db.session.scalars(select(Module.slug)).all() == ["sample-module"]


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
