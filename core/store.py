"""The workbook: one SQLite file holding dossiers, their evidence files, and a tamper-evident journal.

All SQL of the program lives here. The schema is built by ``sqlite_utils.Migrations`` steps; a workbook
that has a step this program does not know was written by a newer version and is refused.

Opening a workbook and listing its dossiers imports neither sqlite-utils nor the content (the desktop
program starts faster without them): the applied steps are read from sqlite-utils' own
``_sqlite_migrations`` table, and the library is imported when a step is pending or at the first write.

Durability: WAL journal, ``synchronous=FULL`` and foreign keys on. Every change runs in one
transaction begun with ``BEGIN IMMEDIATE`` (sqlite-utils' own ``atomic()`` blocks nest inside it as
savepoints), so the write lock is taken before the journal's last hash is read and a second program
waits (``busy_timeout``) instead of failing half-way. A change and its journal entry commit together.

Finalised dossiers are frozen by triggers in the database itself, not only by checks in Python: any
insert, update or delete touching a finalised dossier is aborted by SQLite, whoever issues it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import re
import sqlite3
import stat
from collections.abc import Callable, Generator, Iterator, Sequence
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import platformdirs

from core import countries
from core.content import Content, default_content
from core.contract import YEAR_MAX, YEAR_MIN
from core.lazy import lazy_import

if TYPE_CHECKING:
    import dataclasses
    import hashlib

    from sqlite_utils import Database, Migrations

    from core import decision as _decision
    from core import dossier as _dossier
    from core import files
    from core.dossier import Answer, Dossier, Evidence
    from core.files import InputFile
else:  # loaded when a dossier is first read or written, not to list the dossiers (start-up)
    dataclasses = lazy_import("dataclasses")
    hashlib = lazy_import("hashlib")
    _decision = lazy_import("core.decision")
    _dossier = lazy_import("core.dossier")
    files = lazy_import("core.files")  # reading the user's files, writing exports

APPLICATION = "ddworkbook"
MAX_EVIDENCE_BYTES = 100 * 1024 * 1024  # one evidence file (core.files.open_input enforces it)
CHUNK = 1024 * 1024
GENESIS = "0" * 64
RETENTION_YEARS = 5  # Art. 27(3): at least five years from the end of the calendar year of export
DEFAULT_BUSY_MS = 5000
MAX_BUSY_MS = 3_600_000  # an hour: beyond it a program seems to hang


class StoreError(Exception):
    """A workbook operation cannot be done; nothing was changed. The message is for the user."""


class FrozenError(StoreError):
    """The dossier is finalised: it can be read and duplicated, not changed."""


class NotFoundError(StoreError):
    pass


class BusyError(StoreError):
    pass


# ---------------------------------------------------------------------------- location


def default_workbook_path() -> Path:
    """``$DDWORKBOOK_WORKBOOK``, else ``workbook.ddwb`` in the user's data folder."""
    env = os.environ.get("DDWORKBOOK_WORKBOOK")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("ddworkbook", appauthor=False)) / "workbook.ddwb"


def busy_timeout_ms() -> int:
    """``$DDWORKBOOK_BUSY_TIMEOUT_MS`` (unset or empty: the default), checked: a whole number of
    milliseconds from 0 to an hour."""
    raw = os.environ.get("DDWORKBOOK_BUSY_TIMEOUT_MS", "").strip()
    if not raw:
        return DEFAULT_BUSY_MS
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 7 and int(raw) <= MAX_BUSY_MS):
        shown = files.printable(raw if len(raw) <= 20 else raw[:20] + "...")
        raise StoreError(f"DDWORKBOOK_BUSY_TIMEOUT_MS: expected a whole number of milliseconds from 0 "
                         f"to {MAX_BUSY_MS}, found {shown!r}")
    return int(raw)


def current_actor() -> str:
    env = os.environ.get("DDWORKBOOK_ACTOR")
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


# ---------------------------------------------------------------------------- schema

CHILD_TABLES = ("parties", "answers", "answer_evidence", "red_flags", "mitigations", "evidence")


def m001_initial(db: Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("meta").insert_all([{"key": "application", "value": APPLICATION},
                           {"key": "workbook_id", "value": os.urandom(16).hex()},
                           {"key": "created_at", "value": _now()}])
    db.table("dossiers").create({
        "id": str, "title": str, "reference": str, "member_state": str,
        "exporter_name": str, "exporter_address": str, "exporter_country": str, "exporter_contact": str,
        "item_name": str, "item_version": str, "item_kind": str, "item_description": str,
        "destination_country": str, "stated_end_use": str, "party_names": str,
        "status": str, "outcome": str, "fingerprint": str,
        "signed_name": str, "signed_role": str, "signed_date": str, "export_year": int,
        "retention_until": str, "created_at": str, "updated_at": str,
    }, pk="id", not_null={"title", "status", "created_at", "updated_at"}, defaults={"status": "draft"})
    db.table("dossiers").create_index(["updated_at"])
    fk = [("dossier_id", "dossiers", "id")]
    db.table("parties").create({"dossier_id": str, "position": int, "role": str, "name": str, "country": str,
                          "address": str, "sector": str}, pk=("dossier_id", "position"),
                         foreign_keys=fk, not_null={"dossier_id"})
    db.table("answers").create({"dossier_id": str, "question_id": str, "position": int, "value": str,
                          "rationale": str}, pk=("dossier_id", "question_id"), foreign_keys=fk)
    db.table("answer_evidence").create({"dossier_id": str, "question_id": str, "position": int,
                                  "evidence_id": str}, pk=("dossier_id", "question_id", "position"),
                                 foreign_keys=fk)
    db.table("red_flags").create({"dossier_id": str, "position": int, "flag_id": str, "status": str,
                            "note": str}, pk=("dossier_id", "position"), foreign_keys=fk)
    db.table("mitigations").create({"dossier_id": str, "position": int, "measure_id": str, "note": str},
                             pk=("dossier_id", "position"), foreign_keys=fk)
    db.table("blobs").create({"sha256": str, "size": int, "data": bytes}, pk="sha256",
                       not_null={"size", "data"})
    db.table("evidence").create({"dossier_id": str, "evidence_id": str, "position": int, "filename": str,
                           "sha256": str, "size": int, "description": str,
                           "added_at": str, "blob": str}, pk=("dossier_id", "evidence_id"),
                          foreign_keys=[("dossier_id", "dossiers", "id"), ("blob", "blobs", "sha256")])
    db.table("journal").create({"seq": int, "at": str, "actor": str, "dossier_id": str, "action": str,
                          "field": str, "old": str, "new": str, "prev_hash": str, "hash": str},
                         pk="seq", not_null={"at", "actor", "action", "prev_hash", "hash"})
    db.table("journal").create_index(["dossier_id"])
    # SQLite's own enforcement: foreign keys from the children to their dossier, and triggers that
    # freeze finalised dossiers and keep the journal and evidence blobs append-only.
    for table in CHILD_TABLES:
        db.execute(f"CREATE INDEX {table}_dossier ON {table}(dossier_id)")
    db.executescript(_FREEZE_SQL)


def _frozen(alias: str) -> str:
    return f"(SELECT status FROM dossiers WHERE id = {alias}.dossier_id) = 'final'"


def _retained(alias: str) -> str:
    return f"(SELECT retention_until FROM dossiers WHERE id = {alias}.dossier_id) >= date('now')"


_FREEZE_SQL = "\n".join([
    "CREATE TRIGGER dossiers_frozen_update BEFORE UPDATE ON dossiers WHEN OLD.status = 'final' "
    "BEGIN SELECT RAISE(ABORT, 'dossier is finalised and cannot be changed'); END;",
    "CREATE TRIGGER dossiers_frozen_delete BEFORE DELETE ON dossiers WHEN OLD.status = 'final' "
    "AND OLD.retention_until >= date('now') "
    "BEGIN SELECT RAISE(ABORT, 'dossier is finalised and inside its retention period'); END;",
    "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal "
    "BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;",
    "CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal "
    "BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;",
    "CREATE TRIGGER blobs_no_update BEFORE UPDATE OF sha256, size ON blobs "
    "BEGIN SELECT RAISE(ABORT, 'evidence files cannot be changed'); END;",
    *[
        f"CREATE TRIGGER {t}_frozen_insert BEFORE INSERT ON {t} WHEN {_frozen('NEW')} "
        "BEGIN SELECT RAISE(ABORT, 'dossier is finalised and cannot be changed'); END;\n"
        f"CREATE TRIGGER {t}_frozen_update BEFORE UPDATE ON {t} WHEN {_frozen('OLD')} OR "
        f"{_frozen('NEW')} "
        "BEGIN SELECT RAISE(ABORT, 'dossier is finalised and cannot be changed'); END;\n"
        f"CREATE TRIGGER {t}_frozen_delete BEFORE DELETE ON {t} WHEN {_frozen('OLD')} AND "
        f"{_retained('OLD')} "
        "BEGIN SELECT RAISE(ABORT, 'dossier is finalised and cannot be changed'); END;"
        for t in CHILD_TABLES
    ],
])


def m002_search(db: Database) -> None:
    """Full-text search over titles, references, item and party names (sqlite-utils' FTS5)."""
    db.table("dossiers").enable_fts(["title", "reference", "item_name", "party_names"],
                              create_triggers=True, tokenize="unicode61 remove_diacritics 2")


def m003_ui_state(db: Database) -> None:
    """Where the desktop program was in each dossier, so that it reopens there. Not part of the
    record: it is not journaled and stays writable after finalising."""
    db.table("ui_state").create({"dossier_id": str, "page": str}, pk="dossier_id",
                                foreign_keys=[("dossier_id", "dossiers", "id")])


def m004_country_names(db: Database) -> None:
    """The names the dossier list shows for destination codes, so that listing needs no country
    database. A display cache, not part of the record: refreshed whenever a dossier is written."""
    db.table("country_names").create({"code": str, "name": str}, pk="code", not_null={"name"})
    db.table("country_names").insert_all(
        [{"code": code, "name": name} for code, name in countries.all_countries()])


STEPS: tuple[Callable[[Database], None], ...] = (m001_initial, m002_search, m003_ui_state,
                                                  m004_country_names)
KNOWN_MIGRATIONS = tuple(step.__name__ for step in STEPS)


@cache
def migrations() -> Migrations:
    """The schema steps as a sqlite-utils migration set (imports sqlite-utils)."""
    from sqlite_utils import Migrations

    steps = Migrations(APPLICATION)
    for step in STEPS:
        steps()(step)
    return steps


# ---------------------------------------------------------------------------- results


class Summary(NamedTuple):
    """One row of the dossier list."""

    id: str
    title: str
    reference: str | None
    destination_country: str | None
    destination_name: str | None  # the country's display name, when the code is known
    status: str
    outcome: str
    updated: str
    fingerprint: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "reference": self.reference,
                "destination_country": self.destination_country, "status": self.status,
                "outcome": self.outcome, "updated": self.updated, "fingerprint": self.fingerprint}


class JournalEntry(NamedTuple):
    seq: int
    at: str
    actor: str
    dossier_id: str | None
    action: str
    field: str | None
    old: str | None
    new: str | None
    prev_hash: str
    hash: str


class StoredDossier(NamedTuple):
    dossier: Dossier
    status: str
    created_at: str
    updated_at: str
    export_year: int | None
    retention_until: str | None

    @property
    def frozen(self) -> bool:
        return self.status == "final"


def _entry_hash(prev: str, seq: int, at: str, actor: str, dossier_id: str | None, action: str,
                field: str | None, old: str | None, new: str | None) -> str:
    body = json.dumps([seq, at, actor, dossier_id, action, field, old, new], ensure_ascii=False,
                      separators=(",", ":"))
    return hashlib.sha256(f"{prev}\n{body}".encode()).hexdigest()


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True,
                                                 separators=(",", ":"))


# ---------------------------------------------------------------------------- the workbook


class Workbook:
    """An open workbook file. Use ``Workbook.open(path)``; close it (or use ``with``)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, content: Content | None, actor: str,
                 busy_ms: int = DEFAULT_BUSY_MS) -> None:
        self.path = path
        self.busy_ms = busy_ms
        self.conn = conn
        self._content = content
        self.actor = actor

    @cached_property
    def db(self) -> Database:
        """sqlite-utils' view of the connection (imported at first use)."""
        from sqlite_utils import Database

        return Database(self.conn)

    @cached_property
    def content(self) -> Content:
        return self._content if self._content is not None else default_content()

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, create: bool = True, actor: str | None = None,
             content: Content | None = None, busy_ms: int | None = None,
             check: bool = True) -> Workbook:
        """Open (and if needed create or upgrade) a workbook; ``StoreError`` says why not.

        ``check=False`` leaves out SQLite's quick check (it reads the whole file): the desktop
        program runs an ``IntegrityCheck`` on another thread instead, so that it starts at once."""
        path = Path(path)
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a workbook file")
        exists = path.exists() and path.stat().st_size > 0
        if not exists and not create:
            raise StoreError(f"{path}: no workbook there")
        if not exists:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"{path.parent}: cannot create the folder: {e.strerror}") from None
        if busy_ms is None:
            busy_ms = busy_timeout_ms()
        try:
            conn = sqlite3.connect(str(path), timeout=busy_ms / 1000, isolation_level=None)
        except sqlite3.Error as e:
            raise StoreError(f"{path}: cannot open: {e}") from None
        try:
            wb = cls(path, conn, content, actor or current_actor(), busy_ms)
            wb._prepare(exists, check)
            return wb
        except sqlite3.DatabaseError as e:
            conn.close()
            raise StoreError(f"{path}: not a workbook, or damaged ({e})") from None
        except BaseException:
            conn.close()
            raise

    def _prepare(self, exists: bool, check: bool) -> None:
        c = self.conn
        c.execute(f"PRAGMA busy_timeout = {int(self.busy_ms)}")
        applied: list[str] = []
        if exists:
            # Reading the header and schema first gives a clear error for a file that is not SQLite.
            tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "meta" not in tables or "_sqlite_migrations" not in tables:
                raise StoreError(f"{self.path}: not a ddworkbook workbook")
            app = c.execute("SELECT value FROM meta WHERE key='application'").fetchone()
            if app is None or app[0] != APPLICATION:
                raise StoreError(f"{self.path}: not a ddworkbook workbook")
            applied = self.schema_steps
            unknown = [n for n in applied if n not in KNOWN_MIGRATIONS]
            if unknown:
                raise StoreError(f"{self.path}: written by a newer version of ddworkbook (schema step "
                                 f"{unknown[0]!r} is unknown to this version); update the program")
            if check:
                problem = _quick_check(c)
                if problem:
                    raise StoreError(f"{self.path}: the workbook is damaged ({problem}); "
                                     "restore it from a backup")
        c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA synchronous = FULL")
        c.execute("PRAGMA foreign_keys = ON")
        if not exists or set(KNOWN_MIGRATIONS) - set(applied):
            self._busy_guard(lambda: migrations().apply(self.db))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_steps(self) -> list[str]:
        """The schema steps applied to this workbook, in order (as sqlite-utils recorded them)."""
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone():
            return []
        return [r[0] for r in self.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", (APPLICATION,))]

    # -- transactions -------------------------------------------------------------------------

    def _busy_guard(self, fn: Any) -> Any:
        try:
            return fn()
        except sqlite3.OperationalError as e:
            raise _write_failure(self.path, e) from None

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """One transaction holding the write lock from its start (sqlite-utils' ``atomic()`` blocks
        nest inside it as savepoints); triggers' refusals become ``FrozenError``, other SQLite
        failures (busy, disk full) a ``StoreError``; nothing is kept if anything fails."""
        db = self.db  # set up (at first use) outside the transaction: it sets connection pragmas
        self._busy_guard(lambda: self.conn.execute("BEGIN IMMEDIATE"))
        try:
            with db.atomic():
                yield
            self.conn.execute("COMMIT")
        except sqlite3.IntegrityError as e:
            self.db.rollback()
            if "finalised" in str(e):
                raise FrozenError(f"the dossier is finalised and cannot be changed ({e})") from None
            raise StoreError(f"refused by the workbook: {e}") from None
        except sqlite3.OperationalError as e:
            self.db.rollback()
            raise _write_failure(self.path, e) from None
        except BaseException:
            self.db.rollback()
            raise

    def _journal(self, dossier_id: str | None, action: str, field: str | None = None,
                 old: str | None = None, new: str | None = None) -> None:
        last = self.conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        at = _now()
        digest = _entry_hash(prev, seq, at, self.actor, dossier_id, action, field, old, new)
        self.conn.execute(
            "INSERT INTO journal (seq, at, actor, dossier_id, action, field, old, new, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, at, self.actor, dossier_id, action, field, old, new, prev, digest))

    # -- reading ------------------------------------------------------------------------------

    def exists(self, dossier_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM dossiers WHERE id = ?", (dossier_id,)).fetchone() \
            is not None

    def get(self, dossier_id: str) -> StoredDossier:
        """A stored dossier with its status; ``NotFoundError`` when there is none."""
        self.conn.row_factory = sqlite3.Row
        try:
            row = self.conn.execute("SELECT * FROM dossiers WHERE id = ?", (dossier_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"no dossier {dossier_id!r} in the workbook {self.path}")
            return StoredDossier(dossier=self._load(row), status=row["status"],
                                 created_at=row["created_at"], updated_at=row["updated_at"],
                                 export_year=row["export_year"], retention_until=row["retention_until"])
        finally:
            self.conn.row_factory = None

    def dossier(self, dossier_id: str) -> Dossier:
        return self.get(dossier_id).dossier

    def _load(self, row: sqlite3.Row) -> Dossier:
        did = row["id"]
        q = self.conn.execute
        m = _dossier
        evidence_of: dict[str, list[str]] = {}
        for r in q("SELECT question_id, evidence_id FROM answer_evidence WHERE dossier_id = ? "
                   "ORDER BY question_id, position", (did,)):
            evidence_of.setdefault(r["question_id"], []).append(r["evidence_id"])
        answers = {}
        for r in q("SELECT question_id, value, rationale FROM answers WHERE dossier_id = ? "
                   "ORDER BY position", (did,)):
            value = None if r["value"] is None else json.loads(r["value"])
            answers[r["question_id"]] = m.Answer(
                value=tuple(value) if isinstance(value, list) else value, rationale=r["rationale"],
                evidence=tuple(evidence_of.get(r["question_id"], ())))
        sign_off = None
        if row["signed_name"]:
            sign_off = m.SignOff(name=row["signed_name"], role=row["signed_role"], date=row["signed_date"])
        return m.Dossier(
            id=did, title=row["title"], reference=row["reference"], member_state=row["member_state"],
            exporter=m.Exporter(name=row["exporter_name"], address=row["exporter_address"],
                                country=row["exporter_country"], contact=row["exporter_contact"]),
            item=m.Item(name=row["item_name"], version=row["item_version"], kind=row["item_kind"],
                        description=row["item_description"]),
            destination_country=row["destination_country"], stated_end_use=row["stated_end_use"],
            parties=[m.Party(role=r["role"], name=r["name"], country=r["country"], address=r["address"],
                             sector=r["sector"])
                     for r in q("SELECT * FROM parties WHERE dossier_id = ? ORDER BY position", (did,))],
            answers=answers,
            red_flags=[m.RedFlagEntry(id=r["flag_id"], status=r["status"], note=r["note"])
                       for r in q("SELECT * FROM red_flags WHERE dossier_id = ? ORDER BY position",
                                  (did,))],
            mitigations=[m.MitigationEntry(id=r["measure_id"], note=r["note"])
                         for r in q("SELECT * FROM mitigations WHERE dossier_id = ? ORDER BY position",
                                    (did,))],
            evidence=[m.Evidence(id=r["evidence_id"], filename=r["filename"],
                                 sha256=r["sha256"], size=r["size"], description=r["description"],
                                 added_at=r["added_at"])
                      for r in q("SELECT * FROM evidence WHERE dossier_id = ? ORDER BY position",
                                 (did,))],
            sign_off=sign_off)

    def summaries(self, query: str | None = None, *, limit: int | None = None,
                  after: Summary | None = None) -> list[Summary]:
        """The dossiers, most recently changed first (then by id, descending); with ``query``, the
        full-text matches. ``limit`` and ``after`` (the last summary of the previous page) read
        them a page at a time."""
        sql = ("SELECT d.id, d.title, d.reference, d.destination_country, n.name, d.status, d.outcome, "
               "d.updated_at, d.fingerprint FROM dossiers d "
               "LEFT JOIN country_names n ON n.code = d.destination_country")
        where: list[str] = []
        params: list[Any] = []
        if query and query.strip():
            where.append("d.rowid IN (SELECT rowid FROM dossiers_fts WHERE dossiers_fts MATCH ?)")
            params.append(_match_terms(query))
        if after is not None:
            where.append("(d.updated_at, d.id) < (?, ?)")
            params += [after.updated, after.id]
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.updated_at DESC, d.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [Summary(*r) for r in self.conn.execute(sql, params)]

    def ui_page(self, dossier_id: str) -> str | None:
        row = self.conn.execute("SELECT page FROM ui_state WHERE dossier_id = ?", (dossier_id,)).fetchone()
        return None if row is None else str(row[0])

    def set_ui_page(self, dossier_id: str, page: str) -> None:
        with self._write():
            self.conn.execute("INSERT INTO ui_state (dossier_id, page) VALUES (?, ?) "
                              "ON CONFLICT(dossier_id) DO UPDATE SET page = excluded.page",
                              (dossier_id, page))

    def count(self, query: str | None = None) -> int:
        """How many dossiers there are; with ``query``, how many match it."""
        if query and query.strip():
            return int(self.conn.execute("SELECT count(*) FROM dossiers_fts WHERE dossiers_fts MATCH ?",
                                         (_match_terms(query),)).fetchone()[0])
        return int(self.conn.execute("SELECT count(*) FROM dossiers").fetchone()[0])

    def journal(self, dossier_id: str | None = None) -> list[JournalEntry]:
        sql = "SELECT * FROM journal" + (" WHERE dossier_id = ?" if dossier_id else "") + " ORDER BY seq"
        return [JournalEntry(*r) for r in self.conn.execute(sql, (dossier_id,) if dossier_id else ())]

    # -- writing dossiers ---------------------------------------------------------------------

    def import_dossiers(self, dossiers: Sequence[Dossier], base_dir: Path | None = None, *,
                        replace: bool = False) -> list[str]:
        """Store dossiers in one transaction: one bad dossier (or evidence file) stores none.

        Evidence entries with a ``path`` have that file (relative to ``base_dir``) copied in; a
        given ``sha256`` that does not match the file is an error."""
        return self.import_batches([(base_dir, dossiers)], replace=replace)

    def import_batches(self, batches: Sequence[tuple[Path | None, Sequence[Dossier]]], *,
                       replace: bool = False) -> list[str]:
        """Import the dossiers of several files in one transaction. Each batch is (the file, or a
        folder, that evidence paths are relative to; its dossiers)."""
        ids: list[str] = []
        with self._write():
            seen: set[str] = set()
            for source, dossiers in batches:
                base_dir = source.parent if source and not source.is_dir() else source
                label = f"{files.printable(source)}: " if source and source.is_file() else ""
                ids += self._import_one_batch(dossiers, base_dir, label, replace, seen)
        return ids

    def _import_one_batch(self, dossiers: Sequence[Dossier], base_dir: Path | None, label: str,
                          replace: bool, seen: set[str]) -> list[str]:
        ids = []
        for index, d in enumerate(dossiers):
            where = label + (f"[{index}]." if len(dossiers) > 1 else "")
            did = d.id or self._new_id()
            if problem := _dossier.dossier_id_problem(did):  # the reader refuses them too
                raise StoreError(f"{where}id: {problem}")
            d = dataclasses.replace(d, id=did)
            if did in seen:
                raise StoreError(f"{where}id: dossier {did!r} appears twice in this import")
            seen.add(did)
            old = None
            if self.exists(did):
                if not replace:
                    raise StoreError(f"{where}id: dossier {did!r} is already in the workbook "
                                     "(use --replace to overwrite a draft)")
                old = self.get(did)
                if old.frozen:
                    raise FrozenError(f"{where}id: dossier {did!r} is finalised and cannot be replaced")
            d, files = self._copy_evidence_in(d, base_dir, where)
            self._put(dataclasses.replace(d, sign_off=None),
                      created=old.created_at if old else None, files=files)
            self._journal(did, "replace" if old else "import", None,
                          _dossier.canonical_json(old.dossier).decode() if old else None,
                          _dossier.canonical_json(d).decode())
            if d.sign_off is not None:  # signed off elsewhere: it arrives finalised
                signed = dt.date.fromisoformat(d.sign_off.date)
                self._freeze(did, d.sign_off.name, d.sign_off.role, signed, signed.year)
            ids.append(did)
        return ids

    def create(self, dossier: Dossier) -> str:
        """A new draft (the desktop program's New)."""
        return self.import_dossiers([dossier])[0]

    def _new_id(self) -> str:
        while True:
            candidate = os.urandom(6).hex()
            if not self.exists(candidate):
                return candidate

    def _put(self, d: Dossier, created: str | None, files: set[str]) -> None:
        """Write the whole dossier (inside a transaction), replacing what was there. ``files`` are
        the ids of its evidence entries whose file is held in the workbook."""
        assert d.id is not None
        now = _now()
        result = _decision.assess(d, self.content)
        row = {
            "id": d.id, "title": d.title, "reference": d.reference, "member_state": d.member_state,
            "exporter_name": d.exporter.name, "exporter_address": d.exporter.address,
            "exporter_country": d.exporter.country, "exporter_contact": d.exporter.contact,
            "item_name": d.item.name, "item_version": d.item.version, "item_kind": d.item.kind,
            "item_description": d.item.description, "destination_country": d.destination_country,
            "stated_end_use": d.stated_end_use,
            "party_names": " ".join(p.name for p in d.parties if p.name) or None,
            "status": "draft", "outcome": result.outcome, "fingerprint": _dossier.fingerprint(d),
            "created_at": created or now, "updated_at": now,
        }
        c = self.conn
        name = countries.name(d.destination_country)
        if name is not None:  # keep the list's name for this code as the country database has it
            c.execute("INSERT INTO country_names (code, name) VALUES (?, ?) "
                      "ON CONFLICT(code) DO UPDATE SET name = excluded.name WHERE name != excluded.name",
                      (d.destination_country, name))
        if created is None:
            cols = ", ".join(row)
            c.execute(f"INSERT INTO dossiers ({cols}) VALUES ({', '.join('?' * len(row))})",
                      tuple(row.values()))
        else:
            for table in CHILD_TABLES:
                c.execute(f"DELETE FROM {table} WHERE dossier_id = ?", (d.id,))
            sets = ", ".join(f"{k} = ?" for k in row if k != "id")
            c.execute(f"UPDATE dossiers SET {sets} WHERE id = ?",
                      (*[v for k, v in row.items() if k != "id"], d.id))
        c.executemany("INSERT INTO parties VALUES (?, ?, ?, ?, ?, ?, ?)",
                      [(d.id, i, p.role, p.name, p.country, p.address, p.sector)
                       for i, p in enumerate(d.parties)])
        c.executemany("INSERT INTO answers VALUES (?, ?, ?, ?, ?)",
                      [(d.id, qid, i, _json(_dossier.answer_to_json(a)["value"]), a.rationale)
                       for i, (qid, a) in enumerate(d.answers.items())])
        c.executemany("INSERT INTO answer_evidence VALUES (?, ?, ?, ?)",
                      [(d.id, qid, i, ev) for qid, a in d.answers.items()
                       for i, ev in enumerate(a.evidence)])
        c.executemany("INSERT INTO red_flags VALUES (?, ?, ?, ?, ?)",
                      [(d.id, i, f.id, f.status, f.note) for i, f in enumerate(d.red_flags)])
        c.executemany("INSERT INTO mitigations VALUES (?, ?, ?, ?)",
                      [(d.id, i, m.id, m.note) for i, m in enumerate(d.mitigations)])
        c.executemany("INSERT INTO evidence (dossier_id, evidence_id, position, filename, sha256, size,"
                      " description, added_at, blob) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      [(d.id, e.id, i, e.filename, e.sha256, e.size, e.description, e.added_at,
                        e.sha256 if e.id in files else None)
                       for i, e in enumerate(d.evidence)])

    def update(self, dossier: Dossier) -> None:
        """Save a changed dossier, journaling each changed field with its old and new value."""
        assert dossier.id is not None
        with self._write():
            self._replace(self.get(dossier.id), dossier)

    def _replace(self, old: StoredDossier, dossier: Dossier) -> None:
        """Inside a write: store ``dossier`` over ``old``, journaling each changed field."""
        assert dossier.id is not None
        if old.frozen:
            raise FrozenError(f"dossier {dossier.id!r} is finalised and cannot be changed")
        self._put(dossier, created=old.created_at, files=self.evidence_with_files(dossier.id))
        for field, before, after in _diff(old.dossier, dossier):
            self._journal(dossier.id, "edit", field, before, after)

    def set_answer(self, dossier_id: str, question_id: str, answer: Answer | None) -> None:
        """Save one answer (or remove it with None): the desktop program's autosave path. Read,
        change and write happen in one transaction, so a concurrent change is never overwritten."""
        with self._write():
            old = self.get(dossier_id)
            answers = dict(old.dossier.answers)
            if answer is None:
                answers.pop(question_id, None)
            else:
                answers[question_id] = answer
            changed = dataclasses.replace(old.dossier, answers=answers)
            # a DossierError names the field
            _dossier.dossier_from_json(_dossier.dossier_to_json(changed), self.content)
            self._replace(old, changed)

    def duplicate(self, dossier_id: str, title: str | None = None) -> str:
        """A new draft with the content of a dossier (finalised or not), without its sign-off."""
        if title is not None and (problem := _dossier.title_problem(title)):
            raise StoreError(f"title: {problem}")
        source = self.get(dossier_id).dossier
        new_id = self._new_id()
        copy = dataclasses.replace(source, id=new_id, title=title or _copy_title(source.title),
                                   sign_off=None)
        with self._write():
            self._put(copy, created=None, files=self.evidence_with_files(dossier_id))
            self._journal(new_id, "duplicate", "source", None, dossier_id)
        return new_id

    def deletion_refusal(self, dossier_id: str) -> str | None:
        """Why a dossier may not be deleted now, or None when it may: a finalised dossier is kept
        until its retention date (Art. 27(3))."""
        stored = self.get(dossier_id)
        if stored.frozen and (stored.retention_until or "9999") >= dt.date.today().isoformat():
            return (f"The dossier “{stored.dossier.title}” is finalised and must be kept until "
                    f"{stored.retention_until} (Art. 27(3)).")
        return None

    def delete(self, dossier_id: str) -> None:
        """Delete a draft, or a finalised dossier whose retention period has ended."""
        with self._write():
            refusal = self.deletion_refusal(dossier_id)
            if refusal:
                raise FrozenError(refusal)
            stored = self.get(dossier_id)
            for table in (*CHILD_TABLES, "ui_state"):
                self.conn.execute(f"DELETE FROM {table} WHERE dossier_id = ?", (dossier_id,))
            self.conn.execute("DELETE FROM dossiers WHERE id = ?", (dossier_id,))
            self._journal(dossier_id, "delete", None, _dossier.canonical_json(stored.dossier).decode(), None)

    def finalise(self, dossier_id: str, name: str, role: str, date: dt.date | None = None,
                 export_year: int | None = None) -> StoredDossier:
        """Sign off and freeze; the record must be kept to the end of the export year + 5 years."""
        if not name.strip() or not role.strip():
            raise StoreError("finalise needs a name and a role")
        if export_year is not None and (problem := export_year_problem(export_year)):
            raise StoreError(f"export year: {problem}")
        date = date or dt.date.today()
        with self._write():
            if self.get(dossier_id).frozen:
                raise FrozenError(f"dossier {dossier_id!r} is already finalised")
            self._freeze(dossier_id, name, role, date, export_year or date.year)
        return self.get(dossier_id)

    def _freeze(self, dossier_id: str, name: str, role: str, date: dt.date, year: int) -> None:
        retention = dt.date(year + RETENTION_YEARS, 12, 31).isoformat()
        signed = dataclasses.replace(self.dossier(dossier_id),
                                     sign_off=_dossier.SignOff(name, role, date.isoformat()))
        self.conn.execute(
            "UPDATE dossiers SET status = 'final', signed_name = ?, signed_role = ?, signed_date = ?, "
            "export_year = ?, retention_until = ?, fingerprint = ?, updated_at = ? WHERE id = ?",
            (name, role, date.isoformat(), year, retention, _dossier.fingerprint(signed), _now(), dossier_id))
        self._journal(dossier_id, "finalise", "sign_off", None,
                      _json({"name": name, "role": role, "date": date.isoformat(), "export_year": year,
                             "retention_until": retention}))

    # -- evidence -----------------------------------------------------------------------------

    def evidence_with_files(self, dossier_id: str) -> set[str]:
        """Ids of the dossier's evidence entries whose file is held in the workbook."""
        return {r[0] for r in self.conn.execute(
            "SELECT evidence_id FROM evidence WHERE dossier_id = ? AND blob IS NOT NULL", (dossier_id,))}

    def _store_file(self, source: Path, expected_sha: str | None = None) -> tuple[str, int]:
        """Copy a file into the blobs table, streamed: hashed once, then written in chunks. Only a
        regular file of at most ``MAX_EVIDENCE_BYTES`` is read (core.files.open_input), through
        one open file, so that what is hashed is what is copied."""
        try:
            with files.open_input(source, limit=MAX_EVIDENCE_BYTES, what="an evidence file") as f:
                digest, size = _hash_stream(f)
                if expected_sha is not None and expected_sha != digest:
                    raise StoreError(f"{files.printable(source)}: its SHA-256 is {digest}, not the "
                                     f"{expected_sha} the dossier gives")
                if self.conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (digest,)).fetchone():
                    return digest, size
                f.rewind()
                self._copy_blob(f, digest, size)
        except files.InputFileError as e:
            raise StoreError(str(e)) from None
        return digest, size

    def _copy_blob(self, f: InputFile, digest: str, size: int) -> None:
        cur = self.conn.execute("INSERT INTO blobs (sha256, size, data) VALUES (?, ?, zeroblob(?))",
                                (digest, size, size))
        rowid = cur.lastrowid
        assert rowid is not None
        check = hashlib.sha256()
        written = 0
        with self.conn.blobopen("blobs", "data", rowid) as blob:
            while chunk := f.read(min(CHUNK, size - written) or 1):
                if written + len(chunk) > size:
                    break
                check.update(chunk)
                blob.write(chunk)
                written += len(chunk)
            grew = bool(f.read(1))
        if check.hexdigest() != digest or written != size or grew:
            raise StoreError(f"{files.printable(f.path)}: the file changed while it was being "
                             "copied; try again")

    def _copy_evidence_in(self, d: Dossier, base_dir: Path | None,
                          where: str) -> tuple[Dossier, set[str]]:
        """Copy in the files of evidence entries that give a ``path``; return the dossier without
        paths and the ids whose file is now held in the workbook."""
        out = []
        held = set()
        for i, e in enumerate(d.evidence):
            if e.path is None:
                out.append(e)
                continue
            try:  # relative, and inside the dossier file's folder once links are resolved
                source = files.resolve_inside(base_dir or Path.cwd(), e.path)
                digest, size = self._store_file(source, e.sha256)
            except (files.InputFileError, StoreError) as err:
                raise StoreError(f"{where}evidence[{i}].path: {err}") from None
            if e.size is not None and e.size != size:
                raise StoreError(f"{where}evidence[{i}].size: the file has {size} bytes, not {e.size}")
            out.append(dataclasses.replace(e, path=None, sha256=digest, size=size,
                                           added_at=e.added_at or _now()))
            held.add(e.id)
        return dataclasses.replace(d, evidence=out), held

    def attach(self, dossier_id: str, source: Path, *, question: str | None = None,
               description: str | None = None) -> Evidence:
        """Copy a file into the workbook as evidence of a dossier (and of one of its answers)."""
        source = Path(source)
        with self._write():
            stored = self.get(dossier_id)
            if stored.frozen:
                raise FrozenError(f"dossier {dossier_id!r} is finalised and cannot be changed")
            d = stored.dossier
            if question is not None and not (self.content.has_question(question)
                                             or question.startswith("custom:")):
                raise StoreError(f"--question: {question!r} is not a question id of the content")
            digest, size = self._store_file(source)
            taken = {e.id for e in d.evidence}
            n = len(d.evidence) + 1
            while f"ev{n}" in taken:
                n += 1
            ev = _dossier.Evidence(id=f"ev{n}", filename=files.readable_name(source.name),
                                   sha256=digest, size=size, description=description, added_at=_now())
            self.conn.execute(
                "INSERT INTO evidence (dossier_id, evidence_id, position, filename, sha256, size, "
                "description, added_at, blob) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (dossier_id, ev.id, len(d.evidence), ev.filename, digest, size, description,
                 ev.added_at, digest))
            if question is not None:
                answer = d.answers.get(question, _dossier.Answer(value=None))
                if question not in d.answers:
                    pos = len(d.answers)
                    self.conn.execute("INSERT INTO answers VALUES (?, ?, ?, NULL, NULL)",
                                      (dossier_id, question, pos))
                self.conn.execute("INSERT INTO answer_evidence VALUES (?, ?, ?, ?)",
                                  (dossier_id, question, len(answer.evidence), ev.id))
            self._refresh(dossier_id)
            self._journal(dossier_id, "attach", f"evidence.{ev.id}", None,
                          _json({**vars(ev), "question": question}))
        return ev

    def _refresh(self, dossier_id: str) -> None:
        d = self.dossier(dossier_id)
        self.conn.execute("UPDATE dossiers SET outcome = ?, fingerprint = ?, updated_at = ? WHERE id = ?",
                          (_decision.assess(d, self.content).outcome, _dossier.fingerprint(d), _now(),
                           dossier_id))

    def evidence_chunks(self, dossier_id: str, evidence_id: str) -> Generator[bytes, None, None]:
        """The bytes of an evidence file held in the workbook, in chunks."""
        row = self.conn.execute(
            "SELECT b.rowid, b.size FROM evidence e JOIN blobs b ON b.sha256 = e.blob "
            "WHERE e.dossier_id = ? AND e.evidence_id = ?", (dossier_id, evidence_id)).fetchone()
        if row is None:
            raise NotFoundError(f"evidence {evidence_id!r} of dossier {dossier_id!r} has no file in the "
                                "workbook")
        with self.conn.blobopen("blobs", "data", row[0], readonly=True) as blob:
            while chunk := blob.read(CHUNK):
                yield chunk

    def export(self, dossier_id: str, target: Path, *, with_evidence: bool = False) -> Path:
        """Write a dossier file; with evidence, its files go to ``<name>-evidence/`` beside it.

        Evidence files are named only from safe parts (the evidence id and the file's name, both
        cleaned: ``evidence_file_names``), never anything but plain files inside that folder; a
        symbolic link, folder or special file in the way is refused before anything is written."""
        target = Path(target)
        d = self.dossier(dossier_id)
        held = self.evidence_with_files(dossier_id) if with_evidence else set()
        folder = target.with_name(target.stem + "-evidence")
        names = evidence_file_names([(e.id, e.filename) for e in d.evidence if e.id in held])
        if names and not files.is_valid_text(folder.name):
            raise StoreError(f"{files.printable(target)}: the name is not valid UTF-8 text; the "
                             "evidence folder's name is written into the dossier file, so choose a name "
                             "in UTF-8")
        made_folder = False
        try:
            if names:
                _refuse_in_the_way(folder, folder=True)
                for name in names.values():
                    _refuse_in_the_way(folder / name)
                _refuse_in_the_way(target)
                made_folder = not os.path.lexists(folder)
                folder.mkdir(parents=True, exist_ok=True)
                _refuse_in_the_way(folder, folder=True)  # nothing was swapped in meanwhile
            evidence = []
            for e in d.evidence:
                path = None
                if e.id in held:
                    name = names[e.id]
                    with contextlib.closing(self.evidence_chunks(dossier_id, e.id)) as chunks:
                        write_atomically(folder / name, chunks)
                    path = f"{folder.name}/{name}"
                evidence.append(dataclasses.replace(e, path=path))
            text = _dossier.dumps(dataclasses.replace(d, evidence=evidence))
            write_atomically(target, iter([text.encode("utf-8")]))
        except OSError as e:
            if made_folder:  # leave no empty folder behind (one that holds files stays)
                with contextlib.suppress(OSError):
                    folder.rmdir()
            error = e if isinstance(e, files.WriteError) else files.write_error(e, target)
            raise StoreError(str(error)) from None
        return target

    # -- checking -----------------------------------------------------------------------------

    def verify(self) -> list[str]:
        """Every problem found: SQLite integrity, the journal chain, every evidence file's hash."""
        problems = []
        for (line,) in self.conn.execute("PRAGMA integrity_check"):
            if line != "ok":
                problems.append(f"SQLite integrity: {line}")
        for (table, rowid, parent, _fk) in self.conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: {table} row {rowid} refers to a missing {parent} row")
        prev = GENESIS
        expected_seq = 1
        for e in self.journal():
            if e.seq != expected_seq:
                problems.append(f"journal: entry {expected_seq} is missing (found {e.seq} next)")
            if e.prev_hash != prev:
                problems.append(f"journal: entry {e.seq} does not follow entry {e.seq - 1} "
                                "(chain broken: an entry was removed or changed)")
            digest = _entry_hash(e.prev_hash, e.seq, e.at, e.actor, e.dossier_id, e.action, e.field,
                                 e.old, e.new)
            if digest != e.hash:
                problems.append(f"journal: entry {e.seq} was changed after it was written")
            prev, expected_seq = e.hash, e.seq + 1
        for rowid, sha, size in self.conn.execute("SELECT rowid, sha256, size FROM blobs").fetchall():
            h = hashlib.sha256()
            n = 0
            with self.conn.blobopen("blobs", "data", rowid, readonly=True) as blob:
                while chunk := blob.read(CHUNK):
                    h.update(chunk)
                    n += len(chunk)
            if h.hexdigest() != sha or n != size:
                names = ", ".join(f"{d}/{e} ({f})" for d, e, f in self.conn.execute(
                    "SELECT dossier_id, evidence_id, filename FROM evidence WHERE blob = ?", (sha,)))
                problems.append(f"evidence: the file {names or sha} no longer matches its SHA-256")
        for did, eid, sha in self.conn.execute(
                "SELECT dossier_id, evidence_id, sha256 FROM evidence WHERE blob IS NOT NULL "
                "AND blob != sha256"):
            problems.append(f"evidence: {did}/{eid} records SHA-256 {sha} but holds another file")
        return problems


def _write_failure(path: Path, e: sqlite3.OperationalError) -> StoreError:
    text = str(e)
    if "locked" in text or "busy" in text:
        return BusyError(f"{path}: the workbook is busy (another program is writing to it); try again "
                         "in a moment")
    if "full" in text:
        return StoreError(f"{path}: the disk is full; nothing was saved. Free some space and try again")
    return StoreError(f"{path}: the workbook could not be written ({text}); nothing was saved")


def _match_terms(query: str) -> str:
    """A search box's words as an FTS5 query: every word, as a prefix, quoted (no operators)."""
    return " ".join('"' + t.replace('"', '""') + '"*' for t in query.split())


def _quick_check(conn: sqlite3.Connection) -> str | None:
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    return None if result == "ok" else str(result)


class IntegrityCheck:
    """SQLite's quick check of a workbook on a connection of its own, so that it can run on another
    thread; ``interrupt()`` (from any thread) stops it early."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._interrupted = False

    def run(self) -> str | None:
        """None when the check passes (or was interrupted), else what is wrong."""
        try:
            self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                         timeout=DEFAULT_BUSY_MS / 1000, check_same_thread=False)
        except sqlite3.Error as e:
            return str(e)
        try:
            return None if self._interrupted else _quick_check(self._conn)
        except sqlite3.DatabaseError as e:
            return None if self._interrupted else str(e)
        finally:
            self._conn.close()

    def interrupt(self) -> None:
        self._interrupted = True
        if self._conn is not None:
            with contextlib.suppress(sqlite3.ProgrammingError):  # already closed
                self._conn.interrupt()


def _copy_title(title: str) -> str:
    suffix = " (copy)"
    return (title[: 200 - len(suffix)] + suffix) if len(title) + len(suffix) > 200 else title + suffix


def _hash_stream(f: InputFile) -> tuple[str, int]:
    """The SHA-256 and the number of bytes of what is left of a file."""
    h = hashlib.sha256()
    size = 0
    while chunk := f.read(CHUNK):
        h.update(chunk)
        size += len(chunk)
    return h.hexdigest(), size


def export_year_problem(year: int) -> str | None:
    """Why ``year`` cannot be an export year (the years of DESIGN.md section 3's dates), or None."""
    if YEAR_MIN <= year <= YEAR_MAX:
        return None
    return f"expected a year from {YEAR_MIN} to {YEAR_MAX}, found {year}"


_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"/\\|?*]')
_NAME_BYTES = 200  # of a file name written on export; file systems allow 255


def _safe_file_name(filename: str) -> str:
    """The last part of a stored file name, without separators, control or reserved characters."""
    name = _UNSAFE_NAME.sub("_", files.readable_name(re.split(r"[\\/]", filename)[-1]))
    name = name.strip(" .")
    if len(name.encode("utf-8")) > _NAME_BYTES - 70:  # room for the id and a counter
        stem, dot, ext = name.rpartition(".")
        ext = dot + ext if dot and 0 < len(ext) <= 16 else ""
        stem = name[: len(name) - len(ext)]
        while len((stem + ext).encode("utf-8")) > _NAME_BYTES - 70:
            stem = stem[: max(1, len(stem) * 3 // 4)] if len(stem) > 1 else ""
        name = stem.rstrip(" .") + ext
    return name or "file"


def evidence_file_names(evidence: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The file name each evidence file gets on export, by evidence id: ``<id>-<file name>``, both
    cleaned to safe parts (ids stored by older versions may hold anything), never a path, never
    starting with a dot, at most 200 bytes, and different from every other (a counter is added)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for eid, filename in evidence:
        safe_id = re.sub(r"[^A-Za-z0-9_-]", "_", eid, flags=re.ASCII)[:64] or "ev"
        name = f"{safe_id}-{_safe_file_name(filename)}"
        stem, dot, ext = name.rpartition(".")
        if not dot or "-" not in stem:
            stem, dot, ext = name, "", ""
        n = 1
        while name.casefold() in taken:  # also unique where case does not count (Windows, macOS)
            n += 1
            name = f"{stem}-{n}{dot}{ext}"
        taken.add(name.casefold())
        names[eid] = name
    return names


def _refuse_in_the_way(path: Path, *, folder: bool = False) -> None:
    """A ``WriteError`` when ``path`` holds something export must not write into or over: for a
    file, anything but a regular file; for the evidence folder, anything but a real folder."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise files.WriteError(path, "is a symbolic link; export writes only into a real folder and "
                                     "never through a link: move it away or export elsewhere")
    if folder and not stat.S_ISDIR(mode):
        raise files.WriteError(path, "is in the way: it is not a folder, and the evidence files go "
                                     "into a folder of that name: move it away or export elsewhere")
    if not folder and not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a special file"
        raise files.WriteError(path, f"is in the way: {kind}, not a regular file: move it away or "
                                     "export elsewhere")


def write_atomically(target: Path, chunks: Iterator[bytes]) -> None:
    """Write a file via a temporary one and a rename, so a crash never leaves half a file.

    Only a regular file (or a symbolic link, which is replaced, not followed) is written over; every
    failure is a ``WriteError`` (an ``OSError``) that names ``target`` and says why in words."""
    target = Path(target)
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as e:
        raise files.write_error(e, target) from None
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        kind = "a folder" if stat.S_ISDIR(mode) else "a device" if stat.S_ISCHR(mode) or \
            stat.S_ISBLK(mode) else "a special file"
        raise files.WriteError(target, f"is {kind}, not a regular file; expected a file to write")
    tmp = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("xb") as f:  # "x": never through something planted under the temporary name
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except OSError as e:
        raise files.write_error(e, target) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _diff(old: Dossier, new: Dossier) -> list[tuple[str, str | None, str | None]]:
    """(field, old JSON, new JSON) for each top-level field and each answer that changed."""
    a, b = _dossier.dossier_to_json(old), _dossier.dossier_to_json(new)
    out = []
    for key in dict.fromkeys([*a, *b]):
        if key == "answers":
            qa, qb = a.get(key, {}), b.get(key, {})
            for qid in dict.fromkeys([*qa, *qb]):
                if qa.get(qid) != qb.get(qid):
                    out.append((f"answers.{qid}", _json(qa.get(qid)), _json(qb.get(qid))))
        elif key == "evidence":
            strip = [{k: v for k, v in e.items() if k != "path"} for e in a.get(key, [])]
            strip_b = [{k: v for k, v in e.items() if k != "path"} for e in b.get(key, [])]
            if strip != strip_b:
                out.append((key, _json(strip), _json(strip_b)))
        elif a.get(key) != b.get(key):
            out.append((key, _json(a.get(key)), _json(b.get(key))))
    return out


__all__ = ["BusyError", "FrozenError", "NotFoundError", "StoreError", "Summary",
           "Workbook", "default_workbook_path"]
