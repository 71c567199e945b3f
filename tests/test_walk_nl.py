"""What a new Dutch user found walking the whole program (issue 16): English words left in what the
program writes in Dutch, and numbers and dates written the English way."""

from __future__ import annotations

from typing import Any

import pytest

from core import i18n
from core.dossier import dossier_from_json
from core.store import Workbook
from tests.conftest import dossier_dict


@pytest.fixture
def dutch() -> Any:
    i18n.set_language("nl")
    yield
    i18n.set_language("en")


def test_a_copy_made_in_dutch_is_named_a_copy_in_dutch(tmp_path: Any, dutch: Any) -> None:
    """Dupliceren gave 'Netwerkmonitor (copy)'."""
    with Workbook.open(tmp_path / "wb.ddwb") as wb:
        wb.import_dossiers([dossier_from_json(dossier_dict(id="a", title="Netwerkmonitor"))])
        copy = wb.duplicate("a")
        assert wb.get(copy).dossier.title == "Netwerkmonitor (kopie)"
        i18n.set_language("en")
        assert wb.get(wb.duplicate("a")).dossier.title == "Netwerkmonitor (copy)"


def test_the_currencies_to_choose_from_are_named_in_dutch(dutch: Any) -> None:
    """The value's currency offered 'SOS – Somali Shilling' and 'USD – US Dollar' in Dutch."""
    from core.countries import all_currencies

    named = dict(all_currencies())
    assert named["USD"] == "Amerikaanse dollar" and named["SOS"] == "Somalische shilling"
    assert named["EUR"] == "euro"
    i18n.set_language("en")
    assert dict(all_currencies())["USD"] == "US Dollar"


def test_the_history_writes_a_hit_s_score_with_a_decimal_comma_in_dutch(dutch: Any) -> None:
    from core.history import _hit_line

    line = _hit_line({"name": "Northwind", "list_id": "eu_fsf"}, {"entry": "EU.1", "score": 0.95})
    assert "0,95" in line and "0.95" not in line


def test_the_dutch_report_writes_a_hit_s_score_with_a_decimal_comma(dutch: Any) -> None:
    from tests.test_report_screening import _text, screened

    text = _text(screened())
    assert "0,95" in text and "0,81" in text
    assert "0.95" not in text and "0.81" not in text


def _changes(field: str, old: Any, new: Any) -> list[str]:
    import json

    from core.content import default_content
    from core.history import change_lines

    return change_lines(default_content(), field, json.dumps(old), json.dumps(new))


def test_the_history_in_dutch_gives_dates_and_amounts_as_dutch_readers_write_them(dutch: Any) -> None:
    """The history said 'Werkelijke uitvoerdatum: (geen) → 2027-01-10' and 'Waarde: 48 500.00', beside
    'Afgetekend … op 25 november 2026'."""
    assert _changes("transaction.export_date", None, "2027-01-10") == [
        "Werkelijke uitvoerdatum: (geen) → 10 januari 2027"
    ]
    [kept] = _changes("retention_until", "2031-12-31", "2032-12-31")
    assert kept.endswith("31 december 2031 → 31 december 2032")
    lines = _changes(
        "transaction",
        {"value": None, "contract_date": None},
        {"value": 48500.0, "currency": "EUR", "contract_date": "2026-10-01"},
    )
    assert any("48.500,00" in line for line in lines), lines
    assert any("1 oktober 2026" in line for line in lines), lines
    assert any(line.endswith("→ EUR") for line in lines), lines  # a code stays as it is
    [sent] = _changes("authority_reply", {"sent_on": None}, {"sent_on": "2026-11-26"})
    assert sent.endswith("26 november 2026")


def test_the_history_in_english_keeps_its_forms() -> None:
    assert _changes("transaction.export_date", None, "2027-01-10") == [
        "Actual export date: (none) → 2027-01-10"
    ]
    lines = _changes("transaction", {"value": None}, {"value": 48500.0})
    assert any("48 500.00" in line for line in lines), lines


@pytest.mark.parametrize(
    ("text", "dutch_words"),
    [
        ("garbage{", "waarde verwacht"),
        ('{"title": "x",}', "eigenschapsnaam tussen dubbele aanhalingstekens verwacht"),
        ('{"title" "x"}', "':' verwacht"),
        ('{"title": "x" "y": 1}', "',' verwacht"),
        ('{"title": "x', "niet-afgesloten tekenreeks"),
        ('{"title": "x"} extra', "meer gegevens na het einde"),
    ],
)
def test_what_is_wrong_with_a_json_file_is_said_in_dutch(
    tmp_path: Any, capsys: Any, dutch: Any, text: str, dutch_words: str
) -> None:
    """'geen geldige JSON: Expecting value op regel 1, kolom 1': Python's own words left in English."""
    from core.cli import main

    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    assert main(["--workbook", str(tmp_path / "wb.ddwb"), "--lang", "nl", "assess", str(bad)]) == 2
    err = capsys.readouterr().err
    assert dutch_words in err and "Expecting" not in err and "Unterminated" not in err and "Extra" not in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_the_private_sector_is_not_called_a_private_person_in_dutch(dutch: Any) -> None:
    """'Particulier' alone reads as a private person; the sector of a company is 'particuliere sector'."""
    from core.content import default_content

    labels = default_content().sector_labels
    assert labels["private"] == "Particuliere sector"
    assert labels["private_government_ties"] == "Particuliere sector, nauwe banden met de overheid"
    assert labels["academic"] == "Academische instelling"


_NOTIFY = {
    "annex_i_listed": "no",
    "informed_by_authority": "no",
    "art4_informed": "no",
    "art4_aware": "no",
    "specially_designed": "yes",
    "covert": "yes",
    "natural_persons": "yes",
    "ict_systems": "yes",
    "capabilities": ["monitoring"],
    "purely_commercial": "no",
    "internal_repression": "none",
    "serious_hr_violations": "aware",
    "legitimate_purpose": "yes",
    "serious_ihl_violations": "none",
}


def test_a_sector_s_dutch_words_are_not_broken_in_the_letter_or_the_report(dutch: Any) -> None:
    """The letter's parties table broke 'Andere overhei|dsinstantie' (and the report
    'overheidsi|nstantie'): its Sector column too narrow for a Dutch compound."""
    import re

    from core.content import default_content
    from core.report import report_input
    from core.report.dossier_report import render_report
    from core.report.drafts import render_draft
    from tests.test_report import pdf_text

    sectors = default_content().sector_labels
    parties = [
        {"role": "end_user", "name": f"Partij {i}", "country": "JO", "sector": s}
        for i, s in enumerate(sectors)
    ]
    d = dossier_from_json(dossier_dict(_NOTIFY, reference="REF-9", parties=parties))
    data = report_input(d)
    letter = render_draft(data, invariant=True)
    unsure = report_input(
        dossier_from_json(
            dossier_dict(
                {**_NOTIFY, "internal_repression": "uncertain", "serious_hr_violations": "none"},
                parties=parties,
            )
        )
    )
    assert unsure.authority_draft is not None and unsure.authority_draft.id == "classification"
    annex = render_draft(unsure, invariant=True)
    assert letter is not None and annex is not None
    for pdf in (letter, annex, render_report(data, invariant=True)):
        text = "\n".join(pdf_text(pdf))
        words = set(re.findall(r"\w+", text))  # a break after a hyphen is as Dutch writes it
        broken = [w for label in sectors.values() for w in re.findall(r"\w+", label) if w not in words]
        assert broken == [], broken
