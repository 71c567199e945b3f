"""The first start (issue 15, point 4): when the workbook did not exist yet, once the main window shows,
a dialog says in plain words where the workbook is kept (and its backups) and offers the example dossier
shipped with the program (``core.examples``) to learn the four steps, or an empty workbook. Help > Open
the example dossier imports a fresh copy later. Never shown with ``--quit-after-startup`` (gui.app)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLayout, QVBoxLayout, QWidget

from core.examples import example_dossier_file
from core.i18n import _

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class FirstRunDialog(QDialog):
    """Where the workbook is kept; Enter opens the example dossier, Escape starts with an empty one."""

    def __init__(self, parent: QWidget | None, workbook: Path, backups: Path | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Welcome to ddworkbook"))
        self.setModal(True)
        backed_up = (
            _(
                "The program also makes a checked backup of it on each day you use it (File > Backups), "
                "in the folder:\n{folder}"
            ).format(folder=backups)
            if backups is not None
            else ""
        )
        self.message = QLabel(
            "\n\n".join(
                part
                for part in (
                    _("Your dossiers are kept in one file, the workbook:\n{path}").format(path=workbook),
                    _(
                        "It is your compliance record: keep this file, and back it up with your other "
                        "files. A newer version of the program uses the same file."
                    ),
                    backed_up,
                    _(
                        "To learn the four steps, open the example dossier: an invented export, filled "
                        "in, that you can walk through page by page, change, and delete when you are "
                        "done. Or start with an empty workbook and press Ctrl+N for your first dossier. "
                        "The example is also in the Help menu."
                    ),
                )
                if part
            )
        )
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to copy
        self.message.setMinimumWidth(60 * self.fontMetrics().averageCharWidth())

        buttons = QDialogButtonBox()
        self.example_button = buttons.addButton(
            _("Open the &example dossier"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.empty_button = buttons.addButton(
            _("&Start with an empty workbook"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.example_button.setDefault(True)  # Enter; Escape rejects: the empty workbook
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)  # as tall as the wrapped text
        self.example_button.setFocus()


def offer(window: MainWindow) -> FirstRunDialog | None:
    """Show the first-start dialog over ``window`` (without waiting for it); the example is opened when
    the user chooses it."""
    workbook = window.workbook
    if workbook is None:
        return None
    dialog = FirstRunDialog(window, workbook.path, window.backups.folder())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: open_example(window))
    dialog.open()
    return dialog


def open_example(window: MainWindow) -> str | None:
    """Import a fresh copy of the example dossier (and its evidence), in the program's language, into the
    window's workbook and open it in the wizard; its id, or None when it could not be (said in a
    message)."""
    workbook = window.workbook
    if workbook is None or workbook.read_only:
        return None
    from core.dossier import read_dossier_file

    path = example_dossier_file()
    imported: list[str] = []
    if not window.ops.quick(
        lambda: workbook.import_batches([(path, read_dossier_file(path))]),
        title=_("Cannot open the example dossier"),
        dossier=lambda ids: ids[-1],
        success=imported.extend,
        parent=window,
    ):
        return None
    window.open_dossier(imported[-1])
    return imported[-1]
