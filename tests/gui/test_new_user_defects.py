"""The defects a new user hit in the desktop program (issue 14, defects 1 to 10), each driven through
the real widgets: a country typed in full, Enter in a text field, the mouse wheel over a combo box,
the dossier window on a small screen and larger text, one window per dossier, undo, arrow keys in a
group of options, stale guidance, the finalised parties page, a copied dossier in the list; and a
read-only dossier that must not look editable."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QGuiApplication, QPalette, QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QStyleOptionViewItem,
    QWizard,
)

from core.store import Workbook
from gui import screens
from gui.settings import TEXT_SIZES, Settings, apply_text_size
from gui.wizard import DossierWizard
from gui.wizard.pages import MitigationsPanel, RedFlagsPanel
from gui.wizard.widgets import CountryCombo
from tests.gui.conftest import answer, page


def press_enter(qtbot: Any, widget: Any) -> None:
    """Enter as the user's key arrives: to the list of completions when it is open (it closes, and
    the field takes what was typed), then to the field, which commits the cell."""
    popup = QApplication.activePopupWidget()
    if popup is not None:
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        # the offscreen platform makes a popup the active window (X11, Windows and macOS keep the
        # dialog active), and Qt crashes deleting the editor while its closed popup is still active
        widget.window().activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def available_now(widget: Any) -> QRect:
    return screens.available(widget)


@pytest.fixture(autouse=True)
def normal_text() -> Iterator[None]:
    """The application's text size as it was, whatever a test chose."""
    yield
    app = QApplication.instance()
    if isinstance(app, QApplication) and app.property("ddworkbook_base_point_size"):
        apply_text_size(app, 100)


def go_to(wizard: DossierWizard, name: str) -> None:
    """Press Next until the page ``name`` shows."""
    for _ in range(len(wizard.page_names)):
        if wizard.current_name() == name:
            return
        wizard.next()
    assert wizard.current_name() == name


def focus(qtbot: Any, widget: Any) -> None:
    widget.window().activateWindow()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def leave(qtbot: Any, combo: Any, to: Any) -> None:
    """Leave a country field as a user does: Tab closes the list of completions (if open), then the
    focus goes on."""
    popup = QApplication.activePopupWidget()
    if popup is not None:
        qtbot.keyClick(popup, Qt.Key.Key_Tab)
    focus(qtbot, to)


# ---------------------------------------------------------------- 1. a country typed in full


def test_1_a_country_typed_in_full_is_stored(qtbot, open_wizard):
    w = open_wizard("blank")
    combo = page(w, "transaction").destination
    line = combo.lineEdit()
    focus(qtbot, line)
    line.selectAll()
    qtbot.keyClicks(line, "Kenya")
    leave(qtbot, combo, page(w, "transaction").title_edit)
    assert w.wb.dossier("blank").destination_country == "KE"
    assert combo.currentData() == "KE" and not combo.problem()
    # unambiguous though not whole, any case, and confirmed with Enter
    focus(qtbot, line)
    line.selectAll()
    qtbot.keyClicks(line, "united arab")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert w.wb.dossier("blank").destination_country == "AE"


def test_1_an_unknown_or_ambiguous_country_is_marked_never_silently_dropped(qtbot, open_wizard):
    w = open_wizard("kenya")
    transaction = page(w, "transaction")
    w.save_changes(lambda d: dataclasses.replace(d, destination_country="KE"))
    transaction.load()
    combo = transaction.destination
    for typed, said in (("Korea", "South Korea (KR)"), ("Narnia", "Narnia")):
        focus(qtbot, combo.lineEdit())
        combo.lineEdit().selectAll()
        qtbot.keyClicks(combo.lineEdit(), typed)
        leave(qtbot, combo, transaction.title_edit)
        assert w.wb.dossier("kenya").destination_country == "KE"  # kept as it was, not cleared
        assert said in combo.problem()
        assert combo.property("invalid") is True
        assert combo.lineEdit().text() == typed  # what was typed stays for the user to correct
        label = transaction.problems[combo]
        assert label.isVisibleTo(transaction) and said in label.text()
    # corrected: the mark goes
    focus(qtbot, combo.lineEdit())
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "Republic of Korea")
    leave(qtbot, combo, transaction.title_edit)
    assert w.wb.dossier("kenya").destination_country == "KR"
    assert not combo.problem() and not transaction.problems[combo].isVisibleTo(transaction)
    # emptied on purpose: no destination
    focus(qtbot, combo.lineEdit())
    combo.lineEdit().clear()
    leave(qtbot, combo, transaction.title_edit)
    assert w.wb.dossier("kenya").destination_country is None


def test_1_a_party_country_typed_in_full(qtbot, open_wizard):
    w = open_wizard("blank")
    go_to(w, "parties")
    parties = page(w, "parties")
    parties.add_button.click()
    table, model = parties.table, parties.model
    focus(qtbot, table)
    table.setCurrentIndex(model.index(0, 2))
    table.edit(model.index(0, 2))
    editor = QApplication.focusWidget()
    assert isinstance(editor, CountryCombo)  # its line edit takes the keys
    qtbot.keyClicks(editor, "Kenya")
    press_enter(qtbot, editor)
    qtbot.waitUntil(lambda: w.wb.dossier("blank").parties[0].country == "KE")  # committed when Enter is done
    assert model.data(model.index(0, 2)) == "Kenya"
    focus(qtbot, table)
    table.edit(model.index(0, 2))
    editor = table.indexWidget(model.index(0, 2))
    assert isinstance(editor, CountryCombo)
    line = editor.lineEdit()
    assert line is not None and line.text() == "Kenya (KE)"
    line.selectAll()
    qtbot.keyClicks(editor, "Korea")
    press_enter(qtbot, editor)
    problem = parties.country_problem
    qtbot.waitUntil(problem.isVisible)
    assert w.wb.dossier("blank").parties[0].country == "KE"
    assert "“Korea”" in problem.text() and "South Korea (KR)" in problem.text()
    assert problem.isVisibleTo(parties)


# ---------------------------------------------------------------- 2. Enter in a text field


def test_2_enter_in_a_text_field_commits_it_and_never_moves_on(qtbot, open_wizard):
    w = open_wizard("blank")
    go_to(w, "legitimacy")
    panel = page(w, "legitimacy").findChild(MitigationsPanel)
    box, note = next(iter(panel.rows.values()))
    box.click()
    focus(qtbot, note)
    qtbot.keyClicks(note, "Clause 7 of the contract")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert w.current_name() == "legitimacy"
    assert w.wb.dossier("blank").mitigations[0].note == "Clause 7 of the contract"  # committed at once
    rationale = page(w, "legitimacy").questions["legitimate_purpose"].rationale
    focus(qtbot, rationale)
    qtbot.keyClick(rationale, Qt.Key.Key_Return)
    assert w.current_name() == "legitimacy"
    # a party row
    w.go_to("parties")
    assert w.current_name() == "parties"
    parties = page(w, "parties")
    focus(qtbot, parties.table)
    parties.add_button.click()
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "Gulf Freight LLC")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.wb.dossier("blank").parties[0].name == "Gulf Freight LLC")
    assert w.current_name() == "parties"
    qtbot.keyClick(parties.table, Qt.Key.Key_Return)
    assert w.current_name() == "parties"
    # the outcome page: Enter does not close the dossier; Done is a key of its own
    go_to(w, "outcome")
    outcome = page(w, "outcome")
    focus(qtbot, outcome.browser)
    qtbot.keyClick(outcome.browser, Qt.Key.Key_Return)
    qtbot.keyClick(outcome.browser, Qt.Key.Key_Return)
    assert w.isVisible() and w.current_name() == "outcome"
    assert not w.button(QWizard.WizardButton.FinishButton).isDefault()
    assert w.button(QWizard.WizardButton.FinishButton).shortcut().toString() == "Alt+D"


# ---------------------------------------------------------------- 3. the wheel over a combo box


def wheel(widget: Any, steps: int = -1) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_3_the_wheel_changes_a_combo_box_only_when_it_has_focus(qtbot, open_wizard):
    w = open_wizard("blank")
    go_to(w, "due_diligence")
    panel = page(w, "due_diligence").findChild(RedFlagsPanel)
    status, _note = next(iter(panel.rows.values()))
    focus(qtbot, _note)
    assert status.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel does not give it focus
    wheel(status)
    assert status.currentIndex() == 0
    assert w.wb.dossier("blank").red_flags == []
    item_kind = page(w, "transaction").item_kind
    w.go_to("transaction")
    wheel(item_kind)
    wheel(page(w, "transaction").destination)
    assert item_kind.currentIndex() == 0 and page(w, "transaction").destination.currentIndex() == 0
    focus(qtbot, item_kind)
    wheel(item_kind)  # focused: the wheel is the user's intent
    assert item_kind.currentIndex() == 1


# ---------------------------------------------------------------- 4. the window on a small screen


def test_4_the_dossier_window_fits_the_available_screen(qtbot, window, monkeypatch):
    real = QGuiApplication.primaryScreen().availableGeometry()  # offscreen: 800 x 800
    assert available_now(window).contains(window.frameGeometry())  # the list's window too
    available = QRect(0, 0, 1024, 600)
    monkeypatch.setattr(screens, "available", lambda _widget=None: available)
    assert real.contains(available) or real.width() < 1024
    wizard = window.open_dossier("example")
    qtbot.waitUntil(lambda: wizard._restoring is None)
    qtbot.waitExposed(wizard)
    assert available.contains(wizard.frameGeometry())
    for which in (
        QWizard.WizardButton.BackButton,
        QWizard.WizardButton.NextButton,
        QWizard.WizardButton.CancelButton,
    ):
        button = wizard.button(which)
        corner = button.mapToGlobal(QPoint(button.width(), button.height()))
        assert button.isVisible() and available.contains(corner), which
    # larger text, at every step: the window still fits 1024 x 600 (less its frame), buttons and all
    for _ in range(len(TEXT_SIZES)):
        window.act_larger.trigger()
        wizard.resize(1024 - screens.FRAME[0], 600 - screens.FRAME[1])
        QApplication.processEvents()
        assert wizard.width() <= 1024 and wizard.height() <= 600 - screens.FRAME[1]
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton):
            button = wizard.button(which)
            corner = button.mapTo(wizard, QPoint(button.width(), button.height()))
            assert wizard.rect().contains(corner), window.settings.get("text_size")


def test_4_larger_text_has_several_steps_and_keeps_the_list_columns_whole(qtbot, window):
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    normal = app.font().pointSizeF()
    sizes = []
    for _ in range(3):
        window.act_larger.trigger()
        sizes.append(app.font().pointSizeF())
    assert normal < sizes[0] < sizes[1] < sizes[2]
    assert Settings().get("text_size") > 100
    header, metrics = window.table.horizontalHeader(), window.table.fontMetrics()
    qtbot.waitUntil(lambda: header.sectionSize(2) > metrics.horizontalAdvance("United Arab Emirates"))
    for column in range(1, 6):
        assert header.sectionSize(column) > metrics.horizontalAdvance(window.model.widest(column)), column
    assert header.sectionSize(0) >= 20 * metrics.averageCharWidth()  # the title keeps room
    window.act_smaller.trigger()
    assert app.font().pointSizeF() == sizes[1]
    window.act_normal_text.trigger()
    assert app.font().pointSizeF() == normal and Settings().get("text_size") == 100


# ---------------------------------------------------------------- 5. one window per dossier


def test_5_one_window_per_dossier_raised_when_opened_again(qtbot, window):
    def wizards() -> list[DossierWizard]:
        return [w for w in window.findChildren(DossierWizard) if w.isVisible()]

    row = next(r for r in range(window.model.rowCount()) if window.model.summary(r).id == "kenya")
    window.table.selectRow(row)
    rect = window.table.visualRect(window.model.index(row, 0))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(wizards()) == 1
    first = wizards()[0]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.act_open.trigger()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert wizards() == [first]
    qtbot.waitUntil(first.isActiveWindow)  # raised
    assert window.act_open.text() == "&Open dossier"
    other = window.open_dossier("blank")
    assert other is not first and len(wizards()) == 2
    first.reject()
    qtbot.waitUntil(lambda: len(wizards()) == 1)
    assert window.open_dossier("kenya") is not first  # closed: a new window


# ---------------------------------------------------------------- 6. undo


def test_6_undo_and_redo_answer_changes(qtbot, open_wizard):
    w = open_wizard("blank")
    go_to(w, "definition")
    capabilities = page(w, "definition").questions["capabilities"]
    answer(w, "capabilities", "analysing")
    answer(w, "capabilities", "extracting")
    capabilities.buttons["__none__"].click()  # clears the ticks
    assert w.wb.dossier("blank").answers["capabilities"].value == ()
    assert "Ctrl+Z" in [s.toString() for s in w.act_undo.shortcuts()]
    assert {"Ctrl+Shift+Z", "Ctrl+Y"} <= {s.toString() for s in w.act_redo.shortcuts()}
    assert w.act_undo.isEnabled() and "Capabilities" in w.act_undo.text()
    assert w.act_undo in w.edit_menu.actions() and w.act_redo in w.edit_menu.actions()
    focus(qtbot, capabilities.buttons["__none__"])
    qtbot.keyClick(capabilities.buttons["__none__"], Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert set(w.wb.dossier("blank").answers["capabilities"].value) == {"analysing", "extracting"}
    assert capabilities.buttons["analysing"].isChecked() and capabilities.buttons["extracting"].isChecked()
    assert not capabilities.buttons["__none__"].isChecked()
    w.act_undo.trigger()
    assert w.wb.dossier("blank").answers["capabilities"].value == ("analysing",)
    w.act_redo.trigger()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert w.wb.dossier("blank").answers["capabilities"].value == ()
    assert capabilities.buttons["__none__"].isChecked()
    # every change is in the journal, undoing too
    values = [e for e in w.wb.journal("blank") if e.field == "answers.capabilities"]
    assert len(values) == 7  # three changes, two undone, two redone


def test_6_undo_a_typed_rationale_and_a_radio_answer(qtbot, open_wizard):
    w = open_wizard("blank")
    go_to(w, "definition")
    covert = page(w, "definition").questions["covert"]
    covert.buttons["yes"].click()
    focus(qtbot, covert.rationale)
    qtbot.keyClicks(covert.rationale, "Hidden from")
    covert.flush()
    qtbot.keyClicks(covert.rationale, " the target")
    covert.flush()  # two pauses in typing: one step to undo
    focus(qtbot, covert.buttons["yes"])
    w.act_undo.trigger()
    stored = w.wb.dossier("blank").answers["covert"]
    assert (stored.value, stored.rationale) == ("yes", None)
    assert covert.rationale.toPlainText() == ""
    w.act_undo.trigger()
    assert "covert" not in w.wb.dossier("blank").answers
    assert not any(b.isChecked() for b in covert.buttons.values())
    assert not w.act_undo.isEnabled()


def test_6_a_change_made_elsewhere_clears_what_could_be_undone(qtbot, window, wb_path):
    wizard = window.open_dossier("blank")
    qtbot.waitUntil(lambda: wizard._restoring is None)
    answer(wizard, "covert", "yes")
    assert wizard.act_undo.isEnabled()
    with Workbook.open(wb_path) as other:
        other.set_answer("blank", "covert", None)
    window.follow_outside_changes()
    assert not wizard.act_undo.isEnabled()  # undoing would overwrite the other program's change


# ---------------------------------------------------------------- 7. arrow keys in a group of options


def test_7_arrow_keys_select_in_a_group_of_options(qtbot, open_wizard):
    w = open_wizard("blank")
    go_to(w, "definition")
    covert = page(w, "definition").questions["covert"]
    first = next(iter(covert.buttons.values()))
    focus(qtbot, first)
    assert covert.value() is None
    qtbot.keyClick(first, Qt.Key.Key_Right)
    options = list(covert.buttons)
    assert covert.value() == options[1] and covert.buttons[options[1]].hasFocus()
    assert w.wb.dossier("blank").answers["covert"].value == options[1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    assert covert.value() == options[0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)  # wraps round, as the platforms do
    assert covert.value() == options[-1]


# ---------------------------------------------------------------- 8. stale guidance


def test_8_the_guidance_follows_the_page(qtbot, open_wizard):
    w = open_wizard("blank")
    transaction = page(w, "transaction")
    focus(qtbot, transaction.title_edit)
    qtbot.waitUntil(lambda: "A short name for this transaction" in w.guidance.toPlainText())
    w.next()  # the parties page
    qtbot.waitUntil(lambda: "A short name for this transaction" not in w.guidance.toPlainText())
    assert w.guidance.toPlainText().startswith(page(w, "parties").title())
    go_to(w, "annex_i")
    focus(qtbot, page(w, "annex_i").questions["annex_i_listed"].rationale)
    annex_guidance = w.guidance.toPlainText()
    w.go_to("transaction")
    assert w.current_name() == "transaction"
    assert w.guidance.toPlainText() != annex_guidance
    assert w.guidance.toPlainText().startswith(transaction.title())
    # a field without guidance of its own shows the page's, not the last field's
    focus(qtbot, transaction.title_edit)
    focus(qtbot, transaction.item_kind)
    assert "A short name for this transaction" not in w.guidance.toPlainText()


# ---------------------------------------------------------------- 9. the finalised parties page


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_9_a_finalised_dossier_s_parties_page_does_not_offer_editing(qtbot, window, open_wizard, wb_path):
    with Workbook.open(wb_path) as wb:
        wb.finalise("example", "J. Jansen", "Compliance officer")
    w = open_wizard("example")
    assert "F2" not in page(w, "parties").subTitle()
    # finalised while its window is open
    wizard = window.open_dossier("kenya")
    qtbot.waitUntil(lambda: wizard._restoring is None)
    assert "F2" in page(wizard, "parties").subTitle()
    window.workbook.finalise("kenya", "J. Jansen", "Compliance officer")
    window.follow_outside_changes()
    assert "F2" not in page(wizard, "parties").subTitle()


# ---------------------------------------------------------------- 10. a copy in the list


def test_10_a_copy_is_told_apart_from_its_original_in_the_list(qtbot, window):
    window.table.selectRow(next(r for r in range(3) if window.model.summary(r).id == "example"))
    window.act_duplicate.trigger()
    model, table = window.model, window.table
    header = table.horizontalHeader()
    least = 24 * table.fontMetrics().averageCharWidth()  # the narrowest the list makes the title
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)  # as on a small screen
    for size in (least, 200, 300):
        header.resizeSection(0, size)
        assert header.sectionSize(0) == size
        shown = set()
        for row in range(model.rowCount()):
            option = QStyleOptionViewItem()
            table.initViewItemOption(option)
            index = model.index(row, 0)
            table.itemDelegate().initStyleOption(option, index)
            width = header.sectionSize(0) - 2 * table.style().pixelMetric(
                table.style().PixelMetric.PM_FocusFrameHMargin
            )
            text = option.fontMetrics.elidedText(option.text, option.textElideMode, width)
            if option.text.startswith("Lawful interception"):
                shown.add(text)
        assert len(shown) == 2 and any(t.endswith("(copy)") for t in shown), (size, shown)


# ---------------------------------------------------------------- read-only looks read-only


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_a_read_only_field_does_not_look_like_an_input(qtbot, open_wizard, wb_path):
    editable = open_wizard("kenya")
    normal = page(editable, "transaction").title_edit.palette().color(QPalette.ColorRole.Base)
    with Workbook.open(wb_path) as wb:
        wb.finalise("example", "J. Jansen", "Compliance officer")
    w = open_wizard("example")
    fields = [
        f
        for p in w.pages.values()
        for f in p.findChildren(QLineEdit) + p.findChildren(QPlainTextEdit)
        if not isinstance(f.parent(), QWizard) and f.isReadOnly()
    ]
    assert len(fields) > 20
    for field in fields:
        looks = field.palette().color(QPalette.ColorRole.Base)
        assert looks != normal, field.objectName() or field.placeholderText()


def test_5_deleting_a_dossier_open_in_its_window_closes_the_window_first(qtbot, window, isolated):
    wizard = window.open_dossier("blank")
    qtbot.waitUntil(lambda: wizard._restoring is None)
    title = page(wizard, "transaction").title_edit
    title.setText("Blank draft, renamed")  # typed a moment ago: saved as the window closes
    window.table.selectRow(next(r for r in range(3) if window.model.summary(r).id == "blank"))
    isolated["answer"] = [QMessageBox.StandardButton.Yes]
    window.act_delete.trigger()
    assert not wizard.isVisible() and wizard not in window._wizards
    assert not window.workbook.exists("blank")
    assert isolated["critical"] == []  # no "deleted by another program" for the program's own deletion
    entries = [e.field for e in window.workbook.journal("blank")]
    assert "title" in entries  # what was typed was saved before the deletion
