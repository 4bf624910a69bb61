"""Configuration defaults, read from the environment.

Secrets that should not live in the environment can go in ``instance/config.py``,
which is loaded after these defaults.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _sqlite_url(instance_path: str) -> str:
    return "sqlite:///" + os.path.join(instance_path, "coursehub.sqlite3")


def load_defaults(instance_path: str) -> dict:
    """Settings from the environment, with safe development defaults."""
    database_url = os.environ.get("DATABASE_URL") or _sqlite_url(instance_path)
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://") :]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "COURSEHUB_MODULES_DIR": os.environ.get(
            "COURSEHUB_MODULES_DIR", str(PROJECT_ROOT / "modules")
        ),
        "COURSEHUB_BASE_URL": os.environ.get("COURSEHUB_BASE_URL", "http://127.0.0.1:5000"),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        "LANGUAGES": {"en": "English", "es": "Español", "pt_BR": "Português (Brasil)"},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
    }
