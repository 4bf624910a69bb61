"""Importing stores immutable versions and never touches learners' records."""

from sqlalchemy import func, select

from coursehub.content.models import Asset, Lesson, Module, ModuleVersion, Question
from coursehub.core.db import db
from coursehub.quizzes.models import QuizAttempt
from tests.conftest import import_folder


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_import_stores_rendered_sanitised_content(app, module_copy, app_ctx):
    lesson = module_copy / "en" / "01-ports.md"
    lesson.write_text(lesson.read_text() + "\n<script>alert(1)</script>\n"
                      "[click](javascript:alert(1))\n")
    status, version_id = import_folder(app, module_copy)
    assert status == "created"
    stored = db.session.scalar(select(Lesson).where(Lesson.version_id == version_id,
                                                    Lesson.key == "ports", Lesson.language == "en"))
    assert "<table>" in stored.html and "<strong>port</strong>" in stored.html
    assert "<script" not in stored.html and "javascript:" not in stored.html
    assert '<img alt="One public address, told apart by source port" src="/assets/' in stored.html
    asset = db.session.scalars(select(Asset)).one()
    assert asset.content_type == "image/svg+xml"
    question = db.session.scalar(select(Question).where(Question.key == "https-port",
                                                        Question.language == "es"))
    assert question.definition["options"][1] == {
        "html": "443", "correct": True, "feedback_html": "<p>Correcto.</p>"}
    assert question.tags == []


def test_reimporting_unchanged_files_is_a_no_op(app, module_copy, app_ctx):
    first = import_folder(app, module_copy)
    second = import_folder(app, module_copy)
    assert first[0] == "created" and second == ("unchanged", first[1])
    assert count(ModuleVersion) == 1 and count(Lesson) == 4


def test_changed_files_make_a_new_version_and_keep_records(app, module_copy, signed_in,
                                                           make_browser):
    import_folder(app, module_copy)
    signed_in.get("/modules/sample-module/lessons/ports")
    signed_in.post("/modules/sample-module/lessons/ports/complete")
    from tests.quizzes.test_attempts import submit_quiz
    submit_quiz(signed_in, {"q-https-port": "1"})
    lesson = module_copy / "en" / "02-logs.md"
    lesson.write_text(lesson.read_text() + "\nA new paragraph.\n")
    status, new_version_id = import_folder(app, module_copy)
    assert status == "new version"
    with app.app_context():
        module = db.session.scalars(select(Module)).one()
        assert module.current_version_id == new_version_id
        assert count(ModuleVersion) == 2 and count(Lesson) == 8
        attempt = db.session.scalars(select(QuizAttempt)).one()
        assert attempt.version_id != new_version_id  # still tied to what was taken
    page = signed_in.get("/modules/sample-module").get_data(as_text=True)
    assert "50% complete" in page or "33% complete" in page  # 1 of 2 lessons kept as done


def test_reverting_to_earlier_files_restores_that_version(app, module_copy, app_ctx):
    _, first_id = import_folder(app, module_copy)
    meta = module_copy / "module.toml"
    original = meta.read_text()
    meta.write_text(original.replace("estimated_minutes = 15", "estimated_minutes = 20"))
    import_folder(app, module_copy)
    meta.write_text(original)
    status, version_id = import_folder(app, module_copy)
    assert (status, version_id) == ("restored", first_id)
    assert count(ModuleVersion) == 2


def test_import_command_refuses_a_broken_module_and_changes_nothing(app, module_copy, app_ctx):

    import_folder(app, module_copy)
    quiz = module_copy / "en" / "quiz.md"
    quiz.write_text(quiz.read_text().replace("- [x] 443", "- [ ] 443"))
    result = app.test_cli_runner().invoke(args=["import", str(module_copy.parent)])
    assert result.exit_code == 1
    assert "exactly one correct option" in result.output
    assert count(ModuleVersion) == 1


def test_prerendering_in_worker_processes_stores_the_same_html(app, app_ctx):
    """The import command renders modules in parallel first; what it stores must not
    differ from a plain import, and modules already stored are not rendered again."""
    from coursehub.content.importer import import_module, prerender
    from coursehub.content.validator import validate_module
    from tests.conftest import PROJECT_MODULES

    sources = [validate_module(folder).source
               for folder in sorted(PROJECT_MODULES.iterdir())[:2]]
    rendered = prerender(sources)  # two modules: two worker processes
    assert sorted(rendered) == sorted(source.slug for source in sources)
    first = import_module(sources[0], rendered[sources[0].slug])
    db.session.flush()
    with_workers = {(row.key, row.language): (row.html, row.title) for row in db.session.scalars(
        select(Lesson).where(Lesson.version_id == first.version.id))}
    questions = {(q.key, q.language): (q.prompt_html, q.explanation_html, q.definition)
                 for q in db.session.scalars(
                     select(Question).where(Question.version_id == first.version.id))}
    db.session.rollback()
    plain = import_module(sources[0])
    db.session.flush()
    assert with_workers == {(row.key, row.language): (row.html, row.title)
                            for row in db.session.scalars(
                                select(Lesson).where(Lesson.version_id == plain.version.id))}
    assert questions == {(q.key, q.language): (q.prompt_html, q.explanation_html, q.definition)
                         for q in db.session.scalars(
                             select(Question).where(Question.version_id == plain.version.id))}
    assert len(with_workers) >= 8 and all("<p>" in html for html, _ in with_workers.values())
    db.session.commit()
    assert sorted(prerender(sources)) == [sources[1].slug]  # the stored one is skipped
