"""Country names as the lists write them, to ISO 3166-1 alpha-2 codes.

The UN list names nationalities and address countries in words ("Democratic Republic of the Congo",
"Iran (Islamic Republic of)"); the EU files give codes. ``country_code`` turns a name into a code
using pycountry's names (name, official name, common name) and the UN's own spellings that pycountry
does not know; a name it does not know gives None, and the reader keeps the words instead.
"""

from __future__ import annotations

import functools
import re

from anyascii import anyascii

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")

# Names the UN list (and common usage) writes differently from pycountry.
_EXTRA = {
    "democratic republic of the congo": "CD",
    "congo democratic republic of the": "CD",
    "iran islamic republic of": "IR",
    "iran": "IR",
    "republic of korea": "KR",
    "south korea": "KR",
    "north korea": "KP",
    "turkey": "TR",
    "bolivia plurinational state of": "BO",
    "venezuela bolivarian republic of": "VE",
    "state of palestine": "PS",
    "occupied palestinian territory": "PS",
    "netherlands kingdom of the": "NL",
    "micronesia federated states of": "FM",
    "united states": "US",
    "united kingdom": "GB",
    "russia": "RU",
    "syria": "SY",
    "vietnam": "VN",
    "laos": "LA",
    "moldova": "MD",
    "tanzania": "TZ",
    "czech republic": "CZ",
    "the former yugoslav republic of macedonia": "MK",
    "macedonia": "MK",
    "swaziland": "SZ",
    "burma": "MM",
    "ivory coast": "CI",
    "cote d ivoire": "CI",
    "cape verde": "CV",
    "kosovo": "XK",  # not in ISO 3166-1; the code the EU and others use
}


def _key(name: str) -> str:
    return _NOT_ALNUM.sub(" ", anyascii(name).casefold()).strip()


@functools.cache
def _table() -> dict[str, str]:
    import pycountry  # imported on first use: it is slow to load

    table: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                table.setdefault(_key(str(value)), str(c.alpha_2))
    table.update(_EXTRA)
    return table


def country_code(name: str) -> str | None:
    """The alpha-2 code of a country named in words, or None when the name is not known."""
    key = _key(name)
    if not key:
        return None
    if len(key) == 2 and key.isalpha():
        return key.upper()  # already a code
    return _table().get(key) or _table().get(key.removeprefix("the "))
