"""Making the PDF report from the desktop program: an operation in the background (gui.operations)
that reads the dossier on a connection of its own, writes the report and the draft for the authority
beside it (core.report.writing, as the command line does), with its steps in a progress dialog; the
files written are opened in the user's PDF viewer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from gui.operations import Operation, Operations
from gui.settings import file_name


def make_report(
    parent: QWidget,
    ops: Operations,
    workbook: Path,
    dossier_id: str,
    title: str,
    target: Path | None = None,
) -> Operation | None:
    """Ask where to save (unless given; the name suggested from the dossier's ``title``), then make
    the report off the GUI thread; returns the running operation (None when the user cancelled)."""
    if target is None:
        suggested = Path.home() / f"{file_name(title, dossier_id)}.pdf"
        name, _ = QFileDialog.getSaveFileName(
            parent, "Save the dossier report", str(suggested), "PDF files (*.pdf)"
        )
        if not name:
            return None
        target = Path(name)
    chosen = target

    def work(job: Operation) -> list[Path]:
        from core.report import report_input
        from core.report.record import read_record
        from core.report.writing import write_reports

        data = report_input(read_record(job.workbook, dossier_id))
        return write_reports(data, chosen, progress=job.progress)

    def made(paths: list[Path]) -> None:
        for path in paths:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    return ops.background(
        work,
        path=workbook,
        title="Report failed",
        label="Making the report",
        progress_title="Dossier report",
        success=made,
        parent=parent,
    )
