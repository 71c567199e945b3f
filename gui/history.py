"""A dossier's history, in a window of its own opened from the list (File > History…, Ctrl+H): the
timeline of core.history (who, when, what changed, in words), newest last, which the user can read
with the keyboard, select (Ctrl+C copies the selection) and copy whole (Copy)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from core.content import Content
from core.history import Event, timeline
from core.i18n import _, formats, ngettext
from core.store import Workbook


def history_of(workbook: Workbook, dossier_id: str, content: Content) -> list[Event]:
    """The dossier's journal as events, with the titles of the dossiers it names (its original)."""
    entries = workbook.journal(dossier_id)
    named = {e.new for e in entries if e.action == "duplicate" and e.new}
    titles = {did: workbook.dossier(did).title for did in sorted(named) if workbook.exists(did)}
    return timeline(entries, content, titles)


def as_text(events: list[Event]) -> str:
    """The timeline as plain text, to copy."""
    lines = []
    for e in events:
        lines.append(
            _("{when} UTC  {who}  {what}").format(when=formats.date_time(e.at), who=e.actor, what=e.what)
        )
        lines += [f"    – {d}" for d in e.details]
    return "\n".join(lines)


def as_html(events: list[Event]) -> str:
    parts = []
    for e in events:
        details = "".join(f"<li>{escape(d)}</li>" for d in e.details)
        when = _("{when} UTC · {who}").format(when=formats.date_time(e.at), who=e.actor)
        parts.append(
            f"<p style='margin-bottom:2px'><span style='color:#555'>{escape(when)}</span>"
            f"<br/><b>{escape(e.what)}</b></p>"
            + (f"<ul style='margin-top:0'>{details}</ul>" if details else "")
        )
    return "".join(parts)


class HistoryDialog(QDialog):
    """The history of one dossier."""

    def __init__(self, parent: QWidget | None, title: str, events: list[Event]) -> None:
        super().__init__(parent)
        self.events = events
        self.setWindowTitle(_("History: {title}").format(title=title))
        self.text = QTextBrowser()
        self.text.setObjectName("history")
        self.text.setOpenLinks(False)
        self.text.setHtml(
            as_html(events) if events else escape(_("Nothing has been recorded for this dossier."))
        )
        self.text.setAccessibleName(_("History"))
        self.text.setAccessibleDescription(
            ngettext("{count} event, oldest first", "{count} events, oldest first", len(events)).format(
                count=len(events)
            )
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(_("&Copy"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setToolTip(_("Copy the whole history as text"))
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(760, 560)
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
        self.text.moveCursor(QTextCursor.MoveOperation.End)  # the latest change in view

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(as_text(self.events))

    def plain_text(self) -> str:
        return self.text.toPlainText()
