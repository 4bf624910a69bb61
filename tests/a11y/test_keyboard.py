"""Keyboard-only use, visible focus, skip link, announced errors, language marks."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.a11y.axe import run_axe
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

FOCUS_STYLE = """() => { const el = document.activeElement; const s = getComputedStyle(el);
  return {tag: el.tagName, name: el.name || '', id: el.id || '', type: el.type || '',
          text: (el.innerText || el.value || '').trim().slice(0, 60),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; }"""


def tab_until(page, matches, limit: int = 60) -> dict:
    """Press Tab until the focused element satisfies ``matches``; every stop must show focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        assert focused["outline"], f"no visible focus indicator on {focused}"
        if matches(focused):
            return focused
    raise AssertionError("never reached the wanted element with Tab")


def test_keyboard_only_sign_in_and_quiz(page, make_user, sample_module):
    make_user("keys@example.org", "learner", "Key Board")
    page.goto("/login")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_STYLE)["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    tab_until(page, lambda f: f["name"] == "email")
    page.keyboard.type("keys@example.org")
    tab_until(page, lambda f: f["name"] == "password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")

    page.goto("/modules/sample-module")
    tab_until(page, lambda f: f["tag"] == "A" and f["text"] == "Quiz")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quiz: Ports and logs")

    # Question 1 (radio group): Tab lands on the first option; arrow keys choose 443.
    tab_until(page, lambda f: f["name"] == "q-https-port")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("443", exact=True)).to_be_checked()
    # Question 2 (checkboxes): Space ticks each right answer.
    for label in ("The public IP address", "The source port", "The exact time with time zone"):
        box = page.get_by_label(label)
        tab_until(page, lambda f, box=box: f["id"] == box.get_attribute("id"))
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    # Question 3 (true/false): into the group, then arrow to "False".
    tab_until(page, lambda f: f["name"] == "q-ip-is-website")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("False", exact=True)).to_be_checked()
    tab_until(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Submit answers")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result: 100%")
    expect(page.get_by_role("status").filter(has_text="You passed.")).to_be_visible()


def test_form_errors_are_announced_and_described(chromium, live_url):
    context = chromium.new_context(base_url=live_url, locale="en-US", bypass_csp=True)
    page = context.new_page()
    try:
        page.goto("/login")
        page.get_by_label("Email").fill("nobody@example.org")
        page.get_by_label("Password").fill("wrong password here")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_contain_text("Please correct the highlighted fields.")
        password = page.get_by_label("Password")
        expect(password).to_have_attribute("aria-invalid", "true")
        described = password.get_attribute("aria-describedby")
        expect(page.locator(f"#{described}")).to_have_text("Email or password is not correct.")
        assert run_axe(page) == []
    finally:
        context.close()


def test_content_in_another_language_is_marked(page, make_user, sample_module, app, tmp_path):
    from tests.a11y.site import ENGLISH_ONLY, english_only_copy
    from tests.conftest import import_folder

    import_folder(app, english_only_copy(tmp_path))
    make_user("lang@example.org", "learner", "Lang User")
    page.goto("/login")
    page.get_by_label("Email").fill("lang@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/modules/")
    page.get_by_label("Language").select_option("pt_BR")
    page.get_by_role("button", name="Change").click()
    page.goto(f"/modules/{ENGLISH_ONLY}/lessons/ports")
    assert page.evaluate("document.documentElement.lang") == "pt-BR"
    expect(page.locator("article.content")).to_have_attribute("lang", "en")
    expect(page.get_by_role("note")).to_contain_text("English")
    expect(page.locator("nav.breadcrumb a")).to_have_attribute("lang", "en")
    assert re.search(r"Pular para o conte", page.locator(".skip-link").inner_text())


def test_axe_reports_a_real_violation(chromium):
    """The harness is live: a page with known faults is reported."""
    context = chromium.new_context(bypass_csp=True)
    page = context.new_page()
    try:
        page.set_content('<html><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                         '<p style="color:#bbb;background:#fff">faint</p></main></body></html>')
        found = {v["id"] for v in run_axe(page)}
        assert {"image-alt", "color-contrast", "html-has-lang"} <= found
    finally:
        context.close()
