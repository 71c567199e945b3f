"""Making the PDF report from the desktop program: an operation in the background (gui.operations)
that reads the dossier on a connection of its own, writes the report and the draft for the authority
beside it (core.report.writing, as the command line does), with its steps in a progress dialog; the
files written are opened in the user's PDF viewer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from core.i18n import _, current, language
from gui.languages import report_filters, report_language
from gui.operations import Operation, Operations
from gui.settings import file_name


def make_report(
    parent: QWidget,
    ops: Operations,
    workbook: Path,
    dossier_id: str,
    title: str,
    target: Path | None = None,
    lang: str | None = None,
) -> Operation | None:
    """Ask where to save (unless given; the name suggested from the dossier's ``title``) and in which
    language (the dialog's file types: "PDF report, Nederlands", "PDF report, English"; the program's
    language first), then make the report off the GUI thread, in ``lang`` when given, else the
    language chosen, else the program's (core.i18n); returns the running operation (None when the
    user cancelled)."""
    if target is None:
        suggested = Path.home() / f"{file_name(title, dossier_id)}.pdf"
        filters = report_filters()  # one file type per language: the one chosen is the report's
        name, chosen_filter = QFileDialog.getSaveFileName(
            parent, _("Save the dossier report"), str(suggested), ";;".join(filters), next(iter(filters))
        )
        if not name:
            return None
        target = Path(name)
        lang = lang or report_language(chosen_filter)
    chosen = target
    language_of_report = lang or current()  # asked here: the worker's thread does not share our context

    def work(job: Operation) -> list[Path]:
        from core.report import report_input
        from core.report.record import read_record
        from core.report.writing import write_reports

        with language(language_of_report):  # the words and the content, in the report's language
            data = report_input(read_record(job.workbook, dossier_id))
            return write_reports(data, chosen, progress=job.progress)

    def made(paths: list[Path]) -> None:
        for path in paths:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    return ops.background(
        work,
        path=workbook,
        title=_("Report failed"),
        label=_("Making the report"),
        progress_title=_("Dossier report"),
        success=made,
        parent=parent,
    )
