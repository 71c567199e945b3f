"""Desktop program benchmark (issue 4).

Run: .venv/bin/python -m tests.bench.bench_gui [N]
- start-up of `ddworkbook gui --quit-after-startup` on a workbook of N (10,000) dossiers, until the list
  has been painted, against a bare PySide6 window started the same way in the same run (runs taken in
  turns, medians); target ratio 1.5x. For context only, a minimal PySide6 list of the same rows;
- moving between wizard pages (Next through every page of a full dossier), target under 50 ms.
Prints figures only; nothing here fails a test run.

Run: .venv/bin/python -m tests.bench.bench_gui list [SMALL LARGE]
- the dossier list at 1,000 and 100,000 dossiers (issue 14): sorting by each column, and searching for
  a word that every dossier holds (and one that one dossier holds), in the main window as the user
  does it (a click on a column's header, text typed into the search box), until the first page is
  shown; time (median of 5, a fresh list each time) and the peak of Python's memory (tracemalloc, in
  a run of its own), with the ratio large/small. Target: under 100 ms at 100,000. The workbooks are
  built once and cached (``$DDWORKBOOK_BENCH_CACHE``, as bench_commands does): titles, references,
  destinations, outcomes and statuses vary, so that every column has something to sort.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.bench.bench_store import _dossiers
from tests.conftest import ART4_NO, REPO

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


# ---------------------------------------------------------------------------- the list (issue 14)

COMMON = "dossier"  # in every title
RARE = "quillwort"  # in one title only
LIST_BUILD = "2"  # change when the generated workbook changes: cached ones are rebuilt
REPLY_DECISIONS = ("authorisation_required", "no_authorisation_required", "not_cyber_surveillance", "other")
DESTINATIONS = ("AE", "KE", "NL", "BR", "CN", "DE", "EG", "IN", "MX", "RU", "SA", "TR", "US", "VN", "ZA")
TOPICS = ("Lawful interception suite", "Forensic kit", "Network monitoring", "Spyware toolkit", "Analytics")


def _variant(base: dict[str, Any], i: int) -> dict[str, Any]:
    """Dossier ``i`` of the list benchmark: its words, reference, destination and answers vary (the
    answers so that several outcomes occur)."""
    answers = dict(base["answers"])
    kind = i % 7
    if kind == 1:
        answers["annex_i_listed"] = "yes"
    elif kind == 2:
        answers["specially_designed"] = "no"
    elif kind == 3:
        answers["legitimate_purpose"] = "no"
    elif kind == 4:
        answers = {k: v for k, v in answers.items() if k in ("annex_i_listed", "informed_by_authority")}
    elif kind == 5:
        answers["informed_by_authority"] = "yes"
    destination = DESTINATIONS[(i * 7) % len(DESTINATIONS)]
    title = f"{TOPICS[i % len(TOPICS)]} {i} for {destination}, a benchmark {COMMON}"
    varied = dict(
        base,
        version=2,
        id=f"l{i:06d}",
        title=title,
        reference=None if i % 10 == 0 else f"EXP-{2020 + i % 7}-{(i * 7919) % 100000:05d}",
        destination_country=None if i % 50 == 0 else destination,
        answers=answers,
    )
    if i % 3 != 2:  # a reply sent (waiting for one, or decided), so that the authority column varies
        sent = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}"
        reply: dict[str, Any] = {"kind": "notification", "sent_on": sent, "decision": "pending"}
        if i % 3 == 1:
            reply.update(decision=REPLY_DECISIONS[i % 4], decided_on=sent)
        varied["authority_reply"] = reply
    return varied


def build_list_workbook(n: int) -> Path:
    """A workbook of ``n`` varied dossiers (one in a hundred finalised), built once and cached."""
    from core.dossier import dossier_from_json
    from core.store import Workbook
    from tests.bench.bench_commands import cache_dir

    key = hashlib.sha256(f"{LIST_BUILD} {n}".encode()).hexdigest()[:12]
    path = cache_dir() / f"list-{n}-{key}.ddwb"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".building")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    base = _dossiers(1)[0]
    base["answers"].update(ART4_NO)  # complete under the version 2 rules (but for the variants that are not)
    dicts = [_variant(base, i) for i in range(n)]
    dicts[n // 3]["title"] += f" {RARE}"
    start = time.perf_counter()
    with Workbook.open(partial, actor="bench") as wb:
        for first in range(0, n, 5000):
            wb.import_dossiers([dossier_from_json(d) for d in dicts[first : first + 5000]])
        for i in range(0, n, 100):
            if i % 7 != 4:  # (those are incomplete: no sign-off)
                wb.finalise(f"l{i:06d}", "Bench", "Compliance officer", accept_holds="a benchmark")
    os.replace(partial, path)
    print(f"built {path} ({n} dossiers) in {time.perf_counter() - start:.0f} s", flush=True)
    return path


def _list_actions(window: Any) -> dict[str, tuple[Callable[[], None], Callable[[], None]]]:
    """Each measured action of the list: (set-up, not timed; the action, timed)."""
    from PySide6.QtCore import Qt

    from gui.dossier_list import COLUMNS, LAST_CHANGE

    asc, desc = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder

    def fresh() -> None:  # the list as it opens: the store's order, no search
        window.search.setText("")
        window._search_timer.stop()
        window.table.sortByColumn(LAST_CHANGE, desc)
        window.refresh()

    def search(word: str) -> Callable[[], None]:
        def run() -> None:
            window.search.setText(word)
            window._search_timer.stop()
            window.refresh()  # what the search box's timer does

        return run

    def sort(column: int) -> Callable[[], None]:
        # ascending; for the last change that is oldest first (the list opens newest first)
        return lambda: window.table.sortByColumn(column, asc)

    actions: dict[str, tuple[Callable[[], None], Callable[[], None]]] = {}
    for column, shown in enumerate(COLUMNS):
        actions[f"sort by {getattr(shown, 'heading', shown)}"] = (fresh, sort(column))
    actions[f"search {COMMON!r} (every dossier)"] = (fresh, search(COMMON))

    def by_title() -> None:
        fresh()
        window.table.sortByColumn(0, asc)

    actions[f"search {COMMON!r}, sorted by title"] = (by_title, search(COMMON))
    actions[f"search {RARE!r} (one dossier)"] = (fresh, search(RARE))
    return actions


def list_figures(path: Path, runs: int = 5) -> dict[str, tuple[float, float]]:
    """(median ms, peak MB of Python's memory) of each list action on a copy of the workbook."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent

    from gui.app import application
    from gui.main_window import MainWindow
    from gui.settings import Settings

    app = application()
    figures: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / path.name
        shutil.copyfile(path, work)
        window = MainWindow(Settings(Path(tmp)))
        window.resize(1100, 650)
        window.show()
        assert window.open_workbook(work)  # (upgraded here when the cached one is older)
        app.processEvents()
        for name, (setup, action) in _list_actions(window).items():
            times = []
            for _ in range(runs):
                setup()
                app.processEvents()
                start = time.perf_counter()
                action()
                app.processEvents()
                times.append(time.perf_counter() - start)
            setup()
            app.processEvents()
            tracemalloc.start()
            action()
            app.processEvents()
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            assert window.model is not None and window.model.rowCount() > 0, name
            figures[name] = (statistics.median(times) * 1000, peak / 1e6)
        window.close()
        window.deleteLater()  # gone before the application is, at exit
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return figures


def list_main(sizes: list[int]) -> None:
    small, large = min(sizes), max(sizes)
    figures = {n: list_figures(build_list_workbook(n)) for n in sizes}
    print(f"the dossier list: median of 5 (ms), peak of Python's memory (MB); target < 100 ms at {large:,}")
    print(f"{'action':<36}" + "".join(f"{n:>12,} ms {'MB':>6}" for n in sizes) + "   ratio (time)")
    for name in figures[small]:
        cells = "".join(f"{figures[n][name][0]:>15.1f} {figures[n][name][1]:>6.1f}" for n in sizes)
        ratio = figures[large][name][0] / figures[small][name][0]
        over = "" if figures[large][name][0] < 100 else "  OVER TARGET"
        print(f"{name:<36}{cells}   {ratio:6.1f}x{over}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["list"]:
        list_main([int(a) for a in sys.argv[2:]] or [1_000, 100_000])
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
