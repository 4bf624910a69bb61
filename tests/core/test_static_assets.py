"""Static files: fingerprinted URLs, long cache lifetimes, no third-party requests."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from coursehub.core.assets import IMMUTABLE

STATIC = Path(__file__).resolve().parents[2] / "coursehub" / "static"


def test_static_urls_carry_a_content_hash(client):
    page = client.get("/modules/").get_data(as_text=True)
    digest = hashlib.sha256((STATIC / "css" / "app.css").read_bytes()).hexdigest()[:12]
    assert f'href="/static/css/app.css?v={digest}"' in page


def test_fingerprinted_requests_are_cached_for_a_year(client):
    page = client.get("/modules/").get_data(as_text=True)
    url = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]+)"', page).group(1)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE == "public, max-age=31536000, immutable"


def test_unversioned_or_stale_requests_are_revalidated(client):
    for url in ("/static/css/app.css", "/static/css/app.css?v=000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache"


def test_missing_static_files_are_not_fingerprinted(app):
    with app.test_request_context():
        from flask import url_for

        assert url_for("static", filename="nope.css") == "/static/nope.css"
        assert url_for("static", filename="../pyproject.toml") == "/static/../pyproject.toml"


def test_pages_reference_no_third_party_resources(signed_in, sample_module):
    for url in ("/modules/", "/modules/sample-module", "/modules/sample-module/lessons/ports",
                "/modules/sample-module/quiz", "/my-learning"):
        page = signed_in.get(url).get_data(as_text=True)
        # Links the learner may follow are fine; anything the page loads must be ours.
        loaded = re.findall(r'<(?:script|img|link|iframe)[^>]+(?:src|href)="((?:https?:)?//[^"]+)"',
                            page)
        assert loaded == [], (url, loaded)
