"""The operations layer (gui/operations.py): one error presenter for every failure, long work off the
GUI thread with its progress closed however it ends, one change signal that the list and the open
wizards follow, and operations stopped cleanly when the program quits."""

from __future__ import annotations

import errno
import json
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from core.dossier import Answer
from core.store import StoreError, Workbook
from gui import operations
from gui.main_window import MainWindow
from gui.operations import Operation, error_message, present_error
from gui.settings import Settings
from tests.conftest import REPO, dossier_dict
from tests.gui.conftest import finish, page


def titles(window: MainWindow) -> list[str]:
    model = window.model
    assert model is not None
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


@pytest.fixture
def presented(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """Every call of the error presenter (which still shows its dialog, recorded by ``isolated``)."""
    calls: list[tuple[str, Any]] = []
    real = operations.present_error

    def record(parent: Any, title: str, error: Any, lead: str = "") -> None:
        calls.append((title, error))
        real(parent, title, error, lead)

    monkeypatch.setattr(operations, "present_error", record)
    return calls


def dialogs(isolated: dict[str, list[Any]]) -> int:
    return len(isolated["critical"]) + len(isolated["warning"])


# ---------------------------------------------------------------------------- the error presenter


def test_the_wording_rules(caplog: pytest.LogCaptureFixture, isolated: Any) -> None:
    assert error_message(StoreError("wb.ddwb: the workbook is busy")) == "wb.ddwb: the workbook is busy"
    assert error_message("a refusal in words\x00") == "a refusal in words\\x00"
    denied = PermissionError(errno.EACCES, "Permission denied", "/tmp/x.pdf")
    assert error_message(denied) == "/tmp/x.pdf: Permission denied"
    odd = FileNotFoundError(errno.ENOENT, "No such file or directory", "/tmp/a\nb")
    assert error_message(odd) == "/tmp/a\\x0ab: No such file or directory"  # a name cannot break a line
    assert error_message("First paragraph.\n\nSecond.") == "First paragraph.\n\nSecond."
    caplog.set_level(logging.ERROR, logger="ddworkbook")
    try:
        raise KeyError("boom")
    except KeyError as e:
        present_error(None, "Report failed", e, lead="The report was not made")
    [(title, text)] = isolated["critical"]  # one dialog (recorded instead of shown)
    assert title == "Report failed"
    assert text.startswith("The report was not made: an unexpected error (KeyError: 'boom')")
    assert "fault in ddworkbook" in text and "Traceback" not in text
    [record] = caplog.records
    assert record.exc_info is not None and record.exc_info[0] is KeyError  # the traceback is in the log


# ---------------------------------------------------------------------------- one path for failures


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_every_failure_reaches_the_presenter_once(
    qtbot: Any,
    window: MainWindow,
    wb_path: Path,
    tmp_path: Path,
    isolated: Any,
    presented: Any,
    monkeypatch: Any,
) -> None:
    def each(expect_title: str) -> None:
        assert [t for t, _ in presented] == [expect_title]
        assert dialogs(isolated) == 1  # the presenter's, and no other
        presented.clear()
        isolated["critical"].clear()
        isolated["warning"].clear()

    # a failing save: the dossier was finalised by another program meanwhile
    wizard: Any = window.open_dossier("example")
    qtbot.waitUntil(lambda: wizard._restoring is None)
    window._watch.stop()
    with Workbook.open(wb_path) as other:
        other.finalise("example", "J. Jansen", "Compliance officer")
    page(wizard, "definition").questions["covert"].buttons["no"].click()
    each("Not saved")
    wizard.done(0)

    # a failing import
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(dossier_dict({"covert": "perhaps"})), "utf-8")
    finish(qtbot, window.import_files([str(bad)]))
    each("Import refused: nothing was imported")

    # a failing report: its place is taken by a folder
    window.table.selectRow(titles(window).index("Forensic kit for Kenya"))
    (tmp_path / "taken.pdf").mkdir()
    finish(qtbot, window.report_selected(tmp_path / "taken.pdf"))
    each("Report failed")

    # a failing export
    finish(qtbot, window.export_selected(str(tmp_path / "taken.pdf")))
    each("Export failed")

    # a failing backup: the backups folder cannot be made
    (tmp_path / "not-a-folder").write_text("x")
    monkeypatch.setenv("DDWORKBOOK_BACKUP_DIR", str(tmp_path / "not-a-folder"))
    finish(qtbot, window.backups.back_up_now())
    each("Backup failed")

    # a refused deletion (a finalised dossier), and a workbook that cannot be opened
    window.table.selectRow(titles(window).index("Lawful interception analytics for AE police"))
    window.act_delete.trigger()
    each("Cannot delete")
    junk = tmp_path / "junk.ddwb"
    junk.write_text("no workbook here " * 50)
    assert not window.open_workbook(junk)
    each("Workbook refused")


def test_an_unexpected_error_in_an_operation_is_presented_not_raised(
    qtbot: Any, window: MainWindow, isolated: Any, presented: Any, monkeypatch: Any
) -> None:
    def broken(*_a: Any, **_k: Any) -> str:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(Workbook, "duplicate", broken)
    window.table.selectRow(0)
    window.act_duplicate.trigger()
    assert [t for t, _ in presented] == ["Cannot duplicate"]
    assert "unexpected error (ZeroDivisionError: a bug)" in isolated["critical"][-1][1]


# ---------------------------------------------------------------------------- off the GUI thread


def test_long_operations_run_off_the_gui_thread(
    qtbot: Any, window: MainWindow, wb_path: Path, tmp_path: Path, isolated: Any, monkeypatch: Any
) -> None:
    from PySide6.QtGui import QDesktopServices

    import core.report.writing
    import core.store
    import gui.backups
    from core.store import backups

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: True)
    threads: dict[str, int] = {}

    def record(name: str, owner: Any, attribute: str) -> None:
        real = getattr(owner, attribute)

        def recorded(*a: Any, **k: Any) -> Any:
            threads[name] = threading.get_ident()
            return real(*a, **k)

        monkeypatch.setattr(owner, attribute, recorded)

    record("import", Workbook, "import_batches")
    record("report", core.report.writing, "render_report")
    record("export", Workbook, "export")
    record("backup", backups, "make")
    record("restore", gui.backups, "restore")
    record("integrity check", core.store.IntegrityCheck, "run")

    good = tmp_path / "good.json"
    good.write_text(json.dumps(dossier_dict(title="Good")), "utf-8")
    finish(qtbot, window.import_files([str(good)]))
    window.table.selectRow(titles(window).index("Good"))
    finish(qtbot, window.report_selected(tmp_path / "r.pdf"))
    finish(qtbot, window.export_selected(str(tmp_path / "good-out.json")))
    backup = window.backups.back_up_now()
    finish(qtbot, backup)
    isolated["answer"] = [QMessageBox.StandardButton.Yes]
    assert backup is not None and backup.result is not None
    finish(qtbot, window.backups.restore_from(backup.result.path))
    qtbot.waitUntil(lambda: "integrity check" in threads, timeout=10000)  # after the workbook reopened
    assert sorted(threads) == ["backup", "export", "import", "integrity check", "report", "restore"]
    gui_thread = threading.get_ident()
    assert {name for name, ident in threads.items() if ident == gui_thread} == set()
    assert (tmp_path / "r.pdf").exists() and (tmp_path / "good-out.json").exists()
    assert isolated["critical"] == [] and isolated["warning"] == []


def test_a_failing_operation_leaves_no_progress_and_no_wait_cursor(
    qtbot: Any, window: MainWindow, presented: Any
) -> None:
    release = threading.Event()

    def work(job: Operation) -> None:
        job.progress("the first step")
        release.wait(10)
        raise StoreError("refused, as this test asked")

    op = window.ops.background(work, path=None, title="Test failed", label="Testing")

    def progress_shown() -> QProgressDialog | None:
        return next((d for d in window.findChildren(QProgressDialog) if d.isVisible()), None)

    qtbot.waitUntil(lambda: progress_shown() is not None, timeout=5000)
    shown = progress_shown()
    assert shown is not None and shown.labelText() == "Testing: the first step…"
    release.set()
    finish(qtbot, op)
    assert [t for t, _ in presented] == ["Test failed"]
    assert progress_shown() is None
    assert QApplication.overrideCursor() is None


# ---------------------------------------------------------------------------- the change signal


def test_the_list_and_an_open_wizard_follow_the_change_signal(
    qtbot: Any, window: MainWindow, wb_path: Path, tmp_path: Path
) -> None:
    wizard: Any = window.open_dossier("blank")
    qtbot.waitUntil(lambda: wizard._restoring is None)
    # a save in the wizard: the list shows it while the wizard is still open
    transaction = page(wizard, "transaction")
    transaction.title_edit.setText("Renamed while open")
    transaction.flush()
    assert "Renamed while open" in titles(window)
    # a change made by another operation of the window: the open wizard shows it
    wizard.go_to("definition")
    covert = page(wizard, "definition").questions["covert"]
    assert not covert.buttons["yes"].isChecked()
    received: list[str] = []
    window.ops.dossier_changed.connect(received.append)
    window._watch.stop()  # only the signal can tell: the change is made on the window's own connection
    workbook = window.workbook
    assert workbook is not None
    assert window.ops.quick(
        lambda: workbook.set_answer("blank", "covert", Answer("yes", "from an operation")),
        title="Not saved",
        dossier="blank",
    )
    assert received == ["blank"]
    assert covert.buttons["yes"].isChecked() and covert.rationale.toPlainText() == "from an operation"
    wizard.done(0)
    # an import (the whole workbook changed): the list follows, and the last dossier imported is selected
    new = tmp_path / "new.json"
    new.write_text(
        json.dumps([dossier_dict(title="Imported one"), dossier_dict(title="Imported two")]), "utf-8"
    )
    op = window.import_files([str(new)])
    assert op is not None
    with qtbot.waitSignal(window.ops.workbook_changed, timeout=15000):
        pass
    finish(qtbot, op)
    assert {"Imported one", "Imported two"} <= set(titles(window))
    assert window.selected_id() == op.result[-1]


def test_a_closed_wizard_no_longer_follows(qtbot: Any, window: MainWindow, isolated: Any) -> None:
    wizard: Any = window.open_dossier("blank")
    qtbot.waitUntil(lambda: wizard._restoring is None)
    wizard.done(0)
    workbook = window.workbook
    assert workbook is not None
    window.ops.quick(lambda: workbook.delete("blank"), title="Cannot delete", dossier="blank")
    assert "Blank draft" not in titles(window)
    assert isolated["critical"] == []  # no "Dossier deleted" from a window already closed


# ---------------------------------------------------------------------------- stopping


def test_closing_the_window_stops_a_running_operation(qtbot: Any, wb_path: Path, isolated: Any) -> None:
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.show()
    assert window.open_workbook(wb_path)
    started, stopped = threading.Event(), threading.Event()

    def work(job: Operation) -> int:
        job.on_interrupt(stopped.set)
        count = job.workbook.count()  # a connection of its own, closed by the operation
        started.set()
        stopped.wait(20)
        return count

    op = window.ops.background(work, path=wb_path, title="Test failed", label="Waiting")
    assert started.wait(10)
    window.close()
    assert stopped.is_set() and op.stopped and op.is_over()
    assert op.isFinished() and window.ops.running == []
    assert op.result is None and isolated["critical"] == []


def test_a_stopped_operation_ends_at_its_next_step(qtbot: Any, window: MainWindow, isolated: Any) -> None:
    steps: list[int] = []

    def work(job: Operation) -> str:
        for n in range(1000):  # ten seconds, unless stopped
            steps.append(n)
            job.progress(f"step {n}")
            threading.Event().wait(0.01)
        return "ran to the end"

    op = window.ops.background(work, path=None, title="Test failed", label="Stepping")
    qtbot.waitUntil(lambda: len(steps) > 3, timeout=5000)
    started = time.perf_counter()
    window.ops.stop_all()
    assert time.perf_counter() - started < 2 and len(steps) < 500
    assert op.stopped and op.is_over() and op.result is None and op.error is None
    assert window.ops.running == [] and isolated["critical"] == []


DRIVER = r"""
import sys, threading
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import gui.main_window
from gui import app as gui_app

opened = gui.main_window.MainWindow.open_workbook

def open_and_work(self, path):
    ok = opened(self, path)
    def work(job):
        stopped = threading.Event()
        job.on_interrupt(stopped.set)
        job.workbook.count()
        print("working", flush=True)
        stopped.wait(30)
        print("stopped" if job.interrupted() else "not stopped", flush=True)
    self.ops.background(work, path=path, title="Test failed", label="Working")
    QTimer.singleShot(500, QApplication.quit)  # the user quits meanwhile
    return ok

gui.main_window.MainWindow.open_workbook = open_and_work
sys.exit(gui_app.run(Path(sys.argv[1])))
"""


def test_quitting_while_an_operation_runs_stops_it_cleanly(tmp_path: Path, wb_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "QT_QPA_PLATFORM": "offscreen",
        "DDWORKBOOK_CONFIG_DIR": str(tmp_path / "cfg"),
        "DDWORKBOOK_BACKUP_DIR": str(tmp_path / "backups"),
    }
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, str(wb_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["working", "stopped"]
    assert "QThread" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


@pytest.mark.parametrize("ending", ["success", "failure"])
def test_an_operation_whose_end_shows_a_dialog_ends_whole(
    qtbot: Any, window: MainWindow, isolated: Any, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    """A dialog shown where an operation ends (the message after importing a sanctions list, or the
    error presenter's) runs an event loop of its own, in which the operation's thread ends: the
    operation must still be there to say it is over (it was deleted, and ``done``/``over`` raised
    "Signal source has been deleted")."""
    from PySide6.QtCore import QEventLoop, QTimer

    def modal(*_args: Any, **_kwargs: Any) -> Any:  # as a modal dialog does: events run meanwhile
        loop = QEventLoop()
        QTimer.singleShot(300, loop.quit)
        loop.exec()
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", modal)

    def work(_job: Operation) -> int:
        if ending == "failure":
            raise StoreError("refused")
        return 1

    ended: list[str] = []
    op = window.ops.background(
        work, path=None, title="Failed", label="Working", progress="none", success=lambda _r: modal()
    )
    op.over.connect(lambda: ended.append("over"))
    op.done.connect(lambda _r: ended.append("done"))
    qtbot.waitUntil(lambda: "over" in ended, timeout=5000)
    assert ended == (["done", "over"] if ending == "success" else ["over"])
    qtbot.waitUntil(lambda: op not in window.ops.running)
