"""Preview a draft file as learners will see it: the same sanitising pipeline."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from flask import render_template, url_for
from markupsafe import Markup

from coursehub.authoring import files as draft_files
from coursehub.content.loader import LESSON_FILE, strip_title
from coursehub.content.quiz_format import parse_quiz
from coursehub.content.source import Problem
from coursehub.core.markdown import render_markdown
from coursehub.quizzes.types import QUESTION_TYPES


@dataclass
class Preview:
    html: Markup
    problems: list[Problem]  # of this file
    other_problems: int  # elsewhere in the draft


def _figure_url(slug: str, files: dict[str, bytes], source: str) -> str | None:
    if re.match(r"^figures/[A-Za-z0-9._-]+$", source) and source in files:
        return url_for("authoring.draft_asset", slug=slug, path=source)
    return None


def preview_file(slug: str, files: dict[str, bytes], path: str, text: str) -> Preview:
    """Render ``text`` as the draft file ``path`` and validate the draft with it."""
    files = {**files, path: text.encode("utf-8")}
    problems, _ = draft_files.validate_files(slug, files)
    mine = [p for p in problems if p.path == path]
    render = partial(render_markdown, rewrite_src=partial(_figure_url, slug, files))
    name = path.rsplit("/", 1)[-1]
    context: dict = {"path": path, "kind": "other"}
    if name == "quiz.md":
        context.update(kind="quiz", questions=_quiz_preview(text, render))
    elif LESSON_FILE.match(name):
        lines = text.splitlines()
        title = lines[0][2:].strip() if lines and lines[0].startswith("# ") else ""
        context.update(kind="lesson", title=title, html=render(strip_title(text)))
    elif name.endswith(".md"):
        context.update(kind="page", html=render(text))
    html = Markup(render_template("authoring/_preview.html", **context))  # noqa: S704
    return Preview(html, mine, len(problems) - len(mine))


def _quiz_preview(text: str, render) -> list[dict]:
    questions, _ = parse_quiz(text)
    shown = []
    for question in questions:
        kind = QUESTION_TYPES.get(question.type or "")
        item = {"key": question.key, "type": question.type, "label": kind.label if kind else "",
                "tags": question.tags, "definition": None, "prompt_html": "",
                "explanation_html": render(question.explanation)}
        if kind is not None and not kind.check(question):
            try:
                item["definition"] = kind.build_definition(question, render)
                item["prompt_html"] = render(kind.prompt_text(question))
            except (KeyError, IndexError, ValueError, TypeError):
                item["definition"] = None
        shown.append(item)
    return shown
