"""Hot paths: stored lesson HTML, ETags and 304 Not Modified."""

import re

import markdown
import pytest
from sqlalchemy import func, select

from coursehub.core.db import db
from coursehub.learning.models import LessonEvent
from tests.conftest import PASSWORD

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
