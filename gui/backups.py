"""Backups in the desktop program: a daily backup made on its own, File > Backups (back up now, restore,
the backups folder, how many to keep). The copying, checking and restoring is core's (Workbook.backup,
core.store.backups, core.store.restore); here they run off the GUI thread and report in words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from core.store import Snapshot, StoreError, Workbook, backups, restore

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class BackupJob(QThread):
    """One rotating backup of a workbook, made on a connection of its own on this thread."""

    made = Signal(object)  # the Snapshot of the backup
    failed = Signal(str)

    def __init__(self, path: Path, kind: str, keep: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path, self.kind, self.keep = path, kind, keep
        self._workbook: Workbook | None = None

    def run(self) -> None:
        try:
            with Workbook.open(self.path) as wb:
                self._workbook = wb
                if self.isInterruptionRequested():
                    return
                made = backups.make(wb, self.kind, self.keep)
            if not self.isInterruptionRequested():
                self.made.emit(made)
        except StoreError as e:
            if not self.isInterruptionRequested():
                self.failed.emit(str(e))
        except Exception as e:  # a bug must not take the program down with it
            self.failed.emit(f"{type(e).__name__}: {e}")
        finally:
            self._workbook = None

    def stop(self) -> None:
        """Stop the backup (nothing of it is kept) and wait for the thread to end."""
        self.requestInterruption()
        wb = self._workbook
        if wb is not None:
            wb.conn.interrupt()
        self.wait()


class Backups:
    """The backup actions of a main window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.jobs: list[BackupJob] = []

    @property
    def keep(self) -> int:
        return max(1, int(self.window.settings.get("backups_kept")))

    def folder(self) -> Path | None:
        wb = self.window.workbook
        return None if wb is None else backups.folder_for(wb.path, wb.workbook_id())

    def start(self, kind: str) -> BackupJob | None:
        wb = self.window.workbook
        if wb is None:
            return None
        job = BackupJob(wb.path, kind, self.keep, self.window)
        job.made.connect(lambda made: self._made(kind, made))
        job.failed.connect(lambda message: self._failed(kind, message))
        job.finished.connect(lambda: self.jobs.remove(job) if job in self.jobs else None)
        self.jobs.append(job)
        self.window.statusBar().showMessage("Making a backup of the workbook…")
        job.start()
        return job

    def daily(self) -> BackupJob | None:
        """The first time a workbook is opened on a day, a backup is made (in the background)."""
        folder = self.folder()
        if folder is None or not backups.due(folder, dt.date.today()):
            return None
        return self.start("daily")

    def _made(self, kind: str, made: Snapshot) -> None:
        self.window.statusBar().showMessage(f"Backup made and checked: {made.path}", 15000)
        if kind == "manual":
            QMessageBox.information(
                self.window,
                "Backup made",
                f"The backup was made and checked:\n{made.path}\n\n{made.describe()}."
                f"\n\nThe newest {self.keep} backups of this workbook are kept in that "
                "folder (File > Backups > Show the backups folder).",
            )

    def _failed(self, kind: str, message: str) -> None:
        self.window.statusBar().clearMessage()
        what = "The daily backup" if kind == "daily" else "The backup"
        QMessageBox.warning(self.window, "Backup failed", f"{what} could not be made: {message}")

    def back_up_now(self) -> BackupJob | None:
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
            "Backups to keep",
            "How many backups of each workbook to keep (the oldest beyond "
            "this number are removed when a new one is made):",
            self.keep,
            1,
            1000,
        )
        if ok:
            self.window.settings.set("backups_kept", value)

    def restore_from(self, backup: Path | None = None) -> bool:
        """Restore the open workbook from a backup the user picks; True when it was restored."""
        wb = self.window.workbook
        if wb is None:
            return False
        if backup is None:
            folder = self.folder()
            start = folder if folder and folder.exists() else wb.path.parent
            name, _ = QFileDialog.getOpenFileName(
                self.window,
                "Restore from a backup",
                str(start),
                "Workbooks and backups (*.ddwb);;All files (*)",
            )
            if not name:
                return False
            backup = Path(name)
        try:
            with Workbook.inspect(backup) as b:
                held = b.snapshot()
        except StoreError as e:
            QMessageBox.critical(self.window, "Not a backup", str(e))
            return False
        path = wb.path
        answer = QMessageBox.question(
            self.window,
            "Restore from a backup",
            f"Restore the workbook {path} from this backup?\n\n{backup}\n{held.describe()}.\n\n"
            "The backup is checked first. The workbook as it is now is not lost: it is kept in its "
            "folder under a dated name (…-before-restore-….ddwb).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.window.close_workbook()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = restore(path, backup)
        except StoreError as e:
            QApplication.restoreOverrideCursor()
            self.window.open_workbook(path)
            QMessageBox.critical(self.window, "Not restored", f"{e}")
            return False
        QApplication.restoreOverrideCursor()
        self.window.open_workbook(path)
        kept = f"\n\nThe workbook as it was is kept as:\n{result.kept_aside}" if result.kept_aside else ""
        QMessageBox.information(
            self.window,
            "Restored",
            f"The workbook was restored from the backup: {result.restored.describe()}.{kept}",
        )
        return True

    def stop(self) -> None:
        for job in list(self.jobs):
            job.stop()
        self.jobs = []
