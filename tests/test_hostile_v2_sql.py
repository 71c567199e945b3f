"""Raw SQL on what version 2 added to the workbook (the screening tables, the sanctions list tables,
the columns of m007 and m009): a finalised dossier's screening records, accepted holds, outcome and
holds cannot be changed without ``verify`` finding it, the two annotations only through the journal,
and a sanctions list changed after its import is named."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from core.dossier import dossier_from_json
from core.store import Workbook
from tests.conftest import DATA, SHARED, example_v2
from tests.test_integrity import raw, tamper

SAMPLES = SHARED / "data" / "sanctions"
FINAL = "exp-2026-021"  # the version 2 example: signed off, screened, holds accepted, a reply recorded


@pytest.fixture
def made(tmp_path: Path) -> Path:
    path = tmp_path / "wb.ddwb"
    with Workbook.open(path, actor="tester") as wb:
        wb.import_batches([(DATA / "example-dossier-v2.json", [dossier_from_json(example_v2())])])
        assert wb.verify() == []
    return path


def _verify(path: Path) -> list[str]:
    with Workbook.open(path) as wb:
        return wb.verify()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE screening_hits SET disposition = 'open'",
        "DELETE FROM screening_hits",
        "UPDATE screening_records SET name = 'Someone else'",
        "DELETE FROM screening_records WHERE party = 2",
        "UPDATE dossiers SET sign_off_accepted_holds = NULL, sign_off_accepted_because = NULL",
        "UPDATE dossiers SET holds = '[]'",
        "UPDATE dossiers SET outcome = 'not_cyber_surveillance'",
        "UPDATE dossiers SET export_year_basis = 'sign_off'",
    ],
)
def test_a_finalised_dossiers_version_2_rows_cannot_be_changed_by_sql(made, statement):
    conn = sqlite3.connect(made)
    with pytest.raises(sqlite3.IntegrityError, match="finalised"):
        conn.execute(statement)
    conn.close()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE dossiers SET authority_reply_decision = 'authorisation_required'",
        "UPDATE dossiers SET authority_reply_kind = NULL, authority_reply_sent_on = NULL, "
        "authority_reply_decision = NULL, authority_reply_decided_on = NULL, "
        "authority_reply_reference = NULL, authority_reply_note = NULL",
        "UPDATE dossiers SET transaction_export_date = NULL",
        "UPDATE dossiers SET transaction_export_date = '2027-06-01', retention_until = '2032-12-31'",
    ],
)
def test_an_annotation_changed_by_sql_and_not_journaled_is_found(made, statement):
    """The triggers let the two annotations of after sign-off change (the program journals them);
    a change by SQL, which is not journaled, is found."""
    raw(made, statement)
    found = _verify(made)
    assert found and all(FINAL in line for line in found), found
    assert any("fingerprint" in line for line in found)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE screening_hits SET disposition = 'open'",
        "DELETE FROM screening_hits",
        "UPDATE screening_records SET list_version = '2027-01-01T00:00:00Z'",
        "DELETE FROM screening_records WHERE party = 2",
        "UPDATE dossiers SET sign_off_accepted_holds = NULL, sign_off_accepted_because = NULL",
        "UPDATE dossiers SET sign_off_accepted_because = 'another reason'",
        "UPDATE dossiers SET authority_reply_decision = 'authorisation_required'",
        "UPDATE dossiers SET transaction_export_date = '2027-06-01', retention_until = '2032-12-31'",
    ],
)
def test_a_change_behind_dropped_triggers_is_found(made, statement):
    tamper(made, statement)
    found = _verify(made)
    assert found and all(FINAL in line for line in found), found


@pytest.mark.parametrize(
    "statement, words",
    [
        ("UPDATE dossiers SET holds = '[]'", "holds"),
        ("UPDATE dossiers SET holds = NULL", "holds"),
        ("UPDATE dossiers SET holds = '[\"outcome_incomplete\"]'", "holds"),
        ("UPDATE dossiers SET outcome = 'not_cyber_surveillance'", "outcome"),
    ],
)
def test_the_lists_outcome_and_holds_changed_behind_dropped_triggers_are_found(made, statement, words):
    """Neither is part of the record's fingerprint (they are the list's, derived from the record by
    the rules of this version), so a change to them alone was not found: the list then showed a
    dossier without its holds, or with another outcome."""
    tamper(made, statement)
    found = _verify(made)
    assert len(found) == 1 and FINAL in found[0] and words in found[0], found


@pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"the samples are not at {SAMPLES}")
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE sanctions_entries SET data = replace(data, 'ZHURAVLYOV', 'SMITH')",
        "DELETE FROM sanctions_entries WHERE entry_id = 'EU.9001.01'",
        "DELETE FROM sanctions_index WHERE entry_id = 'EU.9001.01'",
        "UPDATE sanctions_lists SET version = '2099-01-01'",
    ],
)
def test_a_sanctions_list_changed_after_its_import_is_named(tmp_path, statement):
    """A list's entries changed in the workbook would screen every later name against a list that
    is not the one imported (an entry removed: its name is never found again)."""
    path = tmp_path / "wb.ddwb"
    with Workbook.open(path) as wb:
        wb.import_list(SAMPLES / "eu-fsf-sample.xml")
        assert [h.entry_id for h in wb.screen_name("Viktor Zhuravlyov")] == ["EU.9001.01"]
        assert wb.verify() == []
    raw(path, statement)
    found = _verify(path)
    assert len(found) == 1 and "eu_fsf" in found[0] and "changed" in found[0], found


def test_the_stored_holds_are_json_the_list_reads(made):
    with sqlite3.connect(made) as c:
        (holds,) = c.execute("SELECT holds FROM dossiers").fetchone()
    assert isinstance(json.loads(holds), list)


@pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"the samples are not at {SAMPLES}")
def test_an_index_of_another_normaliser_is_built_again_not_reported(tmp_path):
    """Index rows left by another version of the normaliser are derived data the next screening
    builds again from the entries (which are checked): verify does not call them changed."""
    from core.store import lists

    path = tmp_path / "wb.ddwb"
    with Workbook.open(path) as wb:
        wb.import_list(SAMPLES / "eu-fsf-sample.xml")
    raw(path, "UPDATE sanctions_index SET version = version - 1")
    assert _verify(path) == []
    lists.forget_indexes()
    with Workbook.open(path) as wb:
        assert [h.entry_id for h in wb.screen_name("Viktor Zhuravlyov")] == ["EU.9001.01"]
        assert wb.verify() == []


def test_a_later_reassessment_leaves_the_finalised_rows_as_signed(tmp_path):
    """m007 reassessed every dossier (none had recorded its outcome at sign-off yet); a later step that
    reassessed finalised rows too would make verify call honest records changed (found in review):
    ``reassess_all(finalised=False)`` leaves them as they were signed off."""
    import sqlite3

    from core.dossier import dossier_from_json
    from core.store.handle import Handle
    from core.store.lifecycle import reassess_all
    from tests.conftest import chosen_holds, dossier_dict

    path = tmp_path / "wb.ddwb"
    with Workbook.open(path) as wb:
        wb.import_dossiers(
            [dossier_from_json(dossier_dict(id="draft")), dossier_from_json(dossier_dict(id="final"))]
        )
        with chosen_holds():
            wb.finalise("final", "A. Person", "Compliance")
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("DROP TRIGGER dossiers_frozen_update")  # as a later step would, for its own change
        conn.execute("UPDATE dossiers SET outcome = 'changed'")
        reassess_all(Handle(path, conn, None, "step"), finalised=False)
        outcomes = dict(conn.execute("SELECT id, outcome FROM dossiers").fetchall())
    finally:
        conn.close()
    assert outcomes["final"] == "changed" and outcomes["draft"] != "changed"
