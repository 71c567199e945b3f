"""Making the PDF report from the desktop program: the data is read on the GUI thread (the workbook's
connection belongs to it), the rendering runs on a worker thread with a progress dialog, and the
result is opened in the user's PDF viewer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from core.report import ReportInput, report_input
from core.report.writing import write_reports
from core.store import StoreError, Workbook
from gui.settings import file_name


class ReportJob(QThread):
    progress = Signal(str)
    done = Signal(list)  # the paths written
    failed = Signal(str)

    def __init__(self, data: ReportInput, target: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.target = target

    def run(self) -> None:
        try:
            paths = write_reports(self.data, self.target, progress=self.progress.emit)
            self.done.emit([str(p) for p in paths])
        except OSError as e:  # a WriteError names the file it was writing
            self.failed.emit(str(e))
        except Exception as e:  # a bug must not take the program down with it
            self.failed.emit(f"{type(e).__name__}: {e}")


def make_report(
    parent: QWidget, workbook: Workbook, dossier_id: str, target: Path | None = None
) -> ReportJob | None:
    """Ask where to save (unless given), then render off the GUI thread; returns the running job."""
    try:
        dossier = workbook.dossier(dossier_id)
        data = report_input(dossier, workbook=workbook)
    except StoreError as e:
        QMessageBox.critical(parent, "Report failed", str(e))
        return None
    if target is None:
        suggested = Path.home() / f"{file_name(dossier.title, dossier_id)}.pdf"
        name, _ = QFileDialog.getSaveFileName(
            parent, "Save the dossier report", str(suggested), "PDF files (*.pdf)"
        )
        if not name:
            return None
        target = Path(name)
    dialog = QProgressDialog("Making the report…", "", 0, 0, parent)
    dialog.setWindowTitle("Dossier report")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    job = ReportJob(data, target, parent)
    job.progress.connect(lambda step: dialog.setLabelText(f"Making the report: {step}…"))

    def finished(paths: list[str]) -> None:
        dialog.close()
        for path in paths:
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def failed(message: str) -> None:
        dialog.close()
        QMessageBox.critical(parent, "Report failed", message)

    job.done.connect(finished)
    job.failed.connect(failed)
    job.finished.connect(job.deleteLater)
    job.start()
    return job
