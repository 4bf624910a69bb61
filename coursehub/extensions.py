"""Flask extensions, created unbound and initialised in :func:`coursehub.create_app`."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from coursehub.core.db import db, render_migration_item

migrate = Migrate(render_as_batch=True, compare_type=True, render_item=render_migration_item)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()

__all__ = ["babel", "csrf", "db", "login_manager", "migrate"]
