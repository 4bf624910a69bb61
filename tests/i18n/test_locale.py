"""Interface language: profile, else the visitor's choice, else Accept-Language, else default."""

from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_date
from babel.numbers import format_percent
from sqlalchemy import select

from coursehub.accounts.models import User
from coursehub.core.db import db


def html_lang(response) -> str:
    page = response.get_data(as_text=True)
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("header, expected", [
    ("es-AR,es;q=0.9,en;q=0.5", "es"), ("pt-BR,pt;q=0.9", "pt-BR"), ("pt", "pt-BR"),
    ("en-GB", "en"), ("fr-FR,de;q=0.5", "en"),
])
def test_browser_language_is_used_for_visitors(client, header, expected):
    response = client.get("/modules/", headers={"Accept-Language": header})
    assert html_lang(response) == expected


def test_site_default_when_the_browser_asks_for_nothing_we_have(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "es")
    assert html_lang(client.get("/modules/", headers={"Accept-Language": "de"})) == "es"
    assert html_lang(client.get("/modules/")) == "es"


def test_the_switcher_works_for_visitors_who_are_not_signed_in(browser):
    response = browser.post("/language", {"language": "pt_BR", "next": "/modules/"},
                            headers={"Accept-Language": "es"})
    assert response.status_code == 302 and response.headers["Location"] == "/modules/"
    page = browser.get("/modules/", headers={"Accept-Language": "es"})
    assert html_lang(page) == "pt-BR" and "Pular para o conte" in page.get_data(as_text=True)
    browser.post("/language", {"language": "xx", "next": "/modules/"})  # unknown: ignored
    assert html_lang(browser.get("/modules/")) == "pt-BR"


def test_profile_language_beats_the_browser_and_is_saved_by_the_switcher(app, signed_in):
    assert html_lang(signed_in.get("/modules/", headers={"Accept-Language": "en"})) == "en"
    signed_in.post("/language", {"language": "es", "next": "/modules/"})
    with app.app_context():
        assert db.session.scalar(select(User.locale)) == "es"
    assert html_lang(signed_in.get("/my-learning", headers={"Accept-Language": "pt-BR"})) == "es"


@pytest.mark.parametrize("language", ["en", "es", "pt_BR"])
def test_dates_and_percentages_are_formatted_for_the_locale(signed_in, sample_module, language):
    from tests.quizzes.test_attempts import submit_quiz

    signed_in.post("/language", {"language": language, "next": "/"})
    module = signed_in.get("/modules/sample-module").get_data(as_text=True)
    assert format_date(date(2026, 11, 20), locale=language) in module
    response = submit_quiz(signed_in, {"q-https-port": "1", "q-subscriber-request": ["0", "2"],
                                       "q-ip-is-website": "0"})
    result = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert format_percent(1 / 3, locale=language) in result  # 33 %, 33%
    assert format_percent(0.7, locale=language) in result  # the pass mark
