"""The history in words of sanctions screening (issue 13; core.history): a dossier screened, a decision
on a hit, a party removed with its screening records, and a list imported, worded as the other
actions are, never as the journal's internal names (``screen``, ``dispose``, ``lists_import``,
``screening``) or its JSON."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from core.content import default_content
from core.dossier import Dossier, Party, remove_party
from core.history import Event, describe, timeline
from core.store import Workbook
from tests.conftest import SHARED

SAMPLES = SHARED / "data" / "sanctions"
EU_XML = SAMPLES / "eu-fsf-sample.xml"
UN_XML = SAMPLES / "un-sample.xml"
EU_VERSION = "2026-11-20T18:05:11.117+01:00"
UN_VERSION = "2026-02-27T00:00:09.554Z"

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"the samples are not at {SAMPLES}")

INTERNAL = ("screen ", "dispose", "lists_import", "screening.", "screening[", 'eu_fsf"', "{", "}")


def _history(wb: Workbook, did: str) -> list[Event]:
    return timeline(wb.journal(did), default_content(), {s.id: s.title for s in wb.summaries()})


def _internal(events: list[Event]) -> list[str]:
    text = "\n".join(" ".join((e.what, *e.details)) for e in events)
    return [word for word in INTERNAL if word in text]


@pytest.fixture
def wb(tmp_path: Path):
    with Workbook.open(tmp_path / "h.ddwb", actor="A. Analyst") as w:
        w.import_list(EU_XML)
        w.import_list(UN_XML)
        yield w


@pytest.fixture
def did(wb: Workbook) -> str:
    (did,) = wb.import_dossiers(
        [
            Dossier(
                title="Zhuravlev deal",
                parties=[
                    Party(role="end_user", name="Viktor Zhuravlev"),
                    Party(role="consignee", name="ООО Нордвинд Сигнал"),
                ],
            )
        ]
    )
    return did


def test_screening_a_dossier_says_which_party_against_which_list_and_what_was_found(wb, did):
    wb.screen_dossier(did)
    screened = _history(wb, did)[-1]
    assert screened.what == "Screened against the sanctions lists"
    assert screened.details == (
        f"Viktor Zhuravlev (party 1) screened against EU Financial Sanctions Files (version {EU_VERSION}):"
        " 1 hit",
        "Viktor Zhuravlev (party 1), EU Financial Sanctions Files: hit EU.9001.01 “Victor Zhuravlev”, "
        "score 0.95, open",
        f"Viktor Zhuravlev (party 1) screened against UN Security Council Consolidated List (version "
        f"{UN_VERSION}): no hits",
        f"ООО Нордвинд Сигнал (party 2) screened against EU Financial Sanctions Files (version {EU_VERSION}):"
        " 1 hit",
        # the name in its own script matches the list's original-script name exactly
        "ООО Нордвинд Сигнал (party 2), EU Financial Sanctions Files: "
        "hit EU.9002.02 “ООО «Нордвинд Сигнал»”, score 1.00, open",
        f"ООО Нордвинд Сигнал (party 2) screened against UN Security Council Consolidated List (version "
        f"{UN_VERSION}): no hits",
    )
    assert _internal([screened]) == []


def test_a_decision_on_a_hit_says_which_hit_what_it_was_and_is_and_why(wb, did):
    wb.screen_dossier(did)
    wb.dispose_hit(did, 0, "EU.9001.01", "false_positive", "born 1990, not 1968")
    wb.dispose_hit(did, 1, "EU.9002.02", "match", "same registration number")
    first, second = _history(wb, did)[-2:]
    assert first.what == second.what == "Decided on a screening hit"
    assert first.details == (
        "Viktor Zhuravlev (party 1), EU Financial Sanctions Files: hit EU.9001.01 “Victor Zhuravlev”: "
        "open → false positive; note “born 1990, not 1968”",
    )
    assert second.details == (
        "ООО Нордвинд Сигнал (party 2), EU Financial Sanctions Files: "
        "hit EU.9002.02 “ООО «Нордвинд Сигнал»”: open → match; note “same registration number”",
    )
    # screened again: the decisions kept are told with the hits
    wb.screen_dossier(did)
    again = _history(wb, did)[-1]
    assert (
        "Viktor Zhuravlev (party 1), EU Financial Sanctions Files: hit EU.9001.01 “Victor Zhuravlev”, "
        "score 0.95, false positive; note “born 1990, not 1968”"
    ) in again.details
    assert _internal([first, second, again]) == []


def test_a_party_removed_takes_its_screening_records_along_in_words(wb, did):
    wb.screen_dossier(did)
    wb.edit(did, lambda d: remove_party(d, 0))
    changed = _history(wb, did)[-1]
    assert changed.what == "Changed"
    assert "Viktor Zhuravlev (party 1): its screening against EU Financial Sanctions Files removed" in (
        changed.details
    )
    assert (
        "Viktor Zhuravlev (party 1): its screening against UN Security Council Consolidated List removed"
        in (changed.details)
    )
    # the other party's records, renumbered, are not told as removed nor as screened anew
    assert not [line for line in changed.details if "Нордвинд" in line and "screen" in line]
    assert _internal([changed]) == []


def test_a_decision_edited_by_hand_is_told_too(wb, did):
    wb.screen_dossier(did)
    wb.edit(
        did,
        lambda d: dataclasses.replace(
            d,
            screening=[
                dataclasses.replace(r, hits=tuple(dataclasses.replace(h, note="looked at") for h in r.hits))
                for r in d.screening
            ],
        ),
    )
    changed = _history(wb, did)[-1]
    assert (
        "Viktor Zhuravlev (party 1), EU Financial Sanctions Files: hit EU.9001.01 “Victor Zhuravlev”, "
        "note: (none) → “looked at”"
    ) in changed.details


def test_a_list_import_says_which_list_which_version_and_from_which_file(wb, tmp_path):
    first = wb.journal()[0]
    what, details = describe(default_content(), first, {})
    assert what == "Sanctions list imported"
    assert details == (
        f"EU Financial Sanctions Files (eu_fsf), version {EU_VERSION}: 5 entries, 14 names",
        f"from the file eu-fsf-sample.xml, SHA-256 {wb.sanctions_lists()[0].sha256}",
    )
    newer = tmp_path / "eu-newer.xml"
    newer.write_text(EU_XML.read_text("utf-8").replace(EU_VERSION, "2026-12-01T09:00:00.000+01:00"), "utf-8")
    wb.import_list(newer)
    what, details = describe(default_content(), wb.journal()[-1], {})
    assert what == "Sanctions list imported"
    assert details[-1] == f"replacing version {EU_VERSION}"
