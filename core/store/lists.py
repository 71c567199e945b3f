"""Sanctions lists in the workbook (issue 13; DESIGN.md sections 5 and 6): a list file imported
(``import_list``) is kept as its entries (``sanctions_entries``: one row per entry, the JSON of
``ListEntry.to_dict()``, in the file's order) and its index rows (``sanctions_index``: one per
searchable form, ``core.screening.IndexRow``), with one row saying what it is (``sanctions_lists``:
list id, the file's own version, format, file name and SHA-256, counts, when it was imported).

Importing a newer version of a list replaces the earlier one in one transaction: a file that cannot be
read, or a version older than the one kept, changes nothing. Each import is journaled (action
``lists_import``, field the list id, old and new: the list's version, entries, names, format, file and
its SHA-256), so the record says which version of which list each screening used. Dossiers whose
screening records name another version of a list than the one kept are the dossiers to screen again
(``rescreen``): drafts only, since a finalised dossier cannot be changed.

``screening_index`` gives the index of every list kept, loaded from its rows without normalising a
name; it is kept in memory for the next call while the lists are the same (the desktop program's
worker threads each open a connection of their own). Rows made by another version of the normaliser
are built again from the entries and stored again (they are derived data: not journaled).

Start-up: the dossier list needs nothing of this but ``stored_lists`` (plain SQL); the screening
engine is imported when a list is read, imported or searched, in the functions that use it (not
with ``lazy_import``: a package loaded lazily whose ``__init__`` imports its own modules can end up
with two copies of one of them).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from core.i18n import _
from core.lazy import lazy_import
from core.store import journal
from core.store.common import now, to_json
from core.store.errors import StoreError
from core.store.handle import Handle, guarded

if TYPE_CHECKING:
    import hashlib

    from core import files
    from core.screening import SanctionsList, ScreeningIndex
else:  # loaded when a list is first read, imported or searched (start-up)
    hashlib = lazy_import("hashlib")
    files = lazy_import("core.files")

Progress = Callable[[str], object]


class StoredList(NamedTuple):
    """A sanctions list kept in the workbook: its id (``eu_fsf``, ``un_sc``), the file's own version
    (generation date-time), the reader that read it, the file's name and SHA-256, how many entries
    and names it holds, and when it was imported (UTC, ISO 8601)."""

    list_id: str
    version: str
    source_format: str
    file_name: str
    sha256: str
    entries: int
    names: int
    imported_at: str


class Rescreen(NamedTuple):
    """A draft screened against another version of a list than the one kept now: its id, its title
    and the lists it should be screened against again."""

    dossier_id: str
    title: str
    lists: tuple[str, ...]


class ListImport(NamedTuple):
    """What an import did: the list as now kept, the version it replaced (None: none was kept), and
    the drafts screened against another version of this list (to screen again)."""

    stored: StoredList
    replaced: str | None
    rescreen: list[Rescreen]


_LIST_COLUMNS = "list_id, version, source_format, file_name, sha256, entries, names, imported_at"


# -- reading ------------------------------------------------------------------------------------


@guarded
def stored_lists(wb: Handle) -> list[StoredList]:
    """The lists kept in the workbook, by list id."""
    return [
        StoredList(*r)
        for r in wb.conn.execute(f"SELECT {_LIST_COLUMNS} FROM sanctions_lists ORDER BY list_id")
    ]


def _stored(conn: sqlite3.Connection, list_id: str) -> StoredList | None:
    row = conn.execute(
        f"SELECT {_LIST_COLUMNS} FROM sanctions_lists WHERE list_id = ?", (list_id,)
    ).fetchone()
    return None if row is None else StoredList(*row)


@guarded
def rescreen(wb: Handle, list_id: str | None = None) -> list[Rescreen]:
    """The drafts that have a screening record naming another version of a kept list than the one
    kept now (of ``list_id`` only, when given), most recently changed first."""
    # the stale records first (one pass over the records), then their dossiers: a few milliseconds for
    # 10,000 dossiers of six records each, so that the main window may ask at every change
    sql = (
        "WITH stale AS (SELECT DISTINCT s.dossier_id, s.list_id FROM screening_records s "
        "JOIN sanctions_lists l ON l.list_id = s.list_id WHERE s.list_version IS NOT l.version"
        + (" AND s.list_id = ?" if list_id is not None else "")
        + ") SELECT st.dossier_id, d.title, st.list_id FROM stale st JOIN dossiers d ON d.id = st.dossier_id "
        "WHERE d.status = 'draft' ORDER BY d.updated_at DESC, d.id DESC, st.list_id"
    )
    found: dict[str, Rescreen] = {}
    for did, title, lid in wb.conn.execute(sql, () if list_id is None else (list_id,)):
        before = found.get(did)
        found[did] = Rescreen(did, title, (*before.lists, lid) if before else (lid,))
    return list(found.values())


# -- importing ----------------------------------------------------------------------------------


def _when(version: str) -> tuple[dt.date, dt.datetime | None] | None:
    """A list's version as a date, and as a moment when it has a time (None: not a date)."""
    try:
        day = dt.date.fromisoformat(version[:10])
    except ValueError:
        return None
    moment = None
    if len(version) > 10:
        try:
            moment = dt.datetime.fromisoformat(version)
        except ValueError:
            moment = None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return day, moment


def is_older(version: str, than: str) -> bool:
    """Whether the list version ``version`` is older than ``than``: an earlier day, or on the same
    day an earlier moment when both give one (the EU's CSV gives the day alone: the CSV and the XML
    of one day are the same version as far as this can tell)."""
    a, b = _when(version), _when(than)
    if a is None or b is None:
        return False
    if a[0] != b[0]:
        return a[0] < b[0]
    return a[1] is not None and b[1] is not None and a[1] < b[1]


@guarded
def import_list(wb: Handle, path: Path, progress: Progress | None = None) -> ListImport:
    """Import a sanctions list file (DESIGN.md section 6), replacing the earlier version of the same
    list; ``core.screening.ListFileError`` for a file that cannot be read, ``StoreError`` for a version
    older than the one kept. Reading and indexing happen before the write; the write is one
    transaction."""
    from core import screening as _screening  # at first use (start-up); see the module

    step = progress or (lambda _step: None)
    step(_("reading the file"))
    data = _screening.read_list_data(path)
    sanctions = _screening.parse_list(data, path)
    digest = hashlib.sha256(data).hexdigest()
    del data
    step(_("indexing {count} names").format(count=sanctions.name_count))
    rows = _screening.ScreeningIndex.build([sanctions]).rows()
    step(_("storing the list"))
    stored = StoredList(
        sanctions.list_id,
        sanctions.version,
        sanctions.source_format,
        Path(path).name,
        digest,
        len(sanctions.entries),
        sanctions.name_count,
        now(),
    )
    with wb._write():
        old = _stored(wb.conn, sanctions.list_id)
        if old is not None and is_older(sanctions.version, old.version):
            raise StoreError(
                _(
                    "{file}: this {list} file is of {version}, older than the version the workbook "
                    "holds ({kept}); nothing was changed"
                ).format(
                    file=files.printable(path),
                    list=sanctions.list_id,
                    version=sanctions.version,
                    kept=old.version,
                )
            )
        _replace(wb.conn, sanctions, stored, rows)
        before = None
        if old is not None:
            before = _described(old)
            if recorded := _recorded(wb.conn, old.list_id):
                before.update({k: v for k, v in recorded.items() if k == "entries_sha256"})
        journal.append(
            wb.conn,
            wb.actor,
            None,
            "lists_import",
            sanctions.list_id,
            None if before is None else to_json(before),
            # the digest of the entries as stored: verify finds them changed afterwards
            to_json(
                {
                    **_described(stored),
                    "entries_sha256": entries_digest(wb.conn, sanctions.list_id),
                    "index_sha256": index_digest(wb.conn, sanctions.list_id),
                    "index_version": _screening.NORMALISER_VERSION,
                }
            ),
            fingerprint=None,
        )
        again = rescreen(wb, sanctions.list_id)
    return ListImport(stored, None if old is None else old.version, again)


def _described(s: StoredList) -> dict[str, object]:
    """What the journal records of a list: which list, which version, how many entries, from which file."""
    return {
        "list": s.list_id,
        "version": s.version,
        "entries": s.entries,
        "names": s.names,
        "format": s.source_format,
        "file": s.file_name,
        "sha256": s.sha256,
    }


def entries_digest(conn: sqlite3.Connection, list_id: str) -> str:
    """The SHA-256 of a list's entries as stored (id, position, kind and data of each, in order)."""
    h = hashlib.sha256()
    for row in conn.execute(
        "SELECT entry_id, position, kind, data FROM sanctions_entries WHERE list_id = ? ORDER BY position",
        (list_id,),
    ):
        h.update(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"))
        h.update(b"\n")
    return h.hexdigest()


def index_digest(conn: sqlite3.Connection, list_id: str) -> str:
    """The SHA-256 of a list's index rows as stored, in the order of their values (not of their
    rowids, which a VACUUM may change)."""
    h = hashlib.sha256()
    for row in conn.execute(
        "SELECT entry_id, name_pos, form, tokens, scripts, version FROM sanctions_index WHERE list_id = ? "
        "ORDER BY entry_id, name_pos, form, tokens, scripts, version",
        (list_id,),
    ):
        h.update(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"))
        h.update(b"\n")
    return h.hexdigest()


def _recorded(conn: sqlite3.Connection, list_id: str) -> dict[str, Any] | None:
    """What the last import of ``list_id`` journaled of it (None: no import was journaled)."""
    row = conn.execute(
        "SELECT new FROM journal WHERE action = 'lists_import' AND field = ? ORDER BY seq DESC LIMIT 1",
        (list_id,),
    ).fetchone()
    if row is None:
        return None
    try:
        recorded = json.loads(row[0] or "null")
    except ValueError:
        return {}
    return recorded if isinstance(recorded, dict) else {}


def list_problems(wb: Handle) -> Iterator[str]:
    """What ``verify`` finds of the sanctions lists kept: a list whose row is not what its last
    journaled import recorded (version, counts, file and its SHA-256), or whose entries or index rows
    no longer give the digests that import recorded (imports since the digests are journaled; the
    index rows while they are those of the normaliser that made them: derived, but a row removed would
    make its name never found again). Reads with cursors: memory does not grow with the list."""
    for s in stored_lists(wb):
        recorded = _recorded(wb.conn, s.list_id)
        name = _("sanctions list {list}").format(list=s.list_id)
        if recorded is None:
            yield _("{name}: no import of it is journaled: changed outside ddworkbook").format(name=name)
            continue
        described = _described(s)
        if any(recorded.get(k) != v for k, v in described.items()):
            yield _(
                "{name}: it is not what its last import recorded in the journal: changed outside ddworkbook"
            ).format(name=name)
            continue
        counted = wb.conn.execute(
            "SELECT count(*) FROM sanctions_entries WHERE list_id = ?", (s.list_id,)
        ).fetchone()[0]
        digest = recorded.get("entries_sha256")
        if counted != s.entries or (digest is not None and digest != entries_digest(wb.conn, s.list_id)):
            yield _(
                "{name}: its entries are not those imported (version {version}): changed outside ddworkbook; "
                "import the list file again"
            ).format(name=name, version=s.version)
            continue
        digest = recorded.get("index_sha256")
        versions = [
            v
            for (v,) in wb.conn.execute(
                "SELECT DISTINCT version FROM sanctions_index WHERE list_id = ?", (s.list_id,)
            )
        ]
        if digest is None or versions != [recorded.get("index_version")]:
            continue  # imported before digests were journaled, or built again by another normaliser
        if digest != index_digest(wb.conn, s.list_id):
            yield _(
                "{name}: its search index is not the one imported with it: changed outside ddworkbook; "
                "import the list file again"
            ).format(name=name)


def _replace(
    conn: sqlite3.Connection, sanctions: SanctionsList, stored: StoredList, rows: Sequence[object]
) -> None:
    """Inside a write: the list's rows in the place of those it had."""
    lid = sanctions.list_id
    conn.execute("DELETE FROM sanctions_index WHERE list_id = ?", (lid,))
    conn.execute("DELETE FROM sanctions_entries WHERE list_id = ?", (lid,))
    conn.execute("DELETE FROM sanctions_lists WHERE list_id = ?", (lid,))
    conn.execute(
        f"INSERT INTO sanctions_lists ({_LIST_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", tuple(stored)
    )
    conn.executemany(
        "INSERT INTO sanctions_entries (list_id, entry_id, position, kind, data) VALUES (?, ?, ?, ?, ?)",
        (
            (lid, e.entry_id, i, e.kind, json.dumps(e.to_dict(), ensure_ascii=False, separators=(",", ":")))
            for i, e in enumerate(sanctions.entries)
        ),
    )
    _put_index(conn, rows)


def _put_index(conn: sqlite3.Connection, rows: Sequence[object]) -> None:
    conn.executemany(
        "INSERT INTO sanctions_index (list_id, entry_id, name_pos, form, tokens, scripts, version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,  # type: ignore[arg-type]  # IndexRow: a tuple of the seven
    )


# -- the index ----------------------------------------------------------------------------------

_cache_lock = threading.Lock()
_cached: dict[tuple[StoredList, ...], ScreeningIndex] = {}


def forget_indexes() -> None:
    """Drop the indexes kept in memory (tests; a program that wants the memory back)."""
    with _cache_lock:
        _cached.clear()


@guarded
def screening_index(wb: Handle) -> ScreeningIndex | None:
    """The index of every list kept in the workbook (None when there is none), from memory when the
    lists are those of the last call. The lists are read in one read transaction: an import by
    another program meanwhile is either all in what is read or not at all."""
    with _reading(wb.conn):
        kept = tuple(stored_lists(wb))
        if not kept:
            return None
        with _cache_lock:
            index = _cached.get(kept)
        if index is not None:
            return index
        lists, rows = _read(wb.conn, kept)
    from core import screening as _screening  # at first use (start-up); see the module

    try:
        index = _screening.ScreeningIndex.load(lists, rows)
    except _screening.StaleIndexError:
        index = _screening.ScreeningIndex.build(lists)
        _keep_rows(wb, kept, index)
    with _cache_lock:
        _cached.clear()  # one set of lists at a time: a list's index takes tens of megabytes
        _cached[kept] = index
    return index


@contextlib.contextmanager
def _reading(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction (unless one is open already)."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")


def _read(conn: sqlite3.Connection, kept: tuple[StoredList, ...]) -> tuple[list[SanctionsList], list[Any]]:
    from core import screening as _screening  # at first use (start-up); see the module

    lists = [
        _screening.SanctionsList(
            s.list_id,
            s.version,
            s.source_format,
            tuple(
                _screening.ListEntry.from_dict(json.loads(data))
                for (data,) in conn.execute(
                    "SELECT data FROM sanctions_entries WHERE list_id = ? ORDER BY position", (s.list_id,)
                )
            ),
        )
        for s in kept
    ]
    rows = conn.execute(
        "SELECT list_id, entry_id, name_pos, form, tokens, scripts, version FROM sanctions_index "
        "ORDER BY rowid"
    ).fetchall()
    return lists, rows


def _keep_rows(wb: Handle, kept: tuple[StoredList, ...], index: ScreeningIndex) -> None:
    """Store the rows of an index built again by this version of the normaliser (derived data, not
    journaled), unless the lists have changed meanwhile or the workbook cannot be written now."""
    if wb.read_only:
        return
    try:
        with wb._write():
            if tuple(stored_lists(wb)) != kept:
                return
            wb.conn.execute("DELETE FROM sanctions_index")
            _put_index(wb.conn, index.rows())
    except StoreError:
        pass  # a busy workbook: built again next time
