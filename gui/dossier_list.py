"""The list of dossiers of the main window: its columns (declared once each, in ``COLUMNS``), the
model that reads it from the store a page at a time in any column's order, and the view, which says
in the list itself when there is nothing to show.

Sorting and searching are the store's (core.store.listing): the model asks for the first page of the
order clicked, and for the next page as the view scrolls, never for the whole list, so a workbook of
100,000 dossiers sorts as fast as one of 1,000 (tests/bench/bench_gui.py). A column is one
``Column``: its heading, the store's order it is sorted by, what a cell shows, a sample of its widest
text, and whether it gives way on a small screen. A column the store cannot sort by has no order:
clicking it leaves the list as it is.

A new column (such as the holds, or the authority's reply, which version 2 of the dossier format
added) is one ``Column`` here, showing a field of ``core.store.Summary`` (which the store's list
query, core.store.listing, then selects). To be sortable it names an order of the store, which is one
entry of core.store.listing (``KEYED`` for a value shown as words, ``_ORDERED`` for a text or number
of its own) with its index in a schema step.

This module is on the start-up path of the list: it imports only what showing the list needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QWidget

from core import countries
from core.content import Outcome, default_holds, default_outcomes
from core.i18n import N_, _, formats, ngettext
from core.store import DEFAULT_ORDER, Order, Summary
from core.words import REPLY_DECISION_WORDS, REPLY_KIND_WORDS

Index = QModelIndex | QPersistentModelIndex
# a page of the list: (the order, at most this many rows (None: all), after this row (None: from the start))
Fetch = Callable[[Order, int | None, Summary | None], list[Summary]]
STATUS_WORDS = {"draft": N_("Draft"), "final": N_("Finalised")}


def _outcome(outcomes: dict[str, Outcome], r: Summary) -> str:
    outcome = outcomes.get(r.outcome or "")
    return outcome.short if outcome else (r.outcome or "")


def _holds(_o: dict[str, Outcome], r: Summary) -> str:
    """How many holds a dossier has ("" when none): open in a draft, accepted in a finalised dossier."""
    if not r.holds:
        return ""
    if r.status == "final":
        return ngettext("{count} accepted", "{count} accepted", len(r.holds)).format(count=len(r.holds))
    return str(len(r.holds))


def _holds_tip(_o: dict[str, Outcome], r: Summary) -> str | None:
    """The holds named, one a line (the content's words, read when first shown)."""
    if not r.holds:
        return None
    words = default_holds()
    names = "\n".join(f"• {words[h].title}" if h in words else f"• {h}" for h in r.holds)
    lead = _("Accepted at sign-off:") if r.status == "final" else _("To settle before sign-off:")
    return f"{lead}\n{names}"


def _authority(_o: dict[str, Outcome], r: Summary, today: dt.date | None = None) -> str:
    """The authority's reply: how long a dossier has waited for a decision, or the decision."""
    if r.reply_kind is None:
        return ""
    decision = r.reply_decision
    if decision is not None and decision != "pending":
        return _(REPLY_DECISION_WORDS[decision]) if decision in REPLY_DECISION_WORDS else decision
    if r.reply_sent_on is None:
        return _("not sent yet")
    days = max(0, ((today or dt.date.today()) - dt.date.fromisoformat(r.reply_sent_on)).days)
    return ngettext("waiting {count} day", "waiting {count} days", days).format(count=days)


def _authority_tip(_o: dict[str, Outcome], r: Summary) -> str | None:
    if r.reply_kind is None:
        return None
    kind = _(REPLY_KIND_WORDS[r.reply_kind]) if r.reply_kind in REPLY_KIND_WORDS else r.reply_kind
    if r.reply_sent_on is None:
        return _("A {kind}, not sent yet").format(kind=kind)
    sent = _("A {kind}, sent on {date}").format(kind=kind, date=formats.date(r.reply_sent_on))
    decision = r.reply_decision
    if decision is None or decision == "pending" or decision not in REPLY_DECISION_WORDS:
        return sent
    return _("{sent}; the decision: {decision}").format(sent=sent, decision=_(REPLY_DECISION_WORDS[decision]))


class Column(NamedTuple):
    """One column of the list."""

    heading: str  # marked with N_, translated where shown
    order: str | None  # the store's list column it is sorted by (core.store.LIST_COLUMNS), None: not sortable
    cell: Callable[[dict[str, Outcome], Summary], str]  # what it shows for a dossier (given the outcomes)
    widest: Callable[[dict[str, Outcome]], str]  # a sample of its widest text, for its first width
    tip: Callable[[dict[str, Outcome], Summary], str | None] | None = None  # a tooltip, if any
    flexible: bool = False  # gives way (elided) when the title would have less than a third of the window


COLUMNS: tuple[Column, ...] = (
    Column(N_("Title"), "title", lambda _o, r: r.title, lambda _o: "", lambda _o, r: r.title),
    Column(
        N_("Reference"),
        "reference",
        lambda _o, r: r.reference or "",
        lambda _o: "REF-2026-00000",
        flexible=True,
    ),
    Column(
        N_("Destination"),
        "destination",
        # the name the workbook keeps is English: shown in the current language
        lambda _o, r: (
            countries.localised(r.destination_name) if r.destination_name else r.destination_country or ""
        ),
        lambda _o: countries.localised("United Arab Emirates"),
        flexible=True,
    ),
    Column(
        N_("Status"),
        "status",
        lambda _o, r: _(STATUS_WORDS[r.status]) if r.status in STATUS_WORDS else r.status,
        lambda _o: max((_(w) for w in STATUS_WORDS.values()), key=len),
    ),
    Column(
        N_("Outcome"),
        "outcome",
        _outcome,
        lambda o: max((x.short for x in o.values()), key=len),
        lambda o, r: o[r.outcome].title if r.outcome in o else None,
        flexible=True,
    ),
    Column(
        N_("Holds"),
        "holds",
        _holds,
        lambda _o: ngettext("{count} accepted", "{count} accepted", 10).format(count=10),
        _holds_tip,
    ),
    Column(
        N_("Authority"),
        "authority",
        _authority,
        # as wide as a long wait; a longer decision is cut short, and said in full in the tooltip
        lambda _o: ngettext("waiting {count} day", "waiting {count} days", 365).format(count=365),
        _authority_tip,
        flexible=True,
    ),
    Column(
        N_("Last change"),
        "updated",
        lambda _o, r: formats.date_time(r.updated),
        lambda _o: formats.date_time("2026-12-31T23:59"),
    ),
)
LAST_CHANGE = next(i for i, c in enumerate(COLUMNS) if c.order == "updated")
# the store's own order, as the view shows it: most recently changed first
DEFAULT_SORT = (LAST_CHANGE, Qt.SortOrder.DescendingOrder)


class DossierTableModel(QAbstractTableModel):
    """The dossier list, read a page at a time as the view scrolls (``canFetchMore``/``fetchMore``) in
    the order of the column last sorted by (the store sorts), so that a workbook of any size opens,
    sorts and searches at once."""

    PAGE = 200

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Summary] = []
        self._fetch: Fetch | None = None
        self._complete = True
        self._order: Order = DEFAULT_ORDER
        self._sort: tuple[int, Qt.SortOrder] = DEFAULT_SORT
        self.outcomes: dict[str, Outcome] = dict(default_outcomes())

    def retranslate(self) -> None:
        """The headings and the outcomes' names (the content's) in the current language; the rows'
        texts follow when the list is next read (MainWindow.refresh)."""
        self.outcomes = dict(default_outcomes())
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def words(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """The words the list shows for outcomes and statuses, for the store to sort and search by."""
        return {
            "outcomes": {o.id: (o.short, o.title) for o in self.outcomes.values()},
            "statuses": {status: (_(word),) for status, word in STATUS_WORDS.items()},
        }

    def load(self, fetch: Fetch | None, at_least: int = 0) -> None:
        """Show the rows ``fetch`` gives (None: none), at least ``at_least`` of them when there are
        so many (the rows shown before, so that the view can stay where it was)."""
        self.beginResetModel()
        self._fetch = fetch
        self._rows = []
        self._complete = fetch is None
        pages = max(1, -(-at_least // self.PAGE))
        self._read(self.PAGE * pages, announce=False)
        self.endResetModel()

    def _read(self, limit: int | None, announce: bool = True) -> None:
        """Read the next ``limit`` rows (None: all the rest) in the list's order."""
        if self._complete or self._fetch is None:
            return
        rows = self._fetch(self._order, limit, self._rows[-1] if self._rows else None)
        self._complete = limit is None or len(rows) < limit
        if not rows:
            return
        if announce:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
        self._rows += rows
        if announce:
            self.endInsertRows()

    def read_all(self) -> None:
        """Read the rest of the list now."""
        self._read(None)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid():
            self._read(self.PAGE)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def summary(self, row: int) -> Summary:
        return self._rows[row]

    def row_of(self, dossier_id: str, within: int | None = None) -> int:
        """The row of a dossier (reading on until it is found, up to ``within`` rows: None, all), or -1."""
        found = next((i for i, r in enumerate(self._rows) if r.id == dossier_id), -1)
        while found < 0 and not self._complete and (within is None or len(self._rows) < within):
            start = len(self._rows)
            self._read(self.PAGE if within is not None else None)
            found = next((i for i, r in enumerate(self._rows[start:], start) if r.id == dossier_id), -1)
        return found

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.cell(self.outcomes, r)
        if role == Qt.ItemDataRole.ToolTipRole and column.tip is not None:
            return column.tip(self.outcomes, r)
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return _(COLUMNS[section].heading)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Show the list in a column's order, from its first page (the store sorts)."""
        if (column, order) == self._sort or not 0 <= column < len(COLUMNS) or COLUMNS[column].order is None:
            return
        self._sort = (column, order)
        self._order = Order(COLUMNS[column].order or "updated", order == Qt.SortOrder.DescendingOrder)
        if self._fetch is not None:
            self.load(self._fetch)

    def widest(self, column: int) -> str:
        """A sample of the widest text the column holds, for its initial width."""
        return max(COLUMNS[column].widest(self.outcomes), _(COLUMNS[column].heading), key=len)


class DossierTable(QTableView):
    """The list's view: End (Ctrl+End) goes to the last dossier, reading the rest of the list first;
    when the list is empty it says why, in the list itself (``set_empty_text``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty = QLabel(self.viewport())
        self.empty.setObjectName("empty_list")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.empty.hide()
        self.viewport().installEventFilter(self)
        self._empty_text = ""

    def set_empty_text(self, text: str) -> None:
        """What the list says when it shows no dossier ("" says nothing)."""
        self._empty_text = text
        self.update_empty()

    def update_empty(self) -> None:
        model = self.model()
        shown = bool(self._empty_text) and (model is None or model.rowCount() == 0)
        self.empty.setText(self._empty_text)
        self.empty.setVisible(shown)
        if shown:
            area = self.viewport().rect().adjusted(24, 24, -24, -24)
            self.empty.setGeometry(area)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            self.update_empty()
        return super().eventFilter(watched, event)

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        model = self.model()
        if action == QAbstractItemView.CursorAction.MoveEnd and isinstance(model, DossierTableModel):
            model.read_all()
        return super().moveCursor(action, modifiers)
