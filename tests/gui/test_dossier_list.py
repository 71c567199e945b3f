"""The list of dossiers as a user meets it: sorting a long list shows its first page at once (the store
sorts), keeps the selected dossier, and a search that finds nothing says so in the list itself; search
finds the destination's name and the outcome's words as they are shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from core.dossier import dossier_from_json
from gui import main_window
from gui.dossier_list import LAST_CHANGE, DossierTableModel
from gui.main_window import MainWindow
from tests.conftest import dossier_dict


def titles(window: MainWindow) -> list[str]:
    model = window.model
    assert model is not None
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def _empty_label(window: MainWindow) -> QLabel:
    label = window.table.findChild(QLabel, "empty_list")
    assert label is not None
    return label


def test_sorting_a_long_list_reads_one_page_in_the_new_order_and_keeps_the_selection(window, monkeypatch):
    assert window.workbook is not None and window.model is not None
    window.workbook.import_dossiers(
        [dossier_from_json(dossier_dict(title=f"Bulk {i:03d}")) for i in range(DossierTableModel.PAGE + 50)]
    )
    window.refresh()
    window.select("kenya")
    everything = sorted(s.title for s in window.workbook.summaries())
    window.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert window.model.rowCount() == DossierTableModel.PAGE  # not the whole list
    assert titles(window) == sorted(everything, key=str.casefold, reverse=True)[: DossierTableModel.PAGE]
    assert window.selected_id() == "kenya"  # read on to it: it is near the top in this order
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert titles(window)[:3] == ["Blank draft", "Bulk 000", "Bulk 001"]
    assert window.selected_id() == "kenya"  # row 252: the list read on to it
    monkeypatch.setattr(main_window, "KEEP_WITHIN", DossierTableModel.PAGE)
    window.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # the outcome: Kenya's is incomplete...
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert window.model.rowCount() == DossierTableModel.PAGE
    assert window.selected_id() is None  # ...past the pages read for a selection: not read for it


def test_a_search_that_finds_nothing_says_so_in_the_list(qtbot, window):
    label = _empty_label(window)
    assert not label.isVisible()
    window.search.setText("quillwort")
    qtbot.waitUntil(lambda: titles(window) == [])
    assert label.isVisible()
    assert "No dossier matches “quillwort”" in label.text()
    assert "0 of 3 dossiers" in window.empty_hint.text()
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)  # Esc clears the search
    assert window.search.text() == "" and len(titles(window)) == 3
    assert not label.isVisible()


def test_an_empty_workbook_says_how_to_start_in_the_list(window, tmp_path):
    from core.store import Workbook

    Workbook.open(tmp_path / "empty.ddwb").close()
    assert window.open_workbook(tmp_path / "empty.ddwb")
    label = _empty_label(window)
    assert label.isVisible() and "Ctrl+N" in label.text()


def test_search_finds_the_destinations_name_and_the_outcomes_words(qtbot, window):
    window.search.setText("arab")  # United Arab Emirates, the destination of the example
    qtbot.waitUntil(lambda: titles(window) == ["Lawful interception analytics for AE police"])
    window.search.setText("legitimate purpose")  # its outcome: Notify (legitimate purpose)
    qtbot.waitUntil(lambda: titles(window) == ["Lawful interception analytics for AE police"])
    window.search.setText("incomplete")  # the outcome of the two others
    qtbot.waitUntil(lambda: sorted(titles(window)) == ["Blank draft", "Forensic kit for Kenya"])
    window.search.setText("draft forensic")  # the status as shown, and a word of the title
    qtbot.waitUntil(lambda: titles(window) == ["Forensic kit for Kenya"])


def test_the_list_sorts_from_the_keyboard_too(window):
    assert window.sort_actions[LAST_CHANGE].isChecked() and not window.act_reverse.isChecked()  # newest first
    window.sort_actions[4].trigger()  # View > Sort by > Outcome
    outcomes = [window.model.data(window.model.index(r, 4)) for r in range(window.model.rowCount())]
    assert outcomes == ["Incomplete", "Incomplete", "Notify (legitimate purpose)"]
    assert window.sort_actions[4].isChecked() and not window.act_reverse.isChecked()
    window.act_reverse.trigger()
    assert [window.model.data(window.model.index(r, 4)) for r in range(3)] == outcomes[::-1]
    assert window.act_reverse.isChecked()
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by mouse: the menu follows
    assert window.sort_actions[0].isChecked() and not window.act_reverse.isChecked()


def test_from_the_search_box_the_keyboard_goes_on_to_what_was_found(qtbot, window):
    window.show()
    window.activateWindow()
    window.focus_search()
    qtbot.keyClicks(window.search, "forensic")
    qtbot.keyClick(window.search, Qt.Key.Key_Down)  # at once: the search is made first
    assert titles(window) == ["Forensic kit for Kenya"]
    assert window.selected_id() == "kenya"  # selected, so that Ctrl+H, Ctrl+P... act on it
    assert window.act_history.isEnabled()


def test_deleting_a_dossier_does_not_read_the_whole_list(window, isolated):
    from PySide6.QtWidgets import QMessageBox

    assert window.workbook is not None and window.model is not None
    window.workbook.import_dossiers(
        [dossier_from_json(dossier_dict(title=f"Bulk {i:03d}")) for i in range(DossierTableModel.PAGE + 50)]
    )
    window.refresh()
    window.table.selectRow(0)
    doomed = window.selected_id()
    isolated["answer"] = [QMessageBox.StandardButton.Yes]
    window.act_delete.trigger()
    assert doomed is not None and not window.workbook.exists(doomed)
    assert window.model.rowCount() == DossierTableModel.PAGE  # not read to its end looking for it
