"""The completion report's numbers on the hand-built dataset (tests/reports/dataset.py)."""

from datetime import date

import pytest

from coursehub.core.db import db
from coursehub.reports.completion import completion_report, completions_by_day
from coursehub.reports.filters import ReportFilters, Scope, scope_for
from tests.reports.dataset import build

ADMIN = Scope(None)


@pytest.fixture
def data(app, sample_module, make_user):
    return build(make_user, app)


def only_row(filters, scope=ADMIN):
    rows = completion_report(db.session, filters, scope)
    assert len(rows) == 1
    return rows[0]


def test_admin_sees_every_enrolment_including_self_paced_learners(data, app_ctx):
    row = only_row(ReportFilters())
    assert (row.enrolled, row.started, row.completed) == (5, 4, 3)
    assert row.started_rate == 80.0 and row.completed_rate == 60.0
    assert row.median_seconds == 4 * 3600  # median of 2 h, 4 h, 24 h
    assert row.average_best_score == 80.0  # (100 + 80 + 50 + 90) / 4


def test_an_instructor_sees_only_their_cohort(data, app_ctx):
    scope = scope_for(db.session, data.instructors["I1"], is_admin=False)
    assert scope == Scope((data.cohorts["C1"],))
    row = only_row(ReportFilters(), scope)
    assert (row.enrolled, row.started, row.completed) == (3, 3, 2)
    assert row.median_seconds == 3 * 3600  # even count: mean of 2 h and 4 h
    assert row.average_best_score == pytest.approx(76.67)


def test_a_cohort_outside_the_scope_gives_nothing(data, app_ctx):
    scope = Scope((data.cohorts["C1"],))
    assert completion_report(db.session, ReportFilters(cohort_id=data.cohorts["C2"]),
                             scope) == []


def test_cohort_filter_counts_members_who_have_not_started(data, app_ctx):
    row = only_row(ReportFilters(cohort_id=data.cohorts["C2"]))
    assert (row.enrolled, row.started, row.completed, row.median_seconds) == (1, 0, 0, None)
    assert row.average_best_score is None


@pytest.mark.parametrize("filters, expected", [
    (ReportFilters(country="AR"), (2, 1, 0, None, 50.0)),
    (ReportFilters(justice_role="judge"), (2, 1, 1, 7200.0, 100.0)),
    (ReportFilters(justice_role="prosecutor"), (2, 2, 2, 14 * 3600, 85.0)),
])
def test_learner_filters(data, app_ctx, filters, expected):
    row = only_row(filters)
    assert (row.enrolled, row.started, row.completed, row.median_seconds,
            row.average_best_score) == expected


def test_organisation_filter(data, app_ctx):
    row = only_row(ReportFilters(organisation_id=data.orgs["A"]))
    assert (row.enrolled, row.started, row.completed) == (2, 2, 2)


def test_date_range_counts_activity_within_it(data, app_ctx):
    # L1 finished before the range, L5 started after it: L2 and L3 were active,
    # and only L2 completed within it.
    row = only_row(ReportFilters(date_from=date(2026, 1, 2), date_to=date(2026, 1, 3)))
    assert (row.enrolled, row.started, row.completed) == (5, 2, 1)
    assert row.median_seconds == 4 * 3600


def test_completions_by_day(data, app_ctx):
    days = completions_by_day(db.session, ReportFilters(), ADMIN)
    assert [(d.day, d.completions) for d in days] == [
        (date(2026, 1, 1), 1), (date(2026, 1, 2), 1), (date(2026, 1, 6), 1)]
    scoped = completions_by_day(db.session, ReportFilters(), Scope((data.cohorts["C1"],)))
    assert [d.day for d in scoped] == [date(2026, 1, 1), date(2026, 1, 2)]
