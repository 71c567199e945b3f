"""Found walking through the program with the keyboard only (issues 13 and 14): Tab leaves the parties
table and the hits table instead of wandering through their cells forever, and a party's first open hit
is selected, so that "Decide on hit…" (Alt+D) works without a mouse."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from tests.gui.conftest import finish, page
from tests.gui.test_screening_gui import SAMPLES, UN_XML, _deal, _lists

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


def test_the_decision_dialog_names_the_list_in_words_and_tab_leaves_the_note(
    qtbot: Any, parties_page: Any
) -> None:
    parties = page(parties_page, "parties")
    panel = parties.screening
    finish(qtbot, panel.screen_parties(all_parties=True))
    parties.table.setCurrentIndex(parties.model.index(0, 1))
    dialog = panel.decide()
    assert dialog is not None
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "eu_fsf" not in texts and "EU Financial Sanctions Files" in texts
    dialog.false_positive.setChecked(True)
    dialog.note.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.note)
    qtbot.keyClicks(dialog.note, "Born 1961")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Tab)
    assert dialog.note.toPlainText() == "Born 1961"  # no tab character typed into the note
    assert QApplication.focusWidget() is not dialog.note
    dialog.reject()


def test_an_imported_list_is_named_in_words_not_by_its_internal_id(
    qtbot: Any, window: Any, isolated: Any
) -> None:
    finish(qtbot, window.lists.import_file(str(UN_XML)))
    ((_title, text),) = isolated["information"]
    assert "un_sc" not in text and text.startswith("UN Security Council")
    assert "un_sc" not in window.lists.label.toolTip() and "UN list" in window.lists.label.toolTip()


def _mnemonic(text: str) -> str | None:
    """The letter after a single '&' in a label or button text ("D&ossier" -> "o"), if any."""
    i = text.replace("&&", "").find("&")
    return text.replace("&&", "")[i + 1].lower() if i >= 0 and i + 1 < len(text.replace("&&", "")) else None


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_two_mnemonics_on_a_page_share_a_letter(qtbot: Any, open_wizard: Any, language: str) -> None:
    """Alt+O went to the EORI field on the transaction page instead of opening the Dossier menu; in
    Dutch as in English."""

    from core import i18n

    i18n.set_language(language)
    try:
        _no_shared_mnemonics(open_wizard("example"))
    finally:
        i18n.set_language("en")


def _no_shared_mnemonics(w: Any) -> None:
    from PySide6.QtWidgets import QAbstractButton

    menus = [m.title() for m in (w.dossier_menu, w.edit_menu, w.help_menu)]
    clashes = {}
    for name in w.pages:
        w.go_to(name)
        texts = list(menus)
        texts += [b.text() for b in w.findChildren(QAbstractButton) if b.isVisible()]
        texts += [label.text() for label in w.findChildren(QLabel) if label.isVisible() and label.buddy()]
        letters = [m for m in map(_mnemonic, set(texts)) if m]  # the same button at each question cycles
        twice = sorted({m for m in letters if letters.count(m) > 1})
        if twice:
            clashes[name] = sorted({t for t in texts if _mnemonic(t) in twice})
    assert clashes == {}, clashes


def test_a_date_problem_goes_once_the_date_is_corrected(qtbot: Any, wb_path: Any, window: Any) -> None:
    """'Not a date' stayed under a corrected date until Save was pressed again."""
    from gui.reply import ExportDateDialog
    from tests.gui.test_reply import _finalise, _save

    _finalise(wb_path)
    window.refresh()
    window.select("example")
    window.act_export_date.trigger()
    dialog = window.findChild(ExportDateDialog)
    assert dialog is not None
    dialog.date.setText("2026-13-01")
    _save(dialog)
    assert dialog.problem.isVisibleTo(dialog) and "Not a date" in dialog.problem.text()
    dialog.date.setText("2026-11-01")
    assert not dialog.problem.isVisibleTo(dialog)
    dialog.reject()


def test_opening_the_example_changes_nothing(qtbot: Any, tmp_path: Any, open_wizard: Any) -> None:
    """Opening the example dossier journaled an edit of its mitigations (put in the catalogue's order
    by a save that followed the loading of the notes), shown in the history as "Changed"."""
    from core.dossier import read_dossier_file
    from core.examples import example_dossier_file
    from core.store import Workbook
    from gui.wizard.widgets import SAVE_DELAY_MS

    path = tmp_path / "example.ddwb"
    with Workbook.open(path) as wb:
        source = example_dossier_file()
        (did,) = wb.import_batches([(source, read_dossier_file(source))])
        before = wb.dossier(did).mitigations
        journal = len(wb.journal(did))
    w = open_wizard(did, path)
    for name in w.pages:
        w.go_to(name)
    qtbot.wait(SAVE_DELAY_MS * 3)
    w.close()
    with Workbook.open(path) as wb:
        assert wb.dossier(did).mitigations == before
        assert [e.action for e in wb.journal(did)][journal:] == []


def test_the_text_size_message_is_not_drawn_over_the_workbook_line(qtbot: Any, window: Any) -> None:
    """After Ctrl++ the status bar showed "Text size 130%" on top of "/…/wb.ddwb · 4 dossiers"."""
    window.set_text_size(130)
    qtbot.wait(50)
    bar = window.statusBar()
    assert bar.currentMessage() == "Text size 130%"
    assert not window.empty_hint.isVisible()  # the message has the place while it is shown
    bar.clearMessage()
    assert window.empty_hint.isVisible() and "3 dossiers" in window.empty_hint.text()
    window.set_text_size(100)


def test_every_page_on_the_route_of_a_finalised_dossier_is_offered(
    qtbot: Any, wb_path: Any, open_wizard: Any
) -> None:
    """Reopened after sign-off, a dossier offered only the pages seen in that window: a reviewer
    reading it had to press Next through every page to reach the outcome."""
    from core.store import Workbook

    with Workbook.open(wb_path) as wb:
        wb.finalise("example", "A. Officer", "Compliance", export_year=2026, accept_holds="a test")
    w = open_wizard("example")
    assert w.frozen
    offered = [
        r
        for r in range(len(w.page_names))
        if w.sidebar.pages.item(r).flags() & w.sidebar.pages.item(0).flags().ItemIsEnabled
    ]
    assert offered == list(range(len(w.page_names)))  # the example is decided at the last step
    w.sidebar.pages.itemClicked.emit(w.sidebar.pages.item(len(w.page_names) - 1))
    assert w.current_name() == "outcome"
