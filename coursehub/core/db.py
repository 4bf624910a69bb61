"""The SQLAlchemy instance and the declarative base shared by every domain."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Engine, Insert, MetaData, Table, TypeDecorator, event, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Each request has its own session; keeping loaded objects usable after the
# commit saves re-reading them while the page renders.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})


SQLITE_BUSY_TIMEOUT_MS = 15_000


def configure_engine(engine: Engine) -> None:
    """Make SQLite fit for several threads and processes (no-op on other databases).

    WAL lets readers proceed while one connection writes; the busy timeout makes
    a writer wait for the lock instead of failing with "database is locked";
    ``synchronous=NORMAL`` is durable in WAL mode up to a power cut.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def upsert(table: Table, conflict: tuple[str, ...], update: tuple[str, ...], *,
           only_if_changed: bool = False, returning: tuple[str, ...] = ()) -> Insert:
    """``INSERT … ON CONFLICT (conflict) DO UPDATE SET update``, built once per dialect.

    Execute it with the row's values as parameters. Atomic on both databases:
    two requests racing to create the same row cannot both insert it, and
    neither fails. ``only_if_changed`` skips the write when the ``update``
    columns already hold the new values.
    """
    return _upsert(db.session.get_bind().dialect.name, table, conflict, update,
                   only_if_changed, returning)


@cache
def _upsert(dialect_name: str, table: Table, conflict: tuple[str, ...],
            update: tuple[str, ...], only_if_changed: bool,
            returning: tuple[str, ...]) -> Insert:
    statement = (postgresql if dialect_name == "postgresql" else sqlite).insert(table)
    changed = or_(*(table.c[name].is_distinct_from(statement.excluded[name])
                    for name in update)) if only_if_changed else None
    statement = statement.on_conflict_do_update(
        index_elements=list(conflict), set_={name: statement.excluded[name] for name in update},
        where=changed)
    return statement.returning(*(table.c[name] for name in returning)) if returning else statement


def applies_to(dialect_name: str):
    """An Alembic ``include_object`` hook for one database: a model index declared
    for another database only (``Index(...).ddl_if(dialect=...)``) is left out."""

    def include(item, name, type_, reflected, compare_to) -> bool:
        condition = getattr(item, "_ddl_if", None)
        return reflected or condition is None or condition.dialect in (None, dialect_name)

    return include


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored as UTC and always returned timezone-aware.

    SQLite keeps no time zone, so values read back are naive; this type makes
    both databases hand back aware UTC datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def render_migration_item(type_: str, obj, autogen_context):
    """Write :class:`UTCDateTime` columns into migrations as plain timestamps."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
