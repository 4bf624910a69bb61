"""Parser for ``quiz.md``: questions as Markdown-like blocks.

See docs/authoring.md for the syntax. The parser records every problem with
its line number and keeps going, so an author sees all mistakes at once.
"""

from __future__ import annotations

import re

from coursehub.content.source import OptionSource, QuestionSource

KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEADING = re.compile(r"^##\s+(.*?)\s*$")
_OPTION = re.compile(r"^- \[([ xX]|-?\d{1,3}(?:\.\d+)?%)\]\s+(.*\S)\s*$")
_PAIR = re.compile(r"^- (?!\[)(.*?)\s*->\s*(.*\S)\s*$")
_ITEM = re.compile(r"^\d{1,2}\.\s+(.*\S)\s*$")
_FEEDBACK = re.compile(r"^  >\s?(.*)$")
_SETTING = re.compile(r"^([A-Za-z_-]+):\s*(.*?)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
SETTINGS = ("type", "tags", "ignore_case", "ignore_accents", "draw")
# Types whose options are '- [x]' choices with feedback, checked here as before.
CHOICE_TYPES = (None, "single", "multiple", "truefalse", "artefact")
# Types that need no explanation paragraph.
NO_EXPLANATION = ("essay", "description", "draw")


class _QuizParser:
    def __init__(self) -> None:
        self.questions: list[QuestionSource] = []
        self.problems: list[tuple[int, str]] = []
        self.current: QuestionSource | None = None
        self.state = "preamble"
        self.in_fence: str | None = None
        self.prompt_lines: list[str] = []
        self.explanation_lines: list[str] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append((line, message))

    def parse(self, text: str) -> None:
        for number, raw in enumerate(text.splitlines(), start=1):
            self.feed(number, raw.rstrip("\r"))
        self.finish_question(len(text.splitlines()) + 1)

    def feed(self, number: int, line: str) -> None:
        fence = _FENCE.match(line)
        if self.in_fence:
            if fence and fence.group(1) == self.in_fence:
                self.in_fence = None
            self.text_line(number, line)
            return
        heading = _HEADING.match(line)
        if heading:
            self.finish_question(number)
            self.start_question(number, heading.group(1))
            return
        if self.state == "preamble":
            return
        if fence and self.state in ("prompt", "settings", "explanation"):
            self.in_fence = fence.group(1)
            self.state = "prompt" if self.state == "settings" else self.state
            self.text_line(number, line)
            return
        getattr(self, f"line_in_{self.state}")(number, line)

    def text_line(self, number: int, line: str) -> None:
        if self.state == "explanation":
            self.explanation_lines.append(line)
        else:
            self.state = "prompt" if self.state == "settings" else self.state
            self.prompt_lines.append(line)

    def start_question(self, number: int, key: str) -> None:
        if not KEY_PATTERN.match(key):
            self.problem(
                number,
                f"question key {key!r} must use lowercase letters, digits and hyphens",
            )
        if any(q.key == key for q in self.questions):
            self.problem(number, f"duplicate question key {key!r}")
        self.current = QuestionSource(key=key, line=number)
        self.state = "settings"
        self.prompt_lines, self.explanation_lines = [], []

    def line_in_settings(self, number: int, line: str) -> None:
        if not line.strip():
            self.state = "prompt"
            return
        setting = _SETTING.match(line)
        if not setting:
            self.problem(
                number,
                "expected a setting such as 'type: single' here; "
                "leave a blank line between the settings and the question text",
            )
            self.state = "prompt"
            self.prompt_lines.append(line)
            return
        name, value = setting.group(1).lower(), setting.group(2)
        assert self.current is not None
        if name == "type":
            self.current.type = value.lower()
        elif name == "tags":
            self.current.tags = [t.strip() for t in value.split(",") if t.strip()]
        elif name in SETTINGS:
            self.current.settings[name] = value
            if name == "draw":
                self.current.type = self.current.type or "draw"
        else:
            self.problem(number, f"unknown setting {name!r} (known: {', '.join(SETTINGS)})")

    def _is_option(self, line: str) -> bool:
        kind = self.current.type if self.current else None
        if kind == "matching":
            return bool(_PAIR.match(line))
        if kind == "ordering":
            return bool(_ITEM.match(line))
        return bool(_OPTION.match(line))

    def line_in_prompt(self, number: int, line: str) -> None:
        if self._is_option(line):
            self.state = "options"
            self.line_in_options(number, line)
        elif line.startswith("Explanation:"):
            self.problem(number, "the explanation comes after the options; no options found")
            self.state = "explanation"
            self.explanation_lines.append(line[len("Explanation:") :])
        else:
            self.prompt_lines.append(line)

    def line_in_options(self, number: int, line: str) -> None:
        assert self.current is not None
        option = self._option(number, line) if self._is_option(line) else None
        feedback = _FEEDBACK.match(line)
        if option:
            self.current.options.append(option)
        elif feedback:
            if not self.current.options:
                self.problem(number, "feedback line before any option")
                return
            target = self.current.options[-1]
            target.feedback = f"{target.feedback}\n{feedback.group(1)}".strip("\n")
        elif line.startswith("Explanation:"):
            self.state = "explanation"
            self.explanation_lines.append(line[len("Explanation:") :])
        elif line.strip():
            self.problem(
                number,
                "unexpected text among the options: an option starts with '- [ ] ' or "
                "'- [x] ', its feedback lines with two spaces and '> ', "
                "and the explanation with 'Explanation:'",
            )

    def _option(self, number: int, line: str) -> OptionSource:
        kind = self.current.type if self.current else None
        if kind == "matching":
            pair = _PAIR.match(line)
            return OptionSource(text=pair.group(1), correct=True, line=number,
                                match=pair.group(2))
        if kind == "ordering":
            return OptionSource(text=_ITEM.match(line).group(1), correct=True, line=number)
        option = _OPTION.match(line)
        mark = option.group(1)
        if mark.endswith("%"):
            weight = float(mark[:-1])
            weight = int(weight) if weight.is_integer() else weight
            if not -100 <= weight <= 100:
                self.problem(number, "a weight must be between -100% and 100%")
            return OptionSource(text=option.group(2), correct=weight > 0, line=number,
                                weight=weight)
        return OptionSource(text=option.group(2), correct=mark != " ", line=number)

    def line_in_explanation(self, number: int, line: str) -> None:
        self.explanation_lines.append(line)

    def finish_question(self, number: int) -> None:
        question = self.current
        if question is None:
            return
        if self.in_fence:
            self.problem(number - 1, "a fenced code block is not closed")
            self.in_fence = None
        question.prompt = "\n".join(self.prompt_lines).strip()
        question.explanation = "\n".join(self.explanation_lines).strip()
        if not question.prompt and question.type != "draw":
            self.problem(question.line, f"question {question.key!r} has no text")
        if question.type in CHOICE_TYPES:
            self._check_choices(question)
        if not question.explanation and question.type not in NO_EXPLANATION:
            self.problem(
                question.line, f"question {question.key!r} has no 'Explanation:' paragraph"
            )
        if question.type is None:
            correct = sum(o.correct for o in question.options)
            question.type = "multiple" if correct > 1 else "single"
        self.questions.append(question)
        self.current = None
        self.state = "preamble"

    def _check_choices(self, question: QuestionSource) -> None:
        if len(question.options) < 2:
            self.problem(question.line, f"question {question.key!r} needs at least two options")
        for option in question.options:
            if not option.feedback.strip():
                self.problem(option.line, "option has no feedback (add a line '  > ...' below it)")


def parse_quiz(text: str) -> tuple[list[QuestionSource], list[tuple[int, str]]]:
    """Parse quiz Markdown into questions, and ``(line, message)`` problems."""
    parser = _QuizParser()
    parser.parse(text)
    return parser.questions, parser.problems
