"""Sign-off (Finalise): a dialog opened from the dossier window (Dossier > Finalise…, the outcome page)
or from the list, for one dossier.

It shows the dossier's outcome in words and the holds of its assessment (DESIGN.md section 4) that
remain, each in the content's words with a button that closes the dialog and opens the page that
settles it (``core.decision.where_settled``); it asks the name and role of whoever signs off
(remembered from the last sign-off) and the export year ("not known" when it is not), shows the
retention date that will result (``core.dossier.retention``), and accepts the remaining holds only
with a reason, never when the outcome is incomplete. Finalise runs ``Workbook.finalise`` as an
operation (gui.operations) on the window's workbook; a refusal is one message. The dossier is
read-only afterwards: its window follows the change signal, as for a dossier finalised elsewhere."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core import contract
from core.decision import Settle, assess, places_to_settle
from core.dossier import Dossier, SignOff, retention, retention_explained
from core.i18n import _, formats
from core.store import FrozenError, HoldsError
from gui import screens
from gui.settings import Settings

if TYPE_CHECKING:
    from core.store import Workbook
    from gui.operations import Operations

NOT_KNOWN = contract.YEAR_MIN - 1  # the export year's spin box shows "not known" at this value


class YearBox(QSpinBox):
    """The export year, "not known" until one is given: the first step up or down from "not known"
    goes to ``likely()`` (the planned export year, else this year), not to the year 1900."""

    def __init__(self, likely: Callable[[], int]) -> None:
        super().__init__()
        self.likely = likely

    def stepBy(self, steps: int) -> None:
        if self.value() == self.minimum():
            self.setValue(self.likely())
            return
        super().stepBy(steps)


class SignOffDialog(QDialog):
    """Finalise one dossier. ``settle`` carries where a hold is settled (a ``core.decision.Settle``)
    once the user has chosen to go there: the dialog has closed by then."""

    settle = Signal(object)

    def __init__(
        self,
        parent: QWidget | None,
        ops: Operations,
        workbook: Workbook,
        dossier_id: str,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.wb = workbook
        self.dossier_id = dossier_id
        self.settings = settings or Settings()
        self.content = workbook.content
        self.dossier: Dossier = workbook.dossier(dossier_id)
        self.holds: tuple[str, ...] = ()
        self.go_buttons: dict[str, QPushButton] = {}
        self.setObjectName("sign_off")

        layout = QVBoxLayout(self)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.outcome)

        self.holds_box = QGroupBox(_("To settle before sign-off"))
        box = QVBoxLayout(self.holds_box)
        self.holds_area = QScrollArea()
        self.holds_area.setWidgetResizable(True)
        self.holds_area.setFrameShape(QFrame.Shape.NoFrame)
        # the keyboard reaches the list itself too (arrows and Page Down scroll it), then its links
        self.holds_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.holds_area.setAccessibleName(_("To settle before sign-off"))
        box.addWidget(self.holds_area)
        self.never = QLabel(
            _(
                "The assessment is incomplete. This hold can never be accepted: answer the questions the "
                "assessment still needs, then finalise."
            )
        )
        self.never.setWordWrap(True)
        self.never.setStyleSheet("color:#a33a2b; font-weight:bold")
        box.addWidget(self.never)
        layout.addWidget(self.holds_box, 1)

        self._build_fields(layout)
        self.retention = QLabel()
        self.retention.setWordWrap(True)
        layout.addWidget(self.retention)
        self.warning = QLabel(
            _(
                "Once finalised, the dossier is read-only: its answers, parties and evidence can no "
                "longer be changed (to change it, duplicate it). The authority's reply and the export "
                "date can still be recorded."
            )
        )
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("background:#fff4e5; padding:6px")
        layout.addWidget(self.warning)

        buttons = QDialogButtonBox()
        self.finalise_button = QPushButton(_("&Finalise"))
        self.finalise_button.setDefault(True)  # Enter finalises only when it is enabled: all is given
        buttons.addButton(self.finalise_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.finalise_button.clicked.connect(self.finalise)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        for edit in (self.name, self.role):
            edit.textChanged.connect(self._update)
        self.reason.textChanged.connect(self._update)
        self.accept_holds.toggled.connect(self._update)
        self.year.valueChanged.connect(self._update)
        self.year.setValue(NOT_KNOWN)  # never a year nobody gave: the retention line says what counts
        self.load()
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
        screens.fit(self, 760, 680, near=parent)

    def _build_fields(self, layout: QVBoxLayout) -> None:
        """Name, role and export year; accepting the holds, and why."""
        form = QFormLayout()
        self.name = QLineEdit(str(self.settings.get("sign_off_name") or ""))
        self.name_label = QLabel(_("&Name:"))
        self.name_label.setBuddy(self.name)
        form.addRow(self.name_label, self.name)
        self.role = QLineEdit(str(self.settings.get("sign_off_role") or ""))
        self.role.setPlaceholderText(_("for example: Compliance officer"))
        self.role_label = QLabel(_("&Role:"))
        self.role_label.setBuddy(self.role)
        form.addRow(self.role_label, self.role)
        self.year = YearBox(self._likely_year)
        self.year.setRange(NOT_KNOWN, contract.YEAR_MAX)
        self.year.setSpecialValueText(_("not known"))
        self.year.setToolTip(
            _(
                "The year of export, when known: the record is kept to the end of that year plus five "
                "years. The actual export date, recorded later, takes its place."
            )
        )
        self.year_label = QLabel(_("Export &year:"))
        self.year_label.setBuddy(self.year)
        form.addRow(self.year_label, self.year)
        layout.addLayout(form)

        self.accept_holds = QCheckBox(_("&Accept the remaining holds"))
        self.accept_holds.setToolTip(
            _("Sign off although the holds above remain: the sign-off records them with your reason")
        )
        layout.addWidget(self.accept_holds)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)  # Tab leaves the reason, as in any field
        self.reason.setPlaceholderText(_("Why the dossier may be signed off with these holds"))
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 4)
        self.reason_label = QLabel(_("Rea&son for accepting them:"))
        self.reason_label.setBuddy(self.reason)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason)

    # -- what the dialog shows -------------------------------------------------------------

    def _likely_year(self) -> int:
        planned = self.dossier.transaction.planned_export_date
        return dt.date.fromisoformat(planned).year if planned else dt.date.today().year

    def load(self) -> None:
        """Read the dossier as the workbook now has it, and show its outcome and holds."""
        self.dossier = self.wb.dossier(self.dossier_id)
        self.setWindowTitle(_("Finalise: {title}").format(title=self.dossier.title))
        c = self.content
        result = assess(self.dossier, c)
        outcome = c.outcomes[result.outcome]
        decided = c.decision_step(result.decided_at).title
        self.outcome.setText(
            f"<p>{html.escape(_('Outcome:'))} <b style='color:{outcome.colour}'>"
            f"{html.escape(outcome.title)}</b><br><span style='color:#555'>"
            f"{html.escape(_('Decided at: {step}').format(step=decided))}</span></p>"
        )
        self.holds = tuple(result.holds)
        places = places_to_settle(self.dossier, result, c)
        holder = QWidget()
        rows = QVBoxLayout(holder)
        rows.setContentsMargins(0, 0, 0, 0)
        self.go_buttons = {}
        self._hold_words: list[str] = []
        for place in places:
            hold = c.holds[place.hold]
            title = QLabel(f"☐ <b>{html.escape(hold.title)}</b>")
            title.setTextFormat(Qt.TextFormat.RichText)
            text = QLabel(hold.text)
            text.setWordWrap(True)
            text.setIndent(title.fontMetrics().horizontalAdvance("☐ "))
            go = QPushButton(_("Go to “{page}”").format(page=c.step(place.step).title))
            go.setToolTip(_("Close this dialog and open the page that settles this"))
            go.clicked.connect(lambda _c=False, p=place: self._go(p))
            head = QHBoxLayout()
            head.addWidget(title, 1)
            head.addWidget(go)
            rows.addLayout(head)
            rows.addWidget(text)
            rows.addSpacing(title.fontMetrics().height() // 2)
            self.go_buttons[place.hold] = go
            self._hold_words.append(f"{hold.title}\n{hold.text}")
        if not places:
            done = QLabel(_("Nothing is left to settle: the dossier can be signed off."))
            done.setWordWrap(True)
            rows.addWidget(done)
            self._hold_words.append(done.text())
        rows.addStretch(1)
        self.holds_area.setWidget(holder)
        never = result.outcome == contract.INCOMPLETE or any(h in contract.NEVER_ACCEPTED for h in self.holds)
        self.never.setVisible(never)
        acceptable = bool(self.holds) and not never
        self.accept_holds.setEnabled(acceptable)
        if not acceptable:
            self.accept_holds.setChecked(False)
        self._tab_order()
        self._update()

    def _tab_order(self) -> None:
        """The order of the eye: the links to the holds, the fields, then the buttons."""
        chain: list[QWidget] = [
            self.holds_area,
            *self.go_buttons.values(),
            self.name,
            self.role,
            self.year,
            self.accept_holds,
            self.reason,
            self.finalise_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def hold_texts(self) -> str:
        """What the list of holds says, as plain text."""
        return "\n".join(self._hold_words)

    def export_year(self) -> int | None:
        return None if self.year.value() == NOT_KNOWN else self.year.value()

    def _reason(self) -> str | None:
        """The reason for accepting the holds, when they remain and are accepted (None otherwise)."""
        if not self.holds or not self.accept_holds.isChecked():
            return None
        return self.reason.toPlainText().strip() or None

    def _ready(self) -> bool:
        if not self.name.text().strip() or not self.role.text().strip():
            return False
        if any(h in contract.NEVER_ACCEPTED for h in self.holds):
            return False
        return not self.holds or self._reason() is not None

    def _update(self) -> None:
        accepting = self.accept_holds.isEnabled() and self.accept_holds.isChecked()
        self.reason.setEnabled(accepting)
        self.reason_label.setEnabled(accepting)
        self.finalise_button.setEnabled(self._ready())
        signed = SignOff("", "", dt.date.today().isoformat(), export_year=self.export_year())
        kept = retention(dataclasses.replace(self.dossier, sign_off=signed))
        if kept is not None:
            self.retention.setText(
                _("The record will be kept until {date}: {rule}.").format(
                    date=formats.date(kept.until), rule=retention_explained(kept.basis, kept.until) or ""
                )
            )

    # -- acting ----------------------------------------------------------------------------

    def _go(self, place: Settle) -> None:
        self.reject()
        self.settle.emit(place)

    def finalise(self) -> bool:
        """Sign the dossier off as given; True when it was. The holds shown are those signed off
        against: should they have changed meanwhile, nothing is signed and the dialog shows them."""
        if not self._ready():
            return False
        wb, did, shown = self.wb, self.dossier_id, self.holds
        name, role, year, reason = (
            self.name.text().strip(),
            self.role.text().strip(),
            self.export_year(),
            self._reason(),
        )

        def work() -> object:
            now = assess(wb.dossier(did), self.content).holds
            if tuple(now) != shown:
                raise HoldsError("", now)  # worded below, as any refusal for holds
            return wb.finalise(did, name, role, export_year=year, accept_holds=reason)

        def failed(error: Exception) -> Exception | str | None:
            if isinstance(error, HoldsError):
                self.load()
                titles = ", ".join(self.content.holds[h].title for h in error.holds)
                if any(h in contract.NEVER_ACCEPTED for h in error.holds):
                    return _("the assessment is incomplete: answer the questions it still needs first")
                if not error.holds:
                    return _("the holds shown have been settled meanwhile; finalise again to sign off")
                return _(
                    "the dossier has holds to settle now: {holds}. Settle them, or accept them with a reason."
                ).format(holds=titles)
            if isinstance(error, FrozenError):
                return _("the dossier has been finalised already (by another program, or another window)")
            return error

        done = self.ops.quick(
            work, title=_("Not finalised"), dossier=did, failed=failed, parent=self, initiator=self
        )
        if done:
            self.settings.set("sign_off_name", name)
            self.settings.set("sign_off_role", role)
            self.accept()
        return done


def open_sign_off(
    parent: QWidget,
    ops: Operations,
    workbook: Workbook,
    dossier_id: str,
    settle: Callable[[Settle], object],
    settings: Settings | None = None,
) -> SignOffDialog:
    """Open the sign-off dialog of a dossier over ``parent`` (window-modal; one at a time): ``settle``
    is called with where a hold is settled when the user chooses to go there."""
    for shown in parent.findChildren(SignOffDialog):
        if shown.isVisible() and shown.dossier_id == dossier_id:
            shown.raise_()
            shown.activateWindow()
            return shown
    dialog = SignOffDialog(parent, ops, workbook, dossier_id, settings)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.settle.connect(settle)
    dialog.open()
    return dialog
