"""``coursehub seed-scale``: a large, realistic dataset for the report benchmarks.

Rows are generated in batches of learners and written with one executemany
``INSERT`` per table and batch (never ORM objects one by one). Learners have
an ability, questions a difficulty and a discrimination (a two-parameter
logistic model), so item statistics and knowledge gain look like real ones.
"""

from __future__ import annotations

import json
import math
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from coursehub.accounts.forms import COUNTRY_CODES
from coursehub.accounts.models import JUSTICE_ROLES, ORGANISATION_KINDS, Organisation, User
from coursehub.admin.cohort_models import Cohort, CohortModule
from coursehub.content.models import Module, ModuleVersion, Question
from coursehub.quizzes.models import QuizAttempt

EMAIL_DOMAIN = "seed.example.invalid"
START = datetime(2025, 1, 1, tzinfo=UTC)
NAIVE_START = datetime(2025, 1, 1)  # bulk rows carry naive UTC times (see _write)
SPAN_DAYS = 540
CHOICE_TYPES = {"single", "truefalse", "multiple"}
# Not a hash any password can match: seeded accounts cannot sign in.
UNUSABLE_HASH = "!seeded-account-cannot-sign-in"  # noqa: S105


class SeedError(RuntimeError):
    """The database cannot be seeded as asked."""


@dataclass
class Item:
    question_id: int
    key: str
    type: str
    correct: list[int]
    options: int
    difficulty: float
    discrimination: float

    def __post_init__(self) -> None:
        self.correct_json = json.dumps(self.correct)
        self.wrong = [i for i in range(self.options) if i not in self.correct]


@dataclass
class Course:
    module_id: int
    version_id: int
    lesson_keys: list[str]
    pass_mark: int
    items: list[Item]


def _next_id(session: Session, model) -> int:
    return (session.scalar(select(func.max(model.id))) or 0) + 1


def _courses(session: Session, rng: random.Random) -> list[Course]:
    modules = session.execute(
        select(Module.id, ModuleVersion.id, ModuleVersion.lesson_keys, ModuleVersion.pass_mark,
               ModuleVersion.default_language)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .order_by(Module.slug)).all()
    courses = []
    for module_id, version_id, lesson_keys, pass_mark, language in modules:
        items = []
        for q in session.scalars(select(Question).where(Question.version_id == version_id,
                                                        Question.language == language)
                                 .order_by(Question.position)):
            options = q.definition.get("options", []) if q.type in CHOICE_TYPES else []
            items.append(Item(q.id, q.key, q.type,
                              [i for i, o in enumerate(options) if o.get("correct")],
                              len(options), rng.gauss(-0.8, 1.0), rng.uniform(0.4, 2.0)))
        if items:
            items[-1].discrimination = -0.6  # one misleading item, as real quizzes have
        courses.append(Course(module_id, version_id, list(lesson_keys), pass_mark, items))
    return courses


def _answer(item: Item, correct: bool, rng: random.Random) -> tuple[str, float]:
    """A response as stored: the answer as JSON text, and its score."""
    if item.type not in CHOICE_TYPES or not item.options:
        return "[]", 1.0 if correct else 0.0
    if correct:
        return item.correct_json, 1.0
    wrong = item.wrong or [0]
    if item.type != "multiple":
        return f"[{rng.choice(wrong)}]", 0.0
    chosen = sorted({*rng.sample(item.correct, rng.randint(0, len(item.correct))),
                     rng.choice(wrong)})
    right = len(set(chosen) & set(item.correct))
    return json.dumps(chosen), max(0.0, (right - (len(chosen) - right)) / len(item.correct))


def seed_scale(session: Session, learners: int, *, batch: int = 1000, seed: int = 1,
               progress: Callable[[int], None] = lambda n: None) -> dict[str, int]:
    """Add ``learners`` learners with organisations, cohorts, progress and attempts."""
    rng = random.Random(seed)  # noqa: S311 - simulated data, not secrets
    if session.scalar(select(func.count()).select_from(User)
                      .where(User.email.like(f"%@{EMAIL_DOMAIN}"))):
        raise SeedError("this database already holds seeded learners; use a fresh database")
    courses = _courses(session, rng)
    if not courses:
        raise SeedError("no modules are imported; run 'coursehub import' first")
    counts = dict.fromkeys(TABLES, 0)
    org_ids = _organisations(session, rng)
    instructor_ids = _users(session, rng, [(f"instructor-{i}", "instructor", "other")
                                           for i in range(1, 21)], org_ids)
    cohorts = _cohorts(session, rng, instructor_ids, courses)
    session.commit()
    stamp = str if session.get_bind().dialect.name == "sqlite" else (lambda dt: dt)
    next_user = _next_id(session, User)
    next_attempt = _next_id(session, QuizAttempt)
    for first in range(0, learners, batch):
        size = min(batch, learners - first)
        people = [(f"learner-{first + n + 1}", "learner", rng.choice(JUSTICE_ROLES))
                  for n in range(size)]
        ids = _users(session, rng, people, org_ids, first_id=next_user)
        next_user += size
        rows = _learning(rng, ids, courses, cohorts, next_attempt, stamp)
        next_attempt += len(rows["quiz_attempt"])
        for table, columns in TABLES.items():
            if rows[table]:
                _write(session, table, columns, rows[table])
            counts[table] += len(rows[table])
        session.commit()
        progress(size)
    _fix_sequences(session)
    session.execute(text("ANALYZE"))  # fresh planner statistics for the report queries
    session.commit()
    counts["learners"] = learners
    return counts


TABLES = {
    "cohort_member": ("cohort_id", "user_id", "joined_at"),
    "module_progress": ("user_id", "module_id", "started_at", "last_lesson_key",
                        "lessons_completed", "best_score", "quiz_passed_at", "completed_at"),
    "lesson_progress": ("user_id", "module_id", "lesson_key", "first_viewed_at",
                        "last_viewed_at", "completed_at"),
    "quiz_attempt": ("id", "token", "user_id", "module_id", "version_id", "language",
                     "started_at", "submitted_at", "score", "pass_mark", "passed", "kind"),
    "question_response": ("attempt_id", "question_id", "question_key", "position", "answer",
                          "score"),
}


def _write(session: Session, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Bulk-write tuples: COPY on PostgreSQL, one executemany on SQLite.

    Timestamps are naive UTC (SQLite: SQLAlchemy's text format; PostgreSQL: read
    with the transaction's time zone set to UTC).
    """
    connection = session.connection()
    names = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()
        cursor.execute("SET LOCAL TIME ZONE 'UTC'")
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" * len(columns))
    connection.exec_driver_sql(
        f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608 - fixed names


def _organisations(session: Session, rng: random.Random) -> list[int]:
    first = _next_id(session, Organisation)
    rows = [{"id": first + i, "name": f"Seed organisation {i + 1}",
             "country": rng.choice(COUNTRY_CODES[:19]), "kind": rng.choice(ORGANISATION_KINDS),
             "created_at": START} for i in range(40)]
    session.execute(insert(Organisation), rows)
    return [r["id"] for r in rows]


def _users(session: Session, rng: random.Random, people, org_ids,
           first_id: int | None = None) -> list[int]:
    first = first_id or _next_id(session, User)
    rows = []
    for n, (handle, role, justice_role) in enumerate(people):
        org = rng.choice(org_ids) if rng.random() < 0.85 else None
        rows.append({
            "id": first + n, "email": f"{handle}@{EMAIL_DOMAIN}",
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "password_hash": UNUSABLE_HASH, "role": role, "justice_role": justice_role,
            "country": rng.choice(COUNTRY_CODES[:19]), "organisation_name": "",
            "organisation_id": org, "session_token": secrets.token_urlsafe(24),
            "created_at": START,
        })
    session.execute(insert(User), rows)
    return [r["id"] for r in rows]


def _cohorts(session: Session, rng: random.Random, instructor_ids, courses) -> list[tuple]:
    first = _next_id(session, Cohort)
    cohorts, links = [], []
    for n in range(250):
        start = START + timedelta(days=rng.randint(0, SPAN_DAYS - 60))
        modules = rng.sample([c.module_id for c in courses], rng.randint(1, len(courses)))
        cohorts.append({"id": first + n, "name": f"Workshop {n + 1}",
                        "instructor_id": rng.choice(instructor_ids), "organisation_id": None,
                        "starts_on": start.date(), "due_on": (start + timedelta(days=45)).date(),
                        "join_code": secrets.token_urlsafe(9), "open": True,
                        "created_at": start})
        links += [{"cohort_id": first + n, "module_id": m} for m in modules]
    session.execute(insert(Cohort), cohorts)
    session.execute(insert(CohortModule), links)
    return [(c["id"], c["starts_on"], [lk["module_id"] for lk in links
                                       if lk["cohort_id"] == c["id"]]) for c in cohorts]


def _learning(rng: random.Random, user_ids, courses, cohorts, next_attempt: int,
              stamp) -> dict:
    rows = {table: [] for table in TABLES}
    for user_id in user_ids:
        ability = rng.gauss(0, 1)
        base = NAIVE_START + timedelta(days=rng.randint(0, SPAN_DAYS - 30))
        if rng.random() < 0.8:
            cohort_id, starts_on, _modules = rng.choice(cohorts)
            base = datetime(starts_on.year, starts_on.month, starts_on.day, 9)
            rows["cohort_member"].append((cohort_id, user_id, stamp(base)))
        for course in courses:
            if rng.random() < 0.95:
                next_attempt = _study(rng, rows, user_id, ability, course, base,
                                      next_attempt, stamp)
    return rows


def _study(rng, rows, user_id, ability, course, base, next_attempt, stamp) -> int:
    """One learner's work in one module: lessons, maybe a pre-test, attempts."""
    started = base + timedelta(hours=rng.uniform(0, 24 * 20))
    now = started
    lessons = len(course.lesson_keys)
    viewed = lessons if rng.random() < 0.9 else rng.randint(1, lessons)
    done = 0
    for key in course.lesson_keys[:viewed]:
        now += timedelta(minutes=rng.uniform(3, 40))
        completed = rng.random() < 0.95
        done += completed
        rows["lesson_progress"].append((user_id, course.module_id, key, stamp(now), stamp(now),
                                        stamp(now + timedelta(minutes=5)) if completed
                                        else None))
    best, passed_at = None, None
    if rng.random() < 0.2:
        next_attempt = _attempt(rng, rows, user_id, course, ability - 1.2, started,
                                next_attempt, "pretest", stamp)[0]
    weights = (40, 48, 10, 2) if viewed == lessons else (80, 20, 0, 0)
    for n in range(rng.choices((0, 1, 2, 3), weights=weights)[0]):
        now += timedelta(hours=rng.uniform(0.2, 72))
        next_attempt, score = _attempt(rng, rows, user_id, course, ability + 0.4 * n, now,
                                       next_attempt, "quiz", stamp)
        best = score if best is None else max(best, score)
        if score >= course.pass_mark:
            passed_at = now
            break
    complete = passed_at is not None and done == lessons
    rows["module_progress"].append((
        user_id, course.module_id, stamp(started), course.lesson_keys[viewed - 1], done, best,
        stamp(passed_at) if passed_at else None, stamp(passed_at) if complete else None))
    return next_attempt


def _attempt(rng, rows, user_id, course, ability, when, attempt_id, kind, stamp):
    total = 0.0
    responses = rows["question_response"]
    for position, item in enumerate(course.items, start=1):
        chance = 1 / (1 + math.exp(-item.discrimination * (ability - item.difficulty)))
        answer, score = _answer(item, rng.random() < chance, rng)
        total += score
        responses.append((attempt_id, item.question_id, item.key, position, answer, score))
    score = round(100 * total / len(course.items), 2) if course.items else 0.0
    rows["quiz_attempt"].append((
        attempt_id, secrets.token_urlsafe(12), user_id, course.module_id, course.version_id,
        "en", stamp(when - timedelta(minutes=15)), stamp(when), score, course.pass_mark,
        score >= course.pass_mark, kind))
    return attempt_id + 1, score


def _fix_sequences(session: Session) -> None:
    """PostgreSQL: move id sequences past the explicit ids inserted above."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in ("organisation", "user_account", "cohort", "quiz_attempt"):
        session.execute(text(  # table names are the fixed literals above
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
            f"(SELECT max(id) FROM {table}))"))
    session.commit()


FIRST_NAMES = ("Ana", "Luis", "María", "José", "Lucía", "Carlos", "Sofía", "Jorge", "Camila",
               "Andrés", "Valentina", "Diego", "Paula", "Martín", "Gabriela", "João",
               "Fernanda", "Raúl", "Beatriz", "Tomás")
LAST_NAMES = ("González", "Rodríguez", "Pérez", "Fernández", "López", "Martínez", "Gómez",
              "Díaz", "Silva", "Souza", "Ramírez", "Torres", "Núñez", "Castro", "Rojas",
              "Vargas", "Herrera", "Medina", "Aguilar", "Moreno")
