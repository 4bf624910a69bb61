"""Attempts are all-or-nothing and recorded once, even under races and crashes."""

import re
import threading

import pytest
import requests
from sqlalchemy import event, func, select

from coursehub.core.db import db
from coursehub.quizzes.models import QuestionResponse, QuizAttempt
from tests.conftest import PASSWORD
from tests.quizzes.test_attempts import ALL_RIGHT, ticket_of


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_crash_mid_submission_leaves_no_partial_attempt(app, signed_in, sample_module):
    """The process dies while the responses are written, after the attempt row: nothing stays."""
    inserted = []

    def crash_on_responses(_connection, _cursor, statement, *_args) -> None:
        if statement.startswith("INSERT INTO"):
            inserted.append(statement.split()[2])
        if statement.startswith("INSERT INTO question_response"):
            raise RuntimeError("server killed mid-submission")

    with app.app_context():
        engine = db.engine
    ticket = ticket_of(signed_in)
    event.listen(engine, "before_cursor_execute", crash_on_responses)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = signed_in.post("/modules/sample-module/quiz", {"ticket": ticket, **ALL_RIGHT})
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
        event.remove(engine, "before_cursor_execute", crash_on_responses)
    assert response.status_code == 500
    assert inserted[-2:] == ["quiz_attempt", "question_response"]  # the attempt row went first
    assert count(app, QuizAttempt) == 0 and count(app, QuestionResponse) == 0
    again = signed_in.post("/modules/sample-module/quiz", {"ticket": ticket, **ALL_RIGHT})
    assert again.status_code == 302  # the same form can be sent again and counts once
    assert count(app, QuizAttempt) == 1 and count(app, QuestionResponse) == 3


@pytest.mark.parametrize("senders", [2, 6])
def test_simultaneous_submissions_of_one_attempt_record_it_once(app, live_url, learner,
                                                                sample_module, senders):
    session = requests.Session()
    page = session.get(f"{live_url}/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    session.post(f"{live_url}/login", data={"email": learner, "password": PASSWORD,
                                            "csrf_token": token})
    quiz = session.get(f"{live_url}/modules/sample-module/quiz").text
    form = {"csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                                    quiz).group(1),
            "ticket": re.search(r'name="ticket" value="([^"]+)"', quiz).group(1), **ALL_RIGHT}
    barrier = threading.Barrier(senders)
    locations = []

    def send():
        barrier.wait()
        response = session.post(f"{live_url}/modules/sample-module/quiz", data=form,
                                allow_redirects=False)
        locations.append((response.status_code, response.headers.get("Location")))

    threads = [threading.Thread(target=send) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {code for code, _ in locations} == {302}
    assert len({location for _, location in locations}) == 1
    assert count(app, QuizAttempt) == 1 and count(app, QuestionResponse) == 3
