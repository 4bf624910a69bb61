"""The question bank: tagged questions of published modules, reusable by any quiz.

A quiz line ``draw: 3 from dns`` becomes a ``draw`` question whose pool (the
bank's questions tagged ``dns``, outside the module itself) is fixed when the
version is published, so a version never changes after import.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from coursehub.content.models import Module, ModuleVersion, Question
from coursehub.core.db import db


@dataclass(frozen=True)
class BankEntry:
    slug: str
    version_id: int
    key: str
    type: str
    tags: tuple[str, ...]
    language: str
    prompt_html: str


def bank_entries(tag: str | None = None, exclude_module_id: int | None = None
                 ) -> list[BankEntry]:
    """Questions of the current versions of published modules (default language),
    optionally only those tagged ``tag``; one query."""
    rows = db.session.execute(
        select(Module.slug, Module.id, Question)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .join(Question, (Question.version_id == ModuleVersion.id)
              & (Question.language == ModuleVersion.default_language))
        .where(Module.status == "published")
        .order_by(Module.slug, Question.position)
    )
    entries = []
    for slug, module_id, question in rows:
        if module_id == exclude_module_id or question.type == "draw":
            continue
        if tag is not None and tag not in (question.tags or []):
            continue
        entries.append(BankEntry(slug, question.version_id, question.key, question.type,
                                 tuple(question.tags or []), question.language,
                                 question.prompt_html))
    return entries


def fill_draw_pools(version: ModuleVersion) -> None:
    """Fix the pool of every ``draw`` question of a version being imported."""
    db.session.flush()
    questions = list(db.session.scalars(select(Question).where(Question.version_id == version.id)))
    own_keys = {q.key for q in questions}
    for question in questions:
        if question.type != "draw":
            continue
        pool = [[e.version_id, e.key] for e in bank_entries(question.definition["tag"],
                                                            exclude_module_id=version.module_id)
                if e.key not in own_keys]
        question.definition = {**question.definition, "pool": pool}


def draw_shortfalls(version: ModuleVersion) -> list[tuple[str, int, int]]:
    """(tag, wanted, available) for each draw whose pool is smaller than its count."""
    rows = db.session.scalars(select(Question).where(Question.version_id == version.id,
                                                     Question.type == "draw",
                                                     Question.language ==
                                                     version.default_language))
    return [(q.definition["tag"], q.definition["count"], len(q.definition["pool"]))
            for q in rows if len(q.definition["pool"]) < q.definition["count"]]
