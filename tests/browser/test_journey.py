"""The main learner journey in a real headless Chromium (system package)."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import last_link

pytestmark = pytest.mark.browser

PASSWORD = "a long enough phrase"


def register(page, email: str) -> None:
    """Register through the form, then open the confirmation link from the e-mail."""
    page.goto("/register")
    page.get_by_label("Full name").fill("Paula Fiscal")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_label("Organisation").fill("Fiscalía General")
    page.get_by_label("Country").select_option("UY")
    page.get_by_label("Role in the justice system").select_option("prosecutor")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    page.goto(last_link(page.context.coursehub_app, email))
    expect(page.get_by_text("Welcome, Paula Fiscal.")).to_be_visible()


def fill_quiz(page, correct: bool) -> None:
    page.get_by_label("443" if correct else "80", exact=True).check()
    for label in ("The public IP address", "The source port", "The exact time with time zone"):
        page.get_by_label(label).check()
    page.get_by_label("False" if correct else "True", exact=True).check()


def answer_quiz(page, correct: bool) -> None:
    fill_quiz(page, correct)
    page.get_by_role("button", name="Submit answers").click()


def test_register_learn_fail_pass_badge_logout(page, sample_module):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    register(page, "paula@example.org")
    page.get_by_role("link", name="Ports and logs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ports and logs")
    page.get_by_role("link", name="Start the module").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ports")
    expect(page.locator("article img")).to_have_attribute("alt", re.compile("source port"))
    page.get_by_role("button", name="Done, next lesson").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logs")
    page.get_by_role("button", name="Done, go to the quiz").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Quiz: Ports and logs")
    answer_quiz(page, correct=False)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result: 33%")
    expect(page.get_by_text("You did not pass this time.")).to_be_visible()
    expect(page.get_by_text("Port 80 is plain HTTP.")).to_be_visible()
    page.get_by_role("link", name="Try again").click()
    answer_quiz(page, correct=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result: 100%")
    expect(page.get_by_text("You completed this module and earned its badge.")).to_be_visible()

    page.get_by_role("link", name="See it in My learning").click()
    expect(page.get_by_role("heading", name="My badges")).to_be_visible()
    badge_link = page.get_by_role("link", name="Public badge page")
    badge_url = badge_link.get_attribute("href")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()

    page.goto(badge_url)  # public: no sign-in needed
    expect(page.get_by_text("This badge is valid.")).to_be_visible()
    expect(page.get_by_text("Paula Fiscal", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Ports and logs")).to_be_visible()
    page.goto("/my-learning")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    assert errors == []


def test_unanswered_questions_are_flagged_before_submitting(page, sample_module):
    register(page, "partial@example.org")
    page.goto("/modules/sample-module/quiz")
    page.get_by_label("443", exact=True).check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quiz: Ports and logs")
    invalid = page.locator("input:invalid").first
    assert invalid.get_attribute("name") == "q-ip-is-website"


def test_the_quiz_works_with_javascript_disabled(app, chromium, live_url, sample_module):
    context = chromium.new_context(base_url=live_url, java_script_enabled=False)
    context.coursehub_app = app
    page = context.new_page()
    try:
        register(page, "nojs@example.org")
        page.goto("/modules/sample-module/quiz")
        answer_quiz(page, correct=True)
        expect(page.get_by_role("heading", level=1)).to_have_text("Your result: 100%")
        expect(page.get_by_text("You passed.")).to_be_visible()
    finally:
        context.close()


def test_the_same_attempt_submitted_twice_counts_once(page, sample_module):
    register(page, "twice@example.org")
    page.goto("/modules/sample-module/quiz")
    fill_quiz(page, correct=True)
    form = page.locator("form.quiz")
    fields = form.evaluate("f => Object.fromEntries(new FormData(f).entries())")
    form.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your result")
    first = page.url
    # The same form sent again by this browser (double click, flaky connection, resend).
    replay = page.request.post("/modules/sample-module/quiz", form=fields)
    assert replay.url == first
    page.goto("/modules/sample-module/quiz")
    page.get_by_text("Your earlier attempts").click()
    expect(page.locator("details li")).to_have_count(1)
