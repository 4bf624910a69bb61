"""Read a module folder into a :class:`ModuleSource`, noting every problem."""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from datetime import date
from pathlib import Path

from coursehub.content.quiz_format import parse_quiz
from coursehub.content.source import LanguageSource, LessonSource, ModuleSource, Problem

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2}(?:_[A-Z]{2})?$")
LESSON_FILE = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
SPECIAL_FILES = ("glossary.md", "references.md", "quiz.md")
TOP_LEVEL_KEYS = {
    "default_language", "estimated_minutes", "reviewed_on", "review_by", "prerequisites", "quiz",
}
QUIZ_KEYS = {"pass_mark", "max_attempts", "shuffle_options", "pretest"}
TEXT_KEYS = ("title", "summary", "badge_name", "badge_description")


class ModuleReader:
    """Collects problems while reading one module folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[Problem] = []
        self.source = ModuleSource(slug=folder.name, path=folder)

    @staticmethod
    def rel(path: Path) -> str:
        """The path as the author would type it: relative to the working folder."""
        relative = os.path.relpath(path)
        return str(path) if relative.startswith("..") else relative

    def problem(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(self.rel(path), line, message))

    def read_text(self, path: Path) -> str | None:
        try:
            return path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            line = path.read_bytes()[: error.start].count(b"\n") + 1
            self.problem(path, line, "file is not valid UTF-8 text")
            return None

    # -- module.toml ---------------------------------------------------------

    def read(self) -> ModuleSource:
        if not SLUG_PATTERN.match(self.folder.name):
            self.problem(self.folder, 0, "folder name must use lowercase letters, digits and "
                                        "hyphens (it is the module's address)")
        meta_path = self.folder / "module.toml"
        if not meta_path.is_file():
            self.problem(meta_path, 0, "module.toml is missing")
            return self.source
        text = self.read_text(meta_path)
        if text is None:
            return self.source
        try:
            meta = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            match = re.search(r"line (\d+)", str(error))
            self.problem(meta_path, int(match.group(1)) if match else 1,
                         f"not valid TOML: {error}")
            return self.source
        self.read_settings(meta_path, text, meta)
        self.read_languages(meta_path, text, meta)
        self.read_figures()
        self.source.content_hash = content_hash(self.folder)
        return self.source

    def read_settings(self, path: Path, text: str, meta: dict) -> None:
        src = self.source

        def line_of(key: str, section: str | None = None) -> int:
            return find_key_line(text, key, section)

        language_tables = {k for k, v in meta.items() if isinstance(v, dict) and k != "quiz"}
        for key in sorted(set(meta) - TOP_LEVEL_KEYS - language_tables):
            self.problem(path, line_of(key), f"unknown setting {key!r}")
        src.default_language = self.expect(path, meta, "default_language", str, line_of) or "en"
        minutes = self.expect(path, meta, "estimated_minutes", int, line_of)
        if minutes is not None and not 5 <= minutes <= 600:
            self.problem(path, line_of("estimated_minutes"),
                         "estimated_minutes must be between 5 and 600")
        src.estimated_minutes = minutes or 0
        src.reviewed_on = self.expect(path, meta, "reviewed_on", date, line_of)
        if "review_by" in meta:
            src.review_by = self.expect(path, meta, "review_by", date, line_of)
            if src.review_by and src.reviewed_on and src.review_by <= src.reviewed_on:
                self.problem(path, line_of("review_by"), "review_by must be after reviewed_on")
        prerequisites = meta.get("prerequisites", [])
        if not isinstance(prerequisites, list) or not all(
            isinstance(p, str) and SLUG_PATTERN.match(p) for p in prerequisites
        ):
            self.problem(path, line_of("prerequisites"),
                         "prerequisites must be a list of module slugs")
        else:
            src.prerequisites = prerequisites
        quiz = meta.get("quiz")
        if not isinstance(quiz, dict):
            self.problem(path, 1, "the [quiz] section is missing")
            return
        for key in sorted(set(quiz) - QUIZ_KEYS):
            self.problem(path, line_of(key, "quiz"), f"unknown quiz setting {key!r}")
        quiz_line = lambda key: line_of(key, "quiz")  # noqa: E731
        pass_mark = self.expect(path, quiz, "pass_mark", int, quiz_line)
        if pass_mark is not None and not 1 <= pass_mark <= 100:
            self.problem(path, quiz_line("pass_mark"), "pass_mark must be between 1 and 100")
        src.pass_mark = pass_mark or 0
        max_attempts = self.expect(path, quiz, "max_attempts", int, quiz_line)
        if max_attempts is not None and max_attempts < 0:
            self.problem(path, quiz_line("max_attempts"), "max_attempts cannot be negative")
        src.max_attempts = max_attempts or 0
        shuffle = quiz.get("shuffle_options", False)
        if not isinstance(shuffle, bool):
            self.problem(path, quiz_line("shuffle_options"),
                         "shuffle_options must be true or false")
        src.shuffle_options = shuffle is True
        pretest = quiz.get("pretest", False)
        if not isinstance(pretest, bool):
            self.problem(path, quiz_line("pretest"), "pretest must be true or false")
        src.pretest = pretest is True

    def expect(self, path: Path, table: dict, key: str, kind: type, line_of):
        if key not in table:
            self.problem(path, 1, f"{key} is required")
            return None
        value = table[key]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            self.problem(path, line_of(key), f"{key} must be {_KIND_NAMES[kind]}")
            return None
        return value

    def read_languages(self, path: Path, text: str, meta: dict) -> None:
        folders = sorted(p for p in self.folder.iterdir() if p.is_dir() and p.name != "figures"
                         and not p.name.startswith("."))
        for folder in folders:
            if not LANGUAGE_PATTERN.match(folder.name):
                self.problem(folder, 0, "unexpected folder: language folders are named like "
                                        "'en', 'es' or 'pt_BR', figures go in 'figures'")
                continue
            language = LanguageSource(code=folder.name)
            table = meta.get(folder.name)
            if not isinstance(table, dict):
                self.problem(path, 1, f"module.toml has no [{folder.name}] section for the "
                                      f"'{folder.name}' folder")
            else:
                self.read_language_table(path, text, folder.name, table, language)
            self.read_language_folder(folder, language)
            self.source.languages[folder.name] = language
        for code, value in meta.items():
            if isinstance(value, dict) and code != "quiz" and code not in self.source.languages:
                self.problem(path, find_key_line(text, None, code),
                             f"[{code}] section has no '{code}' folder of lessons")
        if self.source.default_language not in self.source.languages:
            self.problem(path, find_key_line(text, "default_language"),
                         f"default language {self.source.default_language!r} has no folder")

    def read_language_table(self, path, text, code, table, language) -> None:
        for key in TEXT_KEYS:
            value = table.get(key)
            if not isinstance(value, str) or not value.strip():
                self.problem(path, find_key_line(text, key, code) if key in table
                             else find_key_line(text, None, code),
                             f"[{code}] {key} is required text")
            else:
                setattr(language, key, value.strip())
        if len(language.title) > 200:
            self.problem(path, find_key_line(text, "title", code), "title is over 200 characters")
        objectives = table.get("objectives")
        if (not isinstance(objectives, list) or not 1 <= len(objectives) <= 8
                or not all(isinstance(o, str) and o.strip() for o in objectives)):
            self.problem(path, find_key_line(text, "objectives", code) if "objectives" in table
                         else find_key_line(text, None, code),
                         f"[{code}] objectives must be a list of 1 to 8 texts")
        else:
            language.objectives = [o.strip() for o in objectives]
        for key in sorted(set(table) - set(TEXT_KEYS) - {"objectives"}):
            self.problem(path, find_key_line(text, key, code), f"unknown setting {key!r}")

    # -- language folders ----------------------------------------------------

    def read_language_folder(self, folder: Path, language: LanguageSource) -> None:
        positions: dict[int, Path] = {}
        for path in sorted(folder.iterdir()):
            if path.name.startswith("."):
                continue
            match = LESSON_FILE.match(path.name)
            if path.name in SPECIAL_FILES:
                self.read_special(path, language)
            elif match and path.is_file():
                position = int(match.group(1))
                if position in positions:
                    self.problem(path, 0, f"lesson number {match.group(1)} is also used by "
                                          f"{positions[position].name}")
                positions[position] = path
                lesson = self.read_lesson(path, position, match.group(2))
                if lesson:
                    language.lessons.append(lesson)
            else:
                self.problem(path, 0, "unexpected file: lessons are named like "
                                      "'01-lesson-key.md'; other files allowed here are "
                                      + ", ".join(SPECIAL_FILES))

    def read_lesson(self, path: Path, position: int, key: str) -> LessonSource | None:
        text = self.read_text(path)
        if text is None:
            return None
        lines = text.splitlines()
        if not lines or not lines[0].startswith("# ") or not lines[0][2:].strip():
            self.problem(path, 1, "a lesson starts with its title as '# Title'")
            return None
        body = "\n".join(lines[1:]).strip()
        if not body:
            self.problem(path, 2, "the lesson has no text after its title")
        self.check_images(path, text)
        return LessonSource(key=key, position=position, title=lines[0][2:].strip(),
                            body=body, path=path)

    def read_special(self, path: Path, language: LanguageSource) -> None:
        text = self.read_text(path)
        if text is None:
            return
        if path.name == "quiz.md":
            questions, problems = parse_quiz(text)
            language.questions = questions
            for line, message in problems:
                self.problem(path, line, message)
            if not questions:
                self.problem(path, 1, "the quiz has no questions ('## key' headings)")
            return
        body = strip_title(text)
        if not body.strip():
            self.problem(path, 1, f"{path.name} is empty")
        if path.name == "glossary.md":
            if not re.search(r"^: \S", body, flags=re.M):
                self.problem(path, 1, "a glossary is a definition list: a term, then its "
                                      "definition on the next line starting with ': '")
            language.glossary = body
        else:
            language.references = body
        self.check_images(path, text)

    def check_images(self, path: Path, text: str) -> None:
        for number, line in enumerate(text.splitlines(), start=1):
            for alt, target in re.findall(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?[^)]*\)", line):
                if not alt.strip():
                    self.problem(path, number, "an image needs a text alternative: ![what the "
                                               "picture shows](figures/name.svg)")
                if not re.match(r"^figures/[A-Za-z0-9._-]+$", target):
                    self.problem(path, number, f"image {target!r} must be a file in this "
                                               "module's figures/ folder")
                elif not (self.folder / target).is_file():
                    self.problem(path, number, f"figure {target!r} does not exist")

    def read_figures(self) -> None:
        folder = self.folder / "figures"
        if not folder.is_dir():
            return
        from coursehub.content.figures import check_figure

        for path in sorted(folder.iterdir()):
            for line, message in check_figure(path):
                self.problem(path, line, message)
            self.source.figures[f"figures/{path.name}"] = path


_KIND_NAMES = {str: "text", int: "a whole number", date: "a date such as 2026-11-20"}


def strip_title(text: str) -> str:
    """Drop a leading '# Title' line."""
    lines = text.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines).strip()


def find_key_line(text: str, key: str | None, section: str | None = None) -> int:
    """Line of ``key = `` within ``[section]`` (or of the section header itself)."""
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"^\s*\[([^\]]+)\]\s*(#.*)?$", line)
        if header:
            current = header.group(1).strip()
            if key is None and current == section:
                return number
            continue
        if key and current == section and re.match(rf"^\s*{re.escape(key)}\s*=", line):
            return number
    return 1


def content_hash(folder: Path) -> str:
    """SHA-256 over every file's relative path and bytes, in a stable order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        data = path.read_bytes()
        digest.update(f"{relative}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()
