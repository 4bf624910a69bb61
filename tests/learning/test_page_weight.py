"""Every lesson of the real modules fits the first-load budget, with no third-party requests."""

from __future__ import annotations

import pytest

from benchmarks.page_weight import LESSON_BUDGET, LESSON_BUDGET_GZIP, cold_page, measure
from tests.conftest import PASSWORD, PROJECT_MODULES, import_folder

pytestmark = pytest.mark.browser


def test_every_lesson_page_is_under_budget(app, chromium, live_url, make_browser, make_user):
    from coursehub.content import queries

    for folder in sorted(p for p in PROJECT_MODULES.iterdir() if (p / "module.toml").exists()):
        import_folder(app, folder)
    make_user("weight@example.org", "learner", "Page Weight")
    client = make_browser()
    client.login("weight@example.org", PASSWORD)
    cookie = client.client.get_cookie("session").value
    with app.app_context():
        lessons = [f"/modules/{m.slug}/lessons/{key}" for m in queries.published_modules()
                   for key in m.current_version.lesson_keys]
    assert len(lessons) >= 25
    context = chromium.new_context()
    context.add_cookies([{"name": "session", "value": cookie, "url": live_url}])
    page = cold_page(context)  # cache off: every load is a first visit
    try:
        weights = [measure(page, live_url, url, settle=False) for url in lessons]
    finally:
        context.close()
    assert all(w.requests >= 2 for w in weights)  # the HTML and the stylesheet at least
    over = [(w.url, w.raw, w.gzipped) for w in weights
            if w.raw > LESSON_BUDGET or w.gzipped > LESSON_BUDGET_GZIP]
    assert over == []
    assert [u for w in weights for u in w.foreign] == []
