"""Confirmation, password reset, rate limits, privacy: the security-relevant flows."""

import json

import pytest
from sqlalchemy import func, select

from coursehub.accounts.models import User
from coursehub.admin.models import AuditEntry
from coursehub.core.db import db
from coursehub.core.mail import outbox
from coursehub.credentials.models import BadgeAward
from coursehub.learning.models import LessonProgress
from coursehub.quizzes.models import QuizAttempt
from tests.conftest import PASSWORD, last_link, path_of
from tests.quizzes.test_attempts import ALL_RIGHT, submit_quiz

NEW = {"name": "Ana Juez", "email": "ana@example.org", "password": "una frase bastante larga",
       "confirm": "una frase bastante larga", "organisation": "Poder Judicial",
       "country": "CL", "justice_role": "judge"}


def test_an_unconfirmed_account_cannot_sign_in_until_the_link_is_used(app, browser):
    browser.post("/register", NEW)
    response = browser.post("/login", {"email": NEW["email"], "password": NEW["password"]})
    assert response.headers["Location"] == "/login"
    page = browser.get("/login").get_data(as_text=True)
    assert "Please confirm your address first" in page
    assert len(outbox(app)) == 2  # a fresh link was sent
    browser.get(path_of(last_link(app, NEW["email"])))
    assert browser.get("/my-learning").status_code == 200


def test_a_tampered_confirmation_link_is_refused(app, browser):
    browser.post("/register", NEW)
    link = path_of(last_link(app, NEW["email"]))
    response = browser.get(link[:-3] + "abc")
    assert response.headers["Location"] == "/login"
    assert browser.get("/my-learning").status_code == 302


def test_password_reset_is_single_use_and_signs_out_other_sessions(app, browser, learner,
                                                                   make_browser):
    other = make_browser()
    other.login(learner, PASSWORD)
    page = browser.post("/password/forgot", {"email": learner}).get_data(as_text=True)
    assert "If learner@example.org has a CourseHub account" in page
    link = path_of(last_link(app, learner))
    new = {"password": "a completely new phrase", "confirm": "a completely new phrase"}
    assert browser.post(link, new).headers["Location"] == "/my-learning"
    assert other.get("/my-learning").status_code == 302  # the other session is gone
    again = browser.post(link, {**new, "password": "yet another new phrase",
                                "confirm": "yet another new phrase"})
    assert again.headers["Location"] == "/password/forgot"  # used once only
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == learner)) \
            .check_password("a completely new phrase")


def test_forgot_password_answers_the_same_for_unknown_addresses(app, browser, learner):
    import re

    def page(email):
        text = browser.post("/password/forgot", {"email": email}).get_data(as_text=True)
        return re.sub(r'name="csrf_token" value="[^"]+"', "CSRF", text.replace(email, "X"))

    assert page(learner) == page("ghost@example.org")
    assert [m.to for m in outbox(app)] == [learner]


def test_login_is_rate_limited_per_address(app, browser, learner, limits_on):
    codes = [browser.post("/login", {"email": learner, "password": f"wrong guess {n}"})
             .status_code for n in range(7)]
    assert codes[:5] == [200] * 5 and codes[5:] == [429, 429]


def test_common_or_short_passwords_are_refused_everywhere(signed_in):
    page = signed_in.post("/account/password", {
        "current": PASSWORD, "password": "qwertyuiop12", "confirm": "qwertyuiop12"})
    assert page.status_code == 400
    assert "This password is too common" in page.get_data(as_text=True)


def test_changing_the_password_needs_the_current_one(signed_in):
    page = signed_in.post("/account/password", {
        "current": "not my password", "password": "a fine new phrase", "confirm":
        "a fine new phrase"})
    assert "This is not your current password." in page.get_data(as_text=True)


def test_download_my_data(app, signed_in, sample_module):
    signed_in.get("/modules/sample-module/lessons/ports")
    submit_quiz(signed_in, ALL_RIGHT)
    response = signed_in.get("/account/data.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.get_data(as_text=True))
    assert data["profile"]["email"] == "learner@example.org"
    assert data["lesson_events"][0] == {**data["lesson_events"][0], "module": "sample-module",
                                        "lesson": "ports", "kind": "viewed"}
    assert data["quiz_attempts"][0]["score"] == 100
    assert {r["question"] for r in data["quiz_attempts"][0]["responses"]} == \
        {"https-port", "subscriber-request", "ip-is-website"}


def test_deleting_the_account_removes_identity_and_keeps_totals(app, signed_in, sample_module):
    for key in ("ports", "logs"):
        signed_in.post(f"/modules/sample-module/lessons/{key}/complete")
    submit_quiz(signed_in, ALL_RIGHT)
    refused = signed_in.post("/account/delete", {"password": "wrong password"})
    assert refused.status_code == 400
    signed_in.post("/account/delete", {"password": PASSWORD})
    assert signed_in.get("/my-learning").status_code == 302
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        assert user.email.endswith("@coursehub.invalid") and "Lucía" not in user.name
        assert user.anonymised_at is not None and user.country == "UY"
        for model in (LessonProgress, QuizAttempt, BadgeAward):
            assert db.session.scalar(select(func.count()).select_from(model)) >= 1
        entry = db.session.scalars(select(AuditEntry)).one()
        assert entry.action == "user_deletion" and entry.target_id == str(user.id)
        code = db.session.scalars(select(BadgeAward.code)).one()
    public = signed_in.get(f"/badges/{code}").get_data(as_text=True)
    assert "Lucía" not in public
    login = signed_in.post("/login", {"email": "learner@example.org", "password": PASSWORD})
    assert "Email or password is not correct." in login.get_data(as_text=True)


@pytest.mark.parametrize("header, value", [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
])
def test_security_headers(client, header, value):
    assert client.get("/modules/").headers[header] == value


def test_content_security_policy_forbids_inline_code_and_framing(client):
    policy = client.get("/modules/").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/modules/").headers
    secure = client.get("/modules/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_session_cookie_flags(browser, learner):
    response = browser.login(learner, PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_cookies_are_secure_when_served_over_https(monkeypatch, database_url):
    from coursehub import create_app

    monkeypatch.setenv("COURSEHUB_BASE_URL", "https://training.example.org")
    secure = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x"})
    assert secure.config["SESSION_COOKIE_SECURE"] and secure.config["REMEMBER_COOKIE_SECURE"]
    monkeypatch.setenv("COURSEHUB_BASE_URL", "http://127.0.0.1:5000")
    plain = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x"})
    assert not plain.config["SESSION_COOKIE_SECURE"]


def test_reset_requests_are_limited_per_address(app, browser, learner, limits_on):
    codes = [browser.post("/password/forgot", {"email": learner}).status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert len(outbox(app)) == 3  # no mail flood


def test_limits_are_shared_through_redis(database_url):
    """With Redis storage, every app process counts against the same limit."""
    import redis

    from coursehub import create_app
    from coursehub.extensions import limiter
    from tests.conftest import Browser

    client = redis.Redis.from_url("redis://127.0.0.1:6379/15")
    client.flushdb()
    base = {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x",
            "MAIL_BACKEND": "memory", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}
    app = create_app({**base, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15"})
    try:
        browser = Browser(app.test_client())
        codes = [browser.post("/login", {"email": "x@example.org", "password": "guess"})
                 .status_code for _ in range(6)]
        keys = client.keys("LIMITS*")
    finally:
        client.flushdb()
        create_app(base)  # the shared limiter goes back to in-memory storage
        limiter.reset()
    assert codes == [200] * 5 + [429] and keys, "the counters must live in Redis"
