"""Sign-off in the desktop program (issue 14): the Finalise action of the dossier window (menu, outcome
page) and of the list opens a dialog with the holds still to settle, each with a link to the page
that settles it; it asks name, role and export year, accepts the remaining holds only with a reason
(never ``outcome_incomplete``), shows the retention date that will result, and finalises through the
operations layer; the window then shows the dossier read-only."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core import contract
from core.content import default_content
from core.decision import assess
from core.dossier import dossier_from_json
from core.store import Workbook
from gui.settings import Settings
from gui.signoff import SignOffDialog
from tests.test_decision import settled

EXAMPLE_HOLDS = (
    "parties_not_screened",
    "red_flags_unresolved",
    "rationale_missing",
    "due_diligence_incomplete",
)


@pytest.fixture
def wb_path(wb_path: Path) -> Path:
    """The workbook of tests/gui/conftest.py, with a dossier that has nothing to settle."""
    with Workbook.open(wb_path) as wb:
        wb.import_dossiers([dossier_from_json({**settled(), "id": "settled", "title": "Settled"})])
        assert assess(wb.dossier("settled")).holds == ()
        assert assess(wb.dossier("example")).holds == EXAMPLE_HOLDS
    return wb_path


def dialog_of(qtbot: Any, wizard: Any) -> SignOffDialog:
    wizard.act_finalise.trigger()
    shown = [d for d in wizard.findChildren(SignOffDialog) if d.isVisible()]
    assert len(shown) == 1
    dialog: SignOffDialog = shown[0]
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def fill(dialog: SignOffDialog, name: str = "J. Jansen", role: str = "Compliance officer") -> None:
    dialog.name.setText(name)
    dialog.role.setText(role)


def test_an_incomplete_dossier_is_refused(qtbot, open_wizard, isolated):
    wizard = open_wizard("kenya")
    dialog = dialog_of(qtbot, wizard)
    fill(dialog)
    assert not dialog.finalise_button.isEnabled()
    assert not dialog.accept_holds.isEnabled() and not dialog.reason.isEnabled()
    assert "can never be accepted" in dialog.never.text() and dialog.never.isVisible()
    assert "The assessment is incomplete" in dialog.hold_texts()
    dialog.finalise()  # even when asked directly, nothing is signed off
    assert not wizard.wb.get("kenya").frozen
    assert dialog.isVisible()


def test_the_holds_are_listed_in_words_with_links_to_the_page_that_settles_each(qtbot, open_wizard):
    content = default_content()
    wizard = open_wizard("example")
    dialog = dialog_of(qtbot, wizard)
    assert list(dialog.go_buttons) == list(EXAMPLE_HOLDS)
    texts = dialog.hold_texts()
    for hold in EXAMPLE_HOLDS:
        assert content.holds[hold].title in texts and content.holds[hold].text in texts
    assert dialog.go_buttons["red_flags_unresolved"].text() == "Go to “Due diligence”"
    assert dialog.accept_holds.isEnabled() and not dialog.never.isVisible()

    dialog.go_buttons["red_flags_unresolved"].click()
    assert not dialog.isVisible()
    assert wizard.current_name() == "due_diligence"

    dialog = dialog_of(qtbot, wizard)
    dialog.go_buttons["parties_not_screened"].click()
    assert wizard.current_name() == "parties"

    dialog = dialog_of(qtbot, wizard)
    dialog.go_buttons["due_diligence_incomplete"].click()
    assert wizard.current_name() == "due_diligence"
    focused = wizard.focusWidget()  # (the offscreen platform activates no window when the dialog closes)
    question = wizard.pages["due_diligence"].questions["dd_end_user_identity"]
    assert focused is not None and question.isAncestorOf(focused)


def test_accepting_the_holds_with_a_reason_finalises_and_records_them(qtbot, open_wizard, isolated):
    wizard = open_wizard("example")
    dialog = dialog_of(qtbot, wizard)
    fill(dialog)
    dialog.year.setValue(2027)
    assert not dialog.finalise_button.isEnabled()  # the holds are neither settled nor accepted
    dialog.accept_holds.setChecked(True)
    assert not dialog.finalise_button.isEnabled()  # not without a reason
    dialog.reason.setPlainText("The end user was visited in person; the screening is done by hand.")
    assert dialog.finalise_button.isEnabled()
    dialog.finalise_button.click()
    assert not dialog.isVisible() and isolated["critical"] == []

    stored = wizard.wb.get("example")
    assert stored.frozen and stored.export_year == 2027
    so = stored.dossier.sign_off
    assert so is not None and (so.name, so.role) == ("J. Jansen", "Compliance officer")
    assert so.accepted_holds == EXAMPLE_HOLDS
    assert so.accepted_because == "The end user was visited in person; the screening is done by hand."
    entry = [e for e in wizard.wb.journal("example") if e.action == "finalise"][-1]
    recorded = json.loads(entry.new)
    assert entry.field == "sign_off" and recorded["accepted_holds"] == list(EXAMPLE_HOLDS)
    assert recorded["accepted_because"] == so.accepted_because
    # the window shows it read-only, as for a dossier finalised elsewhere
    assert wizard.frozen and "finalised, read-only" in wizard.windowTitle()
    assert "Finalised by J. Jansen" in wizard.guidance.toPlainText()
    assert not wizard.act_finalise.isEnabled()
    assert not wizard.pages["outcome"].finalise_button.isEnabled()


def test_holds_are_not_accepted_without_a_reason(qtbot, open_wizard):
    wizard = open_wizard("example")
    dialog = dialog_of(qtbot, wizard)
    fill(dialog)
    dialog.accept_holds.setChecked(True)
    dialog.reason.setPlainText("   ")
    assert not dialog.finalise_button.isEnabled()
    dialog.name.setFocus()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter does not finalise
    dialog.finalise()
    assert dialog.isVisible() and not wizard.wb.get("example").frozen


def test_a_dossier_without_holds_finalises_without_accepting(qtbot, open_wizard, isolated):
    wizard = open_wizard("settled")
    dialog = dialog_of(qtbot, wizard)
    assert dialog.go_buttons == {} and "Nothing is left to settle" in dialog.hold_texts()
    assert not dialog.accept_holds.isEnabled()
    fill(dialog)
    assert dialog.finalise_button.isEnabled()
    dialog.finalise_button.click()
    stored = wizard.wb.get("settled")
    assert stored.frozen and stored.dossier.sign_off is not None
    assert stored.dossier.sign_off.accepted_holds == () and stored.dossier.sign_off.accepted_because is None
    assert isolated["critical"] == []


def test_the_export_year_and_the_retention_date_that_results(qtbot, open_wizard):
    wizard = open_wizard("settled")
    dialog = dialog_of(qtbot, wizard)
    this_year = dt.date.today().year
    # never a year nobody gave: "not known" until one is, the retention counted from the sign-off
    assert dialog.year.text() == "not known" and dialog.export_year() is None
    assert f"{this_year + contract.RETENTION_YEARS}-12-31" in dialog.retention.text()
    dialog.year.stepBy(1)  # the first step goes to this year (no planned export date), not to 1900
    assert dialog.year.value() == this_year
    dialog.year.setValue(2030)
    assert "2035-12-31" in dialog.retention.text() and "export year" in dialog.retention.text()
    dialog.year.setValue(dialog.year.minimum())  # "not known": counted from the year of sign-off
    assert dialog.year.text() == "not known"
    assert f"{this_year + contract.RETENTION_YEARS}-12-31" in dialog.retention.text()
    assert "sign-off" in dialog.retention.text()
    fill(dialog)
    dialog.finalise_button.click()
    signed = wizard.wb.get("settled")
    assert signed.dossier.sign_off is not None and signed.dossier.sign_off.export_year is None
    assert signed.retention_basis == "sign_off"
    assert "read-only" in dialog.warning.text()


def test_a_planned_export_date_is_the_first_year_offered_but_not_given(qtbot, open_wizard, wb_path):
    with Workbook.open(wb_path) as wb:
        wb.import_dossiers(
            [
                dossier_from_json(
                    {**settled(), "id": "planned", "transaction": {"planned_export_date": "2029-03-01"}}
                )
            ]
        )
    dialog = dialog_of(qtbot, open_wizard("planned"))
    assert dialog.export_year() is None  # the record keeps the planned date as its basis
    assert "2034-12-31" in dialog.retention.text() and "planned export date" in dialog.retention.text()
    dialog.year.stepBy(-1)  # up or down from "not known": the planned year first
    assert dialog.year.value() == 2029


def test_name_and_role_are_remembered_from_the_last_sign_off(qtbot, open_wizard):
    dialog = dialog_of(qtbot, open_wizard("settled"))
    assert (dialog.name.text(), dialog.role.text()) == ("", "")
    fill(dialog, "A. de Vries", "Export control manager")
    dialog.finalise_button.click()
    assert Settings().get("sign_off_name") == "A. de Vries"
    dialog = dialog_of(qtbot, open_wizard("example"))
    assert (dialog.name.text(), dialog.role.text()) == ("A. de Vries", "Export control manager")


def test_a_hold_arising_meanwhile_is_one_readable_message(qtbot, open_wizard, wb_path, isolated):
    wizard = open_wizard("settled")
    dialog = dialog_of(qtbot, wizard)
    fill(dialog)
    with Workbook.open(wb_path) as other:  # another program removes the destination meanwhile
        other.edit("settled", lambda d: __import__("dataclasses").replace(d, destination_country=None))
    dialog.finalise_button.click()
    title, text = isolated["critical"][-1]
    assert title == "Not finalised"
    assert "No country of destination" in text and "destination_missing" not in text
    assert "Traceback" not in text
    assert not wizard.wb.get("settled").frozen
    # the dialog stays, showing the hold now there
    assert dialog.isVisible() and list(dialog.go_buttons) == ["destination_missing"]


def test_keyboard_path(qtbot, open_wizard, isolated):
    wizard = open_wizard("example")
    dialog = dialog_of(qtbot, wizard)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name)
    # mnemonics (the offscreen platform does not fire them: checked here), and the labels' buddies
    assert dialog.finalise_button.text() == "&Finalise"
    assert dialog.accept_holds.text().startswith("&Accept")
    assert dialog.name_label.buddy() is dialog.name and "&" in dialog.name_label.text()
    assert dialog.role_label.buddy() is dialog.role and "&" in dialog.role_label.text()
    assert dialog.year_label.buddy() is dialog.year and "&" in dialog.year_label.text()
    assert dialog.reason_label.buddy() is dialog.reason and "&" in dialog.reason_label.text()

    qtbot.keyClicks(dialog.name, "J. Jansen")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.role
    qtbot.keyClicks(dialog.role, "Compliance officer")
    qtbot.keyClick(dialog.role, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.year
    qtbot.keyClick(dialog.year, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.accept_holds
    qtbot.keyClick(dialog.accept_holds, Qt.Key.Key_Space)
    assert dialog.accept_holds.isChecked()
    qtbot.keyClick(dialog.accept_holds, Qt.Key.Key_Return)  # Enter does not finalise: no reason yet
    assert dialog.isVisible() and not wizard.wb.get("example").frozen
    qtbot.keyClick(dialog.accept_holds, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.reason
    qtbot.keyClicks(dialog.reason, "Checked by hand")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)  # Tab leaves the reason, as in any field
    assert dialog.reason.toPlainText() == "Checked by hand"
    assert QApplication.focusWidget() is dialog.finalise_button  # the buttons follow the fields
    # the links to the holds come before the fields, in the order of the eye
    dialog.name.setFocus()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is dialog.go_buttons[EXAMPLE_HOLDS[-1]]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is dialog.go_buttons[EXAMPLE_HOLDS[-2]]
    dialog.finalise_button.setFocus()
    qtbot.keyClick(dialog.finalise_button, Qt.Key.Key_Space)
    assert wizard.wb.get("example").frozen


def test_the_outcome_page_shows_the_holds_with_links_and_a_finalise_button(qtbot, open_wizard):
    content = default_content()
    wizard = open_wizard("example")
    wizard.go_to("outcome")
    outcome = wizard.pages["outcome"]
    html = outcome.browser.toHtml()
    text = outcome.browser.toPlainText()
    for hold in EXAMPLE_HOLDS:
        assert content.holds[hold].title in text
    assert "Government end user" in text  # the warnings too
    assert "page:parties" in html and "question:dd_end_user_identity" in html
    outcome._follow(__import__("PySide6.QtCore", fromlist=["QUrl"]).QUrl("page:parties"))
    assert wizard.current_name() == "parties"
    wizard.go_to("outcome")
    assert outcome.finalise_button.isEnabled()
    outcome.finalise_button.click()
    assert wizard.findChild(SignOffDialog).isVisible()


def test_the_list_s_finalise_action_follows_the_selected_dossier(qtbot, window, isolated):
    from tests.gui.test_main_window import titles

    window.refresh()
    window.table.selectRow(titles(window).index("Settled"))
    assert window.act_finalise.isEnabled()
    window.act_finalise.trigger()
    dialog = window.findChild(SignOffDialog)
    assert dialog is not None and dialog.isVisible()
    fill(dialog)
    dialog.finalise_button.click()
    assert window.workbook.get("settled").frozen
    window.table.selectRow(titles(window).index("Settled"))
    assert not window.act_finalise.isEnabled()  # a finalised dossier cannot be finalised again
    window.table.selectRow(titles(window).index("Forensic kit for Kenya"))
    assert window.act_finalise.isEnabled()


def test_a_link_from_the_list_s_dialog_opens_the_dossier_at_that_page(qtbot, window):
    from tests.gui.test_main_window import titles

    window.table.selectRow(titles(window).index("Forensic kit for Kenya"))
    window.act_finalise.trigger()
    dialog = window.findChild(SignOffDialog)
    assert dialog is not None
    dialog.go_buttons["destination_missing"].click()
    assert not dialog.isVisible()
    wizard = next(w for w in window._wizards if w.dossier_id == "kenya")
    qtbot.waitUntil(lambda: wizard.current_name() == "transaction")
    assert window.findChild(SignOffDialog) is None or not window.findChild(SignOffDialog).isVisible()


def test_a_finalised_dossier_s_outcome_page_shows_the_holds_accepted_and_why(qtbot, open_wizard):
    wizard = open_wizard("example")
    dialog = dialog_of(qtbot, wizard)
    fill(dialog)
    dialog.accept_holds.setChecked(True)
    dialog.reason.setPlainText("Checked by hand")
    dialog.finalise_button.click()
    wizard.go_to("outcome")
    outcome = wizard.pages["outcome"]
    text = outcome.browser.toPlainText()
    assert "Holds at sign-off" in text and "Accepted at sign-off by J. Jansen: Checked by hand" in text
    assert "To settle before sign-off" not in text and "question:" not in outcome.browser.toHtml()
    assert not outcome.finalise_button.isEnabled()


def test_what_was_typed_in_the_dossier_s_window_is_signed_off_from_the_list(qtbot, window):
    from tests.gui.test_main_window import titles

    window.table.selectRow(titles(window).index("Settled"))
    wizard = window.open_dossier("settled")
    qtbot.waitUntil(lambda: wizard._restoring is None)
    title = wizard.pages["transaction"].title_edit
    title.setText("Settled and typed")  # saved a moment later (debounced): not yet
    window.act_finalise.trigger()
    dialog = window.findChild(SignOffDialog)
    assert dialog is not None and dialog.windowTitle() == "Finalise: Settled and typed"
    fill(dialog)
    dialog.finalise_button.click()
    assert window.workbook.get("settled").dossier.title == "Settled and typed"
    assert wizard.frozen  # its window follows
