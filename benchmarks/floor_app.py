"""The floor of benchmarks/load.py: the least a recorded lesson view can cost on CourseHub's stack.

Like the ceiling (benchmarks/ceiling_app.py) it answers ``GET /`` with the
bytes of ``CEILING_PAGE``, but first does what any signed-in, recorded page
view must do with the stack CourseHub is built on, and nothing else: no
CourseHub code, no languages, rate limits, access rules or page rendering.
``FLOOR_MODE`` chooses how much of that it does:

- ``login``: Flask-Login signs the learner in from the session cookie (the
  learner kept in the cookie, no database), and the page gets a Flask-WTF
  CSRF token;
- ``raw-write``: ``login``, plus one row written and committed with the
  standard library's ``sqlite3``;
- ``orm-read``: Flask-Login loads the learner through Flask-SQLAlchemy (one
  SELECT), and the page gets a CSRF token;
- ``stack`` (the default): ``orm-read``, plus one row added through the
  Flask-SQLAlchemy session and committed.

The first request of each visitor signs one of 50 learners in. The database
is ``FLOOR_DATABASE_URL`` (SQLAlchemy's form; its tables ``floor_learner`` and
``floor_view`` are created here): a SQLite file is set up as CourseHub sets
it up (WAL, a busy timeout); ``raw-write`` needs SQLite.
"""

from __future__ import annotations

import itertools
import os
import re
import sqlite3
import threading
import time
from pathlib import Path

from flask import Flask, Response
from flask_login import LoginManager, UserMixin, current_user, login_user
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect, generate_csrf
from sqlalchemy import Float, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

MODES = ("login", "raw-write", "orm-read", "stack")
MODE = os.environ.get("FLOOR_MODE", "stack")
if MODE not in MODES:
    raise SystemExit(f"FLOOR_MODE must be one of {', '.join(MODES)}")
PAGE = Path(os.environ["CEILING_PAGE"]).read_bytes()
DATABASE_URL = os.environ["FLOOR_DATABASE_URL"]
SQLITE = DATABASE_URL.startswith("sqlite:///")
if MODE == "raw-write" and not SQLITE:
    raise SystemExit("FLOOR_MODE raw-write writes with sqlite3: it needs a SQLite database")
LEARNERS = 50
# The saved lesson page carries a CSRF token: each response puts its own in its place.
_SAVED_TOKEN = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', PAGE)

app = Flask(__name__)
app.config.update(SECRET_KEY=os.environ.get("SECRET_KEY", "floor"),
                  SQLALCHEMY_DATABASE_URI=DATABASE_URL)
db = SQLAlchemy(app)
CSRFProtect(app)
login_manager = LoginManager(app)


class Learner(db.Model, UserMixin):
    __tablename__ = "floor_learner"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class View(db.Model):
    __tablename__ = "floor_view"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[float] = mapped_column(Float)


class CookieLearner(UserMixin):
    """A learner known from the session cookie alone (``login`` and ``raw-write``)."""

    def __init__(self, id_: int) -> None:
        self.id = id_


with app.app_context():
    if SQLITE:
        @event.listens_for(db.engine, "connect")
        def _pragmas(connection, _record) -> None:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA busy_timeout=10000")

    db.create_all()
    if not db.session.query(Learner).count():
        db.session.add_all(Learner(id=n, name=f"Learner {n}") for n in range(1, LEARNERS + 1))
        db.session.commit()
    db.engine.dispose()

ORM = MODE in ("orm-read", "stack")
_next_learner = itertools.count()
_local = threading.local()


@login_manager.user_loader
def load_learner(learner_id: str) -> Learner | CookieLearner | None:
    return db.session.get(Learner, int(learner_id)) if ORM else CookieLearner(int(learner_id))


def _raw_connection() -> sqlite3.Connection:
    connection = getattr(_local, "connection", None)
    if connection is None:
        path = DATABASE_URL.removeprefix("sqlite:///")
        connection = _local.connection = sqlite3.connect(path, timeout=10,
                                                         isolation_level=None)
        connection.execute("PRAGMA synchronous=NORMAL")
    return connection


@app.get("/")
def page() -> Response:
    if not current_user.is_authenticated:
        learner_id = next(_next_learner) % LEARNERS + 1
        login_user(db.session.get(Learner, learner_id) if ORM else CookieLearner(learner_id))
    token = generate_csrf()
    if MODE == "raw-write":
        connection = _raw_connection()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO floor_view (learner_id, at) VALUES (?, ?)",
                           (current_user.id, time.time()))
        connection.execute("COMMIT")
    elif MODE == "stack":
        db.session.add(View(learner_id=current_user.id, at=time.time()))
        db.session.commit()
    if _SAVED_TOKEN is None:
        return Response(PAGE + token.encode(), mimetype="text/html")
    start, end = _SAVED_TOKEN.span(1)
    return Response(PAGE[:start] + token.encode() + PAGE[end:], mimetype="text/html")


@app.get("/healthz")
def healthz() -> dict:
    return {"status": "ok"}
