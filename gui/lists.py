"""The sanctions lists in the main window (issue 13): File > Import sanctions list… (an operation in the
background, with its steps shown), the status bar saying which lists are loaded and how old they are,
and the dossiers screened against an older version of a list, to screen again (File > Dossiers to
screen again…).

On the start-up path of the list: it imports Qt and the translation function only; the store's
answers it shows (``Workbook.sanctions_lists``, ``Workbook.rescreen_dossiers``) are plain SQL, and the
screening engine is loaded by the import when it runs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from core.i18n import N_, _, formats, ngettext

if TYPE_CHECKING:
    from core.store import ListImport, Rescreen, StoredList
    from gui.main_window import MainWindow
    from gui.operations import Operation

# How the status bar names each list (short: it shares the bar with the workbook's name).
SHORT_NAMES = {"eu_fsf": N_("EU list"), "un_sc": N_("UN list")}
OLD_AFTER_DAYS = 30  # a list older than this is shown as old: the EU and UN lists change every few weeks


def list_age(version: str, today: dt.date | None = None) -> int | None:
    """How many days old a list version (its own generation date) is; None when it names no date."""
    try:
        day = dt.date.fromisoformat(version[:10])
    except ValueError:
        return None
    return ((today or dt.date.today()) - day).days


def describe_lists(kept: list[StoredList], today: dt.date | None = None) -> str:
    """The lists in one line for the status bar: "EU list of 2026-11-20 (5 days old) · UN list of ..."."""
    if not kept:
        return _("No sanctions list imported")
    parts = []
    for s in kept:
        name = _(SHORT_NAMES[s.list_id]) if s.list_id in SHORT_NAMES else s.list_id
        age = list_age(s.version, today)
        if age is None:
            parts.append(_("{list} of {version}").format(list=name, version=s.version))
        else:
            parts.append(
                ngettext(
                    "{list} of {date} ({days} day old)", "{list} of {date} ({days} days old)", age
                ).format(list=name, date=formats.date(s.version), days=formats.number(age))
            )
    return " · ".join(parts)


class Lists:
    """The sanctions list actions of a main window, and its status bar label."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.label = QLabel()
        self.label.setObjectName("sanctions_lists")
        window.statusBar().addPermanentWidget(self.label)
        self.act_import = QAction(window)
        self.act_import.triggered.connect(lambda _checked=False: self.import_file())
        self.act_rescreen = QAction(window)
        self.act_rescreen.triggered.connect(lambda _checked=False: self.show_rescreen())
        self.retranslate()
        self.rescreen: list[Rescreen] = []
        self.dialog: RescreenDialog | None = None

    def retranslate(self) -> None:
        """The actions' texts in the current language (at start, and when View > Language changes it)."""
        self.act_import.setText(_("Import &sanctions list…"))
        self.act_import.setStatusTip(
            _("Import the EU Financial Sanctions Files (XML or CSV) or the UN consolidated list (XML)")
        )
        self.act_rescreen.setText(_("Dossiers to screen &again…"))
        self.act_rescreen.setStatusTip(_("The drafts screened against an older version of a sanctions list"))

    def add_to(self, menu: QMenu) -> None:
        menu.addAction(self.act_import)
        menu.addAction(self.act_rescreen)

    def refresh(self) -> None:
        """Show the lists of the open workbook (none when none is open)."""
        wb = self.window.workbook
        kept = wb.sanctions_lists() if wb is not None else []
        self.rescreen = wb.rescreen_dossiers() if wb is not None else []
        text = describe_lists(kept)
        if self.rescreen:
            text += "  ·  " + ngettext(
                "{count} dossier to screen again", "{count} dossiers to screen again", len(self.rescreen)
            ).format(count=len(self.rescreen))
        self.label.setText(text if wb is not None else "")
        old = [s for s in kept if (list_age(s.version) or 0) > OLD_AFTER_DAYS]
        self.label.setStyleSheet("QLabel { color: #9a3412; }" if old or self.rescreen else "")
        self.label.setToolTip(_tooltip(kept, old))
        writable = wb is not None and not wb.read_only
        self.act_import.setEnabled(writable)
        self.act_rescreen.setEnabled(bool(self.rescreen))

    def import_file(self, name: str | None = None) -> Operation | None:
        """Import a sanctions list file in the background; say what was imported and which dossiers to
        screen again."""
        wb = self.window.workbook
        if wb is None:
            return None
        if name is None:
            name, _filter = QFileDialog.getOpenFileName(
                self.window,
                _("Import sanctions list"),
                str(Path.home()),
                _("Sanctions list files (*.xml *.csv);;All files (*)"),
            )
        if not name:
            return None
        path = Path(name)

        def work(job: Operation) -> ListImport:
            return job.workbook.import_list(path, progress=job.progress)

        return self.window.ops.background(
            work,
            path=wb.path,
            title=_("Sanctions list not imported"),
            label=_("Importing the sanctions list"),
            progress_title=_("Import"),
            workbook=True,
            success=self._imported,
            parent=self.window,
        )

    def _imported(self, done: ListImport) -> None:
        from PySide6.QtWidgets import QMessageBox

        from core.dossier import list_title

        s = done.stored
        text = ngettext(
            "{list}: version {version}, {count} entry.",
            "{list}: version {version}, {count} entries.",
            s.entries,
        ).format(list=list_title(s.list_id), version=s.version, count=s.entries)
        if done.replaced is not None:
            text += " " + _("It replaces version {version}.").format(version=done.replaced)
        if done.rescreen:
            text += "\n\n" + ngettext(
                "{count} dossier was screened against another version of this list; screen it again:",
                "{count} dossiers were screened against another version of this list; screen them again:",
                len(done.rescreen),
            ).format(count=len(done.rescreen))
            text += "\n" + "\n".join(f"• {r.title}" for r in done.rescreen[:20])
        QMessageBox.information(self.window, _("Sanctions list imported"), text)

    def show_rescreen(self) -> RescreenDialog:
        """The dialog listing the dossiers to screen again (opening one opens its window)."""
        self.dialog = RescreenDialog(self.rescreen, self.window.open_dossier, self.window)
        self.dialog.open()
        return self.dialog


def _tooltip(kept: list[StoredList], old: list[StoredList]) -> str:
    from core.files import printable

    lines = [
        _("{list}: version {version}, {entries} entries, imported {imported} from {file}").format(
            list=_(SHORT_NAMES[s.list_id]) if s.list_id in SHORT_NAMES else s.list_id,
            version=s.version,
            entries=s.entries,
            imported=formats.date_time(s.imported_at[:16]),
            file=printable(s.file_name),
        )
        for s in kept
    ]
    if old:
        lines.append(
            _("Older than {days} days: download the current list and import it.").format(days=OLD_AFTER_DAYS)
        )
    return "\n".join(lines)


class RescreenDialog(QDialog):
    """The drafts screened against another version of a list than the one in the workbook now."""

    def __init__(self, rescreen: list[Rescreen], open_dossier: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Dossiers to screen again"))
        self.open_dossier = open_dossier
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "These drafts were screened against an older version of a sanctions list. Open each and "
                "screen its parties again (Parties page: Screen all parties)."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.items = QListWidget()
        for r in rescreen:
            item = QListWidgetItem(
                _("{title}  ({lists})").format(title=r.title, lists=", ".join(r.lists)), self.items
            )
            item.setData(Qt.ItemDataRole.UserRole, r.dossier_id)
            item.setToolTip(r.dossier_id)
        self.items.itemActivated.connect(self._open)
        layout.addWidget(self.items)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Close
        )
        buttons.button(QDialogButtonBox.StandardButton.Open).clicked.connect(
            lambda: self._open(self.items.currentItem())
        )
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if self.items.count():
            self.items.setCurrentRow(0)
        self.resize(520, 360)

    def _open(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.open_dossier(item.data(Qt.ItemDataRole.UserRole))
            self.accept()
