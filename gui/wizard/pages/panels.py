"""The panels a questions page can show below its questions (the step's ``panels`` in the content):
the Annex I texts, the red flags, the mitigation measures."""

from __future__ import annotations

import dataclasses
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
)

from core import contract
from core.dossier import Dossier, MitigationEntry, RedFlagEntry
from core.i18n import N_, _
from gui.wizard.pages.base import Host, Panel, guide
from gui.wizard.widgets import ComboBox, Debounce, show_read_only


class AnnexPanel(Panel):
    """The Annex I cyber-surveillance entries with their official text, notes and glossary terms."""

    KIND = "annex_i"

    def __init__(self, dw: Host) -> None:
        super().__init__(dw, _("Annex I entries named as cyber-surveillance items (official text)"))
        c = dw.content
        source = _(
            "Regulation (EU) 2021/821, Annex I, consolidated text, corpus version {version}. "
            "Only the Official Journal is authentic."
        ).format(version=c.corpus_version)
        parts = [f"<p><i>{html.escape(source)} {html.escape(c.quotations)}</i></p>"]
        for group in c.annex_groups:
            parts.append(f"<h3>{html.escape(group.title)}</h3><p>{html.escape(group.description)}</p>")
            for e in (x for x in c.annex_entries if x.group == group.id):
                parts.append(f"<p><b>{html.escape(e.code)}</b> ({html.escape(e.label)})<br>")
                for line in e.context:
                    parts.append(
                        f"<span style='color:#555'>{html.escape(line.code)} "
                        f"{html.escape(line.text)}</span><br>"
                    )
                parts.append(f"{html.escape(e.code)} {html.escape(e.text)}</p>")
                if e.items:
                    parts.append(
                        "<ul>"
                        + "".join(f"<li>{html.escape(i.code)} {html.escape(i.text)}</li>" for i in e.items)
                        + "</ul>"
                    )
                for note in e.notes:
                    parts.append(f"<p style='margin-left:16px'><i>{html.escape(note)}</i></p>")
        parts.append(f"<h3>{html.escape(_('Definitions used (Annex I glossary)'))}</h3>")
        for t in c.terms:
            parts.append("<p>" + "<br>".join(html.escape(x) for x in t.lines) + "</p>")
        self.browser = QTextBrowser()
        self.browser.setHtml("".join(parts))
        self.browser.setMinimumHeight(320)
        guide(
            self.browser,
            _(
                "The official text of the Annex I entries that the Dutch framework names as "
                "cyber-surveillance items, with their notes and exclusions."
            ),
            ("guide:nl_framework",),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)


STATUS_LABELS = {
    "": N_("Not assessed"),
    "absent": N_("Absent"),
    "present": N_("Present"),
    "resolved": N_("Resolved"),
}


class RedFlagsPanel(Panel):
    """The red flags as a checklist; a present or resolved flag asks what was done about it."""

    KIND = "red_flags"

    def __init__(self, dw: Host) -> None:
        super().__init__(dw, _("Red flags"))
        layout = QVBoxLayout(self)
        hint = QLabel(
            _(
                "Mark each flag. For a flag that is present, say how you will resolve it; for a "
                "resolved flag, how it was resolved."
            )
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        grid = QGridLayout()
        layout.addLayout(grid)
        self.rows: dict[str, tuple[ComboBox, QLineEdit]] = {}
        self._save = Debounce(self.save, self)
        row = 0
        for category in dw.content.red_flag_categories:
            grid.addWidget(QLabel(f"<b>{html.escape(category.title)}</b>"), row, 0, 1, 3)
            row += 1
            for flag in (f for f in dw.content.red_flags if f.category == category.id):
                text = QLabel(flag.text)
                text.setWordWrap(True)
                status = ComboBox()
                for key, label in STATUS_LABELS.items():
                    status.addItem(_(label), key)
                status.setAccessibleName(_("Status of red flag: {text}").format(text=flag.text))
                note = QLineEdit()
                note.setPlaceholderText(_("Resolution or note"))
                status.currentIndexChanged.connect(lambda _i, f=flag.id: self._status_changed(f))
                note.textChanged.connect(lambda _t, f=flag.id: self._note_typed(f))
                guide(status, flag.text, flag.cites)
                grid.addWidget(text, row, 0)
                grid.addWidget(status, row, 1)
                grid.addWidget(note, row, 2)
                self.rows[flag.id] = (status, note)
                row += 1
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        self._loading = False

    def _note_typed(self, fid: str) -> None:
        self._prompt(fid)
        self._save.poke()

    def _status_changed(self, fid: str) -> None:
        self._prompt(fid)
        self.save()

    def _prompt(self, fid: str) -> None:
        """A present flag asks how it will be resolved; a resolved one, how it was."""
        status, note = self.rows[fid]
        state = status.currentData()
        note.setPlaceholderText(
            {"present": _("How will this be resolved? (needed)"), "resolved": _("How was it resolved?")}.get(
                state, _("Note")
            )
        )
        missing = state in ("present", "resolved") and not note.text().strip()
        note.setStyleSheet("QLineEdit { border: 1px solid #c0392b; }" if missing else "")

    def load(self) -> None:
        self._loading = True
        entries = {f.id: f for f in self.dw.dossier.red_flags}
        for fid, (status, note) in self.rows.items():
            entry = entries.get(fid)
            status.setCurrentIndex(max(0, status.findData(entry.status if entry else "")))
            if note.text() != ((entry.note if entry else None) or ""):
                note.setText((entry.note if entry else None) or "")
            self._prompt(fid)
        self._loading = False

    def save(self) -> None:
        if self._loading or self.dw.frozen:
            return
        flags = []
        for fid, (status, note) in self.rows.items():
            if status.currentData():
                flags.append(
                    RedFlagEntry(id=fid, status=status.currentData(), note=note.text().strip() or None)
                )

        def change(d: Dossier) -> Dossier:  # custom flags (not shown here) are kept as stored
            return dataclasses.replace(d, red_flags=flags + [f for f in d.red_flags if f.id not in self.rows])

        if change(self.dw.dossier).red_flags != self.dw.dossier.red_flags:
            self.dw.save_changes(change)

    def set_read_only(self, read_only: bool) -> None:
        for status, note in self.rows.values():
            status.setEnabled(not read_only)
            show_read_only(note, read_only)


class MitigationsPanel(Panel):
    """Mitigation measures: the catalogue as checkboxes with a note each, plus custom measures."""

    KIND = "mitigations"

    def __init__(self, dw: Host) -> None:
        super().__init__(dw, _("Measures against misuse"))
        layout = QGridLayout(self)
        self.rows: dict[str, tuple[QCheckBox, QLineEdit]] = {}
        self._save = Debounce(self.save, self)
        for row, measure in enumerate(dw.content.measures):
            box = QCheckBox(measure.title)
            box.setToolTip(measure.description)
            guide(box, f"{measure.title}: {measure.description}")
            note = QLineEdit()
            note.setPlaceholderText(_("How it applies in this transaction"))
            box.toggled.connect(lambda _on: self.save())
            note.textChanged.connect(lambda _t: self._save.poke())
            layout.addWidget(box, row, 0)
            layout.addWidget(note, row, 1)
            self.rows[measure.id] = (box, note)
        n = len(dw.content.measures)
        self.custom = QPlainTextEdit()
        self.custom.setTabChangesFocus(True)
        self.custom.setMaximumHeight(70)
        self.custom.setPlaceholderText(_("Other measures, one per line"))
        self.custom.textChanged.connect(self._save.poke)
        layout.addWidget(QLabel(_("Other measures:")), n, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.custom, n, 1)
        layout.setColumnStretch(1, 1)
        self._loading = False

    def load(self) -> None:
        self._loading = True
        entries = {m.id: m for m in self.dw.dossier.mitigations}
        for mid, (box, note) in self.rows.items():
            box.setChecked(mid in entries)
            text = (entries[mid].note if mid in entries else None) or ""
            if note.text() != text:
                note.setText(text)
        custom = "\n".join(
            own for m in self.dw.dossier.mitigations if (own := contract.custom_text(m.id)) is not None
        )
        if self.custom.toPlainText() != custom:
            self.custom.setPlainText(custom)
        self._loading = False

    def save(self) -> None:
        if self._loading or self.dw.frozen:
            return
        measures = [
            MitigationEntry(id=mid, note=note.text().strip() or None)
            for mid, (box, note) in self.rows.items()
            if box.isChecked()
        ]
        seen = set()
        for line in self.custom.toPlainText().splitlines():
            if line.strip() and line.strip() not in seen:
                seen.add(line.strip())
                measures.append(MitigationEntry(id=contract.custom_key(line.strip())))
        # the measures keep the order the dossier has them in (new ones after them): a save that only
        # put them in the catalogue's order would change the record without the user changing anything
        stored = [m.id for m in self.dw.dossier.mitigations]
        measures.sort(key=lambda m: stored.index(m.id) if m.id in stored else len(stored))
        if measures != self.dw.dossier.mitigations:
            self.dw.save_changes(lambda d: dataclasses.replace(d, mitigations=measures))

    def set_read_only(self, read_only: bool) -> None:
        for box, note in self.rows.values():
            box.setEnabled(not read_only)
            show_read_only(note, read_only)
        show_read_only(self.custom, read_only)
