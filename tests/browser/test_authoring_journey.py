"""An instructor builds and publishes a module in the browser; a learner takes it;
republishing leaves the earlier attempt on its version (headless Chromium)."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.quizzes.rich_quiz import RICH_QUIZ

pytestmark = pytest.mark.browser

LESSON = """# Reading an RDAP answer

An RDAP response is **JSON**. Look for the `entities` with the role *registrar*.

| field | meaning |
|-------|---------|
| ldhName | the domain |
"""


def sign_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def edit(page, slug: str, path: str, text: str) -> None:
    page.goto(f"/authoring/{slug}")
    page.get_by_role("link", name=path, exact=True).click()
    expect(page.get_by_role("heading", name=f"Editing {path}")).to_be_visible()
    page.get_by_label("Markdown").fill(text)


def answer_everything(page) -> None:
    page.get_by_label("443", exact=True).check()
    page.get_by_label("The public IP address").check()
    page.get_by_label("The source port").check()
    page.get_by_label("False", exact=True).check()
    page.locator("#q-capital-city").fill("LIMA")
    page.locator("#q-dns-port").fill("53")
    for left, right in (("A", "An IPv4 address"), ("MX", "A mail server"),
                        ("NS", "A name server")):
        page.get_by_label(left, exact=True).select_option(label=right)
    steps = ["The browser asks the resolver", "The resolver asks a root server",
             "The root refers it to the .org servers", "The answer reaches the browser"]
    for position, step in enumerate(steps, start=1):
        page.get_by_label(f"Position of: {step}").select_option(str(position))
    page.get_by_label("Example Registrar LLC").check()


def test_instructor_authors_and_publishes_learner_takes_it(chromium, live_url, page,
                                                            make_user):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    make_user("teacher@example.org", "instructor", "Teresa Teacher")
    make_user("student@example.org", "learner", "Sergio Student")

    sign_in(page, "teacher@example.org")
    page.get_by_role("link", name="Authoring").click()
    page.get_by_role("link", name="Create a module").click()
    page.get_by_label("Address (slug)").fill("rdap-reading")
    page.get_by_label("Title").fill("Reading RDAP")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_text("Module created.")).to_be_visible()

    # the lesson, with the live preview (the same sanitising pipeline as learners see)
    edit(page, "rdap-reading", "en/01-introduction.md", LESSON)
    preview = page.locator("#preview")
    expect(preview.get_by_role("heading", name="Reading an RDAP answer")).to_be_visible()
    expect(preview.locator("strong")).to_have_text("JSON")
    expect(preview.locator("table")).to_be_visible()
    page.get_by_label("Markdown").fill(LESSON + "\n![](figures/missing.svg)\n")
    expect(page.locator("#problems")).to_contain_text("Line 9:")
    page.get_by_label("Markdown").fill(LESSON)
    expect(page.locator("#problems")).to_contain_text("No problems in this file.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Saved en/01-introduction.md.")).to_be_visible()

    # one question of every type
    edit(page, "rdap-reading", "en/quiz.md", RICH_QUIZ)
    expect(page.locator("#problems")).to_contain_text("No problems in this file.")
    expect(preview.locator("pre.artefact span.nt").first).to_be_visible()
    page.get_by_role("button", name="Save draft").click()
    page.goto("/authoring/rdap-reading")
    expect(page.get_by_text("The draft is valid and can be published.")).to_be_visible()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Published version 1.")).to_be_visible()

    # a learner takes it
    learner_context = chromium.new_context(base_url=live_url, locale="en-US")
    learner = learner_context.new_page()
    learner.set_default_timeout(10_000)
    try:
        sign_in(learner, "student@example.org")
        learner.goto("/modules/")
        learner.get_by_role("link", name="Reading RDAP").click()
        learner.get_by_role("link", name="Start the module").click()
        expect(learner.locator("article table")).to_be_visible()
        learner.get_by_role("button", name="Done, go to the quiz").click()
        expect(learner.locator("pre.artefact")).to_contain_text("Example Registrar LLC")
        answer_everything(learner)
        learner.get_by_role("button", name="Submit answers").click()
        expect(learner.get_by_role("heading", level=1)).to_contain_text("Your result: 100")
        first_result = learner.url

        # the instructor changes a question and republishes
        edit(page, "rdap-reading", "en/quiz.md", RICH_QUIZ.replace(
            "Which port does HTTPS normally use?", "Which TCP port does HTTPS use by default?"))
        page.get_by_role("button", name="Save draft").click()
        page.goto("/authoring/rdap-reading")
        page.get_by_role("button", name="Publish", exact=True).click()
        expect(page.get_by_text("Published version 2.")).to_be_visible()
        rows = page.locator("table.data tbody tr")
        expect(rows.nth(0).locator("td").nth(0)).to_have_text("2")
        expect(rows.nth(1).locator("td").nth(2)).to_have_text("1")  # the attempt on v1
        expect(page.get_by_text("teacher@example.org · publish version 2")).to_be_visible()

        learner.goto(first_result)
        expect(learner.get_by_text("Which port does HTTPS normally use?")).to_be_visible()
        expect(learner.get_by_role("heading", level=1)).to_contain_text("Your result: 100")
        learner.goto("/modules/rdap-reading/quiz")
        expect(learner.get_by_text("Which TCP port does HTTPS use by default?")).to_be_visible()
    finally:
        learner_context.close()
    assert errors == []
