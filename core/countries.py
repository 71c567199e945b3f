"""Country codes and names (ISO 3166-1, from pycountry), in one place.

pycountry is imported on first use, not with this module: its import costs more than the rest of the
program's start-up, and the dossier list does not need it (the store keeps the names it shows).
"""

from __future__ import annotations

import functools


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
