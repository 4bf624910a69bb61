"""Authoring: create modules, edit draft files, publish versions, change status.

Publishing goes through the same validator and importer as ``coursehub
import``: it adds an immutable :class:`ModuleVersion` and never touches
learners' records, which keep pointing at the versions they used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, func, select

from coursehub.admin import audit
from coursehub.admin.models import AuditEntry
from coursehub.authoring import files as draft_files
from coursehub.authoring.models import DraftFile
from coursehub.content.importer import import_module
from coursehub.content.loader import SLUG_PATTERN
from coursehub.content.models import Module, ModuleVersion
from coursehub.content.source import Problem
from coursehub.core.db import db, utcnow
from coursehub.quizzes.bank import draw_shortfalls
from coursehub.quizzes.models import QuizAttempt

STATUSES = ("draft", "published", "unpublished", "archived")


class AuthoringError(ValueError):
    """An authoring action that cannot be done; the message says why."""


def get_module(slug: str) -> Module | None:
    return db.session.scalar(select(Module).where(Module.slug == slug))


def all_modules() -> list[Module]:
    return list(db.session.scalars(select(Module).order_by(Module.slug)))


def draft_files_of(module: Module) -> dict[str, bytes]:
    """The draft as {path: bytes}; seeded from ``modules/<slug>`` when there is none yet."""
    rows = db.session.execute(select(DraftFile.path, DraftFile.data)
                              .where(DraftFile.module_id == module.id))
    files = {path: bytes(data) for path, data in rows}
    if not files:
        folder = Path(current_app.config["COURSEHUB_MODULES_DIR"]) / module.slug
        if (folder / "module.toml").is_file():
            files = draft_files.files_from_folder(folder)
    return files


def replace_draft(module: Module, files: dict[str, bytes], user) -> None:
    """Make ``files`` the whole draft (an upload, or seeding before a first edit)."""
    for path in files:
        draft_files.check_path(path)
    db.session.execute(delete(DraftFile).where(DraftFile.module_id == module.id))
    for path, data in sorted(files.items()):
        db.session.add(DraftFile(module_id=module.id, path=path, data=data,
                                 updated_by_id=getattr(user, "id", None)))
    db.session.flush()


def save_file(module: Module, path: str, data: bytes, user) -> None:
    """Create or change one draft file."""
    path = draft_files.check_path(path)
    current = draft_files_of(module)
    if not db.session.scalar(select(func.count()).select_from(DraftFile)
                             .where(DraftFile.module_id == module.id)):
        replace_draft(module, current, user)  # the seeded files become the stored draft
    row = db.session.scalar(select(DraftFile).where(DraftFile.module_id == module.id,
                                                    DraftFile.path == path))
    if row is None:
        if len(current) >= draft_files.MAX_FILES:
            raise AuthoringError(f"a module has at most {draft_files.MAX_FILES} files")
        row = DraftFile(module_id=module.id, path=path, data=data)
        db.session.add(row)
    row.data, row.updated_at = data, utcnow()
    row.updated_by_id = getattr(user, "id", None)
    db.session.flush()


def delete_file(module: Module, path: str, user) -> None:
    files = draft_files_of(module)
    files.pop(path, None)
    replace_draft(module, files, user)


def create_module(slug: str, title: str, language: str, user) -> Module:
    """A new module with a small, valid draft to start from (not yet published)."""
    if not SLUG_PATTERN.match(slug):
        raise AuthoringError("use lowercase letters, digits and hyphens for the address")
    if get_module(slug) is not None:
        raise AuthoringError(f"a module with the address {slug!r} already exists")
    module = Module(slug=slug, status="draft")
    db.session.add(module)
    db.session.flush()
    replace_draft(module, starter_files(title, language), user)
    return module


def starter_files(title: str, language: str) -> dict[str, bytes]:
    today = date.today()
    text = json.dumps(title)  # a valid TOML basic string
    toml = (f'default_language = "{language}"\nestimated_minutes = 15\n'
            f"reviewed_on = {today.isoformat()}\n"
            f"review_by = {(today + timedelta(days=365)).isoformat()}\nprerequisites = []\n\n"
            "[quiz]\npass_mark = 70\nmax_attempts = 0\nshuffle_options = false\n\n"
            f"[{language}]\ntitle = {text}\n"
            'summary = "One or two sentences shown in the catalogue."\n'
            'objectives = ["What learners will be able to do"]\n'
            f"badge_name = {text}\n"
            f"badge_description = {json.dumps('Completed the module ' + title + '.')}\n")
    quiz = ("## first-question\ntype: single\n\nWrite the question here.\n\n"
            "- [x] The right answer\n  > Why it is right.\n- [ ] A wrong answer\n"
            "  > Why it is wrong.\n\nExplanation: What every learner should take away.\n")
    return {
        "module.toml": toml.encode(),
        f"{language}/01-introduction.md": b"# Introduction\n\nWrite the lesson here.\n",
        f"{language}/glossary.md": b"# Glossary\n\nTerm\n: What it means.\n",
        f"{language}/references.md": b"# References\n\n- A source the module relies on.\n",
        f"{language}/quiz.md": quiz.encode(),
    }


def validate_draft(module: Module, files: dict[str, bytes] | None = None
                   ) -> tuple[list[Problem], str]:
    files = draft_files_of(module) if files is None else files
    if not files:
        return [Problem("module.toml", 0, "the draft is empty: upload the module's folder "
                                          "as a zip")], ""
    return draft_files.validate_files(module.slug, files)


@dataclass
class PublishOutcome:
    version: ModuleVersion | None
    problems: list[Problem]
    status: str = ""  # importer status, or "invalid"
    shortfalls: list[tuple[str, int, int]] | None = None


def publish(module: Module, user) -> PublishOutcome:
    """Validate the draft and store it as the module's new current version."""
    files = draft_files_of(module)
    if not files:
        return PublishOutcome(None, validate_draft(module, files)[0], "invalid")
    with draft_files.validated(module.slug, files) as result:
        if not result.ok:
            return PublishOutcome(None, result.problems, "invalid")
        outcome = import_module(result.source)
    was_published = module.status == "published"
    module.status = "published"
    if outcome.status != "unchanged" or not was_published:
        audit.record(user, "publish", "module", module.slug, version=outcome.version.number)
    return PublishOutcome(outcome.version, [], outcome.status,
                          draw_shortfalls(outcome.version))


def set_status(module: Module, action: str, user) -> None:
    """'unpublish' hides the module, 'archive' retires it; nothing is deleted."""
    target = {"unpublish": "unpublished", "archive": "archived"}.get(action)
    if target is None:
        raise AuthoringError(f"unknown action {action!r}")
    if module.current_version_id is None:
        raise AuthoringError("this module has never been published")
    module.status = target
    audit.record(user, action, "module", module.slug,
                 version=module.current_version.number if module.current_version else None)


def changelog(module: Module) -> list[AuditEntry]:
    """Who published, unpublished or archived what, and when (newest first)."""
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.target_type == "module",
                                 AuditEntry.target_id == module.slug)
        .order_by(AuditEntry.id.desc())
    ))


def versions_with_attempts(module: Module) -> list[tuple[ModuleVersion, int]]:
    """Every version, newest first, with how many quiz attempts were taken on it."""
    counts = dict(db.session.execute(
        select(QuizAttempt.version_id, func.count()).where(QuizAttempt.module_id == module.id)
        .group_by(QuizAttempt.version_id)).all())
    versions = db.session.scalars(select(ModuleVersion).where(ModuleVersion.module_id ==
                                                              module.id)
                                  .order_by(ModuleVersion.number.desc()))
    return [(v, counts.get(v.id, 0)) for v in versions]


def due_for_review(within_days: int = 60, today: date | None = None
                   ) -> list[tuple[Module, date | None, str]]:
    """Modules whose content is due for an expert's review: (module, due date, reason).

    Due when ``review_by`` falls within ``within_days``, or when no ``review_by``
    is set and the last review was more than a year ago.
    """
    today = today or date.today()
    rows = db.session.execute(
        select(Module, ModuleVersion).join(ModuleVersion,
                                           ModuleVersion.id == Module.current_version_id)
        .where(Module.status.in_(("published", "unpublished"))).order_by(Module.slug))
    due = []
    for module, version in rows:
        if version.review_by is not None:
            if version.review_by <= today + timedelta(days=within_days):
                due.append((module, version.review_by,
                            "overdue" if version.review_by < today else "due soon"))
        elif version.reviewed_on + timedelta(days=365) <= today:
            due.append((module, version.reviewed_on + timedelta(days=365), "overdue"))
    return sorted(due, key=lambda item: item[1])
