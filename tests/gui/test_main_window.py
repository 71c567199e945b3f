"""The main window: the list, search, sorting, the dossier actions, errors as dialogs, settings,
and `ddworkbook gui --quit-after-startup`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from core.dossier import dossier_from_json
from core.store import DEFAULT_ORDER, Order, Summary, Workbook
from gui import screens
from gui.dossier_list import LAST_CHANGE, DossierTableModel
from gui.main_window import MainWindow
from gui.settings import TEXT_SIZES, Settings, text_size
from gui.wizard import DossierWizard
from tests.conftest import REPO, dossier_dict
from tests.gui.conftest import finish


def titles(window) -> list[str]:
    model = window.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_the_list_shows_the_workbook(window, qtmodeltester):
    assert sorted(titles(window)) == [
        "Blank draft",
        "Forensic kit for Kenya",
        "Lawful interception analytics for AE police",
    ]
    model = window.model
    row = titles(window).index("Lawful interception analytics for AE police")
    assert model.data(model.index(row, 2)) == "United Arab Emirates"
    assert model.data(model.index(row, 3)) == "Draft"
    assert model.data(model.index(row, 4)) == "Notify (legitimate purpose)"
    assert "1 dossiers" not in window.empty_hint.text() and "3 dossiers" in window.empty_hint.text()
    qtmodeltester.check(model)


def _pages(rows: list[Summary], calls: list[Any]):
    """A fetch function over ``rows`` (in the store's order, whatever order is asked for) that records
    the orders and limits asked for."""

    def fetch(order: Order, limit: int | None, after: Summary | None) -> list[Summary]:
        calls.append(limit if order == DEFAULT_ORDER else (order, limit))
        start = rows.index(after) + 1 if after else 0
        return rows[start:] if limit is None else rows[start : start + limit]

    return fetch


def _summaries(n: int) -> list[Summary]:
    rows = [
        Summary(
            f"id{i:04d}",
            f"Dossier {i}",
            None,
            "KE",
            "Kenya",
            "draft",
            "incomplete",
            f"2026-01-{i % 28 + 1:02d}",
            "0" * 64,
        )
        for i in range(n)
    ]
    return sorted(rows, key=lambda r: (r.updated, r.id), reverse=True)


def test_the_model_reads_a_page_at_a_time_and_passes_the_tester(qtmodeltester):
    rows, calls = _summaries(500), list[Any]()
    model = DossierTableModel()
    model.load(_pages(rows, calls))
    assert (model.rowCount(), calls) == (DossierTableModel.PAGE, [DossierTableModel.PAGE])
    assert model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)  # fetches the rest as a view would
    assert [model.summary(r) for r in range(model.rowCount())] == rows
    assert not model.canFetchMore(QModelIndex())


def test_sorting_asks_the_store_for_the_first_page_of_that_order(qtmodeltester):
    rows, calls = _summaries(450), list[Any]()
    model = DossierTableModel()
    model.load(_pages(rows, calls))
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    model.sort(2, Qt.SortOrder.DescendingOrder)  # the same order again: nothing to read
    assert calls == [
        DossierTableModel.PAGE,
        (Order("title", False), DossierTableModel.PAGE),
        (Order("destination", True), DossierTableModel.PAGE),
    ]
    assert model.rowCount() == DossierTableModel.PAGE
    model.sort(LAST_CHANGE, Qt.SortOrder.DescendingOrder)  # back to the store's order
    assert calls[-1] == DossierTableModel.PAGE
    qtmodeltester.check(model)


def test_finding_a_row_not_yet_read(qtmodeltester):
    rows, calls = _summaries(450), list[Any]()
    model = DossierTableModel()
    model.load(_pages(rows, calls))
    assert model.row_of(rows[-1].id) == 449 and model.row_of("nope") == -1
    assert calls == [DossierTableModel.PAGE, None]
    model.load(_pages(rows, calls))
    assert model.row_of(rows[-1].id, within=DossierTableModel.PAGE * 2) == -1  # not that far
    assert model.rowCount() == DossierTableModel.PAGE * 2


def test_search_uses_full_text(qtbot, window):
    window.search.setText("extractpro")
    qtbot.waitUntil(lambda: titles(window) == ["Forensic kit for Kenya"])
    assert "1 of 3 dossiers" in window.empty_hint.text()
    window.search.setText("police")  # a party name
    qtbot.waitUntil(lambda: titles(window) == ["Lawful interception analytics for AE police"])
    window.search.clear()
    qtbot.waitUntil(lambda: len(titles(window)) == 3)


def test_sorting_by_a_column(window):
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert titles(window) == sorted(titles(window), key=str.casefold)
    window.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert titles(window) == sorted(titles(window), key=str.casefold, reverse=True)
    window.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    model = window.model
    outcomes = [model.data(model.index(r, 4)) for r in range(model.rowCount())]
    assert outcomes == sorted(outcomes, key=str.casefold) and len(set(outcomes)) == 2


def test_shortcuts(window):
    assert window.act_new.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert window.act_find.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert window.act_delete.shortcut() == QKeySequence(QKeySequence.StandardKey.Delete)
    window.act_find.trigger()
    assert QApplication.focusWidget() is window.search or window.search.hasFocus()


def test_new_dossier_opens_the_wizard(qtbot, window):
    window.act_new.trigger()
    wizard = window.findChild(DossierWizard)
    assert wizard is not None and wizard.isVisible()
    assert wizard.dossier.title == "New dossier"
    assert len(titles(window)) == 4
    wizard.reject()
    qtbot.waitUntil(lambda: not wizard.isVisible())


def test_open_duplicate_and_export(qtbot, window, tmp_path):
    window.table.selectRow(titles(window).index("Forensic kit for Kenya"))
    assert window.act_open.isEnabled()
    window.act_duplicate.trigger()
    assert "Forensic kit for Kenya (copy)" in titles(window)
    finish(qtbot, window.export_selected(str(tmp_path / "out.json")))
    assert window.statusBar().currentMessage() == f"Exported to {tmp_path / 'out.json'}"
    exported = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert exported["title"] == "Forensic kit for Kenya (copy)"


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_delete_asks_and_a_finalised_dossier_is_refused(window, isolated, wb_path):
    window.workbook.finalise("kenya", "A", "B")
    window.refresh()
    window.table.selectRow(titles(window).index("Forensic kit for Kenya"))
    window.act_delete.trigger()
    assert isolated["critical"][-1][0] == "Cannot delete"
    assert "must be kept until" in isolated["critical"][-1][1]
    assert isolated["question"] == []  # refused before anything is asked
    assert "Forensic kit for Kenya" in titles(window)

    window.table.selectRow(titles(window).index("Blank draft"))
    isolated["answer"] = [QMessageBox.StandardButton.No]
    window.act_delete.trigger()
    assert "Blank draft" in titles(window)
    isolated["answer"] = [QMessageBox.StandardButton.Yes]
    window.act_delete.trigger()
    assert "Blank draft" not in titles(window)


def test_import_refused_shows_a_dialog_and_imports_nothing(qtbot, window, isolated, tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(dossier_dict(title="Good")), "utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(dossier_dict({"covert": "perhaps"})), "utf-8")
    refused = window.import_files([str(good), str(bad)])
    finish(qtbot, refused)
    assert refused.result is None
    title, message = isolated["critical"][-1]
    assert "nothing was imported" in title and "answers.covert" in message
    assert "Good" not in titles(window)
    imported = window.import_files([str(good)])
    finish(qtbot, imported)
    assert len(imported.result) == 1
    assert "Good" in titles(window)
    assert window.selected_id() == imported.result[0]
    assert window.statusBar().currentMessage() == "Imported 1 dossier"


def test_a_refused_workbook_shows_a_dialog_and_the_program_goes_on(window, isolated, tmp_path):
    junk = tmp_path / "junk.ddwb"
    junk.write_text("no workbook here " * 50)
    assert not window.open_workbook(junk)
    assert isolated["critical"][-1][0] == "Workbook refused"
    assert window.workbook is not None and len(titles(window)) == 3  # still on the old workbook


def test_a_damaged_workbook_is_found_by_the_background_check(qtbot, isolated, tmp_path):
    from core.dossier import dossier_from_json
    from gui.main_window import MainWindow

    path = tmp_path / "big.ddwb"
    with Workbook.open(path) as wb:
        [did] = wb.import_dossiers([dossier_from_json(dossier_dict())])
        evidence = tmp_path / "capture.bin"
        evidence.write_bytes(os.urandom(300_000))
        wb.attach(did, evidence)  # written last: the file ends in its overflow pages
    raw = bytearray(path.read_bytes())
    for i in range(len(raw) - 3 * 4096, len(raw)):  # pages that opening does not read
        raw[i] = 0x55
    path.write_bytes(bytes(raw))
    w = MainWindow(Settings())
    qtbot.addWidget(w)
    w.show()
    assert w.open_workbook(path)  # the list appears at once...
    qtbot.waitUntil(lambda: bool(isolated["critical"]), timeout=10000)  # ...the check follows
    title, message = isolated["critical"][-1]
    assert title == "Workbook damaged"
    assert "is damaged" in message and "restore it from a backup" in message
    assert w.workbook is None and not w.act_new.isEnabled()
    w.close()


def test_recent_workbooks_and_switching(window, tmp_path):
    other = tmp_path / "other.ddwb"
    Workbook.open(other).close()
    assert window.open_workbook(other)
    assert titles(window) == []
    assert "Press Ctrl+N" in window.empty_hint.text()
    recent = Settings().get("recent_workbooks")
    assert recent[0] == str(other) and len(recent) == 2
    assert [a.text() for a in window.recent_menu.actions()] == recent


def test_larger_text_for_workshops(qtbot, window):
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font().pointSizeF()
    header = window.table.horizontalHeader()
    date_width = header.sectionSize(LAST_CHANGE)
    window.act_larger.trigger()
    assert app.font().pointSizeF() > before
    assert Settings().get("text_size") == 115
    # the columns follow the font: the date grows and stays whole
    qtbot.waitUntil(lambda: header.sectionSize(LAST_CHANGE) > date_width)
    assert header.sectionSize(LAST_CHANGE) > window.table.fontMetrics().horizontalAdvance("2026-12-31 23:59")
    window.act_smaller.trigger()
    assert app.font().pointSizeF() == before


def test_the_former_larger_text_setting_is_a_text_size(tmp_path):
    settings = Settings(tmp_path)
    assert text_size(settings) == 100
    settings.set("larger_text", True)  # as an earlier version kept it
    assert text_size(settings) == 130
    settings.set("text_size", 150)
    assert text_size(settings) == 150
    settings.set("text_size", 1000)
    assert text_size(settings) == max(TEXT_SIZES)


def test_gui_quit_after_startup(tmp_path, wb_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DDWORKBOOK_CONFIG_DIR": str(tmp_path / "cfg")}
    proc = subprocess.run(
        [sys.executable, "-m", "core.cli", "--workbook", str(wb_path), "gui", "--quit-after-startup"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert Path(wb_path).exists()


def test_pdf_report_from_the_list_runs_off_the_gui_thread(qtbot, window, tmp_path, monkeypatch):
    from pypdf import PdfReader
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    window.table.selectRow(titles(window).index("Lawful interception analytics for AE police"))
    target = tmp_path / "report.pdf"
    job = window.report_selected(target)
    assert job is not None
    with qtbot.waitSignal(job.done, timeout=30000) as blocker:
        pass
    written = blocker.args[0]
    assert written == [target, tmp_path / "report-notification.pdf"]
    assert opened == [str(p) for p in written]
    assert "Lawful interception" in (PdfReader(str(target)).pages[0].extract_text() or "")


def test_the_window_reopens_as_it_was_left(qtbot, wb_path):
    first = MainWindow(Settings())
    qtbot.addWidget(first)
    room = screens.available(first)
    assert room.contains(first.frameGeometry())  # the first time: as large as the screen allows
    assert first.size().width() == min(1240, room.width() - screens.FRAME[0])
    first.show()
    first.resize(700, 480)  # within the offscreen screen (800 x 800): restoring keeps a window on it
    qtbot.waitUntil(lambda: first.size().width() == 700)
    first.close()
    assert Settings().get("window_geometry")
    again = MainWindow(Settings())
    qtbot.addWidget(again)
    assert (again.size().width(), again.size().height()) == (700, 480)


def test_end_goes_to_the_last_dossier_of_a_long_list(qtbot, window):
    window.workbook.import_dossiers(
        [dossier_from_json(dossier_dict(title=f"Bulk {i}")) for i in range(DossierTableModel.PAGE + 50)]
    )
    window.refresh()
    total = window.workbook.count()
    assert window.model.rowCount() == DossierTableModel.PAGE < total  # a page at a time
    window.table.setFocus()
    window.table.selectRow(0)
    qtbot.keyClick(window.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert window.model.rowCount() == total
    assert window.table.currentIndex().row() == total - 1


def _hostile_files(tmp_path: Path) -> dict[str, Path]:
    """Each hostile input of issue 9 as a file the desktop program could be given."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    files: dict[str, Path] = {}

    def text(name: str, body: str) -> Path:
        (folder / name).write_text(body, "utf-8")
        return folder / name

    os.mkfifo(folder / "pipe.json")
    files["named pipe"] = folder / "pipe.json"
    files["device"] = Path("/dev/zero")
    files["folder"] = folder
    files["5,000-digit number"] = text(
        "big.json",
        '{"format": "ddworkbook/dossier", "version": 1, '
        '"title": "x", "parties": [{"name": %s}]}' % ("1" * 5000),
    )
    files["lone surrogate"] = text(
        "sur.json", '{"format": "ddworkbook/dossier", "version": 1, "title": "\\ud800"}'
    )
    files["bad date"] = text(
        "date.json", json.dumps(dossier_dict(sign_off={"name": "A", "role": "B", "date": "9999-12-31"}))
    )
    (tmp_path / "secret.txt").write_text("secret")
    (folder / "link.pdf").symlink_to(tmp_path / "secret.txt")
    files["evidence path leading out"] = text(
        "out.json", json.dumps(dossier_dict(evidence=[{"id": "e1", "filename": "x", "path": "link.pdf"}]))
    )
    files["evidence path absolute"] = text(
        "abs.json",
        json.dumps(
            dossier_dict(evidence=[{"id": "e1", "filename": "x", "path": str(tmp_path / "secret.txt")}])
        ),
    )
    with (folder / "huge.json").open("wb") as f:
        f.truncate(64 * 1024 * 1024 + 1)
    files["huge file"] = folder / "huge.json"
    return files


def test_import_of_hostile_files_shows_a_dialog_every_time(qtbot, window, isolated, tmp_path, monkeypatch):
    import signal

    def alarm(*_: object) -> None:
        raise TimeoutError("blocked")

    old = signal.signal(signal.SIGALRM, alarm)
    before = titles(window)
    try:
        for case, path in _hostile_files(tmp_path).items():
            shown = len(isolated["critical"])
            signal.alarm(10)
            op = window.import_files([str(path)])
            finish(qtbot, op, timeout=10000)
            signal.alarm(0)
            assert op.result is None and op.error is not None, case
            assert len(isolated["critical"]) == shown + 1, case
            title, message = isolated["critical"][-1]
            assert "nothing was imported" in title, case
            assert "unexpected" not in message and "secret" not in message, (case, message)
            assert QApplication.overrideCursor() is None, case
            assert titles(window) == before, case
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_enter_on_the_current_row_opens_it_also_when_nothing_is_selected(qtbot, window):
    """At start the list has a current row (its focus frame shows) but no selection: Enter there opened
    nothing (found under Xvfb). The row Enter or a double-click acts on is the dossier opened."""
    window.show()
    qtbot.waitExposed(window)
    window.table.clearSelection()
    row = titles(window).index("Forensic kit for Kenya")
    index = window.model.index(row, 0)
    window.table.selectionModel().setCurrentIndex(index, window.table.selectionModel().SelectionFlag.NoUpdate)
    assert window.selected_id() is None
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    wizard = window.findChild(DossierWizard)
    assert wizard is not None and wizard.isVisible()
    assert wizard.dossier.title == "Forensic kit for Kenya"
    assert window.selected_id() == wizard.dossier.id  # the row opened is the one selected
    wizard.reject()
    qtbot.waitUntil(lambda: not wizard.isVisible())
