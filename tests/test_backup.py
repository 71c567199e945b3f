"""Backups and restores (issue 10): a consistent, checked copy also while another program writes; a
damaged backup refused; the current workbook never lost; the rotation keeps the number set; the
copy made before a schema upgrade."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from core.cli import main
from core.dossier import Answer, dossier_from_json, dumps
from core.store import BackupProblems, StoreError, Workbook, backups, restore
from tests.conftest import REPO, chosen_holds, dossier_dict


def _fill(path: Path, n: int = 3) -> list[str]:
    with Workbook.open(path) as wb:
        ids = wb.import_dossiers(
            [dossier_from_json(dossier_dict(id=f"d{i}", title=f"Dossier {i}")) for i in range(n)]
        )
        evidence = path.parent / "datasheet.pdf"
        evidence.write_bytes(b"%PDF-1.4 " + os.urandom(3000))
        wb.attach("d0", evidence, question="covert")
        if n > 1:
            with chosen_holds():  # signed off for what follows, whatever the holds
                wb.finalise("d1", "J. Jansen", "Compliance officer")
    return ids


def _record(path: Path) -> tuple[str, list[tuple[int | str | None, ...]]]:
    """Every dossier as exported, and the whole journal: what a restore must give back exactly."""
    with Workbook.open(path) as wb:
        dossiers = dumps([wb.dossier(s.id) for s in wb.summaries()])
        journal = [tuple(e) for e in wb.journal()]
    return dossiers, journal


def test_backup_then_restore_gives_back_exactly_the_same_record(tmp_path):
    path = tmp_path / "wb.ddwb"
    _fill(path)
    copy = tmp_path / "copy.ddwb"
    with Workbook.open(path) as wb:
        made = wb.backup(copy)
    assert made.dossiers == 3 and made.journal_seq > 0 and made.path == copy
    before = _record(path)
    with Workbook.open(path) as wb:  # work goes on after the backup...
        wb.set_answer("d0", "custom:later", Answer("changed after the backup"))
        wb.delete("d2")
    result = restore(path, copy)
    assert _record(path) == before
    assert result.restored.journal_hash == made.journal_hash
    assert result.kept_aside is not None and result.kept_aside.parent == tmp_path
    assert result.kept_aside.name.startswith("wb-before-restore-")
    with Workbook.open(result.kept_aside) as aside:  # ...and is kept aside, not lost
        assert aside.dossier("d0").answers["custom:later"].value == "changed after the backup"
        assert aside.verify() == []
    with Workbook.open(path) as wb:
        assert wb.verify() == []
        wb.set_answer("d0", "custom:after", Answer("the restored workbook is a workbook"))


WRITER = """
import itertools, sys
from core.dossier import Answer
from core.store import Workbook
with Workbook.open(sys.argv[1]) as wb:
    for i in itertools.count():  # until it is killed
        wb.set_answer("d0", "custom:n", Answer(str(i)))
        if i == 20:
            print("writing", flush=True)
"""


@pytest.mark.slow
def test_a_backup_taken_while_another_program_writes_is_consistent(tmp_path):
    path = tmp_path / "wb.ddwb"
    _fill(path)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        cwd=REPO,
        text=True,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
        values = []
        for n in range(5):
            with Workbook.open(path) as wb:
                wb.backup(tmp_path / f"b{n}.ddwb")  # checked: verify passes on the copy
            with Workbook.open(tmp_path / f"b{n}.ddwb") as copy:
                assert copy.verify() == []
                value = copy.dossier("d0").answers["custom:n"].value
                edits = [e for e in copy.journal("d0") if e.field == "answers.custom:n"]
                assert json.loads(edits[-1].new or "{}")["value"] == value  # one consistent moment
                values.append(int(str(value)))
        assert writer.poll() is None  # it writes until killed: every backup was taken while it wrote
        assert values == sorted(values)
    finally:
        writer.kill()
        writer.communicate()


def test_a_damaged_backup_is_refused_and_nothing_changes(tmp_path, capsys):
    path = tmp_path / "wb.ddwb"
    _fill(path)
    copy = tmp_path / "copy.ddwb"
    with Workbook.open(path) as wb:
        wb.backup(copy)
    raw = bytearray(copy.read_bytes())
    blob_at = raw.find(b"%PDF-1.4 ")
    raw[blob_at + 100 : blob_at + 200] = b"\x00" * 100  # an evidence file's bytes changed
    copy.write_bytes(bytes(raw))
    before = path.read_bytes()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert main(["--workbook", str(path), "restore", str(copy)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "did not pass its check" in err, err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files  # nothing kept aside, no temporary


def test_restore_is_refused_while_the_workbook_is_open_elsewhere(tmp_path):
    path = tmp_path / "wb.ddwb"
    _fill(path)
    copy = tmp_path / "copy.ddwb"
    with Workbook.open(path) as wb:
        wb.backup(copy)
        wb.set_answer("d0", "custom:x", Answer("kept"))
        other = subprocess.run(
            [sys.executable, "-m", "core.cli", "--workbook", str(path), "restore", str(copy)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(REPO), "DDWORKBOOK_BUSY_TIMEOUT_MS": "200"},
        )
        assert other.returncode == 2 and "open in another program" in other.stderr, other.stderr
        assert wb.dossier("d0").answers["custom:x"].value == "kept"
    assert not list(tmp_path.glob("wb-before-restore-*"))


def test_backup_never_writes_over_the_workbook_or_a_stranger(tmp_path):
    path = tmp_path / "wb.ddwb"
    _fill(path)
    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    with Workbook.open(path) as wb:
        for target in (path, Path(f"{path}-wal"), tmp_path / "." / "wb.ddwb", notes, tmp_path):
            with pytest.raises(StoreError):
                wb.backup(target)
        wb.backup(tmp_path / "b.ddwb")
        wb.set_answer("d0", "custom:x", Answer("newer"))
        wb.backup(tmp_path / "b.ddwb")  # an earlier backup is replaced
    assert notes.read_text() == "mine"
    with Workbook.open(tmp_path / "b.ddwb") as b:
        assert b.dossier("d0").answers["custom:x"].value == "newer"


def test_a_workbook_with_problems_gives_no_backup(tmp_path, capsys):
    path = tmp_path / "wb.ddwb"
    _fill(path)
    with Workbook.open(path) as wb:
        rowid = wb.conn.execute("SELECT rowid FROM blobs").fetchone()[0]
        with wb.conn.blobopen("blobs", "data", rowid) as blob:  # bytes changed under the hash
            blob.write(b"tampered!")
    assert main(["--workbook", str(path), "backup", "-o", str(tmp_path / "b.ddwb")]) == 1
    out, err = capsys.readouterr()
    assert "PROBLEM: evidence" in out and "nothing was kept" in err
    assert not (tmp_path / "b.ddwb").exists()
    with Workbook.open(path) as wb, pytest.raises(BackupProblems):
        wb.backup(tmp_path / "b.ddwb")


def test_the_rotation_keeps_the_number_set(tmp_path):
    path = tmp_path / "wb.ddwb"
    _fill(path, 1)
    start = dt.datetime(2026, 11, 1, 9, 0, 0)
    with Workbook.open(path) as wb:
        folder = backups.folder_for(path, wb.workbook_id())
        assert backups.due(folder, start.date())
        for day in range(7):
            backups.make(wb, "daily", keep=4, when=start + dt.timedelta(days=day))
    kept = backups.existing(folder)
    assert [p.name for p in kept] == [f"2026-11-0{d}-090000-daily.ddwb" for d in (4, 5, 6, 7)]
    assert not backups.due(folder, dt.date(2026, 11, 7)) and backups.due(folder, dt.date(2026, 11, 8))
    assert folder.parent == Path(os.environ["DDWORKBOOK_BACKUP_DIR"])


def test_a_schema_upgrade_is_preceded_by_a_checked_backup(tmp_path):
    import gzip

    old = tmp_path / "old.ddwb"
    old.write_bytes(gzip.decompress((REPO / "tests" / "data" / "workbook-m004.ddwb.gz").read_bytes()))
    before = old.read_bytes()
    with Workbook.open(old) as wb:  # upgraded here
        folder = backups.folder_for(old, wb.workbook_id())
    made = backups.existing(folder)
    assert [p.name.endswith("-before-upgrade.ddwb") for p in made] == [True]
    with sqlite3.connect(made[0]) as conn:  # the copy holds the workbook as it was, not upgraded
        steps = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert steps[-1] == "m004_country_names"
    restored = tmp_path / "restored.ddwb"
    restore(restored, made[0])
    assert restored.read_bytes()[:16] == before[:16]
