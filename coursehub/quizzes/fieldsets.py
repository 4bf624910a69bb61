"""The quiz page's questions as HTML, each rendered once per process.

A question's fieldset depends only on the question as stored, the order this
attempt shows its options in, its position on the page and the interface
language; rendering fifteen of them was half the quiz page's time. The key
holds the question's content itself (prompt and definition), not only its id,
so a changed question can never be served from an old rendering.
"""

from __future__ import annotations

import json

from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup

from coursehub.core.caching import RenderedStore
from coursehub.quizzes.presentation import Shown
from coursehub.quizzes.types import get_type

FIELDSETS = 2048  # a fieldset is 1-3 kB: at most some 6 MB per process
rendered = RenderedStore(FIELDSETS)


def fieldsets(shown: list[Shown]) -> list[Markup]:
    """The HTML of each question of an attempt, in the order it shows them."""
    locale, total = str(get_locale()), len(shown)
    return [_fieldset(item, n, total, locale) for n, item in enumerate(shown, start=1)]


def _fieldset(item: Shown, n: int, total: int, locale: str) -> Markup:
    question = item.question
    key = (locale, n, total, question.id, question.key, question.type, question.prompt_html,
           json.dumps(question.definition, sort_keys=True), json.dumps(item.shown, sort_keys=True))
    html = rendered.get(key)
    if html is None:
        html = render_template("quizzes/question.html", question=question, view=item.shown,
                               kind=get_type(question.type), n=n, total=total)
        rendered.put(key, html)
    return Markup(html)  # noqa: S704 - our own template's output, autoescaped
