"""Widgets the wizard pages are made of. ``QuestionWidget`` renders any question of the content by
its kind, so that a new question in the TOML needs no new widget class."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core import countries
from core.content import Question
from core.dossier import Answer, AnswerValue, Evidence
from core.i18n import _, formats

NONE_OF_THESE = "__none__"
SAVE_DELAY_MS = 400


class Debounce(QObject):
    """Calls ``fn`` once typing has paused; ``flush()`` calls it now if a call is pending."""

    def __init__(self, fn: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(fn)

    def poke(self) -> None:
        self._timer.start()

    def flush(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self._fn()


class CountryCombo(QComboBox):
    """A searchable country picker: type part of a name or the code."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, codes: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("", None)
        for code, name in countries.choices():
            if codes is None or code in codes:
                self.addItem(f"{name} ({code})", code)
        completer = self.completer()
        assert completer is not None
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("Type a country name or code"))
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def code(self) -> str | None:
        data = self.currentData()
        return str(data) if data else None

    def set_code(self, code: str | None) -> None:
        index = self.findData(code) if code else 0
        self.blockSignals(True)
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)


def human_size(size: int | None) -> str:
    if size is None:
        return _("size unknown")
    if size < 1024:
        return _("{size} bytes").format(size=formats.number(size))
    amount = float(size)
    for unit in (_("KB"), _("MB"), _("GB")):
        amount /= 1024
        if amount < 1024 or unit == _("GB"):
            return _("{size} {unit}").format(size=formats.number(amount, 1), unit=unit)
    return str(size)


class EvidenceBox(QWidget):
    """The evidence of one question: name, size and hash of each file; attach by dialog or drop."""

    attach_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.list = QListWidget()
        self.list.setMaximumHeight(70)
        self.list.setToolTip(_("Evidence for this answer. Drop files here to attach them."))
        self.button = QPushButton(_("Attach e&vidence…"))
        self.button.clicked.connect(self._choose)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)

    def show_evidence(self, items: list[Evidence]) -> None:
        self.list.clear()
        for e in items:
            digest = (e.sha256 or "")[:16]
            self.list.addItem(
                _("{file}  ·  {size}  ·  SHA-256 {digest}…").format(
                    file=e.filename, size=human_size(e.size), digest=digest
                )
            )
            self.list.item(self.list.count() - 1).setToolTip(
                _("{description}\nSHA-256 {sha256}\nadded {added}").format(
                    description=e.description or e.filename,
                    sha256=e.sha256,
                    added=formats.date_time(e.added_at),
                )
            )
        self.list.setVisible(bool(items))

    def _choose(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, _("Attach evidence"))
        if names:
            self.attach_requested.emit([Path(n) for n in names])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.button.isEnabled():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.attach_requested.emit(paths)
            event.acceptProposedAction()


class QuestionWidget(QGroupBox):
    """One question: its value editor (by kind), a rationale, and its evidence."""

    changed = Signal(str)  # the question id; read the answer with ``answer()``
    attach = Signal(str, list)  # question id, paths

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.setObjectName(f"q_{question.id}")
        self._loading = False
        layout = QVBoxLayout(self)
        text = QLabel(question.text)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = text.font()
        font.setBold(True)
        text.setFont(font)
        layout.addWidget(text)
        self.buttons: dict[str, QAbstractButton] = {}
        self.group: QButtonGroup | None = None
        self.text_edit: QPlainTextEdit | None = None
        self.country: CountryCombo | None = None
        kind = question.kind
        if kind == "multi_choice":
            row = QVBoxLayout()
            for option in question.options:
                box = QCheckBox(option.label)
                box.setToolTip(option.guidance)
                box.toggled.connect(lambda on, o=option.id: self._multi_toggled(o, on))
                self.buttons[option.id] = box
                row.addWidget(box)
            none = QCheckBox(_("None of these"))
            none.toggled.connect(lambda on: self._multi_toggled(NONE_OF_THESE, on))
            self.buttons[NONE_OF_THESE] = none
            row.addWidget(none)
            layout.addLayout(row)
        elif kind == "text":
            self.text_edit = QPlainTextEdit()
            self.text_edit.setTabChangesFocus(True)
            self.text_edit.setMaximumHeight(90)
            self._text_save = Debounce(lambda: self._emit(), self)
            self.text_edit.textChanged.connect(self._text_typed)
            layout.addWidget(self.text_edit)
        elif kind == "country":
            self.country = CountryCombo()
            self.country.changed.connect(self._emit)
            layout.addWidget(self.country)
        else:
            self.group = QButtonGroup(self)
            row2 = QHBoxLayout()
            for option in question.options:
                radio = QRadioButton(option.label)
                radio.setToolTip(option.guidance)
                self.group.addButton(radio)
                self.buttons[option.id] = radio
                row2.addWidget(radio)
            row2.addStretch(1)
            self.group.buttonToggled.connect(self._radio_toggled)
            layout.addLayout(row2)
        label = QLabel(_("Rationale: why this answer, and on what it rests"))
        layout.addWidget(label)
        self.rationale = QPlainTextEdit()
        self.rationale.setTabChangesFocus(True)
        self.rationale.setMaximumHeight(70)
        self.rationale.setPlaceholderText(_("Write down the facts and reasoning behind the answer."))
        label.setBuddy(self.rationale)
        self._rationale_save = Debounce(lambda: self._emit(), self)
        self.rationale.textChanged.connect(self._rationale_typed)
        layout.addWidget(self.rationale)
        self.evidence = EvidenceBox()
        self.evidence.attach_requested.connect(lambda paths: self.attach.emit(question.id, paths))
        layout.addWidget(self.evidence)

    # -- reading and writing -------------------------------------------------------------------

    def _text_typed(self) -> None:
        if not self._loading:
            self._text_save.poke()

    def _rationale_typed(self) -> None:
        if not self._loading:
            self._rationale_save.poke()

    def _radio_toggled(self, _button: QAbstractButton, on: bool) -> None:
        if on:
            self._emit()

    def _multi_toggled(self, option: str, on: bool) -> None:
        if self._loading:
            return
        self._loading = True
        if on and option == NONE_OF_THESE:
            for oid, box in self.buttons.items():
                if oid != NONE_OF_THESE:
                    box.setChecked(False)
        elif on:
            self.buttons[NONE_OF_THESE].setChecked(False)
        self._loading = False
        self._emit()

    def _emit(self) -> None:
        if not self._loading:
            self.changed.emit(self.question.id)

    def value(self) -> AnswerValue | None:
        kind = self.question.kind
        if kind == "multi_choice":
            chosen = tuple(o for o, b in self.buttons.items() if o != NONE_OF_THESE and b.isChecked())
            if chosen:
                return chosen
            return () if self.buttons[NONE_OF_THESE].isChecked() else None
        if self.text_edit is not None:
            text = self.text_edit.toPlainText()
            return text if text.strip() else None
        if self.country is not None:
            return self.country.code()
        return next((o for o, b in self.buttons.items() if b.isChecked()), None)

    def answer(self, evidence: tuple[str, ...] = ()) -> Answer | None:
        value = self.value()
        rationale = self.rationale.toPlainText()
        if value is None and not rationale.strip() and not evidence:
            return None
        return Answer(value=value, rationale=rationale if rationale.strip() else None, evidence=evidence)

    def load(self, answer: Answer | None, evidence: list[Evidence]) -> None:
        """Show a stored answer without emitting changes."""
        self._loading = True
        value = answer.value if answer else None
        if self.question.kind == "multi_choice":
            chosen = value if isinstance(value, tuple) else ()
            for oid, box in self.buttons.items():
                box.setChecked(oid in chosen if oid != NONE_OF_THESE else value == ())
        elif self.text_edit is not None:
            if self.text_edit.toPlainText() != (value or ""):
                self.text_edit.setPlainText(str(value or ""))
        elif self.country is not None:
            self.country.set_code(value if isinstance(value, str) else None)
        elif self.group is not None:
            self.group.setExclusive(False)
            for oid, button in self.buttons.items():
                button.setChecked(oid == value)
            self.group.setExclusive(True)
        rationale = (answer.rationale if answer else None) or ""
        if self.rationale.toPlainText() != rationale:
            self.rationale.setPlainText(rationale)
        self.evidence.show_evidence(evidence)
        self._loading = False

    def flush(self) -> None:
        for debounce in self.findChildren(Debounce):
            debounce.flush()

    def set_read_only(self, read_only: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(not read_only)
        for edit in (self.text_edit, self.rationale):
            if edit is not None:
                edit.setReadOnly(read_only)
        if self.country is not None:
            self.country.setEnabled(not read_only)
        self.evidence.button.setEnabled(not read_only)


def focus_owner(widget: QWidget | None) -> Any:
    """The QuestionWidget (or other guidance owner) that contains ``widget``."""
    while widget is not None:
        if isinstance(widget, QuestionWidget) or widget.property("guidance") is not None:
            return widget
        widget = widget.parentWidget()
    return None
