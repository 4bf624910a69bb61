"""The load benchmark's floor app does, in each mode, the work it stands for."""

from __future__ import annotations

import importlib
import re
import sqlite3

import pytest
from flask import session
from flask_wtf.csrf import validate_csrf

SAVED = "IjBkZmY0.saved-token.0000"
PAGE = f'<html><body><form><input name="csrf_token" type="hidden" value="{SAVED}">' \
       "</form><p>lesson</p></body></html>"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture()
def floor(tmp_path, monkeypatch):
    def start(mode: str, url: str | None = None):
        page = tmp_path / "lesson.html"
        page.write_text(PAGE)
        monkeypatch.setenv("CEILING_PAGE", str(page))
        monkeypatch.setenv("FLOOR_DATABASE_URL",
                           url or f"sqlite:///{tmp_path / f'{mode}.sqlite3'}")
        monkeypatch.setenv("FLOOR_MODE", mode)
        module = importlib.reload(importlib.import_module("benchmarks.floor_app"))
        return module, tmp_path / f"{mode}.sqlite3"
    return start


def _views(database) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT count(*) FROM floor_view").fetchone()[0]


@pytest.mark.parametrize(("mode", "writes"), [("login", False), ("raw-write", True),
                                              ("orm-read", False), ("stack", True)])
def test_each_mode_signs_in_puts_a_working_token_and_writes_as_it_says(floor, mode, writes):
    module, database = floor(mode)
    client = module.app.test_client()
    first = client.get("/")
    assert first.status_code == 200
    assert "session=" in first.headers["Set-Cookie"]  # the visitor is signed in
    second = client.get("/")
    assert "Set-Cookie" not in second.headers  # ... and stays signed in from the cookie
    token = TOKEN.search(second.text).group(1)
    assert token != SAVED
    assert len(second.data) - len(PAGE) == len(token) - len(SAVED)  # only the token changed
    with client.session_transaction() as stored:
        signed_in, raw_token = stored["_user_id"], stored["csrf_token"]
    assert signed_in == "1"
    with module.app.test_request_context():
        session["csrf_token"] = raw_token
        validate_csrf(token)  # raises if the page's token would be refused
    assert _views(database) == (2 if writes else 0)


def test_an_unknown_mode_stops_the_app(floor):
    with pytest.raises(SystemExit, match="FLOOR_MODE must be one of"):
        floor("cache")


def test_raw_write_needs_sqlite(floor):
    with pytest.raises(SystemExit, match="needs a SQLite database"):
        floor("raw-write", "postgresql+psycopg://postgres@127.0.0.1:5432/unused")
