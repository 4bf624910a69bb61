"""Every page passes axe-core (WCAG 2.1 A/AA and best practices) in every language."""

from __future__ import annotations

import pytest

from tests.a11y.axe import describe, run_axe
from tests.a11y.site import LANGUAGES, all_pages, set_profile_language

pytestmark = pytest.mark.browser


def _check(context, url: str, language: str, signed_in: bool) -> tuple[str, list[str]]:
    """Load ``url`` (or, for a download, its HTML) and return (status, problems)."""
    response = context.request.get(url, max_redirects=5)
    kind = response.headers.get("content-type", "")
    if response.status >= 500:
        return "error", [f"{url}: HTTP {response.status}"]
    if signed_in and "/login" in response.url and not url.startswith("/login"):
        return "error", [f"{url}: sent to sign in although signed in"]
    if not kind.startswith("text/html"):
        return "skipped", []
    page = context.pages[0] if context.pages else context.new_page()
    if "attachment" in response.headers.get("content-disposition", ""):
        page.set_content(response.text())  # a downloaded page, opened from disk
    else:
        page.goto(url)
    problems = describe(url, run_axe(page))
    lang = page.evaluate("document.documentElement.lang")
    if lang != language.replace("_", "-"):
        problems.append(f"{url}: <html lang={lang!r}>, expected {language}")
    return "checked", problems


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_page_has_no_axe_violations(app, site, contexts, language):
    set_profile_language(app, language)
    opened = contexts(language)
    checked, problems = [], []
    for target in all_pages(app, site):
        status, found = _check(opened[target.role], target.url, language,
                               target.role != "anonymous")
        problems += found
        if status == "checked":
            checked.append(target.url)
    print(language, len(checked), "pages checked:", checked)
    assert problems == [], "\n".join(problems)
    # The pages the issue names are all among those checked.
    for expected in ("/modules/", "/my-learning", "/modules/sample-module/quiz",
                     f"/modules/sample-module/quiz/attempts/{site.failed_attempt}",
                     f"/badges/{site.badge_code}", "/modules/sample-module/offline",
                     "/modules/english-only/lessons/ports", "/login", "/reports/", "/authoring/",
                     "/verify"):
        assert expected in checked, (expected, checked)
