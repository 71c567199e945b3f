"""Dates and numbers as the readers of a language write them, for what people read: the report, the
drafts, the program's lists and messages. Never for files, JSON or the record itself, which keep ISO
8601 dates (``2026-11-25``) and plain numbers whatever the language.

English keeps the forms the program has always shown: ISO 8601 dates (``2026-11-25``, unambiguous for
every reader of an English report, and what scripts and checks of its output read) and numbers as
Python writes them. Dutch follows Dutch usage, through Babel (CLDR data, BSD licence): ``25 november
2026``, ``25-11-2026 14:03``, ``125.000``, ``125.000,00``. A language is added to ``LOCALES``.

Each function formats for the current language (core.i18n.current: the program's, or the one a
report is made in), or for ``lang`` when given. A value that is not what it should be (a date that
is not ISO 8601) is shown as it is: formatting never fails.
"""

from __future__ import annotations

import datetime as dt

from core.i18n import SOURCE, current

# The Babel locale of each language that formats as its readers expect; English is not here: it keeps
# the program's own forms (above).
LOCALES = {"nl": "nl_NL"}


def _locale(lang: str | None) -> str | None:
    language = lang or current()
    return None if language == SOURCE else LOCALES.get(language)


def _as_date(value: dt.date | str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def date(value: dt.date | str | None, lang: str | None = None) -> str:
    """A date in words: "25 november 2026" (Dutch); "2026-11-25" (English). ``value`` is a date or an
    ISO 8601 text (of a date, or a date and time: its date); "" for None."""
    if value is None or value == "":
        return ""
    day = _as_date(value)
    locale = _locale(lang)
    if day is None:
        return str(value)
    if locale is None:
        return day.isoformat()
    from babel.dates import format_date

    return format_date(day, "long", locale=locale)


def short_date(value: dt.date | str | None, lang: str | None = None) -> str:
    """A date in numbers, for a narrow column: "25-11-2026" (Dutch); "2026-11-25" (English). As
    ``date`` otherwise."""
    if value is None or value == "":
        return ""
    day = _as_date(value)
    locale = _locale(lang)
    if day is None:
        return str(value)
    if locale is None:
        return day.isoformat()
    from babel.dates import format_date

    return format_date(day, "short", locale=locale)


def date_time(value: str | None, lang: str | None = None, seconds: bool = False) -> str:
    """A moment from an ISO 8601 text, as it is written (no time zone is converted: the caller says
    which it is), in numbers: "25-11-2026 14:03" (Dutch); "2026-11-25 14:03" (English); with
    ``seconds`` to the second. "" for None."""
    if not value:
        return ""
    if len(value) == 10:  # a date alone
        return date(value, lang)
    width = 19 if seconds else 16
    locale = _locale(lang)
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if locale is None:
        return moment.isoformat(sep=" ")[:width]
    from babel.dates import format_date, format_time

    clock = format_time(moment, "HH:mm:ss" if seconds else "HH:mm", locale=locale)
    return f"{format_date(moment, 'short', locale=locale)} {clock}"


def number(value: float, decimals: int | None = None, lang: str | None = None) -> str:
    """A number: "125.000" or, with ``decimals``, "125.000,00" (Dutch); "125000", "125000.00"
    (English, as Python writes it)."""
    locale = _locale(lang)
    if locale is None:
        return f"{value:.{decimals}f}" if decimals is not None else str(value)
    from babel.numbers import format_decimal

    if decimals is None:
        return format_decimal(value, locale=locale)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale, decimal_quantization=True)


def grouped(value: int, lang: str | None = None) -> str:
    """A large whole number with its thousands marked, for a table: "12.345" (Dutch); "12 345"
    (English: a space, as international documents group digits)."""
    if _locale(lang) is None:
        return f"{value:,}".replace(",", " ")
    return number(value, lang=lang)
