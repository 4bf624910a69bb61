"""Every question type through the web: secrecy, shuffles mapped back, bank draws,
results tied to the version (and exact questions) the learner saw."""

import html
import re

from sqlalchemy import select

from coursehub.content.models import Question
from coursehub.core.db import db
from coursehub.quizzes.models import QuestionResponse, QuizAttempt
from tests.conftest import SAMPLE_MODULES, import_folder

QUIZ = "/modules/rich/quiz"


def right_answers(page: str) -> dict:
    """What a learner who knows everything submits, read from the shown (shuffled) page."""
    data = {"q-capital-city": "LIMA", "q-dns-port": "53,0"}
    for key, text in (("pick-port", "443"), ("ip-unique", "False"),
                      ("rdap-registrar", "Example Registrar LLC")):
        data[f"q-{key}"] = re.search(rf'value="(\d+)"[^>]*>\s*<label for="q-{key}-\d+">'
                                     rf"{re.escape(text)}</label>", page).group(1)
    data["q-pick-facts"] = [re.search(rf'value="(\d+)"[^>]*>\s*<label for="q-pick-facts-\d+">'
                                      rf"{t}</label>", page).group(1)
                            for t in ("The public IP address", "The source port")]
    block = page.split('name="q-record-types"')[1:]
    pairs = {"A": "An IPv4 address", "MX": "A mail server", "NS": "A name server"}
    labels = re.findall(r'<label for="q-record-types-\d+">([^<]+)</label>', page)
    data["q-record-types"] = [re.search(rf'<option value="(\d+)">{pairs[left]}</option>',
                                        block[i]).group(1) for i, left in enumerate(labels)]
    steps = ["The browser asks the resolver", "The resolver asks a root server",
             "The root refers it to the .org servers", "The answer reaches the browser"]
    shown = re.findall(r'aria-label="Position of: ([^"]+)"', page)
    data["q-resolution-steps"] = [str(steps.index(html.unescape(s)) + 1) for s in shown]
    return data


def ticket(page: str) -> str:
    return re.search(r'name="ticket" value="([^"]+)"', page).group(1)


def test_every_type_is_shown_without_answers_and_graded_after_mapping_back(
        app, signed_in, rich_folder):
    import_folder(app, rich_folder)
    page = signed_in.get(QUIZ).get_data(as_text=True)
    for leaked in ("correct", "Correct.", "Explanation", "DNS uses port 53", "Lima",
                   "Right: the entity"):
        assert leaked not in page
    assert '<pre class="artefact"><code class="highlight"><span class="' in page
    data = right_answers(page)
    data["ticket"] = ticket(page)
    response = signed_in.post(QUIZ, data)
    result = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your result: 100" in result
    with app.app_context():
        attempt = db.session.scalars(select(QuizAttempt)).one()
        assert attempt.score == 100
        shown = {r.question_key: r.shown for r in attempt.responses}
        assert set(shown["record-types"]) == {"left", "right"}
        assert sorted(shown["resolution-steps"]["order"]) == [0, 1, 2, 3]
        answers = {r.question_key: r.answer for r in attempt.responses}
        assert answers["record-types"] == [0, 1, 2]
        assert answers["resolution-steps"] == [0, 1, 2, 3]
        assert answers["capital-city"] == ["LIMA"]


def test_a_forged_ticket_cannot_choose_the_shuffle(app, signed_in, rich_folder):
    import_folder(app, rich_folder)
    page = signed_in.get(QUIZ).get_data(as_text=True)
    data = right_answers(page)
    data["ticket"] = ticket(page)[:-2] + "xx"
    assert signed_in.post(QUIZ, data).status_code == 400


def test_republishing_keeps_earlier_attempts_on_their_version(app, signed_in, rich_folder):
    _, first_version = import_folder(app, rich_folder)
    page = signed_in.get(QUIZ).get_data(as_text=True)
    data = right_answers(page)
    data["ticket"] = ticket(page)
    first_result = signed_in.post(QUIZ, data).headers["Location"]
    quiz = rich_folder / "en" / "quiz.md"
    quiz.write_text(quiz.read_text().replace("Which port does HTTPS normally use?",
                                             "Which TCP port does HTTPS use by default?"))
    _, second_version = import_folder(app, rich_folder)
    assert second_version != first_version
    page = signed_in.get(QUIZ).get_data(as_text=True)
    assert "Which TCP port does HTTPS use by default?" in page
    old = signed_in.get(first_result).get_data(as_text=True)
    assert "Which port does HTTPS normally use?" in old and "Your result: 100" in old
    with app.app_context():
        attempt = db.session.scalars(select(QuizAttempt)).one()
        assert attempt.version_id == first_version
        ids = [r.question_id for r in db.session.scalars(select(QuestionResponse))]
        versions = set(db.session.scalars(select(Question.version_id)
                                          .where(Question.id.in_(ids))))
        assert versions == {first_version}


def test_a_quiz_draws_random_questions_from_the_bank(app, signed_in, rich_folder, tmp_path):
    import_folder(app, SAMPLE_MODULES / "sample-module")  # its https-port is tagged 'ports'
    quiz = rich_folder / "en" / "quiz.md"
    quiz.write_text(quiz.read_text() + "\n## from-bank\ndraw: 1 from ports\n")
    import_folder(app, rich_folder)
    page = signed_in.get(QUIZ).get_data(as_text=True)
    assert "Which port does HTTPS normally use?" in page  # from the rich quiz itself
    assert page.count('<fieldset class="question"') == 9  # 8 own + 1 drawn
    assert 'name="q-https-port"' in page  # the sample module's question, drawn
    data = right_answers(page)
    data["q-https-port"] = re.search(r'value="(\d+)"[^>]*>\s*<label for="q-https-port-\d+">443'
                                     r"</label>", page).group(1)
    data["ticket"] = ticket(page)
    result = signed_in.get(signed_in.post(QUIZ, data).headers["Location"])
    assert "Your result: 100" in result.get_data(as_text=True)
    with app.app_context():
        keys = [r.question_key for r in db.session.scalars(select(QuizAttempt)).one().responses]
        assert "https-port" in keys and len(keys) == 9
