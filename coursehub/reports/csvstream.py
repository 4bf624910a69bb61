"""CSV in constant memory: a generator of text chunks, UTF-8 with a BOM for Excel."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str | int | float:
    """A value as written to the file: ISO dates, empty for None, no formula injection."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    return safe(str(value))


def safe(text: str) -> str:
    """Text that a spreadsheet will not run as a formula (learner-typed names...)."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence], flush_every: int = 2000
               ) -> Iterator[str]:
    """Yield the BOM, the header and the rows as CSV text, ``flush_every`` rows at a time;
    each value goes through :func:`cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    pending = 0
    for row in rows:
        writer.writerow([cell(v) for v in row])
        pending += 1
        if pending >= flush_every:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue()
