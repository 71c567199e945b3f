"""The Help menu's pages, shown by the list and by a dossier's window: the four steps of the
assessment explained for a newcomer (in two minutes: the steps' titles from the content, in our own
words a few lines on each), the keyboard shortcuts (those of the list read from its actions), and
About (the version, the licence and the corpus version of the legal texts: ``core.about``)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from core import about
from core.content import Content, default_content
from core.i18n import N_, _
from gui import screens

TOPICS = ("steps", "keys", "about")

# A few lines on each page, in our own words, by the step's id (a step without them shows its title).
PAGE_SUMMARIES = {
    "transaction": N_("What is exported, by whom, where to, and the end use the customer states."),
    "parties": N_("Everyone involved: the end user, the consignee and any intermediaries."),
    "authority_notice": N_(
        "Whether the competent authority has told you that the item is or may be intended for a "
        "sensitive end use (step 3): then an authorisation is required."
    ),
    "annex_i": N_(
        "Check the item against Annex I of the Dual-Use Regulation: a listed item needs an export "
        "authorisation, and Article 5 concerns the items that are not listed."
    ),
    "definition": N_(
        "Whether the item is a cyber-surveillance item as Article 2(20) defines it: every element of the "
        "definition must apply. Items used purely for commercial applications, such as billing or network "
        "security, are presumed not to carry the risk Article 5 addresses (Recital 8)."
    ),
    "due_diligence": N_(
        "What you know of the item, the end user and the country, where each finding comes from, and the "
        "red flags."
    ),
    "end_use": N_(
        "On what your due diligence found: are you aware that the item is intended, in whole or in part, "
        "for use in connection with internal repression or serious violations of human rights or "
        "international humanitarian law? Then you must notify the competent authority. A theoretical risk "
        "alone is not enough."
    ),
    "legitimacy": N_(
        "Whether your due diligence establishes a legitimate end use, and which measures prevent misuse: "
        "the notification explains both, and the authority decides whether the export needs an "
        "authorisation."
    ),
    "outcome": N_(
        "What follows from your answers, the warnings, and what is still to answer, each a link to its "
        "question."
    ),
}

# The keys of a dossier's window (those of the list are read from its menus).
DOSSIER_KEYS = (
    (N_("Alt+N or Alt+Right"), N_("Next page")),
    (N_("Alt+B or Alt+Left"), N_("Previous page")),
    (N_("Alt+G"), N_("The list of pages: arrow keys, then Enter to go to a page you have seen")),
    (N_("Alt+D"), N_("Done (on the last page)")),
    (N_("Escape"), N_("Close the dossier's window (everything is saved)")),
    (N_("Tab, Shift+Tab"), N_("The next or previous field")),
    (N_("Arrow keys"), N_("Choose among the options of a question")),
    (N_("Space"), N_("Tick a box, or choose the option that has the focus")),
    (N_("Enter"), N_("Confirm what was typed in a field (it never moves to another page)")),
    (N_("Ctrl+Z"), N_("Undo a change of answers (in a text field: undo typing)")),
    (N_("Ctrl+Shift+Z or Ctrl+Y"), N_("Redo")),
    (N_("F2"), N_("Edit a cell of the parties; describe the evidence file chosen")),
    (N_("Delete"), N_("Remove the evidence file chosen (asks first)")),
    (N_("F1"), N_("The four steps explained")),
)


def steps_html(content: Content | None = None) -> str:
    """The page that explains the four steps: what a dossier is, each page in order (the numbered
    steps marked), the outcome, and what becomes of the record."""
    c = content or default_content()
    parts = [
        f"<h2>{html.escape(_('How a dossier is made: the four steps'))}</h2>",
        "<p>"
        + html.escape(
            _(
                "ddworkbook records the due diligence that Article 5 of Regulation (EU) 2021/821 asks of "
                "an exporter of cyber-surveillance items that are not on the EU control list. One dossier "
                "covers one transaction: one item, one end user, one destination; everything you enter is "
                "saved as you go."
            )
        )
        + "</p>",
        "<p>"
        + html.escape(
            _(
                "The assessment follows the four steps of the Dutch policy framework; the other pages "
                "describe the transaction and record your due diligence. A step that settles the outcome "
                "takes you straight to it."
            )
        )
        + "</p><ol>",
    ]
    for step in c.steps:
        summary = PAGE_SUMMARIES.get(step.id)
        title = html.escape(step.title)
        heading = f"<b>{title}</b>" if step.number is not None else title
        parts.append(f"<li>{heading}" + (f"<br>{html.escape(_(summary))}" if summary else "") + "</li>")
    parts.append("</ol>")
    parts.append(f"<h3>{html.escape(_('Finding your way'))}</h3>")
    parts.append(
        "<p>"
        + html.escape(
            _(
                "The list of pages shows where you are (“Step 2 of 4”) and takes you back to any page you "
                "have seen; the guidance below it explains the question you are on. Ctrl+Z undoes a "
                "change of answers."
            )
        )
        + "</p>"
    )
    parts.append(f"<h3>{html.escape(_('The record'))}</h3>")
    parts.append(
        "<p>"
        + html.escape(
            _(
                "Every change is journaled with who made it and when. A dossier signed off (Finalise) can "
                "no longer be changed (duplicate it to start anew), and must be kept for at least five years "
                "after the end of the year of export (Article 27(3))."
            )
        )
        + "</p>"
    )
    return "".join(parts)


def _plain(text: str) -> str:
    """A menu text without its mnemonic and dots."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".")


def shortcuts_html(actions: Sequence[QAction]) -> str:
    """The keyboard shortcuts: those of ``actions`` (the list's menus), then a dossier's window's."""
    rows = []
    for action in actions:
        keys = [
            k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()
        ]
        if keys and action.text():
            rows.append((_(" or ").join(keys), _plain(action.text())))

    def table(entries: Sequence[tuple[str, str]]) -> str:
        return (
            "<table cellpadding='3'>"
            + "".join(
                f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>" for k, v in entries
            )
            + "</table>"
        )

    parts = [f"<h2>{html.escape(_('Keyboard shortcuts'))}</h2>"]
    if rows:
        parts += [f"<h3>{html.escape(_('The list of dossiers'))}</h3>", table(rows)]
        parts.append(
            "<p>" + html.escape(_("Enter or a double-click opens the dossier chosen in the list.")) + "</p>"
        )
    parts += [
        f"<h3>{html.escape(_('A dossier'))}</h3>",
        table([(_(k), _(v)) for k, v in DOSSIER_KEYS]),
    ]
    return "".join(parts)


def about_html() -> str:
    """About: the program's version, the legal texts' corpus version and the licence."""
    lines = about().strip().split("\n")
    return f"<h2>{html.escape(lines[0])}</h2>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])


class HelpDialog(QDialog):
    """A help page in a window of its own that does not block the one it was opened from."""

    def __init__(self, parent: QWidget, topic: str, title: str, text: str) -> None:
        super().__init__(parent)
        self.setObjectName(f"help_{topic}")
        self.setWindowTitle(title)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        screens.fit(self, 680, 600 if topic != "about" else 240, parent)


def show_help(parent: QWidget, topic: str, actions: Sequence[QAction] = ()) -> HelpDialog:
    """Show a help page (``steps``, ``keys`` or ``about``) for ``parent``'s window: raised if it is
    open already. ``actions`` are the list's, for the shortcuts."""
    if topic == "steps":
        title, text = _("The four steps"), steps_html()
    elif topic == "keys":
        title, text = _("Keyboard shortcuts"), shortcuts_html(actions)
    else:
        title, text = _("About ddworkbook"), about_html()
    dialog = parent.findChild(HelpDialog, f"help_{topic}")
    if dialog is None:
        dialog = HelpDialog(parent, topic, title, text)
    else:
        dialog.browser.setHtml(text)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
