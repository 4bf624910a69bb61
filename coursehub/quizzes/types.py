"""The registry of question types.

Each type knows how to check a parsed question, build the definition that is
stored, present it to one attempt (shuffling options from a seeded random
generator), read a learner's answer from a submitted form (mapping what was
shown back to the stored order), and grade it. Grading is a pure function of
the stored definition and the answer, returning 0..1.

Choice types live here; the others are in :mod:`coursehub.quizzes.types_extra`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from typing import ClassVar

from coursehub.content.source import QuestionSource
from coursehub.core.markdown import (
    ARTEFACT_LANGUAGES,
    render_artefact,
    render_inline,
    render_markdown,
)

QUESTION_TYPES: dict[str, QuestionType] = {}
Problems = list[tuple[int, str]]


def register(cls: type[QuestionType]) -> type[QuestionType]:
    QUESTION_TYPES[cls.name] = cls()
    return cls


def get_type(name: str) -> QuestionType:
    return QUESTION_TYPES[name]


def shuffled(count: int, rng: random.Random, differ: bool = False) -> list[int]:
    """A permutation of ``range(count)``; with ``differ``, never the identity (count > 1)."""
    order = list(range(count))
    rng.shuffle(order)
    if differ and count > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def to_index(value: str, count: int) -> int | None:
    return int(value) if value.isdigit() and int(value) < count else None


class QuestionType:
    """Base for choice-based question types; options are answered by index."""

    name: ClassVar[str]
    label: ClassVar[str]
    template: ClassVar[str] = "quizzes/types/choice.html"
    result_template: ClassVar[str] = "quizzes/types/choice_result.html"
    input_kind: ClassVar[str] = "radio"
    graded: ClassVar[bool] = True  # False: kept and shown, never scored

    def check(self, question: QuestionSource) -> Problems:
        """Type-specific problems with the parsed question, as (line, message)."""
        return []

    def prompt_text(self, question: QuestionSource) -> str:
        """The Markdown rendered as the question's prompt."""
        return question.prompt

    def build_definition(
        self, question: QuestionSource, render: Callable[[str], str] = render_markdown
    ) -> dict:
        """The stored definition: rendered options, correctness and feedback."""
        options = []
        for option in question.options:
            item = {"html": str(render_inline(option.text)), "correct": option.correct,
                    "feedback_html": str(render(option.feedback))}
            if option.weight is not None:
                item["weight"] = option.weight
            options.append(item)
        return {"options": options}

    def present(self, definition: dict, rng: random.Random, shuffle: bool) -> dict:
        """What one attempt shows: the order of the options (stored indices)."""
        count = len(definition.get("options", []))
        return {"order": shuffled(count, rng) if shuffle else list(range(count))}

    def input_for(self, definition: dict) -> str:
        return self.input_kind

    def parse_answer(self, definition: dict, values: Sequence[str],
                     shown: dict | None = None) -> list:
        """Stored option indices chosen, from the submitted (displayed) positions."""
        count = len(definition["options"])
        order = (shown or {}).get("order") or list(range(count))
        picked = [to_index(v, count) for v in values]
        chosen = sorted({order[i] for i in picked if i is not None})
        return chosen[:1] if self.input_for(definition) == "radio" else chosen

    def grade(self, definition: dict, answer: Sequence) -> float:
        raise NotImplementedError

    @staticmethod
    def correct_indices(definition: dict) -> list[int]:
        return [i for i, option in enumerate(definition["options"]) if option["correct"]]


@register
class SingleChoice(QuestionType):
    name = "single"
    label = "Single choice"

    def check(self, question: QuestionSource) -> Problems:
        if any(o.weight is not None for o in question.options):
            if sum(1 for o in question.options if o.weight == 100) != 1:
                return [(question.line, "a single-choice question with weights needs exactly "
                                        "one option weighted 100%")]
            return []
        correct = sum(o.correct for o in question.options)
        if correct != 1:
            return [(question.line, f"a single-choice question needs exactly one correct "
                                    f"option ('- [x]'); found {correct}")]
        return []

    def build_definition(self, question: QuestionSource,
                         render: Callable[[str], str] = render_markdown) -> dict:
        definition = super().build_definition(question, render)
        for option in definition["options"]:
            if "weight" in option:  # partly right options are not "the" correct one
                option["correct"] = option["weight"] >= 100
        return definition

    def grade(self, definition: dict, answer: Sequence[int]) -> float:
        options = definition["options"]
        if any("weight" in o for o in options):  # Moodle-style partial credit
            chosen = [options[i].get("weight", 0) for i in answer[:1] if i < len(options)]
            return max(0.0, min(1.0, chosen[0] / 100)) if chosen else 0.0
        return 1.0 if list(answer) == self.correct_indices(definition) else 0.0


@register
class TrueFalse(SingleChoice):
    name = "truefalse"
    label = "True or false"

    def check(self, question: QuestionSource) -> Problems:
        problems = super().check(question)
        if len(question.options) != 2:
            problems.append((question.line, "a true/false question has exactly two options, "
                                            "true first, then false"))
        return problems

    def present(self, definition: dict, rng: random.Random, shuffle: bool) -> dict:
        return {"order": [0, 1]}  # true first, always


@register
class MultipleChoice(QuestionType):
    """Several options may be correct; partial credit.

    With ``c`` correct options, ``r`` of them chosen and ``w`` wrong ones
    chosen, the score is ``max(0, (r - w) / c)``. When the options carry
    weights (``- [50%]``, ``- [-100%]``, as in Moodle), the score is the sum of
    the chosen weights, between 0 and 100%.
    """

    name = "multiple"
    label = "Multiple choice"
    input_kind = "checkbox"

    def check(self, question: QuestionSource) -> Problems:
        if not any(o.correct for o in question.options):
            return [(question.line, "a multiple-choice question needs at least one correct "
                                    "option ('- [x]')")]
        weights = [o.weight for o in question.options if o.weight is not None]
        if weights and len(weights) != len(question.options):
            return [(question.line, "give every option a weight ('- [50%]', '- [-100%]') "
                                    "or none")]
        if weights and sum(w for w in weights if w > 0) < 99:
            return [(question.line, "the positive weights must add up to 100%")]
        return []

    def grade(self, definition: dict, answer: Sequence[int]) -> float:
        options = definition["options"]
        chosen = set(answer)
        if any("weight" in o for o in options):
            total = sum(options[i].get("weight", 0) for i in chosen if i < len(options))
            return max(0.0, min(1.0, total / 100))
        correct = set(self.correct_indices(definition))
        right = len(chosen & correct)
        wrong = len(chosen - correct)
        return max(0.0, (right - wrong) / len(correct))


_FENCE_BLOCK = re.compile(r"^(```|~~~)[ \t]*([\w+-]*)[^\n]*\n(.*?)\n\1[ \t]*$", re.M | re.S)


@register
class Artefact(QuestionType):
    """A question about an evidence artefact: the first fenced block of the prompt,
    shown highlighted (RDAP JSON, DNS records, e-mail headers, a log line), with
    choice options graded as single (one correct) or multiple choice."""

    name = "artefact"
    label = "Evidence artefact"
    template = "quizzes/types/artefact.html"
    result_template = "quizzes/types/artefact_result.html"

    def check(self, question: QuestionSource) -> Problems:
        problems: Problems = []
        block = _FENCE_BLOCK.search(question.prompt)
        if block is None:
            problems.append((question.line, "an artefact question shows its evidence in a "
                                            "fenced code block (```json ... ```) in the text"))
        elif block.group(2) and block.group(2).lower() not in ARTEFACT_LANGUAGES:
            problems.append((question.line, f"unknown artefact language {block.group(2)!r} "
                                            f"(known: {', '.join(ARTEFACT_LANGUAGES)})"))
        if not any(o.correct for o in question.options):
            problems.append((question.line, "an artefact question needs at least one correct "
                                            "option ('- [x]')"))
        return problems

    def prompt_text(self, question: QuestionSource) -> str:
        return _FENCE_BLOCK.sub("", question.prompt, count=1).strip()

    def build_definition(self, question: QuestionSource,
                         render: Callable[[str], str] = render_markdown) -> dict:
        definition = super().build_definition(question, render)
        block = _FENCE_BLOCK.search(question.prompt)
        language = block.group(2).lower() if block else ""
        definition["artefact_language"] = language
        definition["artefact_html"] = str(render_artefact(block.group(3) if block else "",
                                                          language))
        return definition

    def input_for(self, definition: dict) -> str:
        return "radio" if len(self.correct_indices(definition)) == 1 else "checkbox"

    def grade(self, definition: dict, answer: Sequence[int]) -> float:
        if self.input_for(definition) == "radio":
            return SingleChoice.grade(self, definition, answer)
        return MultipleChoice.grade(self, definition, answer)


from coursehub.quizzes import types_extra  # noqa: E402, F401 - registers the other types
