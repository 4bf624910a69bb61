"""The quiz and result pages' questions, each rendered once per process and never
out of date."""

import random

import pytest
from flask import template_rendered
from sqlalchemy import select

from coursehub.content.models import Question
from coursehub.core.caching import RenderedStore
from coursehub.core.db import db
from coursehub.quizzes import fragments
from coursehub.quizzes.fragments import fieldsets, reviews
from coursehub.quizzes.models import QuestionResponse
from coursehub.quizzes.presentation import Shown
from coursehub.quizzes.types import get_type


@pytest.fixture
def store(monkeypatch):
    """A store of this test's own: what other tests rendered must not count."""
    fresh = RenderedStore(64)
    monkeypatch.setattr(fragments, "rendered", fresh)
    return fresh


def _shown(order=None) -> list[Shown]:
    questions = db.session.scalars(select(Question).where(Question.language == "en")
                                   .order_by(Question.position)).all()
    shown = [Shown(q, get_type(q.type).present(q.definition, random.Random(0), shuffle=False))
             for q in questions]
    if order is not None:
        shown[0].shown = {"order": order}
    return shown


def _renders(app, call) -> tuple[list, list[str]]:
    names: list[str] = []

    def record(sender, template, context, **extra):
        names.append(template.name)

    with template_rendered.connected_to(record, app):
        result = call()
    return result, names


def test_each_question_is_rendered_once_per_process(app, sample_module, store):
    with app.test_request_context("/"):
        shown = _shown()
        first, names = _renders(app, lambda: fieldsets(shown))
        assert names.count("quizzes/question.html") == len(shown) == 3
        again, names = _renders(app, lambda: fieldsets(shown))
        assert again == first and names == []
        assert "Which port does HTTPS normally use?" in first[0]
        assert "Question 1 of 3" in first[0] and "Question 3 of 3" in first[2]
        # Another order of the options is another rendering, in that order.
        reordered = _shown(order=[2, 1, 0])
        other, names = _renders(app, lambda: fieldsets(reordered))
        assert names == ["quizzes/question.html"] and other[1:] == first[1:]
        labels = [first[0].index(f'for="q-https-port-{i}">') for i in range(3)]
        assert labels == sorted(labels)
        options = [option["html"] for option in reordered[0].question.definition["options"]]
        assert other[0].index(options[2]) < other[0].index(options[0])


def test_a_changed_question_is_never_served_from_an_old_rendering(app, sample_module, store):
    with app.test_request_context("/"):
        shown = _shown()
        before = fieldsets(shown)[0]
        question = shown[0].question
        edited = [{**option, "html": option["html"] + " (edited)"}
                  for option in question.definition["options"]]
        question.definition = {**question.definition, "options": edited}
        after = fieldsets(shown)[0]
        assert "(edited)" in after and "(edited)" not in before
        question.prompt_html = "<p>A new prompt</p>"
        assert "A new prompt" in fieldsets(shown)[0]
        db.session.rollback()


def test_fieldsets_follow_the_interface_language(app, sample_module, store):
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        spanish = fieldsets(_shown())
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        english = fieldsets(_shown())
    assert "Pregunta 1 de 3" in spanish[0] and "Question 1 of 3" in english[0]


def _answered(question: Question, answer: list, score: float) -> QuestionResponse:
    return QuestionResponse(question_id=question.id, question_key=question.key, answer=answer,
                            score=score, shown={"order": [0, 1, 2]})


def test_reviews_are_kept_by_answer_and_score(app, sample_module, store):
    with app.test_request_context("/"):
        question = _shown()[0].question
        right, wrong = _answered(question, [1], 1.0), _answered(question, [0], 0.0)
        first, names = _renders(app, lambda: reviews([(question, right), (question, wrong)]))
        assert names.count("quizzes/review.html") == 2
        assert "Correct" in first[0] and "Not correct" in first[1]
        assert first[0] != first[1]
        again, names = _renders(app, lambda: reviews([(question, _answered(question, [1], 1.0))]))
        assert names == [] and again == first[:1]  # another learner, the same answer


def test_long_answers_are_rendered_but_not_kept(app, sample_module, store):
    with app.test_request_context("/"):
        question = _shown()[0].question
        essay = _answered(question, ["x" * (fragments.LONGEST_KEPT_ANSWER + 1)], 0.0)
        reviews([(question, essay)])
        assert list(store) == []
        reviews([(question, _answered(question, [1], 1.0))])
        assert len(list(store)) == 1
