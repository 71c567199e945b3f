"""Version 2 of the dossier format in the workbook (issue 12, points 2 and 3): every field stored and
queryable, imported and exported whole, journaled field by field; the two annotations that stay
editable after sign-off; the retention date and the rule that gave it; sign-off and the holds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from core import decision
from core.dossier import (
    AuthorityReply,
    Dossier,
    dispose,
    dossier_from_json,
    dossier_to_json,
    fingerprint,
    sealed_fingerprint,
)
from core.store import FrozenError, HoldsError, StoreError, Workbook
from tests.conftest import DATA, dossier_dict, example, example_v2

V2_FILE = DATA / "example-dossier-v2.json"


@pytest.fixture
def wb(tmp_path: Path):
    with Workbook.open(tmp_path / "wb.ddwb", actor="tester") as w:
        yield w


def _without_paths(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    out["evidence"] = [{k: v for k, v in e.items() if k != "path"} for e in data["evidence"]]
    return out


def _import_v2(wb: Workbook, data: dict[str, Any] | None = None) -> str:
    """The version 2 example (or ``data`` beside it), with its evidence file."""
    [did] = wb.import_batches([(V2_FILE, [dossier_from_json(data or example_v2())])])
    return did


def _draft_v2(**changes: Any) -> dict[str, Any]:
    data = example_v2()
    del data["sign_off"]
    data.update(changes)
    return data


# ---------------------------------------------------------------- stored, queryable, round trip


def test_the_version_2_example_round_trips_every_field(wb, tmp_path):
    source = example_v2()
    did = _import_v2(wb, source)
    stored = wb.get(did)
    assert stored.frozen  # signed off in its file: it arrives finalised
    expected = dossier_to_json(dossier_from_json(source))
    assert _without_paths(dossier_to_json(stored.dossier)) == _without_paths(expected)
    assert fingerprint(stored.dossier) == fingerprint(dossier_from_json(_without_paths(source)))
    target = tmp_path / "out" / "exported.json"
    target.parent.mkdir()
    wb.export(did, target, with_evidence=True)
    exported = json.loads(target.read_text("utf-8"))
    assert _without_paths(exported) == _without_paths(expected)
    assert exported["version"] == 2
    # and the exported file (with its evidence file) imports again, elsewhere, to the same dossier
    with Workbook.open(tmp_path / "other.ddwb") as other:
        [again] = other.import_batches([(target, [dossier_from_json(exported)])])
        assert other.dossier(again) == stored.dossier
        assert other.verify() == []
    assert wb.verify() == []


def test_every_version_2_field_is_queryable(wb):
    did = _import_v2(wb)
    c = wb.conn
    c.row_factory = sqlite3.Row
    try:
        row = dict(c.execute("SELECT * FROM dossiers WHERE id = ?", (did,)).fetchone())
        records = [dict(r) for r in c.execute("SELECT * FROM screening_records ORDER BY position")]
        hits = [dict(r) for r in c.execute("SELECT * FROM screening_hits ORDER BY record, position")]
    finally:
        c.row_factory = None
    source = example_v2()
    assert {k: row[k] for k in row if k.startswith("transaction_")} == {
        f"transaction_{k}": v for k, v in source["transaction"].items()
    }
    assert row["exporter_customs_id"] == "NL812345678"
    assert {k: row[k] for k in row if k.startswith("authority_reply_")} == {
        f"authority_reply_{k}": v for k, v in source["authority_reply"].items()
    }
    assert (row["sign_off_export_year"], json.loads(row["sign_off_accepted_holds"])) == (
        2027,
        ["red_flags_unresolved"],
    )
    assert row["sign_off_accepted_because"] == source["sign_off"]["accepted_because"]
    assert json.loads(row["holds"]) == list(getattr(decision.assess(wb.dossier(did)), "holds", ()))
    assert [
        (r["dossier_id"], r["party"], r["name"], r["list_id"], r["list_version"], r["screened_at"])
        for r in records
    ] == [
        (did, s["party"], s["name"], s["list"], s["list_version"], s["screened_at"])
        for s in source["screening"]
    ]
    assert [(h["record"], h["entry"], h["name"], h["score"], h["disposition"], h["note"]) for h in hits] == [
        (i, h["entry"], h["name"], h["score"], h["disposition"], h["note"])
        for i, s in enumerate(source["screening"])
        for h in s["hits"]
    ]
    # a question a compliance officer may ask the workbook directly
    assert c.execute(
        "SELECT d.id FROM dossiers d JOIN screening_hits h ON h.dossier_id = d.id "
        "WHERE h.disposition = 'false_positive' AND d.transaction_value > 100000 GROUP BY d.id"
    ).fetchall() == [(did,)]


def test_a_draft_without_version_2_fields_stores_none(wb):
    [did] = wb.import_dossiers([dossier_from_json(example())])
    row = wb.conn.execute(
        "SELECT exporter_customs_id, transaction_value, authority_reply_kind, sign_off_export_year "
        "FROM dossiers WHERE id = ?",
        (did,),
    ).fetchone()
    assert row == (None, None, None, None)
    assert wb.conn.execute("SELECT count(*) FROM screening_records").fetchone() == (0,)
    stored = wb.dossier(did)
    assert dossier_to_json(stored)["version"] == 2  # written as version 2, fingerprinted as version 1
    assert fingerprint(stored) == fingerprint(dataclasses.replace(dossier_from_json(example()), id=did))


def test_a_whole_number_value_reads_back_as_it_was_read(wb):
    data = _draft_v2()
    data["transaction"]["value"] = 125000
    data["screening"][2]["hits"][0]["score"] = 1
    did = _import_v2(wb, data)
    assert wb.dossier(did).transaction.value == 125000.0 and wb.dossier(did).screening[2].hits[0].score == 1.0
    assert _without_paths(dossier_to_json(wb.dossier(did))) == _without_paths(
        dossier_to_json(dossier_from_json(data))
    )
    assert wb.verify() == []


# ---------------------------------------------------------------- the journal, field by field


def _edits() -> list[tuple[str, Any]]:
    """(the field journaled, a change of it) for each part that version 2 added."""

    def customs(d: Dossier) -> Dossier:
        return dataclasses.replace(d, exporter=dataclasses.replace(d.exporter, customs_id="NL000000001"))

    def value(d: Dossier) -> Dossier:
        return dataclasses.replace(
            d, transaction=dataclasses.replace(d.transaction, value=99.5, currency="USD")
        )

    def hit(d: Dossier) -> Dossier:
        return dispose(d, 2, "QDe.201", "match", "the same registration number")

    def reply(d: Dossier) -> Dossier:
        assert d.authority_reply is not None
        return dataclasses.replace(d, authority_reply=dataclasses.replace(d.authority_reply, note="phoned"))

    return [("exporter", customs), ("transaction", value), ("screening", hit), ("authority_reply", reply)]


@pytest.mark.parametrize(("field", "change"), _edits(), ids=[f for f, _c in _edits()])
def test_each_change_to_a_version_2_field_is_journaled(wb, field, change):
    did = _import_v2(wb, _draft_v2())
    before = wb.dossier(did)
    wb.edit(did, change)
    after = wb.dossier(did)
    assert after == change(before)
    [entry] = wb.journal(did)[1:]
    assert (entry.action, entry.field) == ("edit", field)
    old, new = dossier_to_json(before), dossier_to_json(after)
    assert (json.loads(entry.old or "null"), json.loads(entry.new or "null")) == (old[field], new[field])
    assert entry.fingerprint == fingerprint(after)
    assert wb.verify() == []


def test_removing_a_version_2_section_is_journaled_and_stored(wb):
    did = _import_v2(wb, _draft_v2())
    wb.edit(did, lambda d: dataclasses.replace(d, screening=[], authority_reply=None))
    d = wb.dossier(did)
    assert d.screening == [] and d.authority_reply is None
    assert [e.field for e in wb.journal(did)[1:]] == ["screening", "authority_reply"]
    assert wb.conn.execute("SELECT count(*) FROM screening_hits WHERE dossier_id = ?", (did,)).fetchone() == (
        0,
    )
    assert wb.verify() == []


# ---------------------------------------------------------------- after sign-off: the two annotations


def test_the_annotations_stay_editable_after_sign_off_and_are_journaled(wb, capsys):
    did = _import_v2(wb)
    before = wb.get(did)
    seal = wb.seal_of(did)
    assert seal is not None
    reply = AuthorityReply(
        kind="notification",
        sent_on="2026-12-01",
        reference="CDIU-2026-1234",
        decision="authorisation_required",
        decided_on="2027-02-01",
        note="letter of 1 February",
    )
    after_reply = wb.set_authority_reply(did, reply)
    assert after_reply.frozen and after_reply.dossier.authority_reply == reply
    after_date = wb.set_export_date(did, "2028-01-15")
    assert after_date.dossier.transaction.export_date == "2028-01-15"
    entries = wb.journal(did)[-3:]
    assert [(e.action, e.field) for e in entries] == [
        ("annotate", "authority_reply"),
        ("annotate", "transaction.export_date"),
        ("annotate", "retention_until"),
    ]
    assert json.loads(entries[0].old or "") == dossier_to_json(before.dossier)["authority_reply"]
    assert json.loads(entries[0].new or "") == dossier_to_json(after_reply.dossier)["authority_reply"]
    assert (json.loads(entries[1].old or ""), json.loads(entries[1].new or "")) == (
        "2027-03-01",
        "2028-01-15",
    )
    assert (json.loads(entries[2].old or ""), json.loads(entries[2].new or "")) == (
        "2032-12-31",
        "2033-12-31",
    )
    assert entries[-1].fingerprint == fingerprint(after_date.dossier) != fingerprint(before.dossier)
    # the seal still holds: the annotations are not part of the sealed fingerprint
    assert (
        sealed_fingerprint(after_date.dossier)
        == sealed_fingerprint(before.dossier)
        == seal.sealed_fingerprint
    )
    assert wb.seal_of(did) == seal
    assert wb.verify() == []
    holds, reasons = wb.check_seal(seal.seal)
    assert reasons == [] and "followed by 3 later entries" in holds
    # everything else stays frozen
    with pytest.raises(FrozenError):
        wb.edit(did, lambda d: dataclasses.replace(d, authority_reply=reply, stated_end_use="changed"))
    with pytest.raises(FrozenError):
        wb.edit(did, lambda d: dataclasses.replace(d, authority_reply=None))  # not through edit either
    assert wb.dossier(did) == after_date.dossier


def test_recording_the_same_annotation_again_journals_nothing(wb):
    did = _import_v2(wb)
    entries = len(wb.journal())
    d = wb.dossier(did)
    wb.set_authority_reply(did, d.authority_reply)
    wb.set_export_date(did, d.transaction.export_date)
    assert len(wb.journal()) == entries


def test_an_annotation_is_checked_like_the_file_is(wb):
    did = _import_v2(wb)
    with pytest.raises(ValueError, match=r"transaction\.export_date"):
        wb.set_export_date(did, "2027-02-30")
    with pytest.raises(ValueError, match=r"authority_reply\.decided_on"):
        wb.set_authority_reply(
            did,
            AuthorityReply(
                kind="notification", sent_on="2027-01-10", decision="other", decided_on="2027-01-01"
            ),
        )
    assert wb.verify() == [] and wb.journal()[-1].action == "finalise"


def test_the_annotations_of_a_draft_are_ordinary_edits(wb):
    did = _import_v2(wb, _draft_v2())
    wb.set_export_date(did, None)
    wb.set_authority_reply(did, None)
    d = wb.dossier(did)
    assert d.transaction.export_date is None and d.authority_reply is None
    assert [(e.action, e.field) for e in wb.journal(did)[1:]] == [
        ("edit", "transaction"),
        ("edit", "authority_reply"),
    ]
    assert wb.get(did).retention_until is None and wb.get(did).retention_basis is None


def test_a_version_1_dossier_takes_annotations_after_sign_off_and_keeps_its_seal(wb, fake_holds):
    [did] = wb.import_dossiers([dossier_from_json(example())])
    wb.finalise(did, "A", "B", date=dt.date(2026, 3, 1), export_year=2025)
    seal = wb.seal_of(did)
    stored = wb.set_export_date(did, "2026-04-01")
    assert stored.retention_until == "2031-12-31" and stored.retention_basis == "export_date"
    wb.set_authority_reply(did, AuthorityReply(kind="classification_request", decision="pending"))
    assert wb.seal_of(did) == seal and wb.verify() == []
    assert seal is not None and wb.check_seal(seal.seal)[1] == []


# ---------------------------------------------------------------- retention


def _signed(wb: Workbook, transaction: dict[str, str], export_year: int | None = None) -> str:
    data = _draft_v2(transaction=transaction)
    did = _import_v2(wb, data)
    wb.finalise(
        did, "A", "B", date=dt.date(2026, 11, 20), export_year=export_year, accept_holds=_reason(wb, did)
    )
    return did


def _reason(wb: Workbook, did: str) -> str | None:
    """A reason to accept the dossier's holds, when it has any (not outcome_incomplete)."""
    return "accepted for the test" if getattr(decision.assess(wb.dossier(did)), "holds", ()) else None


RETENTION = [
    ("nothing", {}, None, "2031-12-31", "sign_off"),
    ("planned date", {"planned_export_date": "2027-02-15"}, None, "2032-12-31", "planned_export_date"),
    ("export year", {"planned_export_date": "2027-02-15"}, 2028, "2033-12-31", "export_year"),
    (
        "export date",
        {"planned_export_date": "2027-02-15", "export_date": "2029-01-02"},
        2028,
        "2034-12-31",
        "export_date",
    ),
]


@pytest.mark.parametrize(
    ("case", "transaction", "year", "until", "basis"), RETENTION, ids=[r[0] for r in RETENTION]
)
def test_the_retention_date_follows_the_rule_and_says_which(
    wb, fake_holds, case, transaction, year, until, basis
):
    did = _signed(wb, transaction, year)
    stored = wb.get(did)
    assert (stored.retention_until, stored.retention_basis) == (until, basis)
    assert stored.dossier.sign_off is not None and stored.dossier.sign_off.export_year == year
    sign_off = json.loads(wb.journal(did)[-1].new or "")
    assert (sign_off["retention_until"], sign_off["retention_basis"]) == (until, basis)
    assert wb.verify() == []


def test_recording_the_export_date_later_recomputes_the_retention_date(wb, fake_holds):
    did = _signed(wb, {"planned_export_date": "2027-02-15"}, 2028)
    stored = wb.set_export_date(did, "2030-06-01")
    assert (stored.retention_until, stored.retention_basis) == ("2035-12-31", "export_date")
    stored = wb.set_export_date(did, "2027-01-05")  # a correction: the date of the real export
    assert (stored.retention_until, stored.retention_basis) == ("2032-12-31", "export_date")
    stored = wb.set_export_date(did, None)  # recorded by mistake: back to what the sign-off gave
    assert (stored.retention_until, stored.retention_basis) == ("2033-12-31", "export_year")
    assert [json.loads(e.new or "") for e in wb.journal(did) if e.field == "retention_until"] == [
        "2035-12-31",
        "2032-12-31",
        "2033-12-31",
    ]
    assert wb.verify() == []


def test_a_signed_off_import_keeps_the_retention_of_its_sign_off(wb):
    did = _import_v2(wb)
    stored = wb.get(did)
    assert (stored.retention_until, stored.retention_basis) == ("2032-12-31", "export_date")
    assert stored.dossier.sign_off == dossier_from_json(example_v2()).sign_off
    data = dossier_dict(id="old", sign_off={"name": "A", "role": "B", "date": "2025-06-30"})
    [old] = wb.import_dossiers([dossier_from_json(data)])
    assert (wb.get(old).retention_until, wb.get(old).retention_basis) == ("2030-12-31", "sign_off")


# ---------------------------------------------------------------- sign-off and the holds


def test_finalise_is_refused_while_holds_remain_naming_each(wb, fake_holds):
    [did] = wb.import_dossiers([dossier_from_json(dossier_dict(title="Held"))])
    fake_holds["Held"] = ("end_user_missing", "parties_not_screened")
    entries = len(wb.journal())
    with pytest.raises(HoldsError, match="end_user_missing, parties_not_screened") as refused:
        wb.finalise(did, "A", "B")
    assert refused.value.holds == ("end_user_missing", "parties_not_screened")
    assert not wb.get(did).frozen and len(wb.journal()) == entries


def test_holds_accepted_with_a_reason_are_recorded_in_the_sign_off_and_the_journal(wb, fake_holds):
    [did] = wb.import_dossiers([dossier_from_json(dossier_dict(title="Held"))])
    fake_holds["Held"] = ("end_user_missing", "red_flags_unresolved")
    stored = wb.finalise(did, "A", "B", accept_holds="the end user is the consignee, named in the contract")
    assert stored.frozen and stored.dossier.sign_off is not None
    assert stored.dossier.sign_off.accepted_holds == ("end_user_missing", "red_flags_unresolved")
    assert stored.dossier.sign_off.accepted_because == "the end user is the consignee, named in the contract"
    entry = json.loads(wb.journal(did)[-1].new or "")
    assert entry["accepted_holds"] == ["end_user_missing", "red_flags_unresolved"]
    assert entry["accepted_because"] == "the end user is the consignee, named in the contract"
    exported = dossier_to_json(wb.dossier(did))
    assert exported["sign_off"]["accepted_holds"] == ["end_user_missing", "red_flags_unresolved"]
    assert wb.verify() == []


def test_outcome_incomplete_is_never_accepted(wb, fake_holds):
    [did] = wb.import_dossiers([dossier_from_json(dossier_dict(title="Held"))])
    fake_holds["Held"] = ("outcome_incomplete", "end_user_missing")
    with pytest.raises(HoldsError, match=r"outcome_incomplete.*can never be accepted"):
        wb.finalise(did, "A", "B", accept_holds="we know")
    assert not wb.get(did).frozen


@pytest.mark.parametrize(
    ("holds", "reason", "words"),
    [
        (("end_user_missing",), "  ", "reason"),
        ((), "accepted anyway", "has no holds"),
    ],
)
def test_a_reason_to_accept_holds_must_be_given_and_needed(wb, fake_holds, holds, reason, words):
    [did] = wb.import_dossiers([dossier_from_json(dossier_dict(title="Held"))])
    fake_holds["Held"] = holds
    with pytest.raises(StoreError, match=words):
        wb.finalise(did, "A", "B", accept_holds=reason)
    assert not wb.get(did).frozen


def test_a_dossier_without_holds_is_signed_off_without_a_reason(wb, fake_holds):
    [did] = wb.import_dossiers([dossier_from_json(dossier_dict(title="Clear"))])
    stored = wb.finalise(did, "A", "B")
    assert stored.dossier.sign_off is not None and stored.dossier.sign_off.accepted_holds == ()
    assert "accepted_holds" not in json.loads(wb.journal(did)[-1].new or "")


def test_an_imported_sign_off_may_never_have_accepted_outcome_incomplete(wb):
    data = dossier_dict(
        sign_off={
            "name": "A",
            "role": "B",
            "date": "2026-01-05",
            "accepted_holds": ["outcome_incomplete"],
            "accepted_because": "in a hurry",
        },
        version=2,
    )
    with pytest.raises(StoreError, match=r"sign_off\.accepted_holds\[0\]: .*outcome_incomplete"):
        wb.import_dossiers([dossier_from_json(dossier_dict(id="fine")), dossier_from_json(data)])
    assert wb.count() == 0 and wb.journal() == []


def test_an_imported_sign_off_keeps_holds_the_rules_no_longer_give(wb):
    """A sign-off is history: a hold accepted then is kept even where today's rules do not give it
    (rules change between versions, and an exported record must import again)."""
    data = dossier_dict(
        sign_off={
            "name": "A",
            "role": "B",
            "date": "2026-01-05",
            "accepted_holds": ["a_hold_of_old"],
            "accepted_because": "accepted then",
        },
        version=2,
    )
    [did] = wb.import_dossiers([dossier_from_json(data)])
    sign_off = wb.dossier(did).sign_off
    assert sign_off is not None and sign_off.accepted_holds == ("a_hold_of_old",)


def test_the_list_gives_each_dossiers_holds(wb, fake_holds):
    fake_holds["Held"] = ("destination_missing", "end_user_missing")
    wb.import_dossiers([dossier_from_json(dossier_dict(title=t)) for t in ("Held", "Clear")])
    assert {s.title: s.holds for s in wb.summaries()} == {
        "Held": ("destination_missing", "end_user_missing"),
        "Clear": (),
    }
    assert {s.title: s.to_json()["holds"] for s in wb.summaries()} == {
        "Held": ["destination_missing", "end_user_missing"],
        "Clear": [],
    }


def test_the_list_follows_each_save(wb, fake_holds):
    [did] = wb.import_dossiers([dossier_from_json(dossier_dict(title="Held"))])
    fake_holds["Held"] = ("end_user_missing",)
    wb.edit(did, lambda d: dataclasses.replace(d, stated_end_use="changed"))
    assert [s.holds for s in wb.summaries()] == [("end_user_missing",)]


def test_the_stored_holds_are_the_assessments(wb):
    wb.import_dossiers([dossier_from_json(dossier_dict(id="empty")), dossier_from_json(example())])
    _import_v2(wb)
    for s in wb.summaries():
        assert s.holds == tuple(decision.assess(wb.dossier(s.id)).holds)
    assert next(s for s in wb.summaries() if s.id == "empty").holds[0] == "outcome_incomplete"


def test_an_incomplete_dossier_cannot_be_signed_off(wb):
    [did] = wb.import_dossiers([dossier_from_json(dossier_dict())])
    with pytest.raises(HoldsError, match="outcome_incomplete"):
        wb.finalise(did, "A", "B", accept_holds="no")
    assert not wb.get(did).frozen


def test_a_duplicate_is_a_new_draft_without_what_came_after_its_source(wb):
    """A copy kept the source's reply of the authority and its actual export date, so the new draft
    said "no authorisation required" and counted its retention from an export that never happened
    (found walking the program in Dutch). The rest of the transaction, the parties and their
    screening records stay: a copy is made for a similar export."""
    did = _import_v2(wb)
    source = wb.dossier(did)
    assert source.authority_reply is not None and source.transaction.export_date is not None
    copy = wb.dossier(wb.duplicate(did))
    assert copy.authority_reply is None and copy.transaction.export_date is None and copy.sign_off is None
    assert copy.transaction.planned_export_date == source.transaction.planned_export_date
    assert copy.parties == source.parties and copy.screening == source.screening
