"""The main window: the dossiers of a workbook in a sortable, searchable table."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QWidgetAction,
)

from core import i18n, store
from core.content import default_content
from core.i18n import _, formats, ngettext
from core.store import DamagedError, StoreError, Workbook
from gui import screens
from gui.dossier_list import COLUMNS, DEFAULT_SORT, DossierTable, DossierTableModel
from gui.languages import install_translators
from gui.operations import Operation, Operations
from gui.settings import TEXT_SIZES, apply_text_size, file_name, text_size

# how focus reaches the list from the keyboard (Tab, Shift+Tab, a shortcut, Down in the search box)
KEYBOARD_FOCUS = (
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
)
# how far the list reads on to keep a dossier selected when it is sorted anew (rows)
KEEP_WITHIN = 10 * DossierTableModel.PAGE


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
        self._keep: str | None = None  # the dossier to keep selected while the list is read anew
        self.setWindowTitle("ddworkbook")
        if not self.restoreGeometry(QByteArray(settings.get("window_geometry"))):
            screens.fit(self, 1240, 650)  # the first time, as the screen allows; afterwards as left

        self.table = DossierTable()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        # a long title loses its middle, not its end: a copy ends in "(copy)"
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setWordWrap(False)  # one line a dossier
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(False)
        # a double-click or Enter (activated: once per double-click, as the platform has it)
        self.table.activated.connect(self._open_activated)
        self.setCentralWidget(self.table)
        self.table.installEventFilter(self)  # a new font (larger text) or size refits the columns

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)  # Esc clears it; Down and Enter go on to the list
        self.search.setMaximumWidth(380)
        # the search field's place in the toolbar, kept when View > Language builds the toolbar anew
        self._search_action = QWidgetAction(self)
        self._search_action.setDefaultWidget(self.search)
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        self.empty_hint = QLabel()
        self.statusBar().addWidget(self.empty_hint)
        # hidden while a message is shown, explicitly: the status bar's own hiding was undone when the
        # text size changed, and the two lines were drawn over each other
        self.statusBar().messageChanged.connect(lambda message: self.empty_hint.setHidden(bool(message)))
        self._built_once = False  # the menus were built before (View > Language builds them anew)
        self._build_actions()
        self._update_actions()

        # Changes made by other programs (the command line, another window) show here and in open
        # dossiers: checked when the program becomes active, when this window is activated (also from
        # another window of the program), and every few seconds (a cheap query).
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
        self._built.append(action)
        return action

    def _build_actions(self) -> None:
        """The window's actions, menus and toolbar, and the search field's texts, in the current
        language: at start, and again when View > Language changes it (``_unbuild`` first)."""
        std = QKeySequence.StandardKey
        self._built: list[QObject] = []  # what ``_unbuild`` removes: the actions, their groups, the toolbar
        self.search.setPlaceholderText(_("Search titles, parties, countries, outcomes… (Ctrl+F)"))
        self.search.setToolTip(
            _(
                "Finds the dossiers whose title, reference, item, parties, destination, outcome or "
                "status has words starting with every word typed. Esc clears the search."
            )
        )
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
        self.act_finalise = self._action(
            _("&Finalise…"),
            self.finalise_selected,
            None,
            _("Sign the selected dossier off: it becomes read-only"),
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
            _("La&rger text"), lambda: self.step_text_size(1), std.ZoomIn, _("Larger text, for a projector")
        )
        self.act_larger.setShortcuts(
            [QKeySequence(std.ZoomIn), QKeySequence("Ctrl+Shift++"), QKeySequence("Ctrl+=")]
        )
        self.act_smaller = self._action(_("S&maller text"), lambda: self.step_text_size(-1), std.ZoomOut)
        self.act_normal_text = self._action(_("&Normal text size"), lambda: self.set_text_size(100), "Ctrl+0")
        self.act_help_steps = self._action(
            _("The &four steps"),
            lambda: self.show_help("steps"),
            std.HelpContents,
            _("How a dossier is made"),
        )
        self.act_example = self._action(
            _("Open the &example dossier"),
            self.open_example,
            None,
            _("Import a fresh copy of the example dossier, to learn the four steps on"),
        )
        self.act_help_keys = self._action(_("&Keyboard shortcuts"), lambda: self.show_help("keys"))
        self.act_about = self._action(_("&About ddworkbook"), lambda: self.show_help("about"))
        self._tool_actions()
        self._build_menus()

    def _build_menus(self) -> None:
        """The menus and the toolbar, from the actions of ``_build_actions``."""
        self.file_menu = file_menu = self.menuBar().addMenu(_("&File"))
        for a in (self.act_new, self.act_open, self.act_duplicate, self.act_delete):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.act_import)
        file_menu.addAction(self.act_export)
        file_menu.addAction(self.act_report)
        file_menu.addAction(self.act_history)
        file_menu.addAction(self.act_finalise)
        file_menu.addAction(self.act_reply)
        file_menu.addAction(self.act_export_date)
        file_menu.addSeparator()
        self.lists.add_to(file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.act_new_wb)
        file_menu.addAction(self.act_open_wb)
        self.recent_menu = file_menu.addMenu(_("&Recent workbooks"))
        self.backup_menu = backup_menu = file_menu.addMenu(_("&Backups"))
        for a in (self.act_backup, self.act_restore, self.act_backup_folder, self.act_backup_keep):
            backup_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        self.view_menu = view_menu = self.menuBar().addMenu(_("&View"))
        view_menu.addAction(self.act_find)
        view_menu.addSeparator()
        for a in (self.act_larger, self.act_smaller, self.act_normal_text):
            view_menu.addAction(a)
        self._sort_menu(view_menu.addMenu(_("&Sort by")))
        view_menu.addSeparator()
        self.language_menu = view_menu.addMenu(_("&Language"))
        self._language_menu(self.language_menu)
        tools_menu = self.menuBar().addMenu(_("&Tools"))
        tools_menu.addAction(self.act_verify)
        tools_menu.addAction(self.act_records)
        help_menu = self.menuBar().addMenu(_("&Help"))
        for a in (self.act_help_steps, self.act_example, self.act_help_keys, self.act_about):
            help_menu.addAction(a)
        self._fill_recent()
        self.lists.retranslate()

        bar = QToolBar(_("Dossiers"))
        self._built.append(bar)
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
            self.act_finalise,
        ):
            bar.addAction(a)
        bar.addSeparator()
        bar.addAction(self._search_action)
        self.addToolBar(bar)

    def _sort_menu(self, menu: QMenu) -> None:
        """View > Sort by: the list's order from the keyboard (a column's heading does it by mouse)."""
        group = QActionGroup(self)
        self._built.append(group)
        self.sort_actions: dict[int, QAction] = {}
        for column, shown in enumerate(COLUMNS):
            if shown.order is None:
                continue
            action = menu.addAction(_(shown.heading))
            action.setCheckable(True)
            group.addAction(action)
            action.triggered.connect(lambda _c=False, c=column: self.sort_by(c))
            self.sort_actions[column] = action
        menu.addSeparator()
        self.act_reverse = menu.addAction(_("&Reverse order"))
        self.act_reverse.setCheckable(True)
        self.act_reverse.triggered.connect(lambda _c=False: self.sort_by(self._sorted()[0], reverse=True))
        if not self._built_once:
            self.table.horizontalHeader().sortIndicatorChanged.connect(lambda *_a: self._show_sort())
        if self.model is not None:
            self._show_sort()

    def _language_menu(self, menu: QMenu) -> None:
        """View > Language: each language named in its own words, the current one checked."""
        group = QActionGroup(self)
        self._built.append(group)
        self.act_languages: dict[str, QAction] = {}
        for lang, name in i18n.LANGUAGES.items():
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(lang == i18n.current())
            group.addAction(action)
            action.triggered.connect(lambda _checked=False, lang=lang: self.switch_language(lang))
            self.act_languages[lang] = action

    def _unbuild(self) -> None:
        """Remove the menus, the toolbar and the window's actions, to build them again."""
        self.menuBar().clear()  # the menus (and the actions they made) go with it
        for item in self._built:
            if isinstance(item, QAction):
                self.removeAction(item)
            elif isinstance(item, QToolBar):
                item.removeAction(self._search_action)  # the search field is kept for the new toolbar
                self.removeToolBar(item)
            item.deleteLater()
        self._built = []
        self._built_once = True

    def _sorted(self) -> tuple[int, Qt.SortOrder]:
        header = self.table.horizontalHeader()
        return header.sortIndicatorSection(), header.sortIndicatorOrder()

    def sort_by(self, column: int, reverse: bool = False) -> None:
        """Sort the list by a column: the last change newest first, the others from A; ``reverse``
        the order it has."""
        now, order = self._sorted()
        ascending, descending = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
        if reverse:
            order = ascending if order == descending else descending
        elif column != now:
            order = descending if column == DEFAULT_SORT[0] else ascending
        self.table.sortByColumn(column, order)
        self._show_sort()

    def _show_sort(self) -> None:
        column, order = self._sorted()
        if column in self.sort_actions:
            self.sort_actions[column].setChecked(True)
        natural = Qt.SortOrder.DescendingOrder if column == DEFAULT_SORT[0] else Qt.SortOrder.AscendingOrder
        self.act_reverse.setChecked(order != natural)

    def _tool_actions(self) -> None:
        """The dossier's history, and the tools for the whole workbook: verify it, its records."""
        self.act_history = self._action(
            _("&History…"),
            self.history_selected,
            "Ctrl+H",
            _("Who changed what in the selected dossier, and when"),
        )
        self.act_reply = self._action(
            _("Authority's rep&ly…"),
            lambda: self._annotate("reply"),
            None,
            _("What the competent authority was sent and what it decided (also after sign-off)"),
        )
        self.act_export_date = self._action(
            _("Actual export da&te…"),
            lambda: self._annotate("export_date"),
            None,
            _("The day the items left (also after sign-off); the retention date follows it"),
        )
        self.act_verify = self._action(
            _("&Verify workbook…"),
            self.verify_workbook,
            None,
            _("Check the workbook: its file, the journal, every dossier, seal and evidence file"),
        )
        self.act_records = self._action(
            _("&Records and retention…"),
            self.show_records,
            None,
            _("The finalised dossiers, until when each is kept, and which may now be deleted"),
        )

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
        for a in (self.act_new, self.act_import, self.act_restore, self.act_example):
            a.setEnabled(writable)
        for a in (self.act_open, self.act_export, self.act_report, self.act_history):
            a.setEnabled(has_wb and selected)
        for a in (self.act_verify, self.act_records):
            a.setEnabled(has_wb)
        for a in (self.act_duplicate, self.act_delete, self.act_reply, self.act_export_date):
            a.setEnabled(writable and selected)
        self.act_finalise.setEnabled(writable and selected and not self._selected_is_final())
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
        self._show_title()
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
            # the selected dossier stays selected when the list is read anew (sorted, refreshed)
            self.model.modelAboutToBeReset.connect(self._remember_selection)
            self.model.modelReset.connect(self._restore_selection)
            header = self.table.horizontalHeader()
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            self.size_columns()
            self.table.sortByColumn(*DEFAULT_SORT)
        workbook.set_list_words(**self.model.words())  # the store sorts and searches by what is shown
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
                titles.horizontalAdvance(_(COLUMNS[column].heading)),
            )
            + pad
            for column in range(1, len(COLUMNS))
        }
        for column, width in widths.items():  # whole, at any text size
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self._fit_title()

    def _fit_title(self) -> None:
        """The title takes the room the other columns leave, but never less than about 24
        characters: then the list scrolls sideways (large text on a small screen) and cuts no column."""
        if self.model is None:
            return
        header = self.table.horizontalHeader()
        least = 24 * self.table.fontMetrics().averageCharWidth()
        others = sum(header.sectionSize(c) for c in range(1, len(COLUMNS)))
        if self.table.viewport().width() - others >= least:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(0, least)

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
        """Show a dossier as it now is, selected; one deleted leaves the selection as it was."""
        exists = self.workbook is not None and self.workbook.exists(dossier_id)
        if not exists and self.selected_id() == dossier_id:
            self.table.clearSelection()  # nothing to look for in the list
        self.refresh(select=dossier_id if exists else None)

    def refresh(self, select: str | None = None) -> None:
        """Read the list anew (the workbook changed, or the search). The view stays where it was: the
        same dossier selected, the same rows in view; ``select`` selects (and shows) another."""
        if self.workbook is None or self.model is None:
            return
        scroll = self.table.verticalScrollBar().value()
        self._keep = select or self.selected_id() or ""
        workbook, query = self.workbook, self.search.text()
        top = max(0, self.table.rowAt(0))  # the first row in view: read down to it and a page more
        self.model.load(
            lambda order, limit, after: workbook.page(query, order=order, limit=limit, after=after),
            at_least=min(self.model.rowCount(), top + DossierTableModel.PAGE),
        )
        if select is None:
            self.table.verticalScrollBar().setValue(scroll)
        elif self.selected_id() == select:  # (found near enough: see _restore_selection)
            self.table.scrollTo(self.table.currentIndex())
        total = workbook.count()
        found = workbook.count(query) if query.strip() else total
        shown = (
            ngettext("{shown} of {count} dossier", "{shown} of {count} dossiers", total).format(
                shown=formats.number(found), count=formats.number(total)
            )
            if query.strip()
            else ngettext("{count} dossier", "{count} dossiers", total).format(count=formats.number(total))
        )
        hint = (
            _("{workbook}  ·  {shown}  ·  Press Ctrl+N to start a dossier")
            if total == 0
            else _("{workbook}  ·  {shown}")
        )
        self.empty_hint.setText(hint.format(workbook=self.workbook.path, shown=shown))
        if total == 0:
            empty = _("No dossiers yet.\nPress Ctrl+N to start one, or Ctrl+I to import dossier files.")
        elif found == 0:
            empty = _(
                "No dossier matches “{query}”.\nSearch looks at titles, references, items, parties, "
                "destinations, outcomes and statuses; every word must match. Press Esc to clear it."
            ).format(query=query.strip())
        else:
            empty = ""
        self.table.set_empty_text(empty)
        self.lists.refresh()
        self._update_actions()

    def _remember_selection(self) -> None:
        if self._keep is None:  # (a refresh says what to keep itself)
            self._keep = self.selected_id() or ""

    def _restore_selection(self) -> None:
        keep, self._keep = self._keep, None
        if keep and self.model is not None:
            row = self.model.row_of(keep, within=KEEP_WITHIN)  # not the whole list, to keep one row
            if row >= 0:
                self.table.selectRow(row)
        self.table.update_empty()
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

    def _selected_is_final(self) -> bool:
        rows = self.table.selectionModel().selectedRows() if self.model is not None else []
        return bool(rows) and self.model is not None and self.model.summary(rows[0].row()).status == "final"

    def finalise_selected(self) -> Any:
        """Open the sign-off dialog (gui.signoff) on the selected dossier; a link to a hold opens the
        dossier at the page that settles it."""
        from gui.signoff import open_sign_off

        did = self.selected_id()
        if did is None or self.workbook is None:
            return None
        for wizard in self._wizards:
            if wizard.dossier_id == did:
                for page in wizard.pages.values():
                    page.flush()  # what was typed in its window is signed off too
        return open_sign_off(
            self,
            self.ops,
            self.workbook,
            did,
            lambda place: self.open_dossier(did).settle(place),
            self.settings,
        )

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

    def _open_activated(self, index: QModelIndex) -> None:
        """Open the row Enter or a double-click acted on: the current row, which at start is not yet
        selected (its focus frame shows, but nothing was selected to act on)."""
        if self.model is not None and index.isValid() and 0 <= index.row() < self.model.rowCount():
            self.table.selectRow(index.row())
        self.open_selected()

    def open_selected(self) -> None:
        did = self.selected_id()
        if did:
            self.open_dossier(did)

    def open_dossier(self, dossier_id: str) -> Any:
        """Open a dossier in a window of its own, which leaves the list usable; a dossier has one
        window: opening it again raises that one."""
        from gui.wizard import DossierWizard

        assert self.workbook is not None
        for open_one in self._wizards:
            if open_one.dossier_id == dossier_id:
                open_one.show()
                open_one.raise_()
                open_one.activateWindow()
                return open_one
        wizard = DossierWizard(self.workbook, dossier_id, self, ops=self.ops)
        self._wizards.append(wizard)

        def closed(_result: int) -> None:
            if wizard in self._wizards:
                self._wizards.remove(wizard)

        wizard.finished.connect(closed)
        wizard.show()
        wizard.raise_()
        wizard.activateWindow()
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
            for wizard in [w for w in self._wizards if w.dossier_id == did]:
                wizard.done(0)  # its window closes first, what was typed in it saved
            self.ops.quick(lambda: workbook.delete(did), title=_("Cannot delete"), dossier=did)

    def _title(self, dossier_id: str) -> str:
        """A dossier's title, to ask about it (its id should it be gone)."""
        return self._names(dossier_id)[0]

    def _names(self, dossier_id: str) -> tuple[str, str, str | None]:
        """A dossier's title, id and reference, to name its files (its id as title should it be gone)."""
        if self.workbook is not None:
            with contextlib.suppress(StoreError):
                d = self.workbook.dossier(dossier_id)
                return d.title, dossier_id, d.reference
        return dossier_id, dossier_id, None

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
                    count=formats.number(len(ids))
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
        """Select a dossier, and show it (reading the list on until it is found)."""
        if self.model is not None:
            row = self.model.row_of(dossier_id)
            if row >= 0:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))

    def export_selected(self, name: str | None = None) -> Operation | None:
        from gui.operations import export_dossier

        did = self.selected_id()
        if did is None or self.workbook is None:
            return None
        if name is None:
            name, _filter = QFileDialog.getSaveFileName(
                self,
                _("Export dossier file"),
                str(Path.home() / f"{file_name(*self._names(did))}.json"),
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
        title, _did, reference = self._names(did)
        return make_report(self, self.ops, self.workbook.path, did, title, target, reference=reference)

    def history_selected(self) -> Any:
        """Show the selected dossier's history (a window of its own; None when none is selected)."""
        from gui.history import HistoryDialog, history_of

        did = self.selected_id()
        if did is None or self.workbook is None:
            return None
        workbook = self.workbook
        shown: list[Any] = []
        if not self.ops.quick(
            lambda: history_of(workbook, did, default_content()),
            title=_("Cannot show the history"),
            success=shown.append,
        ):
            return None
        dialog = HistoryDialog(self, self._title(did), shown[0])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _annotate(self, what: str) -> Any:
        """The selected dossier's authority's reply or actual export date (gui.reply), a dialog."""
        from gui.reply import open_export_date, open_reply

        did = self.selected_id()
        if did is None or self.workbook is None:
            return None
        return (open_reply if what == "reply" else open_export_date)(self, self.ops, self.workbook, did)

    def verify_workbook(self) -> Any:
        from gui.verify import verify

        return None if self.workbook is None else verify(self, self.ops, self.workbook.path)

    def show_records(self) -> Any:
        from gui.records import RecordsDialog

        if self.workbook is None:
            return None
        dialog = RecordsDialog(self, self.ops, self.workbook)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def step_text_size(self, steps: int) -> None:
        """The next larger (1) or smaller (-1) text size of ``TEXT_SIZES``."""
        at = TEXT_SIZES.index(text_size(self.settings))
        self.set_text_size(TEXT_SIZES[max(0, min(len(TEXT_SIZES) - 1, at + steps))])

    def set_text_size(self, percent: int) -> None:
        self.settings.set("text_size", percent)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_text_size(app, percent)  # the columns follow, in eventFilter
        self.act_larger.setEnabled(percent < TEXT_SIZES[-1])
        self.act_smaller.setEnabled(percent > TEXT_SIZES[0])
        self.statusBar().showMessage(_("Text size {percent}%").format(percent=percent), 3000)

    def open_example(self) -> None:
        from gui.first_run import open_example

        open_example(self)

    def show_help(self, topic: str) -> None:
        from gui.help import show_help

        show_help(self, topic, self.actions())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.FontChange:
            self.size_columns()
        if (
            watched is self.table
            and isinstance(event, QFocusEvent)
            and event.type() == QEvent.Type.FocusIn
            and event.reason() in KEYBOARD_FOCUS
        ):
            self._select_current()  # the keyboard reaches the list: a dossier is selected to act on
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                self._search_timer.stop()
                self.refresh()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):  # on to what was found
                if self._search_timer.isActive():
                    self._search_timer.stop()
                    self.refresh()
                self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
        if watched is self.table and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._fit_title)  # once the view has its new width
        return super().eventFilter(watched, event)

    def _select_current(self) -> None:
        if self.model is None or self.model.rowCount() == 0 or self.selected_id() is not None:
            return
        current = self.table.currentIndex()
        self.table.selectRow(current.row() if current.isValid() else 0)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:  # back from another window, of any program
            self.follow_outside_changes()
        return super().event(event)

    def _show_title(self) -> None:
        if self.workbook is None:
            self.setWindowTitle("ddworkbook")
            return
        title = (
            _("ddworkbook: {workbook}  (read-only)")
            if self.workbook.read_only
            else _("ddworkbook: {workbook}")
        )
        self.setWindowTitle(title.format(workbook=self.workbook.path.name))

    def switch_language(self, lang: str) -> None:
        """View > Language: the program in ``lang`` from now on, and at the next start (the setting
        ``language``). No restart and nothing lost: the menus and the list are shown again in that
        language, the dossier windows that are open save what was typed, close and open again on the
        same dossier and page, and work running in the background goes on (it reports in the language
        it began in)."""
        lang = i18n.set_language(lang)
        self.settings.set("language", lang)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            install_translators(app, lang)
        reopen = [wizard.dossier_id for wizard in self._wizards]
        for wizard in list(self._wizards):
            wizard.done(0)  # what was typed is saved; the page it showed is remembered in the workbook
        self._unbuild()
        self._build_actions()
        self._update_actions()
        self._show_title()
        if self.model is not None:
            self.model.retranslate()
            if self.workbook is not None:
                self.workbook.set_list_words(**self.model.words())
            self.size_columns()
        if self.workbook is None:
            self.empty_hint.setText(_("No workbook open") if self.empty_hint.text() else "")
        self.lists.refresh()
        self.refresh()
        if self.workbook is not None:
            for dossier_id in reopen:
                self.open_dossier(dossier_id)

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
        for wizard in list(self._wizards):  # their edits saved while the workbook is still open
            wizard.done(0)
        self._watch.stop()
        self.settings.set("window_geometry", bytes(self.saveGeometry().data()))
        self.stop_background_work()
        if self.model is not None:
            self.model.load(None)  # nothing more is read from the workbook closed below
        if self.workbook is not None:
            self.workbook.close()
            self.workbook = None
        super().closeEvent(event)
