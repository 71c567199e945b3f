"""Country codes and names (ISO 3166-1), and currency codes and names (ISO 4217), from pycountry, in
one place.

pycountry is imported on first use, not with this module: its import costs more than the rest of the
program's start-up, and the dossier list does not need it (the store keeps the names it shows).

``name`` and ``all_countries`` give the English names: what the workbook keeps and searches, whatever
the language. ``display``, ``localised`` and ``choices`` give them in the current language (core.i18n)
for people to read, from the translations pycountry ships (the iso-codes project's catalogue
``iso3166-1``, read with gettext without importing pycountry, so the list can use it at start-up);
``all_currencies`` the currencies' names so too (catalogue ``iso4217``; the workbook keeps the code).
"""

from __future__ import annotations

import functools
import gettext
import importlib.util
from collections.abc import Iterable
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
def _translations(lang: str, domain: str = "iso3166-1") -> gettext.NullTranslations:
    """pycountry's translations of the country names (``domain`` iso3166-1), or of the currency names
    (iso4217), into ``lang``; none for English, or when pycountry has none for it."""
    spec = importlib.util.find_spec("pycountry")
    if lang == i18n.SOURCE or spec is None or spec.origin is None:
        return gettext.NullTranslations()
    folder = Path(spec.origin).parent / "locales"
    return gettext.translation(domain, str(folder), languages=[lang], fallback=True)


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


def _folded(text: str) -> str:
    """``text`` for comparing names: without accents, case or punctuation, single-spaced."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in plain.casefold()).split())


@functools.cache
def _aliases(lang: str) -> dict[str, tuple[str, ...]]:
    """The folded names each code is known by: the display name, the ISO name and official name,
    the ISO name turned round ("Korea, Republic of": "Republic of Korea"), and the alpha-3 code; in
    another language than English also these names in that language ("Duitsland"), as the picker
    shows them."""
    import pycountry

    aliases: dict[str, tuple[str, ...]] = {}
    for c in pycountry.countries:
        names = [str(c.name), str(getattr(c, "common_name", "") or ""), str(getattr(c, "official_name", ""))]
        names += [localised(n, lang) for n in names if n]
        for full in list(names):
            if ", " in full:
                head, _comma, tail = full.partition(", ")
                names.append(f"{tail} {head}")
        names.append(str(c.alpha_3))
        aliases[c.alpha_2] = tuple(dict.fromkeys(f for n in names if (f := _folded(n))))
    return aliases


def matching(text: str, codes: Iterable[str] | None = None) -> tuple[str, ...]:
    """The countries (alpha-2 codes, among ``codes`` if given) that ``text`` typed by a user names:
    its code, or a name given exactly (in any case, with or without accents); failing that the names
    that begin with it, failing that those with a word that begins with it. One code means the text
    names a country; none or several, that it names none or is ambiguous (the caller says so)."""
    allowed = set(codes) if codes is not None else None
    aliases = _aliases(i18n.current())
    known = {code: names for code, names in aliases.items() if allowed is None or code in allowed}
    typed = text.strip()
    if typed.endswith(")") and "(" in typed:  # as the picker shows a country: "Kenya (KE)"
        code = typed[typed.rfind("(") + 1 : -1].strip().upper()
        if code in known:
            return (code,)
    if typed.upper() in known:
        return (typed.upper(),)
    folded = _folded(typed)
    if not folded:
        return ()
    for found in (
        [code for code, names in known.items() if folded in names],
        [code for code, names in known.items() if any(n.startswith(folded) for n in names)],
        [code for code, names in known.items() if any(f" {folded}" in f" {n}" for n in names)],
    ):
        if found:
            return tuple(sorted(found, key=lambda code: display(code).casefold()))
    return ()


def all_currencies(lang: str | None = None) -> tuple[tuple[str, str], ...]:
    """(ISO 4217 alphabetic code, name) of every currency pycountry knows, sorted by code; the names in
    the current language (or ``lang``), from pycountry's translations, English where it has none."""
    return _currencies(lang or i18n.current())


@functools.cache
def _currencies(lang: str) -> tuple[tuple[str, str], ...]:
    import pycountry

    names = _translations(lang, "iso4217")
    return tuple(sorted((str(c.alpha_3), names.gettext(str(c.name))) for c in pycountry.currencies))
