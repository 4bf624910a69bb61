"""PostgreSQL ``COPY ... TO STDOUT`` read on several connections at once.

For the learners export at scale: each thread has its own pooled connection,
and all of them read the snapshot of the request's transaction (as ``pg_dump
--jobs`` does), so the slices agree with each other. Records are read with
libpq's calls directly (``psycopg.pq``): psycopg's ``Copy`` object costs about
1.5 us of Python per record, which would keep a core busy that the database
server needs.
"""

from __future__ import annotations

import selectors
import threading

import psycopg
from psycopg import ClientCursor, pq, sql
from sqlalchemy import text
from sqlalchemy.orm import Session


class SnapshotLanes:
    """Per thread, a connection in a read-only transaction on the snapshot the
    session's transaction exports; :meth:`close` returns them to the pool."""

    def __init__(self, session: Session) -> None:
        self._engine = session.get_bind()
        self._snapshot = session.scalar(text("SELECT pg_export_snapshot()"))
        self._local = threading.local()
        self._opened: list = []
        self._lock = threading.Lock()

    def copy(self, statement: str, parameters: dict) -> bytes:
        """The records of ``COPY (...) TO STDOUT WITH (FORMAT csv)``, each ending
        in "\\r\\n" as the csv module writes them."""
        connection = self._connection()
        query = ClientCursor(connection).mogrify(statement, parameters)  # COPY takes none
        return copy_out(connection.pgconn, query.encode(connection.info.encoding))

    def _connection(self) -> psycopg.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            pooled = self._engine.raw_connection()
            with self._lock:
                self._opened.append(pooled)
            connection = self._local.connection = pooled.driver_connection
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(
                    sql.Literal(self._snapshot)))
                # the lanes are the parallelism: no extra server processes per slice
                cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
                # a slice's rows are sorted in memory, not in temporary files
                cursor.execute("SET LOCAL work_mem = '16MB'")
        return connection

    def close(self) -> None:
        """Back to the pool, which rolls each transaction back."""
        with self._lock:
            opened, self._opened = self._opened, []
        for pooled in opened:
            pooled.close()


def copy_out(pgconn: pq.abc.PGconn, query: bytes) -> bytes:
    """Run a COPY TO STDOUT on an idle connection and return its records.

    COPY sends one record per message, ending in "\\n"; each gets "\\r\\n"
    instead. The connection is left idle again, whatever happens.
    """
    with _Socket(pgconn) as socket:
        pgconn.send_query(query)
        while pgconn.flush():
            socket.wait(selectors.EVENT_WRITE)
        result = socket.next_result()
        if result is None or result.status != pq.ExecStatus.COPY_OUT:
            socket.drain()
            raise _error(result)
        records = []
        while True:
            size, data = pgconn.get_copy_data(1)
            if size > 0:
                records.append(bytes(data[:-1]))
            elif size == 0:  # nothing more received yet
                socket.wait(selectors.EVENT_READ)
                pgconn.consume_input()
            else:  # the end (or a failure, reported by the result)
                break
        result = socket.next_result()
        socket.drain()
    if result is None or result.status != pq.ExecStatus.COMMAND_OK:
        raise _error(result)
    return b"\r\n".join(records) + b"\r\n" if records else b""


class _Socket:
    """Waits on a connection's socket (one selector for the whole COPY: the
    data comes in thousands of pieces)."""

    def __init__(self, pgconn: pq.abc.PGconn) -> None:
        self._pgconn = pgconn
        self._selector = selectors.DefaultSelector()
        self._event = selectors.EVENT_READ
        self._selector.register(pgconn.socket, self._event)

    def __enter__(self) -> _Socket:
        return self

    def __exit__(self, *exc_info) -> None:
        self._selector.close()

    def wait(self, event: int) -> None:
        if event != self._event:
            self._selector.modify(self._pgconn.socket, event)
            self._event = event
        self._selector.select()

    def next_result(self) -> pq.abc.PGresult | None:
        while self._pgconn.is_busy():
            self.wait(selectors.EVENT_READ)
            self._pgconn.consume_input()
        return self._pgconn.get_result()

    def drain(self) -> None:
        while self.next_result() is not None:
            pass


def _error(result: pq.abc.PGresult | None) -> psycopg.DatabaseError:
    message = result.error_message.decode(errors="replace") if result else "no result"
    return psycopg.DatabaseError(message.strip() or "COPY failed")
