"""Question types beyond choices: short answer, numerical, matching, ordering,
essay and description (kept, not auto-graded), and draws from the question bank."""

from __future__ import annotations

import math
import random
import re
import unicodedata
from collections.abc import Callable, Sequence

from coursehub.content.source import QuestionSource
from coursehub.core.markdown import render_inline, render_markdown
from coursehub.quizzes.types import Problems, QuestionType, register, shuffled, to_index

MAX_TEXT_ANSWER = 2000
MAX_ESSAY = 20000
_YES, _NO = ("yes", "true", "on"), ("no", "false", "off")


def _weight(option) -> int:
    return option.weight if option.weight is not None else (100 if option.correct else 0)


def _yes_no(question: QuestionSource, name: str, default: bool) -> bool:
    value = question.settings.get(name, "").strip().lower()
    return default if not value else value in _YES


def _check_yes_no(question: QuestionSource, names: Sequence[str]) -> Problems:
    return [(question.line, f"{name} must be yes or no") for name in names
            if question.settings.get(name, "yes").strip().lower() not in _YES + _NO]


def normalise(text: str, ignore_case: bool, ignore_accents: bool) -> str:
    """Trim and collapse spaces; optionally fold case and drop accents (é -> e)."""
    text = " ".join(text.split())
    if ignore_accents:
        text = "".join(c for c in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(c))
    return text.casefold() if ignore_case else text


class _TextAnswer(QuestionType):
    """Answered by typing: the answer is ``[text]``."""

    template = "quizzes/types/text.html"
    result_template = "quizzes/types/text_result.html"
    input_kind = "text"

    def present(self, definition: dict, rng: random.Random, shuffle: bool) -> dict:
        return {}

    def parse_answer(self, definition: dict, values: Sequence[str],
                     shown: dict | None = None) -> list:
        text = (values[0] if values else "").strip()
        return [text[:MAX_TEXT_ANSWER]] if text else []

    def best(self, definition: dict, answer: Sequence) -> dict | None:
        """The stored answer that the learner's answer matches best, if any."""
        matches = [a for a in definition["answers"] if answer and self.matches(definition, a,
                                                                              answer[0])]
        return max(matches, key=lambda a: a["weight"], default=None)

    def matches(self, definition: dict, accepted: dict, given: str) -> bool:
        raise NotImplementedError

    def grade(self, definition: dict, answer: Sequence) -> float:
        best = self.best(definition, answer)
        return max(0.0, best["weight"] / 100) if best else 0.0


@register
class ShortAnswer(_TextAnswer):
    """Accepted answers (``- [x]``, partial ``- [50%]``, ``*`` as a wildcard);
    ``ignore_case`` (default yes) and ``ignore_accents`` (default no)."""

    name = "short"
    label = "Short answer"

    def check(self, question: QuestionSource) -> Problems:
        problems = _check_yes_no(question, ("ignore_case", "ignore_accents"))
        if not any(_weight(o) > 0 for o in question.options):
            problems.append((question.line, "a short-answer question needs at least one "
                                             "accepted answer ('- [x] answer')"))
        return problems

    def build_definition(self, question: QuestionSource,
                         render: Callable[[str], str] = render_markdown) -> dict:
        return {
            "ignore_case": _yes_no(question, "ignore_case", True),
            "ignore_accents": _yes_no(question, "ignore_accents", False),
            "answers": [{"text": o.text, "weight": _weight(o),
                         "feedback_html": str(render(o.feedback))} for o in question.options],
        }

    def matches(self, definition: dict, accepted: dict, given: str) -> bool:
        fold = (definition["ignore_case"], definition["ignore_accents"])
        pattern = ".*".join(re.escape(normalise(p, *fold)) for p in accepted["text"].split("*"))
        return re.fullmatch(pattern, normalise(given, *fold), flags=re.S) is not None


_NUMBER = r"[-+]?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?"
_TOLERANCE = re.compile(rf"^({_NUMBER})(?:\s*(?:\+-|±|:)\s*({_NUMBER}))?$")
_RANGE = re.compile(rf"^({_NUMBER})\s*\.\.\s*({_NUMBER})$")


def parse_number(text: str) -> float | None:
    """A number as a learner types it: '1822', '3,1416', '-2.5e3', ' 1 000 '."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(_NUMBER, cleaned):
        return None
    value = float(cleaned.replace(",", "."))
    return value if math.isfinite(value) else None


def numeric_bounds(text: str) -> tuple[float, float] | None:
    """'1822', '1822 +- 2' (or '±', ':'), '1..5' -> (min, max); '*' -> None bounds."""
    text = text.strip()
    tolerance, span = _TOLERANCE.match(text), _RANGE.match(text)
    if tolerance:
        value = parse_number(tolerance.group(1))
        margin = abs(parse_number(tolerance.group(2))) if tolerance.group(2) else 0.0
        return value - margin, value + margin
    if span:
        low, high = sorted((parse_number(span.group(1)), parse_number(span.group(2))))
        return low, high
    return None


@register
class Numerical(_TextAnswer):
    """Accepted values with a tolerance (``1822 +- 2``) or a range (``1..5``)."""

    name = "numerical"
    label = "Numerical"
    input_kind = "number"

    def check(self, question: QuestionSource) -> Problems:
        problems = []
        for option in question.options:
            if option.text.strip() != "*" and numeric_bounds(option.text) is None:
                problems.append((option.line, f"{option.text!r} is not a number, 'number +- "
                                              "tolerance', 'low..high' or '*'"))
        if not any(_weight(o) > 0 for o in question.options):
            problems.append((question.line, "a numerical question needs at least one accepted "
                                             "value ('- [x] 42')"))
        return problems

    def build_definition(self, question: QuestionSource,
                         render: Callable[[str], str] = render_markdown) -> dict:
        answers = []
        for option in question.options:
            bounds = numeric_bounds(option.text) if option.text.strip() != "*" else None
            answers.append({"text": option.text.strip(), "weight": _weight(option),
                            "min": bounds[0] if bounds else None,
                            "max": bounds[1] if bounds else None,
                            "feedback_html": str(render(option.feedback))})
        return {"answers": answers}

    def matches(self, definition: dict, accepted: dict, given: str) -> bool:
        value = parse_number(given)
        if value is None:
            return False
        if accepted["min"] is None:
            return True  # '*': any other number
        slack = 1e-9 * max(1.0, abs(value))
        return accepted["min"] - slack <= value <= accepted["max"] + slack


@register
class Matching(QuestionType):
    """Pairs ``- left -> right``; ``- -> extra`` adds a wrong right-hand choice.
    Both sides are shuffled per attempt; each pair right scores a share."""

    name = "matching"
    label = "Matching"
    template = "quizzes/types/matching.html"
    result_template = "quizzes/types/matching_result.html"
    input_kind = "select"

    def check(self, question: QuestionSource) -> Problems:
        pairs = [o for o in question.options if o.text.strip()]
        if len(pairs) < 2:
            return [(question.line, "a matching question needs at least two pairs "
                                    "('- left -> right')")]
        return []

    def build_definition(self, question: QuestionSource,
                         render: Callable[[str], str] = render_markdown) -> dict:
        rights: list[str] = []
        for option in question.options:
            if option.match not in rights:
                rights.append(option.match or "")
        return {
            "pairs": [{"left_html": str(render_inline(o.text)), "right": rights.index(o.match)}
                      for o in question.options if o.text.strip()],
            "rights": [{"html": str(render_inline(r))} for r in rights],
        }

    def present(self, definition: dict, rng: random.Random, shuffle: bool) -> dict:
        return {"left": shuffled(len(definition["pairs"]), rng),
                "right": shuffled(len(definition["rights"]), rng, differ=True)}

    def parse_answer(self, definition: dict, values: Sequence[str],
                     shown: dict | None = None) -> list:
        """For each stored pair, the stored right-hand index chosen (-1: none)."""
        pairs, rights = len(definition["pairs"]), len(definition["rights"])
        left = (shown or {}).get("left") or list(range(pairs))
        right = (shown or {}).get("right") or list(range(rights))
        answer = [-1] * pairs
        for shown_left, value in zip(left, values, strict=False):
            index = to_index(value, rights)
            if index is not None:
                answer[shown_left] = right[index]
        return answer

    def grade(self, definition: dict, answer: Sequence[int]) -> float:
        pairs = definition["pairs"]
        right = sum(1 for pair, given in zip(pairs, answer, strict=False)
                    if given == pair["right"])
        return right / len(pairs) if pairs else 0.0


@register
class Ordering(QuestionType):
    """Items written in the right order (``1. first``); shown shuffled; each item
    in its right place scores a share."""

    name = "ordering"
    label = "Ordering"
    template = "quizzes/types/ordering.html"
    result_template = "quizzes/types/ordering_result.html"
    input_kind = "select"

    def check(self, question: QuestionSource) -> Problems:
        if len(question.options) < 2:
            return [(question.line, "an ordering question needs at least two items "
                                    "('1. first step')")]
        return []

    def build_definition(self, question: QuestionSource,
                         render: Callable[[str], str] = render_markdown) -> dict:
        return {"items": [{"html": str(render_inline(o.text))} for o in question.options]}

    def present(self, definition: dict, rng: random.Random, shuffle: bool) -> dict:
        return {"order": shuffled(len(definition["items"]), rng, differ=True)}

    def parse_answer(self, definition: dict, values: Sequence[str],
                     shown: dict | None = None) -> list:
        """For each stored item, the position (0-based) the learner gave it (-1: none)."""
        count = len(definition["items"])
        order = (shown or {}).get("order") or list(range(count))
        answer = [-1] * count
        for item, value in zip(order, values, strict=False):
            if value.isdigit() and 1 <= int(value) <= count:
                answer[item] = int(value) - 1
        return answer

    def grade(self, definition: dict, answer: Sequence[int]) -> float:
        count = len(definition["items"])
        return sum(1 for i, given in enumerate(answer) if given == i) / count if count else 0.0


@register
class Essay(_TextAnswer):
    """A written answer, kept for the instructor; not auto-graded."""

    name = "essay"
    label = "Essay (not auto-graded)"
    template = "quizzes/types/essay.html"
    result_template = "quizzes/types/essay_result.html"
    graded = False

    def build_definition(self, question: QuestionSource,
                         render: Callable[[str], str] = render_markdown) -> dict:
        return {}

    def parse_answer(self, definition: dict, values: Sequence[str],
                     shown: dict | None = None) -> list:
        text = (values[0] if values else "").strip()
        return [text[:MAX_ESSAY]] if text else []

    def grade(self, definition: dict, answer: Sequence) -> float:
        return 0.0


@register
class Description(Essay):
    """Text between questions; nothing to answer, not graded."""

    name = "description"
    label = "Description (not a question)"
    template = "quizzes/types/description.html"
    result_template = "quizzes/types/description_result.html"

    def parse_answer(self, definition: dict, values: Sequence[str],
                     shown: dict | None = None) -> list:
        return []


_DRAW = re.compile(r"^(\d{1,2})\s+from\s+([\w-]+)$")


def parse_draw(value: str) -> tuple[int, str] | None:
    match = _DRAW.match(value.strip())
    return (int(match.group(1)), match.group(2)) if match else None


@register
class Draw(QuestionType):
    """``draw: N from TAG``: N questions picked per attempt from the question bank
    (questions tagged TAG in other published modules); the pool is fixed at publish."""

    name = "draw"
    label = "Random questions from the bank"
    graded = False

    def check(self, question: QuestionSource) -> Problems:
        if parse_draw(question.settings.get("draw", "")) is None:
            return [(question.line, "write the draw as 'draw: 3 from tag'")]
        if parse_draw(question.settings["draw"])[0] < 1:
            return [(question.line, "draw at least one question")]
        return []

    def build_definition(self, question: QuestionSource,
                         render: Callable[[str], str] = render_markdown) -> dict:
        count, tag = parse_draw(question.settings.get("draw", "")) or (0, "")
        return {"count": count, "tag": tag, "pool": []}

    def present(self, definition: dict, rng: random.Random, shuffle: bool) -> dict:
        return {}

    def parse_answer(self, definition: dict, values: Sequence[str],
                     shown: dict | None = None) -> list:
        return []

    def grade(self, definition: dict, answer: Sequence) -> float:
        return 0.0
