"""Database backup and restore: SQLite's online backup API, or pg_dump/pg_restore."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess  # noqa: S404 - runs the PostgreSQL client tools, no shell
from pathlib import Path

from sqlalchemy.engine import URL, make_url


class BackupError(RuntimeError):
    """A backup or restore that could not be done."""


def _sqlite_path(url: URL) -> str:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return url.database


def _libpq_url(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian package postgresql-client)")
    return path


def backup(database_url: str, target: Path) -> None:
    """Write a consistent copy of the database to ``target`` while the app runs."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_path(url), str(target))
    elif url.get_backend_name() == "postgresql":
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}",
              _libpq_url(url)])
    else:
        raise BackupError(f"unsupported database {url.get_backend_name()!r}")


def restore(database_url: str, source_file: Path) -> None:
    """Replace the database's contents with those of a backup made by :func:`backup`."""
    if not source_file.is_file():
        raise BackupError(f"{source_file} does not exist")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(str(source_file), _sqlite_path(url))
    elif url.get_backend_name() == "postgresql":
        _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
              "--single-transaction", f"--dbname={_libpq_url(url)}", str(source_file)])
    else:
        raise BackupError(f"unsupported database {url.get_backend_name()!r}")


def _sqlite_copy(source_path: str, destination_path: str) -> None:
    """Copy one SQLite database over another with the online backup API."""
    source = sqlite3.connect(source_path)
    destination = sqlite3.connect(destination_path)
    try:
        with destination:
            source.backup(destination)
    finally:
        source.close()
        destination.close()


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{Path(command[0]).name} failed")
