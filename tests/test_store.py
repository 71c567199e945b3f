"""The workbook file: round trip, all-or-nothing imports, evidence, journal, freezing, tampering,
migrations, refusal of foreign or newer files, and a busy workbook."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from core.dossier import Answer, dossier_from_json, dossier_to_json, dumps
from core.store import (
    MAX_EVIDENCE_BYTES,
    BusyError,
    FrozenError,
    IntegrityCheck,
    StoreError,
    Workbook,
    migrations,
)
from tests.conftest import DATA, chosen_holds, dossier_dict, example, example_v2


@pytest.fixture
def wb(tmp_path: Path):
    with Workbook.open(tmp_path / "wb.ddwb", actor="tester") as w:
        yield w


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    """The interchange form without what the workbook assigns (id) or drops (evidence paths)."""
    out = {k: v for k, v in data.items() if k != "id"}
    out["evidence"] = [{k: v for k, v in e.items() if k != "path"} for e in data["evidence"]]
    return out


def test_import_export_round_trip(wb, tmp_path):
    source = example()
    (tmp_path / "datasheet.pdf").write_bytes(b"%PDF-1.4 datasheet")
    source["evidence"][0]["path"] = "datasheet.pdf"
    source["evidence"][0]["sha256"] = hashlib.sha256(b"%PDF-1.4 datasheet").hexdigest()
    source["evidence"][0]["size"] = 18
    dfile = tmp_path / "in.json"
    dfile.write_text(json.dumps(source), "utf-8")
    [did] = wb.import_batches([(dfile, [dossier_from_json(source)])])
    target = tmp_path / "out.json"
    wb.export(did, target, with_evidence=True)
    exported = json.loads(target.read_text("utf-8"))
    assert exported["id"] == did
    assert _comparable(exported) == _comparable(dossier_to_json(dossier_from_json(source)))
    copied = tmp_path / exported["evidence"][0]["path"]
    assert copied.read_bytes() == b"%PDF-1.4 datasheet"
    # and the exported file imports again, elsewhere, to the same dossier
    with Workbook.open(tmp_path / "other.ddwb") as other:
        [again] = other.import_batches([(target, [dossier_from_json(exported)])])
        assert again == did
        assert other.dossier(did) == wb.dossier(did)


def test_import_is_all_or_nothing(wb, tmp_path):
    good = dossier_from_json(dossier_dict({"covert": "yes"}, id="good"))
    missing_file = dossier_from_json(
        dossier_dict(id="bad", evidence=[{"id": "e", "filename": "x.pdf", "path": "nowhere.pdf"}])
    )
    with pytest.raises(StoreError, match=r"evidence\[0\]\.path: .*nowhere\.pdf: file not found"):
        wb.import_dossiers([good, missing_file], tmp_path)
    assert wb.count() == 0 and wb.journal() == []
    wb.import_dossiers([good])
    with pytest.raises(StoreError, match="already in the workbook"):
        wb.import_dossiers([dossier_from_json(dossier_dict(id="new")), good])
    assert [s.id for s in wb.summaries()] == ["good"]


def test_wrong_sha256_of_an_evidence_file_is_refused(wb, tmp_path):
    (tmp_path / "a.txt").write_text("abc")
    d = dossier_from_json(
        dossier_dict(evidence=[{"id": "e", "filename": "a.txt", "path": "a.txt", "sha256": "0" * 64}])
    )
    with pytest.raises(StoreError, match="its SHA-256 is"):
        wb.import_dossiers([d], tmp_path)


def test_attach_streams_hashes_and_links_the_question(wb, tmp_path):
    [did] = wb.import_dossiers([dossier_from_json(dossier_dict({"covert": "yes"}))])
    data = bytes(range(256)) * 9000  # 2.3 MB: several chunks
    f = tmp_path / "capture.bin"
    f.write_bytes(data)
    ev = wb.attach(did, f, question="covert", description="traffic capture")
    assert (ev.sha256, ev.size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert b"".join(wb.evidence_chunks(did, ev.id)) == data
    d = wb.dossier(did)
    assert d.answers["covert"] == Answer("yes", None, (ev.id,))
    ev2 = wb.attach(did, f, question="ict_systems")  # same bytes: stored once
    assert ev2.id != ev.id
    assert wb.conn.execute("SELECT count(*) FROM blobs").fetchone()[0] == 1
    assert wb.verify() == []


def test_evidence_over_the_limit_is_refused_clearly(wb, tmp_path):
    [did] = wb.import_dossiers([dossier_from_json(dossier_dict())])
    big = tmp_path / "big.iso"
    with big.open("wb") as f:
        f.truncate(MAX_EVIDENCE_BYTES + 1)  # sparse: no real disk use
    with pytest.raises(StoreError, match="over the limit of 100 MB"):
        wb.attach(did, big)
    assert wb.dossier(did).evidence == []


def test_journal_records_each_change_with_old_and_new_value(wb):
    [did] = wb.import_dossiers([dossier_from_json(dossier_dict({"covert": "yes"}))])
    wb.set_answer(did, "covert", Answer("no", "it is visible to the user"))
    entries = wb.journal(did)
    assert [e.action for e in entries] == ["import", "edit"]
    edit = entries[-1]
    assert edit.field == "answers.covert" and edit.actor == "tester"
    assert json.loads(edit.old or "") == {"value": "yes"}
    assert json.loads(edit.new or "") == {"value": "no", "rationale": "it is visible to the user"}
    assert entries[1].prev_hash == entries[0].hash
    assert wb.summaries()[0].outcome == "incomplete"


def test_set_answer_refuses_a_bad_value(wb):
    from core.dossier import DossierError

    [did] = wb.import_dossiers([dossier_from_json(dossier_dict())])
    with pytest.raises(DossierError, match=r"answers\.covert"):
        wb.set_answer(did, "covert", Answer("maybe"))
    assert wb.dossier(did).answers == {}


def test_full_text_search(wb):
    wb.import_dossiers(
        [
            dossier_from_json(
                dossier_dict(
                    title="Forensic kit for Kenya",
                    reference="K-17",
                    item={"name": "ExtractPro"},
                    parties=[{"role": "end_user", "name": "Directorate Ñandú"}],
                )
            ),
            dossier_from_json(dossier_dict(title="Billing analytics", reference="B-2")),
        ]
    )
    assert [s.title for s in wb.summaries("extractpro")] == ["Forensic kit for Kenya"]
    assert [s.title for s in wb.summaries("nandu")] == ["Forensic kit for Kenya"]  # diacritics
    assert [s.title for s in wb.summaries("B-2")] == ["Billing analytics"]
    assert [s.title for s in wb.summaries("bill")] == ["Billing analytics"]  # prefix
    assert wb.summaries('"unbalanced') == []
    assert len(wb.summaries("  ")) == 2
    assert [wb.count(q) for q in ("extractpro", "bill", '"unbalanced', "  ", None)] == [1, 1, 0, 2, 2]


def test_summaries_page_by_page_equal_the_whole_list(wb):
    # one import: equal change times, so the pages must also be cut inside a tie
    wb.import_dossiers(
        [
            dossier_from_json(dossier_dict(title=f"D{i}", destination_country=code))
            for i, code in enumerate(["KE", "TR", "NL", "KE", None, "CN", "AE"])
        ]
    )
    wb.set_answer(wb.summaries()[-1].id, "annex_i_listed", Answer("no"))  # one is changed later
    whole = wb.summaries()
    pages: list[list[Any]] = []
    while not pages or pages[-1]:
        pages.append(wb.summaries(limit=3, after=pages[-1][-1] if pages else None))
    assert [len(p) for p in pages] == [3, 3, 1, 0]
    assert [s for p in pages for s in p] == whole
    assert whole[0].id == wb.summaries(limit=1)[0].id  # the changed one comes first
    assert {s.destination_country: s.destination_name for s in whole} == {
        "KE": "Kenya",
        "TR": "Türkiye",
        "NL": "Netherlands",
        None: None,
        "CN": "China",
        "AE": "United Arab Emirates",
    }
    assert [s.title for s in wb.summaries("D1", limit=5)] == ["D1"]


# ---------------------------------------------------------------- finalised dossiers


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_finalise_freezes_and_sets_retention(wb):
    [did] = wb.import_dossiers([dossier_from_json(example())])
    stored = wb.finalise(did, "J. Jansen", "Compliance officer", date=dt.date(2026, 11, 24))
    assert stored.frozen and stored.retention_until == "2031-12-31"
    assert stored.dossier.sign_off is not None and stored.dossier.sign_off.name == "J. Jansen"
    d = stored.dossier
    refusals = [
        lambda: wb.set_answer(did, "covert", Answer("no")),
        lambda: wb.update(d),
        lambda: wb.attach(did, Path(__file__)),
        lambda: wb.delete(did),
        lambda: wb.finalise(did, "X", "Y"),
        lambda: wb.import_dossiers([d], replace=True),
    ]
    for refuse in refusals:
        with pytest.raises(FrozenError):
            refuse()
    assert wb.dossier(did) == d
    copy_id = wb.duplicate(did)
    copy = wb.get(copy_id)
    assert not copy.frozen and copy.dossier.sign_off is None
    assert copy.dossier.answers == d.answers and copy.dossier.title.endswith("(copy)")
    wb.set_answer(copy_id, "covert", Answer("no"))  # the copy is a draft


_F_BLOB = "(SELECT blob FROM evidence WHERE dossier_id = 'F' AND blob IS NOT NULL)"
_NEW_DOSSIER = "(id, title, status, created_at, updated_at)"
# per child table: the columns a raw insert names after rowid and dossier_id, and a SELECT list of
# values for them that does not collide with the finalised dossier's own key
_CHILD_COLUMNS = {
    "parties": ("position, role, name", "position + 50, role, name"),
    "answers": ("question_id, position, value", "question_id, position, value"),
    "answer_evidence": ("question_id, position, evidence_id", "question_id, position + 50, evidence_id"),
    "red_flags": ("position, flag_id, status", "position + 50, flag_id, status"),
    "mitigations": ("position, measure_id", "position + 50, measure_id"),
    "evidence": ("evidence_id, position, filename", "'x' || evidence_id, position, filename"),
}
RAW_SQL = [
    "UPDATE dossiers SET title = 'changed' WHERE id = 'F'",
    "DELETE FROM dossiers WHERE id = 'F'",
    "UPDATE answers SET value = '\"no\"' WHERE dossier_id = 'F'",
    "DELETE FROM answers WHERE dossier_id = 'F'",
    "INSERT INTO answers VALUES ('F', 'covert', 99, '\"no\"', NULL)",
    "UPDATE parties SET name = 'someone else' WHERE dossier_id = 'F'",
    "DELETE FROM parties WHERE dossier_id = 'F'",
    "INSERT INTO red_flags VALUES ('F', 9, 'unusual_payment', 'present', NULL)",
    "UPDATE red_flags SET status = 'resolved' WHERE dossier_id = 'F'",
    "DELETE FROM mitigations WHERE dossier_id = 'F'",
    "UPDATE evidence SET description = 'x' WHERE dossier_id = 'F'",
    "DELETE FROM evidence WHERE dossier_id = 'F'",
    "UPDATE parties SET dossier_id = 'F' WHERE dossier_id = 'D'",
    "DELETE FROM journal",
    "UPDATE journal SET actor = 'nobody'",
    # conflict resolution deletes the finalised row without firing its DELETE triggers
    f"REPLACE INTO dossiers {_NEW_DOSSIER} VALUES ('F', 'forged', 'draft', 'x', 'x')",
    f"INSERT OR REPLACE INTO dossiers {_NEW_DOSSIER} VALUES ('F', 'forged', 'draft', 'x', 'x')",
    "INSERT OR REPLACE INTO dossiers (rowid, id, title, status, created_at, updated_at) "
    "SELECT rowid, 'G', 'forged', 'draft', 'x', 'x' FROM dossiers WHERE id = 'F'",
    f"INSERT INTO dossiers {_NEW_DOSSIER} VALUES ('F', 'forged', 'draft', 'x', 'x') "
    "ON CONFLICT(id) DO UPDATE SET status = 'draft'",
    "UPDATE OR REPLACE dossiers SET id = 'F' WHERE id = 'D'",
    "UPDATE OR REPLACE dossiers SET rowid = (SELECT rowid FROM dossiers WHERE id = 'F') WHERE id = 'D'",
    "UPDATE dossiers SET id = 'G' WHERE id = 'F'",
    "REPLACE INTO journal (seq, at, actor, dossier_id, action, field, old, new, prev_hash, hash) "
    "SELECT seq, at, 'mallory', dossier_id, action, field, old, new, prev_hash, hash FROM journal "
    "WHERE seq = 1",
    "INSERT OR REPLACE INTO journal (seq, at, actor, dossier_id, action, field, old, new, prev_hash, hash) "
    "SELECT seq, at, 'mallory', dossier_id, action, field, old, new, prev_hash, hash FROM journal "
    "WHERE seq = (SELECT max(seq) FROM journal)",
    "INSERT INTO journal (seq, at, actor, dossier_id, action, field, old, new, prev_hash, hash) "
    "SELECT seq, at, actor, dossier_id, action, field, old, new, prev_hash, hash FROM journal "
    "WHERE seq = 1 ON CONFLICT(seq) DO UPDATE SET actor = 'mallory'",
    "UPDATE OR REPLACE journal SET seq = 1 WHERE seq = 2",
    f"REPLACE INTO blobs (sha256, size, data) VALUES ({_F_BLOB}, 1, X'00')",
    f"INSERT OR REPLACE INTO blobs (rowid, sha256, size, data) SELECT rowid, 'forged', 1, X'00' "
    f"FROM blobs WHERE sha256 = {_F_BLOB}",
    f"INSERT INTO blobs (sha256, size, data) VALUES ({_F_BLOB}, 1, X'00') "
    "ON CONFLICT(sha256) DO UPDATE SET data = excluded.data",
    f"UPDATE blobs SET data = X'00' WHERE sha256 = {_F_BLOB}",
    f"UPDATE OR REPLACE blobs SET rowid = (SELECT rowid FROM blobs WHERE sha256 = {_F_BLOB}) "
    f"WHERE sha256 != {_F_BLOB}",
    f"DELETE FROM blobs WHERE sha256 = {_F_BLOB}",
    *[
        sql
        for t, (cols, values) in _CHILD_COLUMNS.items()
        for sql in (
            f"REPLACE INTO {t} SELECT * FROM {t} WHERE dossier_id = 'F'",
            f"INSERT OR REPLACE INTO {t} (rowid, dossier_id, {cols}) SELECT rowid, 'D', {values} FROM {t} "
            "WHERE dossier_id = 'F'",
            f"UPDATE OR REPLACE {t} SET rowid = (SELECT min(rowid) FROM {t} WHERE dossier_id = 'F') "
            "WHERE dossier_id = 'D'",
            f"INSERT INTO {t} SELECT * FROM {t} WHERE dossier_id = 'F' "
            "ON CONFLICT DO UPDATE SET position = excluded.position + 1",
        )
    ],
]


@pytest.fixture(scope="module")
def frozen_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workbook with a finalised dossier F and a draft D, both complete and with a file each."""
    folder = tmp_path_factory.mktemp("frozen")
    path = folder / "wb.ddwb"
    with Workbook.open(path) as w:
        data = example()
        data["id"] = "F"
        draft = example()
        draft["id"] = "D"
        w.import_dossiers([dossier_from_json(data), dossier_from_json(draft)])
        for did in ("F", "D"):
            (folder / f"{did}.txt").write_text(f"evidence of {did}")
            w.attach(did, folder / f"{did}.txt", question="covert")
        with chosen_holds():  # signed off for what follows, whatever the holds
            w.finalise("F", "A", "B")
    return path


def _record_of_f(conn: sqlite3.Connection) -> dict[str, Any]:
    """Everything of the finalised dossier F (with rowids), the whole journal and every blob."""
    record: dict[str, Any] = {
        "dossier": conn.execute("SELECT rowid, * FROM dossiers WHERE id = 'F'").fetchall(),
        "journal": conn.execute("SELECT * FROM journal ORDER BY seq").fetchall(),
        "blobs": conn.execute("SELECT rowid, * FROM blobs ORDER BY rowid").fetchall(),
    }
    for table in ("parties", "answers", "answer_evidence", "red_flags", "mitigations", "evidence"):
        record[table] = conn.execute(
            f"SELECT rowid, * FROM {table} WHERE dossier_id = 'F' ORDER BY rowid"
        ).fetchall()
        assert record[table], table  # the attack has something to aim at
    return record


@pytest.mark.parametrize("foreign_keys", [False, True], ids=["fk-off", "fk-on"])
@pytest.mark.parametrize("sql", RAW_SQL)
def test_raw_sql_cannot_change_a_finalised_dossier(frozen_template, tmp_path, sql, foreign_keys):
    path = tmp_path / "wb.ddwb"
    shutil.copyfile(frozen_template, path)
    conn = sqlite3.connect(path, isolation_level=None)  # every statement commits on its own
    conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    before = _record_of_f(conn)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(sql)
    conn.close()
    conn = sqlite3.connect(path)
    assert _record_of_f(conn) == before
    conn.close()
    with Workbook.open(path) as w:
        assert w.verify() == []


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_finalised_dossier_may_be_deleted_after_retention(wb):
    [did] = wb.import_dossiers([dossier_from_json(dossier_dict())])
    wb.finalise(did, "A", "B", date=dt.date(2015, 3, 1), export_year=2015)
    assert wb.get(did).retention_until == "2020-12-31"
    wb.delete(did)
    assert wb.count() == 0
    assert wb.journal()[-1].action == "delete"


def test_deleting_a_draft_removes_all_of_it(wb, tmp_path):
    (tmp_path / "e.txt").write_text("x")
    [did, other] = wb.import_dossiers([dossier_from_json(example()), dossier_from_json(dossier_dict())])
    wb.attach(did, tmp_path / "e.txt", question="covert")
    wb.set_ui_page(did, "definition")
    wb.delete(did)
    assert [s.id for s in wb.summaries()] == [other]
    for table in (
        "parties",
        "answers",
        "answer_evidence",
        "red_flags",
        "mitigations",
        "evidence",
        "ui_state",
    ):
        assert (
            wb.conn.execute(f"SELECT count(*) FROM {table} WHERE dossier_id = ?", (did,)).fetchone()[0] == 0
        )
    assert wb.verify() == []


def test_signed_off_dossier_in_a_file_arrives_finalised(wb):
    data = dossier_dict(sign_off={"name": "A", "role": "B", "date": "2025-06-30"})
    [did] = wb.import_dossiers([dossier_from_json(data)])
    stored = wb.get(did)
    assert stored.frozen and stored.retention_until == "2030-12-31"


# ---------------------------------------------------------------- verify and tampering


def _flip_in_file(path: Path, needle: bytes, replacement: bytes) -> None:
    raw = path.read_bytes()
    assert raw.count(needle) >= 1, needle
    path.write_bytes(raw.replace(needle, replacement))


def _closed_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "wb.ddwb"
    with Workbook.open(path, actor="alice") as w:
        [did] = w.import_dossiers([dossier_from_json(dossier_dict({"covert": "yes"}))])
        f = tmp_path / "evidence.txt"
        f.write_bytes(b"UNIQUE-EVIDENCE-CONTENT-0123456789")
        w.attach(did, f)
        w.set_answer(did, "covert", Answer("no", "RATIONALE-MARKER"))
        assert w.verify() == []
    # the last connection closed: the WAL is checkpointed into the file
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0
    return path


def test_changing_an_evidence_byte_in_the_file_is_detected(tmp_path):
    path = _closed_workbook(tmp_path)
    _flip_in_file(path, b"UNIQUE-EVIDENCE-CONTENT", b"UNIQUE-EVIDENCE-CONTENX")
    with Workbook.open(path) as w:
        problems = w.verify()
    assert any("evidence.txt" in p and "no longer matches" in p for p in problems), problems


def test_changing_a_journal_entry_in_the_file_is_detected(tmp_path):
    path = _closed_workbook(tmp_path)
    _flip_in_file(path, b"RATIONALE-MARKER", b"RATIONALE-MARKEX")
    with Workbook.open(path) as w:
        problems = w.verify()
    assert any("journal: entry" in p and "changed" in p for p in problems), problems


def test_removing_a_journal_entry_is_detected(tmp_path):
    from tests.test_integrity import tamper

    path = _closed_workbook(tmp_path)
    tamper(path, "DELETE FROM journal WHERE seq = 2")  # a determined tamperer: triggers put back after
    with Workbook.open(path) as w:
        problems = w.verify()
    assert any("entry 2 is missing" in p for p in problems), problems


# ---------------------------------------------------------------- opening


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all, just some text that is long enough" * 20)
    with pytest.raises(StoreError, match="not a workbook"):
        Workbook.open(text)
    other = tmp_path / "other.db"
    Database(other).table("things").insert({"a": 1})
    with pytest.raises(StoreError, match="not a ddworkbook workbook"):
        Workbook.open(other)
    assert text.read_text().startswith("not a database")  # untouched


def test_a_corrupt_workbook_is_refused(tmp_path, capsys):
    """Opening reads no more than the first page and the schema (tests/test_opening.py has damage
    elsewhere): these pages hold the table of schema steps and the meta table, which every command
    reads when it opens the workbook."""
    from core.cli import main

    path = _closed_workbook(tmp_path)
    with Workbook.open(path) as w:
        did = w.summaries()[0].id
    raw = bytearray(path.read_bytes())
    page = 4096
    for i in range(2 * page, min(len(raw), 6 * page)):  # scribble over b-tree pages
        raw[i] = 0x55
    path.write_bytes(bytes(raw))
    with pytest.raises(StoreError, match=r"the workbook is damaged .*restore it from a backup"):
        Workbook.open(path)
    for argv in (
        ["list"],
        ["assess", did],
        ["verify"],
        ["attach", did, str(tmp_path / "evidence.txt")],
        ["import", str(Path(__file__).parent / "data" / "example-dossier.json")],
    ):
        assert main(["--workbook", str(path), *argv]) == 2
        err = capsys.readouterr().err
        assert "the workbook is damaged" in err and err.count("\n") == 1, (argv, err)
    assert path.read_bytes() == bytes(raw)  # nothing was written
    assert IntegrityCheck(path).run()  # the check run on another thread says so too
    stopped = IntegrityCheck(path)
    stopped.interrupt()  # a check stopped (the program is closing) reports nothing
    assert stopped.run() is None
    (tmp_path / "good").mkdir()
    assert IntegrityCheck(_closed_workbook(tmp_path / "good")).run() is None


def test_the_first_schema_opens_and_upgrades(tmp_path):
    path = tmp_path / "old.ddwb"
    conn = sqlite3.connect(path, isolation_level=None)
    db = Database(conn)
    migrations().apply(db, stop_before="m002_search")
    conn.execute(
        "INSERT INTO dossiers (id, title, item_name, destination_country, status, created_at, "
        "updated_at) VALUES ('old1', 'Old dossier', 'LegacyScope', 'KE', 'draft', '2024-01-01', "
        "'2024-01-01')"
    )
    conn.close()
    with Workbook.open(path) as w:
        assert w.schema_steps == [
            "m001_initial",
            "m002_search",
            "m003_ui_state",
            "m004_country_names",
            "m005_integrity",
            "m006_list_order",
            "m007_format_v2",
            "m008_sanctions_lists",
            "m009_list_holds_and_authority",
        ]
        assert [(s.id, s.destination_name) for s in w.summaries("legacyscope")] == [("old1", "Kenya")]


def test_a_finalised_dossier_survives_the_country_names_step(tmp_path):
    path = tmp_path / "m003.ddwb"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations().apply(Database(conn), stop_before="m004_country_names")
    conn.execute(
        "INSERT INTO dossiers (id, title, destination_country, status, retention_until, "
        "created_at, updated_at) VALUES ('f1', 'Final', 'TR', 'final', '2031-12-31', "
        "'2025-01-01', '2025-01-01')"
    )
    conn.close()
    with Workbook.open(path) as w:
        [summary] = w.summaries()
        assert (summary.status, summary.destination_name) == ("final", "Türkiye")


def test_a_workbook_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "new.ddwb"
    Workbook.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('ddworkbook', 'm003_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        Workbook.open(path)
    assert path.read_bytes() == before


def test_a_busy_workbook_gives_a_clear_error_after_a_short_wait(tmp_path):
    path = tmp_path / "wb.ddwb"
    Workbook.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Workbook.open(path, busy_ms=200) as w:
            with pytest.raises(BusyError, match="busy"):
                w.import_dossiers([dossier_from_json(dossier_dict())])
            assert w.count() == 0  # reading still works
    finally:
        holder.rollback()
        holder.close()


def test_export_writes_readable_text(wb, tmp_path):
    [did] = wb.import_dossiers([dossier_from_json(example())])
    wb.export(did, tmp_path / "x.json")
    text = (tmp_path / "x.json").read_text("utf-8")
    assert text == dumps(wb.dossier(did))
    assert not list(tmp_path.glob(".x.json*"))  # no temporary file left behind


def test_a_full_disk_is_a_clear_error_and_loses_nothing(wb):
    [did] = wb.import_dossiers([dossier_from_json(dossier_dict({"covert": "yes"}))])
    pages = wb.conn.execute("PRAGMA page_count").fetchone()[0]
    wb.conn.execute(f"PRAGMA max_page_count = {pages}")  # the file cannot grow: as on a full disk
    big = "x" * 200_000
    with pytest.raises(StoreError, match="disk is full; nothing was saved"):
        wb.set_answer(did, "dd_item_description", Answer(big))
    assert wb.dossier(did).answers == {"covert": Answer("yes")}
    assert wb.verify() == []


# ---------------------------------------------------------------- finalised dossiers of version 2

_V2_CHILDREN = {
    "screening_records": ("position, party, name, list_id", "position + 50, party, name, list_id"),
    "screening_hits": ("record, position, entry", "record, position + 50, entry"),
}
V2_TABLES = (*_CHILD_COLUMNS, *_V2_CHILDREN)
RAW_SQL_V2 = [
    "UPDATE screening_hits SET disposition = 'open' WHERE dossier_id = 'V'",
    "DELETE FROM screening_hits WHERE dossier_id = 'V'",
    "INSERT INTO screening_hits (dossier_id, record, position, entry, name, disposition) "
    "VALUES ('V', 0, 9, 'EU.1', 'Police HQ', 'match')",
    "UPDATE screening_records SET name = 'someone else' WHERE dossier_id = 'V'",
    "DELETE FROM screening_records WHERE dossier_id = 'V'",
    "INSERT INTO screening_records (dossier_id, position, party, name, list_id) "
    "VALUES ('V', 9, 0, 'Police HQ', 'un_sc')",
    "UPDATE screening_records SET dossier_id = 'V' WHERE dossier_id = 'W'",
    *[
        sql
        for t, (cols, values) in _V2_CHILDREN.items()
        for sql in (
            f"REPLACE INTO {t} SELECT * FROM {t} WHERE dossier_id = 'V'",
            f"INSERT OR REPLACE INTO {t} (rowid, dossier_id, {cols}) SELECT rowid, 'W', {values} FROM {t} "
            "WHERE dossier_id = 'V'",
            f"UPDATE OR REPLACE {t} SET rowid = (SELECT min(rowid) FROM {t} WHERE dossier_id = 'V') "
            "WHERE dossier_id = 'W'",
            f"INSERT INTO {t} SELECT * FROM {t} WHERE dossier_id = 'V' "
            "ON CONFLICT DO UPDATE SET position = excluded.position + 1",
        )
    ],
    # the retention date of a finalised dossier moves with its export date only, to what it gives
    "UPDATE dossiers SET retention_until = '2000-12-31' WHERE id = 'V'",
    "UPDATE dossiers SET transaction_export_date = '1990-01-01' WHERE id = 'V'",
    "UPDATE dossiers SET transaction_export_date = NULL, retention_until = '1999-12-31' WHERE id = 'V'",
    "UPDATE dossiers SET export_year = 1990, transaction_export_date = NULL, retention_until = '1995-12-31' "
    "WHERE id = 'V'",
    # an annotation together with anything else
    "UPDATE dossiers SET authority_reply_note = 'x', title = 'changed' WHERE id = 'V'",
]


@pytest.fixture(scope="module")
def frozen_v2_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workbook with the version 2 example as V, signed off in its file (so finalised, with its
    evidence file held), and as W, a draft."""
    path = tmp_path_factory.mktemp("frozen-v2") / "wb.ddwb"
    final, draft = example_v2(), example_v2()
    final["id"], draft["id"] = "V", "W"
    del draft["sign_off"]
    with Workbook.open(path) as w:
        w.import_batches(
            [(DATA / "example-dossier-v2.json", [dossier_from_json(final), dossier_from_json(draft)])]
        )
        assert w.get("V").frozen and not w.get("W").frozen
    return path


def _record_of_v(conn: sqlite3.Connection) -> dict[str, Any]:
    """Everything of the finalised dossier V (with rowids), the whole journal and every blob."""
    record: dict[str, Any] = {
        "dossier": conn.execute("SELECT rowid, * FROM dossiers WHERE id = 'V'").fetchall(),
        "journal": conn.execute("SELECT * FROM journal ORDER BY seq").fetchall(),
        "blobs": conn.execute("SELECT rowid, * FROM blobs ORDER BY rowid").fetchall(),
    }
    for table in V2_TABLES:
        record[table] = conn.execute(
            f"SELECT rowid, * FROM {table} WHERE dossier_id = 'V' ORDER BY rowid"
        ).fetchall()
        assert record[table], table  # the attack has something to aim at
    return record


@pytest.mark.parametrize("foreign_keys", [False, True], ids=["fk-off", "fk-on"])
@pytest.mark.parametrize("sql", RAW_SQL_V2)
def test_raw_sql_cannot_change_a_finalised_version_2_dossier(frozen_v2_template, tmp_path, sql, foreign_keys):
    path = tmp_path / "wb.ddwb"
    shutil.copyfile(frozen_v2_template, path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    before = _record_of_v(conn)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(sql)
    assert _record_of_v(conn) == before
    conn.close()
    with Workbook.open(path) as w:
        assert w.verify() == []


# the columns that may change on a finalised dossier: the two annotations, and what follows them
ANNOTATION_COLUMNS = (
    "authority_reply_kind",
    "authority_reply_sent_on",
    "authority_reply_reference",
    "authority_reply_decision",
    "authority_reply_decided_on",
    "authority_reply_note",
    "transaction_export_date",
)


def test_raw_sql_cannot_change_any_other_column_of_a_finalised_dossier(frozen_v2_template, tmp_path):
    path = tmp_path / "wb.ddwb"
    shutil.copyfile(frozen_v2_template, path)
    conn = sqlite3.connect(path, isolation_level=None)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(dossiers)")]
    frozen = [
        c for c in columns if c not in (*ANNOTATION_COLUMNS, "retention_until", "fingerprint", "updated_at")
    ]
    assert {"holds", "sign_off_accepted_holds", "transaction_value", "exporter_customs_id"} <= set(frozen)
    before = _record_of_v(conn)
    for column in frozen:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(f"UPDATE dossiers SET {column} = coalesce({column} || 'x', 'x') WHERE id = 'V'")
    assert _record_of_v(conn) == before
    conn.close()


@pytest.mark.parametrize(
    "sql",
    [
        *[f"UPDATE dossiers SET {c} = '2030-01-01' WHERE id = 'V'" for c in ANNOTATION_COLUMNS[:-1]],
        "UPDATE dossiers SET transaction_export_date = '2030-01-01', retention_until = '2035-12-31' "
        "WHERE id = 'V'",
        "UPDATE dossiers SET transaction_export_date = NULL, retention_until = '2032-12-31' WHERE id = 'V'",
    ],
)
def test_raw_sql_may_change_the_annotations_and_verify_finds_it(frozen_v2_template, tmp_path, sql):
    """The freeze cannot tell ddworkbook from others: an annotation may change on a finalised dossier,
    as ddworkbook records one; done outside ddworkbook, without a journal entry, verify finds it."""
    path = tmp_path / "wb.ddwb"
    shutil.copyfile(frozen_v2_template, path)
    conn = sqlite3.connect(path, isolation_level=None)
    assert conn.execute(sql).rowcount == 1
    conn.close()
    with Workbook.open(path) as w:
        assert [p.split(": ", 1)[1] for p in w.verify()] == [
            "its data no longer matches its fingerprint: changed outside ddworkbook",
            "its data is not what its last journal entry (2) recorded: a later entry was removed, or the "
            "dossier was changed outside ddworkbook",
        ]
