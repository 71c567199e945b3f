"""The two annotations that arrive after sign-off (DESIGN.md section 3): the competent authority's reply
(what was sent, when, its reference, the decision and its date, a note) and the actual export date.
Both stay editable on a finalised dossier; the store checks and journals each change
(``Workbook.set_authority_reply``, ``Workbook.set_export_date``) and recomputes the retention date,
which the export date's dialog shows once it is recorded.

Opened from the dossier window (its Dossier menu: ``add_reply_actions``) and from the main window
for the selected dossier (``open_reply``, ``open_export_date``). A value that
cannot be read or does not fit (a decision dated before the reply was sent) is said in one line in the
dialog, and nothing is saved until it is put right. An export date after today, or one recorded while
the authority's decision that the outcome called for is not, is said in a warning line: it can be
saved all the same (it may be a date the customs gave).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core import contract
from core.i18n import _, formats
from core.words import REPLY_DECISION_WORDS, REPLY_KIND_WORDS
from gui.fields import DateField

if TYPE_CHECKING:
    from core.dossier import AuthorityReply, Dossier
    from core.store import StoredDossier, Workbook
    from gui.operations import Operations

_PROBLEM_STYLE = "QLabel { color: #a93226; }"
_WARNING_STYLE = "QLabel { color: #8a5a00; }"


def default_kind(outcome: str | None) -> str:
    """The kind of message the outcome calls for (a notification when it names none)."""
    return contract.REPLY_KIND_FOR_OUTCOME.get(outcome or "", "notification")


def _checked(wb: Workbook, dossier: Dossier) -> str:
    """Why ``dossier`` would be refused (the file reader's check, as the store makes it): one line, or ""."""
    from core.dossier import DossierError, dossier_from_json, dossier_to_json

    try:
        dossier_from_json(dossier_to_json(dossier), wb.content)
    except DossierError as e:
        return e.first_line()
    return ""


class _AnnotationDialog(QDialog):
    """What both dialogs share: the dossier as stored, a form, a line for what is wrong, Save/Cancel."""

    def __init__(self, parent: QWidget | None, ops: Operations, wb: Workbook, dossier_id: str) -> None:
        super().__init__(parent)
        self.ops, self.wb, self.dossier_id = ops, wb, dossier_id
        self.stored: StoredDossier = wb.get(dossier_id)
        layout = self.box = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(_PROBLEM_STYLE)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if wb.read_only:
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)

    def outcome(self) -> str | None:
        """The dossier's outcome (core.decision)."""
        from core.decision import assess

        return assess(self.stored.dossier, self.wb.content).outcome

    def say(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))

    def date_row(self, text: str, date: str | None) -> DateField:
        field = DateField()
        field.set_value(date)
        field.textChanged.connect(lambda _text: self.say(""))  # what was wrong goes once it is changed
        label = QLabel(text)
        label.setBuddy(field)
        self.form.addRow(label, field)
        return field

    def save(self) -> None:  # pragma: no cover - each dialog saves its own
        raise NotImplementedError

    def done(self, result: int) -> None:
        super().done(result)
        parent = self.parentWidget()
        if parent is not None:  # the keyboard goes on where it was (some window managers leave none active)
            parent.window().activateWindow()


class ReplyDialog(_AnnotationDialog):
    """The authority's reply: kind, sent on, reference, decision, decided on, note."""

    def __init__(self, parent: QWidget | None, ops: Operations, wb: Workbook, dossier_id: str) -> None:
        super().__init__(parent, ops, wb, dossier_id)
        d = self.stored.dossier
        self.setWindowTitle(_("Authority's reply: {title}").format(title=d.title))
        self.intro.setText(
            _(
                "What you sent to the competent authority and what it decided. It can be recorded and "
                "changed after sign-off too; every change is kept in the dossier's history."
            )
        )
        reply = d.authority_reply
        self.kind = QComboBox()
        for kind in contract.REPLY_KINDS:
            self.kind.addItem(_(REPLY_KIND_WORDS[kind]), kind)
        self.kind.setCurrentIndex(self.kind.findData(reply.kind if reply else self._outcome_kind()))
        self._row(_("&Sent as:"), self.kind)
        self.sent_on = self.date_row(_("Sent &on:"), reply.sent_on if reply else None)
        self.reference = QLineEdit(reply.reference or "" if reply else "")
        self.reference.setPlaceholderText(_("the authority's reference, if it gave one"))
        self._row(_("&Reference:"), self.reference)
        self.decision = QComboBox()
        for decision in contract.REPLY_DECISIONS:
            self.decision.addItem(_(REPLY_DECISION_WORDS[decision]), decision)
        decision = (reply.decision if reply else None) or contract.REPLY_PENDING
        self.decision.setCurrentIndex(self.decision.findData(decision))
        self._row(_("De&cision:"), self.decision)
        self.decided_on = self.date_row(_("&Decided on:"), reply.decided_on if reply else None)
        self.note = QPlainTextEdit(reply.note or "" if reply else "")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        self._row(_("&Note:"), self.note)
        if reply is not None:
            self.remove = QPushButton(_("Re&move the reply"))
            self.remove.setEnabled(not wb.read_only)
            self.buttons.addButton(self.remove, QDialogButtonBox.ButtonRole.DestructiveRole)
            self.remove.clicked.connect(self.remove_reply)
        self.resize(max(self.sizeHint().width(), 520), self.sizeHint().height())
        self.kind.setFocus()

    def _row(self, text: str, widget: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        self.form.addRow(label, widget)

    def _outcome_kind(self) -> str:
        return default_kind(self.outcome())

    def reply(self) -> AuthorityReply | str:
        """The reply the fields give, or why they do not give one (one line)."""
        from core.dossier import AuthorityReply

        for field, name in ((self.sent_on, _("Sent on")), (self.decided_on, _("Decided on"))):
            if field.problem():
                return f"{name}: {field.problem()}"
        decision = self.decision.currentData()
        sent_on, decided_on = self.sent_on.value(), self.decided_on.value()
        if decided_on is not None and decision == contract.REPLY_PENDING:
            return _("A pending decision has no date: choose the decision, or leave “Decided on” empty.")
        if decided_on is not None and sent_on is not None and decided_on < sent_on:
            return _("The decision cannot be dated before the day it was sent ({sent_on}).").format(
                sent_on=sent_on
            )
        return AuthorityReply(
            kind=self.kind.currentData(),
            sent_on=sent_on,
            reference=self.reference.text().strip() or None,
            decision=decision,
            decided_on=decided_on,
            note=self.note.toPlainText().strip() or None,
        )

    def save(self) -> None:
        import dataclasses

        reply = self.reply()
        if isinstance(reply, str):
            self.say(reply)
            return
        problem = _checked(self.wb, dataclasses.replace(self.stored.dossier, authority_reply=reply))
        if problem:
            self.say(problem)
            return
        self._write(reply)

    def remove_reply(self) -> None:
        answer = QMessageBox.question(
            self,
            _("Remove the reply"),
            _("Remove the authority's reply recorded for this dossier? The history keeps what it was."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._write(None)

    def _write(self, reply: AuthorityReply | None) -> None:
        wb, did = self.wb, self.dossier_id
        if self.ops.quick(
            lambda: wb.set_authority_reply(did, reply), title=_("Not saved"), dossier=did, parent=self
        ):
            self.accept()


class ExportDateDialog(_AnnotationDialog):
    """The actual export date; once it is recorded, how long the record is then kept."""

    def __init__(self, parent: QWidget | None, ops: Operations, wb: Workbook, dossier_id: str) -> None:
        super().__init__(parent, ops, wb, dossier_id)
        d = self.stored.dossier
        self.setWindowTitle(_("Actual export date: {title}").format(title=d.title))
        self.intro.setText(
            _(
                "The day the items actually left. It can be recorded after sign-off too; the record is "
                "then kept until five years after the end of that year."
            )
        )
        self.date = self.date_row(_("&Exported on:"), d.transaction.export_date)
        self.kept = QLabel(self.retention_words(self.stored))
        self.kept.setObjectName("kept")
        self.kept.setWordWrap(True)
        self.form.addRow("", self.kept)
        self.warning = QLabel()  # what to look at again before saving; saving stays possible
        self.warning.setObjectName("warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(_WARNING_STYLE)
        self.box.insertWidget(self.box.indexOf(self.problem), self.warning)
        self._needs_authority = self.outcome() in contract.REPLY_KIND_FOR_OUTCOME
        self.date.textChanged.connect(lambda _text: self._warn())
        self._warn()
        self.resize(max(self.sizeHint().width(), 480), self.sizeHint().height())
        self.date.setFocus()

    def warnings(self, date: str | None) -> list[str]:
        """What to look at again about ``date`` as the actual export date (none when it is None): a
        day after today, or an export while the authority's decision that the outcome called for is
        not recorded. Said, never refused: the user may record a date the customs gave."""
        if date is None:
            return []
        said = []
        if date > dt.date.today().isoformat():
            said.append(
                _(
                    "{date} is after today. Check that it is the day the items actually left; it can be "
                    "saved as it is."
                ).format(date=formats.date(date))
            )
        reply = self.stored.dossier.authority_reply
        if self._needs_authority and (reply is None or reply.decision in (None, contract.REPLY_PENDING)):
            said.append(
                _(
                    "This dossier's outcome calls for a message to the competent authority, and no reply "
                    "of the authority is recorded: with this date, the record says the items were exported "
                    "before the authority's decision was recorded."
                )
                if reply is None
                else _(
                    "The competent authority's decision is recorded as pending: with this date, the "
                    "record says the items were exported before the authority's decision was recorded."
                )
            )
        return said

    def _warn(self) -> None:
        said = self.warnings(self.date.value())
        self.warning.setText(" ".join(said))
        self.warning.setVisible(bool(said))

    @staticmethod
    def retention_words(stored: StoredDossier) -> str:
        """How long the record is kept, in words: the stored retention date of a finalised dossier,
        else the one its dates give now (a draft's is fixed at sign-off)."""
        if stored.retention_until is not None:
            why = stored.retention_explained()
            until = formats.date(stored.retention_until)
            return (
                _("The record is kept until {date} ({why}).").format(date=until, why=why)
                if why
                else _("The record is kept until {date}.").format(date=until)
            )
        from core.dossier import retention

        found = retention(stored.dossier)
        if found is None:
            return _("The retention date is set when the dossier is signed off.")
        return _("Signed off now, the record would be kept until {date}.").format(
            date=formats.date(found.until)
        )

    def save(self) -> None:
        if self.date.problem():
            self.say(_("Exported on: {problem}").format(problem=self.date.problem()))
            return
        wb, did, date = self.wb, self.dossier_id, self.date.value()
        if date == self.stored.dossier.transaction.export_date:
            self.accept()  # nothing changed: nothing to record
            return
        saved: list[StoredDossier] = []
        if not self.ops.quick(
            lambda: wb.set_export_date(did, date),
            title=_("Not saved"),
            dossier=did,
            parent=self,
            success=saved.append,
        ):
            return
        self.kept.setText(self.retention_words(saved[0]))
        QMessageBox.information(
            self,
            _("Actual export date recorded"),
            (
                _("Exported on {date}.").format(date=formats.date(date))
                if date
                else _("The actual export date is removed.")
            )
            + " "
            + self.retention_words(saved[0]),
        )
        self.accept()


def open_reply(parent: QWidget, ops: Operations, wb: Workbook, dossier_id: str) -> ReplyDialog | None:
    """Show the authority's reply of a dossier (None when it cannot be read)."""
    dialog = _open(ReplyDialog, parent, ops, wb, dossier_id)
    return dialog if isinstance(dialog, ReplyDialog) else None


def open_export_date(
    parent: QWidget, ops: Operations, wb: Workbook, dossier_id: str
) -> ExportDateDialog | None:
    """Show the actual export date of a dossier (None when it cannot be read)."""
    dialog = _open(ExportDateDialog, parent, ops, wb, dossier_id)
    return dialog if isinstance(dialog, ExportDateDialog) else None


def _open(
    cls: type[_AnnotationDialog], parent: QWidget, ops: Operations, wb: Workbook, did: str
) -> _AnnotationDialog | None:
    """Show a dialog for a dossier (window-modal; None when the dossier cannot be read)."""
    made: list[_AnnotationDialog] = []
    if not ops.quick(
        lambda: cls(parent, ops, wb, did), title=_("Cannot open"), success=made.append, parent=parent
    ):
        return None
    dialog = made[0]
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()
    return dialog


def add_reply_actions(window: QWidget, menu: QMenu, ops: Operations, wb: Workbook, dossier_id: str) -> None:
    """The two entries of a dossier window's Dossier menu."""
    for text, cls in (
        (_("Authority's &reply…"), ReplyDialog),
        (_("Actual &export date…"), ExportDateDialog),
    ):
        action = QAction(text, window)
        action.setEnabled(not wb.read_only)
        action.triggered.connect(lambda _c=False, k=cls: _open(k, window, ops, wb, dossier_id))
        menu.addAction(action)
