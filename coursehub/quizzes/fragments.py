"""The questions of the quiz and result pages as HTML, each rendered once per process.

A question's part of the quiz page depends only on the question as stored,
the order this attempt shows its options in, its position on the page and the
interface language; on the result page, also on the learner's answer and its
score. Rendering fifteen of them was half of either page's time. Keys hold the
question's content itself (prompt, definition, explanation), not only its id,
so a changed question can never be served from an old rendering.
"""

from __future__ import annotations

import json

from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup

from coursehub.content.models import Question
from coursehub.core.caching import RenderedStore
from coursehub.quizzes.models import QuestionResponse
from coursehub.quizzes.presentation import Shown
from coursehub.quizzes.types import get_type

FRAGMENTS = 2048  # a kept one, key and HTML, is 2-6 kB: at most some 12 MB per process
LONGEST_KEPT_ANSWER = 200  # characters of JSON; longer answers (essays) are not kept
rendered = RenderedStore(FRAGMENTS)


def fieldsets(shown: list[Shown]) -> list[Markup]:
    """The quiz page's fieldset of each question of an attempt, in its order."""
    total = len(shown)
    return [_rendered("quizzes/question.html", item.question, item.shown,
                      view=item.shown, n=n, total=total)
            for n, item in enumerate(shown, start=1)]


def reviews(rows: list[tuple[Question, QuestionResponse]]) -> list[Markup]:
    """The result page's review of each answered question, in the order shown."""
    return [_rendered("quizzes/review.html", question,
                      (response.answer, response.score, response.shown),
                      response=response, view=response.shown or {})
            for question, response in rows]


def _rendered(template: str, question: Question, shown: object, **context) -> Markup:
    """``template`` for ``question``, kept under the question's content, what this
    attempt showed (and answered), the interface language and ``n``/``total``."""
    answer = json.dumps(shown, sort_keys=True)
    key = (template, str(get_locale()), question.id, question.key, question.type,
           question.prompt_html, question.explanation_html,
           json.dumps(question.definition, sort_keys=True), answer,
           context.get("n"), context.get("total"))
    html = rendered.get(key)
    if html is None:
        html = render_template(template, question=question, kind=get_type(question.type),
                               **context)
        if len(answer) <= LONGEST_KEPT_ANSWER:  # essays are not worth the memory
            rendered.put(key, html)
    return Markup(html)  # noqa: S704 - our own templates' output, autoescaped
