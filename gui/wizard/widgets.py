"""Widgets the wizard pages are made of. ``QuestionWidget`` renders any question of the content by
its kind, so that a new question in the TOML needs no new widget class.

Conventions every page follows through these widgets: a combo box takes the mouse wheel only when it
has focus (``ComboBox``: scrolling the page never changes an answer); a country typed in full is
taken when it names one country, else the field is marked, never silently emptied
(``CountryCombo``); the arrow keys select in a group of options, as the platforms do; a read-only
field looks read-only (``show_read_only``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QFocusEvent,
    QHideEvent,
    QKeyEvent,
    QPalette,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
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
from gui.fields import problem_label as problem_label  # one label for every checked field

NONE_OF_THESE = "__none__"
SAVE_DELAY_MS = 400


_typing = 0  # how many Debounce calls are running (a save made while typing)


def typing() -> bool:
    """Whether the save being made comes from typing (a Debounce firing): consecutive ones of the
    same field are one step to undo."""
    return _typing > 0


class Debounce(QObject):
    """Calls ``fn`` once typing has paused; ``flush()`` calls it now if a call is pending."""

    def __init__(self, fn: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(self._call)

    def poke(self) -> None:
        self._timer.start()

    def flush(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self._call()

    def _call(self) -> None:
        global _typing
        _typing += 1
        try:
            self._fn()
        finally:
            _typing -= 1


class ComboBox(QComboBox):
    """A combo box that takes the mouse wheel only when it has focus: a wheel turned to scroll the
    page goes on to the page (and never changes, and saves, an answer on the way)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel does not give it focus either

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # to the scroll area the combo box is in


class CountryCombo(ComboBox):
    """A searchable country picker: type part of a name or the code. What was typed is taken when
    the field is left (or Enter pressed) if it names one country (``core.countries.matching``:
    "Kenya", "kenya", "KE", "united arab"); if it names none or several, the field is marked invalid
    (``problem()``, ``problem_changed``) and the country stored stays as it was."""

    changed = Signal()
    problem_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, codes: list[str] | None = None) -> None:
        super().__init__(parent)
        self._problem = ""
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
            line.editingFinished.connect(self.resolve)
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def code(self) -> str | None:
        data = self.currentData()
        return str(data) if data else None

    def set_code(self, code: str | None) -> None:
        index = self.findData(code) if code else 0
        self.blockSignals(True)
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)
        self._set_problem("")

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # left (also with the completion open)
            self.resolve()

    def hideEvent(self, event: QHideEvent) -> None:
        self.close_completions()  # its window closes: Qt crashes deleting it with completions open
        super().hideEvent(event)

    def close_completions(self) -> None:
        completer = self.completer()
        popup = completer.popup() if completer is not None else None
        if popup is not None and popup.isVisible():
            popup.hide()

    def problem(self) -> str:
        """Why what was typed was not taken ("" when the field holds a country, or none on purpose)."""
        return self._problem

    def resolve(self) -> None:
        """Take what was typed: the one country it names (an empty field: none), else mark it."""
        line = self.lineEdit()
        if line is None:
            return
        text = line.text().strip()
        if text == self.itemText(self.currentIndex()).strip():  # as chosen from the list
            self._set_problem("")
            return
        if not text:
            self._choose(0)
            return
        codes = [str(self.itemData(i)) for i in range(self.count()) if self.itemData(i)]
        found = countries.matching(text, codes)
        if len(found) == 1:
            self._choose(self.findData(found[0]))
            return
        if found:
            shown = ", ".join(self.itemText(self.findData(code)) for code in found[:6])
            reason = _("“{text}” could be {countries}: choose one from the list.").format(
                text=text, countries=shown + (", …" if len(found) > 6 else "")
            )
        else:
            reason = _(
                "No country is called “{text}”: type a name or a code, and choose from the list."
            ).format(text=text)
        kept = (
            _("The country stays {country}.").format(country=self.itemText(self.currentIndex()))
            if self.code()
            else _("No country is stored.")
        )
        self._set_problem(f"{reason} {kept}")

    def _choose(self, index: int) -> None:
        self._set_problem("")
        if index == self.currentIndex():
            line = self.lineEdit()
            if line is not None:
                line.setText(self.itemText(index))  # as the list writes it
        else:
            self.setCurrentIndex(index)  # announced: ``changed``

    def _set_problem(self, problem: str) -> None:
        if problem == self._problem:
            return
        self._problem = problem
        self.setProperty("invalid", bool(problem))
        self.setToolTip(problem)
        self.setAccessibleDescription(problem)
        self.setStyleSheet("QComboBox { border: 2px solid #c0392b; }" if problem else "")
        self.problem_changed.emit(problem)


def show_read_only(widget: QLineEdit | QPlainTextEdit, read_only: bool) -> None:
    """Make a text field read-only, and look it: the window's background instead of an input's."""
    widget.setReadOnly(read_only)
    palette = QPalette()  # only what is set here; the rest follows the application's
    if read_only:
        palette.setColor(
            QPalette.ColorRole.Base, QApplication.palette(widget).color(QPalette.ColorRole.Window)
        )
    widget.setPalette(palette)


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
    """The evidence of one question: name, description, size and hash of each file; attach by dialog
    or drop; open, describe or remove the one chosen (Enter, F2, Delete in the list, or the buttons)."""

    attach_requested = Signal(list)
    open_requested = Signal(str)  # evidence id
    describe_requested = Signal(str)
    remove_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.list = QListWidget()
        self.list.setMaximumHeight(70)
        self.list.setToolTip(
            _(
                "Evidence for this answer: Enter opens a file, F2 describes it, Delete removes it. "
                "Drop files here to attach them."
            )
        )
        self.list.itemActivated.connect(lambda _item: self._request(self.open_requested))
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.list.installEventFilter(self)
        self.button = QPushButton(_("Attach e&vidence…"))
        self.button.clicked.connect(self._choose)
        self.open_button = QPushButton(_("Open"))
        self.open_button.setToolTip(_("Open the file in the program your system uses for it"))
        self.open_button.clicked.connect(lambda: self._request(self.open_requested))
        self.describe_button = QPushButton(_("Describe…"))
        self.describe_button.setToolTip(_("What the file shows; the report prints it"))
        self.describe_button.clicked.connect(lambda: self._request(self.describe_requested))
        self.remove_button = QPushButton(_("Remove…"))
        self.remove_button.setToolTip(_("Remove the file from this dossier (before sign-off)"))
        self.remove_button.clicked.connect(lambda: self._request(self.remove_requested))
        self.action_row = QWidget()
        row = QHBoxLayout(self.action_row)
        row.setContentsMargins(0, 0, 0, 0)
        for b in (self.open_button, self.describe_button, self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        layout.addWidget(self.action_row)
        self.read_only = False
        self.show_evidence([])

    def show_evidence(self, items: list[Evidence]) -> None:
        chosen = self.current_id()
        self.list.clear()
        for e in items:
            digest = (e.sha256 or "")[:16]
            name = (
                _("{file} — {description}").format(file=e.filename, description=e.description)
                if e.description
                else e.filename
            )
            item = QListWidgetItem(
                _("{file}  ·  {size}  ·  SHA-256 {digest}…").format(
                    file=name, size=human_size(e.size), digest=digest
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, e.id)
            item.setToolTip(
                _("{description}\nSHA-256 {sha256}\nadded {added}").format(
                    description=e.description or e.filename,
                    sha256=e.sha256,
                    added=formats.date_time(e.added_at),
                )
            )
            self.list.addItem(item)
            if e.id == chosen or self.list.currentRow() < 0:
                self.list.setCurrentItem(item)
        self.list.setVisible(bool(items))
        self.action_row.setVisible(bool(items))
        self._update_buttons()

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.current_id() is not None
        self.button.setEnabled(not self.read_only)
        self.open_button.setEnabled(chosen)  # reading: also in a finalised dossier
        self.describe_button.setEnabled(chosen and not self.read_only)
        self.remove_button.setEnabled(chosen and not self.read_only)

    def _request(self, signal: Any) -> None:
        eid = self.current_id()
        if eid is not None and (signal is self.open_requested or not self.read_only):
            signal.emit(eid)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_F2:
                self._request(self.describe_requested)
                return True
            if event.key() == Qt.Key.Key_Delete:
                self._request(self.remove_requested)
                return True
        return super().eventFilter(watched, event)

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
    evidence_action = Signal(str, str)  # "open", "describe" or "remove"; the evidence id

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
            layout.addWidget(problem_label(self.country))
        else:
            self.group = QButtonGroup(self)
            row2 = QHBoxLayout()
            for option in question.options:
                radio = QRadioButton(option.label)
                radio.setToolTip(option.guidance)
                radio.installEventFilter(self)  # the arrow keys select
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
        for action, signal in (
            ("open", self.evidence.open_requested),
            ("describe", self.evidence.describe_requested),
            ("remove", self.evidence.remove_requested),
        ):
            signal.connect(lambda eid, a=action: self.evidence_action.emit(a, eid))
        layout.addWidget(self.evidence)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In a group of options the arrow keys select the next or previous option (and wrap round),
        as the platforms' own dialogs do; Qt would only move the focus while none is chosen."""
        if (
            event.type() == QEvent.Type.KeyPress
            and watched in self.buttons.values()
            and self.group is not None
        ):
            assert isinstance(event, QKeyEvent)
            steps = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Left: -1}
            step = steps.get(Qt.Key(event.key()))
            plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
            if step is not None and plain:
                if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self.isRightToLeft():
                    step = -step
                options = [b for b in self.buttons.values() if b.isEnabled() and not b.isHidden()]
                if watched in options and len(options) > 1:
                    target = options[(options.index(watched) + step) % len(options)]
                    target.setFocus(Qt.FocusReason.TabFocusReason)
                    target.click()
                    return True
        return super().eventFilter(watched, event)

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

    def take_focus(self) -> None:
        """Put the focus on this question's answer (the option chosen, else the first)."""
        chosen = next((b for b in self.buttons.values() if b.isChecked()), None)
        target: QWidget | None = chosen or next(iter(self.buttons.values()), None)
        target = target or self.text_edit or self.country or self.rationale
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_read_only(self, read_only: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(not read_only)
        for edit in (self.text_edit, self.rationale):
            if edit is not None:
                show_read_only(edit, read_only)
        if self.country is not None:
            self.country.setEnabled(not read_only)
        self.evidence.set_read_only(read_only)


def focus_owner(widget: QWidget | None) -> Any:
    """The QuestionWidget (or other guidance owner) that contains ``widget``."""
    while widget is not None:
        if isinstance(widget, QuestionWidget) or widget.property("guidance") is not None:
            return widget
        widget = widget.parentWidget()
    return None
