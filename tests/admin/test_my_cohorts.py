"""Instructors see the cohorts they run, each with its enrolment link, and nobody else's."""

from datetime import date

import pytest

from coursehub.admin.cohort_models import Cohort, CohortMember, CohortModule
from coursehub.content.models import Module
from coursehub.core.db import db
from tests.conftest import PASSWORD


@pytest.fixture
def cohorts(app, sample_module, make_user):
    """Two cohorts of one instructor (one closed, one with a learner) and another's."""
    teacher = make_user("teacher@example.org", "instructor", "Teacher")
    other = make_user("other@example.org", "instructor", "Other")
    learner = make_user("learner@example.org", "learner", "Learner")
    with app.app_context():
        module_id = db.session.query(Module.id).scalar()
        rows = [
            Cohort(name="Lima 2027", instructor_id=teacher, starts_on=date(2027, 5, 3),
                   join_code="lima-2027-code", modules=[CohortModule(module_id=module_id)]),
            Cohort(name="Quito 2026", instructor_id=teacher, starts_on=date(2026, 9, 1),
                   join_code="quito-2026-code", open=False),
            Cohort(name="Santiago 2027", instructor_id=other, join_code="santiago-code"),
        ]
        db.session.add_all(rows)
        db.session.flush()
        db.session.add(CohortMember(cohort_id=rows[0].id, user_id=learner))
        db.session.commit()
        return [row.id for row in rows]


def signed_in_as(make_browser, email: str):
    browser = make_browser()
    browser.login(email, PASSWORD)
    return browser


def test_an_instructor_sees_their_cohorts_with_links_and_no_one_elses(make_browser, cohorts):
    lima, quito, _santiago = cohorts
    page = signed_in_as(make_browser, "teacher@example.org").get("/teaching/cohorts")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.index("Lima 2027") < html.index("Quito 2026")  # the latest start first
    assert "Santiago" not in html and "santiago-code" not in html
    assert 'value="http://localhost/join/lima-2027-code"' in html
    assert "1 learner has joined." in html and "0 learners have joined." in html
    assert ">Ports and logs</a>" in html  # Lima's module, by its title
    assert "quito-2026-code" not in html  # closed: no link to hand out
    assert "This cohort is closed to new learners." in html
    assert f"/reports/?cohort={lima}" in html and f"/reports/learners?cohort={quito}" in html
    assert 'href="/teaching/cohorts"' in html  # in the instructor's menu


def test_an_instructor_without_cohorts_is_told_how_they_come(make_browser, make_user):
    make_user("new@example.org", "instructor", "New")
    html = signed_in_as(make_browser, "new@example.org").get("/teaching/cohorts") \
        .get_data(as_text=True)
    assert "You do not run any cohort yet." in html


def test_learners_may_not_see_the_page(make_browser, cohorts):
    learner = signed_in_as(make_browser, "learner@example.org")
    assert learner.get("/teaching/cohorts").status_code == 403
    assert 'href="/teaching/cohorts"' not in learner.get("/modules/").get_data(as_text=True)
