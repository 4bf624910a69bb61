"""Flask extensions, created unbound and initialised in :func:`coursehub.create_app`."""

from flask import Flask
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect

from coursehub.core.db import db, render_migration_item

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Limits are kept in memory by default; set RATELIMIT_STORAGE_URI=redis://... when
# several app processes must share them.
limiter = Limiter(key_func=get_remote_address)


def init_migrations(app: Flask, directory: str) -> None:
    """Flask-Migrate, for the ``db`` commands and the tests. Importing it (and
    Alembic) takes a fifth of a second, which the web server does not need."""
    from flask_migrate import Migrate

    Migrate(app, db, directory=directory, render_as_batch=True, compare_type=True,
            render_item=render_migration_item)


__all__ = ["babel", "csrf", "db", "init_migrations", "limiter", "login_manager"]
