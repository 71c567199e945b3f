"""The record rules of screening (DESIGN.md section 3) as functions of the dossier model: which parties
count as screened, which hits count, screening again, deciding on a hit, and parties removed or
reordered; and the retention date's basis. Every result is a good dossier that reads back the same."""

from __future__ import annotations

import dataclasses
import re

import pytest

from core.dossier import (
    Dossier,
    HitRef,
    Party,
    ScreeningError,
    ScreeningHit,
    ScreeningRecord,
    SignOff,
    Transaction,
    current_records,
    dispose,
    dossier_from_json,
    dossier_to_json,
    is_current,
    matches,
    open_hits,
    remove_party,
    reorder_parties,
    replace_screening,
    retention,
    screened_lists,
    screened_parties,
    unscreened_parties,
)
from tests.conftest import example_v2


def hit(entry: str, name: str, disposition: str = "open", note: str | None = None) -> ScreeningHit:
    return ScreeningHit(entry=entry, name=name, score=0.9, disposition=disposition, note=note)


def record(party: int, name: str, list_id: str = "eu_fsf", *hits: ScreeningHit) -> ScreeningRecord:
    return ScreeningRecord(
        party=party,
        name=name,
        list_id=list_id,
        list_version="2026-11-18T09:00:00+01:00",
        screened_at="2026-11-20T10:00:00+01:00",
        hits=hits,
    )


def dossier(
    *records: ScreeningRecord, names: tuple[str | None, ...] = ("Ivan Petrov", "Gulf LLC", None)
) -> Dossier:
    return Dossier(
        title="Screening",
        parties=[Party(role="end_user" if i == 0 else "other", name=n) for i, n in enumerate(names)],
        screening=list(records),
    )


def reads_back(d: Dossier) -> Dossier:
    """``d`` is a good dossier: it is written and read back unchanged."""
    again = dossier_from_json(dossier_to_json(d))
    assert again == d
    return d


def rename(d: Dossier, party: int, name: str) -> Dossier:
    parties = list(d.parties)
    parties[party] = dataclasses.replace(parties[party], name=name)
    return dataclasses.replace(d, parties=parties)


# -- which parties count as screened


def test_a_party_is_screened_against_a_list_by_a_record_of_its_current_name():
    d = dossier(record(0, "Ivan Petrov"), record(0, "Ivan Petrov", "un_sc"), record(1, "Gulf LLC", "un_sc"))
    assert screened_lists(d, 0) == ("eu_fsf", "un_sc") and screened_lists(d, 1) == ("un_sc",)
    assert screened_parties(d) == [0, 1]
    assert screened_parties(d, "eu_fsf") == [0] and screened_parties(d, "un_sc") == [0, 1]
    assert unscreened_parties(d) == []  # party 2 has no name: nothing to screen
    assert current_records(d) == d.screening and all(is_current(d, r) for r in d.screening)


def test_a_renamed_party_is_unscreened_again_character_for_character():
    d = rename(dossier(record(0, "Ivan Petrov"), record(1, "Gulf LLC")), 0, "Ivan Petrov ")
    assert not is_current(d, d.screening[0]) and is_current(d, d.screening[1])
    assert screened_lists(d, 0) == () and screened_parties(d) == [1]
    assert unscreened_parties(d) == [0]
    assert current_records(d) == [d.screening[1]]


def test_named_parties_without_any_current_record_are_unscreened():
    d = dossier(record(1, "Gulf LLC"), names=("Ivan Petrov", "Gulf LLC", "  ", None, "Delta FZE"))
    assert unscreened_parties(d) == [0, 4]  # a blank or missing name is not a party to screen yet


# -- which hits count


def test_open_hits_count_only_in_current_records():
    d = dossier(
        record(
            0, "Ivan Petrov", "eu_fsf", hit("EU.1", "Ivan PETROV"), hit("EU.2", "I. Petrov", "false_positive")
        ),
        record(1, "Gulf LLC", "un_sc", hit("QDe.1", "Gulf Trading")),
    )
    assert open_hits(d) == [
        HitRef(0, d.screening[0], d.screening[0].hits[0]),
        HitRef(1, d.screening[1], d.screening[1].hits[0]),
    ]
    renamed = rename(d, 1, "Gulf Holding LLC")
    assert [(r.party, r.hit.entry) for r in open_hits(renamed)] == [(0, "EU.1")]


def test_a_match_counts_whatever_the_party_is_called_now():
    d = dossier(
        record(0, "Ivan Petrov", "eu_fsf", hit("EU.1", "Ivan PETROV", "match", "same birth date")),
        record(1, "Gulf LLC", "un_sc", hit("QDe.1", "Gulf Trading", "false_positive")),
    )
    assert matches(d) == [HitRef(0, d.screening[0], d.screening[0].hits[0])]
    renamed = rename(d, 0, "I. Petrov")
    assert [(r.party, r.hit.entry) for r in matches(renamed)] == [(0, "EU.1")]
    assert open_hits(renamed) == []


# -- screening again


def test_screening_again_replaces_the_record_and_keeps_earlier_decisions():
    d = dossier(
        record(
            0,
            "Ivan Petrov",
            "eu_fsf",
            hit("EU.1", "Ivan PETROV", "false_positive", "other birth date"),
            hit("EU.2", "I. Petrov", "false_positive", "other country"),
            hit("EU.3", "Ivan Petrovic", "open", "asked for the passport"),
        ),
        record(0, "Ivan Petrov", "un_sc"),
    )
    again = record(
        0,
        "Ivan Petrov",
        "eu_fsf",
        hit("EU.1", "Ivan PETROV"),  # same entry and name: the decision stays
        hit("EU.2", "Ivan Petrov"),  # same entry, another name: a new hit, open
        hit("EU.3", "Ivan Petrovic"),  # an open one keeps its note
        hit("EU.4", "Petrov Ivan"),  # new
    )
    out = reads_back(replace_screening(d, again))
    assert len(out.screening) == 2 and out.screening[1] == d.screening[1]  # the other list's record stays
    assert out.screening[0].screened_at == again.screened_at
    assert [(h.entry, h.name, h.disposition, h.note) for h in out.screening[0].hits] == [
        ("EU.1", "Ivan PETROV", "false_positive", "other birth date"),
        ("EU.2", "Ivan Petrov", "open", None),
        ("EU.3", "Ivan Petrovic", "open", "asked for the passport"),
        ("EU.4", "Petrov Ivan", "open", None),
    ]  # and EU.2 "I. Petrov", a false positive no longer found, is gone
    assert d.screening[0].hits[0].disposition == "false_positive"  # the dossier given is not changed


def test_a_decision_made_in_the_new_record_is_kept():
    d = dossier(record(0, "Ivan Petrov", "eu_fsf", hit("EU.1", "Ivan PETROV", "false_positive", "old")))
    out = replace_screening(d, record(0, "Ivan Petrov", "eu_fsf", hit("EU.1", "Ivan PETROV", "match", "new")))
    assert out.screening[0].hits == (hit("EU.1", "Ivan PETROV", "match", "new"),)


def test_a_confirmed_match_survives_screening_a_new_name():
    """A match counts whatever the party is called now: screening the renamed party again, which no
    longer finds the entry, keeps the match in the record (with its note) rather than dropping it."""
    d = rename(
        dossier(record(0, "Ivan Petrov", "eu_fsf", hit("EU.1", "Ivan PETROV", "match", "same passport"))),
        0,
        "Petrov Trading",
    )
    out = reads_back(replace_screening(d, record(0, "Petrov Trading", "eu_fsf", hit("EU.9", "Petro Trade"))))
    assert [(h.entry, h.disposition) for h in out.screening[0].hits] == [("EU.9", "open"), ("EU.1", "match")]
    assert [(m.party, m.hit.entry, m.hit.note) for m in matches(out)] == [(0, "EU.1", "same passport")]
    assert is_current(out, out.screening[0])


def test_screening_a_new_list_or_party_adds_a_record():
    d = dossier(record(0, "Ivan Petrov"))
    out = reads_back(
        replace_screening(replace_screening(d, record(0, "Ivan Petrov", "un_sc")), record(1, "Gulf LLC"))
    )
    assert [(r.party, r.list_id) for r in out.screening] == [(0, "eu_fsf"), (0, "un_sc"), (1, "eu_fsf")]


def test_screening_a_party_that_is_not_there_is_refused():
    with pytest.raises(ScreeningError, match="no party 3: the dossier has 3 parties"):
        replace_screening(dossier(), record(3, "Nobody"))
    with pytest.raises(ScreeningError, match="expected 'eu_fsf', 'un_sc' or 'custom:<name>'"):
        replace_screening(dossier(), record(0, "Ivan Petrov", "ofac"))


# -- deciding on a hit


def test_dispose_decides_on_every_hit_of_the_entry_for_the_party():
    d = dossier(
        record(
            0, "Ivan Petrov", "eu_fsf", hit("EU.1", "Ivan PETROV"), hit("EU.1", "I. Petrov"), hit("EU.2", "X")
        ),
        record(1, "Gulf LLC", "eu_fsf", hit("EU.1", "Gulf")),
    )
    out = reads_back(dispose(d, 0, "EU.1", "false_positive", "other birth date"))
    assert [(h.entry, h.disposition, h.note) for h in out.screening[0].hits] == [
        ("EU.1", "false_positive", "other birth date"),
        ("EU.1", "false_positive", "other birth date"),
        ("EU.2", "open", None),
    ]
    assert out.screening[1] == d.screening[1]  # another party's hit of the same entry is its own
    assert open_hits(out) == [
        HitRef(0, out.screening[0], out.screening[0].hits[2]),
        HitRef(1, out.screening[1], out.screening[1].hits[0]),
    ]
    confirmed = dispose(out, 1, "EU.1", "match", "same registration number")
    assert [(m.party, m.hit.entry) for m in matches(confirmed)] == [(1, "EU.1")]


def test_dispose_can_be_limited_to_one_list():
    d = dossier(
        record(0, "Ivan Petrov", "eu_fsf", hit("A.1", "Ivan")),
        record(0, "Ivan Petrov", "custom:bank list", hit("A.1", "Ivan")),
    )
    out = dispose(d, 0, "A.1", "false_positive", "checked", list_id="custom:bank list")
    assert [r.hits[0].disposition for r in out.screening] == ["open", "false_positive"]


def test_dispose_refuses_what_it_cannot_do():
    d = dossier(record(0, "Ivan Petrov", "eu_fsf", hit("EU.1", "Ivan PETROV")))
    with pytest.raises(ScreeningError, match=re.escape("party 0 has no hit of entry 'EU.7'")):
        dispose(d, 0, "EU.7", "false_positive", "x")
    with pytest.raises(ScreeningError, match=re.escape("party 1 has no hit of entry 'EU.1'")):
        dispose(d, 1, "EU.1", "false_positive", "x")
    with pytest.raises(ScreeningError, match=re.escape("no hit of entry 'EU.1' in the list 'un_sc'")):
        dispose(d, 0, "EU.1", "false_positive", "x", list_id="un_sc")
    with pytest.raises(ScreeningError, match="a decision on a hit needs a note saying why"):
        dispose(d, 0, "EU.1", "match", "  ")
    with pytest.raises(ScreeningError, match="expected one of 'open', 'false_positive', 'match'"):
        dispose(d, 0, "EU.1", "cleared", "x")
    with pytest.raises(ScreeningError, match="no party 5"):
        dispose(d, 5, "EU.1", "match", "x")


# -- parties removed or reordered


def test_reordering_parties_renumbers_their_records():
    d = dossier(record(0, "Ivan Petrov"), record(1, "Gulf LLC"), record(1, "Gulf LLC", "un_sc"))
    out = reads_back(reorder_parties(d, [2, 1, 0]))
    assert [p.name for p in out.parties] == [None, "Gulf LLC", "Ivan Petrov"]
    assert [(r.party, r.name, r.list_id) for r in out.screening] == [
        (2, "Ivan Petrov", "eu_fsf"),
        (1, "Gulf LLC", "eu_fsf"),
        (1, "Gulf LLC", "un_sc"),
    ]
    assert screened_parties(out) == [1, 2]


def test_removing_a_party_drops_its_records_and_renumbers_the_rest():
    d = dossier(
        record(0, "Ivan Petrov", "eu_fsf", hit("EU.1", "Ivan PETROV", "match", "x")),
        record(1, "Gulf LLC"),
    )
    out = reads_back(remove_party(d, 0))
    assert [p.name for p in out.parties] == ["Gulf LLC", None]
    assert [(r.party, r.name) for r in out.screening] == [(0, "Gulf LLC")]
    assert matches(out) == []  # the matched party is gone from the dossier, and its record with it
    assert reads_back(reorder_parties(d, [1])).screening == [dataclasses.replace(d.screening[1], party=0)]


@pytest.mark.parametrize(
    ("order", "words"),
    [([0, 0, 1], "lists party 0 twice"), ([0, 3], "no party 3"), ([-1], "no party -1")],
)
def test_a_wrong_order_is_refused(order, words):
    with pytest.raises(ScreeningError, match=words):
        reorder_parties(dossier(), order)
    with pytest.raises(ScreeningError, match="no party 3"):
        remove_party(dossier(), 3)


def test_the_example_is_screened_without_open_hits_or_matches():
    d = dossier_from_json(example_v2())
    assert unscreened_parties(d) == [] and open_hits(d) == [] and matches(d) == []
    assert screened_lists(d, 2) == ("eu_fsf", "un_sc", "custom:bank watch list")


# -- the retention date (DESIGN.md section 3, "After sign-off")


def test_retention_follows_the_export_date_first():
    d = dossier_from_json(example_v2())  # export 2027-03-01, export year 2027, planned 2027-02-15
    assert retention(d) == ("export_date", 2027, "2032-12-31")
    d = dataclasses.replace(
        d, transaction=Transaction(export_date="2028-01-02", planned_export_date="2026-05-01")
    )
    assert retention(d) == ("export_date", 2028, "2033-12-31")


def test_retention_then_the_export_year_then_the_planned_date_then_the_sign_off():
    signed = SignOff("A", "B", "2026-11-25")
    d = Dossier(
        title="x",
        sign_off=dataclasses.replace(signed, export_year=2029),
        transaction=Transaction(planned_export_date="2027-06-01"),
    )
    assert retention(d) == ("export_year", 2029, "2034-12-31")
    d = dataclasses.replace(d, sign_off=signed)
    assert retention(d) == ("planned_export_date", 2027, "2032-12-31")
    d = dataclasses.replace(d, transaction=Transaction())
    assert retention(d) == ("sign_off", 2026, "2031-12-31")
    assert retention(dataclasses.replace(d, sign_off=None)) is None  # a draft has none yet
    assert retention(Dossier(title="x", transaction=Transaction(planned_export_date="2027-06-01"))) == (
        "planned_export_date",
        2027,
        "2032-12-31",
    )
