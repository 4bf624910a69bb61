"""Item analysis against a worked example, knowledge gain, learners and transcript."""

import math

import pytest
from sqlalchemy import event

from coursehub.accounts.models import User
from coursehub.core.db import db
from coursehub.reports.filters import ReportFilters, Scope
from coursehub.reports.gain import knowledge_gain
from coursehub.reports.items import ItemStats, item_analysis, pearson
from coursehub.reports.learners import count_learners, learner_page, transcript
from tests.reports.dataset import build

ADMIN = Scope(None)


@pytest.fixture
def data(app, sample_module, make_user):
    return build(make_user, app)


@pytest.fixture(params=["by attempt", "by question key"])
def read_order(request, monkeypatch):
    """SQLite reads responses attempt by attempt for a small scope and in question-key
    order for a large one: both must give the same numbers (PostgreSQL has one way)."""
    if request.param == "by question key":
        monkeypatch.setattr("coursehub.reports.items.KEY_ORDER_FROM", 0)
    return request.param


def test_pearson_from_sums():
    xs, ys = [1, 1, 0, 0], [2, 1, 1, 1]
    r = pearson(4, sum(xs), sum(ys), sum(x * x for x in xs), sum(y * y for y in ys),
                sum(x * y for x, y in zip(xs, ys)))
    assert r == pytest.approx(1 / math.sqrt(3))
    assert pearson(3, 3, 2, 3, 2, 2) is None  # every x equal: undefined
    assert pearson(1, 1, 1, 1, 1, 1) is None


def test_item_analysis_worked_example(data, app_ctx, read_order):
    """Four quiz attempts (pre-tests excluded); item score x, rest-of-quiz score y.

    https-port:          x = 1 1 0 0, y = 2 1 1 1
        F = 50 %; r = 0.5 / sqrt(1 * 0.75) = 0.5774 -> D = 57.74 %
    subscriber-request:  x = 1 0 1 0, y = 2 2 0 1
        F = 50 %; r = -0.5 / sqrt(1 * 2.75) = -0.3015 -> D = -30.15 % (flagged)
    ip-is-website:       x = 1 1 0 1, y = 2 1 1 0
        F = 75 %; covariance 0 -> D = 0 %

    Totals come from the stored percentage scores (66.67 % of 3 questions is
    2.0001 points), so D may differ from the exact value by 0.01.
    """
    stats = {s.key: s for s in item_analysis(db.session, data.module_id, ReportFilters(),
                                             ADMIN)}
    assert set(stats) == {"https-port", "subscriber-request", "ip-is-website"}
    port, request, website = (stats["https-port"], stats["subscriber-request"],
                              stats["ip-is-website"])
    assert (port.attempts, port.facility) == (4, 50.0)
    assert port.discrimination == pytest.approx(57.74, abs=0.011)
    assert request.facility == 50.0
    assert request.discrimination == pytest.approx(-30.15, abs=0.011)
    assert website.facility == 75.0
    assert website.discrimination == pytest.approx(0.0, abs=0.011)
    assert port.options == {0: 1, 1: 2, 2: 1}
    assert request.options == {0: 2, 1: 2, 2: 1, 3: 2}
    assert website.options == {0: 1, 1: 3}
    assert request.flags == ["negative_discrimination"]
    assert port.flags == [] and website.flags == []


# The planner statistics ANALYZE wrote for `coursehub seed-scale --learners 50000`.
SCALE_STATISTICS = [
    ("question_response", "ix_question_response_item_key_order", "3048749 40650 6287 1 1"),
    ("question_response", "ix_question_response_item_analysis", "3048749 16 1 1"),
    ("question_response", "ix_question_response_question_key", "3048749 40650"),
    ("question_response", "sqlite_autoindex_question_response_1", "3048749 16 1"),
    ("quiz_attempt", "ix_quiz_attempt_module_kind", "200596 40120 20060 20060 153"),
    ("quiz_attempt", "ix_quiz_attempt_version_id", "200596 40120"),
    ("quiz_attempt", "ix_quiz_attempt_user_module", "200596 5 2"),
    ("quiz_attempt", "sqlite_autoindex_quiz_attempt_1", "200596 1"),
    ("question", "ix_question_version_id", "152 31"),
    ("question", "ix_question_key", "152 3"),
    ("question", "sqlite_autoindex_question_1", "152 31 2 1"),
]


@pytest.fixture
def planned_at_scale(app_ctx):
    """SQLite plans the queries as it would for 50,000 learners, then forgets it."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a SQLite query plan; PostgreSQL reads the responses one way")
    connection = db.session.connection()
    connection.exec_driver_sql("ANALYZE")  # creates sqlite_stat1
    connection.exec_driver_sql("DELETE FROM sqlite_stat1")
    for row in SCALE_STATISTICS:
        connection.exec_driver_sql("INSERT INTO sqlite_stat1 VALUES (?, ?, ?)", row)
    connection.exec_driver_sql("ANALYZE sqlite_schema")  # the planner reloads them
    yield connection
    connection.exec_driver_sql("DELETE FROM sqlite_stat1")
    connection.exec_driver_sql("ANALYZE sqlite_schema")
    db.session.commit()


def test_sqlite_reads_a_large_scope_in_question_key_order(data, planned_at_scale,
                                                          monkeypatch):
    """With many attempts in scope, SQLite must walk the key-order index and look the
    attempts up, not read responses attempt by attempt and sort them all to group
    (twice as slow at 50,000 learners)."""
    monkeypatch.setattr("coursehub.reports.items.KEY_ORDER_FROM", 0)
    captured = []
    listener = lambda *args: captured.append((args[2], args[3]))  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        item_analysis(db.session, data.module_id, ReportFilters(), ADMIN)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    statement, parameters = captured[-1]
    plan = [row[3] for row in planned_at_scale.exec_driver_sql(
        "EXPLAIN QUERY PLAN " + statement, parameters)]
    assert any("ix_question_response_item_key_order" in step for step in plan), plan
    assert plan[-1].startswith("SEARCH attempts"), plan  # no sort at the end to group


def test_item_flags_for_easy_and_hard_items():
    assert ItemStats("k", 10, 95.0, 10.0).flags == ["too_easy"]
    assert ItemStats("k", 10, 10.0, None).flags == ["too_hard"]


def test_item_analysis_in_an_instructor_scope(data, app_ctx, read_order):
    stats = {s.key: s for s in item_analysis(db.session, data.module_id, ReportFilters(),
                                             Scope((data.cohorts["C1"],)))}
    assert stats["https-port"].attempts == 3  # L1, L2, L3 only
    assert stats["https-port"].facility == pytest.approx(66.67)


def test_knowledge_gain_overall_and_by_group(data, app_ctx):
    [everyone] = knowledge_gain(db.session, "all", ReportFilters(), ADMIN)
    assert (everyone.learners, everyone.mean_pre, everyone.mean_post, everyone.gain) == \
        (4, 42.5, 80.0, 37.5)
    by_role = {r.group: (r.learners, r.mean_pre, r.mean_post, r.gain)
               for r in knowledge_gain(db.session, "justice_role", ReportFilters(), ADMIN)}
    assert by_role == {"judge": (1, 40.0, 100.0, 60.0), "prosecutor": (2, 40.0, 85.0, 45.0),
                       "law_enforcement": (1, 50.0, 50.0, 0.0)}
    by_country = {r.group: (r.learners, r.mean_pre, r.mean_post)
                  for r in knowledge_gain(db.session, "country", ReportFilters(), ADMIN)}
    assert by_country == {"UY": (3, 40.0, 90.0), "AR": (1, 50.0, 50.0)}
    by_org = {r.group: r.learners
              for r in knowledge_gain(db.session, "organisation", ReportFilters(), ADMIN)}
    assert by_org == {"Org A": 2, "Org B": 1, "": 1}
    [scoped] = knowledge_gain(db.session, "all", ReportFilters(), Scope((data.cohorts["C1"],)))
    assert (scoped.learners, scoped.mean_pre, scoped.mean_post) == (3, 36.67, 76.67)


def test_learner_page_statuses(data, app_ctx):
    assert count_learners(db.session, ReportFilters(), ADMIN) == 5
    rows = learner_page(db.session, ReportFilters(), ADMIN, page=1, per_page=3)
    assert [r.name for r in rows] == ["Learner L1", "Learner L2", "Learner L3"]
    assert [r.statuses[data.module_id] for r in rows] == ["completed", "completed",
                                                          "in_progress"]
    rest = learner_page(db.session, ReportFilters(), ADMIN, page=2, per_page=3)
    assert [(r.name, r.statuses[data.module_id]) for r in rest] == [
        ("Learner L4", "not_started"), ("Learner L5", "completed")]
    assert rest[0].organisation == "Org B" and rest[0].country == "AR"


def test_transcript_lists_everything(data, app_ctx):
    t = transcript(db.session, db.session.get(User, data.learners["L1"]))
    assert t.organisation == "Org A"
    assert [p.module_id for p in t.progress] == [data.module_id]
    assert sorted(k for k, _ in t.lessons_done(data.module_id)) == ["logs", "ports"]
    assert sorted((a.kind, a.score) for a in t.attempts) == [("pretest", 40.0),
                                                              ("quiz", 100.0)]
    assert len(t.badges) == 1
