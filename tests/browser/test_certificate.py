"""A learner downloads their certificate and opens the verification page it names."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.conftest import PASSWORD
from tests.credentials.conftest import make_award

pytestmark = pytest.mark.browser


def test_learner_downloads_certificate_and_opens_its_verification_page(
        app, page, learner, sample_module):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    code = make_award(app, learner, sample_module)

    page.goto("/login")
    page.get_by_label("Email").fill(learner)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/my-learning")
    expect(page.get_by_role("heading", name="My badges")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download certificate (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "coursehub-certificate-sample-module-a4.pdf"
    pdf = PdfReader(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    text = " ".join(pdf.pages[0].extract_text().split())
    assert "Lucía Pérez" in text and "Ports and logs" in text
    url = re.search(r"http://127\.0\.0\.1:\d+/badges/[\w-]+", text).group(0)
    assert url.endswith(code)

    page.get_by_role("button", name="Sign out").click()
    page.goto(url)  # what a court clerk does with the printed address: no account needed
    status = page.get_by_role("status")
    expect(status).to_contain_text("Valid.")
    expect(status).to_contain_text("Lucía Pérez")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Download the certificate (PDF, A4)")).to_have_count(0)
    page.goto("/verify")
    page.get_by_label("Verification code").fill("made-up-code")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("status")).to_contain_text("Unknown.")
    assert errors == [] or all("404" in e for e in errors)
