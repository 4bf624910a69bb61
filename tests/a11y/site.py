"""A populated site for page-wide checks, and the list of pages to visit.

Pages are discovered from ``app.url_map``: every GET route whose arguments
can be filled from :func:`sample_values` (the sample module, a quiz attempt, a
badge code, the learner's id, a module file), so pages other developers add
later are checked too; each is visited as a user its access policy admits. Routes that
need other arguments are listed in :data:`EXTRA_PAGES` by hand.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from coursehub.accounts.models import User
from coursehub.admin.cohort_models import Cohort, CohortModule
from coursehub.content.models import Module
from coursehub.core.db import db
from tests.conftest import PASSWORD, SAMPLE_MODULES, import_folder

LANGUAGES = {"en": "en-US", "es": "es-419", "pt_BR": "pt-BR"}  # UI language -> browser locale
ENGLISH_ONLY = "english-only"
ALL_RIGHT = {"q-https-port": "1", "q-subscriber-request": ["0", "1", "3"], "q-ip-is-website": "1"}
ALL_WRONG = {"q-https-port": "0", "q-subscriber-request": ["2"], "q-ip-is-website": "0"}


@dataclass(frozen=True)
class PageToCheck:
    url: str
    role: str  # "anonymous", "learner", "instructor" or "admin"
    endpoint: str = ""


@dataclass
class Site:
    """Who is signed in where, and the ids the parameterised pages need."""

    cookies: dict[str, str] = field(default_factory=dict)  # role -> session cookie
    failed_attempt: int = 0
    passed_attempt: int = 0
    badge_code: str = ""
    learner_id: int = 0


def english_only_copy(target: Path) -> Path:
    """A copy of the sample module with only English content."""
    folder = target / ENGLISH_ONLY
    shutil.copytree(SAMPLE_MODULES / "sample-module", folder)
    shutil.rmtree(folder / "es")
    toml = folder / "module.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text[: text.index("[es]")], encoding="utf-8")
    return folder


def _submit(browser, answers: dict) -> int:
    import re

    page = browser.get("/modules/sample-module/quiz").get_data(as_text=True)
    ticket = re.search(r'name="ticket" value="([^"]+)"', page).group(1)
    response = browser.post("/modules/sample-module/quiz", {**answers, "ticket": ticket})
    assert response.status_code == 302, response.status_code
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def build_site(app, make_browser, make_user, tmp_path: Path) -> Site:
    """Import the sample module and an English-only copy; a learner fails, then passes."""
    import_folder(app, SAMPLE_MODULES / "sample-module")
    import_folder(app, english_only_copy(tmp_path))
    site = Site()
    for role in ("learner", "instructor", "admin"):
        user_id = make_user(f"{role}@example.org", role, f"Test {role.title()}")
        browser = make_browser()
        browser.login(f"{role}@example.org", PASSWORD)
        if role == "learner":
            site.learner_id = user_id
            for key in ("ports", "logs"):
                browser.get(f"/modules/sample-module/lessons/{key}")
                browser.post(f"/modules/sample-module/lessons/{key}/complete")
            site.failed_attempt = _submit(browser, ALL_WRONG)
            site.passed_attempt = _submit(browser, ALL_RIGHT)
            page = browser.get("/my-learning").get_data(as_text=True)
            site.badge_code = page.split('href="/badges/')[1].split('"')[0]
            browser.get(f"/modules/{ENGLISH_ONLY}/lessons/ports")
        if role == "instructor":
            _cohort_run_by(app, user_id)
        site.cookies[role] = browser.client.get_cookie("session").value
    return site


def _cohort_run_by(app, instructor_id: int) -> None:
    """A cohort with the sample module, so that "My cohorts" is checked with content."""
    with app.app_context():
        module_id = db.session.scalar(select(Module.id).where(Module.slug == "sample-module"))
        db.session.add(Cohort(name="Lima 2027", instructor_id=instructor_id,
                              starts_on=date(2027, 5, 3),
                              modules=[CohortModule(module_id=module_id)]))
        db.session.commit()


def set_profile_language(app, language: str) -> None:
    with app.app_context():
        for user in db.session.scalars(select(User)):
            user.locale = language
        db.session.commit()


def sample_values(site: Site) -> dict[str, object]:
    """Values for route arguments, taken from the sample module and the learner's records."""
    return {"slug": "sample-module", "lesson_key": "ports", "attempt_id": site.failed_attempt,
            "code": site.badge_code, "user_id": site.learner_id, "path": "en/01-ports.md"}


def role_for(app, endpoint: str) -> str:
    policy = app.view_functions[endpoint].access_policy
    if policy.name == "public":
        return "anonymous"
    if policy.name == "authenticated":
        return "learner"
    return "admin" if "admin" in policy.roles else sorted(policy.roles)[0]


def discovered_pages(app, values: dict[str, object]) -> list[PageToCheck]:
    """Every GET route whose arguments ``values`` can fill, with the role to visit it as."""
    pages = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint == "static":
            continue
        if not set(rule.arguments) <= set(values):
            continue
        built = rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)
        if built is None:
            continue
        pages.append(PageToCheck(built[1], role_for(app, rule.endpoint), rule.endpoint))
    return pages


def extra_pages(site: Site) -> list[PageToCheck]:
    """Parameterised learner pages the discovery above does not reach, and error pages."""
    return [
        PageToCheck("/modules/sample-module", "learner"),
        PageToCheck("/modules/sample-module/lessons/logs", "learner"),
        PageToCheck(f"/modules/sample-module/quiz/attempts/{site.passed_attempt}", "learner"),
        PageToCheck(f"/modules/{ENGLISH_ONLY}", "learner"),
        PageToCheck(f"/modules/{ENGLISH_ONLY}/lessons/ports", "learner"),
        PageToCheck(f"/modules/{ENGLISH_ONLY}/quiz", "learner"),
        PageToCheck("/teaching/cohorts", "instructor"),
        PageToCheck("/login?next=/my-learning", "anonymous"),
        PageToCheck("/no-such-page", "anonymous"),
    ]


def all_pages(app, site: Site) -> list[PageToCheck]:
    seen, pages = set(), []
    for page in discovered_pages(app, sample_values(site)) + extra_pages(site):
        if (page.url, page.role) not in seen:
            seen.add((page.url, page.role))
            pages.append(page)
    return pages
