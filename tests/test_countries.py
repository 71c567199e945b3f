"""core.countries.matching: a country as a user types it (issue 14, defect 1): its code, a name given
exactly (any case, with or without accents, the ISO name turned round), else the names that begin with
what was typed, else those with a word that does; several or none are for the caller to say."""

from __future__ import annotations

import pytest

from core import countries


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("Kenya", ("KE",)),
        ("kenya", ("KE",)),
        ("  KENYA ", ("KE",)),
        ("KE", ("KE",)),
        ("ke", ("KE",)),
        ("KEN", ("KE",)),  # alpha-3
        ("Kenya (KE)", ("KE",)),  # as the picker shows it
        ("united arab", ("AE",)),
        ("Emirates", ("AE",)),  # a word of the name
        ("Republic of Korea", ("KR",)),  # "Korea, Republic of" turned round
        ("South Korea", ("KR",)),
        ("Cote d'Ivoire", ("CI",)),  # without the accent
        ("Türkiye", ("TR",)),
        ("Congo", ("CG",)),  # exact beats the longer name of CD
        ("Iran", ("IR",)),
        ("Netherlands", ("NL",)),
        ("Korea", ("KP", "KR")),  # ambiguous: both, for the caller to say
        ("Narnia", ()),
        ("", ()),
        ("  ", ()),
    ],
)
def test_matching(typed: str, codes: tuple[str, ...]) -> None:
    assert countries.matching(typed) == codes


def test_matching_among_some_codes_only() -> None:
    assert countries.matching("Kenya", ["NL", "BE"]) == ()
    assert countries.matching("Nether", ["NL", "BE"]) == ("NL",)
    assert countries.matching("united", ["GB", "NL"]) == ("GB",)
