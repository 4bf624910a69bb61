"""Lessons, progress summaries, completion and the badge."""

from sqlalchemy import func, select

from coursehub.core.db import db
from coursehub.credentials.models import BadgeAward
from coursehub.learning.models import LessonEvent, LessonProgress, ModuleProgress
from tests.quizzes.test_attempts import ALL_RIGHT, submit_quiz

MODULE = "/modules/sample-module"


def test_catalogue_lists_modules_with_summary_and_duration(client, sample_module):
    page = client.get("/modules/").get_data(as_text=True)
    assert "Ports and logs" in page
    assert "Why a subscriber request needs a source port" in page
    assert "About 15 minutes" in page and "2 lessons" in page


def test_module_page_shows_objectives_lessons_glossary_and_references(client, sample_module):
    page = client.get(MODULE).get_data(as_text=True)
    assert "Name the three facts an access provider needs" in page
    assert f'href="{MODULE}/lessons/ports"' in page and f'href="{MODULE}/lessons/logs"' in page
    assert "<dt>Port</dt>" in page and "RFC 6302" in page
    assert "Content reviewed on Nov 20, 2026" in page


def test_lesson_page_has_content_and_navigation(signed_in, sample_module):
    page = signed_in.get(f"{MODULE}/lessons/ports").get_data(as_text=True)
    assert "<h1>Ports</h1>" in page and "<table>" in page
    assert f'rel="next" href="{MODULE}/lessons/logs"' in page
    assert "Lesson 1 of 2" in page
    assert signed_in.get(f"{MODULE}/lessons/nope").status_code == 404
    assert signed_in.get("/modules/nope").status_code == 404


def test_each_lesson_view_is_logged_and_moves_the_summaries_on(app, signed_in, sample_module):
    signed_in.get(f"{MODULE}/lessons/ports")
    signed_in.get(f"{MODULE}/lessons/logs?lang=es")
    signed_in.get(f"{MODULE}/lessons/ports")
    with app.app_context():
        events = db.session.execute(select(
            LessonEvent.kind, LessonEvent.lesson_key, LessonEvent.language,
            LessonEvent.version_id, LessonEvent.created_at).order_by(LessonEvent.id)).all()
        assert [row[:3] for row in events] == [("viewed", "ports", "en"), ("viewed", "logs", "es"),
                                               ("viewed", "ports", "es")]
        assert len({row.version_id for row in events}) == 1 and events[0].version_id
        first, _, last = (row.created_at for row in events)
        lessons = {p.lesson_key: p for p in db.session.scalars(select(LessonProgress))}
        assert set(lessons) == {"ports", "logs"}
        assert (lessons["ports"].first_viewed_at, lessons["ports"].last_viewed_at) == (first, last)
        assert lessons["ports"].completed_at is None
        summary = db.session.scalars(select(ModuleProgress)).one()
        assert (summary.started_at, summary.last_lesson_key) == (first, "ports")
        assert summary.lessons_completed == 0 and summary.completed_at is None


def test_completing_lessons_is_recorded_once_and_resumes(app, signed_in, sample_module):
    signed_in.get(f"{MODULE}/lessons/ports")
    first = signed_in.post(f"{MODULE}/lessons/ports/complete")
    assert first.headers["Location"] == f"{MODULE}/lessons/logs"
    signed_in.post(f"{MODULE}/lessons/ports/complete")
    with app.app_context():
        progress = db.session.scalars(select(LessonProgress)).one()
        completed_at = progress.completed_at
        events = db.session.scalars(select(LessonEvent.kind).order_by(LessonEvent.id)).all()
        assert events == ["viewed", "completed", "completed"]  # the log keeps everything
        summary = db.session.scalars(select(ModuleProgress)).one()
        assert summary.lessons_completed == 1 and summary.completed_at is None
    page = signed_in.get(MODULE).get_data(as_text=True)
    assert f'href="{MODULE}/lessons/logs">Resume' in page
    assert "33% complete" in page  # 1 of 2 lessons + quiz = 3 steps
    with app.app_context():
        assert db.session.scalars(select(LessonProgress)).one().completed_at == completed_at


def test_module_completes_with_all_lessons_and_a_passed_quiz(app, signed_in, sample_module):
    submit_quiz(signed_in, {"q-https-port": "0"})  # fail first
    for key in ("ports", "logs"):
        signed_in.post(f"{MODULE}/lessons/{key}/complete")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BadgeAward)) == 0
    submit_quiz(signed_in, ALL_RIGHT)
    submit_quiz(signed_in, ALL_RIGHT)  # passing again awards nothing new
    with app.app_context():
        award = db.session.scalars(select(BadgeAward)).one()
        summary = db.session.scalars(select(ModuleProgress)).one()
        assert summary.completed_at is not None and summary.best_score == 100
    dashboard = signed_in.get("/my-learning").get_data(as_text=True)
    assert f"/badges/{award.code}" in dashboard and "Completed" in dashboard
    public = signed_in.client.application.test_client().get(f"/badges/{award.code}")
    text = public.get_data(as_text=True)
    assert public.status_code == 200
    assert "Lucía Pérez" in text and "Ports and logs" in text and "This badge is valid." in text
    assert "learner@example.org" not in text


def test_unknown_badge_code_is_404(client):
    assert client.get("/badges/not-a-code").status_code == 404


def test_module_language_can_be_switched_and_falls_back(signed_in, sample_module):
    spanish = signed_in.get(f"{MODULE}?lang=es").get_data(as_text=True)
    assert "Puertos y registros" in spanish and 'lang="es"' in spanish
    lesson = signed_in.get(f"{MODULE}/lessons/ports").get_data(as_text=True)
    assert "<h1>Puertos</h1>" in lesson  # the choice sticks for this module
    signed_in.post("/language", {"language": "pt_BR", "next": "/modules/"})
    signed_in.get(f"{MODULE}?lang=en")
    page = signed_in.get(MODULE).get_data(as_text=True)
    assert "Ports and logs" in page
