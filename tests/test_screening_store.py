"""Screening a stored dossier (issue 13, points 2 to 4): every named party against every list kept, the
results recorded in the dossier by the record rules of DESIGN.md section 3, decisions on hits recorded
with a note, each change journaled, and the stored outcome following."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from core.decision import assess
from core.dossier import (
    Dossier,
    Party,
    ScreeningHit,
    ScreeningRecord,
    matches,
    open_hits,
    screened_parties,
    unscreened_parties,
)
from core.store import FrozenError, StoreError, Workbook
from tests.conftest import SHARED, chosen_holds

SAMPLES = SHARED / "data" / "sanctions"
EU_XML = SAMPLES / "eu-fsf-sample.xml"
UN_XML = SAMPLES / "un-sample.xml"
EU_VERSION = "2026-11-20T18:05:11.117+01:00"

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"the samples are not at {SAMPLES}")


def dossier(*parties: tuple[str, str | None], country: str | None = None) -> Dossier:
    return Dossier(
        title="Screening test",
        destination_country="AE",
        parties=[Party(role=role, name=name, country=country) for role, name in parties],
    )


@pytest.fixture
def wb(tmp_path: Path):
    with Workbook.open(tmp_path / "wb.ddwb", actor="tester") as w:
        w.import_list(EU_XML)
        w.import_list(UN_XML)
        yield w


@pytest.fixture
def two(wb):
    """The issue's two parties: an end user and a consignee on the EU sample, and a party on no list."""
    (did,) = wb.import_dossiers(
        [
            dossier(
                ("end_user", "Viktor Zhuravlev"),
                ("consignee", "ООО Нордвинд Сигнал"),
                ("freight_forwarder", "Rotterdam Freight Services BV"),
                ("other", None),
            )
        ]
    )
    return did


def test_every_named_party_is_screened_against_every_list_and_the_results_recorded(wb, two):
    done = wb.screen_dossier(two)
    assert [(p.party, p.name) for p in done.parties] == [
        (0, "Viktor Zhuravlev"),
        (1, "ООО Нордвинд Сигнал"),
        (2, "Rotterdam Freight Services BV"),
    ]
    zhuravlev, nordwind, freight = (p.hits for p in done.parties)
    assert [(h.list_id, h.entry_id) for h in zhuravlev] == [("eu_fsf", "EU.9001.01")]
    assert [(h.list_id, h.entry_id) for h in nordwind] == [("eu_fsf", "EU.9002.02")]
    assert freight == []
    assert "'Viktor' ~ 'Victor' (spelling)" in zhuravlev[0].why and nordwind[0].why
    d = wb.dossier(two)
    assert d == done.dossier
    # one record per named party and list, each with the list's version and the time of screening
    assert [(r.party, r.name, r.list_id, r.list_version) for r in d.screening] == [
        (0, "Viktor Zhuravlev", "eu_fsf", EU_VERSION),
        (0, "Viktor Zhuravlev", "un_sc", "2026-02-27T00:00:09.554Z"),
        (1, "ООО Нордвинд Сигнал", "eu_fsf", EU_VERSION),
        (1, "ООО Нордвинд Сигнал", "un_sc", "2026-02-27T00:00:09.554Z"),
        (2, "Rotterdam Freight Services BV", "eu_fsf", EU_VERSION),
        (2, "Rotterdam Freight Services BV", "un_sc", "2026-02-27T00:00:09.554Z"),
    ]
    assert len({r.screened_at for r in d.screening}) == 1 and d.screening[0].screened_at
    assert d.screening[0].hits == (ScreeningHit("EU.9001.01", "Victor Zhuravlev", 0.95, "open", None),)
    assert screened_parties(d) == [0, 1, 2] and unscreened_parties(d) == []
    assert [(h.party, h.hit.entry) for h in open_hits(d)] == [(0, "EU.9001.01"), (1, "EU.9002.02")]
    (entry,) = [e for e in wb.journal(two) if e.action == "screen"]
    assert entry.field == "screening" and json.loads(entry.new or "")[0]["hits"][0]["entry"] == "EU.9001.01"
    assert list(wb.problems()) == []


def test_the_party_country_is_weighed(wb):
    (did,) = wb.import_dossiers([dossier(("end_user", "Viktor Zhuravlev"), country="RU")])
    (party,) = wb.screen_dossier(did).parties
    assert party.hits[0].score == 0.9 and "citizenship differs (listed: XS)" in party.hits[0].why


def test_one_party_can_be_screened_alone(wb, two):
    done = wb.screen_dossier(two, parties=[1])
    assert [p.party for p in done.parties] == [1]
    assert {r.party for r in wb.dossier(two).screening} == {1}
    with pytest.raises(StoreError, match="party"):
        wb.screen_dossier(two, parties=[9])


def test_decisions_are_recorded_with_a_note_and_journaled(wb, two):
    wb.screen_dossier(two)
    wb.dispose_hit(two, 0, "EU.9001.01", "false_positive", "born 1990, not 1968; other passport")
    d = wb.dispose_hit(two, 1, "EU.9002.02", "match", "same registration number 1027700000001")
    assert wb.dossier(two) == d
    assert [(h.party, h.hit.entry, h.hit.disposition, h.hit.note) for h in matches(d)] == [
        (1, "EU.9002.02", "match", "same registration number 1027700000001")
    ]
    assert open_hits(d) == []
    disposals = [e for e in wb.journal(two) if e.action == "dispose"]
    assert len(disposals) == 2 and all(e.field == "screening" for e in disposals)
    assert "born 1990" in (disposals[0].new or "") and "born 1990" not in (disposals[0].old or "")


@pytest.mark.parametrize(
    ("party", "entry", "disposition", "note", "message"),
    [
        (0, "EU.9001.01", "false_positive", "  ", "note"),
        (0, "EU.9001.01", "open", "reopened", "false_positive or match"),
        (0, "QDi.001", "match", "why", "no hit of entry"),
        (7, "EU.9001.01", "match", "why", "party"),
    ],
)
def test_a_decision_that_cannot_be_made_is_refused_and_changes_nothing(
    wb, two, party, entry, disposition, note, message
):
    wb.screen_dossier(two)
    before = (wb.dossier(two), len(wb.journal()))
    with pytest.raises(StoreError, match=message):
        wb.dispose_hit(two, party, entry, disposition, note)
    assert (wb.dossier(two), len(wb.journal())) == before


def test_screening_again_keeps_the_decisions_on_the_same_entry_and_name(wb, two):
    wb.screen_dossier(two)
    wb.dispose_hit(two, 0, "EU.9001.01", "false_positive", "other person")
    wb.dispose_hit(two, 1, "EU.9002.02", "match", "same company")
    again = wb.screen_dossier(two).dossier
    assert [(h.entry, h.disposition, h.note) for r in again.screening for h in r.hits] == [
        ("EU.9001.01", "false_positive", "other person"),
        ("EU.9002.02", "match", "same company"),
    ]
    assert len(again.screening) == 6  # replaced, not added


def test_a_renamed_party_is_unscreened_and_its_match_still_counts(wb, two):
    wb.screen_dossier(two)
    wb.dispose_hit(two, 1, "EU.9002.02", "match", "same company")
    renamed = wb.edit(
        two,
        lambda d: dataclasses.replace(
            d,
            parties=[
                d.parties[0],
                dataclasses.replace(d.parties[1], name="Nordic Wind Trading"),
                *d.parties[2:],
            ],
        ),
    )
    assert unscreened_parties(renamed) == [1]
    assert [h.hit.entry for h in matches(renamed)] == ["EU.9002.02"]
    again = wb.screen_dossier(two).dossier
    assert unscreened_parties(again) == []
    eu = next(r for r in again.screening if (r.party, r.list_id) == (1, "eu_fsf"))
    assert eu.name == "Nordic Wind Trading"
    assert [(h.entry, h.disposition) for h in eu.hits] == [("EU.9002.02", "match")]  # kept, not found


def tiny_eu(path: Path, generated: str, *names: str) -> Path:
    """An EU list file (XML 1.1) of one person, EU.1.1, with ``names`` in that order."""
    aliases = "".join(f'<nameAlias wholeName="{n}" strong="true"/>' for n in names)
    path.write_text(
        f'<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="{generated}">'
        f'<sanctionEntity euReferenceNumber="EU.1.1" logicalId="1"><subjectType code="person"/>{aliases}'
        "</sanctionEntity></export>",
        "utf-8",
    )
    return path


def test_a_decision_carries_over_when_the_list_reorders_equally_good_names(tmp_path):
    with Workbook.open(tmp_path / "wb.ddwb") as wb:
        wb.import_list(tiny_eu(tmp_path / "a.xml", "2026-11-01T00:00:00Z", "Ivan PETROV", "Ivan Petrov"))
        (did,) = wb.import_dossiers([dossier(("end_user", "Ivan Petrov"))])
        (party,) = wb.screen_dossier(did).parties
        assert party.hits[0].name == "Ivan PETROV"
        wb.dispose_hit(did, 0, "EU.1.1", "false_positive", "other person")
        # the newer version names the other spelling first: both match as well
        wb.import_list(tiny_eu(tmp_path / "b.xml", "2026-12-01T00:00:00Z", "Ivan Petrov", "Ivan PETROV"))
        assert wb.screen_name("Ivan Petrov")[0].name == "Ivan Petrov"
        (record,) = wb.screen_dossier(did).dossier.screening
        assert record.list_version == "2026-12-01T00:00:00Z"
        assert [(h.name, h.disposition, h.note) for h in record.hits] == [
            ("Ivan PETROV", "false_positive", "other person")
        ]


def test_a_false_positive_is_open_again_when_a_better_name_of_the_entry_matches(wb):
    (did,) = wb.import_dossiers([dossier(("end_user", "Viktor Zhuravlev"))])
    wb.screen_dossier(did)
    # decided on a weaker likeness: the earlier hit named another name of the entry
    wb.edit(
        did,
        lambda d: dataclasses.replace(
            d,
            screening=[
                dataclasses.replace(
                    r,
                    hits=tuple(
                        dataclasses.replace(
                            h, name="Viktor Petrovich ZHURAVLYOV", disposition="false_positive", note="n"
                        )
                        for h in r.hits
                    ),
                )
                for r in d.screening
            ],
        ),
    )
    d = wb.screen_dossier(did).dossier
    (hit,) = next(r for r in d.screening if r.list_id == "eu_fsf").hits
    assert (hit.name, hit.disposition) == ("Victor Zhuravlev", "open")


def test_a_finalised_dossier_is_not_screened_nor_decided(wb, two):
    wb.screen_dossier(two)
    with chosen_holds():  # signed off for what follows, whatever the holds
        wb.finalise(two, "A. Person", "Compliance")
    before = (wb.dossier(two), len(wb.journal()))
    with pytest.raises(FrozenError):
        wb.screen_dossier(two)
    with pytest.raises(FrozenError):
        wb.dispose_hit(two, 0, "EU.9001.01", "match", "same")
    assert (wb.dossier(two), len(wb.journal())) == before


def test_without_lists_a_dossier_cannot_be_screened(tmp_path):
    with Workbook.open(tmp_path / "empty.ddwb") as w:
        (did,) = w.import_dossiers([dossier(("end_user", "Viktor Zhuravlev"))])
        with pytest.raises(StoreError, match="no sanctions list"):
            w.screen_dossier(did)
        assert w.dossier(did).screening == []


def test_records_of_custom_lists_and_of_lists_no_longer_kept_are_left_as_they_are(wb):
    custom = ScreeningRecord(0, "Viktor Zhuravlev", "custom:own list", "v1", None, ())
    (did,) = wb.import_dossiers(
        [dataclasses.replace(dossier(("end_user", "Viktor Zhuravlev")), screening=[custom])]
    )
    d = wb.screen_dossier(did).dossier
    assert d.screening[0] == custom and [r.list_id for r in d.screening[1:]] == ["eu_fsf", "un_sc"]


def test_a_match_makes_the_stored_outcome_restricted_party(wb, two):
    wb.screen_dossier(two)
    wb.dispose_hit(two, 1, "EU.9002.02", "match", "same company")
    (summary,) = wb.summaries()
    assert summary.outcome == "restricted_party" == assess(wb.dossier(two)).outcome


def test_the_stored_holds_follow_screening(wb, two):
    def holds() -> list[str]:
        (summary,) = wb.summaries()
        stored = list(summary.to_json()["holds"])
        assert stored == list(assess(wb.dossier(two)).to_json()["holds"])
        return stored

    assert "parties_not_screened" in holds()
    wb.screen_dossier(two)
    assert "parties_not_screened" not in holds() and "screening_hits_open" in holds()
    wb.dispose_hit(two, 0, "EU.9001.01", "false_positive", "other person")
    wb.dispose_hit(two, 1, "EU.9002.02", "false_positive", "other company")
    assert "screening_hits_open" not in holds()
