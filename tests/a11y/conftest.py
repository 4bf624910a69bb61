"""Fixtures for the accessibility tests: a populated site and signed-in contexts."""

from __future__ import annotations

import pytest

from tests.a11y.axe import preload_axe
from tests.a11y.site import LANGUAGES, build_site


@pytest.fixture
def site(app, make_browser, make_user, tmp_path):
    return build_site(app, make_browser, make_user, tmp_path)


@pytest.fixture
def contexts(chromium, live_url, site):
    """``contexts(language)`` -> {role: BrowserContext}, signed in, axe allowed to run."""
    opened = []

    def open_for(language: str) -> dict:
        result = {}
        for role in ("anonymous", "learner", "instructor", "admin"):
            context = chromium.new_context(base_url=live_url, locale=LANGUAGES[language],
                                           bypass_csp=True)
            preload_axe(context)
            if role != "anonymous":
                context.add_cookies([{"name": "session", "value": site.cookies[role],
                                      "url": live_url}])
            opened.append(context)
            result[role] = context
        return result

    yield open_for
    for context in opened:
        context.close()
