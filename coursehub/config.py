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
    base_url = os.environ.get("COURSEHUB_BASE_URL", "http://127.0.0.1:5000")
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": database_url,
        # A server connection can drop (restart, failover): test it before use. A
        # SQLite file cannot, and the check would cost every request a query.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": not database_url.startswith("sqlite")},
        "COURSEHUB_MODULES_DIR": os.environ.get(
            "COURSEHUB_MODULES_DIR", str(PROJECT_ROOT / "modules")
        ),
        "COURSEHUB_BASE_URL": base_url,
        # Open Badges issuer; signing keys default to instance/signing-keys/.
        "COURSEHUB_ISSUER_NAME": os.environ.get("COURSEHUB_ISSUER_NAME", "CourseHub"),
        "COURSEHUB_ISSUER_EMAIL": os.environ.get("COURSEHUB_ISSUER_EMAIL",
                                                 "badges@coursehub.invalid"),
        "COURSEHUB_KEYS_DIR": os.environ.get("COURSEHUB_KEYS_DIR"),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        "LANGUAGES": {"en": "English", "es": "Español", "pt_BR": "Português (Brasil)"},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        # werkzeug's default (scrypt, memory-hard); tests use a cheap method for speed.
        "PASSWORD_HASH_METHOD": os.environ.get("PASSWORD_HASH_METHOD", "scrypt"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": os.environ.get("RATELIMIT_ENABLED", "1") != "0",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Mail: with no MAIL_SERVER, messages are written to the log (development).
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "1") == "1",
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "CourseHub <no-reply@coursehub.invalid>"),
        # Cookies are marked Secure when the site is served over HTTPS.
        "SESSION_COOKIE_SECURE": base_url.startswith("https://"),
        "REMEMBER_COOKIE_SECURE": base_url.startswith("https://"),
    }
