"""Backup and restore round trip: every table comes back exactly."""

from sqlalchemy import delete, select, text

from coursehub.accounts.models import User
from coursehub.core.db import db
from coursehub.quizzes.models import QuizAttempt
from tests.quizzes.test_attempts import ALL_RIGHT, submit_quiz


def snapshot(app) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    with app.app_context():
        tables = {}
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns)
            rows = db.session.execute(select(table).order_by(*order)).all()
            tables[table.name] = [tuple(row) for row in rows]
        db.session.remove()
        return tables


def test_backup_then_restore_brings_back_every_table(app, signed_in, sample_module, tmp_path):
    signed_in.get("/modules/sample-module/lessons/ports")
    signed_in.post("/modules/sample-module/lessons/ports/complete")
    submit_quiz(signed_in, ALL_RIGHT)
    before = snapshot(app)
    assert sum(len(rows) for rows in before.values()) > 20
    target = tmp_path / "coursehub.backup"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0

    with app.app_context():  # damage: lose attempts, change a name
        db.session.execute(text("DELETE FROM question_response"))
        db.session.execute(delete(QuizAttempt))
        db.session.execute(db.update(User).values(name="changed"))
        db.session.commit()
    assert snapshot(app) != before

    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    assert snapshot(app) == before


def test_restore_asks_before_overwriting(app, tmp_path):
    target = tmp_path / "b"
    app.test_cli_runner().invoke(args=["backup", str(target)])
    result = app.test_cli_runner().invoke(args=["restore", str(target)], input="n\n")
    assert result.exit_code == 1 and "Aborted" in result.output
