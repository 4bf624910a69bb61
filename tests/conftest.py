"""Shared fixtures: an app on a migrated database, clients, users, content.

The database is SQLite in a temporary folder unless ``TEST_DATABASE_URL``
points at PostgreSQL. Either way the schema is built by the Alembic
migrations, once per test session; each test starts from empty tables.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from coursehub import create_app
from coursehub.core.db import db

TESTS = Path(__file__).parent
SAMPLE_MODULES = TESTS / "data" / "modules"
PROJECT_MODULES = TESTS.parent / "modules"


def _reset_postgres(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        _reset_postgres(url)
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "COURSEHUB_MODULES_DIR": str(SAMPLE_MODULES),
        "SERVER_NAME": None,
        "COURSEHUB_KEYS_DIR": str(tmp_path_factory.mktemp("signing-keys")),
        "MAIL_BACKEND": "memory",
        "RATELIMIT_EXEMPT": True,  # tests of the limits switch them on (limits_on)
        # Hashing cost is not under test; scrypt would make every sign-in take ~0.5 s.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    })
    with app.app_context():
        upgrade()
    return app


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Empty every table (and the test mail outbox) after each test that used the app."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    from flask.globals import _cv_app, _cv_request

    from coursehub.core.mail import outbox

    # A streamed response a test did not read to the end keeps its request
    # context pushed; pop it so the next test does not share its ``g``.
    while (context := _cv_request.get(None)) is not None:
        context.pop()
    while (context := _cv_app.get(None)) is not None:
        context.pop()
    outbox(app).clear()
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in db.metadata.sorted_tables]
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                names = ", ".join(f'"{name}"' for name in tables)
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for name in reversed(tables):
                    connection.execute(text(f'DELETE FROM "{name}"'))


@pytest.fixture
def limits_on(app):
    """Rate limits apply during the test, from a clean count."""
    from coursehub.extensions import limiter

    app.config["RATELIMIT_EXEMPT"] = False
    limiter.enabled = True
    limiter.reset()
    yield
    limiter.reset()
    app.config["RATELIMIT_EXEMPT"] = True


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield
        db.session.remove()


_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def last_link(app, to: str) -> str:
    """The address of the link in the latest message sent to ``to``."""
    from coursehub.core.mail import outbox

    messages = [m for m in outbox(app) if m.to == to.lower()]
    assert messages, f"no message sent to {to}"
    match = re.search(r"https?://\S+", messages[-1].body)
    assert match, messages[-1].body
    return match.group(0)


def path_of(url: str) -> str:
    """The path (and query) of an absolute URL, for the test client."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Browser:
    """A test client that signs in and posts forms with their CSRF token."""

    def __init__(self, client) -> None:
        self.client = client

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def csrf_token(self) -> str:
        page = self.client.get("/modules/").get_data(as_text=True)
        match = _CSRF.search(page)
        assert match, "no CSRF token found on /modules/"
        return match.group(1)

    def post(self, url: str, data: dict | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.client.post(url, data=data, **kwargs)

    def login(self, email: str, password: str):
        response = self.post("/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    def logout(self):
        return self.post("/logout")


@pytest.fixture
def browser(client) -> Browser:
    return Browser(client)


@pytest.fixture
def make_browser(app):
    """A fresh, independent client (its own cookies) per call."""
    return lambda: Browser(app.test_client())


PASSWORD = "correct horse battery"


@pytest.fixture
def make_user(app):
    from coursehub.accounts.services import create_or_update_user

    def make(email: str = "learner@example.org", role: str = "learner", name: str = "Test User"):
        with app.app_context():
            user, _ = create_or_update_user(email=email, password=PASSWORD, name=name, role=role,
                                            justice_role="prosecutor", country="UY")
            db.session.commit()
            return user.id

    return make


@pytest.fixture
def learner(make_user) -> str:
    make_user("learner@example.org", "learner", "Lucía Pérez")
    return "learner@example.org"


@pytest.fixture
def signed_in(browser, learner) -> Browser:
    browser.login(learner, PASSWORD)
    return browser


def import_folder(app, folder: Path):
    from coursehub.content.importer import import_module
    from coursehub.content.validator import validate_module

    with app.app_context():
        result = validate_module(folder)
        assert result.ok, [str(p) for p in result.problems]
        outcome = import_module(result.source)
        db.session.commit()
        return outcome.status, outcome.version.id


@pytest.fixture
def sample_module(app) -> str:
    """The small two-language sample module, imported; returns its slug."""
    import_folder(app, SAMPLE_MODULES / "sample-module")
    return "sample-module"


@pytest.fixture
def module_copy(tmp_path) -> Path:
    """A writable copy of the sample module, for tests that edit files."""
    target = tmp_path / "sample-module"
    shutil.copytree(SAMPLE_MODULES / "sample-module", target)
    return target


# -- a real server for browser tests ------------------------------------------

@pytest.fixture(scope="session")
def live_url(app):
    """The app served by a real HTTP server on 127.0.0.1 in a background thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") \
        or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium is not installed: run the README's test command, which "
                    "installs it (Debian package 'chromium'), or set CHROMIUM_PATH.")
    return path


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_url, app):
    context = chromium.new_context(base_url=live_url, locale="en-US")
    context.coursehub_app = app  # lets a test read the mail the app sent
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _push_request_context():
    """Replace pytest-flask's: a shared pushed context would share ``g`` between clients."""
    yield


@pytest.fixture
def client(app):
    """A test client that does not keep request contexts alive between requests."""
    return app.test_client()


class QueryCounter:
    """Counts SQL statements sent while active (``with count_queries() as q:``)."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.statements: list[str] = []

    def _record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.statements.append(statement)

    def __enter__(self) -> QueryCounter:
        from sqlalchemy import event

        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc) -> None:
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._record)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    with app.app_context():
        engine = db.engine
    return lambda: QueryCounter(engine)
