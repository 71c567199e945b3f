"""Making the PDF report from the desktop program: an operation in the background (gui.operations)
that reads the dossier on a connection of its own, writes the report and the draft for the authority
beside it (core.report.writing, as the command line does), with its steps in a progress dialog.

The name suggested is short and safe: the dossier's reference, else its title, and " report"
("EXP-2026-014 report.pdf"; gui.settings.file_name). Once written, the files are opened in the user's
PDF viewer, and a message says where they were written, with Open folder; when no program could show
them (``QDesktopServices.openUrl`` says so), the message says that too, so that the user is never left
wondering where the report went."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from core.i18n import _, current, language, ngettext
from gui.languages import report_filters, report_language
from gui.operations import Operation, Operations
from gui.settings import file_name


def report_file_name(title: str, dossier_id: str, reference: str | None = None) -> str:
    """The file name suggested for a dossier's report: "EXP-2026-014 report.pdf"."""
    return _("{name} report").format(name=file_name(title, dossier_id, reference)) + ".pdf"


def open_in_viewer(path: Path) -> bool:
    """Show a file or folder in the program the desktop has for it; False when none could."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


def written_message(parent: QWidget, paths: list[Path], shown: bool) -> QMessageBox:
    """Where a report (and the draft beside it) was written, with Open folder; open (not modal)."""
    report, drafts = paths[0], paths[1:]
    lines = [_("The report was written to:"), str(report)]
    if drafts:
        lines += [
            "",
            ngettext(
                "The draft for the authority is beside it:",
                "The drafts for the authority are beside it:",
                len(drafts),
            ),
            *[str(d) for d in drafts],
        ]
    box = QMessageBox(parent)
    box.setObjectName("report_written")
    box.setIcon(QMessageBox.Icon.Information if shown else QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Report written"))
    box.setText("\n".join(lines))
    if not shown:
        box.setInformativeText(
            _(
                "No program to show PDF files could be started here. Open the folder to find the report, "
                "or install a PDF viewer."
            )
        )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    folder = box.addButton(_("Open &folder"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(QMessageBox.StandardButton.Close)

    def clicked(button: object) -> None:
        if button is folder and not open_in_viewer(report.parent):
            QMessageBox.warning(
                parent,
                _("Report written"),
                _(
                    "No program to show folders could be started here. The report is in the folder {folder}"
                ).format(folder=report.parent),
            )

    box.buttonClicked.connect(clicked)
    box.open()
    return box


def make_report(
    parent: QWidget,
    ops: Operations,
    workbook: Path,
    dossier_id: str,
    title: str,
    target: Path | None = None,
    lang: str | None = None,
    reference: str | None = None,
) -> Operation | None:
    """Ask where to save (unless given; the name suggested from the dossier's ``reference``, else its
    ``title``) and in which language (the dialog's file types: "PDF report, Nederlands", "PDF report,
    English"; the program's language first), then make the report off the GUI thread, in ``lang`` when
    given, else the language chosen, else the program's (core.i18n); returns the running operation
    (None when the user cancelled)."""
    if target is None:
        suggested = Path.home() / report_file_name(title, dossier_id, reference)
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
        shown = [open_in_viewer(path) for path in paths]
        written_message(parent, paths, all(shown))

    return ops.background(
        work,
        path=workbook,
        title=_("Report failed"),
        label=_("Making the report"),
        progress_title=_("Dossier report"),
        success=made,
        parent=parent,
    )
