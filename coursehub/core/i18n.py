"""Locale-aware formatting for templates (dates, numbers, percentages).

Templates call ``format_date(value)``, ``format_datetime(value, 'short')``,
``format_decimal(number)`` and ``format_percent(ratio)``: Flask-Babel's
functions, formatted for the page's locale. Never print dates with
``|string`` or ``strftime``.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from flask import Flask
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    format_percent,
    get_locale,
)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        format_date=format_date, format_datetime=format_datetime,
        format_decimal=format_decimal, format_percent=format_percent,
        language_name=language_name, is_fallback=is_fallback,
    )


def language_name(code: str) -> str:
    """A language's name in its own language ("Español"), for switchers and notices."""
    from flask import current_app

    names = current_app.config["LANGUAGES"]
    if code in names:
        return names[code]
    try:
        return Locale.parse(code).get_display_name() or code
    except (ValueError, UnknownLocaleError):
        return code


def is_fallback(available: list[str]) -> bool:
    """True when content in ``available`` languages has none in the interface language."""
    base = str(get_locale()).split("_")[0]
    return not any(code.split("_")[0] == base for code in available)
