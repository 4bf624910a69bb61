"""CSV files for every report view; each is a generator of text chunks."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import Session

from coursehub.reports.completion import ModuleRow
from coursehub.reports.csvstream import csv_chunks
from coursehub.reports.filters import ReportFilters, Scope
from coursehub.reports.gain import GainRow
from coursehub.reports.items import ItemStats
from coursehub.reports.learner_export import learner_export
from coursehub.reports.learners import Transcript


def _rate(value: float | None) -> float | str:
    return round(value, 1) if value is not None else ""


def completion_csv(rows: list[ModuleRow]) -> Iterator[str]:
    header = ["module", "enrolled", "started", "started_percent", "completed",
              "completed_percent", "median_hours_to_complete", "average_best_score"]
    return csv_chunks(header, (
        [r.slug, r.enrolled, r.started, _rate(r.started_rate), r.completed,
         _rate(r.completed_rate),
         round(r.median_seconds / 3600, 2) if r.median_seconds is not None else "",
         r.average_best_score] for r in rows))


def learners_csv(session: Session, filters: ReportFilters, scope: Scope) -> Iterator[bytes]:
    """One line per learner and enrolled module, streamed from the database."""
    return learner_export(session, filters, scope)


def transcript_csv(t: Transcript) -> Iterator[str]:
    """The learner's record as events: module status, lessons, attempts, badges."""
    header = ["learner_id", "name", "email", "record", "module", "item", "date", "score",
              "passed"]
    who = (t.user.id, t.user.name, t.user.email)

    def lines():
        for p in t.progress:
            slug = t.modules[p.module_id].slug
            yield (*who, "module_started", slug, "", p.started_at, "", "")
            if p.completed_at:
                yield (*who, "module_completed", slug, "", p.completed_at, p.best_score, "")
        for lesson in t.lessons:
            if lesson.completed_at:
                yield (*who, "lesson_completed", t.modules[lesson.module_id].slug,
                       lesson.lesson_key, lesson.completed_at, "", "")
        for a in t.attempts:
            yield (*who, "pretest" if a.kind == "pretest" else "quiz_attempt",
                   t.modules[a.module_id].slug, a.id, a.submitted_at, a.score, a.passed)
        for b in t.badges:
            yield (*who, "badge", t.modules[b.module_id].slug, b.code, b.issued_at, "",
                   "revoked" if b.revoked_at else "")

    return csv_chunks(header, lines())


def items_csv(stats: list[ItemStats]) -> Iterator[str]:
    header = ["question_key", "attempts", "facility_percent", "discrimination_percent",
              "option_counts", "other_answers", "flags"]
    return csv_chunks(header, (
        [s.key, s.attempts, s.facility, s.discrimination,
         " ".join(f"{i + 1}:{n}" for i, n in sorted(s.options.items())), s.other_answers,
         " ".join(s.flags)] for s in stats))


def gain_csv(rows: list[GainRow]) -> Iterator[str]:
    header = ["module", "group", "learners", "mean_pretest", "mean_posttest", "gain"]
    return csv_chunks(header, ([r.slug, r.group, r.learners, r.mean_pre, r.mean_post, r.gain]
                               for r in rows))
