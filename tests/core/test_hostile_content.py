"""No script-capable markup survives any content path (issue: hostile content)."""

import re

import pytest

from coursehub.content.validator import validate_module
from coursehub.core.markdown import render_inline, render_markdown
from tests.conftest import import_folder
from tests.core.hostile import (
    is_image_vector,
    load_vectors,
    unsafe_markup,
    write_hostile_module,
)

VECTORS = load_vectors()


def test_the_corpus_has_at_least_100_vectors():
    assert len(VECTORS) >= 100


def test_the_inspector_catches_what_it_should():
    assert unsafe_markup('<p onclick="x">a</p><a href="javascript:x">b</a><script>x</script>')
    assert unsafe_markup('<a href=" JaVa\tScript:x">b</a>')
    assert not unsafe_markup('<p><a href="https://example.org">ok</a><code>&lt;script&gt;</code>')


@pytest.mark.parametrize("vector", VECTORS)
def test_renderer_neutralises_vector(vector):
    assert unsafe_markup(str(render_markdown(vector))) == []
    assert unsafe_markup(str(render_inline(vector))) == []


def test_image_vectors_are_refused_by_the_validator(tmp_path):
    folder = write_hostile_module(tmp_path, VECTORS)
    lesson = folder / "en" / "01-all.md"
    images = [v for v in VECTORS if is_image_vector(v)]
    assert images
    lesson.write_text(lesson.read_text() + "\n\n" + "\n\n".join(images) + "\n")
    problems = [str(p) for p in validate_module(folder).problems]
    assert len([p for p in problems if "01-all.md" in p and "figures/ folder" in p]) == \
        len(images)


@pytest.fixture
def hostile_module(app, tmp_path):
    folder = write_hostile_module(tmp_path, VECTORS)
    import_folder(app, folder)
    return "hostile"


def hostile_pages(browser) -> dict[str, str]:
    pages = {}
    for url in ("/modules/", "/modules/hostile", "/modules/hostile/lessons/all",
                "/modules/hostile/lessons/title", "/modules/hostile/quiz", "/my-learning"):
        response = browser.get(url)
        assert response.status_code == 200, url
        pages[url] = response.get_data(as_text=True)
    quiz = pages["/modules/hostile/quiz"]
    ticket = re.search(r'name="ticket" value="([^"]+)"', quiz).group(1)
    keys = set(re.findall(r'name="q-(v\d+)"', quiz))
    result = browser.post("/modules/hostile/quiz", {"ticket": ticket,
                                                    **{f"q-{k}": "0" for k in keys}})
    pages["result"] = browser.get(result.headers["Location"]).get_data(as_text=True)
    return pages


def test_every_page_of_a_hostile_module_is_safe(signed_in, hostile_module):
    pages = hostile_pages(signed_in)
    for url, html in pages.items():
        assert unsafe_markup(html) == [], url
    # The title was shown as text, escaped, not dropped.
    assert "&lt;script&gt;window.__xss=1;alert(1)&lt;/script&gt;" in pages["/modules/hostile"]
    # Every question was reviewed on the results page (none lost to the vectors).
    assert pages["result"].count('class="question-review') == \
        len([v for v in VECTORS if not is_image_vector(v)])


@pytest.mark.browser
def test_no_script_runs_even_without_the_content_security_policy(
        app, chromium, live_url, signed_in, hostile_module):
    """With CSP bypassed, the sanitiser alone must stop every vector."""
    from tests.conftest import PASSWORD

    context = chromium.new_context(base_url=live_url, bypass_csp=True)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto("/login")
        page.get_by_label("Email").fill("learner@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        for url in ("/modules/", "/modules/hostile", "/modules/hostile/lessons/all",
                    "/modules/hostile/lessons/title", "/modules/hostile/quiz"):
            page.goto(url)
            page.mouse.move(5, 5)
            page.mouse.move(400, 300)
            page.keyboard.press("Tab")
            page.wait_for_timeout(150)
            assert page.evaluate("typeof window.__xss") == "undefined", url
        page.goto("/modules/hostile/quiz")
        for radio in page.locator('input[type="radio"][value="0"]').all():
            radio.check()
        page.get_by_role("button", name="Submit answers").click()
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__xss") == "undefined"
    finally:
        context.close()
    assert dialogs == []
