"""Acknowledged saves never vanish, whatever else the process does with the workbook's files.

POSIX record locks belong to the process: closing ANY descriptor of a file drops every lock the
process holds on it, SQLite's included. A process that had the workbook open, and then opened and
closed the file by other means (Qt's file dialog sniffing file types does; so does plain ``open()``),
held no lock any more: the next program to close the workbook took the exclusive lock, checkpointed,
and deleted the write-ahead log and shared-memory files that the first process went on writing to.
Its later saves went to a deleted file and were lost at the next crash.

Each test runs the scenario in a child process that is then killed (SIGKILL), and reopens the workbook.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from core.dossier import Answer, dossier_from_json
from core.store import Workbook
from tests.conftest import REPO, dossier_dict

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        sys.platform == "win32",
        reason="POSIX record locks (Windows locks belong to the handle, not the process)",
    ),
]

SCENARIO = r"""
import os, signal, subprocess, sys
from pathlib import Path
from core.dossier import Answer
from core.store import Workbook

path, evidence, touch = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].split(",")
if sys.argv[4] == "without-presence-lock":  # the control: shows that the scenario loses saves
    import core.store.presence
    core.store.presence.supported = lambda: False
wb = Workbook.open(path)
wb.set_answer("D", "custom:first", Answer("before"))
for suffix in touch:  # another part of this process opens and closes the workbook's files
    with open(str(path) + suffix, "rb") as f:
        f.read(100)
# another program opens and closes the workbook
other = subprocess.run([sys.executable, "-m", "core.cli", "--workbook", str(path), "list", "--json"],
                       capture_output=True, text=True)
assert other.returncode == 0, other.stderr
wb.set_answer("D", "custom:second", Answer("after"))
wb.attach("D", evidence)
print("saved", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _scenario(tmp_path: Path, touch: str, variant: str = "as-shipped") -> Path:
    path = tmp_path / "wb.ddwb"
    with Workbook.open(path) as w:
        w.import_dossiers([dossier_from_json(dossier_dict(id="D"))])
    evidence = tmp_path / "datasheet.pdf"
    evidence.write_bytes(b"%PDF-1.4 datasheet")
    proc = subprocess.run(
        [sys.executable, "-c", SCENARIO, str(path), str(evidence), touch, variant],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert proc.stdout.strip() == "saved", proc.stderr
    return path


@pytest.mark.parametrize(
    "touch", ["", "-shm", "-wal", ",-shm,-wal"], ids=["workbook", "shared-memory", "log", "all-three"]
)
def test_saves_survive_another_open_and_close_in_the_process_and_a_crash(tmp_path: Path, touch: str):
    path = _scenario(tmp_path, touch)
    with Workbook.open(path) as w:
        d = w.dossier("D")
        assert w.verify() == []
        journal = [(e.action, e.field) for e in w.journal("D")]
    assert d.answers["custom:first"].value == "before"
    assert d.answers["custom:second"].value == "after", journal
    assert [e.filename for e in d.evidence] == ["datasheet.pdf"]
    assert journal[-2:] == [("edit", "answers.custom:second"), ("attach", "evidence.ev1")]


def test_without_the_presence_lock_the_scenario_loses_the_save(tmp_path: Path):
    """The control: the scenario above is real (it would fail without core/store/presence.py)."""
    path = _scenario(tmp_path, "", "without-presence-lock")
    with Workbook.open(path) as w:
        assert "custom:second" not in w.dossier("D").answers


def _files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))


def _open_descriptors() -> int:
    return len(os.listdir(f"/proc/{os.getpid()}/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="counts descriptors in /proc")
def test_closing_cleans_up_as_before_and_leaks_no_descriptor(tmp_path: Path):
    """The presence lock is shared by the workbooks of a process that have the same file open and
    is given up before the last closes: closing still checkpoints and removes -wal and -shm."""
    path = tmp_path / "wb.ddwb"
    before = _open_descriptors()
    first = Workbook.open(path)
    second = Workbook.open(path)
    first.import_dossiers([dossier_from_json(dossier_dict(id="D"))])
    assert _files(path) == ["wb.ddwb", "wb.ddwb-shm", "wb.ddwb-wal"]
    first.close()
    assert _files(path) == ["wb.ddwb", "wb.ddwb-shm", "wb.ddwb-wal"]  # still in use by the second
    second.set_answer("D", "custom:x", Answer("y"))
    second.close()
    assert _files(path) == ["wb.ddwb"]
    assert _open_descriptors() == before
    with Workbook.open(path) as w:
        assert w.dossier("D").answers["custom:x"].value == "y"
