"""Taking a quiz through the web: grading, records, idempotency, limits, secrecy."""

import re

from sqlalchemy import func, select

from coursehub.core.db import db
from coursehub.quizzes.models import QuestionResponse, QuizAttempt
from tests.conftest import PASSWORD

QUIZ = "/modules/sample-module/quiz"
ALL_RIGHT = {"q-https-port": "1", "q-subscriber-request": ["0", "1", "3"], "q-ip-is-website": "1"}


def ticket_of(browser) -> str:
    page = browser.get(QUIZ).get_data(as_text=True)
    return re.search(r'name="ticket" value="([^"]+)"', page).group(1)


def submit_quiz(browser, answers: dict, ticket: str | None = None):
    data = dict(answers)
    data["ticket"] = ticket or ticket_of(browser)
    return browser.post(QUIZ, data)


def test_quiz_page_never_reveals_correct_answers(signed_in, sample_module):
    page = signed_in.get(QUIZ).get_data(as_text=True)
    assert "Which port does HTTPS normally use?" in page
    for leaked in ("correct", "Port 80 is plain HTTP", "Explanation", "HTTPS normally uses port"):
        assert leaked not in page
    assert page.count('type="radio"') == 5 and page.count('type="checkbox"') == 4


def test_grading_and_records(app, signed_in, sample_module):
    response = submit_quiz(signed_in, {"q-https-port": "1", "q-subscriber-request": ["0", "2"],
                                       "q-ip-is-website": "0"})
    assert response.status_code == 302
    result = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    # (1 + 0 + 0) / 3 -> 33%, below the pass mark of 70
    assert "Your result: 33%" in result and "You did not pass this time." in result
    assert "Port 80 is plain HTTP." in result  # feedback of the correct option is shown
    assert "No: shared hosting puts many sites on one address." in result  # chosen, wrong
    assert "HTTPS normally uses port 443." in result  # explanation
    with app.app_context():
        attempt = db.session.scalars(select(QuizAttempt)).one()
        assert (attempt.score, attempt.passed, attempt.pass_mark) == (33.33, False, 70)
        responses = {r.question_key: (r.answer, r.score) for r in attempt.responses}
        assert responses == {"https-port": ([1], 1.0), "subscriber-request": ([0, 2], 0.0),
                             "ip-is-website": ([0], 0.0)}


def test_submitting_the_same_attempt_twice_counts_once(app, signed_in, sample_module):
    ticket = ticket_of(signed_in)
    first = submit_quiz(signed_in, ALL_RIGHT, ticket)
    second = submit_quiz(signed_in, {"q-https-port": "0"}, ticket)
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 1
        assert db.session.scalar(select(func.count()).select_from(QuestionResponse)) == 3
        assert db.session.scalars(select(QuizAttempt)).one().score == 100


def test_attempts_are_limited_by_the_module(app, signed_in, sample_module):
    for _ in range(3):
        assert submit_quiz(signed_in, {}).status_code == 302
    page = signed_in.get(QUIZ).get_data(as_text=True)
    assert "You have used all your attempts for this quiz." in page
    assert 'name="ticket"' not in page or "q-https-port" not in page
    refused = signed_in.post(QUIZ, {"ticket": "x"})
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 3


def test_a_forged_or_foreign_ticket_is_refused(signed_in, make_user, make_browser,
                                               sample_module):
    make_user("other@example.org")
    other = make_browser()
    other.login("other@example.org", PASSWORD)
    foreign = ticket_of(other)
    assert submit_quiz(signed_in, ALL_RIGHT, foreign).status_code == 400
    assert submit_quiz(signed_in, ALL_RIGHT, foreign[:-2] + "xx").status_code == 400


def test_learners_cannot_see_each_others_attempts(signed_in, make_user, make_browser,
                                                  sample_module):
    location = submit_quiz(signed_in, ALL_RIGHT).headers["Location"]
    make_user("other@example.org")
    other = make_browser()
    other.login("other@example.org", PASSWORD)
    assert other.get(location).status_code == 403
    teacher_id = make_user("teacher@example.org", role="instructor")
    teacher = make_browser()
    teacher.login("teacher@example.org", PASSWORD)
    assert teacher.get(location).status_code == 403  # not the learner's instructor
    from coursehub.accounts.models import User
    from coursehub.admin.cohort_models import Cohort, CohortMember

    app = other.client.application
    with app.app_context():
        learner_id = db.session.scalar(select(User.id).where(User.email == "learner@example.org"))
        cohort = Cohort(name="Workshop", instructor_id=teacher_id)
        db.session.add(cohort)
        db.session.flush()
        db.session.add(CohortMember(cohort_id=cohort.id, user_id=learner_id))
        db.session.commit()
    assert teacher.get(location).status_code == 200  # now they teach the learner


def test_quiz_in_spanish_is_graded_by_the_same_keys(app, signed_in, sample_module):
    spanish = signed_in.get(QUIZ + "?lang=es").get_data(as_text=True)
    assert "¿Qué puerto usa normalmente HTTPS?" in spanish
    ticket = re.search(r'name="ticket" value="([^"]+)"', spanish).group(1)
    submit_quiz(signed_in, ALL_RIGHT, ticket)
    with app.app_context():
        attempt = db.session.scalars(select(QuizAttempt)).one()
        assert attempt.language == "es" and attempt.score == 100


def test_quiz_page_lists_only_the_latest_attempts(app, signed_in, sample_module):
    """A learner with many attempts gets a short list (newest first), not an ever-longer page."""
    from sqlalchemy import update

    from coursehub.content.models import ModuleVersion
    from coursehub.quizzes.views import RECENT_ATTEMPTS

    with app.app_context():
        db.session.execute(update(ModuleVersion).values(max_attempts=0))  # unlimited
        db.session.commit()
    for number in range(RECENT_ATTEMPTS + 2):
        answers = ALL_RIGHT if number == RECENT_ATTEMPTS + 1 else {"q-https-port": "0"}
        assert submit_quiz(signed_in, answers).status_code == 302
    page = signed_in.get(QUIZ).get_data(as_text=True)
    listed = re.findall(r'href="/modules/sample-module/quiz/attempts/(\d+)"', page)
    with app.app_context():
        newest = db.session.scalars(select(QuizAttempt.id).order_by(QuizAttempt.id.desc())
                                    .limit(RECENT_ATTEMPTS)).all()
    assert [int(i) for i in listed] == newest
    assert "(passed)" in page  # the newest, all-right attempt leads the list
    assert f"Only your {RECENT_ATTEMPTS} latest attempts are listed" in page


def test_an_attempt_that_showed_no_question_is_recorded_without_responses(
        app_ctx, sample_module, make_user):
    """A quiz can show nothing (a bank draw from an empty pool): the attempt still counts."""
    from coursehub.content.models import Module
    from coursehub.core.db import utcnow
    from coursehub.quizzes.services import add_attempt

    module = db.session.scalars(select(Module)).first()
    now = utcnow()
    attempt = QuizAttempt(token="empty-attempt", user_id=make_user(), module_id=module.id,
                          version_id=module.current_version_id, language="en",
                          started_at=now, submitted_at=now, score=0.0, pass_mark=70,
                          passed=False)
    add_attempt(attempt, [])
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 1
    assert db.session.scalar(select(func.count()).select_from(QuestionResponse)) == 0
