"""A module as one self-contained HTML file for reading offline, and its print layout."""

from __future__ import annotations

import re

import pytest

OFFLINE = "/modules/sample-module/offline"


def test_offline_copy_is_a_self_contained_download(signed_in, sample_module):
    response = signed_in.get(OFFLINE)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="sample-module-en.html"'
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    page = response.get_data(as_text=True)
    # All lessons, glossary and references.
    for text in ("<h2 id=\"title-ports\">Ports</h2>", "<h2 id=\"title-logs\">Logs</h2>",
                 "<dt>Port</dt>", "RFC 6302", "Name the three facts an access provider needs"):
        assert text in page, text
    # Inline CSS and figures as data: URIs; nothing loaded from anywhere.
    assert "<style>" in page and "@media print" in page
    assert re.search(r'<img [^>]*src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', page)
    assert not re.search(r'(?:src|href)="/', page)
    assert "<script" not in page and "<link" not in page


def test_offline_copy_has_no_quiz_answers(signed_in, sample_module):
    page = signed_in.get(OFFLINE).get_data(as_text=True)
    for leaked in ("Which port does HTTPS normally use?", "Port 80 is plain HTTP",
                   "HTTPS normally uses port 443", "Explanation"):
        assert leaked not in page


def test_offline_copy_follows_the_module_language(signed_in, sample_module):
    signed_in.get("/modules/sample-module?lang=es")
    response = signed_in.get(OFFLINE)
    assert 'filename="sample-module-es.html"' in response.headers["Content-Disposition"]
    assert "Puertos" in response.get_data(as_text=True)


def test_offline_copy_of_an_unknown_module_is_not_found(signed_in, sample_module):
    assert signed_in.get("/modules/nope/offline").status_code == 404


def test_offline_copy_anonymous_is_sent_to_sign_in(make_browser, sample_module):
    response = make_browser().get(OFFLINE)
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]


def test_module_page_links_to_the_offline_copy(signed_in, sample_module):
    page = signed_in.get("/modules/sample-module").get_data(as_text=True)
    assert f'href="{OFFLINE}" download' in page


@pytest.mark.browser
def test_offline_copy_reads_and_prints_without_a_connection(chromium, signed_in, sample_module):
    html = signed_in.get(OFFLINE).get_data(as_text=True)
    context = chromium.new_context(offline=True)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.set_content(html)
        assert page.locator("article.lesson").count() == 2
        widths = page.eval_on_selector_all("article img", "imgs => imgs.map(i => i.naturalWidth)")
        assert widths and all(w > 0 for w in widths)  # the embedded figure decodes
        assert [u for u in requests if not u.startswith("data:")] == []
        page.emulate_media(media="print")
        breaks = page.eval_on_selector_all(
            "article.lesson", "els => els.map(e => getComputedStyle(e).breakBefore)")
        assert breaks == ["page", "page"]
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    finally:
        context.close()


def test_lesson_sections_sit_under_the_lesson_title(signed_in, sample_module):
    page = signed_in.get(OFFLINE).get_data(as_text=True)
    assert "<h3>What this means for your case</h3>" in page
    assert "<h2>What this means for your case</h2>" not in page
