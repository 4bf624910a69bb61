"""Plain data read from a module folder, before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a module file, reported as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class OptionSource:
    """An option, accepted answer, matching pair or ordering item, by question type."""

    text: str
    correct: bool
    line: int
    feedback: str = ""
    weight: float | None = None  # percent, when written as '- [50%] ...'
    match: str | None = None  # matching: the right-hand side of 'left -> right'


@dataclass
class QuestionSource:
    key: str
    line: int
    type: str | None = None
    tags: list[str] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)  # type-specific settings
    prompt: str = ""
    options: list[OptionSource] = field(default_factory=list)
    explanation: str = ""


@dataclass
class LessonSource:
    key: str
    position: int
    title: str
    body: str
    path: Path


@dataclass
class LanguageSource:
    code: str
    title: str = ""
    summary: str = ""
    objectives: list[str] = field(default_factory=list)
    badge_name: str = ""
    badge_description: str = ""
    lessons: list[LessonSource] = field(default_factory=list)
    glossary: str = ""
    references: str = ""
    questions: list[QuestionSource] = field(default_factory=list)


@dataclass
class ModuleSource:
    """Everything in one module folder, parsed."""

    slug: str
    path: Path
    default_language: str = "en"
    estimated_minutes: int = 0
    reviewed_on: date | None = None
    review_by: date | None = None
    prerequisites: list[str] = field(default_factory=list)
    pass_mark: int = 0
    max_attempts: int = 0
    shuffle_options: bool = False
    pretest: bool = False
    languages: dict[str, LanguageSource] = field(default_factory=dict)
    figures: dict[str, Path] = field(default_factory=dict)
    content_hash: str = ""

    @property
    def default(self) -> LanguageSource:
        return self.languages[self.default_language]
