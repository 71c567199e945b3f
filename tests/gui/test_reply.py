"""The authority's reply and the actual export date in the program (issue 14): a dialog opened from
the main window's list for the selected dossier and from the dossier window's Dossier menu, also for a
finalised dossier; saved through the store (journaled), the kind offered from the outcome, what cannot
be saved said in one line, the retention date shown once an export date is recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from core import contract
from core.dossier import AuthorityReply
from core.store import Workbook
from gui.reply import ExportDateDialog, ReplyDialog, default_kind


def _finalise(path: Path, did: str = "example") -> None:
    with Workbook.open(path) as wb:
        wb.finalise(did, "A. Officer", "Compliance", export_year=2026, accept_holds="a test")


def _save(dialog: Any) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def _reply_dialog(window: Any, did: str) -> ReplyDialog:
    window.select(did)
    assert window.act_reply.isEnabled()
    window.act_reply.trigger()
    [dialog] = [d for d in window.findChildren(ReplyDialog) if d.isVisible()]
    assert isinstance(dialog, ReplyDialog)
    return dialog


@pytest.mark.parametrize(
    ("outcome", "kind"),
    [
        ("notify_legitimate", "notification"),
        ("notify_no_legitimate_purpose", "notification"),
        ("art4_notify", "notification"),
        ("classification_request", "classification_request"),
        ("annex_i_listed", "authorisation_application"),
        ("authority_informed", "authorisation_application"),
        ("art4_authority_informed", "authorisation_application"),
        ("no_sensitive_end_use", "notification"),
        (None, "notification"),
    ],
)
def test_the_kind_offered_follows_the_outcome(outcome: str | None, kind: str) -> None:
    assert default_kind(outcome) == kind
    assert set(contract.REPLY_KIND_FOR_OUTCOME) <= set(contract.OUTCOMES)


def test_a_reply_is_recorded_on_a_finalised_dossier_from_the_list(
    qtbot: Any, wb_path: Path, window: Any
) -> None:
    _finalise(wb_path)
    window.refresh()
    dialog = _reply_dialog(window, "example")
    assert dialog.kind.currentData() == "notification"  # the example's outcome is notify_legitimate
    assert dialog.decision.currentData() == "pending"
    dialog.sent_on.setText("2026-04-01")
    dialog.reference.setText("CDIU-2026-17")
    _save(dialog)
    assert not dialog.isVisible()
    stored = window.workbook.get("example")
    assert stored.frozen
    assert stored.dossier.authority_reply == AuthorityReply(
        "notification", sent_on="2026-04-01", reference="CDIU-2026-17", decision="pending"
    )
    assert window.workbook.journal("example")[-1].action == "annotate"
    # and later the decision, in the same dialog
    dialog = _reply_dialog(window, "example")
    assert dialog.reference.text() == "CDIU-2026-17"
    dialog.decision.setCurrentIndex(dialog.decision.findData("no_authorisation_required"))
    dialog.decided_on.setText("2026-05-20")
    _save(dialog)
    reply = window.workbook.dossier("example").authority_reply
    assert reply is not None and (reply.decision, reply.decided_on) == (
        "no_authorisation_required",
        "2026-05-20",
    )


@pytest.mark.parametrize(
    ("sent_on", "decision", "decided_on", "said"),
    [
        ("2026-04-31", "pending", "", "Sent on: Not a date"),
        ("2026-04-01", "authorisation_required", "2026-03-01", "before the day it was sent (2026-04-01)"),
        ("2026-04-01", "pending", "2026-05-01", "A pending decision has no date"),
    ],
)
def test_what_cannot_be_saved_is_said_in_one_line_and_nothing_is_saved(
    qtbot: Any, window: Any, sent_on: str, decision: str, decided_on: str, said: str
) -> None:
    dialog = _reply_dialog(window, "kenya")
    dialog.sent_on.setText(sent_on)
    dialog.decision.setCurrentIndex(dialog.decision.findData(decision))
    dialog.decided_on.setText(decided_on)
    _save(dialog)
    assert dialog.isVisible()
    assert said in dialog.problem.text() and "\n" not in dialog.problem.text()
    assert window.workbook.dossier("kenya").authority_reply is None


def test_the_export_date_of_a_finalised_dossier_shows_the_retention_date_that_follows(
    qtbot: Any, wb_path: Path, window: Any, isolated: dict[str, list[Any]]
) -> None:
    _finalise(wb_path)
    window.refresh()
    window.select("example")
    window.act_export_date.trigger()
    dialog = window.findChild(ExportDateDialog)
    assert dialog is not None
    assert "2031-12-31" in dialog.kept.text()  # from the export year given at sign-off
    dialog.date.setText("2027-02-01")
    _save(dialog)
    stored = window.workbook.get("example")
    assert stored.dossier.transaction.export_date == "2027-02-01"
    assert stored.retention_until == "2032-12-31"
    title, text = isolated["information"][-1]
    assert title == "Actual export date recorded"
    assert "2032-12-31" in text and "2027" in text


def test_the_dossier_window_has_both_in_its_dossier_menu_also_when_finalised(
    qtbot: Any, wb_path: Path, open_wizard: Any
) -> None:
    _finalise(wb_path)
    w = open_wizard("example")
    assert w.frozen
    menus = [a.text().replace("&", "") for a in w.menu_bar.actions()]
    assert menus.count("Dossier") == 1  # one Dossier menu: finalising, and what comes after it
    actions = {a.text().replace("&", ""): a for a in w.dossier_menu.actions() if not a.isSeparator()}
    assert set(actions) == {"Finalise…", "Authority's reply…", "Actual export date…"}
    assert not actions["Finalise…"].isEnabled()  # finalised already
    actions.pop("Finalise…")
    assert all(a.isEnabled() for a in actions.values())
    actions["Authority's reply…"].trigger()
    dialog = w.findChild(ReplyDialog)
    assert dialog is not None
    dialog.sent_on.setText("2026-04-02")
    _save(dialog)
    reply = w.dossier.authority_reply  # the window follows the change
    assert reply is not None and reply.sent_on == "2026-04-02"


def test_the_reply_dialog_works_with_the_keyboard_alone(qtbot: Any, window: Any) -> None:
    dialog = _reply_dialog(window, "kenya")
    dialog.activateWindow()
    dialog.kind.setFocus()
    qtbot.waitUntil(dialog.kind.hasFocus)
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)  # classification request
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is dialog.sent_on
    qtbot.keyClicks(focused, "2026-04-01")
    qtbot.keyClick(focused, Qt.Key.Key_Return)  # Enter saves (the dialog's default button)
    reply = window.workbook.dossier("kenya").authority_reply
    assert reply is not None and (reply.kind, reply.sent_on) == ("classification_request", "2026-04-01")


def _column(heading: str) -> int:
    from gui.dossier_list import COLUMNS

    return next(i for i, c in enumerate(COLUMNS) if c.heading == heading)


def _cell(window: Any, did: str, heading: str, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
    model = window.model
    row = model.row_of(did)
    return model.data(model.index(row, _column(heading)), role)


def test_the_list_shows_the_holds_and_names_them(qtbot: Any, window: Any) -> None:
    stored = {s.id: s for s in window.workbook.summaries()}
    holds = stored["blank"].holds
    assert holds  # a blank draft has holds (no outcome, no destination...)
    assert _cell(window, "blank", "Holds") == str(len(holds))
    tip = _cell(window, "blank", "Holds", Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("To settle before sign-off:")
    assert "No country of destination" in tip and "destination_missing" not in tip
    complete = [s.id for s in stored.values() if not s.holds]
    for did in complete:  # empty when none
        assert (
            _cell(window, did, "Holds") == ""
            and _cell(window, did, "Holds", Qt.ItemDataRole.ToolTipRole) is None
        )


def test_the_list_shows_who_waits_for_the_authority_and_for_how_long(qtbot: Any, window: Any) -> None:
    import datetime as dt

    sent = (dt.date.today() - dt.timedelta(days=12)).isoformat()
    wb = window.workbook
    wb.set_authority_reply("kenya", AuthorityReply("notification", sent_on=sent))  # no decision: waiting
    wb.set_authority_reply(
        "blank", AuthorityReply("classification_request", sent_on=sent, decision="pending")
    )
    wb.set_authority_reply(
        "example",
        AuthorityReply(
            "notification", sent_on="2026-01-05", decision="authorisation_required", decided_on="2026-02-01"
        ),
    )
    window.refresh()
    assert _cell(window, "kenya", "Authority") == "waiting 12 days"
    assert _cell(window, "blank", "Authority") == "waiting 12 days"
    assert _cell(window, "example", "Authority") == "authorisation required"
    assert (
        _cell(window, "kenya", "Authority", Qt.ItemDataRole.ToolTipRole) == f"A notification, sent on {sent}"
    )
    wb.set_authority_reply("blank", AuthorityReply("classification_request"))
    window.refresh()
    assert _cell(window, "blank", "Authority") == "not sent yet"
    # sorted by the store: no reply first, then waiting (longest first), not sent, decided
    window.table.sortByColumn(_column("Authority"), Qt.SortOrder.DescendingOrder)
    order = [window.model.summary(r).id for r in range(window.model.rowCount())]
    assert order == ["example", "blank", "kenya"]
    window.table.sortByColumn(_column("Holds"), Qt.SortOrder.AscendingOrder)
    counts = [len(window.model.summary(r).holds) for r in range(window.model.rowCount())]
    assert counts == sorted(counts)


def test_an_export_date_left_as_it_was_records_nothing(
    qtbot: Any, window: Any, isolated: dict[str, list[Any]]
) -> None:
    window.select("kenya")
    window.act_export_date.trigger()
    [dialog] = [d for d in window.findChildren(ExportDateDialog) if d.isVisible()]
    entries = len(window.workbook.journal("kenya"))
    _save(dialog)
    assert not dialog.isVisible() and not isolated["information"]
    assert len(window.workbook.journal("kenya")) == entries


def test_the_holds_accepted_at_sign_off_are_said_to_be_accepted(
    qtbot: Any, window: Any, wb_path: Path
) -> None:
    """A finalised dossier with holds accepted showed a bare "1" under Holds, like a draft's open ones."""
    stored = {s.id: s for s in window.workbook.summaries()}
    did = next(i for i, s in stored.items() if s.holds and "outcome_incomplete" not in s.holds)
    _finalise(wb_path, did)
    window.refresh()
    accepted = {s.id: s for s in window.workbook.summaries()}[did].holds
    assert _cell(window, did, "Holds") == f"{len(accepted)} accepted"
    assert _cell(window, did, "Holds", Qt.ItemDataRole.ToolTipRole).startswith("Accepted at sign-off:")


def _export_date_dialog(window: Any, did: str) -> ExportDateDialog:
    window.select(did)
    window.act_export_date.trigger()
    [dialog] = [d for d in window.findChildren(ExportDateDialog) if d.isVisible()]
    assert isinstance(dialog, ExportDateDialog)
    return dialog


def _warned(dialog: ExportDateDialog) -> str:
    return dialog.warning.text() if dialog.warning.isVisibleTo(dialog) else ""


def test_an_export_date_after_today_is_warned_of_and_can_be_saved(
    qtbot: Any, window: Any, isolated: dict[str, list[Any]]
) -> None:
    """A date after today was taken as the "actual" export date without a word: the dialog says so
    in a line, and still saves it (it may be the date the customs gave)."""
    dialog = _export_date_dialog(window, "kenya")  # incomplete: no message to the authority called for
    assert _warned(dialog) == ""
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    dialog.date.setText(tomorrow)
    assert "after today" in _warned(dialog)
    assert not dialog.problem.isVisibleTo(dialog)  # a warning, not a refusal
    dialog.date.setText(dt.date.today().isoformat())
    assert _warned(dialog) == ""
    dialog.date.setText("2020-03-01")
    assert _warned(dialog) == ""
    dialog.date.setText(tomorrow)
    entries = len(window.workbook.journal("kenya"))
    _save(dialog)
    assert not dialog.isVisible()
    assert window.workbook.dossier("kenya").transaction.export_date == tomorrow
    assert len(window.workbook.journal("kenya")) == entries + 1  # journaled, as any export date


@pytest.mark.parametrize(
    ("reply", "warned"),
    [
        (None, True),
        (AuthorityReply("notification", sent_on="2026-04-01"), True),  # the decision pending
        (AuthorityReply("notification", sent_on="2026-04-01", decision="pending"), True),
        (
            AuthorityReply(
                "notification", "2026-04-01", decision="no_authorisation_required", decided_on="2026-05-01"
            ),
            False,
        ),
    ],
)
def test_an_export_before_the_authority_s_decision_is_recorded_is_said(
    qtbot: Any, wb_path: Path, window: Any, reply: AuthorityReply | None, warned: bool
) -> None:
    """The example's outcome (notify_legitimate) calls for a message to the authority: an export date
    recorded while its decision is not (no reply, or a pending one) is said, in neutral words."""
    if reply is not None:
        with Workbook.open(wb_path) as wb:
            wb.set_authority_reply("example", reply)
        window.refresh()
    dialog = _export_date_dialog(window, "example")
    assert _warned(dialog) == ""  # no export date yet
    dialog.date.setText("2026-06-01")
    said = "exported before the authority's decision was recorded"
    assert (said in _warned(dialog)) is warned
    _save(dialog)  # saved all the same
    assert window.workbook.dossier("example").transaction.export_date == "2026-06-01"


def test_an_export_date_already_recorded_is_warned_of_when_the_dialog_opens(
    qtbot: Any, wb_path: Path, window: Any
) -> None:
    with Workbook.open(wb_path) as wb:
        wb.set_export_date("example", "2026-06-01")
    window.refresh()
    dialog = _export_date_dialog(window, "example")
    assert "exported before the authority's decision was recorded" in _warned(dialog)
