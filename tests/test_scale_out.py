"""Two gunicorn processes, one database, one Redis: nothing lives in an app process.

Each test starts two real gunicorn servers (``gunicorn.conf.py``,
``coursehub.wsgi:app``) on random ports with the same SECRET_KEY, against the
suite's database (PostgreSQL in CI's second leg, else a SQLite file: several
processes sharing one SQLite file is how a single-machine deployment runs, so
the locking is worth testing there too) and a private Redis for rate limits.
A learner's journey alternates between them, and quiz attempts are submitted
to both at once.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coursehub.core.db import db
from coursehub.learning.models import LessonEvent, LessonProgress, ModuleProgress
from coursehub.quizzes.models import QuestionResponse, QuizAttempt
from tests.conftest import PASSWORD, SAMPLE_MODULES
from tests.quizzes.test_attempts import ALL_RIGHT

ROOT = Path(__file__).resolve().parent.parent
MODULE = "/modules/sample-module"
_TICKET = re.compile(r'name="ticket" value="([^"]+)"')
_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"server did not answer in 30 s:\n{log.read_text()}")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def redis_url(tmp_path):
    """A private Redis on a random port (rate-limit counters shared by the servers)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed: run `make test`, which installs it "
                    "(Debian package redis-server).")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    _stop(process)


@pytest.fixture
def servers(app, database_url, redis_url, tmp_path):
    """Two gunicorn processes (4 threads each) serving the test database."""
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="shared-between-processes",
               COURSEHUB_MODULES_DIR=str(SAMPLE_MODULES), RATELIMIT_STORAGE_URI=redis_url,
               GUNICORN_WORKERS="1", GUNICORN_THREADS="4", GUNICORN_LOG_LEVEL="warning")
    started = []
    for name in ("a", "b"):
        port = _free_port()
        log = tmp_path / f"gunicorn-{name}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{port}", "coursehub.wsgi:app"],
            cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
        started.append((process, f"http://127.0.0.1:{port}", log))
    try:
        for process, url, log in started:
            _wait_until_up(url, process, log)
        yield [url for _, url, _ in started]
    finally:
        for process, url, log in started:
            _stop(process)
            print(f"--- {url} ({log.name})\n{log.read_text()}")  # shown if the test fails


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One browser (one cookie jar) talking to whichever server it is told."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(self, url: str, data: dict | None = None) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(url, data=body, timeout=30) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            return error.code, error.read().decode(), dict(error.headers)

    def page(self, url: str) -> str:
        status, body, _ = self.request(url)
        assert status == 200, (url, status, body[:500])
        return body

    def post_form(self, page_url: str, action_url: str, data: dict) -> tuple[int, str, dict]:
        """Post ``data`` with the CSRF token of the form on ``page_url``."""
        token = _CSRF.search(self.page(page_url)).group(1)
        return self.request(action_url, {**data, "csrf_token": token})

    def login(self, server: str, email: str) -> None:
        status, body, headers = self.post_form(f"{server}/login", f"{server}/login",
                                               {"email": email, "password": PASSWORD})
        assert status == 302, body[:500]

    def ticket(self, server: str) -> tuple[str, str]:
        """(CSRF token, attempt ticket) from the quiz page on ``server``."""
        page = self.page(f"{server}{MODULE}/quiz")
        return _CSRF.search(page).group(1), _TICKET.search(page).group(1)


def _count(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def _user_id(email: str) -> int:
    from coursehub.accounts.models import User

    return db.session.scalar(select(User.id).where(User.email == email))


def test_one_journey_alternating_between_two_processes(app, servers, sample_module, make_user):
    a, b = servers
    make_user("learner@example.org")
    visitor = Visitor()
    visitor.login(a, "learner@example.org")
    assert "<h1>Ports</h1>" in visitor.page(f"{b}{MODULE}/lessons/ports")  # session from A
    for server, lesson in ((a, "ports"), (b, "logs")):
        url = f"{server}{MODULE}/lessons/{lesson}"
        status, _, _ = visitor.post_form(url, f"{url}/complete", {})
        assert status == 302
    csrf, ticket = visitor.ticket(a)
    status, _, headers = visitor.request(f"{b}{MODULE}/quiz",
                                         {**ALL_RIGHT, "ticket": ticket, "csrf_token": csrf})
    assert status == 302 and "/quiz/attempts/" in headers["Location"]
    result = visitor.page(a + urllib.parse.urlsplit(headers["Location"]).path)
    assert "100%" in result
    assert "You finished this lesson." in visitor.page(f"{b}{MODULE}/lessons/logs")

    with app.app_context():
        user_id = _user_id("learner@example.org")
        # ports twice, logs twice (each form is fetched before it is posted)
        assert _count(LessonEvent, user_id=user_id, kind="viewed") == 4
        assert _count(LessonEvent, user_id=user_id, kind="completed") == 2
        assert _count(LessonProgress, user_id=user_id) == 2
        assert _count(QuizAttempt, user_id=user_id) == 1
        summary = db.session.scalars(select(ModuleProgress)).one()
        assert summary.lessons_completed == 2 and summary.best_score == 100
        assert summary.completed_at is not None  # both lessons and the quiz, across processes

    status, _, _ = visitor.post_form(f"{b}/modules/", f"{b}/logout", {})
    assert status == 302
    status, _, headers = visitor.request(f"{a}/my-learning")  # signed out everywhere
    assert status == 302 and "/login" in headers["Location"]


def _submit_together(jobs: list[tuple[Visitor, str, str, str]]) -> list[tuple[int, str]]:
    """Post each (visitor, server, csrf, ticket) at the same moment; (status, Location)."""
    barrier = threading.Barrier(len(jobs))

    def submit(job):
        visitor, server, csrf, ticket = job
        barrier.wait()
        status, _, headers = visitor.request(
            f"{server}{MODULE}/quiz", {**ALL_RIGHT, "ticket": ticket, "csrf_token": csrf})
        return status, headers.get("Location", "")

    with ThreadPoolExecutor(len(jobs)) as pool:
        return list(pool.map(submit, jobs))


def test_concurrent_submissions_through_both_processes_are_recorded_exactly(
        app, servers, sample_module, make_user):
    a, b = servers
    make_user("learner@example.org")
    visitor = Visitor()
    visitor.login(b, "learner@example.org")

    # The same ticket to both processes at once: one attempt, both shown its result.
    csrf, ticket = visitor.ticket(a)
    results = _submit_together([(visitor, a, csrf, ticket), (visitor, b, csrf, ticket)])
    assert [status for status, _ in results] == [302, 302]
    assert results[0][1] == results[1][1] and "/quiz/attempts/" in results[0][1]
    with app.app_context():
        assert _count(QuizAttempt) == 1

    # Four different tickets at once with two attempts left (max_attempts = 3):
    # exactly two are recorded, the others are told no attempts are left.
    tickets = [visitor.ticket(server) for server in (a, b, a, b)]
    results = _submit_together([(visitor, server, csrf, ticket) for server, (csrf, ticket)
                                in zip((a, b, a, b), tickets, strict=True)])
    recorded = [loc for status, loc in results if status == 302 and "/quiz/attempts/" in loc]
    refused = [loc for status, loc in results if status == 302 and loc.endswith("/quiz")]
    assert len(recorded) == 2 and len(set(recorded)) == 2 and len(refused) == 2, results

    with app.app_context():
        user_id = _user_id("learner@example.org")
        assert _count(QuizAttempt, user_id=user_id) == 3
        assert _count(QuestionResponse) == 3 * 3
        assert len({a.token for a in db.session.scalars(select(QuizAttempt))}) == 3
        assert db.session.scalars(select(ModuleProgress)).one().best_score == 100


def test_two_learners_submit_in_parallel_without_interference(app, servers, sample_module,
                                                               make_user):
    a, b = servers
    visitors = []
    for email in ("one@example.org", "two@example.org"):
        make_user(email)
        visitor = Visitor()
        visitor.login(a, email)
        visitors.append(visitor)
    jobs = []
    for visitor in visitors:  # each learner: two different tickets, one per process
        jobs += [(visitor, server, *visitor.ticket(server)) for server in (a, b)]
    results = _submit_together(jobs)
    assert all(status == 302 and "/quiz/attempts/" in loc for status, loc in results), results
    with app.app_context():
        for email in ("one@example.org", "two@example.org"):
            assert _count(QuizAttempt, user_id=_user_id(email)) == 2
        assert _count(QuestionResponse) == 4 * 3


def test_rate_limits_are_shared_by_the_processes(servers):
    """Failed sign-ins count in Redis: the limit holds across processes, not per process."""
    a, b = servers
    visitor = Visitor()
    statuses = []
    for attempt in range(6):  # "5 per minute" for one submitted address
        server = (a, b)[attempt % 2]
        status, _, _ = visitor.post_form(f"{server}/login", f"{server}/login",
                                         {"email": "nobody@example.org", "password": "wrong"})
        statuses.append(status)
    assert statuses[:5] == [200] * 5 and statuses[5] == 429, statuses
