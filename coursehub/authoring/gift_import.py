"""GIFT into a module's draft (browser and ``coursehub import-gift``), and back out."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field

from coursehub.authoring.services import draft_files_of, save_file
from coursehub.content.gift import parse_gift, questions_to_gift, questions_to_markdown
from coursehub.content.models import Module
from coursehub.content.quiz_format import parse_quiz
from coursehub.content.source import QuestionSource


@dataclass
class GiftImportReport:
    quiz_path: str
    imported: list[str] = field(default_factory=list)  # question keys
    lines: list[str] = field(default_factory=list)  # "file:line: what happened"


def default_language(files: dict[str, bytes]) -> str:
    try:
        meta = tomllib.loads(files.get("module.toml", b"").decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return "en"
    value = meta.get("default_language")
    return value if isinstance(value, str) and value else "en"


def _signature(question: QuestionSource) -> tuple:
    return (question.type, " ".join(question.prompt.split()),
            tuple((o.text, o.correct, o.weight, o.match) for o in question.options))


def import_gift(module: Module, text: str, filename: str, user) -> GiftImportReport:
    """Append the GIFT file's questions to the draft quiz of the default language.

    Every block of the file ends up imported or reported with ``file:line`` and
    a reason; exact repeats of a question already in the quiz are skipped, and
    keys already used get a numeric suffix.
    """
    files = draft_files_of(module)
    path = f"{default_language(files)}/quiz.md"
    existing_text = files.get(path, b"").decode("utf-8", errors="replace")
    existing, _ = parse_quiz(existing_text)
    keys = {q.key for q in existing}
    seen = {_signature(q): f"{path}:{q.line}" for q in existing}
    result = parse_gift(text)
    report = GiftImportReport(path)
    for note in result.notes:
        report.lines.append(f"{filename}:{note.line}: {note.message}")
    added = []
    for question in result.questions:
        signature = _signature(question)
        if signature in seen:
            report.lines.append(f"{filename}:{question.line}: skipped: the same question as "
                                f"{seen[signature]}")
            continue
        base, number = question.key, 2
        while question.key in keys:
            question.key, number = f"{base}-{number}", number + 1
        keys.add(question.key)
        seen[signature] = f"{filename}:{question.line}"
        added.append(question)
        report.imported.append(question.key)
    if added:
        separator = "" if not existing_text.strip() else "\n"
        new_text = existing_text.rstrip("\n") + "\n" + separator + questions_to_markdown(added)
        save_file(module, path, new_text.lstrip("\n").encode("utf-8"), user)
    report.lines.sort(key=_line_order)
    return report


def _line_order(line: str) -> int:
    try:
        return int(line.split(":")[1])
    except (IndexError, ValueError):
        return 0


def export_gift(module: Module) -> tuple[str, list[str]]:
    """The draft's default-language quiz as GIFT, and the keys GIFT cannot hold."""
    files = draft_files_of(module)
    path = f"{default_language(files)}/quiz.md"
    questions, _ = parse_quiz(files.get(path, b"").decode("utf-8", errors="replace"))
    text, skipped = questions_to_gift(questions)
    header = "".join(f"// not exported (GIFT has no such question type): {key}\n"
                     for key in skipped)
    return header + ("\n" if header else "") + text, skipped
