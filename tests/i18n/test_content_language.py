"""Module content in the learner's language, else the default language with a notice."""

from __future__ import annotations

from sqlalchemy import select

from coursehub.quizzes.models import QuestionResponse, QuizAttempt
from tests.a11y.site import ENGLISH_ONLY, english_only_copy
from tests.conftest import import_folder
from tests.quizzes.test_attempts import ALL_RIGHT, submit_quiz

NOTICE = {"es": "Este módulo aún no está disponible en su idioma",
          "pt_BR": "Este módulo ainda não está disponível no seu idioma"}


def use_language(browser, language: str) -> None:
    browser.post("/language", {"language": language, "next": "/"})


def test_english_only_module_falls_back_with_a_visible_notice(app, signed_in, tmp_path):
    import_folder(app, english_only_copy(tmp_path))
    use_language(signed_in, "es")
    for url in (f"/modules/{ENGLISH_ONLY}", f"/modules/{ENGLISH_ONLY}/lessons/ports",
                f"/modules/{ENGLISH_ONLY}/quiz"):
        page = signed_in.get(url).get_data(as_text=True)
        assert '<html lang="es">' in page
        assert 'class="notice" role="note"' in page and "English" in page, url
        assert NOTICE["es"] in page, url
        assert 'lang="en"' in page  # the English content is marked as such
    lesson = signed_in.get(f"/modules/{ENGLISH_ONLY}/lessons/ports").get_data(as_text=True)
    assert "<h1>Ports</h1>" in lesson


def test_module_in_the_learners_language_has_no_notice(signed_in, sample_module):
    use_language(signed_in, "es")
    page = signed_in.get("/modules/sample-module/lessons/ports").get_data(as_text=True)
    assert "<h1>Puertos</h1>" in page and 'role="note"' not in page
    assert '<article class="content" lang="es">' in page


def test_portuguese_learner_reads_the_default_language_with_a_notice(signed_in, sample_module):
    use_language(signed_in, "pt_BR")
    page = signed_in.get("/modules/sample-module/lessons/ports").get_data(as_text=True)
    assert "<h1>Ports</h1>" in page and NOTICE["pt_BR"] in page


def test_learner_can_switch_a_modules_language(signed_in, sample_module):
    page = signed_in.get("/modules/sample-module?lang=es").get_data(as_text=True)
    assert "Puertos y registros" in page and 'role="note"' not in page
    # The choice sticks for this module's lessons and quiz.
    lesson = signed_in.get("/modules/sample-module/lessons/ports").get_data(as_text=True)
    assert "<h1>Puertos</h1>" in lesson
    back = signed_in.get("/modules/sample-module?lang=en").get_data(as_text=True)
    assert "<h1>Ports and logs</h1>" in back


def test_results_merge_across_languages_by_question_key(app, signed_in, sample_module):
    signed_in.get("/modules/sample-module?lang=es")
    submit_quiz(signed_in, ALL_RIGHT)
    signed_in.get("/modules/sample-module?lang=en")
    submit_quiz(signed_in, ALL_RIGHT)
    with app.app_context():
        from coursehub.core.db import db

        attempts = list(db.session.scalars(select(QuizAttempt).order_by(QuizAttempt.id)))
        assert [a.language for a in attempts] == ["es", "en"]
        keys = [sorted(r.question_key for r in db.session.scalars(
            select(QuestionResponse).where(QuestionResponse.attempt_id == a.id)))
            for a in attempts]
        ids = [{r.question_id for r in db.session.scalars(
            select(QuestionResponse).where(QuestionResponse.attempt_id == a.id))}
            for a in attempts]
    assert keys[0] == keys[1] == ["https-port", "ip-is-website", "subscriber-request"]
    assert ids[0].isdisjoint(ids[1])  # different language rows, same stable keys
