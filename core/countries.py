"""Country codes and names (ISO 3166-1, from pycountry), in one place.

pycountry is imported on first use, not with this module: its import costs more than the rest of the
program's start-up, and the dossier list does not need it (the store keeps the names it shows).

``name`` and ``all_countries`` give the English names: what the workbook keeps and searches, whatever
the language. ``display``, ``localised`` and ``choices`` give them in the current language (core.i18n)
for people to read, from the translations pycountry ships (the iso-codes project's catalogue
``iso3166-1``, read with gettext without importing pycountry, so the list can use it at start-up).
"""

from __future__ import annotations

import functools
import gettext
import importlib.util
from pathlib import Path

from core import i18n


@functools.cache
def _names() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: str(getattr(c, "common_name", None) or c.name) for c in pycountry.countries}


def is_code(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 code (upper case)."""
    return code in _names()


def name(code: str | None) -> str | None:
    """The display name of a country (pycountry's common name where it has one), or None."""
    return _names().get(code) if code else None


@functools.cache
def all_countries() -> tuple[tuple[str, str], ...]:
    """(alpha-2 code, display name) of every country, sorted by name."""
    return tuple(sorted(_names().items(), key=lambda item: item[1].casefold()))


@functools.cache
def _translations(lang: str) -> gettext.NullTranslations:
    """pycountry's translations of the country names into ``lang``; none for English, or when pycountry
    has none for it."""
    spec = importlib.util.find_spec("pycountry")
    if lang == i18n.SOURCE or spec is None or spec.origin is None:
        return gettext.NullTranslations()
    folder = Path(spec.origin).parent / "locales"
    return gettext.translation("iso3166-1", str(folder), languages=[lang], fallback=True)


def localised(english: str, lang: str | None = None) -> str:
    """A country's English name (as ``name`` gives it and the workbook keeps it) in the current
    language, or in ``lang``; the English name when there is no translation."""
    return _translations(lang or i18n.current()).gettext(english)


def display(code: str | None) -> str:
    """The name to show for ``code`` in the current language, else the code itself, else ""."""
    english = name(code)
    return localised(english) if english else (code or "")


def choices(lang: str | None = None) -> tuple[tuple[str, str], ...]:
    """(alpha-2 code, name) of every country in the current language (or ``lang``), sorted by name:
    for people to pick from."""
    return _choices(lang or i18n.current())


@functools.cache
def _choices(lang: str) -> tuple[tuple[str, str], ...]:
    named = ((code, localised(english, lang)) for code, english in _names().items())
    return tuple(sorted(named, key=lambda item: item[1].casefold()))
