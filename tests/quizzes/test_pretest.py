"""The optional pre-test: once, before the quiz, never counted for completion."""

import re

import pytest
from sqlalchemy import select

from coursehub.content.models import ModuleVersion
from coursehub.core.db import db
from coursehub.learning.models import ModuleProgress
from coursehub.quizzes.models import QuizAttempt

ALL_RIGHT = {"q-https-port": "1", "q-subscriber-request": ["0", "1", "3"],
             "q-ip-is-website": "1"}


@pytest.fixture
def with_pretest(app, sample_module):
    with app.app_context():
        for version in db.session.scalars(select(ModuleVersion)):
            version.pretest = True
        db.session.commit()
    return sample_module


def ticket(page: str) -> str:
    return re.search(r'name="ticket" value="([^"]+)"', page).group(1)


def test_no_pretest_unless_the_module_offers_one(signed_in, sample_module):
    assert signed_in.get("/modules/sample-module/pretest").status_code == 404


def test_pretest_is_recorded_once_and_does_not_count(signed_in, with_pretest, app):
    module_page = signed_in.get("/modules/sample-module").get_data(as_text=True)
    assert "/modules/sample-module/pretest" in module_page
    page = signed_in.get("/modules/sample-module/pretest").get_data(as_text=True)
    form = {"ticket": ticket(page), "q-https-port": "0", "q-subscriber-request": ["0"],
            "q-ip-is-website": "1"}
    response = signed_in.post("/modules/sample-module/pretest", form)
    assert response.status_code == 302
    again = signed_in.post("/modules/sample-module/pretest", form)
    assert again.status_code == 302  # refused politely: already taken
    with app.app_context():
        attempts = db.session.scalars(select(QuizAttempt)).all()
        assert [(a.kind, a.score) for a in attempts] == [("pretest", 44.44)]
        assert db.session.scalars(select(ModuleProgress)).all() == []
    quiz = signed_in.get("/modules/sample-module/quiz").get_data(as_text=True)
    assert "3 attempts left" in quiz  # the pre-test used none of the quiz attempts
    assert "You have already taken the pre-test." in signed_in.get(
        "/modules/sample-module/pretest").get_data(as_text=True)


def test_pretest_closes_once_the_quiz_was_tried(signed_in, with_pretest, app):
    quiz = signed_in.get("/modules/sample-module/quiz").get_data(as_text=True)
    signed_in.post("/modules/sample-module/quiz", {"ticket": ticket(quiz), **ALL_RIGHT})
    page = signed_in.get("/modules/sample-module/pretest").get_data(as_text=True)
    assert "already tried the quiz" in page and 'name="ticket"' not in page


def test_a_quiz_ticket_is_not_a_pretest_ticket(signed_in, with_pretest):
    quiz = signed_in.get("/modules/sample-module/quiz").get_data(as_text=True)
    response = signed_in.post("/modules/sample-module/pretest",
                              {"ticket": ticket(quiz), **ALL_RIGHT})
    assert response.status_code == 400
