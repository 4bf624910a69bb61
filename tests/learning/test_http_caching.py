"""Hot paths: stored lesson HTML, ETags and 304 Not Modified."""

import re

import markdown
import pytest
from flask import template_rendered
from flask_wtf.csrf import generate_csrf
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import func, select

from coursehub.core import caching
from coursehub.core.db import db
from coursehub.learning.models import LessonEvent
from tests.conftest import _CSRF, PASSWORD

MODULE = "/modules/sample-module"
LESSON = f"{MODULE}/lessons/ports"


def _fail(*args, **kwargs):
    raise AssertionError("Markdown was rendered during a request")


def test_lessons_are_served_from_their_stored_rendering(signed_in, sample_module, monkeypatch):
    monkeypatch.setattr("coursehub.core.markdown.render_markdown", _fail)
    monkeypatch.setattr("coursehub.core.markdown.render_inline", _fail)
    monkeypatch.setattr(markdown.Markdown, "convert", _fail)
    response = signed_in.get(LESSON)
    assert response.status_code == 200
    assert "<h1>Ports</h1>" in response.get_data(as_text=True)
    assert signed_in.get(f"{MODULE}/quiz").status_code == 200


def test_lesson_page_answers_304_while_nothing_it_shows_changed(app, signed_in, sample_module):
    first = signed_in.get(LESSON)
    etag = first.headers["ETag"]
    assert etag.startswith('W/"') and first.headers["Cache-Control"] == "private, no-cache"

    again = signed_in.get(LESSON, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    with app.app_context():  # the visit is a learning record even when nothing is sent
        assert db.session.scalar(select(func.count()).select_from(LessonEvent)) == 2

    signed_in.post(f"{LESSON}/complete")  # progress changes what the page shows
    after = signed_in.get(LESSON, headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag
    assert "You finished this lesson." in after.get_data(as_text=True)

    spanish = signed_in.get(LESSON + "?lang=es", headers={"If-None-Match": after.headers["ETag"]})
    assert spanish.status_code == 200 and spanish.headers["ETag"] != after.headers["ETag"]


def test_another_learners_etag_never_matches(signed_in, make_user, make_browser, sample_module):
    etag = signed_in.get(LESSON).headers["ETag"]
    make_user("other@example.org")
    other = make_browser()
    other.login("other@example.org", PASSWORD)
    response = other.get(LESSON, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag


def test_pending_messages_are_never_hidden_by_a_304(signed_in, sample_module):
    etag = signed_in.get(LESSON).headers["ETag"]
    with signed_in.client.session_transaction() as session:
        session["_flashes"] = [("info", "Something to read")]
    response = signed_in.get(LESSON, headers={"If-None-Match": etag})
    assert response.status_code == 200 and "Something to read" in response.get_data(as_text=True)
    assert "ETag" not in response.headers


def test_module_page_for_visitors_revalidates_until_a_new_version(app, client, sample_module,
                                                                   module_copy):
    from tests.conftest import import_folder

    first = client.get(MODULE)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and first.headers["Cache-Control"] == "private, no-cache"
    assert client.get(MODULE, headers={"If-None-Match": etag}).status_code == 304

    lesson = module_copy / "en" / "01-ports.md"
    lesson.write_text(lesson.read_text().replace("# Ports", "# Ports and sockets", 1))
    import_folder(app, module_copy)
    changed = client.get(MODULE, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "Ports and sockets" in changed.get_data(as_text=True)


@pytest.fixture
def asset_url(signed_in, sample_module) -> str:
    page = signed_in.get(LESSON).get_data(as_text=True)
    return re.search(r'src="(/assets/[0-9a-f]{64}\.svg)"', page).group(1)


def test_assets_are_immutable_with_their_hash_as_etag(client, asset_url):
    sha = asset_url.rsplit("/", 1)[1].split(".")[0]
    first = client.get(asset_url)
    assert first.status_code == 200 and first.headers["ETag"] == f'"{sha}"'
    assert first.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    again = client.get(asset_url, headers={"If-None-Match": f'"{sha}"'})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    other = client.get(asset_url, headers={"If-None-Match": '"' + "0" * 64 + '"'})
    assert other.status_code == 200 and other.get_data() == first.get_data()


def test_an_asset_revalidation_needs_no_database(client, asset_url, count_queries):
    sha = asset_url.rsplit("/", 1)[1].split(".")[0]
    with count_queries() as queries:
        response = client.get(asset_url, headers={"If-None-Match": f'W/"x", "{sha}"'})
    assert response.status_code == 304 and queries.count == 0, queries.statements


def _tokens(page: str) -> set[str]:
    return set(_CSRF.findall(page))


def test_a_lesson_page_is_rendered_once_and_each_learner_gets_their_own_token(
        app, signed_in, make_user, make_browser, sample_module):
    rendered = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    make_user("other@example.org")
    other = make_browser()
    other.login("other@example.org", PASSWORD)
    with template_rendered.connected_to(record, app):
        mine = signed_in.get(LESSON).get_data(as_text=True)
        theirs = other.get(LESSON).get_data(as_text=True)
    assert rendered.count("learning/lesson.html") <= 1  # the second visit renders nothing

    [my_token], [their_token] = _tokens(mine), _tokens(theirs)
    assert my_token != their_token
    assert mine.replace(my_token, "") == theirs.replace(their_token, "")
    # The token on the shared page is the visitor's own: it is accepted, another's is not.
    done = other.client.post(f"{LESSON}/complete", data={"csrf_token": their_token})
    assert done.status_code == 302
    refused = other.client.post(f"{LESSON}/complete", data={"csrf_token": my_token})
    assert refused.status_code == 400


def test_a_shared_lesson_page_follows_the_visitors_role_language_and_progress(
        signed_in, make_user, make_browser, sample_module):
    make_user("admin@example.org", role="admin")
    admin = make_browser()
    admin.login("admin@example.org", PASSWORD)
    assert 'href="/admin/' in admin.get(LESSON).get_data(as_text=True)
    learner_page = signed_in.get(LESSON).get_data(as_text=True)
    assert 'href="/admin/' not in learner_page
    assert "You finished this lesson." not in learner_page

    signed_in.post(f"{LESSON}/complete")
    assert "You finished this lesson." in signed_in.get(LESSON).get_data(as_text=True)
    assert "You finished this lesson." not in admin.get(LESSON).get_data(as_text=True)

    signed_in.post("/language", {"language": "es", "next": LESSON})
    spanish = signed_in.get(LESSON).get_data(as_text=True)
    assert "Ir al contenido principal" in spanish and "Skip to main content" not in spanish


def test_a_page_whose_templates_write_the_real_token_is_never_kept(app):
    templates = {
        "token-macro.html": "{% macro token() %}{{ csrf_token() }}{% endmacro %}",
        "page.html": '{% from "token-macro.html" import token %}<p>{{ token() }}</p>',
    }
    original = app.jinja_env.loader
    app.jinja_env.loader = ChoiceLoader([DictLoader(templates), original])
    try:
        with app.test_request_context("/page"):
            html = caching.render_shared("page.html", ("page",))
            assert html == f"<p>{generate_csrf()}</p>"
            again = caching.render_shared("page.html", ("page",))
        assert again == html
        assert not any(key[0] == "page.html" for key in caching.shared_pages)
    finally:
        app.jinja_env.loader = original
        app.jinja_env.cache.clear()
