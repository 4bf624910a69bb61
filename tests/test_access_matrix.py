"""Every route × every role, against the documented outcomes in docs/access.md."""

from __future__ import annotations

import functools
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from coursehub.core.db import db
from tests.conftest import SAMPLE_MODULES, Browser, import_folder

ACCESS_DOC = Path(__file__).parent.parent / "docs" / "access.md"
ROLES = ["anon", "learner", "other", "c-instr", "o-instr", "admin"]
PASSWORD = "matrix password 123"


def documented_rows() -> list[dict]:
    rows = []
    for line in ACCESS_DOC.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 9 and cells[0] not in ("endpoint", "---"):
            rows.append({"endpoint": cells[0], "method": cells[1], "url": cells[2],
                         **dict(zip(ROLES, cells[3:], strict=True))})
    return rows


ROWS = documented_rows()


def test_every_route_is_documented(app):
    documented = {row["endpoint"] for row in ROWS}
    routes = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert routes - documented == set(), "routes missing from docs/access.md"
    assert documented - routes == set(), "docs/access.md lists routes that do not exist"


@functools.cache
def _module_with_pretest() -> Path:
    """The sample module, with a pre-test switched on."""
    folder = Path(tempfile.mkdtemp(prefix="coursehub-matrix-")) / "sample-module"
    shutil.copytree(SAMPLE_MODULES / "sample-module", folder)
    meta = folder / "module.toml"
    meta.write_text(meta.read_text().replace("[quiz]\n", "[quiz]\npretest = true\n"))
    return folder


def build_world(app) -> dict[str, str]:
    """Users of every role, a module, a cohort, and the learner's own records."""
    from coursehub.accounts.models import Organisation, User
    from coursehub.accounts.tokens import make_confirmation_token, make_reset_token
    from coursehub.admin.cohort_models import Cohort, CohortMember, CohortModule
    from coursehub.content.models import Asset, Module
    from coursehub.core.db import utcnow
    from coursehub.credentials.models import BadgeAward
    from coursehub.quizzes.models import QuizAttempt

    import_folder(app, _module_with_pretest())
    with app.app_context(), app.test_request_context():
        from coursehub.accounts.models import hash_password

        password_hash = hash_password(PASSWORD)
        users = {}
        for role, app_role in [("learner", "learner"), ("other", "learner"),
                               ("c-instr", "instructor"), ("o-instr", "instructor"),
                               ("admin", "admin")]:
            user = User(email=f"{role}@example.org", name=role, password_hash=password_hash,
                        role=app_role, email_confirmed_at=utcnow(), country="UY")
            db.session.add(user)
            users[role] = user
        organisation = Organisation(name="Fiscalía", country="UY", kind="prosecution")
        db.session.add(organisation)
        db.session.flush()
        module = db.session.scalars(select(Module)).one()
        mine = Cohort(name="Edition 1", instructor_id=users["c-instr"].id)
        theirs = Cohort(name="Edition 2", instructor_id=users["o-instr"].id)
        db.session.add_all([mine, theirs])
        db.session.flush()
        db.session.add_all([
            CohortModule(cohort_id=mine.id, module_id=module.id),
            CohortMember(cohort_id=mine.id, user_id=users["learner"].id),
            CohortMember(cohort_id=theirs.id, user_id=users["other"].id),
        ])
        db.session.commit()
        world = {
            "slug": "sample-module", "lesson": "ports", "learner_id": str(users["learner"].id),
            "cohort": str(mine.id), "join_code": mine.join_code,
            "organisation": str(organisation.id),
            "confirm_token": make_confirmation_token(users["other"]),
            "reset_token": make_reset_token(users["learner"]),
        }
        asset = db.session.scalars(select(Asset)).first()
        world["asset"] = f"{asset.sha256}.svg"
    learner = Browser(app.test_client())
    learner.login("learner@example.org", PASSWORD)
    for key in ("ports", "logs"):
        learner.post(f"/modules/sample-module/lessons/{key}/complete")
    quiz = learner.get("/modules/sample-module/quiz").get_data(as_text=True)
    ticket = re.search(r'name="ticket" value="([^"]+)"', quiz).group(1)
    from tests.quizzes.test_attempts import ALL_RIGHT
    learner.post("/modules/sample-module/quiz", {"ticket": ticket, **ALL_RIGHT})
    with app.app_context():
        attempt = db.session.scalars(select(QuizAttempt)).one()
        award = db.session.scalars(select(BadgeAward)).one()
        world.update(attempt=str(attempt.id), badge=award.code, award_id=str(award.id))
    return world


def outcome(response) -> str:
    location = urlsplit(response.headers.get("Location", ""))
    if response.status_code in (301, 302, 303) and location.path == "/login" \
            and "next=" in location.query:
        return "login"  # sent to sign in first (signing out also ends on /login, without next)
    if response.status_code in (403, 404):
        return str(response.status_code)
    if response.status_code in (200, 201, 204, 301, 302, 303, 304, 400, 410):
        return "ok"
    return f"unexpected {response.status_code}"


@pytest.mark.parametrize("row", ROWS, ids=[row["endpoint"] for row in ROWS])
def test_route_answers_every_role_as_documented(app, row):
    world = build_world(app)
    url = row["url"].format(**world)
    found = {}
    for role in ROLES:  # admin last: its actions may change the world
        browser = Browser(app.test_client())
        if role != "anon":
            browser.login(f"{role}@example.org", PASSWORD)
        response = browser.get(url) if row["method"] == "GET" else browser.post(url, {})
        found[role] = outcome(response)
        response.close()  # a streamed response holds its request context until closed
    expected = {role: row[role] for role in ROLES}
    assert found == expected
