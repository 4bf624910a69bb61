"""The es and pt_BR catalogues are complete, current, and keep every placeholder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "coursehub" / "translations"
LANGUAGES = ["es", "pt_BR"]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}
PLACEHOLDER = re.compile(r"%(?:\([a-zA-Z_][a-zA-Z0-9_]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def catalogue(language: str):
    path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def source_messages() -> set[str]:
    """Every msgid in the code and templates, extracted as `make extract-messages` does."""
    method_map = [("coursehub/**.py", "python"), ("coursehub/templates/**.html", "jinja2")]
    options = {"coursehub/templates/**.html": {"extensions": "jinja2.ext.do"}}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_not_fuzzy(language):
    problems = []
    for message in catalogue(language):
        if not message.id:
            continue  # the header
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"untranslated: {message.id!r}")
    assert problems == [], f"{language}: " + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    problems = []
    for message in catalogue(language):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for index, translated in enumerate(strings):
            if not translated:
                continue  # reported as untranslated by the test above
            source = ids[min(index, len(ids) - 1)]
            expected, got = placeholders(source), placeholders(translated)
            if len(ids) > 1:  # a plural form may leave the count implicit ("one lesson")
                expected = [p for p in expected if p != "%(num)s"]
                got = [p for p in got if p != "%(num)s"]
            if expected != got:
                problems.append(f"{source!r} -> {translated!r}: {expected} != {got}")
    assert problems == [], f"{language}: " + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_every_message_in_the_code(language):
    """A string added to code or templates but never extracted fails here."""
    known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalogue(language)}
    missing = sorted(source_messages() - known)
    assert missing == [], (f"{language}: run `make extract-messages` and translate:\n"
                           + "\n".join(missing))


def test_placeholder_check_catches_a_mismatch():
    assert placeholders("You need %(mark)s to pass, %(name)s.") != placeholders(
        "Necesita %(nota)s para aprobar, %(name)s.")
    assert placeholders("%(percent)s%% complete") == ["%%", "%(percent)s"]


def test_templates_format_dates_and_numbers_for_the_locale():
    """Dates go through format_date/format_datetime, never |string, strftime or isoformat."""
    offenders = []
    for path in sorted((ROOT / "coursehub" / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"strftime\(|isoformat\(|\|\s*string\b", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert offenders == [], "\n".join(offenders)
