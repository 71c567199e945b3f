"""Tools > Verify workbook: everything ``ddworkbook verify`` checks (core.store.verify), run on a
worker thread with a connection of its own (a workbook of 100,000 dossiers takes minutes), its steps
shown as it goes; then a window with the result in words: that the workbook is sound and what was
checked, or the problems found, one a line, which the user can copy or save to a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.i18n import _, formats, ngettext
from core.store import Verification
from gui.operations import Operation, Operations


def summary(path: Path, result: Verification) -> str:
    """The result's first line: sound, or how many problems."""
    if not result.problems:
        return _("The workbook {workbook} is sound.").format(workbook=path.name)
    return ngettext(
        "{count} problem found in the workbook {workbook}:",
        "{count} problems found in the workbook {workbook}:",
        len(result.problems),
    ).format(count=len(result.problems), workbook=path.name)


def report(path: Path, result: Verification, when: dt.datetime) -> str:
    """The whole result as text (shown, copied and saved alike)."""
    c = result.checked
    checked = [
        _("SQLite's integrity check and foreign keys"),
        ngettext(
            "the schema ({count} step applied)", "the schema ({count} steps applied)", c.schema_steps
        ).format(count=c.schema_steps),
        ngettext(
            "the journal's hash chain ({count} entry)",
            "the journal's hash chain ({count} entries)",
            c.journal_entries,
        ).format(count=c.journal_entries),
        ngettext(
            "{count} dossier against its fingerprint and its last journal entry",
            "{count} dossiers against their fingerprints and last journal entries",
            c.dossiers,
        ).format(count=c.dossiers),
        ngettext(
            "{count} signed-off dossier against its seal",
            "{count} signed-off dossiers against their seals",
            c.finalised,
        ).format(count=c.finalised),
        ngettext(
            "{count} evidence file against its SHA-256",
            "{count} evidence files against their SHA-256",
            c.evidence_files,
        ).format(count=c.evidence_files),
    ]
    lines = [
        summary(path, result),
        "",
        *[_("PROBLEM: {problem}").format(problem=p) for p in result.problems],
        *([""] if result.problems else []),
        _("Workbook: {path}").format(path=path),
        _("Checked on {when} UTC:").format(
            when=formats.date_time(when.isoformat(sep=" ", timespec="minutes")[:16])
        ),
        *[f"  – {line}" for line in checked],
    ]
    return "\n".join(lines) + "\n"


class VerifyDialog(QDialog):
    """The result of verifying a workbook."""

    def __init__(self, parent: QWidget | None, ops: Operations, path: Path, result: Verification) -> None:
        super().__init__(parent)
        self.ops = ops
        self.path = path
        self.verification = result
        self.text = report(path, result, dt.datetime.now(dt.UTC))
        self.setWindowTitle(_("Verify workbook"))
        headline = QLabel(summary(path, result))
        headline.setObjectName("verify_summary")
        headline.setWordWrap(True)
        font = QFont(headline.font())
        font.setBold(True)
        headline.setFont(font)
        self.view = QPlainTextEdit(self.text)
        self.view.setObjectName("verify_result")
        self.view.setReadOnly(True)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.view.setAccessibleName(_("Result of the check"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(_("&Copy"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = buttons.addButton(_("&Save…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(lambda _c=False: self.save())
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(headline)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(760, 420 if result.problems else 320)
        self.view.setFocus()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text)

    def save(self, target: Path | None = None) -> bool:
        """Save the result to a text file (asked for unless given); True when it was written."""
        if target is None:
            stamp = dt.date.today().isoformat()
            suggested = self.path.with_name(
                _("{workbook} verified {date}.txt").format(workbook=self.path.stem, date=stamp)
            )
            name, _filter = QFileDialog.getSaveFileName(
                self, _("Save the result"), str(suggested), _("Text files (*.txt)")
            )
            if not name:
                return False
            target = Path(name)
        from core.store import write_atomically

        data = self.text.encode("utf-8")
        return self.ops.quick(
            lambda: write_atomically(target, iter([data])),
            title=_("The result was not saved"),
            parent=self,
        )


def verify(parent: QWidget, ops: Operations, path: Path) -> Operation:
    """Verify the workbook at ``path`` in the background; its result in a window of its own."""

    def work(job: Operation) -> Verification:
        from core.store import Workbook

        workbook = Workbook.inspect(path)  # read-only: verifying changes nothing
        job.on_interrupt(workbook.conn.interrupt)
        try:
            return workbook.verification(progress=job.progress)
        finally:
            workbook.close()

    def done(result: Verification) -> None:
        dialog = VerifyDialog(parent, ops, path, result)
        dialog.setObjectName("verify_dialog")
        dialog.show()

    return ops.background(
        work,
        path=None,
        title=_("The workbook could not be verified"),
        label=_("Verifying the workbook"),
        progress_title=_("Verify workbook"),
        success=done,
        parent=parent,
    )
