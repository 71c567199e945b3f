"""The dossier list as people see it: ordered by any of its columns, searched, and read a page at a
time, all done by SQLite, so that sorting or searching a workbook of 100,000 dossiers reads the 200
rows shown and no more (tests/bench/bench_gui.py).

The order. Each column has an index that gives its order (schema step m006): the title and the
reference without regard to case (``COLLATE NOCASE``), the last change by time; dossiers alike in
the column are in the order of their titles (but for the last change), then of their ids. The
destination, the status and the outcome are shown as words (a country's name, "Draft", an outcome's
short title) whose order depends on the language and the content, not on the codes stored; for
them the store keeps, on its own connection, a small table of the values with their rank in the
order of the words shown (``temp.list_keys``, a temporary table: nothing is written to the workbook,
so a read-only workbook sorts too, and two programs in two languages each have their own). A page
is then read by walking that table in rank order and, for each value, the dossiers that have it
through the column's index: SQLite stops as soon as the page is full. Whoever shows the list gives
the words it shows (``set_words``); by default they are the content's outcome texts in the current
language, the country names the workbook keeps for the list (m004) and the status codes.

Pages. A page is asked for after the last row of the page before (keyset paging: the sort key and
the id of that row), never by an offset, so that a page deep in the list costs what the first costs.
A descending order is the ascending one reversed, id included.

Search. Every word must match, as the start of a word (a prefix, without regard to case or accents)
of the title, reference, item or party names (the full-text index, m002), of the destination's name
as shown, of the outcome's short or long title, or of the status as shown. When a search matches
many dossiers the rows are read in the order's index and tested against the matches (the first page
is found after a few hundred rows); when it matches few, the matches are read and sorted: which one,
the number of matches decides (``MANY``; it is counted anyway, for "12 of 100,000 dossiers"). Neither
reads more of a large workbook than it must (tests/test_opening.py counts the bytes read).

The records: the finalised dossiers by the end of their retention (``records``, ``record_counts``),
for the desktop program's Tools > Records and retention.

Imports the basics, the results and the handle; the content's outcome texts on first use.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from core.store.handle import Handle, guarded
from core.store.results import Record, Summary

COLUMNS = ("title", "reference", "destination", "status", "outcome", "holds", "authority", "updated")


class Order(NamedTuple):
    """A list order: one of ``COLUMNS``, ascending or descending."""

    column: str = "updated"
    descending: bool = True


DEFAULT_ORDER = Order("updated", True)  # most recently changed first: the store's own order

# the columns ordered by the words they are shown as, and the dossiers column each holds
KEYED = {"destination": "destination_country", "status": "status", "outcome": "outcome"}
# the columns ordered by their own text: the expression of each (as its index has it)
_TITLE = "d.title COLLATE NOCASE"
# the number of holds, and the authority's reply: no reply first (ascending), then those waiting for
# a decision (sent longest ago first), those recorded but not sent yet, then the decisions (by code)
_HOLDS = "coalesce(json_array_length(d.holds), 0)"
_AUTHORITY = (
    "CASE WHEN d.authority_reply_kind IS NULL THEN NULL "
    "WHEN coalesce(d.authority_reply_decision, 'pending') <> 'pending' "
    "THEN '3' || d.authority_reply_decision "
    "WHEN d.authority_reply_sent_on IS NULL THEN '2' ELSE '1' || d.authority_reply_sent_on END"
)
_ORDERED = {
    "title": _TITLE,
    "reference": "d.reference COLLATE NOCASE",
    "holds": _HOLDS,
    "authority": _AUTHORITY,
    "updated": "d.updated_at",
}
_NULLABLE = ("reference", "authority")  # the orders whose first term may be missing (NULL)
_SELECT = (
    "SELECT d.id, d.title, d.reference, d.destination_country, n.name, d.status, d.outcome, "
    "d.updated_at, d.fingerprint, d.holds, d.authority_reply_kind, d.authority_reply_sent_on, "
    "d.authority_reply_decision"
)
_COUNTRY = "LEFT JOIN country_names n ON n.code = d.destination_country"
# More matches than this: read the rows in the order's index and test each (with N dossiers, about
# 200 * N / matches rows are read for a page of 200); fewer: read the matches and sort them.
MANY = 2000


class _Words:
    """What one open workbook's list shows for the keyed columns: for each (``KEYED``), each value's
    texts (the first is the one shown and sorted by, the others are found by search too), and which
    columns' ranks are in its temporary table."""

    def __init__(self) -> None:
        self.texts: dict[str, dict[str | None, tuple[str, ...]]] = {}
        self.given: set[str] = set()  # the columns whose words were given (set_words)
        self.ranks: dict[str, dict[str | None, int]] = {}  # as written to temp.list_keys
        self.tokens: dict[str, dict[str | None, str]] = {}  # the texts as folded words, for search
        # the last counts (None: of all dossiers; else of a search's matches), each with its moment
        self.counted: dict[str | None, tuple[tuple[int, int], int]] = {}


_WORDS: weakref.WeakKeyDictionary[Handle, _Words] = weakref.WeakKeyDictionary()


def _words(wb: Handle) -> _Words:
    state = _WORDS.get(wb)
    if state is None:
        state = _WORDS[wb] = _Words()
    return state


# -- the words shown ---------------------------------------------------------------------------------


def set_words(
    wb: Handle,
    *,
    outcomes: Mapping[str, Sequence[str]] | None = None,
    statuses: Mapping[str, Sequence[str]] | None = None,
    countries: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """The words the list shows for outcome ids, status codes and country codes (the first text of
    each is shown and sorted by; all are found by search). What is not given keeps the default."""
    state = _words(wb)
    for column, given in (("outcome", outcomes), ("status", statuses), ("destination", countries)):
        if given is not None:
            state.texts[column] = {value: tuple(texts) for value, texts in given.items()}
            state.given.add(column)
        elif column in state.given:
            continue
        else:  # the default, read again: in the current language (core.i18n), which may have changed
            state.texts.pop(column, None)
        state.ranks.pop(column, None)
        state.tokens.pop(column, None)
    state.counted.clear()


def _texts(wb: Handle, column: str) -> dict[str | None, tuple[str, ...]]:
    """The words of a keyed column's values: those given, else the defaults."""
    state = _words(wb)
    if column not in state.texts:
        if column == "outcome":
            from core.content import default_outcomes

            state.texts[column] = {o.id: (o.short, o.title) for o in default_outcomes().values()}
        elif column == "destination":
            from core.countries import localised

            # shown in the current language (the English name kept, and found by search, too)
            state.texts[column] = {
                code: tuple(dict.fromkeys((localised(name), name)))
                for code, name in wb.conn.execute("SELECT code, name FROM country_names")
            }
        else:
            state.texts[column] = {"draft": ("draft",), "final": ("final",)}
    return state.texts[column]


def _shown(texts: Mapping[str | None, tuple[str, ...]], value: str | None) -> str:
    """What the list shows for a value: its first text, else the value itself ("" for none)."""
    found = texts.get(value)
    return found[0] if found else (value or "")


def folded(text: str) -> str:
    """A text as search compares it: its words, without case or accents, one space apart (as the
    full-text index's tokenizer, unicode61 with diacritics removed, reads them)."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", plain.casefold()))


def _distinct(conn: sqlite3.Connection, column: str) -> set[str | None]:
    """The values a dossiers column holds, found through its index (one step per value)."""
    values: set[str | None] = {
        r[0]
        for r in conn.execute(
            f"WITH RECURSIVE v(x) AS (SELECT min({column}) FROM dossiers UNION ALL "
            f"SELECT (SELECT min({column}) FROM dossiers WHERE {column} > v.x) FROM v WHERE v.x IS NOT NULL) "
            "SELECT x FROM v WHERE x IS NOT NULL"
        )
    }
    if conn.execute(f"SELECT 1 FROM dossiers WHERE {column} IS NULL LIMIT 1").fetchone():
        values.add(None)
    return values


def _ranked(wb: Handle, column: str) -> dict[str | None, int]:
    """The rank of each value of a keyed column in the order of the words shown, with every value the
    workbook holds now (a value without words is shown, and sorted, as itself); written to the
    connection's temporary table when it changed."""
    state = _words(wb)
    texts = _texts(wb, column)
    held = _distinct(wb.conn, KEYED[column])
    ranks = state.ranks.get(column)
    if ranks is not None and held <= ranks.keys():
        return ranks
    known = held | texts.keys() | (ranks or {}).keys()  # a value once ranked keeps a rank
    values = sorted(known, key=lambda v: (folded(_shown(texts, v)), _shown(texts, v), v or ""))
    ranks = {value: rank for rank, value in enumerate(values)}
    conn = wb.conn
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS list_keys (kind TEXT NOT NULL, value TEXT, rank INTEGER NOT NULL)"
    )
    conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS temp.list_keys_rank ON list_keys (kind, rank)")
    conn.execute("DELETE FROM temp.list_keys WHERE kind = ?", (column,))
    conn.executemany(
        "INSERT INTO temp.list_keys (kind, value, rank) VALUES (?, ?, ?)",
        [(column, value, rank) for value, rank in ranks.items()],
    )
    state.ranks[column] = ranks
    return ranks


def _matching(wb: Handle, column: str, word: str) -> list[str]:
    """The values of a keyed column whose words (or the value itself) have a word starting with
    ``word``, as a search box reads it."""
    state = _words(wb)
    tokens = state.tokens.get(column)
    if tokens is None:
        tokens = state.tokens[column] = {
            value: " " + " ".join(folded(t) for t in (*texts, value or ""))
            for value, texts in _texts(wb, column).items()
        }
    wanted = folded(word)
    if not wanted:
        return []
    return sorted(v for v, t in tokens.items() if v is not None and f" {wanted}" in t)


# -- search ----------------------------------------------------------------------------------------


def match_terms(words: Iterable[str]) -> str:
    """Words as a full-text query: every word, as a prefix, quoted (no operators)."""
    return " ".join('"' + t.replace('"', '""') + '"*' for t in words)


def _search(wb: Handle, query: str | None, test_only: bool) -> tuple[list[str], list[Any]]:
    """The conditions (all to hold) and their parameters for a search's words. ``test_only``: written
    so that SQLite tests each row against them rather than reading the matches first."""
    plus = "+" if test_only else ""
    only_text: list[str] = []
    conditions: list[str] = []
    params: list[Any] = []
    text = f"{plus}d.rowid IN (SELECT rowid FROM dossiers_fts WHERE dossiers_fts MATCH ?)"
    for word in (query or "").split():
        branches = [(KEYED[c], _matching(wb, c, word)) for c in KEYED]
        branches = [(column, values) for column, values in branches if values]
        if not branches:
            only_text.append(word)
            continue
        ors = [text] + [f"{plus}d.{col} IN ({', '.join('?' * len(values))})" for col, values in branches]
        conditions.append("(" + " OR ".join(ors) + ")")
        params += [match_terms([word]), *[v for _col, values in branches for v in values]]
    if only_text:  # one full-text query for the words found in the text alone
        conditions.insert(0, text)
        params.insert(0, match_terms(only_text))
    return conditions, params


@guarded
def count(wb: Handle, query: str | None = None) -> int:
    """How many dossiers there are; with ``query``, how many match it. Counted again only when the
    workbook has changed (here or in another program) since it was last counted: the list asks for
    both at every refresh, and counting 100,000 rows takes milliseconds."""
    conn = wb.conn
    searched = query if query and query.strip() else None
    state = _words(wb)
    moment = (conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0])
    known = state.counted.get(searched)
    if known is not None and known[0] == moment:
        return known[1]
    params: list[Any] = []
    if searched is None:
        sql = "SELECT count(*) FROM dossiers"
    else:
        conditions, params = _search(wb, searched, test_only=False)
        if len(conditions) == 1 and conditions[0].startswith("d.rowid IN"):  # the full-text index alone
            sql = "SELECT count(*) FROM dossiers_fts WHERE dossiers_fts MATCH ?"
        else:
            sql = "SELECT count(*) FROM dossiers d WHERE " + " AND ".join(conditions)
    found = int(conn.execute(sql, params).fetchone()[0])
    if len(state.counted) > 8:
        state.counted.clear()
    state.counted[searched] = (moment, found)
    return found


# -- pages -----------------------------------------------------------------------------------------


def _after(terms: Sequence[tuple[str, Any]], descending: bool, nullable: bool) -> tuple[str, list[Any]]:
    """The condition "after this row" in an order of ``terms`` (expression, the row's value), all
    ascending or all descending; a missing value (NULL) comes first in ascending order, as in SQLite.
    Led by a bound on the first term (where ``nullable`` allows it) that SQLite seeks in its index."""
    ors: list[str] = []
    params: list[Any] = []
    lead, first = terms[0]
    bound = ""
    if first is not None and not (descending and nullable):
        bound = f"{lead} {'<=' if descending else '>='} ? AND "
        params.append(first)
    for i, (expr, value) in enumerate(terms):
        ands: list[str] = []
        for before, known in terms[:i]:
            ands.append(f"{before} IS NULL" if known is None else f"{before} = ?")
            params += [] if known is None else [known]
        if value is None:
            if descending:
                continue  # nothing comes after a missing value going down
            ands.append(f"{expr} IS NOT NULL")
        elif descending:
            ands.append(f"({expr} < ? OR {expr} IS NULL)")
            params.append(value)
        else:
            ands.append(f"{expr} > ?")
            params.append(value)
        ors.append("(" + " AND ".join(ands) + ")")
    return f"{bound}(" + (" OR ".join(ors) or "0") + ")", params


def _order_terms(wb: Handle, order: Order, after: Summary | None) -> tuple[str, list[tuple[str, Any]]]:
    """The joins an order needs, and its terms (expression, the value of ``after`` in it): the
    column's, then (but for the title and the last change) the title's, then the id's."""
    title = after.title if after else None
    last = ("d.id", after.id if after else None)
    if order.column in KEYED:
        ranks = _ranked(wb, order.column)
        column = KEYED[order.column]
        rank = None if after is None else ranks.get(getattr(after, column), -1)
        join = (
            f"temp.list_keys k CROSS JOIN dossiers d ON d.{column} IS k.value AND k.kind = '{order.column}'"
        )
        return join, [("k.rank", rank), (_TITLE, title), last]
    if order.column == "title":
        return "dossiers d", [(_TITLE, title), last]
    if order.column in ("reference", "holds", "authority"):
        return "dossiers d", [(_ORDERED[order.column], _key(order.column, after)), (_TITLE, title), last]
    return "dossiers d", [(_ORDERED["updated"], after.updated if after else None), last]


@guarded
def page(
    wb: Handle,
    query: str | None = None,
    *,
    order: Order = DEFAULT_ORDER,
    limit: int | None = None,
    after: Summary | None = None,
) -> list[Summary]:
    """The dossiers in ``order`` (with ``query``, those that match it), at most ``limit`` of them,
    after the row ``after`` (the last of the page before; None: from the start)."""
    if order.column not in COLUMNS:
        raise ValueError(f"no list column {order.column!r}")
    source, terms = _order_terms(wb, order, after)
    where: list[str] = []
    params: list[Any] = []
    searching = bool(query and query.strip())
    few = searching and count(wb, query) <= MANY
    if searching:
        where, params = _search(wb, query, test_only=not few)
    if few:  # the matches first (no index gives their order: "+"), then sorted
        source = source.replace(
            "temp.list_keys k CROSS JOIN dossiers d", "dossiers d CROSS JOIN temp.list_keys k"
        )
        terms = [(f"+{expr}" if expr != "d.id" else expr, value) for expr, value in terms]
    if after is not None:
        condition, values = _after(terms, order.descending, nullable=order.column in _NULLABLE)
        where.append(condition)
        params += values
    direction = " DESC" if order.descending else ""
    sql = f"{_SELECT} FROM {source} {_COUNTRY}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY " + ", ".join(f"{expr}{direction}" for expr, _value in terms)
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_summary(r) for r in wb.conn.execute(sql, params)]


# -- the records -------------------------------------------------------------------------------------


@guarded
def records(
    wb: Handle,
    *,
    deletable_only: bool = False,
    limit: int | None = None,
    after: Record | None = None,
    today: dt.date | None = None,
) -> list[Record]:
    """The finalised dossiers, those whose retention ends first first (then by id), a page at a time;
    ``deletable_only``: those whose retention has ended by ``today`` (they may be deleted: the store
    refuses the others, core.store.lifecycle.deletion_refusal)."""
    day = (today or dt.date.today()).isoformat()
    where = ["status = 'final'"]
    params: list[Any] = [day]
    if deletable_only:
        where.append("retention_until < ?")
        params.append(day)
    if after is not None:
        condition, values = _after(
            [("retention_until", after.retention_until), ("id", after.id)], False, True
        )
        where.append(condition)
        params += values
    sql = (
        # the export year is that of the actual export date once recorded (the retention follows it)
        "SELECT id, title, reference, signed_name, signed_role, signed_date, "
        "coalesce(CAST(substr(transaction_export_date, 1, 4) AS INTEGER), export_year), retention_until, "
        "coalesce(retention_until < ?, 0) FROM dossiers WHERE " + " AND ".join(where) + " ORDER BY "
        "retention_until, id"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [
        Record(
            id=r[0],
            title=r[1],
            reference=r[2],
            signed_name=r[3],
            signed_role=r[4],
            signed_date=r[5],
            export_year=r[6],
            retention_until=r[7],
            deletable=bool(r[8]),
        )
        for r in wb.conn.execute(sql, params)
    ]


@guarded
def record_counts(wb: Handle, today: dt.date | None = None) -> tuple[int, int]:
    """How many dossiers are finalised, and how many of them may be deleted (retention ended)."""
    day = (today or dt.date.today()).isoformat()
    finalised, deletable = wb.conn.execute(
        "SELECT count(*), coalesce(sum(retention_until < ?), 0) FROM dossiers WHERE status = 'final'", (day,)
    ).fetchone()
    return int(finalised), int(deletable)


def _key(column: str, r: Summary | None) -> Any:
    """The value of a row in the order of ``column`` (as ``_ORDERED``'s expression gives it)."""
    if r is None:
        return None
    if column == "reference":
        return r.reference
    if column == "holds":
        return len(r.holds)
    if r.reply_kind is None:
        return None
    if (r.reply_decision or "pending") != "pending":
        return "3" + str(r.reply_decision)
    return "2" if r.reply_sent_on is None else "1" + r.reply_sent_on


def _summary(row: tuple[Any, ...]) -> Summary:
    """A row of ``_SELECT`` as a ``Summary``: its holds kept as JSON (empty when none)."""
    holds = row[9]
    return Summary._make((*row[:9], () if holds in (None, "[]") else tuple(json.loads(holds)), *row[10:13]))
