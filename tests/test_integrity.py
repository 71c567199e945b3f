"""A finalised dossier cannot be changed, or the change is found (issue 9): the known schema, what
``verify`` finds, seals and ``verify --seal``, and the upgrade of workbooks made before seals."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from core import decision
from core.cli import main
from core.dossier import Answer, dossier_from_json, fingerprint, sealed_fingerprint
from core.store import (
    GENESIS,
    KNOWN_MIGRATIONS,
    SchemaError,
    Workbook,
    expected_schema,
    lifecycle,
    migrations,
    schema_deviations,
)
from core.store.journal import entry_hash
from tests.conftest import DATA, chosen_holds, dossier_dict, example

Tamper = Callable[[sqlite3.Connection], object]


def tamper(path: Path, *changes: str | Tamper) -> None:
    """Change a closed workbook as a determined tamperer would: every trigger dropped, the changes
    made, and the triggers re-created exactly as they were, so that the schema looks untouched."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")  # one transaction, as a careful tamperer would: nobody sees it half-done
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _sql in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    for change in changes:
        if isinstance(change, str):
            conn.execute(change)
        else:
            change(conn)
    for _name, sql in triggers:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.close()


def raw(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for sql in statements:
        conn.execute(sql)
    conn.close()


def verify_cli(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str]]:
    status = main(["--workbook", str(path), "verify", *extra])
    out, err = capsys.readouterr()
    assert err == ""
    return status, out.splitlines()


def problems_of(lines: list[str]) -> list[str]:
    return [line.removeprefix("PROBLEM: ") for line in lines if line.startswith("PROBLEM: ")]


@pytest.fixture(scope="module")
def made_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed workbook: draft D (edited, with a file), finalised F (with a file) and draft E."""
    tmp_path = tmp_path_factory.mktemp("made")
    path = tmp_path / "wb.ddwb"
    (tmp_path / "d.txt").write_text("evidence of D")
    (tmp_path / "f.txt").write_text("evidence of F")
    with Workbook.open(path, actor="alice") as w:
        d, f = example(), example()
        d["id"], f["id"] = "D", "F"
        f["title"] = "Finalised dossier"
        w.import_dossiers(
            [
                dossier_from_json(d),
                dossier_from_json(f),
                dossier_from_json(dossier_dict(id="E", title="Other draft")),
            ]
        )
        w.attach("D", tmp_path / "d.txt", question="covert")
        w.attach("F", tmp_path / "f.txt", question="covert")
        w.set_answer("D", "covert", Answer("no", "nothing is hidden"))
        with chosen_holds():  # signed off for what follows, whatever the holds
            w.finalise("F", "J. Jansen", "Compliance officer")
        w.set_answer("E", "covert", Answer("yes"))  # the journal goes on after the sign-off
        assert w.verify() == []
    return path


@pytest.fixture
def made(made_once: Path, tmp_path: Path) -> Path:
    """A copy of ``made_once`` for one test (closed: its write-ahead log is in the file)."""
    path = tmp_path / "wb.ddwb"
    shutil.copyfile(made_once, path)
    return path


def seal_of(path: Path, dossier_id: str) -> str:
    with Workbook.open(path) as w:
        seal = w.seal_of(dossier_id)
    assert seal is not None
    return seal.seal


# ---------------------------------------------------------------- the known schema


def test_the_expected_schema_is_what_running_the_steps_gives():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    db = Database(conn)
    for i, step in enumerate(KNOWN_MIGRATIONS):
        later = KNOWN_MIGRATIONS[i + 1 :]
        migrations().apply(db, stop_before=later[0] if later else None)
        applied = KNOWN_MIGRATIONS[: i + 1]
        assert schema_deviations(conn, applied) == [], step
        names = {
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex_%'")
        }
        assert names == set(expected_schema(applied)), step


def test_opening_does_not_import_sqlite_utils_to_check_the_schema(made):
    import subprocess
    import sys

    from tests.conftest import REPO

    code = (
        f"import sys; from core.store import Workbook; Workbook.open({str(made)!r}).close(); "
        "print('sqlite_utils' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True, timeout=60
    ).stdout
    assert out.strip() == "False"


HOSTILE = [
    (
        "unknown trigger",
        "CREATE TRIGGER quiet AFTER UPDATE ON answers BEGIN UPDATE answers SET value = '\"none\"' "
        "WHERE rowid = NEW.rowid AND value = '\"aware\"'; END",
        "unknown trigger 'quiet' on table 'answers'",
    ),
    ("unknown table", "CREATE TABLE notes (x)", "unknown table 'notes'"),
    (
        "unknown view",
        "CREATE VIEW finals AS SELECT id FROM dossiers WHERE status = 'final'",
        "unknown view 'finals'",
    ),
    (
        "unknown index",
        "CREATE INDEX by_title ON dossiers(title)",
        "unknown index 'by_title' on table 'dossiers'",
    ),
    ("missing trigger", "DROP TRIGGER journal_no_delete", "missing trigger 'journal_no_delete'"),
    (
        "changed trigger",
        [
            "DROP TRIGGER dossiers_frozen_update",
            "CREATE TRIGGER dossiers_frozen_update BEFORE UPDATE ON dossiers WHEN 0 BEGIN SELECT 1; END",
        ],
        "changed trigger 'dossiers_frozen_update'",
    ),
    ("missing index", "DROP INDEX parties_dossier", "missing index 'parties_dossier'"),
    ("changed table", "ALTER TABLE journal ADD COLUMN note TEXT", "changed table 'journal'"),
]


@pytest.mark.parametrize(("case", "sql", "named"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_changed_schema_is_refused_on_open_and_each_change_is_reported(made, capsys, case, sql, named):
    raw(made, *([sql] if isinstance(sql, str) else sql))
    before = made.read_bytes()
    with pytest.raises(SchemaError) as refused:
        Workbook.open(made)
    message = str(refused.value)
    assert "\n" not in message and named in message
    assert "the workbook's structure was changed outside ddworkbook" in message
    assert "restore it from a backup" in message
    assert made.read_bytes() == before  # nothing written: nothing in it could run
    status, lines = verify_cli(made, capsys)
    assert status == 1
    assert f"schema: {named}" in problems_of(lines)
    assert made.read_bytes() == before


def test_a_hostile_trigger_never_runs(made, capsys):
    """The issue's case: an extra trigger that rewrites the answer "aware" to "none" unnoticed."""
    raw(
        made,
        "CREATE TRIGGER rewrite AFTER INSERT ON answers WHEN NEW.value = '\"aware\"' BEGIN "
        "UPDATE answers SET value = '\"none\"' WHERE rowid = NEW.rowid; END",
    )
    with pytest.raises(SchemaError, match="unknown trigger 'rewrite'"):
        Workbook.open(made)
    assert main(["--workbook", str(made), "list"]) == 2  # every command refuses it
    assert "unknown trigger 'rewrite'" in capsys.readouterr().err
    status, lines = verify_cli(made, capsys)
    assert status == 1 and "schema: unknown trigger 'rewrite' on table 'answers'" in problems_of(lines)
    conn = sqlite3.connect(made)
    assert conn.execute(
        "SELECT value FROM answers WHERE dossier_id = 'D' AND question_id = 'serious_hr_violations'"
    ).fetchone() == ('"aware"',)
    conn.close()


def test_what_sqlite_makes_by_itself_is_allowed(made):
    raw(made, "ANALYZE")  # sqlite_stat1 (and sqlite_stat4 where compiled in)
    with Workbook.open(made) as w:
        assert w.verify() == []


# ---------------------------------------------------------------- verify finds each change


def _forge_edit(
    conn: sqlite3.Connection, dossier_id: str, field: str, new: dict[str, Any] | None, fp: str
) -> None:
    """Append a journal entry with a correct hash, as someone who read the source could."""
    seq, prev = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    at = "2026-01-01T00:00:00.000+00:00"
    value = None if new is None else json.dumps(new)
    digest = entry_hash(prev, seq + 1, at, "mallory", dossier_id, "edit", field, None, value, fp)
    conn.execute(
        "INSERT INTO journal VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq + 1, at, "mallory", dossier_id, "edit", field, None, value, prev, digest, fp),
    )


def _refingerprint(dossier_id: str, path: Path) -> str:
    """The fingerprint of a dossier as its rows now are (read through a fresh workbook object)."""
    conn = sqlite3.connect(path)
    w = Workbook(path, conn, None, "x")
    try:
        return fingerprint(w.dossier(dossier_id))
    finally:
        conn.close()


def _change_answer_consistently(path: Path, dossier_id: str, forge_journal: bool) -> None:
    """Change an answer and the dossier's stored fingerprint to match (and, if asked, append a
    journal entry recording it), all with the triggers out of the way."""
    tamper(
        path,
        f"UPDATE answers SET value = '\"none\"' WHERE dossier_id = '{dossier_id}' "
        "AND question_id = 'serious_hr_violations'",
    )
    fp = _refingerprint(dossier_id, path)

    def fix(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE dossiers SET fingerprint = ? WHERE id = ?", (fp, dossier_id))
        if forge_journal:
            _forge_edit(conn, dossier_id, "answers.serious_hr_violations", {"value": "none"}, fp)

    tamper(path, fix)


def _last_entry(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT max(seq) FROM journal").fetchone()[0])


CHANGES: list[tuple[str, Callable[[Path], None], str]] = [
    (
        "a journal entry deleted",
        lambda p: tamper(p, "DELETE FROM journal WHERE seq = 2"),
        "journal: entry 2 is missing (found 3 next)",
    ),
    (
        "the last journal entry deleted",
        lambda p: tamper(p, lambda c: c.execute("DELETE FROM journal WHERE seq = ?", (_last_entry(c),))),
        "dossier E “Other draft”: its data is not what its last journal entry (3) recorded",
    ),
    (
        "the whole journal emptied",
        lambda p: tamper(p, "DELETE FROM journal"),
        "journal: it is empty, yet the workbook holds 3 dossiers",
    ),
    (
        "a journal entry changed",
        lambda p: tamper(p, "UPDATE journal SET actor = 'mallory' WHERE seq = 1"),
        "journal: entry 1 was changed after it was written",
    ),
    (
        "a dossier's data changed",
        lambda p: tamper(p, "UPDATE dossiers SET title = 'Renamed' WHERE id = 'D'"),
        "dossier D “Renamed”: its data no longer matches its fingerprint",
    ),
    (
        "a dossier's data and fingerprint changed",
        lambda p: _change_answer_consistently(p, "D", forge_journal=False),
        "its data is not what its last journal entry",
    ),
    (
        "a finalised dossier changed, with fingerprint and journal",
        lambda p: _change_answer_consistently(p, "F", forge_journal=True),
        "dossier F “Finalised dossier”: its data no longer matches the seal written at sign-off",
    ),
    (
        "a finalised dossier set back to draft",
        lambda p: tamper(
            p,
            "UPDATE dossiers SET status = 'draft', seal = NULL, signed_name = NULL, "
            "signed_role = NULL, signed_date = NULL WHERE id = 'F'",
        ),
        "dossier F “Finalised dossier”: was signed off (journal entry",
    ),
    (
        "a finalised dossier's seal removed",
        lambda p: tamper(p, "UPDATE dossiers SET seal = NULL WHERE id = 'F'"),
        "dossier F “Finalised dossier”: is finalised but has no seal",
    ),
    (
        "a finalised dossier's retention shortened",
        lambda p: tamper(p, "UPDATE dossiers SET retention_until = '2000-12-31' WHERE id = 'F'"),
        "dossier F “Finalised dossier”: its retention date or export year is not what was signed off",
    ),
    (
        "a dossier deleted",
        lambda p: tamper(
            p,
            *[f"DELETE FROM {t} WHERE dossier_id = 'E'" for t in ("answers", "parties")],
            "DELETE FROM dossiers WHERE id = 'E'",
        ),
        "dossier E: missing from the workbook, though its last journal entry",
    ),
    (
        "a dossier added outside ddworkbook",
        lambda p: tamper(
            p,
            "INSERT INTO dossiers (id, title, status, created_at, updated_at) "
            "VALUES ('N', 'New', 'draft', 'x', 'x')",
        ),
        "dossier N “New”: has no journal entry",
    ),
    (
        "an evidence file's bytes changed",
        lambda p: tamper(p, "UPDATE blobs SET data = X'00'"),
        "evidence: the file",
    ),
]


@pytest.mark.parametrize(("case", "change", "expected"), CHANGES, ids=[c[0] for c in CHANGES])
def test_verify_finds_each_change_on_its_own_line(made, capsys, case, change, expected):
    change(made)
    status, lines = verify_cli(made, capsys)
    problems = problems_of(lines)
    assert status == 1, lines
    assert any(p.startswith(expected) or expected in p for p in problems), problems
    assert lines[-1].startswith(f"{len(problems)} problem")
    assert all(line.startswith("PROBLEM: ") for line in lines[:-1])


def _replace_evidence_file(path: Path, dossier_id: str) -> None:
    """New bytes for a dossier's evidence file, with blobs.sha256, evidence.sha256 and evidence.blob
    all updated to match: every hash in the file agrees."""
    forged = b"a different document"
    sha = hashlib.sha256(forged).hexdigest()

    def swap(conn: sqlite3.Connection) -> None:
        (old,) = conn.execute(
            "SELECT blob FROM evidence WHERE dossier_id = ? AND blob IS NOT NULL", (dossier_id,)
        ).fetchone()
        conn.execute(
            "UPDATE blobs SET sha256 = ?, size = ?, data = ? WHERE sha256 = ?",
            (sha, len(forged), forged, old),
        )
        conn.execute(
            "UPDATE evidence SET sha256 = ?, blob = ?, size = ? WHERE blob = ?", (sha, sha, len(forged), old)
        )

    tamper(path, swap)


@pytest.mark.parametrize(
    ("dossier_id", "expected"),
    [
        (
            "D",
            "dossier D “Lawful interception analytics for AE police”: its data no longer matches its "
            "fingerprint",
        ),
        ("F", "dossier F “Finalised dossier”: its data no longer matches the seal written at sign-off"),
    ],
)
def test_an_evidence_file_replaced_together_with_its_hash_is_found(made, capsys, dossier_id, expected):
    _replace_evidence_file(made, dossier_id)
    status, lines = verify_cli(made, capsys)
    assert status == 1
    assert any(p.startswith(expected) for p in problems_of(lines)), lines
    assert not any(p.startswith("evidence:") for p in problems_of(lines))  # the hashes all agree


def test_deleting_the_last_entry_of_a_save_of_several_fields_is_found(made, capsys):
    with Workbook.open(made) as w:
        d = w.dossier("D")
        w.update(d.__class__(**{**vars(d), "title": "Two fields", "reference": "REF-2"}))
        entries = w.journal("D")
        assert [e.field for e in entries[-2:]] == ["title", "reference"]
        assert entries[-1].fingerprint == fingerprint(w.dossier("D")) != entries[-2].fingerprint
    tamper(made, lambda c: c.execute("DELETE FROM journal WHERE seq = ?", (_last_entry(c),)))
    status, lines = verify_cli(made, capsys)
    assert status == 1 and any("its data is not what its last journal entry" in p for p in problems_of(lines))


def test_a_finalised_dossier_reopened_edited_and_resealed_by_appended_entries_is_found(made, capsys):
    """The issue's attack, with the journal extended by entries whose hashes are all correct: the
    dossier set back to draft, edited and frozen again under a new sign-off entry."""
    _change_answer_consistently(made, "F", forge_journal=True)

    def reseal(conn: sqlite3.Connection) -> None:
        fp = conn.execute("SELECT fingerprint FROM dossiers WHERE id = 'F'").fetchone()[0]
        seq, prev = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        at = "2026-01-02T00:00:00.000+00:00"
        new = json.dumps(
            {
                "name": "J. Jansen",
                "role": "Compliance officer",
                "date": "2026-01-02",
                "sealed_fingerprint": fp,
            }
        )
        digest = entry_hash(prev, seq + 1, at, "mallory", "F", "finalise", "sign_off", None, new, fp)
        conn.execute(
            "INSERT INTO journal VALUES (?, ?, ?, 'F', 'finalise', 'sign_off', NULL, ?, ?, ?, ?)",
            (seq + 1, at, "mallory", new, prev, digest, fp),
        )
        conn.execute("UPDATE dossiers SET seal = ? WHERE id = 'F'", (digest,))

    tamper(made, reseal)
    status, lines = verify_cli(made, capsys)
    assert status == 1
    assert problems_of(lines) == [
        "dossier F “Finalised dossier”: its seal names journal entry 10, not its sign-off at entry 7: signed "
        "off again outside ddworkbook",
        "dossier F “Finalised dossier”: changed after its sign-off (journal entry 9, edit, after the "
        "sign-off at entry 7)",
    ]


def test_verify_on_a_sound_workbook_names_what_was_checked(made, capsys):
    status, lines = verify_cli(made, capsys)
    assert status == 0
    assert lines == [
        f"{made}: ok (3 dossiers; integrity, schema, journal chain, evidence hashes, "
        "fingerprints and seals checked)"
    ]


# ---------------------------------------------------------------- seals


def test_every_journal_entry_records_the_fingerprint_after_it(made):
    with Workbook.open(made) as w:
        for did in ("D", "E", "F"):
            entries = w.journal(did)
            assert all(e.fingerprint for e in entries)
            assert entries[-1].fingerprint == fingerprint(w.dossier(did))


def test_the_seal_is_the_hash_of_the_sign_off_entry(made):
    with Workbook.open(made) as w:
        seal = w.seal_of("F")
        assert seal is not None and w.seal_of("D") is None
        [entry] = [e for e in w.journal("F") if e.action == "finalise"]
        assert seal.seal == entry.hash and seal.seq == entry.seq and seal.prev_hash == entry.prev_hash
        signed = w.dossier("F")
        assert json.loads(entry.new or "")["sealed_fingerprint"] == sealed_fingerprint(signed)
        assert seal.sealed_fingerprint == sealed_fingerprint(signed) == fingerprint(signed)
        assert entry.hash == entry_hash(
            entry.prev_hash,
            entry.seq,
            entry.at,
            entry.actor,
            "F",
            "finalise",
            "sign_off",
            None,
            entry.new,
            fingerprint(signed),
        )
        row = w.conn.execute("SELECT seal FROM dossiers WHERE id = 'F'").fetchone()
        assert row == (seal.seal,)


def test_verify_seal_holds_and_names_the_sign_off(made, capsys):
    seal = seal_of(made, "F")
    grouped = " ".join(seal[i : i + 8] for i in range(0, 64, 8)).upper()  # as printed, any case
    for given in (seal, grouped):
        status, lines = verify_cli(made, capsys, "--seal", given)
        assert status == 0, lines
        [line] = lines
        assert (
            "the seal holds: dossier F “Finalised dossier”, signed off by J. Jansen (Compliance officer)"
            in line
        )
        assert "followed by 1 later entry" in line


def test_verify_seal_of_a_signed_off_import(tmp_path, capsys):
    path = tmp_path / "wb.ddwb"
    data = dossier_dict(id="S", sign_off={"name": "A", "role": "B", "date": "2025-06-30"})
    with Workbook.open(path) as w:
        w.import_dossiers([dossier_from_json(data)])
        seal = w.seal_of("S")
        assert seal is not None
        assert [e.action for e in w.journal("S")] == ["import", "finalise"]
    status, lines = verify_cli(path, capsys, "--seal", seal.seal)
    assert status == 0 and "signed off by A (B) on 2025-06-30" in lines[0]


@pytest.mark.parametrize("bad", ["abc", "g" * 64, "0" * 63])
def test_a_malformed_seal_is_bad_input(made, capsys, bad):
    assert main(["--workbook", str(made), "verify", "--seal", bad]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "--seal: expected the 64 hexadecimal characters" in err


def test_an_unknown_seal_does_not_hold(made, capsys):
    status, lines = verify_cli(made, capsys, "--seal", "ab" * 32)
    assert status == 1
    assert problems_of(lines) == [
        f"seal {'ab' * 32}: no sign-off in this workbook has this seal (it was "
        "made in another workbook, or this workbook's journal was rewritten)"
    ]


def test_a_seal_fails_when_the_sealed_dossier_changed(made, capsys):
    seal = seal_of(made, "F")
    _change_answer_consistently(made, "F", forge_journal=True)
    status, lines = verify_cli(made, capsys, "--seal", seal)
    assert status == 1
    assert any("its data no longer matches the seal" in p for p in problems_of(lines))


def test_a_seal_fails_when_an_evidence_file_of_the_dossier_changed(made, capsys):
    seal = seal_of(made, "F")
    tamper(
        made,
        "UPDATE blobs SET data = X'00' WHERE sha256 = (SELECT blob FROM evidence WHERE "
        "dossier_id = 'F' AND blob IS NOT NULL)",
    )
    status, lines = verify_cli(made, capsys, "--seal", seal)
    assert status == 1 and any("no longer matches its SHA-256" in p for p in problems_of(lines))


def _rewrite_history(path: Path) -> None:
    """The attack a seal kept outside the file answers: change an early entry and the finalised
    dossier, then recompute every fingerprint, seal and hash so that everything in the file agrees."""

    def rewrite(conn: sqlite3.Connection) -> None:
        conn.execute(
            "UPDATE answers SET value = '\"none\"' WHERE dossier_id = 'F' "
            "AND question_id = 'serious_hr_violations'"
        )
        w = Workbook(path, conn, None, "x")
        fp = fingerprint(w.dossier("F"))
        conn.execute("UPDATE journal SET actor = 'mallory' WHERE seq = 1")  # an early entry
        rows = conn.execute(
            "SELECT seq, at, actor, dossier_id, action, field, old, new, fingerprint "
            "FROM journal ORDER BY seq"
        ).fetchall()
        prev = GENESIS
        for seq, at, actor, did, action, field, old, new, entry_fp in rows:
            if did == "F" and entry_fp is not None and seq > 2:
                entry_fp = fp
                if action == "finalise":
                    new = json.dumps({**json.loads(new), "sealed_fingerprint": fp})
            digest = entry_hash(prev, seq, at, actor, did, action, field, old, new, entry_fp)
            conn.execute(
                "UPDATE journal SET new = ?, fingerprint = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                (new, entry_fp, prev, digest, seq),
            )
            if did == "F" and action == "finalise":
                conn.execute("UPDATE dossiers SET seal = ?, fingerprint = ? WHERE id = 'F'", (digest, fp))
            prev = digest

    tamper(path, rewrite)


def test_a_consistently_rewritten_journal_is_caught_only_by_the_seal_kept_outside(made, capsys):
    seal = seal_of(made, "F")
    _rewrite_history(made)
    status, lines = verify_cli(made, capsys)
    assert status == 0, lines  # every hash in the file agrees: the file alone cannot tell
    assert seal_of(made, "F") != seal
    status, lines = verify_cli(made, capsys, "--seal", seal)
    assert status == 1
    assert problems_of(lines) == [
        f"seal {seal}: no sign-off in this workbook has this seal (it was made in "
        "another workbook, or this workbook's journal was rewritten)"
    ]


def test_a_seal_fails_when_the_journal_is_broken(made, capsys):
    seal = seal_of(made, "F")
    tamper(made, "DELETE FROM journal WHERE seq = 1")
    status, lines = verify_cli(made, capsys, "--seal", seal)
    assert status == 1 and "the seal cannot be confirmed" in lines[0]


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_a_seal_of_a_dossier_no_longer_there(tmp_path, capsys):
    import datetime as dt

    path = tmp_path / "wb.ddwb"
    with Workbook.open(path) as w:
        [did] = w.import_dossiers([dossier_from_json(dossier_dict())])
        w.finalise(did, "A", "B", date=dt.date(2015, 3, 1), export_year=2015)
        seal = w.seal_of(did)
        assert seal is not None
        w.delete(did)  # its retention ended
        assert w.verify() == []
    status, lines = verify_cli(path, capsys, "--seal", seal.seal)
    assert status == 1 and "is no longer in the workbook" in lines[0]


# ---------------------------------------------------------------- upgrade from m004


@pytest.fixture
def old_workbook(tmp_path: Path) -> Path:
    """A workbook made by ddworkbook before m005 (tests/data/workbook-m004.ddwb.gz, written through
    the Workbook API of commit 2c6f93f): draft1 (edited, with a file), final1 (finalised, with a
    file), signed1 (signed off in its file), a duplicate of final1, and gone1, deleted."""
    path = tmp_path / "old.ddwb"
    path.write_bytes(gzip.decompress((DATA / "workbook-m004.ddwb.gz").read_bytes()))
    return path


def test_a_workbook_from_before_seals_is_upgraded_with_anchors_and_seals(old_workbook, capsys):
    conn = sqlite3.connect(old_workbook)
    assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")] == list(KNOWN_MIGRATIONS[:4])
    before = conn.execute("SELECT * FROM journal ORDER BY seq").fetchall()
    conn.close()
    with Workbook.open(old_workbook, actor="upgrader") as w:
        assert w.schema_steps == list(KNOWN_MIGRATIONS)
        journal = w.journal()
        assert [tuple(e[:10]) for e in journal[: len(before)]] == before  # the old entries are kept
        checkpoints = journal[len(before) :]
        ids = sorted(r[0] for r in w.conn.execute("SELECT id FROM dossiers"))
        assert [e.dossier_id for e in checkpoints] == ids
        assert {e.action for e in checkpoints} == {"checkpoint"}
        for e in checkpoints:
            assert e.fingerprint == fingerprint(w.dossier(e.dossier_id or ""))
        for did in ("final1", "signed1"):
            seal = w.seal_of(did)
            assert seal is not None and seal.seal in {e.hash for e in checkpoints}
        assert w.seal_of("draft1") is None
        assert w.verify() == []
        # the old finalised dossier is still frozen, by the old triggers and the new ones
        with pytest.raises(sqlite3.IntegrityError):
            w.conn.execute(
                "REPLACE INTO dossiers (id, title, status, created_at, updated_at) "
                "VALUES ('final1', 'x', 'draft', 'x', 'x')"
            )
        w.set_answer("draft1", "covert", Answer("yes"))  # and work goes on
        seal = w.seal_of("final1")
        assert seal is not None
    status, lines = verify_cli(old_workbook, capsys, "--seal", seal.seal)
    assert status == 0 and "dossier final1 “Finalised before seals”, signed off by J. Jansen" in lines[0]
    status, lines = verify_cli(old_workbook, capsys)
    assert status == 0, lines


def test_an_interrupted_upgrade_keeps_the_old_workbook(old_workbook, monkeypatch):
    """m005 is one transaction: if it fails half-way, the workbook stays at m004, as it was."""

    def fail(wb: object) -> None:
        raise RuntimeError("power cut")

    with monkeypatch.context() as patched:  # not undo(): it would undo conftest's settings too
        patched.setattr(lifecycle, "checkpoint_all", fail)
        with pytest.raises(RuntimeError):
            Workbook.open(old_workbook)
    conn = sqlite3.connect(old_workbook)
    assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")] == list(KNOWN_MIGRATIONS[:4])
    assert "fingerprint" not in {r[1] for r in conn.execute("PRAGMA table_info(journal)")}
    conn.close()
    with Workbook.open(old_workbook) as w:
        assert w.verify() == []


# ---------------------------------------------------------------- the report's sign-off page


def test_the_sign_off_page_prints_fingerprint_journal_head_and_seal(made):
    from core.report import report_input
    from core.report.dossier_report import render_report
    from core.report.record import read_record
    from tests.test_report import pdf_text, squash

    with Workbook.open(made) as w:
        seal = w.seal_of("F")
        assert seal is not None
        data = report_input(read_record(w, "F"))
        draft = report_input(read_record(w, "D"))
    assert data.seal == seal and draft.seal is None
    pages = pdf_text(render_report(data))
    [page] = [p for p in pages if "7. Sign-off" in p]
    flat = squash(page)
    assert squash(seal.sealed_fingerprint) in flat
    assert squash(f"entry {seal.seq - 1}") in flat and squash(seal.prev_hash) in flat
    assert squash(f"entry {seal.seq}") in flat and squash(seal.seal) in flat
    assert squash("ddworkbook verify --seal") in flat
    draft_page = next(p for p in pdf_text(render_report(draft)) if "7. Sign-off" in p)
    assert "verify --seal" not in draft_page


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_an_id_used_again_after_deletion_starts_a_new_history(tmp_path):
    import datetime as dt

    with Workbook.open(tmp_path / "wb.ddwb") as w:
        data = dossier_from_json(dossier_dict(id="R"))
        w.import_dossiers([data])
        w.finalise("R", "A", "B", date=dt.date(2015, 3, 1), export_year=2015)
        w.delete("R")  # its retention ended
        w.import_dossiers([data])  # the same id, a new draft
        assert w.verify() == []
        w.finalise("R", "A", "B")
        assert w.verify() == []


# ---------------------------------------------------------------- version 2: annotations after sign-off


def test_an_annotation_changed_outside_ddworkbook_is_found(made, capsys):
    """The freeze lets the two annotations of a finalised dossier change (ddworkbook records them that
    way); a change that is not journaled is still found."""
    raw(made, "UPDATE dossiers SET authority_reply_kind = 'notification' WHERE id = 'F'")
    status, lines = verify_cli(made, capsys)
    assert status == 1
    assert problems_of(lines) == [
        "dossier F “Finalised dossier”: its data no longer matches its fingerprint: changed outside "
        "ddworkbook",
        "dossier F “Finalised dossier”: its data is not what its last journal entry (7) recorded: a later "
        "entry was removed, or the dossier was changed outside ddworkbook",
    ]


def _annotate_consistently(path: Path, dossier_id: str, *statements: str, field: str) -> None:
    """Change a finalised dossier with its fingerprint, and append an "annotate" entry with a correct
    hash recording it, as someone who read the source could."""
    tamper(path, *statements)
    fp = _refingerprint(dossier_id, path)

    def fix(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE dossiers SET fingerprint = ? WHERE id = ?", (fp, dossier_id))
        seq, prev = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        at = "2026-01-01T00:00:00.000+00:00"
        digest = entry_hash(prev, seq + 1, at, "mallory", dossier_id, "annotate", field, None, '"x"', fp)
        conn.execute(
            "INSERT INTO journal VALUES (?, ?, ?, ?, 'annotate', ?, NULL, '\"x\"', ?, ?, ?)",
            (seq + 1, at, "mallory", dossier_id, field, prev, digest, fp),
        )

    tamper(path, fix)


def test_an_annotation_entry_does_not_cover_another_change(made, capsys):
    _annotate_consistently(
        made,
        "F",
        "UPDATE dossiers SET stated_end_use = 'Anything', authority_reply_kind = 'notification' "
        "WHERE id = 'F'",
        field="authority_reply",
    )
    status, lines = verify_cli(made, capsys)
    assert status == 1
    assert problems_of(lines) == [
        "dossier F “Finalised dossier”: its data no longer matches the seal written at sign-off "
        "(journal entry 7)"
    ]


def test_an_entry_after_sign_off_that_is_not_an_annotation_is_found(made, capsys):
    _annotate_consistently(
        made, "F", "UPDATE dossiers SET title = 'Finalised dossier' WHERE id = 'F'", field="title"
    )
    status, lines = verify_cli(made, capsys)
    assert status == 1
    assert problems_of(lines) == [
        "dossier F “Finalised dossier”: changed after its sign-off (journal entry 9, annotate, after the "
        "sign-off at entry 7)"
    ]


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE dossiers SET retention_until = '2000-12-31' WHERE id = 'F'",
        # the export date without the retention date it gives, or with another one
        "UPDATE dossiers SET transaction_export_date = '1990-05-01' WHERE id = 'F'",
        "UPDATE dossiers SET transaction_export_date = '1990-05-01', retention_until = '1990-12-31' "
        "WHERE id = 'F'",
        "UPDATE dossiers SET export_year = 1990, retention_until = '1995-12-31' WHERE id = 'F'",
    ],
)
def test_the_retention_date_of_a_finalised_dossier_moves_only_with_its_export_date(made, sql):
    conn = sqlite3.connect(made, isolation_level=None)
    before = conn.execute("SELECT * FROM dossiers WHERE id = 'F'").fetchall()
    with pytest.raises(sqlite3.IntegrityError, match="finalised"):
        conn.execute(sql)
    assert conn.execute("SELECT * FROM dossiers WHERE id = 'F'").fetchall() == before
    conn.close()


def test_a_retention_date_recomputed_outside_ddworkbook_is_found(made, capsys):
    """The freeze lets an export date and the retention date it gives change together (ddworkbook
    records them that way); done without ddworkbook, the change is found."""
    raw(
        made,
        "UPDATE dossiers SET transaction_export_date = '1990-05-01', retention_until = '1995-12-31' "
        "WHERE id = 'F'",
    )
    status, lines = verify_cli(made, capsys)
    assert status == 1
    assert problems_of(lines) == [
        "dossier F “Finalised dossier”: its data no longer matches its fingerprint: changed outside "
        "ddworkbook",
        "dossier F “Finalised dossier”: its data is not what its last journal entry (7) recorded: a later "
        "entry was removed, or the dossier was changed outside ddworkbook",
    ]


def test_a_forged_retention_date_is_found(made, capsys):
    tamper(made, "UPDATE dossiers SET retention_until = '2000-12-31' WHERE id = 'F'")
    status, lines = verify_cli(made, capsys)
    assert status == 1
    assert problems_of(lines) == [
        "dossier F “Finalised dossier”: its retention date or export year is not what was signed off "
        "(journal entry 7) and its export date give"
    ]


def test_annotations_journaled_by_ddworkbook_verify_and_keep_the_seal(made, capsys):
    from core.dossier import AuthorityReply

    seal = seal_of(made, "F")
    with Workbook.open(made) as w:
        w.set_authority_reply("F", AuthorityReply(kind="notification", sent_on="2026-12-01"))
        w.set_export_date("F", "2027-01-04")
        w.set_export_date("F", "2027-01-05")
    status, lines = verify_cli(made, capsys)
    assert status == 0, lines
    status, lines = verify_cli(made, capsys, "--seal", seal)
    # E's edit, the reply, the first export date with the retention date it moved, the second (in the
    # same year)
    assert status == 0 and "followed by 5 later entries" in lines[0], lines


# ---------------------------------------------------------------- upgrade from m005 (version 2 of the format)


@pytest.fixture
def m005_workbook(tmp_path: Path) -> Path:
    """A workbook made by ddworkbook before m007 (tests/data/workbook-m005.ddwb.gz, written through the
    Workbook API of commit 62b1d8e): draft1 (edited, with a file), final1 (finalised on 2026-11-20
    with export year 2024, with a file), final2 (finalised on 2025-05-05 without one), signed1 (signed
    off in its file on 2025-06-30), a duplicate of final1 and gone1, deleted."""
    path = tmp_path / "m005.ddwb"
    path.write_bytes(gzip.decompress((DATA / "workbook-m005.ddwb.gz").read_bytes()))
    return path


def test_a_workbook_from_before_version_2_is_upgraded_keeping_fingerprints_and_seals(m005_workbook, capsys):
    conn = sqlite3.connect(m005_workbook)
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert applied == list(KNOWN_MIGRATIONS[: KNOWN_MIGRATIONS.index("m005_integrity") + 1])
    journal_before = conn.execute("SELECT * FROM journal ORDER BY seq").fetchall()
    prints = dict(conn.execute("SELECT id, fingerprint FROM dossiers").fetchall())
    seals = dict(conn.execute("SELECT id, seal FROM dossiers WHERE status = 'final'").fetchall())
    retention = conn.execute(
        "SELECT id, export_year, retention_until FROM dossiers WHERE status = 'final' ORDER BY id"
    ).fetchall()
    conn.close()
    with Workbook.open(m005_workbook, actor="upgrader") as w:
        assert w.schema_steps == list(KNOWN_MIGRATIONS)
        assert [tuple(e) for e in w.journal()] == journal_before  # nothing journaled: nothing changed
        for did, fp in prints.items():
            assert fingerprint(w.dossier(did)) == fp, did
        assert {s.id: s.fingerprint for s in w.summaries()} == prints
        for did in ("final1", "final2", "signed1"):
            stored = w.get(did)
            assert stored.dossier.sign_off is not None and stored.dossier.sign_off.export_year is None
            assert w.check_seal(seals[did])[1] == [], did
        assert [
            (did, w.get(did).export_year, w.get(did).retention_until, w.get(did).retention_basis)
            for did in sorted(seals)
        ] == [(did, year, until, "export_year") for did, year, until in retention]
        # the holds and outcomes of every dossier are those of the rules now
        for s in w.summaries():
            assessment = decision.assess(w.dossier(s.id))
            assert (s.outcome, s.holds) == (assessment.outcome, tuple(getattr(assessment, "holds", ())))
        assert w.verify() == []
        # and the annotations of version 2 can be recorded on a dossier finalised before it
        stored = w.set_export_date("final1", "2027-03-01")
        assert (stored.retention_until, stored.retention_basis) == ("2032-12-31", "export_date")
        stored = w.set_export_date("final1", None)
        assert (stored.retention_until, stored.retention_basis) == ("2029-12-31", "export_year")
        assert w.check_seal(seals["final1"])[1] == []
    status, lines = verify_cli(m005_workbook, capsys)
    assert status == 0, lines


def test_an_interrupted_upgrade_to_version_2_keeps_the_old_workbook(m005_workbook, monkeypatch):
    """m007 is one transaction: if it fails half-way, the workbook keeps the steps before it (each step
    is a transaction of its own: m006_list_order's indexes are kept) and none of m007."""

    def fail(wb: object) -> None:
        raise RuntimeError("power cut")

    with monkeypatch.context() as patched:  # not undo(): it would undo conftest's settings too
        patched.setattr(lifecycle, "reassess_all", fail)
        with pytest.raises(RuntimeError):
            Workbook.open(m005_workbook)
    conn = sqlite3.connect(m005_workbook)
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert applied == list(KNOWN_MIGRATIONS[: KNOWN_MIGRATIONS.index("m007_format_v2")])
    assert "holds" not in {r[1] for r in conn.execute("PRAGMA table_info(dossiers)")}
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'screening%'").fetchone() == (0,)
    conn.close()
    with Workbook.open(m005_workbook) as w:
        assert w.verify() == []


def test_every_column_of_a_finalised_dossier_is_frozen_but_the_annotations():
    """The freeze names the columns that may change on a finalised dossier; every other column, also
    one added by a later step, is frozen (this test fails for a new column the freeze does not name)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrations().apply(Database(conn))
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'dossiers_frozen_update'").fetchone()
    columns = [r[1] for r in conn.execute("PRAGMA table_info(dossiers)")]
    may_change = {
        *(c for c in columns if c.startswith("authority_reply_")),
        "transaction_export_date",
        "retention_until",
        "fingerprint",
        "updated_at",
    }
    assert len(may_change) == 10
    for column in columns:
        assert (f"NEW.{column} IS NOT OLD.{column}" in sql) == (column not in may_change), column


def test_an_export_date_that_is_no_date_is_found_not_a_crash(made, capsys):
    """SQLite's triggers compute with whatever text is there: the retention date of 'junk' is the end of
    year 5 (0005-12-31), and that passes the freeze; verify reports it, one line each."""
    raw(
        made,
        "UPDATE dossiers SET transaction_export_date = 'junk', retention_until = '0005-12-31' WHERE id = 'F'",
    )
    status, lines = verify_cli(made, capsys)
    assert status == 1
    assert "dossier F “Finalised dossier”: its retention date or export year is not what was signed off" in (
        "\n".join(problems_of(lines))
    )
