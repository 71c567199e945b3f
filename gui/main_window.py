"""The main window: the dossiers of a workbook in a sortable, searchable table."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTableView,
    QToolBar,
)

from core import store
from core.content import default_content, default_outcomes
from core.i18n import N_, _, ngettext
from core.store import DamagedError, StoreError, Summary, Workbook
from gui.operations import Operation, Operations
from gui.settings import apply_text_size, file_name

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (N_("Title"), N_("Reference"), N_("Destination"), N_("Status"), N_("Outcome"), N_("Last change"))
LAST_CHANGE = 5
# the store's own order: most recently changed first
DEFAULT_SORT = (LAST_CHANGE, Qt.SortOrder.DescendingOrder)
# the next rows after the given one (None: from the start), at most the given number (None: all)
Fetch = Callable[[int | None, Summary | None], list[Summary]]


class DossierTableModel(QAbstractTableModel):
    """The dossier list. In the store's order (last change first) rows are read a page at a time as
    the view scrolls (``canFetchMore``/``fetchMore``), so a workbook of any size opens at once; sorting
    by another column reads the rest and sorts in memory."""

    PAGE = 200

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Summary] = []
        self._fetch: Fetch | None = None
        self._complete = True
        self._sort: tuple[int, Qt.SortOrder] = DEFAULT_SORT
        self._outcomes = default_outcomes()

    def load(self, fetch: Fetch | None) -> None:
        """Show the rows ``fetch`` gives (None: none)."""
        self.beginResetModel()
        self._fetch = fetch
        self._rows = []
        self._complete = fetch is None
        self._read(self.PAGE if self._sort == DEFAULT_SORT else None, announce=False)
        if self._sort != DEFAULT_SORT:
            self._apply_sort()
        self.endResetModel()

    def _read(self, limit: int | None, announce: bool = True) -> None:
        """Read the next ``limit`` rows (None: all the rest) in the store's order."""
        if self._complete or self._fetch is None:
            return
        rows = self._fetch(limit, self._rows[-1] if self._rows else None)
        self._complete = limit is None or len(rows) < limit
        if not rows:
            return
        if announce:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
        self._rows += rows
        if announce:
            self.endInsertRows()

    def read_all(self) -> None:
        """Read the rest of the list now."""
        self._read(None)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid():
            self._read(self.PAGE)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def summary(self, row: int) -> Summary:
        return self._rows[row]

    def row_of(self, dossier_id: str) -> int:
        """The row of a dossier (reading on until it is found), or -1."""
        found = next((i for i, r in enumerate(self._rows) if r.id == dossier_id), -1)
        if found < 0 and not self._complete:
            self._read(None)
            found = next((i for i, r in enumerate(self._rows) if r.id == dossier_id), -1)
        return found

    def _cell(self, r: Summary, column: int) -> str:
        if column == 0:
            return r.title
        if column == 1:
            return r.reference or ""
        if column == 2:
            return r.destination_name or r.destination_country or ""
        if column == 3:
            return _("Finalised") if r.status == "final" else _("Draft")
        if column == 4:
            outcome = self._outcomes.get(r.outcome)
            return outcome.short if outcome else r.outcome
        return r.updated[:16].replace("T", " ")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(r, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            outcome = self._outcomes.get(r.outcome)
            return outcome.title if outcome else None
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return _(COLUMNS[section])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) == self._sort:
            return
        self._sort = (column, order)
        if self._sort != DEFAULT_SORT:
            self._read(None)  # the whole list is needed to sort it by another column
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()  # the view's selection and current row follow their dossier
        ids = [self._rows[i.row()].id for i in kept]
        self._apply_sort()
        position = {r.id: n for n, r in enumerate(self._rows)}
        moved = [self.index(position[d], i.column()) for d, i in zip(ids, kept, strict=True)]
        self.changePersistentIndexList(kept, moved)
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column, order = self._sort
        if (column, order) == DEFAULT_SORT:
            self._rows.sort(key=lambda r: (r.updated, r.id), reverse=True)
            return

        def key(r: Summary) -> str:
            return r.updated if column == LAST_CHANGE else self._cell(r, column).casefold()

        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def widest(self, column: int) -> str:
        """A sample of the widest text the column holds, for its initial width."""
        samples = {
            1: "REF-2026-00000",
            2: "United Arab Emirates",
            3: _("Finalised"),
            4: max((o.short for o in self._outcomes.values()), key=len),
            5: "2026-12-31 23:59",
        }
        return max(samples.get(column, ""), _(COLUMNS[column]), key=len)


class DossierTable(QTableView):
    """The list's view: End (Ctrl+End) goes to the last dossier, reading the rest of the list first."""

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        model = self.model()
        if action == QAbstractItemView.CursorAction.MoveEnd and isinstance(model, DossierTableModel):
            model.read_all()
        return super().moveCursor(action, modifiers)


class MainWindow(QMainWindow):
    def __init__(self, settings: Any, auto_backup: bool = False) -> None:
        super().__init__()
        self.settings = settings
        self.auto_backup = auto_backup  # a daily backup of each workbook opened (the program sets it)
        from gui.backups import Backups
        from gui.lists import Lists

        # every workbook operation runs through ``ops``; what they change, the list follows
        self.ops = Operations(self)
        self.ops.dossier_changed.connect(self._dossier_changed)
        self.ops.workbook_changed.connect(self._workbook_changed)
        self.backups = Backups(self)
        self.lists = Lists(self)  # the sanctions lists: import, status bar, dossiers to screen again
        self.workbook: Workbook | None = None
        self.model: DossierTableModel | None = None
        self.setWindowTitle("ddworkbook")
        if not self.restoreGeometry(QByteArray(settings.get("window_geometry"))):
            self.resize(1100, 650)  # the first time; afterwards as the user left it

        self.table = DossierTable()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.activated.connect(lambda _index: self.open_selected())
        self.setCentralWidget(self.table)
        self.table.installEventFilter(self)  # a new font (larger text) resizes the columns

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search titles, references, items, parties (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(380)
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        self.empty_hint = QLabel()
        self.statusBar().addWidget(self.empty_hint)
        self._build_actions()
        self._update_actions()

        # Changes made by other programs (the command line, another window) show here and in open
        # dossiers: checked when the program becomes active, and every few seconds (a cheap query).
        self._wizards: list[Any] = []
        self._seen_version: int | None = None
        self._watch = QTimer(self, interval=2000)
        self._watch.timeout.connect(self.follow_outside_changes)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(
                lambda state: (
                    self.follow_outside_changes() if state == Qt.ApplicationState.ApplicationActive else None
                )
            )

    # -- actions ------------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.act_new = self._action(_("&New dossier"), self.new_dossier, std.New, _("Start a new dossier"))
        self.act_open = self._action(
            _("&Open dossier"), self.open_selected, std.Open, _("Open the selected dossier")
        )
        self.act_duplicate = self._action(
            _("D&uplicate"),
            self.duplicate_selected,
            "Ctrl+D",
            _("Copy the selected dossier into a new draft"),
        )
        self.act_delete = self._action(
            _("&Delete"), self.delete_selected, std.Delete, _("Delete the selected dossier")
        )
        self.act_import = self._action(_("&Import dossier files…"), self.import_files, "Ctrl+I")
        self.act_export = self._action(_("&Export dossier file…"), self.export_selected, "Ctrl+E")
        self.act_report = self._action(
            _("&PDF report…"),
            self.report_selected,
            "Ctrl+P",
            _("The dossier report and the draft for the authority"),
        )
        self.act_find = self._action(_("&Find"), self.focus_search, std.Find)
        self.act_new_wb = self._action(_("New &workbook…"), self.new_workbook, "Ctrl+Shift+N")
        self.act_open_wb = self._action(_("Open wor&kbook…"), self.choose_workbook, "Ctrl+Shift+O")
        self.act_backup = self._action(
            _("&Back up now"),
            lambda: self.backups.back_up_now(),
            "Ctrl+Shift+B",
            _("Make a checked copy of the workbook in its backups folder"),
        )
        self.act_restore = self._action(_("&Restore from a backup…"), lambda: self.backups.restore_from())
        self.act_backup_folder = self._action(
            _("&Show the backups folder"), lambda: self.backups.show_folder()
        )
        self.act_backup_keep = self._action(_("Backups to &keep…"), lambda: self.backups.set_keep())
        self.act_quit = self._action(_("&Quit"), self.close, std.Quit)
        self.act_larger = self._action(
            _("&Larger text"), self.toggle_larger_text, "Ctrl+Shift++", _("Larger text, for a projector")
        )
        self.act_larger.setCheckable(True)
        self.act_larger.setChecked(bool(self.settings.get("larger_text")))

        file_menu = self.menuBar().addMenu(_("&File"))
        for a in (self.act_new, self.act_open, self.act_duplicate, self.act_delete):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.act_import)
        file_menu.addAction(self.act_export)
        file_menu.addAction(self.act_report)
        file_menu.addSeparator()
        self.lists.add_to(file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.act_new_wb)
        file_menu.addAction(self.act_open_wb)
        self.recent_menu = file_menu.addMenu(_("&Recent workbooks"))
        backup_menu = file_menu.addMenu(_("&Backups"))
        for a in (self.act_backup, self.act_restore, self.act_backup_folder, self.act_backup_keep):
            backup_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        view_menu = self.menuBar().addMenu(_("&View"))
        view_menu.addAction(self.act_find)
        view_menu.addAction(self.act_larger)
        self._fill_recent()

        bar = QToolBar(_("Dossiers"))
        bar.setObjectName("dossiers")
        bar.setMovable(False)
        for a in (
            self.act_new,
            self.act_open,
            self.act_duplicate,
            self.act_delete,
            self.act_import,
            self.act_export,
            self.act_report,
        ):
            bar.addAction(a)
        bar.addSeparator()
        bar.addWidget(self.search)
        self.addToolBar(bar)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.get("recent_workbooks"):
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_workbook(Path(p)))
        self.recent_menu.setEnabled(bool(self.settings.get("recent_workbooks")))

    def _update_actions(self) -> None:
        has_wb = self.workbook is not None
        writable = has_wb and not self.workbook.read_only  # type: ignore[union-attr]
        selected = self.selected_id() is not None
        for a in (self.act_find, self.act_backup, self.act_backup_folder):
            a.setEnabled(has_wb)
        for a in (self.act_new, self.act_import, self.act_restore):
            a.setEnabled(writable)
        for a in (self.act_open, self.act_export, self.act_report):
            a.setEnabled(has_wb and selected)
        for a in (self.act_duplicate, self.act_delete):
            a.setEnabled(writable and selected)
        self.search.setEnabled(has_wb)

    # -- the workbook -------------------------------------------------------------------------

    def open_workbook(self, path: Path) -> bool:
        opened: list[Workbook] = []
        # the file's first page and schema only: the whole file is checked in the background, below
        if not self.ops.quick(
            lambda: Workbook.open(path, check=False), title=_("Workbook refused"), success=opened.append
        ):
            return False
        workbook = opened[0]
        self.check_integrity(path)
        if self.workbook is not None:
            self.workbook.close()
        self.workbook = workbook
        self._seen_version = workbook.data_version()
        self._watch.start()
        title = (
            _("ddworkbook: {workbook}  (read-only)") if workbook.read_only else _("ddworkbook: {workbook}")
        )
        self.setWindowTitle(title.format(workbook=path.name))
        if workbook.read_only:
            self.ops.present(
                self,
                _("Opened read-only"),
                _(
                    "{workbook} is opened read-only, because {reason}.\n\nYou can read its dossiers, "
                    "make reports and export them, but not change them."
                ).format(workbook=path, reason=workbook.read_only_reason),
            )
        elif self.auto_backup:
            QTimer.singleShot(3000, self.backups.daily)  # once the program has started
        self.settings.add_recent(path)
        self._fill_recent()
        if self.model is None:
            self.model = DossierTableModel(parent=self)
            self.table.setModel(self.model)
            self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
            header = self.table.horizontalHeader()
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            self.size_columns()
            self.table.sortByColumn(*DEFAULT_SORT)
        self.refresh()
        return True

    def size_columns(self) -> None:
        """Fit the columns to the widest text each can hold, in the current font (not by measuring
        rows: that would read them all). The title takes the rest; the user can drag the others."""
        if self.model is None:
            return
        header = self.table.horizontalHeader()
        cells, titles = self.table.fontMetrics(), header.fontMetrics()
        pad = 3 * cells.averageCharWidth() + titles.height()  # margins, and room for the sort arrow
        widths = {
            column: max(
                cells.horizontalAdvance(self.model.widest(column)),
                titles.horizontalAdvance(_(COLUMNS[column])),
            )
            + pad
            for column in range(1, len(COLUMNS))
        }
        # leave the title at least a third of the window (large text on a small screen): reference,
        # destination and outcome give way (elided; the outcome's tooltip has it whole)
        flexible = (1, 2, 4)
        room = self.width() * 2 / 3 - sum(w for c, w in widths.items() if c not in flexible)
        scale = max(0.0, min(1.0, room / sum(widths[c] for c in flexible)))
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            least = titles.horizontalAdvance(_(COLUMNS[column])) + pad
            header.resizeSection(column, max(int(width * scale) if column in flexible else width, least))

    def check_integrity(self, path: Path) -> Operation:
        """SQLite's quick check of the whole file, in the background and without a word unless it
        finds damage (it reads the whole file; the list is shown meanwhile). A damaged workbook is
        closed and left as it is."""

        def work(job: Operation) -> None:
            check = store.IntegrityCheck(path)
            job.on_interrupt(check.interrupt)
            problem = check.run()
            if problem and not job.interrupted():
                raise DamagedError(
                    _("{path}: the workbook is damaged ({problem})").format(path=path, problem=problem)
                )

        def damaged(error: Exception) -> Exception | None:
            if not isinstance(error, DamagedError):
                return error
            if self.workbook is None or self.workbook.path != path:
                return None  # another workbook is open by now
            self.close_workbook()
            return DamagedError(
                _("{error}. It has been closed and left as it is; restore it from a backup.").format(
                    error=error
                )
            )

        return self.ops.background(
            work, path=path, title=_("Workbook damaged"), label=_("Checking"), progress="none", failed=damaged
        )

    def follow_outside_changes(self) -> None:
        """When another program has changed the workbook, show the list and the open dossiers as
        they now are (a dossier finalised meanwhile becomes read-only in its window)."""
        if self.workbook is None:
            return
        try:
            version = self.workbook.data_version()
        except StoreError:
            return
        if version != self._seen_version:
            self.ops.changed()  # the list and the open wizards follow

    def _workbook_changed(self) -> None:
        if self.workbook is not None:
            with contextlib.suppress(StoreError):
                self._seen_version = self.workbook.data_version()  # what is shown now
        self.refresh()

    def _dossier_changed(self, dossier_id: str) -> None:
        self.refresh(select=dossier_id)

    def refresh(self, select: str | None = None) -> None:
        if self.workbook is None or self.model is None:
            return
        select = select or self.selected_id()
        workbook, query = self.workbook, self.search.text()
        self.model.load(lambda limit, after: workbook.summaries(query, limit=limit, after=after))
        total = workbook.count()
        shown = (
            ngettext("{shown} of {count} dossier", "{shown} of {count} dossiers", total).format(
                shown=workbook.count(query), count=total
            )
            if query.strip()
            else ngettext("{count} dossier", "{count} dossiers", total).format(count=total)
        )
        hint = (
            _("{workbook}  ·  {shown}  ·  Press Ctrl+N to start a dossier")
            if total == 0
            else _("{workbook}  ·  {shown}")
        )
        self.empty_hint.setText(hint.format(workbook=self.workbook.path, shown=shown))
        if select:
            self.select(select)
        self.lists.refresh()
        self._update_actions()

    def new_workbook(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("New workbook"), str(Path.home() / "workbook.ddwb"), _("Workbooks (*.ddwb)")
        )
        if name:
            self.open_workbook(Path(name))

    def choose_workbook(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Open workbook"), str(Path.home()), _("Workbooks (*.ddwb);;All files (*)")
        )
        if name:
            self.open_workbook(Path(name))

    # -- dossiers -----------------------------------------------------------------------------

    def selected_id(self) -> str | None:
        if self.model is None or self.table.selectionModel() is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        return self.model.summary(rows[0].row()).id if rows else None

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def new_dossier(self) -> None:
        if self.workbook is None:
            return
        from core.dossier import Dossier  # loaded at first use: the list does not need it

        workbook = self.workbook
        new = Dossier(title=_("New dossier"), member_state=default_content().default_member_state)
        self.ops.quick(
            lambda: workbook.create(new),
            title=_("Cannot create the dossier"),
            dossier=lambda did: did,
            success=self.open_dossier,
        )

    def open_selected(self) -> None:
        did = self.selected_id()
        if did:
            self.open_dossier(did)

    def open_dossier(self, dossier_id: str) -> Any:
        from gui.wizard import DossierWizard

        assert self.workbook is not None
        wizard = DossierWizard(self.workbook, dossier_id, self, ops=self.ops)
        self._wizards.append(wizard)

        def closed(_result: int) -> None:
            if wizard in self._wizards:
                self._wizards.remove(wizard)

        wizard.finished.connect(closed)
        wizard.open()
        return wizard

    def duplicate_selected(self) -> None:
        did = self.selected_id()
        if did is None or self.workbook is None:
            return
        workbook = self.workbook
        self.ops.quick(lambda: workbook.duplicate(did), title=_("Cannot duplicate"), dossier=lambda new: new)

    def delete_selected(self) -> None:
        did = self.selected_id()
        if did is None or self.workbook is None:
            return
        workbook = self.workbook
        refusal = workbook.deletion_refusal(did)
        if refusal:
            self.ops.present(self, _("Cannot delete"), refusal)
            return
        if self._confirm_delete(self._title(did)):
            self.ops.quick(lambda: workbook.delete(did), title=_("Cannot delete"), dossier=did)

    def _title(self, dossier_id: str) -> str:
        """A dossier's title, to suggest a file name or to ask about it (its id should it be gone)."""
        if self.workbook is not None:
            with contextlib.suppress(StoreError):
                return self.workbook.dossier(dossier_id).title
        return dossier_id

    def _confirm_delete(self, title: str) -> bool:
        answer = QMessageBox.question(
            self,
            _("Delete dossier"),
            _("Delete the dossier “{title}” and its evidence? This cannot be undone.").format(title=title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def import_files(self, names: list[str] | None = None) -> Operation | None:
        """Import dossier files in the background (all of them or, should one be refused, none); the
        list follows, with the last dossier imported selected."""
        if self.workbook is None:
            return None
        if names is None:
            names, _filter = QFileDialog.getOpenFileNames(
                self, _("Import dossier files"), str(Path.home()), _("Dossier files (*.json);;All files (*)")
            )
        if not names:
            return None
        paths = [Path(n) for n in names]

        def work(job: Operation) -> list[str]:
            from core.dossier import read_dossier_file

            batches = []
            for path in paths:  # read only as core.files allows: regular files, with a size limit
                job.progress(_("reading {file}").format(file=path.name))
                batches.append((path, read_dossier_file(path)))
            job.progress(_("storing the dossiers"))
            return job.workbook.import_batches(batches)  # one transaction: all or nothing

        def imported(ids: list[str]) -> None:
            if ids:
                self.select(ids[-1])
            self.statusBar().showMessage(
                ngettext("Imported {count} dossier", "Imported {count} dossiers", len(ids)).format(
                    count=len(ids)
                ),
                5000,
            )

        return self.ops.background(
            work,
            path=self.workbook.path,
            title=_("Import refused: nothing was imported"),
            label=_("Importing dossier files"),
            progress_title=_("Import"),
            workbook=True,
            success=imported,
        )

    def select(self, dossier_id: str) -> None:
        if self.model is not None:
            row = self.model.row_of(dossier_id)
            if row >= 0:
                self.table.selectRow(row)

    def export_selected(self, name: str | None = None) -> Operation | None:
        from gui.operations import export_dossier

        did = self.selected_id()
        if did is None or self.workbook is None:
            return None
        if name is None:
            name, _filter = QFileDialog.getSaveFileName(
                self,
                _("Export dossier file"),
                str(Path.home() / f"{file_name(self._title(did), did)}.json"),
                _("Dossier files (*.json)"),
            )
        if not name:
            return None
        target = Path(name)

        def exported(_path: Path) -> None:
            self.statusBar().showMessage(_("Exported to {file}").format(file=target), 5000)

        return export_dossier(self.ops, self.workbook.path, did, target, self, exported)

    def report_selected(self, target: Path | None = None) -> Operation | None:
        from gui.report import make_report

        did = self.selected_id()
        if did is None or self.workbook is None:
            return None
        return make_report(self, self.ops, self.workbook.path, did, self._title(did), target)

    def toggle_larger_text(self) -> None:
        larger = self.act_larger.isChecked()
        self.settings.set("larger_text", larger)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_text_size(app, larger)  # the columns follow, in eventFilter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.FontChange:
            self.size_columns()
        return super().eventFilter(watched, event)

    def stop_background_work(self) -> None:
        """Stop every operation still running (their results are dropped) and wait for them."""
        self.ops.stop_all()

    def close_workbook(self) -> None:
        """Close the open workbook and every dossier window on it (their edits saved first)."""
        for wizard in list(self._wizards):
            wizard.done(0)
        self.stop_background_work()
        self._watch.stop()
        if self.model is not None:
            self.model.load(None)
        if self.workbook is not None:
            self.workbook.close()
            self.workbook = None
        self.empty_hint.setText(_("No workbook open"))
        self.lists.refresh()
        self._update_actions()

    def closeEvent(self, event: Any) -> None:
        self._watch.stop()
        self.settings.set("window_geometry", bytes(self.saveGeometry().data()))
        self.stop_background_work()
        if self.model is not None:
            self.model.load(None)  # nothing more is read from the workbook closed below
        if self.workbook is not None:
            self.workbook.close()
            self.workbook = None
        super().closeEvent(event)
