"""Sanctions screening in the dossier wizard (issue 13): the panel under the parties (Screen party,
Screen all parties, each party's hits with score, decision and why, Decide on hit…), the dialog that
records a decision with its note, and the summary the parties and outcome pages show of what is
unscreened, open or confirmed.

Every change goes through the workbook (``Workbook.screen_dossier`` on a worker thread: loading the
lists' index can take a second; ``Workbook.dispose_hit`` on the GUI thread) and the wizard follows the
change signal, as for any other change. What a hit's ``why`` says is not kept in the dossier: the
panel shows the reasons of the latest screening of the party's name in this window, and asks the
workbook again (in the background) for a party whose hits it has no reasons for.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import contract
from core.dossier import Dossier, HitRef, is_current, list_title, matches, open_hits, unscreened_parties
from core.i18n import N_, _, formats, ngettext
from core.words import HIT_DECISION_WORDS

if TYPE_CHECKING:
    from core.screening import Hit
    from gui.operations import Operation
    from gui.wizard.pages.base import Host

HIT_COLUMNS = (
    N_("List"),
    N_("Entry"),
    N_("Name on the list"),
    N_("Score"),
    N_("Decision"),
    N_("Note"),
    N_("Why"),
)
Why = dict[tuple[str, str, str], str]  # (name screened, list, entry) -> the reasons in words


def _list(list_id: str, *, short: bool = False) -> str:
    return list_title(list_id, short=short)


def _party_name(d: Dossier, i: int) -> str:
    return d.parties[i].name or _("party {number}").format(number=i + 1)


def summary_lines(d: Dossier) -> list[str]:
    """What a page says of the screening of a dossier, in plain words: unscreened parties, open hits,
    confirmed matches (nothing when there are no parties)."""
    if not d.parties:
        return []
    lines = []
    unscreened = unscreened_parties(d)
    if unscreened:
        lines.append(
            ngettext(
                "Not screened under its current name: {parties}.",
                "Not screened under their current names: {parties}.",
                len(unscreened),
            ).format(parties=", ".join(_party_name(d, i) for i in unscreened))
        )
    still = open_hits(d)
    if still:
        lines.append(
            ngettext(
                "{count} hit to decide on: {parties}.", "{count} hits to decide on: {parties}.", len(still)
            ).format(
                count=len(still), parties=", ".join(dict.fromkeys(_party_name(d, h.party) for h in still))
            )
        )
    confirmed = matches(d)
    if confirmed:
        lines.append(
            _("Confirmed as listed: {hits}. Stop: get legal advice before any step.").format(
                hits="; ".join(
                    _("{party} = {list} entry {entry}").format(
                        party=_party_name(d, h.party),
                        list=_list(h.record.list_id, short=True),
                        entry=h.hit.entry,
                    )
                    for h in confirmed
                )
            )
        )
    if not lines:
        lines.append(_("Every party with a name is screened; no hit is open."))
    return lines


def summary_html(d: Dossier) -> str:
    """The screening summary as the outcome page shows it (an empty string when there are no parties)."""
    lines = summary_lines(d)
    if not lines:
        return ""
    return (
        f"<h3>{html.escape(_('Sanctions screening'))}</h3><ul>"
        + "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        + "</ul>"
    )


class DisposeDialog(QDialog):
    """The decision on a hit: not the party (a false positive) or the party (a match), with a note
    saying why (required)."""

    def __init__(self, party: str, ref: HitRef, why: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Decide on a screening hit"))
        self.party, self.ref = party, ref
        layout = QVBoxLayout(self)
        hit = ref.hit
        score = "" if hit.score is None else formats.number(hit.score, 2)
        facts = QLabel(
            _("<b>{party}</b> was found as <b>{name}</b>, entry {entry} of {list} (score {score}).").format(
                party=html.escape(party),
                name=html.escape(hit.name),
                entry=html.escape(hit.entry),
                list=html.escape(_list(ref.record.list_id)),
                score=score,
            )
            + (f"<br><i>{html.escape(why)}</i>" if why else "")
        )
        facts.setWordWrap(True)
        layout.addWidget(facts)
        self.false_positive = QRadioButton(_("&Not this party: a false positive"))
        self.match = QRadioButton(_("&This party: a match with the listed entry"))
        self.choice = QButtonGroup(self)
        for button in (self.false_positive, self.match):
            self.choice.addButton(button)
            layout.addWidget(button)
        if hit.disposition == contract.HIT_MATCH:
            self.match.setChecked(True)
        elif hit.disposition == contract.HIT_FALSE_POSITIVE:
            self.false_positive.setChecked(True)
        why_label = QLabel(_("&Why (required; for example the date of birth, registration number, address):"))
        layout.addWidget(why_label)
        self.note = QPlainTextEdit(hit.note or "")
        self.note.setTabChangesFocus(True)  # Tab goes on to OK, as in any field
        why_label.setBuddy(self.note)
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.choice.buttonToggled.connect(lambda *_a: self._update())
        self.note.textChanged.connect(self._update)
        self._update()
        self.resize(520, 320)

    def accept(self) -> None:
        """Record the decision (OK); a confirmed match made a false positive is asked first."""
        if self.lifts_match() and not self._lift_confirmed():
            return  # the dialog stays open: the decision can be chosen again, or cancelled
        super().accept()

    def lifts_match(self) -> bool:
        """Whether the decision chosen makes a hit confirmed as a match a false positive (which can
        change the dossier's outcome)."""
        return (
            self.ref.hit.disposition == contract.HIT_MATCH
            and self.disposition() == contract.HIT_FALSE_POSITIVE
        )

    def _lift_confirmed(self) -> bool:
        answer = QMessageBox.question(
            self,
            _("Not a match after all?"),
            _(
                "{party} was confirmed as entry {entry} of {list} (a match). Record that it is not this "
                "party (a false positive)? The dossier's outcome can change with it; the history keeps "
                "the earlier decision."
            ).format(party=self.party, entry=self.ref.hit.entry, list=_list(self.ref.record.list_id)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def disposition(self) -> str | None:
        if self.match.isChecked():
            return contract.HIT_MATCH
        if self.false_positive.isChecked():
            return contract.HIT_FALSE_POSITIVE
        return None

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.disposition() is not None and bool(self.note.toPlainText().strip()))


class ScreeningPanel(QGroupBox):
    """Under the parties table: the selected party's screening and hits, and the screening actions."""

    def __init__(self, dw: Host, selected: Callable[[], int | None]) -> None:
        super().__init__(_("Sanctions screening"))
        self.dw = dw
        self.selected = selected
        self.whys: Why = {}
        self._asked: set[tuple[str, str | None]] = set()
        self.dialog: DisposeDialog | None = None
        self.operation: Operation | None = None
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.party = QLabel()
        self.party.setWordWrap(True)
        layout.addWidget(self.party)
        self.hits = QTableWidget(0, len(HIT_COLUMNS))
        self.hits.setHorizontalHeaderLabels([_(c) for c in HIT_COLUMNS])
        self.hits.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hits.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.hits.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.hits.setTabKeyNavigation(False)  # Tab goes on to the buttons; arrows choose a hit
        header = self.hits.horizontalHeader()
        for column in range(len(HIT_COLUMNS)):  # the note and the reasons take the room left, wrapped
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch if column >= 5 else QHeaderView.ResizeMode.ResizeToContents,
            )
        self.hits.verticalHeader().hide()
        self.hits.setWordWrap(True)
        self.hits.setMinimumHeight(120)
        self.hits.setMaximumHeight(240)  # the buttons below stay in view on a 720-pixel screen
        self.hits.itemSelectionChanged.connect(self._update_buttons)
        self.hits.itemDoubleClicked.connect(lambda _item: self.decide())
        layout.addWidget(self.hits)
        buttons = QHBoxLayout()
        self.screen_button = QPushButton(_("&Screen party"))
        self.screen_button.setToolTip(_("Screen the selected party against every imported sanctions list"))
        self.screen_button.clicked.connect(lambda: self.screen_parties(all_parties=False))
        self.screen_all_button = QPushButton(_("Screen a&ll parties"))
        self.screen_all_button.clicked.connect(lambda: self.screen_parties(all_parties=True))
        self.decide_button = QPushButton(_("&Decide on hit…"))
        self.decide_button.setToolTip(_("Record whether the selected hit is this party (a match) or not"))
        self.decide_button.clicked.connect(lambda: self.decide())
        for b in (self.screen_button, self.screen_all_button, self.decide_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.refs: list[HitRef] = []
        self.read_only = False

    # -- showing ------------------------------------------------------------------------------

    def load(self) -> None:
        d = self.dw.dossier
        self.summary.setText(" ".join(summary_lines(d)))
        row = self.selected()
        self.refs = []
        if row is None or not 0 <= row < len(d.parties):
            self.party.setText(_("Select a party to see its screening."))
        else:
            self.party.setText(self._party_text(d, row))
            self.refs = [
                HitRef(row, r, h) for r in d.screening if r.party == row and is_current(d, r) for h in r.hits
            ]
            self.refs += [h for h in matches(d) if h.party == row and not is_current(d, h.record)]
        self.hits.setRowCount(len(self.refs))
        for n, ref in enumerate(self.refs):
            self._show(n, ref)
        self.hits.resizeRowsToContents()
        if self.refs:  # the first hit still to decide on (else the first) is selected: Alt+D decides it
            first = next((n for n, r in enumerate(self.refs) if r.hit.disposition == contract.HIT_OPEN), 0)
            self.hits.selectRow(first)
        self._explain_if_needed(d, row)
        self._update_buttons()

    def _party_text(self, d: Dossier, row: int) -> str:
        p = d.parties[row]
        if not (p.name or "").strip():
            return _("This party has no name yet: give it one to screen it.")
        records = [r for r in d.screening if r.party == row and is_current(d, r)]
        if not records:
            return _("{name} has not been screened under this name.").format(name=p.name)
        lists = ", ".join(
            _("{list} of {date}").format(
                list=_list(r.list_id, short=True), date=formats.date(r.list_version or "")
            )
            if r.list_version
            else _list(r.list_id, short=True)
            for r in records
        )
        when = formats.date_time(max((r.screened_at or "" for r in records), default="")[:16])
        found = sum(len(r.hits) for r in records)
        hits = ngettext("{count} hit", "{count} hits", found).format(count=found) if found else _("no hit")
        return _("{name}: screened against {lists} on {when} (UTC): {hits}.").format(
            name=p.name, lists=lists, when=when, hits=hits
        )

    def _show(self, n: int, ref: HitRef) -> None:
        hit, record = ref.hit, ref.record
        why = self.whys.get((record.name, record.list_id, hit.entry), "")
        if not is_current(self.dw.dossier, record):
            why = _("confirmed when the party was called “{name}”").format(name=record.name)
        cells = (
            _list(record.list_id, short=True),
            hit.entry,
            hit.name,
            "" if hit.score is None else formats.number(hit.score, 2),
            _(HIT_DECISION_WORDS[hit.disposition])
            if hit.disposition in HIT_DECISION_WORDS
            else hit.disposition,
            hit.note or "",
            why,
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column == 0:  # the list's full title and the version screened against
                item.setToolTip(
                    _("{list}, version {version}").format(
                        list=_list(record.list_id), version=record.list_version or _("not given")
                    )
                )
            if column == 4 and hit.disposition == contract.HIT_OPEN:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.hits.setItem(n, column, item)

    def _update_buttons(self) -> None:
        d = self.dw.dossier
        row = self.selected()
        named = row is not None and 0 <= row < len(d.parties) and bool((d.parties[row].name or "").strip())
        running = self.operation is not None and not self.operation.is_over()
        writable = not self.read_only and not running
        self.screen_button.setEnabled(writable and named)
        self.screen_all_button.setEnabled(writable and any((p.name or "").strip() for p in d.parties))
        self.decide_button.setEnabled(writable and self._current_ref() is not None)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._update_buttons()

    def _current_ref(self) -> HitRef | None:
        rows = self.hits.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.refs):
            return None
        return self.refs[rows[0].row()]

    # -- screening ----------------------------------------------------------------------------

    def screen_parties(self, all_parties: bool) -> Operation | None:
        """Screen the selected party (or all) in the background; the wizard follows the change."""
        row = self.selected()
        if self.read_only or (not all_parties and row is None):
            return None
        parties = None if all_parties or row is None else [row]
        did = self.dw.dossier_id

        def work(job: Operation) -> Any:
            return job.workbook.screen_dossier(did, parties=parties, progress=job.progress)

        def done(result: Any) -> None:
            for found in result.parties:
                self._remember(found.name, found.hits)
            self.load()

        self.operation = self.dw.ops.background(
            work,
            path=self.dw.wb.path,
            title=_("Not screened"),
            label=_("Screening"),
            progress_title=_("Sanctions screening"),
            dossier=did,
            success=done,
            parent=self.window(),
        )
        self.operation.over.connect(self._update_buttons)
        self._update_buttons()
        return self.operation

    def _remember(self, name: str, hits: list[Hit]) -> None:
        for h in hits:
            self.whys[(name, h.list_id, h.entry_id)] = h.why

    def _explain_if_needed(self, d: Dossier, row: int | None) -> None:
        """Ask the workbook for the reasons of hits this window has none for (once per name)."""
        if row is None or not 0 <= row < len(d.parties):
            return
        name, country = d.parties[row].name, d.parties[row].country
        wanting = [r for r in self.refs if (r.record.name, r.record.list_id, r.hit.entry) not in self.whys]
        if not name or not wanting or (name, country) in self._asked or self.dw.wb.read_only:
            return
        self._asked.add((name, country))

        def work(job: Operation) -> list[Hit]:
            return job.workbook.screen_name(name, country)

        def explained(hits: list[Hit]) -> None:
            self._remember(name, hits)
            self.load()

        self.dw.ops.background(
            work,
            path=self.dw.wb.path,
            title=_("Reasons not found"),
            label=_("Finding the reasons of the hits"),
            progress="none",
            success=explained,
            failed=lambda _error: None,  # the reasons are a help; the hits are shown without them
            parent=self.window(),
        )

    # -- deciding -----------------------------------------------------------------------------

    def decide(self) -> DisposeDialog | None:
        """Open the dialog that records the decision on the selected hit."""
        ref = self._current_ref()
        if ref is None or self.read_only:
            return None
        d = self.dw.dossier
        why = self.whys.get((ref.record.name, ref.record.list_id, ref.hit.entry), "")
        self.dialog = DisposeDialog(_party_name(d, ref.party), ref, why, self.window())
        self.dialog.accepted.connect(lambda dialog=self.dialog: self._decided(dialog))
        self.dialog.open()
        return self.dialog

    def _decided(self, dialog: DisposeDialog) -> None:
        disposition = dialog.disposition()
        note = dialog.note.toPlainText().strip()
        if disposition is None or not note:
            return
        ref, wb, did = dialog.ref, self.dw.wb, self.dw.dossier_id
        self.dw.store_change(
            _("The decision could not be saved"),
            lambda: wb.dispose_hit(did, ref.party, ref.hit.entry, disposition, note, ref.record.list_id),
        )
        self.load()  # the window's own change re-reads its copy of the dossier, not the page
