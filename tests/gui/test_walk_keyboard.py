"""Found walking through the program with the keyboard only (issues 13 and 14): Tab leaves the parties
table and the hits table instead of wandering through their cells forever, and a party's first open hit
is selected, so that "Decide on hit…" (Alt+D) works without a mouse."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import finish, page
from tests.gui.test_screening_gui import SAMPLES, _deal, _lists

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"the samples are not at {SAMPLES}")


@pytest.fixture
def parties_page(open_wizard: Any, wb_path: Any) -> Any:
    _lists(wb_path)
    did = _deal(wb_path, ("end_user", "Viktor Zhuravlev"), ("consignee", "ООО Нордвинд Сигнал"))
    w = open_wizard(did)
    w.go_to("parties")
    w.activateWindow()
    return w


def test_tab_leaves_the_parties_table(qtbot: Any, parties_page: Any) -> None:
    parties = page(parties_page, "parties")
    parties.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is parties.table)
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not parties.table
    assert parties.table.currentIndex().row() == 0  # Tab did not move through the rows


def test_tab_in_a_cell_being_edited_still_goes_to_the_next_cell(qtbot: Any, parties_page: Any) -> None:
    parties = page(parties_page, "parties")
    parties.table.setFocus()
    parties.table.setCurrentIndex(parties.model.index(0, 1))
    parties.table.edit(parties.model.index(0, 1))
    editor = QApplication.focusWidget()
    assert editor is not parties.table
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert parties.table.currentIndex().column() == 2


def test_the_first_open_hit_is_selected_so_decide_works_from_the_keyboard(
    qtbot: Any, parties_page: Any
) -> None:
    parties = page(parties_page, "parties")
    panel = parties.screening
    finish(qtbot, panel.screen_parties(all_parties=True))
    parties.table.setCurrentIndex(parties.model.index(1, 1))
    assert panel.decide_button.isEnabled()
    qtbot.keyClick(QApplication.focusWidget() or parties_page, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible())  # after animateClick
    assert panel.dialog is not None and panel.dialog.ref.hit.entry == "EU.9002.02"
    panel.dialog.reject()
