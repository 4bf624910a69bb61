"""CourseHub: self-paced modules for justice-system professionals."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, request, session
from flask_login import current_user

from coursehub.config import load_defaults
from coursehub.core.db import configure_engine
from coursehub.extensions import babel, csrf, db, init_migrations, limiter, login_manager

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(config: dict | None = None, *, migrations: bool = True) -> Flask:
    """Build the application: configuration, extensions, blueprints, CLI.

    ``migrations=False`` leaves out the ``db`` commands' machinery (the web
    server's choice: migrations run at deploy, with ``coursehub db upgrade``).
    """
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(load_defaults(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    if config:
        app.config.from_mapping(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app.instance_path)

    app.jinja_env.add_extension("jinja2.ext.do")
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    _import_models()
    if migrations:
        init_migrations(app, MIGRATIONS_DIR)
    csrf.init_app(app)
    limiter.init_app(app)
    if _limits_exempt not in limiter._request_filters:
        limiter.request_filter(_limits_exempt)
    babel.init_app(app, locale_selector=select_locale)
    _init_login(app)
    _register_blueprints(app)
    _register_hooks(app)

    from coursehub.cli import register_commands

    register_commands(app)
    return app


def _limits_exempt() -> bool:
    """Requests skip rate limits when the app says so (RATELIMIT_EXEMPT: test suites)."""
    from flask import current_app

    return bool(current_app.config.get("RATELIMIT_EXEMPT"))


def _import_models() -> None:
    """Import every domain's models so the metadata (and migrations) see them all."""
    import coursehub.accounts.models
    import coursehub.admin.cohort_models
    import coursehub.admin.models
    import coursehub.authoring.models
    import coursehub.content.models
    import coursehub.credentials.models
    import coursehub.learning.models
    import coursehub.quizzes.models  # noqa: F401


def _instance_secret(instance_path: str) -> str:
    """A random secret kept in instance/, created on first start."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def select_locale() -> str:
    """Profile language, else the visitor's choice, else the browser's, else the default."""
    from flask import current_app, has_request_context

    languages = list(current_app.config["LANGUAGES"])
    if not has_request_context():  # command line: the site default
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("language") in languages:
        return session["language"]
    return (request.accept_languages.best_match(languages)
            or current_app.config["BABEL_DEFAULT_LOCALE"])


def _init_login(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from coursehub.accounts.models import User

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"

    from sqlalchemy import bindparam, select

    by_session_token = select(User).where(User.session_token == bindparam("token"))

    @login_manager.user_loader
    def load_user(token: str):
        return db.session.scalar(by_session_token, {"token": token})  # built once: every page


def _register_blueprints(app: Flask) -> None:
    from coursehub.accounts.account_views import bp as account_bp
    from coursehub.accounts.views import bp as accounts_bp
    from coursehub.admin.audit_views import bp as audit_bp
    from coursehub.authoring.views import bp as authoring_bp
    from coursehub.content.views import bp as content_bp
    from coursehub.core.views import bp as core_bp
    from coursehub.credentials.views import bp as credentials_bp
    from coursehub.learning.views import bp as learning_bp
    from coursehub.quizzes.views import bp as quizzes_bp

    for blueprint in (core_bp, accounts_bp, account_bp, content_bp, learning_bp, quizzes_bp,
                      credentials_bp, audit_bp, authoring_bp):
        app.register_blueprint(blueprint)
    _register_reports_and_admin(app)


def _register_reports_and_admin(app: Flask) -> None:
    """Reports, admin pages, cohort enrolment and the pre-test."""
    from coursehub.admin.join_views import bp as cohorts_bp
    from coursehub.admin.views import bp as admin_bp
    from coursehub.quizzes.pretest_views import bp as pretest_bp
    from coursehub.reports.views import bp as reports_bp

    for blueprint in (reports_bp, admin_bp, cohorts_bp, pretest_bp):
        app.register_blueprint(blueprint)


def _register_hooks(app: Flask) -> None:
    from flask_babel import get_locale

    from coursehub.core.errors import register_error_handlers
    from coursehub.core.permissions import enforce_access_policy, public

    app.before_request(enforce_access_policy)
    # Flask's own static route serves public files.
    public(app.view_functions["static"])
    register_error_handlers(app)
    from coursehub.core import assets, i18n

    assets.init_app(app)  # fingerprinted static URLs, long cache lifetimes
    i18n.init_app(app)  # format_date/format_percent... in templates

    @app.context_processor
    def inject_globals():
        return {"languages": app.config["LANGUAGES"], "current_locale": str(get_locale())}

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security",
                                        "max-age=31536000; includeSubDomains")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        )
        return response
