"""The wizard's pages. Question pages are rendered from the content's steps and sections; each page
owns loading its widgets from the dossier and saving their changes (Picard's pattern)."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from core import contract, countries
from core.content import Content, Step, default_content
from core.decision import assess, describe_answer
from core.dossier import Dossier, Exporter, Item, MitigationEntry, Party, RedFlagEntry
from gui.wizard.widgets import CountryCombo, Debounce, QuestionWidget

if TYPE_CHECKING:
    from gui.wizard.wizard import DossierWizard

Index = QModelIndex | QPersistentModelIndex


class DossierPage(QWizardPage):
    """A page of the dossier wizard: ``load()`` from the dossier, ``flush()`` pending edits."""

    def __init__(self, dw: DossierWizard, title: str, subtitle: str = "") -> None:
        super().__init__()
        self.dw = dw
        self.setTitle(title)
        if subtitle:
            self.setSubTitle(subtitle)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.body = QWidget()
        self.layout_ = QVBoxLayout(self.body)
        scroll.setWidget(self.body)
        outer.addWidget(scroll)

    @property
    def content(self) -> Content:
        return self.dw.content

    def load(self) -> None:
        pass

    def flush(self) -> None:
        for debounce in self.findChildren(Debounce):
            debounce.flush()

    def set_read_only(self, read_only: bool) -> None:
        pass


def _guide(widget: QWidget, text: str, cites: tuple[str, ...] = ()) -> None:
    """Guidance for the side panel when focus is inside ``widget``."""
    widget.setProperty("guidance", text)
    widget.setProperty("cites", list(cites))


# ---------------------------------------------------------------------------- 1. the transaction


class TransactionPage(DossierPage):
    def __init__(self, dw: DossierWizard, step: Step) -> None:
        super().__init__(dw, step.title, step.intro)
        self.fields: dict[str, QWidget] = {}
        form = QFormLayout()
        self.layout_.addLayout(form)

        def line(key: str, label: str, guidance: str) -> QLineEdit:
            edit = QLineEdit()
            _guide(edit, guidance)
            edit.textChanged.connect(lambda _t: self._save.poke())
            self.fields[key] = edit
            form.addRow(label, edit)
            return edit

        self._save = Debounce(self.save, self)
        self.title_edit = line(
            "title",
            "&Title:",
            "A short name for this transaction, such as the item "
            "and the end user. Required; at most 200 characters.",
        )
        self.title_edit.setMaxLength(contract.TITLE_MAX)
        self.title_edit.textChanged.connect(lambda _t: self.completeChanged.emit())
        line("reference", "&Reference:", "Your own reference, such as an order or file number.")
        line("exporter_name", "E&xporter:", "The exporter's legal name.")
        line("exporter_address", "Exporter address:", "The exporter's address.")
        self.exporter_country = CountryCombo()
        self.exporter_country.changed.connect(self.save)
        form.addRow("Exporter country:", self.exporter_country)
        line(
            "exporter_contact", "Exporter contact:", "Who at the exporter answers questions on this dossier."
        )
        line("item_name", "&Item:", "The item's name as it appears on the invoice or order.")
        line("item_version", "Item version:", "Model, version or release.")
        self.item_kind = QComboBox()
        self.item_kind.addItem("", None)
        for kind in contract.ITEM_KINDS:
            self.item_kind.addItem(kind.capitalize(), kind)
        self.item_kind.currentIndexChanged.connect(lambda _i: self.save())
        form.addRow("Item kind:", self.item_kind)
        self.item_description = QPlainTextEdit()
        self.item_description.setTabChangesFocus(True)
        self.item_description.setMaximumHeight(80)
        self.item_description.textChanged.connect(self._save.poke)
        _guide(self.item_description, "What the item is and does, in a few sentences.")
        form.addRow("Item description:", self.item_description)
        self.destination = CountryCombo()
        _guide(self.destination, "The country where the item goes to its end user.")
        self.destination.changed.connect(self.save)
        label = QLabel("&Destination:")
        label.setBuddy(self.destination)
        form.addRow(label, self.destination)
        self.member_state = CountryCombo(codes=list(self.content.member_states))
        _guide(
            self.member_state,
            "The EU member state whose competent authority applies: where "
            "you export from. The Netherlands' CDIU unless you choose otherwise.",
        )
        self.member_state.changed.connect(self.save)
        form.addRow("Member state:", self.member_state)
        self.end_use = QPlainTextEdit()
        self.end_use.setTabChangesFocus(True)
        self.end_use.setMaximumHeight(80)
        self.end_use.textChanged.connect(self._save.poke)
        _guide(
            self.end_use,
            "The end use as the customer states it. You judge its credibility in the due diligence.",
        )
        form.addRow("Stated &end use:", self.end_use)
        self._loading = False

    def isComplete(self) -> bool:
        return bool(self.title_edit.text().strip())

    def load(self) -> None:
        d = self.dw.dossier
        self._loading = True
        values = {
            "title": d.title,
            "reference": d.reference,
            "exporter_name": d.exporter.name,
            "exporter_address": d.exporter.address,
            "exporter_contact": d.exporter.contact,
            "item_name": d.item.name,
            "item_version": d.item.version,
        }
        for key, value in values.items():
            edit = self.fields[key]
            assert isinstance(edit, QLineEdit)
            if edit.text() != (value or ""):
                edit.setText(value or "")
        self.exporter_country.set_code(d.exporter.country)
        self.item_kind.setCurrentIndex(max(0, self.item_kind.findData(d.item.kind)))
        for edit, value in ((self.item_description, d.item.description), (self.end_use, d.stated_end_use)):
            if edit.toPlainText() != (value or ""):
                edit.setPlainText(value or "")
        self.destination.set_code(d.destination_country)
        self.member_state.set_code(d.member_state)
        self._loading = False

    def save(self) -> None:
        if self._loading or self.dw.frozen or not self.title_edit.text().strip():
            return

        def text(key: str) -> str | None:
            edit = self.fields[key]
            assert isinstance(edit, QLineEdit)
            return edit.text().strip() or None

        fields: dict[str, Any] = dict(
            title=self.title_edit.text().strip(),
            reference=text("reference"),
            exporter=Exporter(
                name=text("exporter_name"),
                address=text("exporter_address"),
                country=self.exporter_country.code(),
                contact=text("exporter_contact"),
            ),
            item=Item(
                name=text("item_name"),
                version=text("item_version"),
                kind=self.item_kind.currentData(),
                description=self.item_description.toPlainText().strip() or None,
            ),
            destination_country=self.destination.code(),
            member_state=self.member_state.code() or self.content.default_member_state,
            stated_end_use=self.end_use.toPlainText().strip() or None,
        )
        if dataclasses.replace(self.dw.dossier, **fields) != self.dw.dossier:
            self.dw.save_changes(lambda d: dataclasses.replace(d, **fields))

    def set_read_only(self, read_only: bool) -> None:
        for w in self.body.findChildren(QLineEdit):
            w.setReadOnly(read_only)
        for p in self.body.findChildren(QPlainTextEdit):
            p.setReadOnly(read_only)
        for c in (self.exporter_country, self.item_kind, self.destination, self.member_state):
            c.setEnabled(not read_only)


# ---------------------------------------------------------------------------- 2. the parties

PARTY_COLUMNS = ("Role", "Name", "Country", "Sector", "Address")


class PartiesModel(QAbstractTableModel):
    """The parties of a dossier, editable in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = default_content()
        self.parties: list[Party] = []
        self.read_only = False

    def set_parties(self, parties: list[Party]) -> None:
        self.beginResetModel()
        self.parties = list(parties)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.parties)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PARTY_COLUMNS)

    _FIELDS = ("role", "name", "country", "sector", "address")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.parties):
            return None
        value = getattr(self.parties[index.row()], self._FIELDS[index.column()])
        if role == Qt.ItemDataRole.EditRole:
            return value or ""
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return self.content.role_labels.get(value or "", "")
            if index.column() == 2:
                return countries.display(value)
            if index.column() == 3:
                return self.content.sector_labels.get(value or "", "")
            return value or ""
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.read_only:
            return False
        field = self._FIELDS[index.column()]
        text = str(value).strip() if value is not None else ""
        self.parties[index.row()] = dataclasses.replace(self.parties[index.row()], **{field: text or None})
        self.dataChanged.emit(index, index, [role])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base if self.read_only else base | Qt.ItemFlag.ItemIsEditable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(PARTY_COLUMNS)
        ):
            return PARTY_COLUMNS[section]
        return None

    def add(self, party: Party) -> int:
        row = len(self.parties)
        self.beginInsertRows(QModelIndex(), row, row)
        self.parties.append(party)
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.parties):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.parties[row]
            self.endRemoveRows()


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box editor for a column with fixed values."""

    def __init__(self, labels: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels = labels

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem("", "")
        for key, label in self.labels.items():
            combo.addItem(label, key)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class CountryDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:
        return CountryCombo(parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, CountryCombo)
        editor.set_code(index.data(Qt.ItemDataRole.EditRole) or None)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, CountryCombo)
        model.setData(index, editor.code() or "", Qt.ItemDataRole.EditRole)


class PartiesPage(DossierPage):
    HOW = " Double-click or press F2 to edit a cell."

    def __init__(self, dw: DossierWizard, step: Step) -> None:
        super().__init__(dw, step.title, step.intro + self.HOW)
        self.who = step.intro
        self.model = PartiesModel(self)
        self.model.dataChanged.connect(lambda *_: self.save())
        self.model.rowsInserted.connect(lambda *_: self.save())
        self.model.rowsRemoved.connect(lambda *_: self.save())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(0, ChoiceDelegate(dict(self.content.role_labels), self.table))
        self.table.setItemDelegateForColumn(2, CountryDelegate(self.table))
        self.table.setItemDelegateForColumn(3, ChoiceDelegate(dict(self.content.sector_labels), self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(200)
        _guide(
            self.table,
            "List every party. The sector matters: the Dutch framework asks for "
            "particular caution with government end users (police, counter-terrorism, intelligence, "
            "defence, border security, coastguard, defence research) and private end users with "
            "close ties to them.",
            ("guide:nl_framework",),
        )
        self.layout_.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Add party")
        self.add_button.clicked.connect(self.add_party)
        self.remove_button = QPushButton("&Remove party")
        self.remove_button.clicked.connect(self.remove_party)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self.caution = QLabel()
        self.caution.setWordWrap(True)
        self.caution.setStyleSheet(
            "QLabel { background: #fff3cd; color: #5c4400; padding: 8px; "
            "border: 1px solid #e0c36a; border-radius: 4px; }"
        )
        self.caution.hide()
        self.layout_.addWidget(self.caution)
        self.layout_.addStretch(1)
        self._loading = False

    def add_party(self) -> None:
        role = "end_user" if not any(p.role == "end_user" for p in self.model.parties) else "consignee"
        row = self.model.add(Party(role=role))
        self.table.setCurrentIndex(self.model.index(row, 1))
        self.table.edit(self.model.index(row, 1))

    def remove_party(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.model.remove(index.row())

    def load(self) -> None:
        self._loading = True
        if self.model.parties != self.dw.dossier.parties:
            self.model.set_parties(self.dw.dossier.parties)
        self._loading = False
        self.update_caution()

    def save(self) -> None:
        if self._loading or self.dw.frozen:
            return
        if self.model.parties != self.dw.dossier.parties:
            parties = list(self.model.parties)
            self.dw.save_changes(lambda d: dataclasses.replace(d, parties=parties))
        self.update_caution()

    def update_caution(self) -> None:
        warnings = assess(self.dw.dossier, self.content).warnings
        if "government_end_user" in warnings:
            warning = self.content.warnings["government_end_user"]
            self.caution.setText(f"<b>Caution: {html.escape(warning.title)}.</b> {html.escape(warning.text)}")
            self.caution.show()
        else:
            self.caution.hide()

    def set_read_only(self, read_only: bool) -> None:
        self.model.read_only = read_only
        self.setSubTitle(self.who + ("" if read_only else self.HOW))
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)


# ---------------------------------------------------------------------------- question pages


class QuestionsPage(DossierPage):
    """The questions of one step of the content, grouped by section, plus the step's panels."""

    def __init__(self, dw: DossierWizard, step: Step) -> None:
        super().__init__(dw, step.title)
        self.step_id = step.id
        intro = QLabel(step.intro)
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        self.questions: dict[str, QuestionWidget] = {}
        for section, qs in self.content.groups(step.id):
            if section:
                heading = QLabel(f"<h3>{html.escape(section.title)}</h3>")
                self.layout_.addWidget(heading)
            for q in qs:
                widget = QuestionWidget(q)
                widget.changed.connect(self._changed)
                widget.attach.connect(self.dw.attach_files)
                self.questions[q.id] = widget
                self.layout_.addWidget(widget)
        for panel in step.panels:
            self.layout_.addWidget(PANEL_CLASSES[panel](dw))
        self.layout_.addStretch(1)

    def _changed(self, qid: str) -> None:
        widget = self.questions[qid]
        existing = self.dw.dossier.answers.get(qid)
        self.dw.save_answer(qid, widget.answer(existing.evidence if existing else ()))
        self.update_relevance()

    def load(self) -> None:
        d = self.dw.dossier
        evidence = {e.id: e for e in d.evidence}
        for qid, widget in self.questions.items():
            answer = d.answers.get(qid)
            widget.load(answer, [evidence[e] for e in (answer.evidence if answer else ()) if e in evidence])
        self.update_relevance()
        for panel in self.findChildren(Panel):
            panel.load()

    def update_relevance(self) -> None:
        values = {k: a.value for k, a in self.dw.dossier.answers.items()}
        for widget in self.questions.values():
            widget.setVisible(self.content.is_relevant(widget.question, values))

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.questions.values():
            widget.set_read_only(read_only)
        for panel in self.findChildren(Panel):
            panel.set_read_only(read_only)


class Panel(QGroupBox):
    """A part of a page that is not a question (red flags, mitigations, Annex I texts)."""

    def __init__(self, dw: DossierWizard, title: str) -> None:
        super().__init__(title)
        self.dw = dw

    def load(self) -> None:
        pass

    def set_read_only(self, read_only: bool) -> None:
        pass


class AnnexPanel(Panel):
    """The Annex I cyber-surveillance entries with their official text, notes and glossary terms."""

    def __init__(self, dw: DossierWizard) -> None:
        super().__init__(dw, "Annex I entries named as cyber-surveillance items (official text)")
        c = dw.content
        parts = [
            f"<p><i>Regulation (EU) 2021/821, Annex I, consolidated text, corpus version "
            f"{html.escape(c.corpus_version)}. Only the Official Journal is authentic.</i></p>"
        ]
        for group in c.annex_groups:
            parts.append(f"<h3>{html.escape(group.title)}</h3><p>{html.escape(group.description)}</p>")
            for e in (x for x in c.annex_entries if x.group == group.id):
                parts.append(f"<p><b>{html.escape(e.code)}</b> ({html.escape(e.label)})<br>")
                for line in e.context:
                    parts.append(
                        f"<span style='color:#555'>{html.escape(line.code)} "
                        f"{html.escape(line.text)}</span><br>"
                    )
                parts.append(f"{html.escape(e.code)} {html.escape(e.text)}</p>")
                if e.items:
                    parts.append(
                        "<ul>"
                        + "".join(f"<li>{html.escape(i.code)} {html.escape(i.text)}</li>" for i in e.items)
                        + "</ul>"
                    )
                for note in e.notes:
                    parts.append(f"<p style='margin-left:16px'><i>{html.escape(note)}</i></p>")
        parts.append("<h3>Definitions used (Annex I glossary)</h3>")
        for t in c.terms:
            parts.append("<p>" + "<br>".join(html.escape(x) for x in t.lines) + "</p>")
        self.browser = QTextBrowser()
        self.browser.setHtml("".join(parts))
        self.browser.setMinimumHeight(320)
        _guide(
            self.browser,
            "The official text of the Annex I entries that the Dutch framework names "
            "as cyber-surveillance items, with their notes and exclusions.",
            ("guide:nl_framework",),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)


STATUS_LABELS = {"": "Not assessed", "absent": "Absent", "present": "Present", "resolved": "Resolved"}


class RedFlagsPanel(Panel):
    """The red flags as a checklist; a present or resolved flag asks what was done about it."""

    def __init__(self, dw: DossierWizard) -> None:
        super().__init__(dw, "Red flags")
        layout = QVBoxLayout(self)
        hint = QLabel(
            "Mark each flag. For a flag that is present, say how you will resolve it; for "
            "a resolved flag, how it was resolved."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        grid = QGridLayout()
        layout.addLayout(grid)
        self.rows: dict[str, tuple[QComboBox, QLineEdit]] = {}
        self._save = Debounce(self.save, self)
        row = 0
        for category in dw.content.red_flag_categories:
            grid.addWidget(QLabel(f"<b>{html.escape(category.title)}</b>"), row, 0, 1, 3)
            row += 1
            for flag in (f for f in dw.content.red_flags if f.category == category.id):
                text = QLabel(flag.text)
                text.setWordWrap(True)
                status = QComboBox()
                for key, label in STATUS_LABELS.items():
                    status.addItem(label, key)
                status.setAccessibleName(f"Status of red flag: {flag.text}")
                note = QLineEdit()
                note.setPlaceholderText("Resolution or note")
                status.currentIndexChanged.connect(lambda _i, f=flag.id: self._status_changed(f))
                note.textChanged.connect(lambda _t, f=flag.id: self._note_typed(f))
                _guide(status, flag.text, flag.cites)
                grid.addWidget(text, row, 0)
                grid.addWidget(status, row, 1)
                grid.addWidget(note, row, 2)
                self.rows[flag.id] = (status, note)
                row += 1
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        self._loading = False

    def _note_typed(self, fid: str) -> None:
        self._prompt(fid)
        self._save.poke()

    def _status_changed(self, fid: str) -> None:
        self._prompt(fid)
        self.save()

    def _prompt(self, fid: str) -> None:
        """A present flag asks how it will be resolved; a resolved one, how it was."""
        status, note = self.rows[fid]
        state = status.currentData()
        note.setPlaceholderText(
            {"present": "How will this be resolved? (needed)", "resolved": "How was it resolved?"}.get(
                state, "Note"
            )
        )
        missing = state in ("present", "resolved") and not note.text().strip()
        note.setStyleSheet("QLineEdit { border: 1px solid #c0392b; }" if missing else "")

    def load(self) -> None:
        self._loading = True
        entries = {f.id: f for f in self.dw.dossier.red_flags}
        for fid, (status, note) in self.rows.items():
            entry = entries.get(fid)
            status.setCurrentIndex(max(0, status.findData(entry.status if entry else "")))
            if note.text() != ((entry.note if entry else None) or ""):
                note.setText((entry.note if entry else None) or "")
            self._prompt(fid)
        self._loading = False

    def save(self) -> None:
        if self._loading or self.dw.frozen:
            return
        flags = []
        for fid, (status, note) in self.rows.items():
            if status.currentData():
                flags.append(
                    RedFlagEntry(id=fid, status=status.currentData(), note=note.text().strip() or None)
                )

        def change(d: Dossier) -> Dossier:  # custom flags (not shown here) are kept as stored
            return dataclasses.replace(d, red_flags=flags + [f for f in d.red_flags if f.id not in self.rows])

        if change(self.dw.dossier).red_flags != self.dw.dossier.red_flags:
            self.dw.save_changes(change)

    def set_read_only(self, read_only: bool) -> None:
        for status, note in self.rows.values():
            status.setEnabled(not read_only)
            note.setReadOnly(read_only)


class MitigationsPanel(Panel):
    """Mitigation measures: the catalogue as checkboxes with a note each, plus custom measures."""

    def __init__(self, dw: DossierWizard) -> None:
        super().__init__(dw, "Measures against misuse")
        layout = QGridLayout(self)
        self.rows: dict[str, tuple[QCheckBox, QLineEdit]] = {}
        self._save = Debounce(self.save, self)
        for row, measure in enumerate(dw.content.measures):
            box = QCheckBox(measure.title)
            box.setToolTip(measure.description)
            _guide(box, f"{measure.title}: {measure.description}")
            note = QLineEdit()
            note.setPlaceholderText("How it applies in this transaction")
            box.toggled.connect(lambda _on: self.save())
            note.textChanged.connect(lambda _t: self._save.poke())
            layout.addWidget(box, row, 0)
            layout.addWidget(note, row, 1)
            self.rows[measure.id] = (box, note)
        n = len(dw.content.measures)
        self.custom = QPlainTextEdit()
        self.custom.setTabChangesFocus(True)
        self.custom.setMaximumHeight(70)
        self.custom.setPlaceholderText("Other measures, one per line")
        self.custom.textChanged.connect(self._save.poke)
        layout.addWidget(QLabel("Other measures:"), n, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.custom, n, 1)
        layout.setColumnStretch(1, 1)
        self._loading = False

    def load(self) -> None:
        self._loading = True
        entries = {m.id: m for m in self.dw.dossier.mitigations}
        for mid, (box, note) in self.rows.items():
            box.setChecked(mid in entries)
            text = (entries[mid].note if mid in entries else None) or ""
            if note.text() != text:
                note.setText(text)
        custom = "\n".join(
            own for m in self.dw.dossier.mitigations if (own := contract.custom_text(m.id)) is not None
        )
        if self.custom.toPlainText() != custom:
            self.custom.setPlainText(custom)
        self._loading = False

    def save(self) -> None:
        if self._loading or self.dw.frozen:
            return
        measures = [
            MitigationEntry(id=mid, note=note.text().strip() or None)
            for mid, (box, note) in self.rows.items()
            if box.isChecked()
        ]
        seen = set()
        for line in self.custom.toPlainText().splitlines():
            if line.strip() and line.strip() not in seen:
                seen.add(line.strip())
                measures.append(MitigationEntry(id=contract.custom_key(line.strip())))
        if measures != self.dw.dossier.mitigations:
            self.dw.save_changes(lambda d: dataclasses.replace(d, mitigations=measures))

    def set_read_only(self, read_only: bool) -> None:
        for box, note in self.rows.values():
            box.setEnabled(not read_only)
            note.setReadOnly(read_only)
        self.custom.setReadOnly(read_only)


# ---------------------------------------------------------------------------- the outcome


class OutcomePage(DossierPage):
    def __init__(self, dw: DossierWizard, step: Step) -> None:
        super().__init__(dw, step.title, step.intro)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setMinimumHeight(380)
        self.layout_.addWidget(self.browser)
        buttons = QHBoxLayout()
        self.report_button = QPushButton("&PDF report…")
        self.report_button.setToolTip(
            "The dossier report, and the draft for the competent authority when the outcome calls for one"
        )
        self.report_button.clicked.connect(lambda: self.dw.make_report())
        buttons.addWidget(self.report_button)
        self.export_button = QPushButton("E&xport dossier file…")
        self.export_button.clicked.connect(self.export)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)

    def load(self) -> None:
        c = self.content
        d = self.dw.dossier
        result = assess(d, c)
        outcome = c.outcomes[result.outcome]
        parts = [
            f"<h2 style='color:{outcome.colour}'>{html.escape(outcome.title)}</h2>",
            f"<p>{html.escape(result.explanation)}</p>",
            f"<p style='color:#555'>Decided at: {html.escape(c.step(result.decided_at).title)}</p>",
        ]
        if result.path:
            parts.append("<h3>The answers that led here</h3><table cellpadding='3'>")
            for p in result.path:
                q = c.question(p.question)
                parts.append(
                    f"<tr><td>{html.escape(q.label)}</td><td><b>"
                    f"{html.escape(describe_answer(c, p.question, p.answer))}</b></td></tr>"
                )
            parts.append("</table>")
        if result.missing:
            parts.append(
                "<h3>Still to answer</h3><ul>"
                + "".join(f"<li>{html.escape(c.question(m).text)}</li>" for m in result.missing)
                + "</ul>"
            )
        if result.warnings:
            parts.append(
                "<h3>Warnings</h3><ul>"
                + "".join(
                    f"<li><b>{html.escape(c.warnings[w].title)}:</b> {html.escape(c.warnings[w].text)}</li>"
                    for w in result.warnings
                )
                + "</ul>"
            )
        authority = c.authority(d.member_state)
        if result.outcome in (
            "notify_legitimate",
            "notify_no_legitimate_purpose",
            "classification_request",
            "annex_i_listed",
            "authority_informed",
        ):
            if authority:
                parts.append(
                    f"<h3>Competent authority</h3><p>{html.escape(authority.name)}<br>"
                    + "<br>".join(html.escape(x) for x in authority.address)
                    + f"<br>{html.escape(authority.phone or '')} · "
                    f"{html.escape(authority.email or '')}</p>"
                )
            else:
                parts.append(
                    f"<h3>Competent authority</h3><p>The competent authority of "
                    f"{html.escape(countries.display(d.member_state))}; this workbook does not hold "
                    "its contact details.</p>"
                )
        self.browser.setHtml("".join(parts))
        self.outcome_id = result.outcome

    def export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export dossier file", str(Path.home() / "dossier.json"), "Dossier files (*.json)"
        )
        if name:
            self.dw.export_to(Path(name))


# ---------------------------------------------------------------------------- the pages of the content

# The class of each kind of page of the content (core.content.PAGE_KINDS) and of each panel
# (core.content.PANELS): the wizard makes one page per step of the content, in its order.
PAGE_CLASSES: dict[str, Callable[[DossierWizard, Step], DossierPage]] = {
    "transaction": TransactionPage,
    "parties": PartiesPage,
    "questions": QuestionsPage,
    "outcome": OutcomePage,
}
PANEL_CLASSES: dict[str, Callable[[DossierWizard], Panel]] = {
    "annex_i": AnnexPanel,
    "red_flags": RedFlagsPanel,
    "mitigations": MitigationsPanel,
}


def make_page(dw: DossierWizard, step: Step) -> DossierPage:
    """The wizard's page for a step of the content."""
    return PAGE_CLASSES[step.page](dw, step)
