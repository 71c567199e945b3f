"""Tools > Records and retention: the finalised dossiers of the workbook, those whose retention ends
first at the top, with who signed each off, its export year and until when it must be kept (Art. 27(3):
five years from the end of the year of export); which may now be deleted; and deleting those (one or
several, asked first). The store refuses to delete a record inside its retention whatever is asked
(core.store.lifecycle), so the window only offers what it will do.

Read a page at a time like the list (core.store.listing.records); it follows the workbook's changes
(the operations' change signals), so a dossier signed off meanwhile appears in it."""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.i18n import N_, _, formats, ngettext
from core.store import Record, Workbook
from gui.operations import Operations

Index = QModelIndex | QPersistentModelIndex
HEADINGS = (
    N_("Title"),
    N_("Reference"),
    N_("Signed off"),
    N_("Export year"),
    N_("Kept until"),
    N_("May be deleted"),
)


class RecordsModel(QAbstractTableModel):
    """The records, read a page at a time as the view scrolls."""

    PAGE = 200

    def __init__(self, workbook: Workbook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workbook = workbook
        self.deletable_only = False
        self.rows: list[Record] = []
        self.complete = False

    def reload(self) -> None:
        self.beginResetModel()
        self.rows, self.complete = [], False
        self._read(announce=False)
        self.endResetModel()

    def _read(self, announce: bool = True) -> None:
        if self.complete:
            return
        page = self.workbook.records(
            deletable_only=self.deletable_only, limit=self.PAGE, after=self.rows[-1] if self.rows else None
        )
        self.complete = len(page) < self.PAGE
        if not page:
            return
        if announce:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
        self.rows += page
        if announce:
            self.endInsertRows()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.complete

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid():
            self._read()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADINGS)

    def cell(self, r: Record, column: int) -> str:
        if column == 0:
            return r.title
        if column == 1:
            return r.reference or ""
        if column == 2:
            if not r.signed_name:
                return formats.date(r.signed_date)
            return _("{date} by {name}").format(date=formats.date(r.signed_date) or "?", name=r.signed_name)
        if column == 3:
            return "" if r.export_year is None else str(r.export_year)
        if column == 4:
            return formats.date(r.retention_until) or _("not recorded")
        return _("Yes: retention ended") if r.deletable else _("No")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(r, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2 and r.signed_role:
            return _("{name}, {role}").format(name=r.signed_name or "", role=r.signed_role)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(HEADINGS[section]) if 0 <= section < len(HEADINGS) else None
        return None


class RecordsDialog(QDialog):
    """The records of a workbook, and deleting those whose retention has ended."""

    def __init__(self, parent: QWidget | None, ops: Operations, workbook: Workbook) -> None:
        super().__init__(parent)
        self.ops = ops
        self.workbook = workbook
        self.setWindowTitle(_("Records and retention"))
        self.summary = QLabel()
        self.summary.setObjectName("records_summary")
        self.summary.setWordWrap(True)
        self.only = QCheckBox(_("&Only those that may be deleted"))
        self.only.toggled.connect(lambda _on: self.reload())
        self.model = RecordsModel(workbook, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(HEADINGS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName(_("Finalised dossiers"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.delete_button = buttons.addButton(_("&Delete…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.delete_button.setToolTip(_("Delete the selected records whose retention period has ended"))
        self.delete_button.clicked.connect(lambda _c=False: self.delete_selected())
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.only)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(900, 480)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        ops.dossier_changed.connect(self._changed)  # a dossier signed off or deleted meanwhile
        ops.workbook_changed.connect(self.reload)
        self.reload()
        if self.model.rows:
            self.table.selectRow(0)  # the first to end: what the keyboard acts on
        self.table.setFocus()

    def _changed(self, _dossier_id: str) -> None:
        self.reload()

    def reload(self) -> None:
        self.model.deletable_only = self.only.isChecked()
        self.model.reload()
        finalised, deletable = self.workbook.record_counts()
        kept = ngettext(
            "{count} finalised dossier is kept in this workbook.",
            "{count} finalised dossiers are kept in this workbook.",
            finalised,
        ).format(count=finalised)
        ended = ngettext(
            "{count} of them may now be deleted: its retention period (Art. 27(3): five years from the end "
            "of the year of export) has ended.",
            "{count} of them may now be deleted: their retention period (Art. 27(3): five years from the "
            "end of the year of export) has ended.",
            deletable,
        ).format(count=deletable)
        self.summary.setText(f"{kept} {ended}" if finalised else kept)
        self._update()

    def selected(self) -> list[Record]:
        return [self.model.rows[i.row()] for i in self.table.selectionModel().selectedRows()]

    def _update(self) -> None:
        chosen = self.selected()
        self.delete_button.setEnabled(
            bool(chosen) and all(r.deletable for r in chosen) and not self.workbook.read_only
        )

    def delete_selected(self) -> int:
        """Delete the selected records (all must be past their retention), asked first; how many were."""
        chosen = [r for r in self.selected() if r.deletable]
        if not chosen or len(chosen) != len(self.selected()):
            return 0
        question = (
            _("Delete the record “{title}”, whose retention ended on {date}, and its evidence?").format(
                title=chosen[0].title, date=formats.date(chosen[0].retention_until)
            )
            if len(chosen) == 1
            else ngettext(
                "Delete {count} record whose retention has ended, and its evidence?",
                "Delete {count} records whose retention has ended, and their evidence?",
                len(chosen),
            ).format(count=len(chosen))
        )
        answer = QMessageBox.question(
            self,
            _("Delete records"),
            question + "\n\n" + _("This cannot be undone. The journal keeps a note of each deletion."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return 0
        deleted = 0
        workbook = self.workbook
        for r in chosen:
            if not self.ops.quick(
                functools.partial(workbook.delete, r.id), title=_("Cannot delete"), dossier=r.id, parent=self
            ):
                break
            deleted += 1
        self.reload()
        return deleted
