"""The report's sanctions screening (issue 13, point 5): for each party, the lists and versions screened
against and when, the hits with their dispositions and notes; what is unscreened is said."""

from __future__ import annotations

import dataclasses

from core.dossier import Dossier, Party, ScreeningHit, ScreeningRecord
from core.report import report_input
from core.report.dossier_report import render_report
from tests.test_report import pdf_text, squash

EU = "2026-11-20T18:05:11.117+01:00"
UN = "2026-02-27T00:00:09.554Z"


def screened() -> Dossier:
    def record(party: int, name: str, list_id: str, version: str, *hits: ScreeningHit) -> ScreeningRecord:
        return ScreeningRecord(party, name, list_id, version, "2026-11-21T10:15:00.000+00:00", hits)

    return Dossier(
        title="Screened deal",
        destination_country="AE",
        parties=[
            Party(role="end_user", name="Viktor Zhuravlev"),
            Party(role="consignee", name="Nordic Wind Trading"),
            Party(role="freight_forwarder", name="Rotterdam Freight Services BV"),
            Party(role="other", name="Never Screened GmbH"),
        ],
        screening=[
            record(
                0,
                "Viktor Zhuravlev",
                "eu_fsf",
                EU,
                ScreeningHit("EU.9001.01", "Victor Zhuravlev", 0.95, "false_positive", "born 1990, not 1968"),
            ),
            record(0, "Viktor Zhuravlev", "un_sc", UN),
            # screened under an earlier name, confirmed as a match: counts whatever the party is called now
            record(
                1,
                "ООО Нордвинд Сигнал",
                "eu_fsf",
                EU,
                ScreeningHit("EU.9002.02", "ООО «Нордвинд Сигнал»", 1.0, "match", "same registration number"),
            ),
            record(
                2, "Rotterdam Freight Services BV", "eu_fsf", EU, ScreeningHit("EU.9004.04", "SGTE", 0.81)
            ),
        ],
    )


def _text(d: Dossier) -> str:
    return "\n".join(pdf_text(render_report(report_input(d, deterministic=True), invariant=True)))


def test_each_party_shows_its_lists_versions_hits_decisions_notes_and_when():
    text = _text(screened())
    flat = squash(text)
    assert "Sanctionsscreening" in flat
    for expected in (
        "ViktorZhuravlev",
        "EUFinancialSanctionsFiles",
        squash(EU),
        squash(UN),
        "2026-11-2110:15",
        "EU.9001.01",
        "VictorZhuravlev",
        "0.95",
        "falsepositive",
        "born1990,not1968",
        "EU.9002.02",
        "match",
        "sameregistrationnumber",
        "EU.9004.04",
        "open",
    ):
        assert expected in flat, expected
    assert "Nohit" in flat  # the UN list found nothing for the end user
    # the consignee was screened under an earlier name, and the party never screened is said so
    assert squash("screened as “ООО Нордвинд Сигнал”") in flat
    assert squash("Nordic Wind Trading") in flat and "Notscreenedunderitscurrentname" in flat
    assert "NeverScreenedGmbH" in flat and flat.count("Notscreenedunderitscurrentname") == 2
    assert "ownershiporcontrol" in flat


def test_a_dossier_without_screening_says_no_party_was_screened():
    flat = squash(_text(dataclasses.replace(screened(), screening=[])))
    assert "Sanctionsscreening" in flat and "Nopartyhasbeenscreened" in flat


def test_a_dossier_without_parties_has_no_screening_part():
    flat = squash(_text(dataclasses.replace(screened(), parties=[], screening=[])))
    assert "Sanctionsscreening" not in flat


def test_the_time_of_screening_is_printed_with_its_zone():
    from core.report.dossier_report import _moment

    assert _moment("2026-11-21T10:15:30.123+00:00") == "2026-11-21 10:15 UTC"
    assert _moment("2026-11-21T10:15:00+01:00") == "2026-11-21 10:15 +01:00"
    assert _moment("2026-11-21T10:15:00") == "2026-11-21 10:15"
    assert _moment(None) == "at a time not recorded"
