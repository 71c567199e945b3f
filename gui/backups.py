"""Backups in the desktop program: a daily backup made on its own, File > Backups (back up now, restore,
the backups folder, how many to keep). The copying, checking and restoring is core's (Workbook.backup,
core.store.backups, core.store.restore); here they run as operations off the GUI thread
(gui.operations) and report in words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from core.i18n import _
from core.store import RestoreResult, Snapshot, Workbook, backups, restore
from gui.operations import Operation

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class Backups:
    """The backup actions of a main window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.jobs: list[Operation] = []  # backups being made

    @property
    def keep(self) -> int:
        return max(1, int(self.window.settings.get("backups_kept")))

    def folder(self) -> Path | None:
        wb = self.window.workbook
        return None if wb is None else backups.folder_for(wb.path, wb.workbook_id())

    def start(self, kind: str) -> Operation | None:
        """Make one rotating backup in the background, on a connection of its own."""
        wb = self.window.workbook
        if wb is None:
            return None
        keep = self.keep

        def work(job: Operation) -> Snapshot:
            return backups.make(job.workbook, kind, keep)

        job = self.window.ops.background(
            work,
            path=wb.path,
            title=_("Backup failed"),
            lead=_("The daily backup could not be made")
            if kind == "daily"
            else _("The backup could not be made"),
            label=_("Making a backup of the workbook"),
            progress="status",
            success=lambda made: self._made(kind, made),
        )
        self.jobs.append(job)
        job.over.connect(lambda: self.jobs.remove(job) if job in self.jobs else None)
        return job

    def daily(self) -> Operation | None:
        """The first time a workbook is opened on a day, a backup is made (in the background)."""
        folder = self.folder()
        if folder is None or not backups.due(folder, dt.date.today()):
            return None
        return self.start("daily")

    def _made(self, kind: str, made: Snapshot) -> None:
        self.window.statusBar().showMessage(
            _("Backup made and checked: {path}").format(path=made.path), 15000
        )
        if kind == "manual":
            QMessageBox.information(
                self.window,
                _("Backup made"),
                _(
                    "The backup was made and checked:\n{path}\n\n{describe}.\n\nThe newest {keep} backups "
                    "of this workbook are kept in that folder (File > Backups > Show the backups "
                    "folder)."
                ).format(path=made.path, describe=made.describe(), keep=self.keep),
            )

    def back_up_now(self) -> Operation | None:
        return self.start("manual")

    def show_folder(self) -> None:
        folder = self.folder()
        if folder is None:
            return
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def set_keep(self) -> None:
        value, ok = QInputDialog.getInt(
            self.window,
            _("Backups to keep"),
            _(
                "How many backups of each workbook to keep (the oldest beyond this number are "
                "removed when a new one is made):"
            ),
            self.keep,
            1,
            1000,
        )
        if ok:
            self.window.settings.set("backups_kept", value)

    def restore_from(self, backup: Path | None = None) -> Operation | None:
        """Restore the open workbook from a backup the user picks, in the background; the operation
        (None when nothing is done: no backup picked, not a backup, not confirmed)."""
        wb = self.window.workbook
        if wb is None:
            return None
        if backup is None:
            folder = self.folder()
            start = folder if folder and folder.exists() else wb.path.parent
            name, _filter = QFileDialog.getOpenFileName(
                self.window,
                _("Restore from a backup"),
                str(start),
                _("Workbooks and backups (*.ddwb);;All files (*)"),
            )
            if not name:
                return None
            backup = Path(name)
        chosen = backup

        def inspect() -> Snapshot:
            with Workbook.inspect(chosen) as b:
                return b.snapshot()

        kept: list[Snapshot] = []
        if not self.window.ops.quick(inspect, title=_("Not a backup"), success=kept.append):
            return None
        held = kept[0]
        path = wb.path
        answer = QMessageBox.question(
            self.window,
            _("Restore from a backup"),
            _(
                "Restore the workbook {path} from this backup?\n\n{backup}\n{describe}.\n\nThe backup "
                "is checked first. The workbook as it is now is not lost: it is kept in its "
                "folder under a dated name (…-before-restore-….ddwb)."
            ).format(path=path, backup=backup, describe=held.describe()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        self.window.close_workbook()  # restoring needs the workbook closed by every program

        def work(_job: Operation) -> RestoreResult:
            return restore(path, chosen)  # the backup checked first, the workbook as it was kept aside

        def not_restored(error: Exception) -> Exception:
            self.window.open_workbook(path)  # as it was
            return error

        def restored(result: RestoreResult) -> None:
            self.window.open_workbook(path)
            message = (
                _(
                    "The workbook was restored from the backup: {what}.\n\n"
                    "The workbook as it was is kept as:\n{kept}"
                )
                if result.kept_aside
                else _("The workbook was restored from the backup: {what}.")
            )
            QMessageBox.information(
                self.window,
                _("Restored"),
                message.format(what=result.restored.describe(), kept=result.kept_aside),
            )

        return self.window.ops.background(
            work,
            path=None,
            title=_("Not restored"),
            label=_("Restoring the workbook from the backup"),
            progress_title=_("Restore"),
            workbook=True,
            success=restored,
            failed=not_restored,
        )
