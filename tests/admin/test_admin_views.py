"""Admins manage organisations, cohorts and users; learners join cohorts by link."""

import re

import pytest
from sqlalchemy import select

from coursehub.accounts.models import Organisation, User
from coursehub.admin.cohort_models import Cohort, CohortMember
from coursehub.admin.models import AuditEntry
from coursehub.content.models import Module
from coursehub.core.db import db
from tests.conftest import PASSWORD


@pytest.fixture
def admin(make_browser, make_user):
    make_user("admin@example.org", "admin", "Admin")
    browser = make_browser()
    browser.login("admin@example.org", PASSWORD)
    return browser


def test_admin_pages_are_for_admins_only(make_browser, make_user):
    make_user("teacher@example.org", "instructor", "Teacher")
    teacher = make_browser()
    teacher.login("teacher@example.org", PASSWORD)
    for url in ("/admin/organisations", "/admin/cohorts", "/admin/cohorts/new",
                "/admin/users"):
        assert teacher.get(url).status_code == 403, url


def test_create_and_rename_an_organisation(admin, app):
    response = admin.post("/admin/organisations", {"name": "Poder Judicial del Uruguay",
                                                   "country": "UY", "kind": "judiciary"})
    assert response.status_code == 302
    duplicate = admin.post("/admin/organisations", {"name": "Poder Judicial del Uruguay",
                                                    "country": "UY", "kind": "judiciary"})
    assert "already exists" in duplicate.get_data(as_text=True)
    with app.app_context():
        org = db.session.scalars(select(Organisation)).one()
        assert (org.country, org.kind) == ("UY", "judiciary")
    admin.post(f"/admin/organisations/{org.id}", {"name": "PJU", "country": "UY",
                                                  "kind": "judiciary"})
    assert "PJU" in admin.get("/admin/organisations").get_data(as_text=True)


def test_cohort_with_link_that_learners_join(admin, app, sample_module, make_user,
                                             make_browser):
    teacher = make_user("teacher@example.org", "instructor", "Teacher")
    with app.app_context():
        module_id = db.session.scalar(select(Module.id))
    response = admin.post("/admin/cohorts/new", {
        "name": "Montevideo 2027", "instructor": str(teacher), "organisation": "",
        "modules": [str(module_id)], "starts_on": "2027-03-01", "due_on": "2027-04-01",
        "open": "1"})
    assert response.status_code == 302
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    link = re.search(r'value="(http[^"]+/join/[^"]+)"', page).group(1)
    code = link.rsplit("/", 1)[1]
    make_user("learner@example.org", "learner", "Lucía")
    learner = make_browser()
    learner.login("learner@example.org", PASSWORD)
    invitation = learner.get(f"/join/{code}").get_data(as_text=True)
    assert "Montevideo 2027" in invitation and "Ports and logs" in invitation
    assert learner.post(f"/join/{code}").status_code == 302
    assert learner.post(f"/join/{code}").status_code == 302  # joining twice is harmless
    assert learner.post("/join", {"code": code}).headers["Location"].endswith(f"/join/{code}")
    assert learner.get("/join/not-a-code").status_code == 404
    with app.app_context():
        cohort = db.session.scalars(select(Cohort)).one()
        assert cohort.instructor_id == teacher and [m.module_id for m in cohort.modules] == [
            module_id]
        assert len(db.session.scalars(select(CohortMember)).all()) == 1


def test_admin_removes_a_learner_from_a_cohort_and_keeps_their_records(
        admin, app, sample_module, make_user, make_browser):
    from sqlalchemy import func

    from coursehub.learning.models import LessonProgress

    learner_id = make_user("ana@example.org", "learner", "Ana Torres")
    stays_id = make_user("ben@example.org", "learner", "Ben Ruiz")
    with app.app_context():
        cohort = Cohort(name="Lima 2027", join_code="lima-code", open=True)
        db.session.add(cohort)
        db.session.commit()
        cohort_id = cohort.id
    for email in ("ana@example.org", "ben@example.org"):
        browser = make_browser()
        browser.login(email, PASSWORD)
        browser.post("/join/lima-code")
        browser.get("/modules/sample-module/lessons/ports")  # some progress
    page = admin.get(f"/admin/cohorts/{cohort_id}").get_data(as_text=True)
    assert "Ana Torres" in page and "Ben Ruiz" in page and "2 learners have joined." in page
    url = f"/admin/cohorts/{cohort_id}/members/{learner_id}/remove"
    response = admin.post(url)
    assert response.status_code == 302
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ana Torres" not in page and "Ben Ruiz" in page
    assert "Their progress and results are kept." in page
    assert admin.post(url).status_code == 404  # not a member any more
    with app.app_context():
        assert db.session.scalars(select(CohortMember.user_id)).all() == [stays_id]
        assert db.session.scalar(select(func.count()).select_from(LessonProgress).where(
            LessonProgress.user_id == learner_id)) == 1
        entry = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "cohort_member_removed")).one()
        assert entry.target_id == str(cohort_id) and entry.details == {"user_id": learner_id}


def test_due_date_before_start_is_refused(admin, sample_module, app):
    with app.app_context():
        module_id = db.session.scalar(select(Module.id))
    response = admin.post("/admin/cohorts/new", {
        "name": "Backwards", "modules": [str(module_id)], "starts_on": "2027-03-01",
        "due_on": "2027-02-01", "open": "1", "instructor": "", "organisation": ""})
    assert response.status_code == 200
    assert "cannot be before the start date" in response.get_data(as_text=True)


def test_closed_cohort_refuses_new_learners(admin, app, learner, make_browser, sample_module):
    with app.app_context():
        db.session.add(Cohort(name="Closed", join_code="closed-code", open=False))
        db.session.commit()
    browser = make_browser()
    browser.login(learner, PASSWORD)
    browser.post("/join/closed-code")
    with app.app_context():
        assert db.session.scalars(select(CohortMember)).all() == []


def test_role_change_is_audited(admin, app, make_user):
    user_id = make_user("someone@example.org", "learner", "Someone")
    response = admin.post(f"/admin/users/{user_id}", {
        "role": "instructor", "organisation": "", "country": "AR",
        "justice_role": "judge"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, user_id)
        assert (user.role, user.country, user.justice_role) == ("instructor", "AR", "judge")
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action
                                                            == "role_change")).one()
        assert (entry.target_type, entry.target_id) == ("user", str(user_id))
        assert entry.details == {"old": "learner", "new": "instructor"}


def test_admin_cannot_drop_their_own_admin_role(admin, app):
    with app.app_context():
        me = db.session.scalar(select(User.id).where(User.email == "admin@example.org"))
    admin.post(f"/admin/users/{me}", {"role": "learner", "organisation": "", "country": "",
                                      "justice_role": "other"})
    with app.app_context():
        assert db.session.get(User, me).role == "admin"


def test_user_list_search(admin, make_user):
    make_user("findme@example.org", "learner", "Findable Person")
    page = admin.get("/admin/users?q=findable").get_data(as_text=True)
    assert "findme@example.org" in page and "admin@example.org" not in page
