"""The schema comes only from migrations, which match the models and reverse cleanly."""

import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from coursehub import create_app
from coursehub.core.db import applies_to, db


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": applies_to(connection.dialect.name)})
        assert compare_metadata(context, db.metadata) == []


def _scratch_url(tmp_path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return "sqlite:///" + str(tmp_path / "scratch.sqlite3")
    base, _, name = url.rpartition("/")
    scratch = f"{name}_migrations"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}"'))
        connection.execute(text(f'CREATE DATABASE "{scratch}"'))
    engine.dispose()
    return f"{base}/{scratch}"


def test_migrations_downgrade_to_nothing_and_upgrade_again(tmp_path):
    url = _scratch_url(tmp_path)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        assert "module_version" in inspect(db.engine).get_table_names()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "quiz_attempt" in inspect(db.engine).get_table_names()
        db.engine.dispose()
