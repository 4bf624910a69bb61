"""Validate module folders: every problem at once, as ``file:line: message``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coursehub.content.loader import ModuleReader
from coursehub.content.source import ModuleSource, Problem
from coursehub.quizzes.types import QUESTION_TYPES


@dataclass
class ValidationResult:
    source: ModuleSource
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_module(folder: Path) -> ValidationResult:
    """Read one module folder and check every rule in docs/authoring.md."""
    reader = ModuleReader(folder)
    source = reader.read()
    for language in source.languages.values():
        quiz_path = folder / language.code / "quiz.md"
        for question in language.questions:
            kind = QUESTION_TYPES.get(question.type or "")
            if kind is None:
                reader.problem(quiz_path, question.line,
                               f"unknown question type {question.type!r} "
                               f"(known: {', '.join(QUESTION_TYPES)})")
                continue
            for line, message in kind.check(question):
                reader.problem(quiz_path, line, message)
    _check_default_language(reader, source)
    _check_translations(reader, source)
    return ValidationResult(source, sorted(set(reader.problems), key=_problem_order))


def _problem_order(problem: Problem) -> tuple:
    return (problem.path, problem.line, problem.message)


def _check_default_language(reader: ModuleReader, source: ModuleSource) -> None:
    default = source.languages.get(source.default_language)
    if default is None:
        return
    folder = source.path / default.code
    if not default.lessons:
        reader.problem(folder, 0, "the default language has no lessons")
    for name, present in (("glossary.md", default.glossary), ("references.md", default.references),
                          ("quiz.md", default.questions)):
        if not present and not (folder / name).exists():
            reader.problem(folder / name, 0, f"{name} is missing from the default language")


def _check_translations(reader: ModuleReader, source: ModuleSource) -> None:
    """Other languages must mirror the default: same lessons, same questions."""
    default = source.languages.get(source.default_language)
    if default is None:
        return
    lesson_keys = [lesson.key for lesson in default.lessons]
    questions = {q.key: q for q in default.questions}
    for language in source.languages.values():
        if language is default:
            continue
        folder = source.path / language.code
        keys = [lesson.key for lesson in language.lessons]
        for key in sorted(set(lesson_keys) - set(keys)):
            reader.problem(folder, 0, f"lesson {key!r} of '{default.code}' is missing here")
        for lesson in language.lessons:
            if lesson.key not in lesson_keys:
                reader.problem(lesson.path, 1, f"lesson {lesson.key!r} does not exist in the "
                                               f"default language '{default.code}'")
        if keys != [k for k in lesson_keys if k in keys]:
            reader.problem(folder, 0, "lessons are not in the same order as in "
                                      f"'{default.code}'")
        quiz_path = folder / "quiz.md"
        translated = {q.key: q for q in language.questions}
        for key in sorted(set(questions) - set(translated)):
            reader.problem(quiz_path, 0, f"question {key!r} of '{default.code}' is missing here")
        for question in language.questions:
            original = questions.get(question.key)
            if original is None:
                reader.problem(quiz_path, question.line, f"question {question.key!r} does not "
                                                         f"exist in '{default.code}'")
                continue
            for message in _mismatches(original, question):
                reader.problem(quiz_path, question.line,
                               f"question {question.key!r} {message} in '{default.code}'")


def _mismatches(original, translated) -> list[str]:
    found = []
    if original.type != translated.type:
        found.append(f"is {translated.type!r} here but {original.type!r}")
    if len(original.options) != len(translated.options):
        found.append(f"has {len(translated.options)} options here but {len(original.options)}")
    elif [o.correct for o in original.options] != [o.correct for o in translated.options]:
        found.append("marks different options correct than")
    return found


def find_module_folders(path: Path) -> list[Path]:
    """A module folder itself, or every module folder directly inside ``path``."""
    if (path / "module.toml").exists():
        return [path]
    return sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")
                  and not p.name.startswith("_"))


def validate_tree(path: Path) -> list[ValidationResult]:
    """Validate every module under ``path``, checking prerequisites between them."""
    results = [validate_module(folder) for folder in find_module_folders(path)]
    known = {r.source.slug for r in results}
    for result in results:
        for slug in result.source.prerequisites:
            if slug not in known and len(results) > 1:
                result.problems.append(Problem(ModuleReader.rel(result.source.path /
                                                                "module.toml"), 1,
                                               f"prerequisite {slug!r} is not a module here"))
    return results
