"""Opening an evidence file held in the workbook: an operation (gui.operations) that writes the file,
read-only, to a temporary folder of this program (removed when the program ends), checks that what
was written has the SHA-256 the dossier records, and opens it in the program the system uses for
its kind; where there is none, a message says where the file is, with "Open folder"."""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from core.dossier import Evidence
from core.i18n import _
from core.store import StoreError
from core.store.evidence import evidence_file_names
from gui.operations import Operation, Operations

_folders: list[Path] = []  # the temporary folders made, removed at exit


def _remove_folders() -> None:
    for folder in _folders:
        shutil.rmtree(folder, ignore_errors=True)


def temporary_folder() -> Path:
    """A new folder for files opened for reading, removed when the program ends."""
    folder = Path(tempfile.mkdtemp(prefix="ddworkbook-evidence-"))
    if not _folders:
        atexit.register(_remove_folders)
    _folders.append(folder)
    return folder


def open_evidence(
    ops: Operations, workbook: Path, dossier_id: str, evidence: Evidence, parent: QWidget
) -> Operation:
    """Write the evidence file out and open it (see the module's description)."""
    name = evidence_file_names([(evidence.id, evidence.filename)])[evidence.id]

    def work(job: Operation) -> Path:
        target = temporary_folder() / name
        digest = hashlib.sha256()
        with open(target, "xb") as out:
            for chunk in job.workbook.evidence_chunks(dossier_id, evidence.id):
                job.progress(_("writing {file}").format(file=evidence.filename))
                digest.update(chunk)
                out.write(chunk)
        target.chmod(0o400)  # a copy to read: changing it changes nothing in the record
        if evidence.sha256 and digest.hexdigest() != evidence.sha256:
            with contextlib.suppress(OSError):
                target.unlink()
            raise StoreError(
                _(
                    "{file}: the copy held in the workbook does not have the SHA-256 the dossier "
                    "records; check the workbook (Verify)"
                ).format(file=evidence.filename)
            )
        return target

    def written(path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            offer_folder(parent, path)

    return ops.background(
        work,
        path=workbook,
        title=_("Cannot open the evidence file"),
        label=_("Opening the evidence file"),
        progress_title=_("Evidence"),
        success=written,
        parent=parent,
    )


def offer_folder(parent: QWidget, path: Path) -> QMessageBox:
    """Say that no program opened ``path`` and where it is, with a button that opens its folder (the
    message does not wait: the window stays usable)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(_("No program to open the file"))
    box.setText(
        _("No program was found to open {file}. A copy to read has been written to:\n{folder}").format(
            file=path.name, folder=path.parent
        )
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the path can be copied
    folder = box.addButton(_("Open folder"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)

    def clicked(button: object) -> None:
        if button is folder and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))):
            QMessageBox.information(
                parent,
                _("No program to show the folder"),
                _("No program was found to show the folder either. The copy is at:\n{path}").format(
                    path=path
                ),
            )

    box.buttonClicked.connect(clicked)
    box.open()
    return box


def ask_description(parent: QWidget, evidence: Evidence) -> str | None:
    """Ask what an evidence file shows (its description as it is, to change); None when cancelled."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(_("Describe the evidence"))
    dialog.setLabelText(_("What {file} shows (the report prints it):").format(file=evidence.filename))
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setTextValue(evidence.description or "")
    dialog.resize(max(dialog.sizeHint().width(), 60 * dialog.fontMetrics().averageCharWidth()), 0)
    return dialog.textValue() if dialog.exec() == QInputDialog.DialogCode.Accepted else None
