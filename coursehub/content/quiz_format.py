"""Parser for ``quiz.md``: questions as Markdown-like blocks.

See docs/authoring.md for the syntax. The parser records every problem with
its line number and keeps going, so an author sees all mistakes at once.
"""

from __future__ import annotations

import re

from coursehub.content.source import OptionSource, QuestionSource

KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEADING = re.compile(r"^##\s+(.*?)\s*$")
_OPTION = re.compile(r"^- \[([ xX])\]\s+(.*\S)\s*$")
_FEEDBACK = re.compile(r"^  >\s?(.*)$")
_SETTING = re.compile(r"^([A-Za-z_-]+):\s*(.*?)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
SETTINGS = ("type", "tags")


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
        else:
            self.problem(number, f"unknown setting {name!r} (known: {', '.join(SETTINGS)})")

    def line_in_prompt(self, number: int, line: str) -> None:
        option = _OPTION.match(line)
        if option:
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
        option = _OPTION.match(line)
        feedback = _FEEDBACK.match(line)
        if option:
            self.current.options.append(
                OptionSource(text=option.group(2), correct=option.group(1) != " ", line=number)
            )
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
        if not question.prompt:
            self.problem(question.line, f"question {question.key!r} has no text")
        if len(question.options) < 2:
            self.problem(question.line, f"question {question.key!r} needs at least two options")
        for option in question.options:
            if not option.feedback.strip():
                self.problem(option.line, "option has no feedback (add a line '  > ...' below it)")
        if not question.explanation:
            self.problem(
                question.line, f"question {question.key!r} has no 'Explanation:' paragraph"
            )
        if question.type is None:
            correct = sum(o.correct for o in question.options)
            question.type = "multiple" if correct > 1 else "single"
        self.questions.append(question)
        self.current = None
        self.state = "preamble"


def parse_quiz(text: str) -> tuple[list[QuestionSource], list[tuple[int, str]]]:
    """Parse quiz Markdown into questions, and ``(line, message)`` problems."""
    parser = _QuizParser()
    parser.parse(text)
    return parser.questions, parser.problems
