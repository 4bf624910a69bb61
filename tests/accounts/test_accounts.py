"""Registration, sign-in, sign-out, passwords and CSRF."""

import re

from sqlalchemy import select

from coursehub.accounts.models import User
from coursehub.core.db import db
from tests.conftest import PASSWORD, last_link, path_of

VALID = {
    "name": "María Gómez", "email": "Maria@Example.org", "password": "a long enough phrase",
    "confirm": "a long enough phrase", "organisation": "Fiscalía General", "country": "UY",
    "justice_role": "prosecutor",
}


def test_registration_creates_a_learner_with_a_hashed_password(app, browser):
    response = browser.post("/register", VALID)
    assert response.status_code == 200
    assert "We have sent a message to Maria@Example.org." in response.get_data(as_text=True)
    link = last_link(app, "maria@example.org")
    confirmed = browser.get(path_of(link))
    assert confirmed.status_code == 302 and confirmed.headers["Location"] == "/modules/"
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        assert (user.email, user.role, user.justice_role, user.country) == \
            ("maria@example.org", "learner", "prosecutor", "UY")
        assert user.organisation_name == "Fiscalía General"
        assert "a long enough phrase" not in user.password_hash
        assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))
    assert "María Gómez" in browser.get("/modules/").get_data(as_text=True)


def test_registration_cannot_choose_a_privileged_role(app, browser):
    browser.post("/register", {**VALID, "role": "admin"})
    with app.app_context():
        assert db.session.scalars(select(User)).one().role == "learner"


def test_registration_errors_are_clear_and_keep_the_input(browser):
    page = browser.post("/register", {**VALID, "password": "short", "confirm": "other",
                                      "country": ""}).get_data(as_text=True)
    assert "Please correct the highlighted fields." in page
    assert "Use at least 12 characters." in page
    assert "The passwords differ." in page
    assert 'value="María Gómez"' in page  # nothing typed is lost
    assert 'aria-describedby="password-hint password-error"' in page


def test_common_passwords_are_refused(browser):
    page = browser.post("/register", {**VALID, "password": "password1234",
                                      "confirm": "password1234"}).get_data(as_text=True)
    assert "This password is too common" in page


def test_registering_an_existing_address_reveals_nothing(app, browser, learner):
    fresh = browser.post("/register", {**VALID, "email": "new@example.org"})
    taken = browser.post("/register", {**VALID, "email": "LEARNER@example.org"})
    assert fresh.status_code == taken.status_code == 200
    def normalise(response, email):
        page = response.get_data(as_text=True).replace(email, "EMAIL")
        return re.sub(r'name="csrf_token" value="[^"]+"', "CSRF", page)

    assert normalise(fresh, "new@example.org") == normalise(taken, "LEARNER@example.org")
    from coursehub.core.mail import outbox
    subjects = {m.to: m.subject for m in outbox(app)}
    assert subjects == {"new@example.org": "Confirm your CourseHub account",
                        "learner@example.org": "You already have a CourseHub account"}
    with app.app_context():  # the existing account is untouched
        user = db.session.scalar(select(User).where(User.email == learner))
        assert user.name == "Lucía Pérez" and user.check_password(PASSWORD)


def test_login_logout_and_wrong_password(browser, learner):
    wrong = browser.post("/login", {"email": learner, "password": "not the password"})
    assert wrong.status_code == 200
    assert "Email or password is not correct." in wrong.get_data(as_text=True)
    unknown = browser.post("/login", {"email": "nobody@example.org", "password": "x" * 12})
    assert "Email or password is not correct." in unknown.get_data(as_text=True)
    assert browser.login(learner, PASSWORD).headers["Location"] == "/my-learning"
    assert browser.get("/my-learning").status_code == 200
    browser.logout()
    assert browser.get("/my-learning").status_code == 302


def test_login_redirects_only_to_local_pages(browser, learner):
    token = browser.csrf_token()
    response = browser.client.post("/login?next=https://evil.example.net/",
                                   data={"email": learner, "password": PASSWORD,
                                         "csrf_token": token})
    assert response.headers["Location"] == "/my-learning"


def test_every_form_requires_a_csrf_token(client, learner, sample_module):
    for url, data in [("/login", {"email": learner, "password": PASSWORD}),
                      ("/register", VALID), ("/language", {"language": "es"})]:
        response = client.post(url, data=data)
        assert response.status_code == 400, url


def test_changing_the_password_signs_out_other_sessions(app, browser, learner, make_browser):
    browser.login(learner, PASSWORD)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == learner))
        user.set_password("a brand new passphrase")
        db.session.commit()
    assert browser.get("/my-learning").status_code == 302


def test_forms_render_labels_for_every_input(client):
    page = client.get("/register").get_data(as_text=True)
    for tag in re.findall(r'<(?:input|select)\b[^>]*>', page):
        if 'type="hidden"' in tag or 'type="submit"' in tag:
            continue
        field_id = re.search(r'\bid="([^"]+)"', tag).group(1)
        assert f'for="{field_id}"' in page, field_id
