"""Desktop program benchmark (issue 4).

Run: .venv/bin/python -m tests.bench.bench_gui [N]
- start-up of `ddworkbook gui --quit-after-startup` on a workbook of N (10,000) dossiers, until the list
  has been painted, against a bare PySide6 window started the same way in the same run (runs taken in
  turns, medians); target ratio 1.5x. For context only, a minimal PySide6 list of the same rows;
- moving between wizard pages (Next through every page of a full dossier), target under 50 ms.
Prints figures only; nothing here fails a test run.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.bench_store import _dossiers
from tests.conftest import REPO

# The same end point as `gui --quit-after-startup` (gui.app.when_painted, written out here so that
# these programs import nothing of ours): the table has been painted once. Each program below sets
# `table` and `app`, then runs this.
SHOW_UNTIL_PAINTED = """
from PySide6.QtCore import QEvent, QObject, QTimer
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, app.quit)
        return False
first_paint = FirstPaint(); table.viewport().installEventFilter(first_paint)
w = QMainWindow(); w.setCentralWidget(table); w.resize(1100, 650); w.show()
sys.exit(app.exec())
"""

BARE = (
    """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
table = QTableView()
"""
    + SHOW_UNTIL_PAINTED
)

# For context only (not the target's baseline): the least a PySide6 program can do to list the same
# rows, a QAbstractTableModel over the first 200 rows read with sqlite3, using Qt's enums as any item
# model must. What ddworkbook takes beyond this is its own.
MINIMAL_LIST = (
    """
import sqlite3, sys
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT title, reference, destination_country, status, outcome, updated_at FROM dossiers "
    "ORDER BY updated_at DESC LIMIT 200").fetchall()
class Model(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()): return 0 if parent.isValid() else len(rows)
    def columnCount(self, parent=QModelIndex()): return 0 if parent.isValid() else 6
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return str(rows[index.row()][index.column()]) if role == Qt.ItemDataRole.DisplayRole else None
app = QApplication(sys.argv[:1])
table = QTableView(); model = Model(); table.setModel(model)
"""
    + SHOW_UNTIL_PAINTED
)


def _median_runs(commands: list[list[str]], env: dict[str, str], runs: int = 9) -> list[float]:
    """The median wall time of each command, run in turns (so that the machine's drift hits all
    alike), after one untimed run each that writes the bytecode caches."""

    def once(argv: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(
            argv, check=True, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        return time.perf_counter() - start

    for argv in commands:
        once(argv)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for argv, measured in zip(commands, times, strict=True):
            measured.append(once(argv))
    return [statistics.median(t) for t in times]


def page_switch_ms(wb_path: Path) -> tuple[float, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from core.store import Workbook
    from gui.app import application
    from gui.wizard import DossierWizard

    app = application()
    wb = Workbook.open(wb_path)
    did = wb.summaries()[0].id
    times = []
    for _ in range(5):
        wb.set_ui_page(did, "transaction")
        wizard = DossierWizard(wb, did)
        wizard.show()
        app.processEvents()
        while wizard.nextId() != -1:
            start = time.perf_counter()
            wizard.next()
            app.processEvents()
            times.append(time.perf_counter() - start)
        wizard.close()
    wb.close()
    return statistics.median(times) * 1000, max(times) * 1000


def main(n: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        wb_path = Path(tmp) / "bench.ddwb"
        source = Path(tmp) / "bulk.json"
        source.write_text(json.dumps(_dossiers(n)), "utf-8")
        subprocess.run(
            [sys.executable, "-m", "core.cli", "--workbook", str(wb_path), "import", str(source)],
            check=True,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
        )
        # As installed: Python may cache bytecode (here in a folder of its own, whatever
        # PYTHONDONTWRITEBYTECODE the machine sets), as it does for a user after the first start.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(
            QT_QPA_PLATFORM="offscreen",
            DDWORKBOOK_CONFIG_DIR=str(Path(tmp) / "c"),
            PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"),
        )
        bare, minimal, ours = _median_runs(
            [
                [sys.executable, "-c", BARE],
                [sys.executable, "-c", MINIMAL_LIST, str(wb_path)],
                [sys.executable, "-m", "core.cli", "--workbook", str(wb_path), "gui", "--quit-after-startup"],
            ],
            env,
        )
        median_ms, worst_ms = page_switch_ms(wb_path)
    print(f"dossiers in the workbook:     {n}")
    print(f"start-up, ddworkbook gui:     {ours:6.3f} s")
    print(f"start-up, bare PySide6 window:{bare:6.3f} s")
    print(f"ratio:                        {ours / bare:6.2f}x   target 1.5x")
    print(
        f"for context, a minimal PySide6 list of the same rows: {minimal:.3f} s = {minimal / bare:.2f}x "
        "the bare window"
    )
    print(f"next page, median:            {median_ms:6.1f} ms  target < 50 ms (worst {worst_ms:.1f} ms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
