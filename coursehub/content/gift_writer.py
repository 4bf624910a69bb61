"""Write questions as ``quiz.md`` text or as Moodle GIFT (see :mod:`coursehub.content.gift`)."""

from __future__ import annotations

import re

from coursehub.content.source import OptionSource, QuestionSource

_GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")
NOT_IN_GIFT = ("ordering", "draw")


def _mark(option: OptionSource) -> str:
    if option.weight is not None:
        weight = option.weight
        return f"[{int(weight) if float(weight).is_integer() else weight}%]"
    return "[x]" if option.correct else "[ ]"


def question_to_markdown(question: QuestionSource) -> str:
    """One question in quiz.md syntax (docs/authoring.md)."""
    lines = [f"## {question.key}", f"type: {question.type}"]
    if question.tags:
        lines.append(f"tags: {', '.join(question.tags)}")
    lines += [f"{name}: {value}" for name, value in question.settings.items()]
    if question.type != "draw":
        lines += ["", _safe_prompt(question.prompt)]
    if question.options:
        lines.append("")
    for number, option in enumerate(question.options, start=1):
        if question.type == "matching":
            lines.append(f"- {option.text} -> {option.match}".replace("-  ->", "- ->"))
        elif question.type == "ordering":
            lines.append(f"{number}. {option.text}")
        else:
            lines.append(f"- {_mark(option)} {option.text}")
        lines += [f"  > {line}" for line in option.feedback.splitlines() if line.strip()]
    if question.explanation:
        lines += ["", f"Explanation: {question.explanation}"]
    return "\n".join(lines) + "\n"


def _safe_prompt(prompt: str) -> str:
    """Keep prompt lines from being read as a new question heading."""
    return "\n".join("\\" + line if line.startswith("## ") else line
                     for line in prompt.splitlines())


def questions_to_markdown(questions: list[QuestionSource]) -> str:
    return "\n".join(question_to_markdown(q) for q in questions)


def _escape(text: str) -> str:
    """GIFT-escape text and keep it on one logical line (newlines as \\n)."""
    return _GIFT_SPECIAL.sub(r"\\\1", text).replace("\n", "\\n")


def _weight(option: OptionSource, default_right: bool) -> str:
    if option.weight is None:
        return "=" if option.correct and default_right else "~"
    if option.weight == 100 and default_right:
        return "="
    weight = option.weight
    return f"~%{int(weight) if float(weight).is_integer() else weight}%"


def _feedback(option: OptionSource) -> str:
    return f"#{_escape(option.feedback)}" if option.feedback else ""


def _answers(question: QuestionSource) -> list[str] | None:
    kind = question.type
    if kind == "essay":
        return []
    if kind == "truefalse":
        truth = question.options[0].correct
        right, wrong = (question.options[0], question.options[1]) if truth else \
            (question.options[1], question.options[0])
        return [f"{'TRUE' if truth else 'FALSE'}#{_escape(wrong.feedback)}"
                f"#{_escape(right.feedback)}"]
    if kind == "matching":
        return [f"={_escape(o.text)} -> {_escape(o.match or '')}" for o in question.options]
    if kind == "numerical":
        lines = ["#"]
        for option in question.options:
            if option.text.strip() == "*":
                lines.append(f"~{_feedback(option)}")
                continue
            value = re.sub(r"\s*(\+-|±)\s*", ":", option.text.strip())
            prefix = "=" if option.weight is None else f"=%{option.weight}%"
            lines.append(f"{prefix}{value}{_feedback(option)}")
        return lines
    if kind == "short":
        return [("=" if o.weight is None and o.correct else f"=%{o.weight or 0}%")
                + _escape(o.text) + _feedback(o) for o in question.options]
    correct = sum(o.correct for o in question.options)
    if kind in ("multiple", "artefact") and correct != 1 \
            and all(o.weight is None for o in question.options):
        share = round(100 / correct, 5)
        return [f"~%{share if o.correct else -share}%{_escape(o.text)}{_feedback(o)}"
                for o in question.options]
    single = kind == "single" or (kind == "artefact" and correct == 1)
    return [f"{_weight(o, single)}{_escape(o.text)}{_feedback(o)}" for o in question.options]


def _hint(question: QuestionSource) -> str:
    parts = [f"key={question.key}", f"type={question.type}", f"tags={','.join(question.tags)}"]
    parts += [f"{name}={value}" for name, value in question.settings.items()]
    return "// coursehub: " + "; ".join(parts)


def questions_to_gift(questions: list[QuestionSource]) -> tuple[str, list[str]]:
    """GIFT text for the questions, and the keys of those GIFT cannot hold."""
    blocks, skipped, category = [], [], None
    for question in questions:
        if question.type in NOT_IN_GIFT:
            skipped.append(question.key)
            continue
        lines = []
        tags = "/".join(question.tags)
        if tags and tags != category:
            lines += [f"$CATEGORY: $course$/{tags}", ""]
            category = tags
        lines.append(_hint(question))
        head = f"::{_escape(question.key)}::[markdown]{_escape(question.prompt)}"
        answers = _answers(question)
        if question.type == "description":
            lines.append(head)
        else:
            body = answers + ([f"####{_escape(question.explanation)}"]
                              if question.explanation else [])
            lines.append(head + "{" + ("\n" + "\n".join(body) + "\n" if body else "") + "}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n", skipped
