"""The registry of question types.

Each type knows how to check a parsed question, build the definition that is
stored, read a learner's answer from a submitted form, and grade it. Grading
is a pure function of the stored definition and the answer, returning 0..1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from coursehub.content.source import QuestionSource
from coursehub.core.markdown import render_inline, render_markdown

QUESTION_TYPES: dict[str, QuestionType] = {}


def register(cls: type[QuestionType]) -> type[QuestionType]:
    QUESTION_TYPES[cls.name] = cls()
    return cls


def get_type(name: str) -> QuestionType:
    return QUESTION_TYPES[name]


class QuestionType:
    """Base for choice-based question types; options are answered by index."""

    name: ClassVar[str]
    label: ClassVar[str]
    template: ClassVar[str] = "quizzes/types/choice.html"
    input_kind: ClassVar[str] = "radio"

    def check(self, question: QuestionSource) -> list[tuple[int, str]]:
        """Type-specific problems with the parsed question, as (line, message)."""
        return []

    def build_definition(
        self, question: QuestionSource, render: Callable[[str], str] = render_markdown
    ) -> dict:
        """The stored definition: rendered options, correctness and feedback."""
        return {
            "options": [
                {
                    "html": str(render_inline(option.text)),
                    "correct": option.correct,
                    "feedback_html": str(render(option.feedback)),
                }
                for option in question.options
            ]
        }

    def parse_answer(self, definition: dict, values: Sequence[str]) -> list[int]:
        """Option indices chosen, from the submitted form values (bad ones dropped)."""
        count = len(definition["options"])
        chosen = sorted({int(v) for v in values if v.isdigit() and int(v) < count})
        return chosen[:1] if self.input_kind == "radio" else chosen

    def grade(self, definition: dict, answer: Sequence[int]) -> float:
        raise NotImplementedError

    @staticmethod
    def correct_indices(definition: dict) -> list[int]:
        return [i for i, option in enumerate(definition["options"]) if option["correct"]]


@register
class SingleChoice(QuestionType):
    name = "single"
    label = "Single choice"

    def check(self, question: QuestionSource) -> list[tuple[int, str]]:
        correct = sum(o.correct for o in question.options)
        if correct != 1:
            return [(question.line, f"a single-choice question needs exactly one correct "
                                    f"option ('- [x]'); found {correct}")]
        return []

    def grade(self, definition: dict, answer: Sequence[int]) -> float:
        return 1.0 if list(answer) == self.correct_indices(definition) else 0.0


@register
class TrueFalse(SingleChoice):
    name = "truefalse"
    label = "True or false"

    def check(self, question: QuestionSource) -> list[tuple[int, str]]:
        problems = super().check(question)
        if len(question.options) != 2:
            problems.append((question.line, "a true/false question has exactly two options, "
                                            "true first, then false"))
        return problems


@register
class MultipleChoice(QuestionType):
    """Several options may be correct; partial credit.

    With ``c`` correct options, ``r`` of them chosen and ``w`` wrong ones
    chosen, the score is ``max(0, (r - w) / c)``.
    """

    name = "multiple"
    label = "Multiple choice"
    input_kind = "checkbox"

    def check(self, question: QuestionSource) -> list[tuple[int, str]]:
        if not any(o.correct for o in question.options):
            return [(question.line, "a multiple-choice question needs at least one correct "
                                    "option ('- [x]')")]
        return []

    def grade(self, definition: dict, answer: Sequence[int]) -> float:
        correct = set(self.correct_indices(definition))
        chosen = set(answer)
        right = len(chosen & correct)
        wrong = len(chosen - correct)
        return max(0.0, (right - wrong) / len(correct))
