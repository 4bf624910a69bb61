"""The shipped curriculum: complete, bilingual, consistent, and completable."""

import ipaddress
import re

import pytest
from sqlalchemy import select

from coursehub.content.models import Question
from coursehub.content.validator import validate_module, validate_tree
from coursehub.core.db import db
from coursehub.credentials.models import BadgeAward
from tests.conftest import PROJECT_MODULES, import_folder

CURRICULUM = [
    "how-the-internet-works",
    "domain-name-system",
    "whois-and-rdap",
    "site-blocking-risks",
    "cybercrime-investigations",
]
CASE_HEADINGS = {"en": "## What this means for your case",
                 "es": "## Qué significa esto para su caso"}
# Fictional examples use documentation ranges; these others may appear as
# ranges being explained (private, shared CGNAT address space, loopback).
ALLOWED_NETWORKS = [ipaddress.ip_network(n) for n in (
    "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32",
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8",
    "0.0.0.0/8",
)]


def test_the_whole_curriculum_is_present_and_valid():
    assert sorted(CURRICULUM) == sorted(p.name for p in PROJECT_MODULES.iterdir() if p.is_dir())
    results = validate_tree(PROJECT_MODULES)
    assert [str(p) for r in results for p in r.problems] == []


@pytest.fixture(scope="module", params=CURRICULUM)
def source(request):
    return validate_module(PROJECT_MODULES / request.param).source


def test_module_has_what_the_issue_asks_for(source):
    assert set(source.languages) >= {"en", "es"}
    assert 30 <= source.estimated_minutes <= 60
    assert source.reviewed_on is not None and source.review_by is not None
    for language in source.languages.values():
        assert 3 <= len(language.objectives) <= 6, language.code
        assert 4 <= len(language.lessons) <= 8, language.code
        assert len(language.questions) >= 12, language.code
        assert all(q.explanation and all(o.feedback for o in q.options)
                   for q in language.questions)
        assert language.glossary.count("\n: ") + language.glossary.startswith(": ") >= 5
        assert language.references.count("\n- ") >= 3 or language.references.count("\n1. ") >= 3


def test_both_languages_share_question_keys_and_lessons(source):
    en, es = source.languages["en"], source.languages["es"]
    assert [q.key for q in en.questions] == [q.key for q in es.questions]
    assert [lesson.key for lesson in en.lessons] == [lesson.key for lesson in es.lessons]


def test_every_lesson_says_what_it_means_for_a_case(source):
    for code, heading in CASE_HEADINGS.items():
        for lesson in source.languages[code].lessons:
            assert heading in lesson.body, f"{lesson.path}"


def test_at_least_a_third_of_questions_apply_knowledge(source):
    """Applied questions show an artefact (a code block) or set out a situation.

    A definition question is short; a scenario takes at least 25 words to set out.
    """
    questions = source.languages["en"].questions
    applied = [q for q in questions if "```" in q.prompt or len(q.prompt.split()) >= 25]
    assert len(applied) * 3 >= len(questions), [q.key for q in questions if q not in applied]


def test_every_module_uses_at_least_one_figure(source):
    assert source.figures, source.slug
    assert any("![" in lesson.body for lesson in source.languages["es"].lessons)


def test_fictional_examples_use_documentation_addresses():
    address = re.compile(r"(?<![\w.:/])(\d{1,3}(?:\.\d{1,3}){3})(?:/\d+)?(?![\w.])")
    offenders = []
    for path in sorted(PROJECT_MODULES.rglob("*.md")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for text in address.findall(line):
                try:
                    ip = ipaddress.ip_address(text)
                except ValueError:
                    continue
                if not any(ip in network for network in ALLOWED_NETWORKS):
                    offenders.append(f"{path.relative_to(PROJECT_MODULES)}:{number}: {text}")
    assert offenders == []


def test_treaty_figures_are_dated():
    folder = PROJECT_MODULES / "cybercrime-investigations" / "en"
    text = "\n".join(p.read_text() for p in folder.glob("*.md"))
    assert re.search(r"as of 9 October 2024|as of 9 Oct 2024", text, re.I)
    assert "76" in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_module_can_be_completed_in_both_languages(app, signed_in, language):
    for slug in CURRICULUM:
        import_folder(app, PROJECT_MODULES / slug)
    for slug in CURRICULUM:
        base = f"/modules/{slug}"
        assert signed_in.get(f"{base}?lang={language}").status_code == 200
        with app.app_context():
            from coursehub.content.models import Module
            module = db.session.scalar(select(Module).where(Module.slug == slug))
            version = module.current_version
            keys = list(version.lesson_keys)
            questions = db.session.scalars(select(Question).where(
                Question.version_id == version.id, Question.language == language)).all()
            answers = {f"q-{q.key}": [str(i) for i, o in enumerate(q.definition["options"])
                                      if o["correct"]] for q in questions}
        for key in keys:
            page = signed_in.get(f"{base}/lessons/{key}")
            assert page.status_code == 200
            assert signed_in.post(f"{base}/lessons/{key}/complete").status_code == 302
        quiz = signed_in.get(f"{base}/quiz").get_data(as_text=True)
        ticket = re.search(r'name="ticket" value="([^"]+)"', quiz).group(1)
        result = signed_in.post(f"{base}/quiz", {"ticket": ticket, **answers})
        page = signed_in.get(result.headers["Location"]).get_data(as_text=True)
        assert "Your result: 100%" in page, slug
    with app.app_context():
        awards = db.session.scalars(select(BadgeAward)).all()
        assert len(awards) == len(CURRICULUM)


def test_figures_have_text_alternatives_in_every_language():
    for path in PROJECT_MODULES.rglob("*.md"):
        for alt in re.findall(r"!\[([^\]]*)\]", path.read_text()):
            assert len(alt.strip()) >= 10, f"{path}: {alt!r}"


def test_module_folders_hold_only_expected_files():
    for module in PROJECT_MODULES.iterdir():
        for path in module.rglob("*"):
            if path.is_file():
                assert path.suffix in (".md", ".toml", ".svg"), path
