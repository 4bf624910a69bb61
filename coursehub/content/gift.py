"""Moodle's GIFT quiz format: read into CourseHub questions, and write back.

:func:`parse_gift` turns a GIFT file into :class:`QuestionSource` objects
(the same structure ``quiz.md`` parses into) plus located notes; every block
of the file is either a question or a note saying why it is not one.
:func:`questions_to_markdown` writes questions in ``quiz.md`` syntax, and
:func:`questions_to_gift` writes them as GIFT. GIFT has no place for a
question's type hints (artefact, short-answer options), so the writer adds a
``// coursehub: ...`` comment that Moodle ignores and this reader uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coursehub.content.quiz_format import KEY_PATTERN
from coursehub.content.source import OptionSource, QuestionSource

# Escaped characters become private-use placeholders while the text is split.
_ESCAPES = {"\\": "\ue000", "~": "\ue001", "=": "\ue002", "#": "\ue003", "{": "\ue004",
            "}": "\ue005", ":": "\ue006", "n": "\ue007"}
_RESTORE = {v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()}
_ESCAPE_RE = re.compile(r"\\([\\~=#{}:n])")
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.I)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_HINT = re.compile(r"^\s*//\s*coursehub:\s*(.*)$")
_BLANK = "\\_\\_\\_\\_\\_"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_STRAY = re.compile(r'^[\s";]+$')


@dataclass
class GiftNote:
    """Something about one block of the file: a skipped question or a warning."""

    line: int
    message: str
    skipped: bool = False


@dataclass
class GiftResult:
    questions: list[QuestionSource] = field(default_factory=list)
    notes: list[GiftNote] = field(default_factory=list)


def _protect(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(1)], text)


def _restore(text: str) -> str:
    return "".join(_RESTORE.get(c, c) for c in text)


def _formatted(raw: str, default: str = "moodle") -> tuple[str, str]:
    """(Markdown, format) from protected GIFT text with an optional [format] marker."""
    match = _FORMAT.match(raw)
    kind = match.group(1).lower() if match else default
    text = raw[match.end():] if match else raw
    text = _restore(text).strip()
    if kind in ("plain", "moodle"):
        text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return text, kind


def _one_line(raw: str, fmt: str = "moodle") -> str:
    return " ".join(_formatted(raw, fmt)[0].split())


def _feedback(raw: str, fmt: str = "moodle") -> str:
    return "\n".join(line.strip() for line in _formatted(raw, fmt)[0].splitlines()).strip()


def slugify(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:60].strip("-")


def _blocks(text: str) -> list[tuple[int, list[str], dict[str, str]]]:
    """Question blocks separated by blank lines: (first line, lines, hints)."""
    blocks, current, start, hints = [], [], 0, {}
    for number, line in enumerate(text.splitlines(), start=1):
        hint = _HINT.match(line)
        if hint:
            hints = dict(part.strip().split("=", 1) for part in hint.group(1).split(";")
                         if "=" in part)
            continue
        if line.lstrip().startswith("//"):
            continue
        if not line.strip():
            if current:
                blocks.append((start, current, hints))
                current, hints = [], {}
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, current, hints))
    return blocks


class _GiftReader:
    def __init__(self) -> None:
        self.result = GiftResult()
        self.tags: list[str] = []
        self.keys: set[str] = set()

    def note(self, line: int, message: str, skipped: bool = False) -> None:
        self.result.notes.append(GiftNote(line, message, skipped))

    def read(self, text: str) -> GiftResult:
        for line, lines, hints in _blocks(text.lstrip("\ufeff")):
            if lines[0].strip().startswith("$CATEGORY:"):
                self.tags = [slugify(part) for part in
                             lines[0].split(":", 1)[1].strip().split("/")
                             if part.strip() and not re.fullmatch(r"\$\w+\$", part.strip())]
                self.tags = [t for t in self.tags if t]
                lines = lines[1:]
                line += 1
                if not lines:
                    continue
            self.block(line, _protect("\n".join(lines)), hints)
        return self.result

    def key_for(self, title: str, prompt: str, line: int) -> str:
        base = title if KEY_PATTERN.match(title) else slugify(title)
        if not base:
            base = slugify(" ".join(prompt.split()[:6])) or f"question-{line}"
        key, number = base, 2
        while key in self.keys:
            key, number = f"{base}-{number}", number + 1
        self.keys.add(key)
        return key

    def block(self, line: int, text: str, hints: dict[str, str]) -> None:
        title, original = "", text
        match = re.match(r"^\s*::(.*?)::", text, flags=re.S)
        if match:
            title = _restore(match.group(1)).strip()
            text = text[match.end():]
        start, end = text.find("{"), text.rfind("}")
        if start == -1 and end == -1:
            prompt, _ = _formatted(text)
            self.add(line, title, "description", prompt, [], "", hints)
            self.note(line, "description (no answer block): kept, not a graded question")
            return
        if start == -1 or end < start:
            self.note(line, "skipped: the answer block has no matching '{' and '}'", True)
            return
        after = text[end + 1:]
        if after.strip() and _STRAY.match(after):
            stray_line = line + original[:original.rfind("}")].count("\n")
            self.note(stray_line, f"ignored the stray {after.strip()!r} after the answer block")
            after = ""
        fmt = _FORMAT.match(text)
        default = fmt.group(1).lower() if fmt else "moodle"
        before = text[:start]
        if after.strip():  # missing word: the blank stands where the answers were
            tail = after.strip()
            joint = "" if tail[0] in ".,;:!?)" else " "
            before = f"{before.rstrip()} \ue008{joint}{tail}" if before.strip() else after
        prompt, _ = _formatted(before, default)
        prompt = prompt.replace("\ue008", _BLANK)
        answers, general = text[start + 1:end], ""
        if "####" in answers:
            answers, general = answers.split("####", 1)
        explanation = _feedback(general, default)
        try:
            kind, options, settings = self.answers(answers.strip(), default)
        except ValueError as error:
            self.note(line, f"skipped: {error}", True)
            return
        if kind == "multiple" and hints.get("type") in ("multiple", "artefact"):
            _drop_formula_weights(options)
        if kind in ("single", "multiple") and hints.get("type") == "artefact":
            kind = "artefact"
        for name in ("ignore_case", "ignore_accents"):
            if name in hints:
                settings[name] = hints[name]
        if after.strip():
            self.note(line, "missing-word question: the blank is shown as _____ in the text")
        if kind == "essay":
            self.note(line, "essay: kept, not auto-graded")
        self.add(line, title, kind, prompt, options, explanation, hints, settings)

    def add(self, line, title, kind, prompt, options, explanation, hints, settings=None):
        key = self.key_for(hints.get("key") or title, _restore(prompt), line)
        tags = [t for t in hints["tags"].split(",") if t] if "tags" in hints else list(self.tags)
        self.result.questions.append(QuestionSource(
            key=key, line=line, type=kind, tags=tags, settings=settings or {}, prompt=prompt,
            options=options, explanation=explanation))

    def answers(self, text: str, fmt: str) -> tuple[str, list[OptionSource], dict]:
        if not text:
            return "essay", [], {}
        if text.startswith("#"):
            return "numerical", self.numerical(text[1:], fmt), {}
        head = text.split("#", 1)[0].strip().upper()
        if head in ("T", "TRUE", "F", "FALSE"):
            return "truefalse", self.truefalse(text, fmt), {}
        items = _items(text)
        if "~" in text:
            options = [self.choice(marker, body, fmt) for marker, body in items]
            hundred = sum(1 for o in options if o.weight == 100)
            weighted = any(o.weight not in (0, 100) for o in options)
            if hundred == 1:
                if not weighted:
                    for option in options:
                        option.weight = None
                return "single", options, {}
            if not any(o.weight and o.weight > 0 for o in options):
                raise ValueError("a multiple-choice question with no right answer")
            return "multiple", options, {}
        if "->" in text:
            pairs = [self.pair(body, fmt) for _, body in items]
            if sum(1 for p in pairs if p.text) < 2:
                raise ValueError("a matching question needs at least two pairs")
            return "matching", pairs, {}
        options = [self.choice(marker, body, fmt, literal=True) for marker, body in items]
        for option in options:
            if option.weight in (0, 100):
                option.weight = None
        if not options:
            raise ValueError(f"cannot tell the question type from {{{_restore(text)}}}")
        return "short", options, {"ignore_case": "yes"}

    def choice(self, marker: str, body: str, fmt: str, literal: bool = False) -> OptionSource:
        weight = 100.0 if marker == "=" else 0.0
        match = _WEIGHT.match(body.strip())
        if match:
            weight = float(match.group(1))
            body = body.strip()[match.end():]
        text, _, feedback = body.partition("#")
        weight_value = int(weight) if weight.is_integer() else weight
        shown = " ".join(_restore(_FORMAT.sub("", text)).split()) if literal \
            else _one_line(text, fmt)
        return OptionSource(text=shown, correct=weight > 0, line=0,
                            feedback=_feedback(feedback, fmt), weight=weight_value)

    def pair(self, body: str, fmt: str) -> OptionSource:
        left, _, right = body.partition("->")
        return OptionSource(text=_one_line(left, fmt), correct=True, line=0,
                            match=_one_line(right, fmt))

    def truefalse(self, text: str, fmt: str) -> list[OptionSource]:
        parts = text.split("#")
        truth = parts[0].strip().upper().startswith("T")
        wrong = _feedback(parts[1], fmt) if len(parts) > 1 else ""
        right = _feedback(parts[2], fmt) if len(parts) > 2 else ""
        return [OptionSource("True", truth, 0, right if truth else wrong),
                OptionSource("False", not truth, 0, wrong if truth else right)]

    def numerical(self, text: str, fmt: str) -> list[OptionSource]:
        items = _items(text)
        first = re.split(r"[=~]", text, maxsplit=1)[0].strip()
        if first:
            items.insert(0, ("=", first))
        options = []
        for marker, body in items:
            weight = 100.0 if marker == "=" else 0.0
            match = _WEIGHT.match(body.strip())
            if match:
                weight = float(match.group(1))
                body = body.strip()[match.end():]
            value, _, feedback = body.partition("#")
            value = _restore(value).strip()
            if marker == "~" or not value:
                value, weight = "*", 0.0
            elif not _numeric(value):
                raise ValueError(f"{value!r} is not a number, 'number:tolerance' or 'low..high'")
            options.append(OptionSource(
                text=_numeric(value) if value != "*" else "*", correct=weight > 0, line=0,
                feedback=_feedback(feedback, fmt),
                weight=None if weight in (0, 100) else (int(weight) if weight.is_integer()
                                                   else weight)))
        if not any(o.correct for o in options):
            raise ValueError("a numerical question with no right answer")
        return options


def _items(text: str) -> list[tuple[str, str]]:
    """('=' or '~', body) for each answer in a protected answer block."""
    return [(chunk[0], chunk[1:]) for chunk in re.split(r"(?=[=~])", text)
            if chunk and chunk[0] in "=~"]


def _numeric(value: str) -> str | None:
    """'1822', '1822:2', '3.141..3.142' in quiz.md form, or None."""
    number = r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
    if re.fullmatch(number, value):
        return value
    tolerance = re.fullmatch(rf"({number})\s*:\s*({number})", value)
    if tolerance:
        return f"{tolerance.group(1)} +- {tolerance.group(2)}"
    span = re.fullmatch(rf"({number})\s*\.\.\s*({number})", value)
    return f"{span.group(1)}..{span.group(2)}" if span else None


def _drop_formula_weights(options: list[OptionSource]) -> None:
    """Weights of ±100/c are how an unweighted multiple-choice question is exported."""
    correct = sum(1 for o in options if o.weight and o.weight > 0)
    share = 100 / correct if correct else 0
    if all(abs(abs(o.weight or 0) - share) < 0.01 for o in options):
        for option in options:
            option.weight = None


def parse_gift(text: str) -> GiftResult:
    """Every question in a GIFT file, and a located note for each thing left out."""
    return _GiftReader().read(text)


from coursehub.content.gift_writer import (  # noqa: E402, F401 - the public writers
    questions_to_gift,
    questions_to_markdown,
)
