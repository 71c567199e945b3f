"""The example dossier shipped with the program (``resources/examples/``): a complete version 2 draft
for an invented export that walks the four steps, with its evidence files beside it. The desktop
program offers it at the first start, and Help > Open the example dossier imports a fresh copy.

Each language has its own copy: the same dossier (the same answers, codes, parties, amounts, dates and
so the same outcome, holds and path), its texts and its evidence written in that language:
``example-dossier.json`` in English, ``example-dossier.<lang>.json`` with its evidence under
``evidence/<lang>/`` in another. A language without a copy of its own has the English one."""

from __future__ import annotations

from pathlib import Path

from core import i18n


def example_dossier_file(language: str | None = None) -> Path:
    """The example's dossier file in ``language`` (a language tag or locale name; by default the
    current language, core.i18n.current), else the English one. Its evidence paths are relative to
    it."""
    import resources  # found beside the package, in a build as in development (core.content)

    folder = Path(resources.__file__).parent / "examples"
    lang = i18n.current() if language is None else i18n.offered(language)
    if lang is not None and lang != i18n.SOURCE:
        translated = folder / f"example-dossier.{lang}.json"
        if translated.is_file():
            return translated
    return folder / "example-dossier.json"
