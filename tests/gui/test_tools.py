"""The dossier's history, Tools > Verify workbook, Tools > Records and retention, and where a report was
written, as a user meets them in the desktop program."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.dossier import Answer
from gui.main_window import MainWindow
from tests.gui.conftest import finish


def _select(window: MainWindow, dossier_id: str) -> None:
    window.select(dossier_id)
    assert window.selected_id() == dossier_id


def test_the_history_of_a_dossier_in_words(qtbot, window):
    assert window.workbook is not None
    window.workbook.set_answer("example", "covert", Answer("no", "checked with the vendor"))
    _select(window, "example")
    assert window.act_history.isEnabled() and window.act_history.shortcut().toString() == "Ctrl+H"
    dialog: Any = window.history_selected()
    qtbot.addWidget(dialog)
    text = dialog.plain_text()
    assert "Imported from a dossier file" in text
    assert "Covert surveillance: Yes → No" in text
    assert "Covert surveillance, reason: (none) → “checked with the vendor”" in text
    assert "answers." not in text
    assert "Lawful interception analytics for AE police" in dialog.windowTitle()
    dialog.copy_button.click()
    assert "Covert surveillance: Yes → No" in QApplication.clipboard().text()


def test_a_dossier_made_with_new_has_a_history_that_says_so(qtbot, window):
    window.act_new.trigger()
    wizard = window._wizards[-1]
    wizard.reject()
    qtbot.waitUntil(lambda: not wizard.isVisible())
    new = [s.id for s in window.workbook.summaries() if s.title == "New dossier"]
    _select(window, new[0])
    dialog: Any = window.history_selected()
    qtbot.addWidget(dialog)
    assert "Created in the program" in dialog.plain_text()
    assert "mport" not in dialog.plain_text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def _dialog(window: MainWindow, kind: type[Any]) -> Any:
    found: list[Any] = [w for w in window.findChildren(kind) if w.isVisible()]
    assert len(found) == 1, found
    return found[0]


def test_verify_from_the_tools_menu_says_what_was_checked(qtbot, window, wb_path, tmp_path):
    from gui.verify import VerifyDialog

    assert window.act_verify.isEnabled()
    assert window.act_verify in window.menuBar().actions()[-1].menu().actions() or any(
        window.act_verify in m.menu().actions() for m in window.menuBar().actions() if m.menu()
    )
    finish(qtbot, window.verify_workbook())
    dialog = _dialog(window, VerifyDialog)
    text = dialog.view.toPlainText()
    assert text.startswith("The workbook wb.ddwb is sound.")
    for checked in (
        "SQLite's integrity check and foreign keys",
        "the journal's hash chain (3 entries)",
        "3 dossiers against their fingerprints and last journal entries",
        "0 signed-off dossiers against their seals",
        "0 evidence files against their SHA-256",
    ):
        assert checked in text, text
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == text
    saved = tmp_path / "result.txt"
    assert dialog.save(saved)
    assert saved.read_text("utf-8") == text
    dialog.close()


def test_verify_lists_the_problems_one_a_line(qtbot, window, wb_path):
    from gui.verify import VerifyDialog

    conn = sqlite3.connect(wb_path)  # changed behind ddworkbook's back: no journal entry, no fingerprint
    with conn:
        conn.execute("UPDATE dossiers SET stated_end_use = 'changed' WHERE id = 'kenya'")
    conn.close()
    finish(qtbot, window.verify_workbook())
    dialog = _dialog(window, VerifyDialog)
    lines = dialog.view.toPlainText().splitlines()
    assert lines[0] == "2 problems found in the workbook wb.ddwb:"
    problems = [line for line in lines if line.startswith("PROBLEM: ")]
    assert len(problems) == 2 and all("dossier kenya" in p for p in problems), problems
    assert "changed outside ddworkbook" in problems[0]


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_records_show_retention_and_delete_only_what_may_be(qtbot, window, isolated):
    import datetime as dt

    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QMessageBox

    from gui.records import RecordsDialog

    wb = window.workbook
    assert wb is not None
    wb.finalise("kenya", "J. Jansen", "Compliance officer", dt.date(2019, 3, 1), 2019)  # kept to 2024
    wb.finalise("example", "J. Jansen", "Compliance officer")  # kept for years yet
    window.refresh()
    dialog = window.show_records()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, RecordsDialog)
    assert dialog.summary.text().startswith(
        "2 finalised dossiers are kept in this workbook. 1 of them may now"
    )
    model = dialog.model
    assert [r.id for r in model.rows] == ["kenya", "example"]  # the first to end first
    assert (
        model.data(model.index(0, 4)) == "2024-12-31"
        and model.data(model.index(0, 5)) == "Yes: retention ended"
    )
    assert model.data(model.index(1, 5)) == "No"
    assert model.data(model.index(0, 2)) == "2019-03-01 by J. Jansen"

    dialog.table.selectRow(1)
    assert not dialog.delete_button.isEnabled()  # inside its retention: not offered
    dialog.table.selectionModel().select(
        model.index(0, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    )
    assert not dialog.delete_button.isEnabled()  # not while one of those selected must be kept
    dialog.table.selectRow(0)
    assert dialog.delete_button.isEnabled()
    isolated["answer"] = [QMessageBox.StandardButton.No]
    assert dialog.delete_selected() == 0 and wb.exists("kenya")
    isolated["answer"] = [QMessageBox.StandardButton.Yes]
    dialog.delete_button.click()
    assert "retention ended on 2024-12-31" in isolated["question"][-1][1]
    assert not wb.exists("kenya")
    assert [r.id for r in model.rows] == ["example"]
    assert "Forensic kit for Kenya" not in [
        window.model.data(window.model.index(r, 0)) for r in range(window.model.rowCount())
    ]
    dialog.only.setChecked(True)
    assert model.rows == []


@pytest.mark.parametrize(
    ("title", "reference", "expected"),
    [
        ("Lawful interception analytics for AE police", "EXP-2026-014", "EXP-2026-014"),
        ("Forensic kit for Kenya (copy)", None, "Forensic kit for Kenya copy"),
        ("Kit: A/B “test” [draft] <x>?*|", "", "Kit A B test draft x"),
        ("Überwachung für Curaçao", None, "Überwachung für Curaçao"),
        ("word " * 30, None, ("word " * 12).strip()),  # short: at most 60 characters, between words
        ("CON", None, "CON_"),  # a name Windows keeps for a device
        ("((( )))", None, "d1"),  # nothing left: the id
    ],
)
def test_file_names_are_short_and_safe(title, reference, expected):
    from gui.report import report_file_name
    from gui.settings import NAME_CHARS, file_name

    name = file_name(title, "d1", reference)
    assert name == expected
    assert len(name) <= NAME_CHARS and not set(name) & set('()[]<>:/\\|?*"“”')
    assert report_file_name(title, "d1", reference) == f"{expected} report.pdf"


def test_a_written_report_says_where_with_open_folder(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    suggested: list[str] = []
    target = tmp_path / "out" / "EXP-2026-014 report.pdf"
    target.parent.mkdir()

    def save_as(_parent: Any, _title: str, name: str, _filter: str, _selected: str = "") -> tuple[str, str]:
        suggested.append(name)
        return str(target), ""

    opened: list[str] = []

    def no_viewer(url: Any) -> bool:  # as on a machine without a PDF viewer or a file manager
        opened.append(url.toLocalFile())
        return False

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    monkeypatch.setattr(QDesktopServices, "openUrl", no_viewer)
    _select(window, "example")
    finish(qtbot, window.report_selected())
    assert Path(suggested[0]).name == "EXP-2026-014 report.pdf"
    assert target.exists() and target.with_name("EXP-2026-014 report-notification.pdf").exists()
    box = window.findChild(QMessageBox, "report_written")
    assert box is not None and box.isVisible()
    assert str(target) in box.text() and "EXP-2026-014 report-notification.pdf" in box.text()
    assert "No program to show PDF files" in box.informativeText()  # openUrl said it could not
    [folder] = [b for b in box.buttons() if b.text().replace("&", "") == "Open folder"]
    opened.clear()
    folder.click()
    assert opened == [str(target.parent)]


def test_a_report_shown_in_a_viewer_still_says_where_it_is(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    _select(window, "kenya")
    finish(qtbot, window.report_selected(tmp_path / "kenya.pdf"))
    box = window.findChild(QMessageBox, "report_written")
    assert box is not None and str(tmp_path / "kenya.pdf") in box.text()
    assert box.informativeText() == ""
