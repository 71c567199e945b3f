"""The workbook's own files are never read as input nor written as output: attaching the workbook
(or its -wal/-shm file) as evidence would open and close it in the middle of a transaction (dropping
SQLite's locks, core/store/presence.py); an export, report or backup written over it would replace the
record with something else. Also any other workbook or backup is never written over."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core import files
from core.cli import main
from core.dossier import dossier_from_json
from core.store import StoreError, Workbook
from tests.conftest import dossier_dict, example


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "wb.ddwb"
    data = example()
    data["id"] = "D"
    for e in data["evidence"]:
        e.pop("path", None)
    with Workbook.open(path) as wb:
        wb.import_dossiers([dossier_from_json(data)])
        wb.backup(tmp_path / "backup.ddwb")
    return path


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_the_workbook_is_never_its_own_evidence(workbook: Path, suffix: str):
    with Workbook.open(workbook) as wb:
        with pytest.raises(StoreError, match="is the workbook itself"):
            wb.attach("D", Path(f"{workbook}{suffix}"))
        assert len(wb.dossier("D").evidence) == len(example()["evidence"])
        assert wb.verify() == []


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "D", "-o", "{wb}"],
        ["export", "D", "-o", "{wb}-wal"],
        ["report", "D", "-o", "{wb}"],
        ["report", "D", "-o", "{wb}-shm"],
        ["report", "D", "-o", "{dir}/backup.ddwb"],
        ["export", "D", "-o", "{dir}/backup.ddwb"],
        ["backup", "-o", "{wb}"],
    ],
)
def test_nothing_is_written_over_the_workbook_or_a_backup(workbook: Path, argv: list[str], capsys):
    before = {p.name: p.read_bytes() for p in workbook.parent.iterdir()}
    args = [a.format(wb=workbook, dir=workbook.parent) for a in argv]
    assert main(["--workbook", str(workbook), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and ("workbook" in err[0] or "backup" in err[0]), err
    assert {p.name: p.read_bytes() for p in workbook.parent.iterdir()} == before
    with Workbook.open(workbook) as wb:
        assert wb.verify() == []


def test_a_file_swapped_for_the_workbook_after_the_look_is_never_closed(workbook: Path, tmp_path: Path):
    """Between looking at a file and opening it, the name may come to mean the workbook: what was
    opened is asked again, and its descriptor kept open rather than closed (closing it would drop
    the process's locks)."""
    answers = iter([None, "is the workbook itself"])
    kept = len(files._kept_open)
    with Workbook.open(workbook), pytest.raises(files.InputFileError, match="is the workbook itself"):
        files.open_input(workbook, limit=10**9, what="an evidence file", protected=lambda st: next(answers))
    assert len(files._kept_open) == kept + 1
    os.fstat(files._kept_open[-1])  # still open


def test_a_dossier_file_named_like_the_workbook_is_just_refused(tmp_path: Path, capsys):
    """Reading a workbook as a dossier file (no workbook open yet) is only bad input."""
    path = tmp_path / "wb.ddwb"
    with Workbook.open(path) as wb:
        wb.import_dossiers([dossier_from_json(dossier_dict(id="D"))])
    assert main(["--workbook", str(path), "import", str(path)]) == 2
    assert "not UTF-8 text" in capsys.readouterr().err
    with Workbook.open(path) as wb:
        assert wb.verify() == [] and wb.count() == 1
