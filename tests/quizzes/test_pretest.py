"""The optional pre-test: once, before the quiz, never counted for completion."""

import re

import pytest
from sqlalchemy import select

from coursehub.content.models import ModuleVersion
from coursehub.core.db import db
from coursehub.learning.models import ModuleProgress
from coursehub.quizzes.models import QuizAttempt
from tests.conftest import SAMPLE_MODULES, import_folder
from tests.quizzes.test_rich_quiz import right_answers

ALL_RIGHT = {"q-https-port": "1", "q-subscriber-request": ["0", "1", "3"],
             "q-ip-is-website": "1"}


@pytest.fixture
def with_pretest(app, sample_module):
    with app.app_context():
        for version in db.session.scalars(select(ModuleVersion)):
            version.pretest = True
        db.session.commit()
    return sample_module


def ticket(page: str) -> str:
    return re.search(r'name="ticket" value="([^"]+)"', page).group(1)


def test_no_pretest_unless_the_module_offers_one(signed_in, sample_module):
    assert signed_in.get("/modules/sample-module/pretest").status_code == 404


def test_pretest_is_recorded_once_and_does_not_count(signed_in, with_pretest, app):
    module_page = signed_in.get("/modules/sample-module").get_data(as_text=True)
    assert "/modules/sample-module/pretest" in module_page
    page = signed_in.get("/modules/sample-module/pretest").get_data(as_text=True)
    form = {"ticket": ticket(page), "q-https-port": "0", "q-subscriber-request": ["0"],
            "q-ip-is-website": "1"}
    response = signed_in.post("/modules/sample-module/pretest", form)
    assert response.status_code == 302
    again = signed_in.post("/modules/sample-module/pretest", form)
    assert again.status_code == 302  # refused politely: already taken
    with app.app_context():
        attempts = db.session.scalars(select(QuizAttempt)).all()
        assert [(a.kind, a.score) for a in attempts] == [("pretest", 44.44)]
        assert db.session.scalars(select(ModuleProgress)).all() == []
    quiz = signed_in.get("/modules/sample-module/quiz").get_data(as_text=True)
    assert "3 attempts left" in quiz  # the pre-test used none of the quiz attempts
    assert "You have already taken the pre-test." in signed_in.get(
        "/modules/sample-module/pretest").get_data(as_text=True)


def test_pretest_closes_once_the_quiz_was_tried(signed_in, with_pretest, app):
    quiz = signed_in.get("/modules/sample-module/quiz").get_data(as_text=True)
    signed_in.post("/modules/sample-module/quiz", {"ticket": ticket(quiz), **ALL_RIGHT})
    page = signed_in.get("/modules/sample-module/pretest").get_data(as_text=True)
    assert "already tried the quiz" in page and 'name="ticket"' not in page


def test_a_quiz_ticket_is_not_a_pretest_ticket(signed_in, with_pretest):
    quiz = signed_in.get("/modules/sample-module/quiz").get_data(as_text=True)
    response = signed_in.post("/modules/sample-module/pretest",
                              {"ticket": ticket(quiz), **ALL_RIGHT})
    assert response.status_code == 400


@pytest.fixture
def rich_pretest(app, rich_folder):
    """The rich module (every question type, options shuffled) with a pre-test, a bank
    draw and an artefact question with two right answers."""
    import_folder(app, SAMPLE_MODULES / "sample-module")  # its https-port is tagged 'ports'
    toml = rich_folder / "module.toml"
    toml.write_text(toml.read_text().replace("shuffle_options = true",
                                             "shuffle_options = true\npretest = true"))
    quiz = rich_folder / "en" / "quiz.md"
    quiz.write_text(quiz.read_text() + TWO_RIGHT + "\n## from-bank\ndraw: 1 from ports\n")
    import_folder(app, rich_folder)
    return rich_folder


TWO_RIGHT = """
## log-lines
type: artefact

Which lines of this log show a connection from 203.0.113.7?

```text
10:01 203.0.113.7 GET /
10:02 198.51.100.2 GET /
10:03 203.0.113.7 POST /login
```

- [x] 10:01
  > Right.
- [x] 10:03
  > Right.
- [ ] 10:02
  > Another address.

Explanation: two lines carry that address.
"""


def legend(page: str, key: str) -> str:
    return re.search(rf'<legend>([^<]*)</legend>\s*<div class="prompt content" '
                     rf'id="prompt-{key}"', page).group(1)


def test_the_pretest_shows_questions_as_the_quiz_does(signed_in, rich_pretest):
    page = signed_in.get("/modules/rich/pretest").get_data(as_text=True)
    quiz = signed_in.get("/modules/rich/quiz").get_data(as_text=True)
    for shown in (page, quiz):
        assert shown.count('<fieldset class="question"') == 10  # 9 own + 1 drawn
        assert 'name="q-https-port"' in shown and "from-bank" not in shown
        assert "choose all that apply" in legend(shown, "log-lines")  # checkboxes
        assert "choose all that apply" not in legend(shown, "rdap-registrar")  # one answer
    assert "Right." not in page and "Another address" not in page  # no feedback before


def test_the_pretest_is_graded_from_what_it_showed(app, signed_in, rich_pretest):
    page = signed_in.get("/modules/rich/pretest").get_data(as_text=True)
    data = right_answers(page)
    for key, texts in (("https-port", ["443"]), ("log-lines", ["10:01", "10:03"])):
        data[f"q-{key}"] = [re.search(rf'value="(\d+)"[^>]*>\s*<label for="q-{key}-\d+">'
                                      rf"{text}</label>", page).group(1) for text in texts]
    data["ticket"] = ticket(page)
    assert signed_in.post("/modules/rich/pretest", data).status_code == 302
    with app.app_context():
        attempt = db.session.scalars(select(QuizAttempt)).one()
        assert (attempt.kind, attempt.score) == ("pretest", 100.0)
        responses = attempt.responses
        assert [r.question_key for r in responses] == [
            "pick-port", "pick-facts", "ip-unique", "capital-city", "dns-port",
            "record-types", "resolution-steps", "rdap-registrar", "log-lines", "https-port"]
        assert all(r.score == 1.0 for r in responses)
        assert responses[0].shown["order"] != []  # the option order it showed is kept
