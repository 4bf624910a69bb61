"""Report pages: access rules, CSV exports, charts, query budgets."""

import csv
import io

import pytest
from sqlalchemy import select

from coursehub.admin.models import AuditEntry
from coursehub.core.db import db
from tests.conftest import PASSWORD
from tests.reports.dataset import build


@pytest.fixture
def data(app, sample_module, make_user):
    return build(make_user, app)


def signed_in_as(make_browser, email):
    browser = make_browser()
    browser.login(email, PASSWORD)
    return browser


@pytest.fixture
def admin(make_browser, data):
    return signed_in_as(make_browser, "admin@example.org")


@pytest.fixture
def instructor(make_browser, data):
    return signed_in_as(make_browser, "i1@example.org")


def read_csv(response):
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff"), "CSV must start with a BOM for Excel"
    return list(csv.reader(io.StringIO(body[1:])))


def test_learners_cannot_see_reports(make_browser, data):
    learner = signed_in_as(make_browser, "l1@example.org")
    for url in ("/reports/", "/reports/learners", "/reports/items", "/reports/gain",
                "/reports/completion.csv", f"/reports/learners/{data.learners['L2']}"):
        assert learner.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(client, data):
    response = client.get("/reports/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_completion_page_for_admin(admin):
    page = admin.get("/reports/").get_data(as_text=True)
    assert "Completion report" in page
    assert '<td class="num">5</td>' in page and "4 (80.0%)" in page and "3 (60.0%)" in page
    assert "4.0 h" in page and "80.0%" in page
    assert page.count('<svg class="chart"') == 2 and 'role="img"' in page
    assert "<title id=\"timeline-chart\">" in page
    assert "2026-01-06" in page  # the data table behind the timeline
    assert 'style="' not in page and "<script" not in page


def test_instructor_sees_only_their_cohorts(instructor, data):
    page = instructor.get("/reports/").get_data(as_text=True)
    assert '<td class="num">3</td>' in page and "2 (66.7%)" in page
    assert "Cohort one" in page and "Cohort two" not in page
    learners = instructor.get("/reports/learners").get_data(as_text=True)
    assert "Learner L1" in learners and "Learner L4" not in learners
    assert "Learner L5" not in learners


def test_instructor_cannot_ask_for_another_cohort(instructor, data):
    assert instructor.get(f"/reports/?cohort={data.cohorts['C2']}").status_code == 403
    assert instructor.get(f"/reports/learners.csv?cohort={data.cohorts['C2']}") \
        .status_code == 403
    assert instructor.get(f"/reports/?cohort={data.cohorts['C1']}").status_code == 200


def test_instructor_transcripts_only_for_their_learners(instructor, data):
    assert instructor.get(f"/reports/learners/{data.learners['L1']}").status_code == 200
    assert instructor.get(f"/reports/learners/{data.learners['L4']}").status_code == 403
    assert instructor.get(f"/reports/learners/{data.learners['L4']}/transcript.csv") \
        .status_code == 403
    assert instructor.get("/reports/learners/99999").status_code == 404


def test_completion_csv_is_audited(admin, app, data):
    response = admin.get("/reports/completion.csv?country=UY")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == ["module", "enrolled", "started"]
    assert rows[1] == ["sample-module", "3", "3", "100.0", "3", "100.0", "4.0", "90.0"]
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export")
                                   ).one()
        assert (entry.target_type, entry.target_id) == ("report", "completion")
        assert entry.details == {"filters": {"country": "UY"}}


def test_learners_csv_has_a_stable_identifier_per_record(admin, data):
    rows = read_csv(admin.get("/reports/learners.csv"))
    assert rows[0][:2] == ["learner_id", "name"]
    by_id = {int(r[0]): r for r in rows[1:]}
    assert len(rows) == 6 and set(by_id) == set(data.learners.values())
    l1 = by_id[data.learners["L1"]]
    assert l1[1:8] == ["Learner L1", "l1@example.org", "Org A", "UY", "judge",
                       "sample-module", "completed"]
    assert l1[8:] == ["2026-01-01T00:00:00Z", "2026-01-01T02:00:00Z", "2", "100.0"]
    assert by_id[data.learners["L4"]][7:9] == ["not_started", ""]


def test_csv_keeps_accents_and_neutralises_formulas(admin, app, data):
    from coursehub.accounts.models import User

    with app.app_context():
        db.session.get(User, data.learners["L2"]).name = "=HYPERLINK(\"x\") Núñez"
        db.session.commit()
    body = admin.get("/reports/learners.csv").get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    assert "'=HYPERLINK(\"\"x\"\") Núñez".encode() in body


def test_transcript_page_and_csv(admin, data):
    page = admin.get(f"/reports/learners/{data.learners['L1']}").get_data(as_text=True)
    assert "Transcript: Learner L1" in page and "Pre-test" in page and "100.0%" in page
    rows = read_csv(admin.get(f"/reports/learners/{data.learners['L1']}/transcript.csv"))
    records = [r[3] for r in rows[1:]]
    assert records.count("lesson_completed") == 2
    assert sorted(set(records)) == ["badge", "lesson_completed", "module_completed",
                                    "module_started", "pretest", "quiz_attempt"]


def test_items_page_and_csv(admin, data):
    page = admin.get("/reports/items?module=sample-module").get_data(as_text=True)
    assert "https-port" in page and "50.0%" in page and "Negative discrimination" in page
    rows = read_csv(admin.get("/reports/items.csv?module=sample-module"))
    by_key = {r[0]: r for r in rows[1:]}
    request = by_key["subscriber-request"]
    assert request[1:3] == ["4", "50.0"] and abs(float(request[3]) + 30.15) <= 0.011
    assert request[4:] == ["1:2 2:2 3:1 4:2", "0", "negative_discrimination"]
    assert admin.get("/reports/items?module=nope").status_code == 404


def test_gain_page_and_csv(admin, data):
    page = admin.get("/reports/gain?by=country").get_data(as_text=True)
    assert "UY" in page and "+50.0" in page
    rows = read_csv(admin.get("/reports/gain.csv?by=justice_role"))
    assert ["sample-module", "judge", "1", "40.0", "100.0", "60.0"] in rows
    assert admin.get("/reports/gain?by=shoe-size").status_code == 404


def test_invalid_filter_values_are_ignored(admin, data):
    response = admin.get("/reports/?date_from=not-a-date&organisation=abc")
    assert response.status_code == 200
    assert '<td class="num">5</td>' in response.get_data(as_text=True)


# Measured: admin / instructor (the instructor's scope costs one query).
BUDGETS = {"/reports/": 11, "/reports/learners": 10, "/reports/items": 9,
           "/reports/gain?by=organisation": 7}


@pytest.mark.parametrize("url", sorted(BUDGETS))
def test_report_query_budget(admin, instructor, count_queries, url):
    for browser in (admin, instructor):
        with count_queries() as queries:
            response = browser.get(url)
        assert response.status_code == 200
        assert queries.count <= BUDGETS[url], "\n".join(queries.statements)
