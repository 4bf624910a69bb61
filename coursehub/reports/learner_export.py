"""The full learners CSV: one line per learner and enrolled module, fast at scale.

Byte for byte what :func:`coursehub.reports.csvstream.csv_chunks` writes for
these rows (the csv module's quoting, :func:`csvstream.safe` on the name, email
and organisation, ISO UTC timestamps, numbers as ``str()`` writes them), without
its cost per cell; one path per database:

* PostgreSQL formats the cells and writes the CSV itself (``COPY ... TO STDOUT``),
  streamed through psycopg while the server works;
* SQLite returns raw values: each learner's six cells are written once, each
  line with one f-string.

A large export (SLICE_LEARNERS accounts or more, with no cohort, organisation,
country or role limit) is cut into slices of learner ids, written one per core
at once (:mod:`coursehub.reports.parallel`):
on PostgreSQL by one connection per core on the same snapshot
(:mod:`coursehub.reports.pg_copy`), on SQLite by a pool of processes.

The rows come from :func:`coursehub.reports.learners.enrolments` either way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from functools import cache
from itertools import islice

from sqlalchemy import (
    ColumnElement,
    Connection,
    Dialect,
    Engine,
    Float,
    Integer,
    Select,
    String,
    Text,
    bindparam,
    case,
    cast,
    create_engine,
    func,
    literal,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from coursehub.accounts.models import Organisation, User
from coursehub.content.models import Module
from coursehub.core.db import configure_engine
from coursehub.reports import parallel, pg_copy
from coursehub.reports.csvstream import BOM, FORMULA_STARTS, safe
from coursehub.reports.filters import (
    IdBounds,
    IdRange,
    ReportFilters,
    Scope,
    effective_cohorts,
    in_range,
    learner_conditions,
)
from coursehub.reports.learners import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    enrolments,
    people,
)

HEADER = ("learner_id", "name", "email", "organisation", "country", "justice_role",
          "module", "status", "started_at", "completed_at", "lessons_completed",
          "best_score")
BATCH = 5000  # rows per round trip and per chunk of the response
SLICE_LEARNERS = 5000  # account ids per slice of a large export


def learner_export(session: Session, filters: ReportFilters, scope: Scope
                   ) -> Iterator[bytes]:
    """The CSV in encoded chunks: BOM and header, the progress records, then the
    enrolments not started yet, each by learner and module."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(HEADER)
    yield (BOM + buffer.getvalue()).encode()
    if session.get_bind().dialect.name == "postgresql":
        yield from _postgresql_chunks(session, filters, scope)
    else:
        yield from _sqlite_chunks(session, filters, scope)


def prepare_export(session: Session, filters: ReportFilters, scope: Scope) -> None:
    """For the page that links to the export: on SQLite, when the export would be
    sliced, start the process pool now, so the download does not wait for it."""
    if session.get_bind().dialect.name == "sqlite" and _slices(session, filters, scope):
        parallel.start(_sqlite_slice)


# -- PostgreSQL: COPY writes the CSV -------------------------------------------

def _postgresql_chunks(session: Session, filters: ReportFilters, scope: Scope
                       ) -> Iterator[bytes]:
    """COPY each enrolment query: through the session's own connection, or for a
    large export in slices of learners on one connection per core at once.

    COPY sends one record per message, ending in "\\n": each gets the csv
    module's "\\r\\n" instead. Leaving early (a client gone) cancels the COPY
    in one pass, or lets the running slices finish; either way every connection
    goes back to the pool.
    """
    dialect = session.get_bind().dialect
    slices = _slices(session, filters, scope)
    if slices is not None:
        # compiled once per query and given each slice's ids (compiling takes ms)
        statements = [_copy_statement(query, dialect, _ID_RANGE)
                      for query in enrolments(filters, scope, _ID_RANGE)]
        lanes = pg_copy.SnapshotLanes(session)
        try:
            yield from _in_order(lanes.copy, [
                (statement, {**parameters, **_id_range(first, last)})
                for statement, parameters in statements  # every slice's progress first
                for first, last in slices], threads=True)
        finally:
            lanes.close()
        return
    connection = session.connection().connection.dbapi_connection
    with connection.cursor() as cursor:
        for query in enrolments(filters, scope):
            with cursor.copy(*_copy_statement(query, dialect)) as copy:
                # bytes at once: keeping thousands of memoryviews alive costs more
                while records := [bytes(record[:-1]) for record in islice(copy, BATCH)]:
                    yield b"\r\n".join(records) + b"\r\n"


def _copy_statement(query: Select, dialect: Dialect, learners: IdBounds | None = None
                    ) -> tuple[str, dict]:
    """The COPY of an enrolment query's CSV cells, and its parameters (which
    psycopg merges in on the client: COPY takes none)."""
    compiled = _postgresql_cells(query, learners).compile(
        dialect=dialect, compile_kwargs={"render_postcompile": True})
    return (f"COPY ({compiled}) TO STDOUT WITH (FORMAT csv, ENCODING 'UTF8')",
            compiled.params)


def _postgresql_cells(query: Select, learners: IdBounds | None = None) -> Select:
    """The enrolments with the CSV's twelve cells, as COPY must print them."""
    e = query.subquery()
    return (
        select(e.c.learner_id, _safe_text(User.name), _safe_text(User.email),
               _safe_text(Organisation.name), _text(User.country), _text(User.justice_role),
               _text(Module.slug), e.c.status, _stamp(e.c.started_at),
               _stamp(e.c.completed_at), e.c.lessons_completed, _float(e.c.best_score))
        .select_from(e)
        .join(User, User.id == e.c.learner_id)
        .join(Module, Module.id == e.c.module_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(*in_range(User.id, learners))  # a range PostgreSQL does not carry over
        .order_by(e.c.learner_id, e.c.module_id)
    )


def _text(column: ColumnElement) -> ColumnElement:
    """Text cell: COPY writes NULL as nothing but '' as ``""``; the csv module
    writes nothing for both."""
    return func.nullif(column, "")


def _safe_text(column: ColumnElement) -> ColumnElement:
    """:func:`csvstream.safe`: a quote before a leading formula character."""
    text = _text(column)
    return case((func.ascii(text).in_([ord(c) for c in FORMULA_STARTS]), literal("'") + text),
                else_=text)


def _stamp(column: ColumnElement) -> ColumnElement:
    """A timestamp as :func:`csvstream.cell` writes it: UTC, to the second."""
    return func.to_char(func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')


def _float(column: ColumnElement) -> ColumnElement:
    """A double as Python's ``str()`` writes it.

    PostgreSQL writes the same shortest round-trip digits, but "100" for 100.0,
    "NaN" and "Infinity" for nan and inf, and an exponent from 1e15, where
    Python does from 1e16 ("1000000000000000.5", not "1.0000000000000005e+15").
    """
    text = cast(column, Text)
    digits = func.replace(func.split_part(cast(func.abs(column), Text), "e", 1), ".", "")
    return case(
        (func.abs(column) < 1e15,
         case((column == func.trunc(column), text + ".0"), else_=text)),
        (column == cast(literal("NaN"), Float), literal("nan")),
        (column == cast(literal("Infinity"), Float), literal("inf")),
        (column == cast(literal("-Infinity"), Float), literal("-inf")),
        (func.abs(column) < 1e16,
         case((column < 0, literal("-")), else_=literal(""))
         + func.rpad(func.left(digits, 16), 16, "0") + "."
         + func.coalesce(func.nullif(func.substr(digits, 17), ""), "0")),
        else_=text,
    )


# -- SQLite: raw values, formatted here ----------------------------------------

_STATUS = (COMPLETED, IN_PROGRESS, NOT_STARTED)  # by how many of the two dates are missing


def _sqlite_chunks(session: Session, filters: ReportFilters, scope: Scope
                   ) -> Iterator[bytes]:
    """Each enrolment query's lines: in this process, or for a large export in
    slices of learners over a pool of processes, one per core."""
    slices = _slices(session, filters, scope)
    if slices is None:
        connection = session.connection()
        for query in enrolments(filters, scope):
            yield from _sqlite_lines(connection, query)
        return
    url = session.get_bind().url.render_as_string(hide_password=False)
    yield from _in_order(_sqlite_slice, [
        (url, filters, scope, learners, part)
        for part in (0, 1)  # every slice's progress records, then the rest
        for learners in slices])


def _in_order(function: Callable[..., bytes], calls: list[tuple], threads: bool = False
              ) -> Iterator[bytes]:
    """The slices' CSV bytes, one per core at once, in the calls' order; slices
    with no enrolments leave no empty chunk. Leaving early closes the pool's
    stream at once (its running threads finish before the caller's cleanup)."""
    with closing(parallel.in_order(function, calls, ahead=parallel.cores(),
                                   threads=threads)) as chunks:
        for chunk in chunks:
            if chunk:
                yield chunk


# first and last learner id of a slice or batch, given when the query runs
_ID_RANGE = (bindparam("first_id", type_=Integer, required=False),
             bindparam("last_id", type_=Integer, required=False))


def _id_range(first: int, last: int) -> dict[str, int]:
    """The parameters of :data:`_ID_RANGE`."""
    return {"first_id": first, "last_id": last}


def _slices(session: Session, filters: ReportFilters, scope: Scope) -> list[IdRange] | None:
    """Ranges of SLICE_LEARNERS account ids covering every account, or None for
    one pass: an export within cohorts (a few hundred learners) or limited to an
    organisation, a country or a role (each slice would look its learners up
    again), a small database, a SQLite database in memory, or a single core."""
    database = session.get_bind().url.database
    if (effective_cohorts(filters, scope) is not None or learner_conditions(filters, User.id)
            or database in (None, "", ":memory:") or parallel.cores() < 2):
        return None
    low, high = session.execute(select(func.min(User.id), func.max(User.id))).one()
    if low is None or high - low < SLICE_LEARNERS:
        return None
    return [(first, min(first + SLICE_LEARNERS - 1, high))
            for first in range(low, high + 1, SLICE_LEARNERS)]


def _sqlite_slice(url: str, filters: ReportFilters, scope: Scope, learners: IdRange,
                  part: int) -> bytes:
    """In a pool process: the lines of one enrolment query (0: progress records,
    1: not started) for one slice of learners."""
    with _engine(url).connect() as connection:
        return b"".join(_sqlite_lines(connection, enrolments(filters, scope, learners)[part]))


@cache
def _engine(url: str) -> Engine:
    """One engine per database for the life of a pool process."""
    engine = create_engine(url)
    configure_engine(engine)
    return engine


def _sqlite_lines(connection: Connection, query: Select) -> Iterator[bytes]:
    """A batch of enrolments at a time: its learners' first six cells (one query),
    then one f-string per line.

    Timestamps come as SQLAlchemy stores them on SQLite (UTC,
    ``YYYY-MM-DD HH:MM:SS[.ffffff]``), so the ISO form is two slices.
    """
    modules = {id_: _field(slug) for id_, slug in
               connection.execute(select(Module.id, Module.slug))}
    e = query.subquery()
    for batch in _tuples(connection, select(
            e.c.learner_id, e.c.module_id, type_coerce(e.c.started_at, String),
            type_coerce(e.c.completed_at, String), e.c.lessons_completed, e.c.best_score,
    ).order_by(e.c.learner_id, e.c.module_id)):
        first_cells = {person[0]: _first_cells(*person) for people_batch in _tuples(
            connection, *_people_of(batch)) for person in people_batch}
        lessons_texts, score_texts = _Texts(), _Texts()  # 1 and 1.0: not the same text
        yield "".join([
            f"{first_cells[learner]}{modules[module]},"
            f"{_STATUS[(started is None) + (completed is None)]},"
            f"{'' if started is None else f'{started[:10]}T{started[11:19]}Z'},"
            f"{'' if completed is None else f'{completed[:10]}T{completed[11:19]}Z'},"
            f"{lessons_texts[lessons]},{score_texts[score]}\r\n"
            for learner, module, started, completed, lessons, score in batch
        ]).encode()


_PEOPLE_BY_ID = people(bindparam("ids", expanding=True))
_PEOPLE_BETWEEN = people(select(User.id).where(*in_range(User.id, _ID_RANGE)))


def _people_of(batch: Sequence[tuple]) -> tuple[Select, dict]:
    """The query for a batch's learners (first column; the batch is in id order):
    everyone in the batch's id range when that range is dense, a list of ids
    otherwise (a list of thousands costs more to compile and search)."""
    first, last = batch[0][0], batch[-1][0]
    ids = {row[0] for row in batch}
    if last - first < 2 * len(ids):
        return _PEOPLE_BETWEEN, _id_range(first, last)
    return _PEOPLE_BY_ID, {"ids": list(ids)}


def _tuples(connection: Connection, query: Select, parameters: dict | None = None
            ) -> Iterator[Sequence[tuple]]:
    """The rows in batches of plain tuples, read from the DBAPI cursor: building
    SQLAlchemy's Row objects would take as long as the rest of the export."""
    result = connection.execute(query, parameters)
    try:
        while rows := result.cursor.fetchmany(BATCH):
            yield rows
    finally:
        result.close()


def _first_cells(id_: int, name: str, email: str, organisation: str | None, country: str,
                 justice_role: str) -> str:
    """A learner's first six cells and a comma: name, email and organisation made
    :func:`safe`."""
    organisation = organisation or ""
    plain = f"{name},{email},{organisation},{country},{justice_role}"
    if (plain.count(",") == 4 and '"' not in plain and "\n" not in plain and "\r" not in plain
            and not name.startswith(FORMULA_STARTS) and not email.startswith(FORMULA_STARTS)
            and not organisation.startswith(FORMULA_STARTS)):
        return f"{id_},{plain},"  # most people: nothing to quote or escape
    texts = (safe(name), safe(email), safe(organisation), country, justice_role)
    return f"{id_},{','.join(map(_field, texts))},"


def _field(text: str) -> str:
    """A text cell as the csv module writes it: quoted when it holds a comma, a
    quote or a line break, with quotes doubled."""
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


class _Texts(dict):
    """Numbers as the csv module writes them (``str()``, None empty), each
    distinct value formatted once: scores repeat a lot. (SQLite keeps no -0.0
    or NaN, which a dict would mix up with 0.0 or miss.)"""

    def __init__(self) -> None:
        super().__init__({None: ""})

    def __missing__(self, value: float) -> str:
        text = self[value] = str(value)
        return text
