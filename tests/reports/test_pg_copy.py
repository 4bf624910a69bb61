"""COPY read on several PostgreSQL connections at once, on one snapshot."""

from __future__ import annotations

import threading

import psycopg
import pytest
from sqlalchemy import select, text

from coursehub.accounts.models import User
from coursehub.core.db import db
from coursehub.reports import pg_copy

NAMES = "COPY (SELECT name FROM user_account ORDER BY id) TO STDOUT WITH (FORMAT csv)"


@pytest.fixture
def session(app_ctx, make_user):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's COPY and exported snapshots; SQLite slices in processes")
    make_user("first@example.org", name="First, Learner")
    make_user("second@example.org", name="Second")
    return db.session


def test_every_lane_reads_the_snapshot_of_the_session(session):
    lanes = pg_copy.SnapshotLanes(session)
    try:
        with db.engine.begin() as other:  # committed after the snapshot was taken
            other.execute(text("UPDATE user_account SET name = 'Renamed'"))
        seen = []
        threads = [threading.Thread(target=lambda: seen.append(lanes.copy(NAMES, {})))
                   for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert seen == [b'"First, Learner"\r\nSecond\r\n'] * 2
    finally:
        lanes.close()
    session.rollback()  # a new transaction sees the change
    assert set(session.scalars(select(User.name))) == {"Renamed"}


def test_parameters_are_merged_in_and_an_empty_result_is_empty(session):
    lanes = pg_copy.SnapshotLanes(session)
    try:
        query = ("COPY (SELECT name FROM user_account WHERE email = %(email)s) "
                 "TO STDOUT WITH (FORMAT csv)")
        assert lanes.copy(query, {"email": "second@example.org"}) == b"Second\r\n"
        assert lanes.copy(query, {"email": "nobody's@example.org"}) == b""
    finally:
        lanes.close()


def test_a_failing_copy_raises_the_server_message_and_leaves_the_connection_idle(session):
    lanes = pg_copy.SnapshotLanes(session)
    try:
        with pytest.raises(psycopg.DatabaseError, match="division by zero"):
            lanes.copy("COPY (SELECT 1 / (id - id) FROM user_account) TO STDOUT", {})
        connection = lanes._connection()
        assert not connection.pgconn.is_busy()
        assert connection.info.transaction_status == psycopg.pq.TransactionStatus.INERROR
    finally:
        lanes.close()
    with db.engine.connect() as fresh:  # the pool handed back a working connection
        assert fresh.scalar(text("SELECT count(*) FROM user_account")) == 2
