"""The parties page: a table of the dossier's parties, edited in place, with the caution the content
gives for a government end user, and their sanctions screening (gui.wizard.screening).

Removing a party or moving it goes through ``core.dossier.remove_party`` and ``reorder_parties``, so
that its screening records follow it (renumbered, or removed with it): a record never comes to point
at another party."""

from __future__ import annotations

import dataclasses
import html
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from core import countries
from core.content import Step, default_content
from core.decision import assess
from core.dossier import Dossier, Party, remove_party, reorder_parties
from core.i18n import N_, _
from core.store import StoreError
from gui.wizard.pages.base import DossierPage, Host, guide
from gui.wizard.screening import ScreeningPanel
from gui.wizard.widgets import ComboBox, CountryCombo

Index = QModelIndex | QPersistentModelIndex

PARTY_COLUMNS = (N_("Role"), N_("Name"), N_("Country"), N_("Sector"), N_("Address"))


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
            return _(PARTY_COLUMNS[section])
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
        combo = ComboBox(parent)
        combo.addItem("", "")
        for key, label in self.labels.items():
            combo.addItem(label, key)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, ComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, ComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class CountryDelegate(QStyledItemDelegate):
    """The country column: a country typed in full is taken when it names one; otherwise the cell
    keeps its country and ``refused`` says why (row, reason)."""

    refused = Signal(int, str)

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:
        return CountryCombo(parent)

    def destroyEditor(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, CountryCombo):
            editor.close_completions()
        super().destroyEditor(editor, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, CountryCombo)
        editor.set_code(index.data(Qt.ItemDataRole.EditRole) or None)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, CountryCombo)
        editor.resolve()
        if editor.problem():
            self.refused.emit(index.row(), editor.problem())
            return
        self.refused.emit(index.row(), "")
        model.setData(index, editor.code() or "", Qt.ItemDataRole.EditRole)


class PartiesPage(DossierPage):
    KIND = "parties"
    HOW = N_(" Double-click or press F2 to edit a cell.")

    def __init__(self, dw: Host, step: Step) -> None:
        super().__init__(dw, step.title, step.intro + _(self.HOW))
        self.who = step.intro
        self.model = PartiesModel(self)
        self.model.dataChanged.connect(lambda *_: self.save())
        self.model.rowsInserted.connect(lambda *_: self.save())
        self.model.rowsRemoved.connect(lambda *_: self.save())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(0, ChoiceDelegate(dict(self.content.role_labels), self.table))
        countries = CountryDelegate(self.table)
        countries.refused.connect(self._country_refused)
        self.table.setItemDelegateForColumn(2, countries)
        self.table.setItemDelegateForColumn(3, ChoiceDelegate(dict(self.content.sector_labels), self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Tab leaves the table for the buttons below (arrows move between cells); Tab in a cell being
        # edited still commits it and edits the next cell (the delegate's own hint)
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(200)
        guide(self.table, self.content.parties_guidance, ("guide:nl_framework",))
        self.layout_.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("&Add party"))
        self.add_button.clicked.connect(self.add_party)
        self.remove_button = QPushButton(_("&Remove party"))
        self.remove_button.clicked.connect(self.remove_party)
        self.up_button = QPushButton(_("Move &up"))
        self.up_button.clicked.connect(lambda: self.move_party(-1))
        self.down_button = QPushButton(_("Move do&wn"))
        self.down_button.clicked.connect(lambda: self.move_party(1))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self.country_problem = QLabel()  # why a country typed in the table was not taken
        self.country_problem.setWordWrap(True)
        self.country_problem.setStyleSheet("QLabel { color: #a93226; }")
        self.country_problem.hide()
        self.layout_.addWidget(self.country_problem)
        self.screening = ScreeningPanel(dw, self.selected_row)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.screening.load())
        self.layout_.addWidget(self.screening)
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

    def _country_refused(self, row: int, problem: str) -> None:
        self.country_problem.setText(
            _("Party {number}: {problem}").format(number=row + 1, problem=problem) if problem else ""
        )
        self.country_problem.setVisible(bool(problem))

    def selected_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() and 0 <= index.row() < len(self.model.parties) else None

    def remove_party(self) -> None:
        """Remove the selected party, and its screening records with it (the others renumbered); a
        party that has been screened is removed only when the user confirms."""
        row = self.selected_row()
        if row is None or self.dw.frozen:
            return
        party = self.model.parties[row]
        records = [r for r in self.dw.dossier.screening if r.party == row]
        if records and not self._confirm_removal(
            party, any(h.disposition == "match" for r in records for h in r.hits)
        ):
            return
        self._change_parties(lambda d: remove_party(d, row), party, row, max(0, row - 1))

    def _confirm_removal(self, party: Party, matched: bool) -> bool:
        from PySide6.QtWidgets import QMessageBox

        text = (
            _(
                "Remove “{name}”? It has been confirmed as an entry of a sanctions list (a match); its "
                "screening records, with that match, are removed with it."
            )
            if matched
            else _("Remove “{name}”? Its screening records are removed with it.")
        ).format(name=party.name or "")
        answer = QMessageBox.question(
            self,
            _("Remove party"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def move_party(self, step: int) -> None:
        """Move the selected party up (-1) or down (1); its screening records follow it."""
        row = self.selected_row()
        if row is None or self.dw.frozen or not 0 <= row + step < len(self.model.parties):
            return
        order = list(range(len(self.model.parties)))
        order[row], order[row + step] = order[row + step], order[row]
        self._change_parties(lambda d: reorder_parties(d, order), self.model.parties[row], row, row + step)

    def _change_parties(self, change: Any, party: Party, row: int, select: int) -> None:
        """Save a removal or a move, made on the dossier as stored, which must still have ``party`` at
        ``row`` (another program may have changed the parties meanwhile)."""

        def checked(d: Dossier) -> Dossier:
            if not (0 <= row < len(d.parties) and d.parties[row] == party):
                raise StoreError(_("the parties were changed meanwhile (by another window or program)"))
            result: Dossier = change(d)
            return result

        self.dw.save_changes(checked)
        self.load()  # the window's copy is the stored dossier now; its own saves reload no page
        if 0 <= select < len(self.model.parties):
            self.table.setCurrentIndex(self.model.index(select, 1))

    def load(self) -> None:
        self._loading = True
        if self.model.parties != self.dw.dossier.parties:
            row = self.selected_row()
            self.model.set_parties(self.dw.dossier.parties)
            if row is not None and self.model.parties:
                self.table.setCurrentIndex(self.model.index(min(row, len(self.model.parties) - 1), 1))
        if self.selected_row() is None and self.model.parties:
            self.table.setCurrentIndex(self.model.index(0, 1))  # the first party's screening is shown
        self._loading = False
        self.update_caution()
        self.screening.load()

    def save(self) -> None:
        if self._loading or self.dw.frozen:
            return
        if self.model.parties != self.dw.dossier.parties:
            parties = list(self.model.parties)
            self.dw.save_changes(lambda d: dataclasses.replace(d, parties=parties))
        self.update_caution()
        self.screening.load()

    def update_caution(self) -> None:
        warnings = assess(self.dw.dossier, self.content).warnings
        if "government_end_user" in warnings:
            warning = self.content.warnings["government_end_user"]
            caution = _("Caution: {warning}.").format(warning=warning.title)
            self.caution.setText(f"<b>{html.escape(caution)}</b> {html.escape(warning.text)}")
            self.caution.show()
        else:
            self.caution.hide()

    def set_read_only(self, read_only: bool) -> None:
        self.model.read_only = read_only
        self.setSubTitle(self.who + ("" if read_only else _(self.HOW)))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setEnabled(not read_only)
        self.screening.set_read_only(read_only)
