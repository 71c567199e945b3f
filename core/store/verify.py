"""Checking a workbook: everything ``verify`` finds (``problems``; with what was checked and its
progress, ``verification``, for the desktop program), whether a seal printed on a report still holds
(``check_seal``), and SQLite's quick check off the GUI thread (``IntegrityCheck``).

What the triggers cannot stop (someone who drops them, or edits the file) ``verify`` finds: the
schema is compared with what the applied steps create (``schema.schema_deviations``; a workbook
that differs is refused on open, before anything in it can run); each journal entry is hash-chained
to the one before and records the dossier's fingerprint after it, so a dossier whose rows no longer
give its last recorded fingerprint, a removed last entry or an emptied journal shows. A sign-off's
seal is the hash of its journal entry, which records the sealed fingerprint: printed on the report,
it lets ``verify --seal`` prove years later that the workbook still holds that record, even against a
journal rewritten with consistent hashes (which then no longer contains the seal).

Everything here only reads, with cursors: memory does not grow with the workbook.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.contract import RETENTION_YEARS
from core.i18n import _, ngettext
from core.lazy import lazy_import
from core.store import journal, lists, rows
from core.store.common import DEFAULT_BUSY_MS
from core.store.connection import cannot_share, has_wal_content, quick_check, read_only_uri
from core.store.evidence import blob_matches
from core.store.handle import Handle, guarded
from core.store.results import Checked, JournalEntry, Verification
from core.store.schema import applied_steps, schema_deviations

if TYPE_CHECKING:
    from core import dossier as _dossier
    from core.dossier import Dossier
else:  # the dossier model: loaded when a dossier is first read or checked
    _dossier = lazy_import("core.dossier")


@guarded
def verify(wb: Handle) -> list[str]:
    """Every problem found (see ``problems``); an empty list when the workbook is sound."""
    return list(problems(wb))


def problems(wb: Handle) -> Iterator[str]:
    """Every problem found, one line each, as it is found: SQLite's integrity and foreign keys;
    the schema; the journal chain; each dossier against its fingerprint, its last journal entry
    and, when finalised, its seal; journal entries of dossiers that are missing; each evidence
    file against its SHA-256. Reads with cursors: memory does not grow with the workbook."""
    for _what, check in _checks(wb, None):
        yield from check()


Progress = Callable[[str], object]


def _checks(wb: Handle, progress: Progress | None) -> list[tuple[str, Callable[[], Iterator[str]]]]:
    """The checks of ``problems``, in order, each named as its progress says it and made to yield
    its problems, or one line saying it could not be done."""
    steps = applied_steps(wb.conn)
    anchored = "m005_integrity" in steps  # journal fingerprints and seals exist
    checks: list[tuple[str, str, Callable[[], Iterator[str]]]] = [
        ("SQLite integrity", _("SQLite's integrity check"), lambda: integrity_problems(wb.conn)),
        ("schema", _("the schema"), lambda: (f"schema: {d}" for d in schema_deviations(wb.conn, steps))),
        (
            "journal",
            _("the journal"),
            lambda: (p for _e, wrong in journal.chain(wb.conn, anchored) for p in wrong),
        ),
        ("dossiers", _("the dossiers"), lambda: _dossier_problems(wb, anchored, progress)),
        ("evidence", _("the evidence files"), lambda: _evidence_problems(wb.conn)),
    ]
    if "m008_sanctions_lists" in steps:
        checks.append(("sanctions lists", _("the sanctions lists"), lambda: lists.list_problems(wb)))

    def guarded_check(what: str, shown: str, check: Callable[[], Iterator[str]]) -> Iterator[str]:
        if progress is not None:
            progress(shown)
        try:
            yield from check()
        except sqlite3.Error as e:  # a workbook changed outside ddworkbook may lack what is read
            yield _("{what}: cannot be checked ({e})").format(what=what, e=e)

    return [(shown, functools.partial(guarded_check, what, shown, check)) for what, shown, check in checks]


def verification(wb: Handle, progress: Progress | None = None) -> Verification:
    """What ``verify`` finds, and what it looked at (for a result that says what was checked);
    ``progress`` is told each check as it starts, and how far the dossiers are."""
    c = wb.conn

    def number(sql: str) -> int:
        try:
            return int(c.execute(sql).fetchone()[0])
        except sqlite3.Error:  # counted where it can be; the checks say what is missing
            return 0

    checked = Checked(
        schema_steps=len(applied_steps(c)),
        journal_entries=number("SELECT count(*) FROM journal"),
        dossiers=number("SELECT count(*) FROM dossiers"),
        finalised=number("SELECT count(*) FROM dossiers WHERE status = 'final'"),
        evidence_files=number("SELECT count(*) FROM blobs"),
    )
    found = [p for _what, check in _checks(wb, progress) for p in check()]
    return Verification(found, checked)


def integrity_problems(conn: sqlite3.Connection) -> Iterator[str]:
    """SQLite's integrity check and foreign key check, one line per problem."""
    for (line,) in conn.execute("PRAGMA integrity_check"):
        if line != "ok":
            yield _("SQLite integrity: {line}").format(line=line)
    for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
        yield _("foreign key: {table} row {rowid} refers to a missing {parent} row").format(
            table=table, rowid=rowid, parent=parent
        )


def _dossier_problems(wb: Handle, anchored: bool, progress: Progress | None = None) -> Iterator[str]:
    c = wb.conn
    total = rows.count(wb) if progress is not None else 0
    journal_empty = c.execute("SELECT 1 FROM journal LIMIT 1").fetchone() is None
    if journal_empty and (n := rows.count(wb)):
        yield ngettext(
            "journal: it is empty, yet the workbook holds {count} dossier: the journal was removed",
            "journal: it is empty, yet the workbook holds {count} dossiers: the journal was removed",
            n,
        ).format(count=n)
    cursor = c.cursor()
    cursor.row_factory = sqlite3.Row
    for n, row in enumerate(cursor.execute("SELECT * FROM dossiers ORDER BY rowid"), 1):
        yield from _check_dossier(c, row, anchored, journal_empty)
        if progress is not None and n % 500 == 0:
            progress(_("the dossiers ({done} of {total})").format(done=n, total=total))
    for did, seq in c.execute(
        "SELECT dossier_id, max(seq) FROM journal WHERE dossier_id IS NOT NULL GROUP BY dossier_id"
    ):
        if not rows.exists(wb, did):
            (action,) = c.execute("SELECT action FROM journal WHERE seq = ?", (seq,)).fetchone()
            if action != "delete":
                yield (
                    _(
                        "dossier {did}: missing from the workbook, though its last journal entry ({seq}, "
                        "{action}) does not delete it"
                    ).format(did=did, seq=seq, action=action)
                )


def _check_dossier(
    c: sqlite3.Connection, row: sqlite3.Row, anchored: bool, journal_empty: bool
) -> Iterator[str]:
    did = row["id"]
    name = f"dossier {did} “{row['title']}”"
    try:
        d = rows.load_row(c, row)
    except (ValueError, TypeError, KeyError, IndexError) as e:
        yield f"{name}: cannot be read ({type(e).__name__}: {e})"
        return
    fp = _dossier.fingerprint(d)
    if row["fingerprint"] != fp:
        yield f"{name}: its data no longer matches its fingerprint: changed outside ddworkbook"
    if anchored and not journal_empty:
        last = c.execute(
            "SELECT seq, action, fingerprint FROM journal WHERE dossier_id = ? ORDER BY seq DESC LIMIT 1",
            (did,),
        ).fetchone()
        if last is None:
            yield (
                f"{name}: has no journal entry (it was added outside ddworkbook, or its entries were removed)"
            )
        elif last[1] == "delete":
            yield f"{name}: its last journal entry ({last[0]}) deletes it, yet it is in the workbook"
        elif last[2] != fp:
            yield (
                f"{name}: its data is not what its last journal entry ({last[0]}) recorded: a later "
                "entry was removed, or the dossier was changed outside ddworkbook"
            )
    if row["status"] == "final":
        if anchored:
            yield from _seal_problems(c, row, d, name)
    elif row["status"] != "draft":
        yield f"{name}: has an unknown status {row['status']!r}"
    else:
        if row["signed_name"] is not None or (anchored and row["seal"] is not None):
            yield f"{name}: is a draft, yet carries a sign-off: changed outside ddworkbook"
        signed = c.execute(
            f"SELECT seq FROM journal WHERE dossier_id = ? AND {journal.SEALING} AND seq > "
            "coalesce((SELECT max(seq) FROM journal WHERE dossier_id = ? AND action = 'delete'), 0) "
            "LIMIT 1",
            (did, did),
        ).fetchone()
        if signed is not None:
            yield (
                f"{name}: was signed off (journal entry {signed[0]}) but is a draft now: changed "
                "outside ddworkbook"
            )


def _seal_problems(c: sqlite3.Connection, row: sqlite3.Row, d: Dossier, name: str) -> Iterator[str]:
    seal = row["seal"]
    if seal is None:
        yield _("{name}: is finalised but has no seal (it was not signed off in ddworkbook)").format(
            name=name
        )
        return
    entry = c.execute(
        "SELECT seq, action, new FROM journal WHERE dossier_id = ? AND hash = ?", (row["id"], seal)
    ).fetchone()
    if entry is None:
        yield _("{name}: its seal is not the hash of any of its journal entries").format(name=name)
        return
    state = journal.sealed_state(entry[1], entry[2])
    yield from _after_sign_off(c, row["id"], entry[0], name)
    if state is None:
        yield _("{name}: its seal names journal entry {entry}, which is not a sign-off").format(
            name=name, entry=entry[0]
        )
    elif state["sealed_fingerprint"] != _dossier.sealed_fingerprint(d):
        yield (
            _(
                "{name}: its data no longer matches the seal written at sign-off (journal entry {entry})"
            ).format(name=name, entry=entry[0])
        )
    elif "list_outcome" in state and not _list_columns_hold(row, state):
        yield (
            _(
                "{name}: its outcome or holds in the list ({outcome}; {holds}) are not what was signed off "
                "(journal entry {entry}): changed outside ddworkbook"
            ).format(
                name=name,
                outcome=row["outcome"],
                holds=row["holds"] if rows.has_v2_columns(row) else None,
                entry=entry[0],
            )
        )
    elif "retention_until" in state and not _retention_holds(row, state):
        yield (
            _(
                "{name}: its retention date or export year is not what was signed off (journal entry "
                "{entry}) and its export date give"
            ).format(name=name, entry=entry[0])
        )


def _list_columns_hold(row: sqlite3.Row, state: dict[str, Any]) -> bool:
    """Whether a finalised dossier's outcome and holds in the list are what its sign-off recorded
    (they are derived from the record, not part of it, and frozen with it)."""
    if row["outcome"] != state["list_outcome"]:
        return False
    if not rows.has_v2_columns(row):
        return state.get("list_holds") is None
    try:
        holds = json.loads(row["holds"]) if isinstance(row["holds"], str) else row["holds"]
    except ValueError:
        return False
    return bool(holds == state.get("list_holds"))


def _retention_holds(row: sqlite3.Row, state: dict[str, Any]) -> bool:
    """Whether a finalised dossier's retention date is what its sign-off and its export date give: the
    export year kept at sign-off (and the rule that gave it) unchanged, the retention date that of the
    export date when there is one (recorded after sign-off, perhaps), else the one signed off from
    that export year."""
    v2 = rows.has_v2_columns(row)
    if row["export_year"] != state.get("export_year"):
        return False
    if v2 and "export_year_basis" in state and row["export_year_basis"] != state["export_year_basis"]:
        return False
    exported = row["transaction_export_date"] if v2 else None
    year: int | None = state.get("export_year")
    if exported is not None:
        if not (isinstance(exported, str) and exported[:4].isdigit() and exported[:4].isascii()):
            return False  # written outside ddworkbook: no date
        year = int(exported[:4])
    if year is None:
        return bool(row["retention_until"] == state["retention_until"])
    return bool(row["retention_until"] == dt.date(year + RETENTION_YEARS, 12, 31).isoformat())


def _after_sign_off(c: sqlite3.Connection, dossier_id: str, sealed_at: int, name: str) -> Iterator[str]:
    """A finalised dossier is signed off once, and nothing of it but its two annotations (with the
    retention date that follows the export date) is journaled after that: found even when the
    entries appended since have correct hashes and the seal was moved to a new sign-off entry. (An
    annotation entry cannot hide another change: the seal covers everything but the annotations.)"""
    since = c.execute(
        "SELECT coalesce(max(seq), 0) FROM journal WHERE dossier_id = ? AND action = 'delete'",
        (dossier_id,),
    ).fetchone()[0]
    first = c.execute(
        f"SELECT seq FROM journal WHERE dossier_id = ? AND seq > ? AND {journal.SEALING} "
        "ORDER BY seq LIMIT 1",
        (dossier_id, since),
    ).fetchone()
    if first is None:
        return
    if first[0] != sealed_at:
        yield (
            f"{name}: its seal names journal entry {sealed_at}, not its sign-off at entry {first[0]}: "
            "signed off again outside ddworkbook"
        )
    later = c.execute(
        f"SELECT seq, action FROM journal WHERE dossier_id = ? AND seq > ? AND NOT ({journal.ANNOTATION}) "
        "ORDER BY seq LIMIT 1",
        (dossier_id, first[0]),
    ).fetchone()
    if later is not None:
        yield (
            f"{name}: changed after its sign-off (journal entry {later[0]}, {later[1]}, after the "
            f"sign-off at entry {first[0]})"
        )


def _evidence_problems(c: sqlite3.Connection) -> Iterator[str]:
    for rowid, sha, size in c.execute("SELECT rowid, sha256, size FROM blobs"):
        if not blob_matches(c, rowid, sha, size):
            names = ", ".join(
                f"{d}/{e} ({f})"
                for d, e, f in c.execute(
                    "SELECT dossier_id, evidence_id, filename FROM evidence WHERE blob = ?", (sha,)
                )
            )
            yield _("evidence: the file {value} no longer matches its SHA-256").format(value=names or sha)
    for did, eid, sha in c.execute(
        "SELECT dossier_id, evidence_id, sha256 FROM evidence WHERE blob IS NOT NULL AND blob != sha256"
    ):
        yield _("evidence: {did}/{eid} records SHA-256 {sha} but holds another file").format(
            did=did, eid=eid, sha=sha
        )


def check_seal(wb: Handle, seal: str) -> tuple[str, list[str]]:
    """Whether a seal printed on a report still holds for this workbook: its sign-off entry is in
    the journal, the chain from the first entry to the head is intact and passes through it,
    and the dossier's sealed data and evidence files are still those signed off. Returns (the
    line that says what holds, []) or ("", the reasons it does not)."""
    try:
        return _check_seal(wb.conn, seal.strip().lower())
    except sqlite3.Error as e:  # a workbook changed outside ddworkbook may lack what is read
        return "", [f"the seal cannot be checked: the workbook cannot be read as expected ({e})"]


def _check_seal(c: sqlite3.Connection, seal: str) -> tuple[str, list[str]]:
    steps = applied_steps(c)
    problems = [
        f"the workbook's structure was changed outside ddworkbook: {d}" for d in schema_deviations(c, steps)
    ]
    if "m005_integrity" not in steps:
        return "", [
            *problems,
            "this workbook holds no seals (it was not opened since before seals existed)",
        ]
    sealed: JournalEntry | None = None
    head = 0
    for e, wrong in journal.chain(c):
        if wrong:
            return "", [*problems, f"{wrong[0]}; the seal cannot be confirmed"]
        if e.hash == seal:
            sealed = e
        head = e.seq
    if sealed is None:
        return "", [
            *problems,
            "no sign-off in this workbook has this seal (it was made in another "
            "workbook, or this workbook's journal was rewritten)",
        ]
    state = journal.sealed_state(sealed.action, sealed.new)
    if state is None or sealed.dossier_id is None:
        return "", [
            *problems,
            f"the seal is the hash of journal entry {sealed.seq} ({sealed.action}), which is not a sign-off",
        ]
    did = sealed.dossier_id
    cur = c.cursor()
    cur.row_factory = sqlite3.Row
    row = cur.execute("SELECT * FROM dossiers WHERE id = ?", (did,)).fetchone()
    if row is None:
        return "", [
            *problems,
            f"dossier {did}, signed off under this seal at journal entry "
            f"{sealed.seq}, is no longer in the workbook",
        ]
    d = rows.load_row(c, row)
    name = f"dossier {did} “{d.title}”"
    if row["status"] != "final" or row["seal"] != seal:
        problems.append(f"{name} is no longer finalised under this seal")
    if state["sealed_fingerprint"] != _dossier.sealed_fingerprint(d):
        problems.append(
            f"{name}: its data no longer matches the seal (signed off at journal entry {sealed.seq})"
        )
    for eid, filename, rowid, sha, size in c.execute(
        "SELECT e.evidence_id, e.filename, b.rowid, b.sha256, b.size FROM evidence e "
        "JOIN blobs b ON b.sha256 = e.blob WHERE e.dossier_id = ? AND e.blob = e.sha256",
        (did,),
    ):
        if not blob_matches(c, rowid, sha, size):
            problems.append(f"{name}: the evidence file {eid} ({filename}) no longer matches its SHA-256")
    if problems:
        return "", problems
    signer = f"{d.sign_off.name} ({d.sign_off.role}) on {d.sign_off.date}" if d.sign_off else "?"
    later = head - sealed.seq
    return (
        f"the seal holds: {name}, signed off by {signer}; sealed at journal entry {sealed.seq}, "
        f"followed by {later} later entr{'y' if later == 1 else 'ies'} up to the head"
    ), []


class IntegrityCheck:
    """SQLite's quick check of a workbook on a connection of its own, so that it can run on another
    thread; ``interrupt()`` (from any thread) stops it early."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._interrupted = False

    def run(self) -> str | None:
        """None when the check passes (or was interrupted), else what is wrong."""
        unlocked = False
        while True:
            try:
                self._conn = sqlite3.connect(
                    read_only_uri(self.path, immutable=unlocked),
                    uri=True,
                    timeout=DEFAULT_BUSY_MS / 1000,
                    check_same_thread=False,
                )
            except sqlite3.Error as e:
                return str(e)
            try:
                return None if self._interrupted else quick_check(self._conn)
            except sqlite3.DatabaseError as e:
                if not unlocked and cannot_share(e) and not has_wal_content(self.path):
                    unlocked = True  # a read-only folder: as Workbook.open reads it
                    continue
                return None if self._interrupted else str(e)
            finally:
                self._conn.close()

    def interrupt(self) -> None:
        self._interrupted = True
        if self._conn is not None:
            with contextlib.suppress(sqlite3.ProgrammingError):  # already closed
                self._conn.interrupt()
