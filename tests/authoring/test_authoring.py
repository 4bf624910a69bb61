"""The authoring area through the web: drafts, preview, publishing, status, zips, GIFT."""

import html
import io
import re
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coursehub.admin.models import AuditEntry
from coursehub.authoring.models import DraftFile
from coursehub.content.loader import content_hash
from coursehub.content.models import Module, ModuleVersion
from coursehub.core.db import db
from coursehub.quizzes.models import QuizAttempt
from tests.conftest import PASSWORD, SAMPLE_MODULES

GIFT = Path(__file__).parent.parent / "data" / "gift"


@pytest.fixture
def author(make_browser, make_user):
    make_user("author@example.org", "instructor", "Ines Instructor")
    browser = make_browser()
    browser.login("author@example.org", PASSWORD)
    return browser


def create(author, slug="new-module", title="A new module"):
    response = author.post("/authoring/new", {"slug": slug, "title": title, "language": "en"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


def test_learners_cannot_author(signed_in, sample_module):
    assert signed_in.get("/authoring/").status_code == 403
    assert signed_in.post("/authoring/new", {"slug": "x", "title": "x"}).status_code == 403
    assert signed_in.get("/authoring/sample-module/download.zip").status_code == 403


def test_create_edit_preview_publish_and_audit(app, author):
    create(author)
    page = author.get("/authoring/new-module").get_data(as_text=True)
    assert "The draft is valid and can be published." in page
    lesson = "/authoring/new-module/edit/en/01-introduction.md"
    edit = author.get(lesson).get_data(as_text=True)
    assert 'id="editor-form"' in edit and "authoring-preview.js" in edit
    # the preview endpoint: sanitised HTML and problems with line numbers
    response = author.post("/authoring/new-module/preview", {
        "path": "en/01-introduction.md", "csrf_token": csrf(edit),
        "text": "# Intro\n\nSome **bold** text <script>alert(1)</script>\n\n![](figures/no.svg)\n"})
    data = response.get_json()
    assert "<strong>bold</strong>" in data["html"] and "<script" not in data["html"]
    assert "Line 5:" in data["problems"] and "text alternative" in data["problems"]
    # the no-JavaScript Preview button renders the same without saving
    nojs = author.post(lesson, {"text": "# Intro\n\nPreviewed *only*.", "action": "preview"})
    assert "<em>only</em>" in nojs.get_data(as_text=True)
    with app.app_context():
        stored = db.session.scalar(select(DraftFile.data).where(
            DraftFile.path == "en/01-introduction.md"))
        assert b"Previewed" not in stored
    saved = author.post(lesson, {"text": "# Intro\r\n\r\nSaved text.\r\n", "action": "save"})
    assert saved.status_code == 302
    assert author.post("/authoring/new-module/publish").status_code == 302
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "new-module"))
        assert module.status == "published" and module.current_version.number == 1
        entry = db.session.scalars(select(AuditEntry)).one()
        assert (entry.action, entry.target_type, entry.target_id, entry.details) == \
            ("publish", "module", "new-module", {"version": 1})
        assert entry.actor_email == "author@example.org"
        stored = db.session.scalar(select(DraftFile.data).where(
            DraftFile.path == "en/01-introduction.md"))
        assert stored == b"# Intro\n\nSaved text.\n"
    assert "A new module" in author.get("/modules/").get_data(as_text=True)
    # publishing the same draft again changes nothing and logs nothing
    author.post("/authoring/new-module/publish")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 1


def test_invalid_draft_is_not_published(app, author):
    create(author)
    author.post("/authoring/new-module/edit/en/quiz.md", {"text": "## Bad Key\n\nNo options.\n"})
    response = author.post("/authoring/new-module/publish", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Not published" in page and "en/quiz.md" in page and ":1: question key" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ModuleVersion)) == 0


def test_unpublish_and_archive_hide_the_module_but_keep_records(app, author, sample_module,
                                                                signed_in):
    from tests.quizzes.test_attempts import ALL_RIGHT, submit_quiz

    submit_quiz(signed_in, ALL_RIGHT)
    author.post("/authoring/sample-module/status", {"action": "unpublish"})
    assert "Ports and logs" not in signed_in.get("/modules/").get_data(as_text=True)
    assert signed_in.get("/modules/sample-module").status_code == 404
    author.post("/authoring/sample-module/status", {"action": "archive"})
    with app.app_context():
        assert db.session.scalar(select(Module.status)) == "archived"
        attempt = db.session.scalars(select(QuizAttempt)).one()
        assert attempt.score == 100
        actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        assert actions == ["unpublish", "archive"]
    # the learner still sees their old result
    with app.app_context():
        attempt_id = db.session.scalar(select(QuizAttempt.id))
    result = signed_in.get(f"/modules/sample-module/quiz/attempts/{attempt_id}")
    assert result.status_code == 200
    author.post("/authoring/sample-module/publish")
    assert "Ports and logs" in signed_in.get("/modules/").get_data(as_text=True)


def test_download_upload_round_trip_keeps_the_content_hash(app, author, sample_module):
    folder = SAMPLE_MODULES / "sample-module"
    data = author.get("/authoring/sample-module/download.zip").data
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "sample-module/module.toml" in names and "sample-module/figures/port.svg" in names
    for name in names:  # exactly the modules/ format, byte for byte
        assert zipfile.ZipFile(io.BytesIO(data)).read(name) == \
            (folder / name.split("/", 1)[1]).read_bytes()
    response = author.post("/authoring/sample-module/upload",
                           {"archive": (io.BytesIO(data), "sample-module.zip")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    again = author.get("/authoring/sample-module/download.zip").data
    assert again == data
    author.post("/authoring/sample-module/publish")
    with app.app_context():
        versions = list(db.session.scalars(select(ModuleVersion)))
        assert len(versions) == 1 and versions[0].content_hash == content_hash(folder)


def zip_of(entries: dict) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize("entries, reason", [
    ({"sample-module/../evil.md": "x"}, "'..' is not allowed"),
    ({"/etc/passwd": "x"}, "absolute paths are not allowed"),
    ({"sample-module/en/big.md": "a" * 3_000_000}, "larger than"),
    ({"sample-module/en/bomb.md": "\0" * 1_500_000}, "zip bomb"),
    ({f"sample-module/en/{i:03}.md": "x" for i in range(301)}, "at most 300"),
    ({"other-module/module.toml": "x"}, "not sample-module"),
])
def test_unsafe_zips_are_refused_with_a_clear_reason(app, author, sample_module, entries,
                                                      reason):
    before = author.get("/authoring/sample-module/download.zip").data
    response = author.post("/authoring/sample-module/upload",
                           {"archive": (zip_of(entries), "m.zip")},
                           content_type="multipart/form-data", follow_redirects=True)
    page = html.unescape(response.get_data(as_text=True))
    assert "The zip was not accepted" in page and reason in page
    assert author.get("/authoring/sample-module/download.zip").data == before


def test_not_a_zip_is_refused(author, sample_module):
    response = author.post("/authoring/sample-module/upload",
                           {"archive": (io.BytesIO(b"hello"), "m.zip")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "not a zip file" in response.get_data(as_text=True)


def test_upload_creates_a_new_module(app, author):
    folder = SAMPLE_MODULES / "sample-module"
    entries = {f"copied/{p.relative_to(folder).as_posix()}": p.read_bytes()
               for p in folder.rglob("*") if p.is_file()}
    response = author.post("/authoring/upload", {"archive": (zip_of(entries), "copied.zip")},
                           content_type="multipart/form-data")
    assert response.headers["Location"].endswith("/authoring/copied")
    author.post("/authoring/copied/publish")
    with app.app_context():
        assert db.session.scalar(select(Module.status).where(Module.slug == "copied")) == \
            "published"


def test_gift_import_in_the_browser_reports_every_block(app, author):
    create(author)
    data = (GIFT / "moodle-questions.gift.txt").read_bytes()
    response = author.post("/authoring/new-module/gift",
                           {"gift": (io.BytesIO(data), "moodle-questions.gift.txt")},
                           content_type="multipart/form-data")
    page = html.unescape(response.get_data(as_text=True))
    assert "8 questions added to en/quiz.md." in page
    assert ("moodle-questions.gift.txt:49: skipped: the same question as "
            "moodle-questions.gift.txt:46") in page
    assert "moodle-questions.gift.txt:2: essay: kept, not auto-graded" in page
    assert "moodle-questions.gift.txt:43: ignored the stray" in page
    quiz = author.get("/authoring/new-module/edit/en/quiz.md").get_data(as_text=True)
    assert "## moodle-activities" in quiz and "type: matching" in quiz
    # importing it again adds nothing: each question is reported as a repeat
    again = author.post("/authoring/new-module/gift",
                        {"gift": (io.BytesIO(data), "moodle-questions.gift.txt")},
                        content_type="multipart/form-data").get_data(as_text=True)
    again = html.unescape(again)
    assert "0 questions added" in again
    assert "moodle-questions.gift.txt:14: skipped: the same question as en/quiz.md:" in again
    exported = author.get("/authoring/new-module/export.gift").get_data(as_text=True)
    assert "::moodle-activities::[markdown]" in exported


def test_import_gift_command(app, author):
    create(author)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import-gift", str(GIFT / "moodle-examples.gift.txt"),
                                 "--module", "new-module"])
    assert result.exit_code == 0, result.output
    assert "added to the draft en/quiz.md of new-module" in result.output
    # exact repeats inside the file are reported, not imported twice
    assert "moodle-examples.gift.txt:25: skipped: the same question as" in result.output
    missing = runner.invoke(args=["import-gift", str(GIFT / "moodle-examples.gift.txt"),
                                  "--module", "nope"])
    assert missing.exit_code != 0 and "no module 'nope'" in missing.output


def test_modules_due_for_review_are_listed(app, author, module_copy):
    from tests.conftest import import_folder

    toml = module_copy / "module.toml"
    toml.write_text(toml.read_text().replace("review_by = 2027-11-20", "review_by = 2026-12-01")
                    .replace("reviewed_on = 2026-11-20", "reviewed_on = 2025-11-20"))
    import_folder(app, module_copy)
    page = author.get("/authoring/").get_data(as_text=True)
    due = page.split('id="due-heading"')[1].split("</section>")[0]
    assert "sample-module" in due
    with app.app_context():
        from datetime import date

        from coursehub.authoring.services import due_for_review

        assert [(m.slug, str(d), r) for m, d, r in due_for_review(today=date(2026, 12, 5))] == \
            [("sample-module", "2026-12-01", "overdue")]
        assert due_for_review(today=date(2026, 1, 1)) == []
