"""Crash safety: a process killed (SIGKILL) in the middle of a large import or of a stream of edits
leaves a workbook that passes verify, holds every acknowledged change, and has an import either
wholly or not at all."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from core.dossier import dossier_from_json
from core.store import Workbook
from tests.conftest import REPO, dossier_dict, example

pytestmark = pytest.mark.slow


def _big_import_file(path: Path, n: int) -> None:
    base = example()
    base.pop("evidence")
    base["answers"]["annex_i_listed"] = "no"
    dossiers = []
    for i in range(n):
        d = dict(
            base, id=f"bulk{i:05d}", title=f"Bulk dossier {i}", stated_end_use="x" * 2000
        )  # bulky enough to spill pages to the WAL mid-transaction
        dossiers.append(d)
    path.write_text(json.dumps(dossiers), "utf-8")


# Runs the real command line, with the store's function that writes one dossier wrapped so that, after
# N dossiers, inside the import's transaction, it says so and waits to be killed: no race with the
# machine's speed (no hook in the product code).
IMPORT_DRIVER = """
import sys, time
from core import cli
from core.store import rows

after = int(sys.argv[1])
put = rows.put
done = 0

def put_then_wait(*args, **kwargs):
    global done
    put(*args, **kwargs)
    done += 1
    if done == after:
        print("inside the transaction", flush=True)
        time.sleep(600)

rows.put = put_then_wait
sys.exit(cli.main(sys.argv[2:]))
"""


def test_kill_during_a_large_import_leaves_all_or_nothing(tmp_path):
    from core.store import rows

    assert hasattr(rows, "put"), "the driver wraps core.store.rows.put: follow its new name"
    wb_path = tmp_path / "wb.ddwb"
    with Workbook.open(wb_path) as w:  # a workbook with something in it already
        w.import_dossiers([dossier_from_json(dossier_dict(id="before"))])
    n = 2000
    big = tmp_path / "big.json"
    _big_import_file(big, n)
    wal = Path(str(wb_path) + "-wal")
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPORT_DRIVER, str(n // 2), "--workbook", str(wb_path), "import", str(big)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.stdout is not None
    signal_line = proc.stdout.readline()  # the driver waits once it has written half the dossiers
    wal_size = wal.stat().st_size if wal.exists() else 0
    proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate(timeout=30)
    assert signal_line == "inside the transaction\n", err
    assert wal_size > 2_000_000, wal_size  # pages of the open transaction had spilled to the log
    with Workbook.open(wb_path) as w:
        assert w.verify() == []
        ids = {s.id for s in w.summaries()}
    assert ids == {"before"}


EDITOR = """
import sys
from core.dossier import Answer
from core.store import Workbook
wb = Workbook.open(sys.argv[1])
for i in range(100000):
    wb.set_answer("E", "custom:counter", Answer(str(i), "edit %d" % i))
    print(i, flush=True)
"""


def test_kill_during_a_stream_of_edits_keeps_every_acknowledged_edit(tmp_path):
    wb_path = tmp_path / "wb.ddwb"
    with Workbook.open(wb_path) as w:
        w.import_dossiers([dossier_from_json(dossier_dict(id="E"))])
    proc = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(wb_path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.stdout is not None
    acked = -1
    for line in proc.stdout:
        acked = int(line)
        if acked >= 40:
            break
    proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate(timeout=30)
    assert acked >= 40, err
    with Workbook.open(wb_path) as w:
        assert w.verify() == []
        value = w.dossier("E").answers["custom:counter"].value
        assert isinstance(value, str) and int(value) >= acked
        edits = [json.loads(e.new or "null")["value"] for e in w.journal("E") if e.action == "edit"]
    assert edits[: acked + 1] == [str(i) for i in range(acked + 1)]
