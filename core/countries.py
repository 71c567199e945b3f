"""Country codes and names (ISO 3166-1), and currency codes and names (ISO 4217), from pycountry, in
one place.

pycountry is imported on first use, not with this module: its import costs more than the rest of the
program's start-up, and the dossier list does not need it (the store keeps the names it shows).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable


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


def display(code: str | None) -> str:
    """The name to show for ``code``: its display name, else the code itself, else ""."""
    return name(code) or code or ""


def _folded(text: str) -> str:
    """``text`` for comparing names: without accents, case or punctuation, single-spaced."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in plain.casefold()).split())


@functools.cache
def _aliases() -> dict[str, tuple[str, ...]]:
    """The folded names each code is known by: the display name, the ISO name and official name,
    the ISO name turned round ("Korea, Republic of": "Republic of Korea"), and the alpha-3 code."""
    import pycountry

    aliases: dict[str, tuple[str, ...]] = {}
    for c in pycountry.countries:
        names = [str(c.name), str(getattr(c, "common_name", "") or ""), str(getattr(c, "official_name", ""))]
        if ", " in c.name:
            head, _comma, tail = str(c.name).partition(", ")
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
    known = {code: names for code, names in _aliases().items() if allowed is None or code in allowed}
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
            return tuple(sorted(found, key=lambda code: (name(code) or code).casefold()))
    return ()


@functools.cache
def all_currencies() -> tuple[tuple[str, str], ...]:
    """(ISO 4217 alphabetic code, name) of every currency pycountry knows, sorted by code."""
    import pycountry

    return tuple(sorted((str(c.alpha_3), str(c.name)) for c in pycountry.currencies))
