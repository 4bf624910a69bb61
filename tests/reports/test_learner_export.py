"""The learners CSV, byte for byte, on awkward data, on SQLite and PostgreSQL.

Each expected file is written here the slow, obvious way: the csv module, with
csvstream.cell() on the name, email, organisation, dates and numbers (country,
role, module and status as they are), from the values the database gives back.
Which (learner, module) lines each scope and filter keeps is listed by hand.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from coursehub.accounts.models import Organisation, User
from coursehub.admin.cohort_models import CohortModule
from coursehub.content.models import Module
from coursehub.core.db import db
from coursehub.learning.models import ModuleProgress
from coursehub.reports import learner_export, parallel
from coursehub.reports.csvstream import BOM, cell
from coursehub.reports.filters import ReportFilters, Scope
from tests.conftest import PASSWORD
from tests.reports.dataset import at, build

NAMES = {  # the dataset's learners, renamed
    "L1": 'Ana, "La Jueza"\nPérez',
    "L2": '=HYPERLINK("http://x.example")',
    "L3": "+44 20 7946 0000",
    "L4": "-minus first",
    "L5": "@SUM(A1:A2)",
}
ORGANISATIONS = {"A": 'Ministério Público, "Norte"', "B": "=Org B"}
# More learners, in no cohort, with progress in a second module:
# key -> (name, email, organisation, country, best score)
MORE = {
    "M1": ("\tTabbed", "=tab@example.org", "Org\r\nTwo lines", "", 66.66666666666667),
    "M2": ("\rCarriage return", "o,dd@example.org", None, "AR", 0.1),
    "M3": ("Zoë Ñandú", "zoe@example.org", "=Org B", "UY", 1e-05),
    "M4": (" space first", "space@example.org", None, "UY", 0.0),
    "M5": ("Minus zero", "m5@example.org", None, "UY", -0.0),
    "M6": ("Whole", "m6@example.org", None, "UY", 100.0),
    "M7": ("Big", "m7@example.org", None, "UY", 1e15 + 0.5),
    "M8": ("Bigger", "m8@example.org", None, "UY", 1e16),
    "M9": ("Huge", "m9@example.org", None, "UY", 12345678901234567890.0),
    "M10": ("Infinite", "m10@example.org", None, "UY", float("inf")),
    "M11": ("Negative infinite", "m11@example.org", None, "UY", float("-inf")),
    "M12": ("Not a number", "m12@example.org", None, "UY", float("nan")),
    "M13": ("No score", "m13@example.org", None, "UY", None),
    "M14": ("Padded", "m14@example.org", None, "UY", 1.5e15),
}
LATE = datetime(2026, 1, 7, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=-3)))


@pytest.fixture
def data(app, sample_module, make_user):
    """The hand-built dataset, renamed awkwardly, plus a second module that cohort
    C1 also takes (L1 started it; L2 and L3 have not) and the learners in MORE."""
    data = build(make_user, app)
    more = {key: make_user(email, "learner", name)
            for key, (name, email, *_rest) in MORE.items()}
    with app.app_context():
        for key, name in NAMES.items():
            db.session.get(User, data.learners[key]).name = name
        for key, name in ORGANISATIONS.items():
            db.session.get(Organisation, data.orgs[key]).name = name
        db.session.flush()
        second = Module(slug="second-module")
        two_lines = Organisation(name="Org\r\nTwo lines", country="UY", kind="judiciary")
        db.session.add_all([second, two_lines])
        db.session.flush()
        db.session.add(CohortModule(cohort_id=data.cohorts["C1"], module_id=second.id))
        db.session.add(ModuleProgress(user_id=data.learners["L1"], module_id=second.id,
                                      started_at=at(3, 5), lessons_completed=0))
        orgs = {"Org\r\nTwo lines": two_lines.id, "=Org B": data.orgs["B"]}
        for key, (name, email, organisation, country, score) in MORE.items():
            user = db.session.get(User, more[key])
            user.name, user.email, user.country = name, email, country
            user.organisation_id = orgs.get(organisation)
            db.session.add(ModuleProgress(user_id=user.id, module_id=second.id,
                                          started_at=LATE, lessons_completed=1,
                                          best_score=score))
        db.session.commit()
    data.learners.update(more)
    return data


def expected(app, data, started: list[str], waiting: list[str]) -> bytes:
    """The file for these (learner, module) lines, each "key/module": the started
    ones (with progress), then the ones not started yet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(learner_export.HEADER)
    with app.app_context():
        for line in [*started, *waiting]:
            key, slug = line.split("/")
            user = db.session.get(User, data.learners[key])
            organisation = db.session.get(Organisation, user.organisation_id) \
                if user.organisation_id else None
            module = db.session.scalar(select(Module).where(Module.slug == slug))
            progress = db.session.scalar(select(ModuleProgress).where(
                ModuleProgress.user_id == user.id, ModuleProgress.module_id == module.id))
            assert (progress is not None) == (line in started), line
            status = "not_started" if progress is None else \
                "completed" if progress.completed_at else "in_progress"
            writer.writerow([
                user.id, cell(user.name), cell(user.email),
                cell(organisation.name if organisation else None), user.country,
                user.justice_role, slug, status,
                *(cell(getattr(progress, name, None)) for name in (
                    "started_at", "completed_at", "lessons_completed", "best_score")),
            ])
    return (BOM + buffer.getvalue()).encode()


@pytest.fixture
def admin(make_browser, data):
    browser = make_browser()
    browser.login("admin@example.org", PASSWORD)
    return browser


@pytest.fixture
def instructor(make_browser, data):
    browser = make_browser()
    browser.login("i1@example.org", PASSWORD)
    return browser


EVERY_STARTED = ["L1/sample-module", "L1/second-module", "L2/sample-module",
                 "L3/sample-module", "L5/sample-module", *(f"{k}/second-module" for k in MORE)]
EVERY_WAITING = ["L2/second-module", "L3/second-module", "L4/sample-module"]


@dataclass
class Slicing:
    on: bool  # slices asked for
    calls: list = field(default_factory=list)  # the slices' calls, in order


@pytest.fixture(params=["one pass", "slices"])
def slicing(request, monkeypatch):
    """The export in one pass, or in slices of three account ids, written one per
    core at once (SQLite: by the process pool; PostgreSQL: by one connection per
    core, in threads)."""
    slicing = Slicing(on=request.param == "slices")
    if slicing.on:
        monkeypatch.setattr(learner_export, "SLICE_LEARNERS", 3)
        in_order = parallel.in_order

        def spy(function, calls, ahead, **options):
            calls = list(calls)
            slicing.calls.extend(calls)
            return in_order(function, calls, ahead, **options)

        monkeypatch.setattr(parallel, "in_order", spy)
    return slicing


def test_every_line_for_an_admin(app, admin, data, slicing):
    body = admin.get("/reports/learners.csv").get_data()
    assert body == expected(app, data, EVERY_STARTED, EVERY_WAITING)
    assert bool(slicing.calls) == slicing.on


def test_slices_cover_every_account_once(app, admin, data, monkeypatch):
    monkeypatch.setattr(learner_export, "SLICE_LEARNERS", 3)
    with app.app_context():
        low, high = db.session.execute(select(func.min(User.id), func.max(User.id))).one()
        ranges = learner_export._slices(db.session, ReportFilters(), Scope(None))
        assert ranges[0][0] == low and ranges[-1][1] == high
        assert all(a[1] + 1 == b[0] for a, b in zip(ranges, ranges[1:], strict=False))
        assert all(last - first + 1 == 3 for first, last in ranges[:-1])
        # within cohorts, or for some learners only: one pass
        assert learner_export._slices(db.session, ReportFilters(), Scope((1,))) is None
        for some in ({"cohort_id": 1}, {"organisation_id": 1}, {"country": "UY"},
                     {"justice_role": "judge"}):
            assert learner_export._slices(db.session, ReportFilters(**some), Scope(None)) is None
        assert len(learner_export._slices(
            db.session, ReportFilters(date_from=date(2026, 1, 1)), Scope(None))) == len(ranges)
        monkeypatch.setattr(learner_export, "SLICE_LEARNERS", high - low + 1)
        assert learner_export._slices(db.session, ReportFilters(), Scope(None)) is None


def test_instructor_sees_their_cohort_only(app, instructor, data):
    body = instructor.get("/reports/learners.csv").get_data()
    assert body == expected(
        app, data, ["L1/sample-module", "L1/second-module", "L2/sample-module",
                    "L3/sample-module"], ["L2/second-module", "L3/second-module"])


@pytest.mark.parametrize(("query", "started", "waiting"), [
    ("cohort={C2}", [], ["L4/sample-module"]),
    ("country=AR", ["L3/sample-module", "M2/second-module"],
     ["L3/second-module", "L4/sample-module"]),
    ("justice_role=judge&organisation={A}", ["L1/sample-module", "L1/second-module"], []),
    ("date_from=2026-01-04",
     ["L1/second-module", "L3/sample-module", "L5/sample-module",
      *(f"{k}/second-module" for k in MORE)], EVERY_WAITING),
    ("date_to=2026-01-02", ["L1/sample-module", "L2/sample-module"], EVERY_WAITING),
])
def test_filters(app, admin, data, query, started, waiting, slicing):
    url = "/reports/learners.csv?" + query.format(C2=data.cohorts["C2"], A=data.orgs["A"])
    assert admin.get(url).get_data() == expected(app, data, started, waiting)
    # sliced by date only: a cohort, an organisation, a country or a role is one pass
    assert bool(slicing.calls) == (slicing.on and query.startswith("date_"))


def test_one_line_per_batch(app, admin, data, monkeypatch):
    """Many small batches (learners looked up per batch, COPY read in pieces)."""
    monkeypatch.setattr(learner_export, "BATCH", 1)
    body = admin.get("/reports/learners.csv").get_data()
    assert body == expected(app, data, EVERY_STARTED, EVERY_WAITING)


def test_a_client_leaving_early_frees_the_connection(app, admin, data, monkeypatch, slicing):
    monkeypatch.setattr(learner_export, "BATCH", 1)
    response = admin.get("/reports/learners.csv", buffered=False)
    chunks = iter(response.response)
    assert next(chunks).startswith(BOM.encode() + b"learner_id,")
    assert next(chunks).startswith(str(data.learners["L1"]).encode())  # mid-COPY on PG
    response.close()
    body = admin.get("/reports/learners.csv").get_data()
    assert body == expected(app, data, EVERY_STARTED, EVERY_WAITING)
    with app.app_context():
        assert db.session.scalar(select(User.name).where(User.id == data.learners["L3"])) \
            == "+44 20 7946 0000"


def test_stamps_are_utc_to_the_second(app, admin, data):
    assert LATE.astimezone(UTC).isoformat() == "2026-01-08T02:59:59.999999+00:00"
    body = admin.get("/reports/learners.csv").get_data().decode()
    assert body.count(",2026-01-08T02:59:59Z,,1,") == len(MORE)


def test_sqlite_looks_learners_up_by_id_range_or_id_list(app, admin, data, monkeypatch):
    """SQLite reads a batch's learners by their id range when the batch's ids are
    dense and by a list of ids when they are sparse: both give the same file.
    (PostgreSQL joins the learners in its COPY: no lookups.)"""
    with app.app_context():
        sqlite = db.engine.dialect.name == "sqlite"
    picked = []
    chosen = learner_export._people_of

    def spy(batch):
        query, parameters = chosen(batch)
        picked.append(sorted(parameters))
        return query, parameters

    monkeypatch.setattr(learner_export, "_people_of", spy)
    assert admin.get("/reports/learners.csv").get_data() \
        == expected(app, data, EVERY_STARTED, EVERY_WAITING)
    # one batch for each of the two queries, each dense
    assert picked == ([["first_id", "last_id"], ["first_id", "last_id"]] if sqlite else [])
    picked.clear()
    # L3 and M2 only: far apart in the id order, so a list
    assert admin.get("/reports/learners.csv?country=AR").get_data() == expected(
        app, data, ["L3/sample-module", "M2/second-module"],
        ["L3/second-module", "L4/sample-module"])
    assert (["ids"] in picked) if sqlite else picked == []


@pytest.mark.parametrize("query", ["", "?country=UY"])
def test_the_learners_page_readies_the_sliced_export(app, admin, data, monkeypatch, query):
    """On SQLite, the page that links to a sliced export starts its process pool."""
    started = []
    monkeypatch.setattr(parallel, "start", started.append)
    monkeypatch.setattr(learner_export, "SLICE_LEARNERS", 3)
    assert admin.get("/reports/learners" + query).status_code == 200
    with app.app_context():
        sqlite = db.engine.dialect.name == "sqlite"
    # a country is one pass; PostgreSQL slices in threads, with no pool to start
    assert started == ([learner_export._sqlite_slice] if sqlite and not query else [])
