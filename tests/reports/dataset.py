"""A small hand-built dataset whose report numbers are worked out by hand.

Module: the sample module (questions https-port, subscriber-request,
ip-is-website). Learners and what they did:

| who | role            | from     | cohort | started    | completed   | best | pre |
|-----|-----------------|----------|--------|------------|-------------|------|-----|
| L1  | judge           | UY Org A | C1     | Jan 1 0:00 | Jan 1 2:00  | 100  | 40  |
| L2  | prosecutor      | UY Org A | C1     | Jan 2 0:00 | Jan 2 4:00  | 80   | 20  |
| L3  | law_enforcement | AR Org B | C1     | Jan 3 0:00 | -           | 50   | 50  |
| L4  | judge           | AR Org B | C2     | -          | -           | -    | -   |
| L5  | prosecutor      | UY -     | -      | Jan 5 0:00 | Jan 6 0:00  | 90   | 60  |

(all in January 2026, UTC)
C1 is taught by instructor I1, C2 by I2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from coursehub.accounts.models import Organisation, User
from coursehub.admin.cohort_models import Cohort, CohortMember, CohortModule
from coursehub.content.models import Module, Question
from coursehub.core.db import db
from coursehub.credentials.models import BadgeAward
from coursehub.learning.models import LessonProgress, ModuleProgress
from coursehub.quizzes.models import QuestionResponse, QuizAttempt


def at(day: int, hour: int = 0) -> datetime:
    return datetime(2026, 1, day, hour, tzinfo=UTC)


@dataclass
class Data:
    module_id: int
    learners: dict[str, int]
    instructors: dict[str, int]
    admin: int
    cohorts: dict[str, int]
    orgs: dict[str, int]


# (learner, quiz responses as (answer, score) for https-port, subscriber-request,
# ip-is-website); the worked example in test_items.py uses these.
QUIZ_ANSWERS = {
    "L1": [([1], 1.0), ([0, 1, 3], 1.0), ([1], 1.0)],
    "L2": [([1], 1.0), ([2], 0.0), ([1], 1.0)],
    "L3": [([0], 0.0), ([0, 1, 3], 1.0), ([0], 0.0)],
    "L5": [([2], 0.0), ([], 0.0), ([1], 1.0)],
}
PROGRESS = {  # started, completed, best score
    "L1": (at(1), at(1, 2), 100.0),
    "L2": (at(2), at(2, 4), 80.0),
    "L3": (at(3), None, 50.0),
    "L5": (at(5), at(6), 90.0),
}
PRETEST = {"L1": 40.0, "L2": 20.0, "L3": 50.0, "L5": 60.0}
PEOPLE = {  # role, country, organisation
    "L1": ("judge", "UY", "A"), "L2": ("prosecutor", "UY", "A"),
    "L3": ("law_enforcement", "AR", "B"), "L4": ("judge", "AR", "B"),
    "L5": ("prosecutor", "UY", None),
}


def build(make_user, app) -> Data:
    """Create the dataset (the sample module must be imported already)."""
    ids = {name: make_user(f"{name.lower()}@example.org", "learner", f"Learner {name}")
           for name in PEOPLE}
    instructors = {name: make_user(f"{name.lower()}@example.org", "instructor",
                                   f"Instructor {name}") for name in ("I1", "I2")}
    admin = make_user("admin@example.org", "admin", "Admin")
    with app.app_context():
        orgs = {"A": Organisation(name="Org A", country="UY", kind="judiciary"),
                "B": Organisation(name="Org B", country="AR", kind="police")}
        db.session.add_all(orgs.values())
        db.session.flush()
        for name, (role, country, org) in PEOPLE.items():
            user = db.session.get(User, ids[name])
            user.justice_role, user.country = role, country
            user.organisation_id = orgs[org].id if org else None
        module = db.session.scalar(select(Module).where(Module.slug == "sample-module"))
        version_id = module.current_version_id
        cohorts = {"C1": Cohort(name="Cohort one", instructor_id=instructors["I1"],
                                join_code="code-one"),
                   "C2": Cohort(name="Cohort two", instructor_id=instructors["I2"],
                                join_code="code-two")}
        db.session.add_all(cohorts.values())
        db.session.flush()
        for cohort in cohorts.values():
            db.session.add(CohortModule(cohort_id=cohort.id, module_id=module.id))
        for name, cohort in (("L1", "C1"), ("L2", "C1"), ("L3", "C1"), ("L4", "C2")):
            db.session.add(CohortMember(cohort_id=cohorts[cohort].id, user_id=ids[name]))
        for name, (started, completed, best) in PROGRESS.items():
            db.session.add(ModuleProgress(
                user_id=ids[name], module_id=module.id, started_at=started,
                completed_at=completed, best_score=best, lessons_completed=2,
                quiz_passed_at=completed, last_lesson_key="logs"))
        for key in ("ports", "logs"):
            db.session.add(LessonProgress(user_id=ids["L1"], module_id=module.id,
                                          lesson_key=key, first_viewed_at=at(1),
                                          last_viewed_at=at(1), completed_at=at(1, 1)))
        db.session.add(BadgeAward(user_id=ids["L1"], module_id=module.id,
                                  version_id=version_id, issued_at=at(1, 2)))
        questions = {q.key: q.id for q in db.session.scalars(
            select(Question).where(Question.version_id == version_id,
                                   Question.language == "en"))}
        keys = ["https-port", "subscriber-request", "ip-is-website"]
        for name, answers in QUIZ_ANSWERS.items():
            score = round(100 * sum(points for _, points in answers) / 3, 2)
            _attempt(ids[name], module.id, version_id, "quiz", score, at(10), questions,
                     keys, answers)
        for name, score in PRETEST.items():
            # Pre-test answers are deliberately all wrong: they must not reach
            # the item analysis.
            _attempt(ids[name], module.id, version_id, "pretest", score, at(1),
                     questions, keys, [([0], 0.0)] * 3)
        db.session.commit()
        return Data(module.id, ids, instructors, admin,
                    {k: c.id for k, c in cohorts.items()}, {k: o.id for k, o in orgs.items()})


def _attempt(user_id, module_id, version_id, kind, score, when, questions, keys, answers):
    attempt = QuizAttempt(token=f"{kind}-{user_id}", user_id=user_id, module_id=module_id,
                          version_id=version_id, language="en", started_at=when,
                          submitted_at=when, score=score, pass_mark=70, passed=score >= 70,
                          kind=kind)
    db.session.add(attempt)
    db.session.flush()
    for position, (key, (answer, points)) in enumerate(zip(keys, answers), start=1):
        db.session.add(QuestionResponse(attempt_id=attempt.id, question_id=questions[key],
                                        question_key=key, position=position, answer=answer,
                                        score=points))
