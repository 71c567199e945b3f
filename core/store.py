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
insert, update or delete touching a finalised dossier is aborted by SQLite, whoever issues it, also
by way of REPLACE conflict resolution (m005).

What the triggers cannot stop (someone who drops them, or edits the file) ``verify`` finds: the
schema is compared with what the applied steps create (``schema_deviations``; a workbook that differs
is refused on open, before anything in it can run); each journal entry is hash-chained to the one
before and records the dossier's fingerprint after it, so a dossier whose rows no longer give its
last recorded fingerprint, a removed last entry or an emptied journal shows. A sign-off's seal is
the hash of its journal entry, which records the sealed fingerprint: printed on the report, it lets
``verify --seal`` prove years later that the workbook still holds that record, even against a
journal rewritten with consistent hashes (which then no longer contains the seal).

Damage, and what opening reads. Opening reads the file's first page and its schema, never the whole
file, so that every command takes the same time whatever the size of the workbook. What is promised:

- Refused when it is opened, before anything is written: a file that is not an SQLite database, or
  whose header is damaged (SQLite checks the magic string, page size and payload fractions on the
  first read), a file shorter than its header says (SQLite compares the header's page count, where
  it is valid, with the file and its write-ahead log), a file whose size is not a whole number of
  pages (checked here: cut short or added to), and an empty file (never turned into a workbook: a
  new workbook is made beside the name and linked into place only where no file exists, so that it
  appears whole or not at all).
- Damage anywhere else is found by the command that reads the damaged pages: SQLite checks each
  page it reads, with ``cell_size_check`` on also the size of every cell in it. The command stops
  with ``DamagedError`` ("the workbook is damaged ...; restore it from a backup"), a write is rolled
  back (nothing of it reaches the file), and a ``Workbook`` that has met damage refuses every later
  write.
- Not promised: damage in pages a command does not read goes unnoticed by that command, and a
  write that does not touch the damaged pages is kept. The whole file is checked by ``verify``
  (``PRAGMA integrity_check``), by the desktop program's background ``IntegrityCheck``, and by
  ``Workbook.open(check=True)``.

Network drives. A workbook on a network file system (``core/netfs.py``: NFS, SMB, WebDAV, SSH
mounts...) is never written: the write-ahead log's shared memory and SQLite's locks do not work
reliably there, and two programs on two machines writing one workbook can damage it. It is opened
read-only as below, without SQLite's shared memory (``immutable=1``, with the check that the file did
not change while it was read), and refused when its ``-wal`` file holds changes (someone has it
open, or it was not closed cleanly). A new workbook is never made there. The messages say why, and
what to do: keep the workbook on a local disk and back it up to the share.

Read-only workbooks. When this process cannot write the workbook, its folder (which holds SQLite's
``-wal`` and ``-shm`` files) or its file system (``_why_read_only``), the workbook is opened
read-only: reading works, and every write raises ``ReadOnlyError`` ("... is read-only (why);
nothing was changed") before anything is tried. It is read with ``mode=ro``, which keeps SQLite's
locking, so that a program writing it elsewhere at the same time is seen consistently; in a writable
folder SQLite makes (and leaves) the ``-wal`` and ``-shm`` files that this needs. Where they cannot be
made (a read-only folder or file system) and no ``-wal`` file exists, the file is read with
``immutable=1``: SQLite takes no locks and assumes that nobody changes the file. On a read-only file
system nobody can; in a folder only others may write, its owner could, and a checkpoint of theirs
during the read would show half of one state and half of another. So the file's identity, size and
change times are noted before it is opened, and compared when a ``with`` block ends, and when
damage is met: a change raises ``StoreError`` ("changed by another program while it was being read
... run the command again") instead of returning what was read. (File systems with coarse time
stamps make that check weaker.) A read-only workbook whose ``-wal`` file holds changes that cannot be
read there (no ``-shm`` file, and none can be made) is refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import itertools
import json
import os
import re
import shutil
import sqlite3
import stat
from collections.abc import Callable, Generator, Iterator, Sequence
from functools import cache, cached_property, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, NamedTuple, ParamSpec, TypeVar

import platformdirs

from core import countries, netfs, presence
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


class DamagedError(StoreError):
    """The workbook file is damaged where this command read it; nothing was changed."""


class ReadOnlyError(StoreError):
    """The workbook was opened read-only (its file, folder or file system cannot be written)."""


class SchemaError(StoreError):
    """The workbook's tables, indexes, triggers or views are not those its schema steps create: it
    was changed outside ddworkbook. ``deviations`` names each difference."""

    def __init__(self, path: Path, deviations: Sequence[str]) -> None:
        self.path = path
        self.deviations = list(deviations)
        shown = "; ".join(self.deviations[:3])
        more = len(self.deviations) - 3
        if more > 0:
            shown += f"; and {more} more"
        super().__init__(
            f"{path}: the workbook's structure was changed outside ddworkbook ({shown}); "
            "it is not opened, so that nothing in it can run: restore it from a backup "
            "('ddworkbook verify' lists every difference)"
        )


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
        raise StoreError(
            f"DDWORKBOOK_BUSY_TIMEOUT_MS: expected a whole number of milliseconds from 0 "
            f"to {MAX_BUSY_MS}, found {shown!r}"
        )
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
    db.table("meta").insert_all(
        [
            {"key": "application", "value": APPLICATION},
            {"key": "workbook_id", "value": os.urandom(16).hex()},
            {"key": "created_at", "value": _now()},
        ]
    )
    db.table("dossiers").create(
        {
            "id": str,
            "title": str,
            "reference": str,
            "member_state": str,
            "exporter_name": str,
            "exporter_address": str,
            "exporter_country": str,
            "exporter_contact": str,
            "item_name": str,
            "item_version": str,
            "item_kind": str,
            "item_description": str,
            "destination_country": str,
            "stated_end_use": str,
            "party_names": str,
            "status": str,
            "outcome": str,
            "fingerprint": str,
            "signed_name": str,
            "signed_role": str,
            "signed_date": str,
            "export_year": int,
            "retention_until": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"title", "status", "created_at", "updated_at"},
        defaults={"status": "draft"},
    )
    db.table("dossiers").create_index(["updated_at"])
    fk = [("dossier_id", "dossiers", "id")]
    db.table("parties").create(
        {
            "dossier_id": str,
            "position": int,
            "role": str,
            "name": str,
            "country": str,
            "address": str,
            "sector": str,
        },
        pk=("dossier_id", "position"),
        foreign_keys=fk,
        not_null={"dossier_id"},
    )
    db.table("answers").create(
        {"dossier_id": str, "question_id": str, "position": int, "value": str, "rationale": str},
        pk=("dossier_id", "question_id"),
        foreign_keys=fk,
    )
    db.table("answer_evidence").create(
        {"dossier_id": str, "question_id": str, "position": int, "evidence_id": str},
        pk=("dossier_id", "question_id", "position"),
        foreign_keys=fk,
    )
    db.table("red_flags").create(
        {"dossier_id": str, "position": int, "flag_id": str, "status": str, "note": str},
        pk=("dossier_id", "position"),
        foreign_keys=fk,
    )
    db.table("mitigations").create(
        {"dossier_id": str, "position": int, "measure_id": str, "note": str},
        pk=("dossier_id", "position"),
        foreign_keys=fk,
    )
    db.table("blobs").create(
        {"sha256": str, "size": int, "data": bytes}, pk="sha256", not_null={"size", "data"}
    )
    db.table("evidence").create(
        {
            "dossier_id": str,
            "evidence_id": str,
            "position": int,
            "filename": str,
            "sha256": str,
            "size": int,
            "description": str,
            "added_at": str,
            "blob": str,
        },
        pk=("dossier_id", "evidence_id"),
        foreign_keys=[("dossier_id", "dossiers", "id"), ("blob", "blobs", "sha256")],
    )
    db.table("journal").create(
        {
            "seq": int,
            "at": str,
            "actor": str,
            "dossier_id": str,
            "action": str,
            "field": str,
            "old": str,
            "new": str,
            "prev_hash": str,
            "hash": str,
        },
        pk="seq",
        not_null={"at", "actor", "action", "prev_hash", "hash"},
    )
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


_FREEZE_SQL = "\n".join(
    [
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
    ]
)


def m002_search(db: Database) -> None:
    """Full-text search over titles, references, item and party names (sqlite-utils' FTS5)."""
    db.table("dossiers").enable_fts(
        ["title", "reference", "item_name", "party_names"],
        create_triggers=True,
        tokenize="unicode61 remove_diacritics 2",
    )


def m003_ui_state(db: Database) -> None:
    """Where the desktop program was in each dossier, so that it reopens there. Not part of the
    record: it is not journaled and stays writable after finalising."""
    db.table("ui_state").create(
        {"dossier_id": str, "page": str}, pk="dossier_id", foreign_keys=[("dossier_id", "dossiers", "id")]
    )


def m004_country_names(db: Database) -> None:
    """The names the dossier list shows for destination codes, so that listing needs no country
    database. A display cache, not part of the record: refreshed whenever a dossier is written."""
    db.table("country_names").create({"code": str, "name": str}, pk="code", not_null={"name"})
    db.table("country_names").insert_all(
        [{"code": code, "name": name} for code, name in countries.all_countries()]
    )


_REFUSED_FROZEN = "BEGIN SELECT RAISE(ABORT, 'dossier is finalised and cannot be changed'); END"

# What m005 adds to the freeze. SQLite's REPLACE conflict resolution (REPLACE, INSERT OR REPLACE,
# UPDATE OR REPLACE) removes the row it replaces without firing that row's DELETE triggers (unless a
# connection turns recursive_triggers on), so a finalised row could be swapped for a draft by key or
# by rowid. An insert that would replace a finalised row is refused before it happens (BEFORE INSERT
# triggers run for UPSERT too), ids and rowids never change, the journal only grows at its end, and
# evidence files are neither changed nor, while a dossier uses them, removed (foreign keys on or off).
_GUARD_SQL: tuple[str, ...] = (
    "CREATE TRIGGER dossiers_no_replace BEFORE INSERT ON dossiers WHEN EXISTS (SELECT 1 FROM dossiers "
    f"WHERE status = 'final' AND (id = NEW.id OR rowid = NEW.rowid)) {_REFUSED_FROZEN}",
    "CREATE TRIGGER dossiers_key_fixed BEFORE UPDATE ON dossiers WHEN NEW.id IS NOT OLD.id "
    "OR NEW.rowid IS NOT OLD.rowid "
    "BEGIN SELECT RAISE(ABORT, 'the id of a dossier cannot be changed'); END",
    "CREATE TRIGGER journal_append_only BEFORE INSERT ON journal "
    "WHEN NEW.seq IS NOT coalesce((SELECT max(seq) FROM journal), 0) + 1 "
    f"OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM journal ORDER BY seq DESC LIMIT 1), '{GENESIS}') "
    "BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END",
    "CREATE TRIGGER blobs_no_replace BEFORE INSERT ON blobs WHEN EXISTS (SELECT 1 FROM blobs "
    "WHERE sha256 = NEW.sha256 OR rowid = NEW.rowid) "
    "BEGIN SELECT RAISE(ABORT, 'evidence files cannot be changed'); END",
    "CREATE TRIGGER blobs_no_change BEFORE UPDATE ON blobs "
    "BEGIN SELECT RAISE(ABORT, 'evidence files cannot be changed'); END",
    "CREATE TRIGGER blobs_no_delete BEFORE DELETE ON blobs WHEN EXISTS (SELECT 1 FROM evidence "
    "WHERE blob = OLD.sha256) BEGIN SELECT RAISE(ABORT, 'evidence files in use cannot be removed'); END",
    *[
        sql
        for t in CHILD_TABLES
        for sql in (
            f"CREATE TRIGGER {t}_no_replace BEFORE INSERT ON {t} WHEN EXISTS (SELECT 1 FROM {t} x "
            f"WHERE x.rowid = NEW.rowid AND {_frozen('x')}) {_REFUSED_FROZEN}",
            f"CREATE TRIGGER {t}_rowid_fixed BEFORE UPDATE ON {t} WHEN NEW.rowid IS NOT OLD.rowid "
            "BEGIN SELECT RAISE(ABORT, 'rows of a dossier cannot be renumbered'); END",
        )
    ],
)


def m005_integrity(db: Database) -> None:
    """Seals and anchors. Each journal entry that changes a dossier records the dossier's fingerprint
    after it (``journal.fingerprint``, hashed into the entry only when present, so that older entries
    still verify), and a finalised dossier keeps its seal, the hash of its sign-off entry
    (``dossiers.seal``). Every dossier already in the workbook gets one "checkpoint" entry recording
    its current fingerprint (and, when finalised, its sealed fingerprint: that entry is its seal).
    Then the triggers of ``_GUARD_SQL`` close the ways around the freeze."""
    c = db.conn
    c.execute("ALTER TABLE journal ADD COLUMN fingerprint TEXT")
    c.execute("ALTER TABLE dossiers ADD COLUMN seal TEXT")
    # the seals of dossiers finalised before this step are written past the freeze, in this step only
    (freeze_sql,) = c.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'dossiers_frozen_update'"
    ).fetchone()
    c.execute("DROP TRIGGER dossiers_frozen_update")
    Workbook(Path("workbook"), c, None, current_actor())._checkpoint_all()
    c.execute(freeze_sql)
    for sql in _GUARD_SQL:
        c.execute(sql)


STEPS: tuple[Callable[[Database], None], ...] = (
    m001_initial,
    m002_search,
    m003_ui_state,
    m004_country_names,
    m005_integrity,
)
KNOWN_MIGRATIONS = tuple(step.__name__ for step in STEPS)


@cache
def migrations() -> Migrations:
    """The schema steps as a sqlite-utils migration set (imports sqlite-utils)."""
    from sqlite_utils import Migrations

    steps = Migrations(APPLICATION)
    for step in STEPS:
        steps()(step)
    return steps


# ---------------------------------------------------------------------------- the known schema

# What each step leaves in sqlite_master, as data: (type, name, table, SQL with its whitespace
# collapsed), ANY_SQL where the text is SQLite's or sqlite-utils' own (FTS5 shadow tables, the
# migrations table) and may differ between their versions. A workbook whose objects differ from
# those of its applied steps was changed outside ddworkbook and is refused before anything in it can
# run (tests/test_integrity.py checks that running the steps gives exactly this). Copies of the
# steps' texts on purpose: an edit to an existing step's SQL fails that test instead of locking
# users out of the workbooks they have.
ANY_SQL = "*"
_SCHEMA_CHILDREN = ("parties", "answers", "answer_evidence", "red_flags", "mitigations", "evidence")
_FINAL = "(SELECT status FROM dossiers WHERE id = {a}.dossier_id) = 'final'"
_KEPT = "(SELECT retention_until FROM dossiers WHERE id = {a}.dossier_id) >= date('now')"
_ABORT = "BEGIN SELECT RAISE(ABORT, '{}'); END"
_FROZEN_ABORT = _ABORT.format("dossier is finalised and cannot be changed")
_DOSSIERS_M001 = (
    'CREATE TABLE "dossiers" ( "id" TEXT PRIMARY KEY, "title" TEXT NOT NULL, "reference" TEXT, '
    '"member_state" TEXT, "exporter_name" TEXT, "exporter_address" TEXT, "exporter_country" TEXT, '
    '"exporter_contact" TEXT, "item_name" TEXT, "item_version" TEXT, "item_kind" TEXT, '
    '"item_description" TEXT, "destination_country" TEXT, "stated_end_use" TEXT, "party_names" TEXT, '
    '"status" TEXT NOT NULL DEFAULT \'draft\', "outcome" TEXT, "fingerprint" TEXT, "signed_name" TEXT, '
    '"signed_role" TEXT, "signed_date" TEXT, "export_year" INTEGER, "retention_until" TEXT, '
    '"created_at" TEXT NOT NULL, "updated_at" TEXT NOT NULL )'
)
_JOURNAL_M001 = (
    'CREATE TABLE "journal" ( "seq" INTEGER PRIMARY KEY, "at" TEXT NOT NULL, "actor" TEXT NOT NULL, '
    '"dossier_id" TEXT, "action" TEXT NOT NULL, "field" TEXT, "old" TEXT, "new" TEXT, '
    '"prev_hash" TEXT NOT NULL, "hash" TEXT NOT NULL )'
)
_FK = 'REFERENCES "dossiers"("id")'
_FTS_COLUMNS = '"title", "reference", "item_name", "party_names"'
_FTS_NEW = 'VALUES (new.rowid, new."title", new."reference", new."item_name", new."party_names");'
_FTS_OLD = (
    'INSERT INTO "dossiers_fts" ("dossiers_fts", rowid, "title", "reference", "item_name", '
    '"party_names") VALUES(\'delete\', old.rowid, old."title", old."reference", old."item_name", '
    'old."party_names");'
)


def _added_column(table_sql: str, column: str) -> str:
    """A table's SQL text after ``ALTER TABLE ... ADD COLUMN`` (SQLite splices it in before the ``)``)."""
    return f"{table_sql[:-1]}, {column})"


def _schema_of_steps() -> dict[str, tuple[tuple[str, str, str, str], ...]]:
    children = _SCHEMA_CHILDREN
    return {
        "m001_initial": (
            ("table", "_sqlite_migrations", "_sqlite_migrations", ANY_SQL),
            ("index", "idx__sqlite_migrations_migration_set_name", "_sqlite_migrations", ANY_SQL),
            ("table", "meta", "meta", 'CREATE TABLE "meta" ( "key" TEXT PRIMARY KEY, "value" TEXT )'),
            ("table", "dossiers", "dossiers", _DOSSIERS_M001),
            (
                "index",
                "idx_dossiers_updated_at",
                "dossiers",
                'CREATE INDEX "idx_dossiers_updated_at" ON "dossiers" ("updated_at")',
            ),
            (
                "table",
                "parties",
                "parties",
                f'CREATE TABLE "parties" ( "dossier_id" TEXT NOT NULL {_FK}, "position" INTEGER, '
                '"role" TEXT, '
                '"name" TEXT, "country" TEXT, "address" TEXT, "sector" TEXT, '
                'PRIMARY KEY ("dossier_id", "position") )',
            ),
            (
                "table",
                "answers",
                "answers",
                f'CREATE TABLE "answers" ( "dossier_id" TEXT {_FK}, "question_id" TEXT, "position" INTEGER, '
                '"value" TEXT, "rationale" TEXT, PRIMARY KEY ("dossier_id", "question_id") )',
            ),
            (
                "table",
                "answer_evidence",
                "answer_evidence",
                f'CREATE TABLE "answer_evidence" ( "dossier_id" TEXT {_FK}, "question_id" TEXT, '
                '"position" INTEGER, "evidence_id" TEXT, '
                'PRIMARY KEY ("dossier_id", "question_id", "position") )',
            ),
            (
                "table",
                "red_flags",
                "red_flags",
                f'CREATE TABLE "red_flags" ( "dossier_id" TEXT {_FK}, "position" INTEGER, "flag_id" TEXT, '
                '"status" TEXT, "note" TEXT, PRIMARY KEY ("dossier_id", "position") )',
            ),
            (
                "table",
                "mitigations",
                "mitigations",
                f'CREATE TABLE "mitigations" ( "dossier_id" TEXT {_FK}, "position" INTEGER, '
                '"measure_id" TEXT, '
                '"note" TEXT, PRIMARY KEY ("dossier_id", "position") )',
            ),
            (
                "table",
                "blobs",
                "blobs",
                'CREATE TABLE "blobs" ( "sha256" TEXT PRIMARY KEY, "size" INTEGER NOT NULL, '
                '"data" BLOB NOT NULL )',
            ),
            (
                "table",
                "evidence",
                "evidence",
                f'CREATE TABLE "evidence" ( "dossier_id" TEXT {_FK}, "evidence_id" TEXT, "position" INTEGER, '
                '"filename" TEXT, "sha256" TEXT, "size" INTEGER, "description" TEXT, "added_at" TEXT, '
                '"blob" TEXT REFERENCES "blobs"("sha256"), PRIMARY KEY ("dossier_id", "evidence_id") )',
            ),
            ("table", "journal", "journal", _JOURNAL_M001),
            (
                "index",
                "idx_journal_dossier_id",
                "journal",
                'CREATE INDEX "idx_journal_dossier_id" ON "journal" ("dossier_id")',
            ),
            *[("index", f"{t}_dossier", t, f"CREATE INDEX {t}_dossier ON {t}(dossier_id)") for t in children],
            (
                "trigger",
                "dossiers_frozen_update",
                "dossiers",
                "CREATE TRIGGER dossiers_frozen_update BEFORE UPDATE ON dossiers WHEN OLD.status = 'final' "
                + _FROZEN_ABORT,
            ),
            (
                "trigger",
                "dossiers_frozen_delete",
                "dossiers",
                "CREATE TRIGGER dossiers_frozen_delete BEFORE DELETE ON dossiers WHEN OLD.status = 'final' "
                "AND OLD.retention_until >= date('now') "
                + _ABORT.format("dossier is finalised and inside its retention period"),
            ),
            (
                "trigger",
                "journal_no_update",
                "journal",
                "CREATE TRIGGER journal_no_update BEFORE UPDATE ON "
                "journal " + _ABORT.format("the journal is append-only"),
            ),
            (
                "trigger",
                "journal_no_delete",
                "journal",
                "CREATE TRIGGER journal_no_delete BEFORE DELETE ON "
                "journal " + _ABORT.format("the journal is append-only"),
            ),
            (
                "trigger",
                "blobs_no_update",
                "blobs",
                "CREATE TRIGGER blobs_no_update BEFORE UPDATE OF sha256, "
                "size ON blobs " + _ABORT.format("evidence files cannot be changed"),
            ),
            *[
                row
                for t in children
                for row in (
                    (
                        "trigger",
                        f"{t}_frozen_insert",
                        t,
                        f"CREATE TRIGGER {t}_frozen_insert BEFORE INSERT ON {t} "
                        f"WHEN {_FINAL.format(a='NEW')} {_FROZEN_ABORT}",
                    ),
                    (
                        "trigger",
                        f"{t}_frozen_update",
                        t,
                        f"CREATE TRIGGER {t}_frozen_update BEFORE UPDATE ON {t} "
                        f"WHEN {_FINAL.format(a='OLD')} OR {_FINAL.format(a='NEW')} {_FROZEN_ABORT}",
                    ),
                    (
                        "trigger",
                        f"{t}_frozen_delete",
                        t,
                        f"CREATE TRIGGER {t}_frozen_delete BEFORE DELETE ON {t} "
                        f"WHEN {_FINAL.format(a='OLD')} AND {_KEPT.format(a='OLD')} {_FROZEN_ABORT}",
                    ),
                )
            ],
        ),
        "m002_search": (
            (
                "table",
                "dossiers_fts",
                "dossiers_fts",
                f'CREATE VIRTUAL TABLE "dossiers_fts" USING FTS5 ( {_FTS_COLUMNS}, '
                "tokenize='unicode61 remove_diacritics 2', content=\"dossiers\" )",
            ),
            *[
                ("table", f"dossiers_fts_{shadow}", f"dossiers_fts_{shadow}", ANY_SQL)
                for shadow in ("data", "idx", "docsize", "config")
            ],
            (
                "trigger",
                "dossiers_ai",
                "dossiers",
                'CREATE TRIGGER "dossiers_ai" AFTER INSERT ON "dossiers" '
                f'BEGIN INSERT INTO "dossiers_fts" (rowid, {_FTS_COLUMNS}) {_FTS_NEW} END',
            ),
            (
                "trigger",
                "dossiers_ad",
                "dossiers",
                f'CREATE TRIGGER "dossiers_ad" AFTER DELETE ON "dossiers" BEGIN {_FTS_OLD} END',
            ),
            (
                "trigger",
                "dossiers_au",
                "dossiers",
                'CREATE TRIGGER "dossiers_au" AFTER UPDATE ON "dossiers" '
                f'BEGIN {_FTS_OLD} INSERT INTO "dossiers_fts" (rowid, {_FTS_COLUMNS}) {_FTS_NEW} END',
            ),
        ),
        "m003_ui_state": (
            (
                "table",
                "ui_state",
                "ui_state",
                'CREATE TABLE "ui_state" ( "dossier_id" TEXT PRIMARY KEY REFERENCES "dossiers"("id"), '
                '"page" TEXT )',
            ),
        ),
        "m004_country_names": (
            (
                "table",
                "country_names",
                "country_names",
                'CREATE TABLE "country_names" ( "code" TEXT PRIMARY KEY, "name" TEXT NOT NULL )',
            ),
        ),
        "m005_integrity": (
            ("table", "journal", "journal", _added_column(_JOURNAL_M001, "fingerprint TEXT")),
            ("table", "dossiers", "dossiers", _added_column(_DOSSIERS_M001, "seal TEXT")),
            (
                "trigger",
                "dossiers_no_replace",
                "dossiers",
                "CREATE TRIGGER dossiers_no_replace BEFORE INSERT ON dossiers WHEN EXISTS (SELECT 1 FROM "
                "dossiers WHERE status = 'final' AND (id = NEW.id OR rowid = NEW.rowid)) " + _FROZEN_ABORT,
            ),
            (
                "trigger",
                "dossiers_key_fixed",
                "dossiers",
                "CREATE TRIGGER dossiers_key_fixed BEFORE UPDATE ON dossiers WHEN NEW.id IS NOT OLD.id OR "
                "NEW.rowid IS NOT OLD.rowid " + _ABORT.format("the id of a dossier cannot be changed"),
            ),
            (
                "trigger",
                "journal_append_only",
                "journal",
                "CREATE TRIGGER journal_append_only BEFORE INSERT ON journal WHEN NEW.seq IS NOT "
                "coalesce((SELECT max(seq) FROM journal), 0) + 1 OR NEW.prev_hash IS NOT coalesce((SELECT "
                f"hash FROM journal ORDER BY seq DESC LIMIT 1), '{'0' * 64}') "
                + _ABORT.format("the journal is append-only"),
            ),
            (
                "trigger",
                "blobs_no_replace",
                "blobs",
                "CREATE TRIGGER blobs_no_replace BEFORE INSERT ON blobs WHEN EXISTS (SELECT 1 FROM blobs "
                "WHERE sha256 = NEW.sha256 OR rowid = NEW.rowid) "
                + _ABORT.format("evidence files cannot be changed"),
            ),
            (
                "trigger",
                "blobs_no_change",
                "blobs",
                "CREATE TRIGGER blobs_no_change BEFORE UPDATE ON blobs "
                + _ABORT.format("evidence files cannot be changed"),
            ),
            (
                "trigger",
                "blobs_no_delete",
                "blobs",
                "CREATE TRIGGER blobs_no_delete BEFORE DELETE ON blobs WHEN EXISTS (SELECT 1 FROM evidence "
                "WHERE blob = OLD.sha256) " + _ABORT.format("evidence files in use cannot be removed"),
            ),
            *[
                row
                for t in children
                for row in (
                    (
                        "trigger",
                        f"{t}_no_replace",
                        t,
                        f"CREATE TRIGGER {t}_no_replace BEFORE INSERT ON {t} WHEN "
                        f"EXISTS (SELECT 1 FROM {t} x WHERE x.rowid = NEW.rowid AND {_FINAL.format(a='x')}) "
                        + _FROZEN_ABORT,
                    ),
                    (
                        "trigger",
                        f"{t}_rowid_fixed",
                        t,
                        f"CREATE TRIGGER {t}_rowid_fixed BEFORE UPDATE ON {t} "
                        "WHEN NEW.rowid IS NOT OLD.rowid "
                        + _ABORT.format("rows of a dossier cannot be renumbered"),
                    ),
                )
            ],
        ),
    }


@cache
def expected_schema(steps: tuple[str, ...]) -> dict[str, tuple[str, str, str]]:
    """The objects the given applied steps leave in sqlite_master: name -> (type, table, SQL)."""
    by_step = _schema_of_steps()
    expected: dict[str, tuple[str, str, str]] = {}
    for step in steps:
        for type_, name, table, sql in by_step[step]:
            expected[name] = (type_, table, sql)
    return expected


def _sqlite_own(type_: str, name: str) -> bool:
    """Objects SQLite makes by itself: indexes of PRIMARY KEY and UNIQUE constraints, AUTOINCREMENT's
    counters and ANALYZE's statistics."""
    if type_ == "index":
        return name.startswith("sqlite_autoindex_")
    return type_ == "table" and name in (
        "sqlite_sequence",
        "sqlite_stat1",
        "sqlite_stat2",
        "sqlite_stat3",
        "sqlite_stat4",
    )


def _collapse(sql: str | None) -> str | None:
    return None if sql is None else " ".join(sql.split())


def schema_deviations(conn: sqlite3.Connection, steps: Sequence[str]) -> list[str]:
    """How the workbook's schema differs from what its applied steps create, one item each: unknown,
    changed and missing tables, indexes, triggers and views. Reads sqlite_master only."""
    expected = expected_schema(tuple(steps))
    found: set[str] = set()
    out = []
    for type_, name, table, sql in conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"
    ):
        want = expected.get(name)
        if want is None:
            if not _sqlite_own(type_, name):
                on = f" on table {table!r}" if type_ in ("trigger", "index") else ""
                out.append(f"unknown {type_} {name!r}{on}")
            continue
        found.add(name)
        if type_ != want[0]:
            out.append(f"changed {want[0]} {name!r}: it is now a {type_}")
        elif table != want[1] or (want[2] != ANY_SQL and _collapse(sql) != want[2]):
            out.append(f"changed {type_} {name!r}")
    out += [f"missing {type_} {name!r}" for name, (type_, _t, _s) in expected.items() if name not in found]
    return out


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
        return {
            "id": self.id,
            "title": self.title,
            "reference": self.reference,
            "destination_country": self.destination_country,
            "status": self.status,
            "outcome": self.outcome,
            "updated": self.updated,
            "fingerprint": self.fingerprint,
        }


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
    fingerprint: str | None = None  # the dossier's fingerprint after this entry (from m005 on)


class Seal(NamedTuple):
    """A sign-off's seal: the hash of the journal entry that recorded the sign-off and the sealed
    fingerprint. That hash commits to the whole journal before it (through ``prev_hash``, the
    journal's head at sign-off) and to the dossier's sealed data."""

    dossier_id: str
    seal: str
    seq: int  # the sign-off entry
    at: str
    prev_hash: str  # the head of the journal before it: entry seq - 1 (GENESIS when there was none)
    sealed_fingerprint: str


class Snapshot(NamedTuple):
    """What a workbook file holds, in words a user recognises: for backups and restores."""

    path: Path
    size: int  # bytes
    dossiers: int
    journal_seq: int  # the journal's head: its last entry's number and hash ("" when empty)
    journal_hash: str
    last_change: str | None  # when its journal was last written (ISO 8601), None when empty

    def describe(self) -> str:
        head = (
            f"journal head entry {self.journal_seq} ({self.journal_hash[:16]}…)"
            if self.journal_seq
            else "an empty journal"
        )
        when = f", last changed {self.last_change[:16].replace('T', ' ')} UTC" if self.last_change else ""
        noun = "dossier" if self.dossiers == 1 else "dossiers"
        return f"{self.dossiers} {noun}, {head}{when}, {self.size / 1048576:.1f} MB"


class BackupProblems(StoreError):
    """A copy (a backup being made, or one being restored) did not pass its check; nothing was kept."""

    def __init__(self, message: str, problems: Sequence[str]) -> None:
        super().__init__(message)
        self.problems = list(problems)


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


def _entry_hash(
    prev: str,
    seq: int,
    at: str,
    actor: str,
    dossier_id: str | None,
    action: str,
    field: str | None,
    old: str | None,
    new: str | None,
    fingerprint: str | None = None,
) -> str:
    """SHA-256 of the previous entry's hash, a newline and the entry as a compact JSON array
    ``[seq, at, actor, dossier_id, action, field, old, new]``, with ``fingerprint`` appended to the
    array when the entry records one (entries written before m005 have none)."""
    values: list[Any] = [seq, at, actor, dossier_id, action, field, old, new]
    if fingerprint is not None:
        values.append(fingerprint)
    body = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev}\n{body}".encode()).hexdigest()


def _json(value: Any) -> str | None:
    return (
        None
        if value is None
        else json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    )


# ---------------------------------------------------------------------------- opening, damage


def _why_read_only(path: Path) -> str | None:
    """Why this process cannot change the workbook at ``path`` (or make one there), or None when it
    can: SQLite writes the file and makes its ``-wal`` and ``-shm`` files in the same folder."""
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        with contextlib.suppress(OSError, AttributeError):  # statvfs: not on Windows
            if os.statvfs(folder).f_flag & os.ST_RDONLY:
                return "it is on a read-only file system"
        return f"its folder {folder} cannot be written"
    if path.exists() and not os.access(path, os.W_OK):
        return "the file cannot be written"
    return None


def _on_network(mount: netfs.Mount) -> str:
    """Why a workbook on a network file system is only read, and what to do instead."""
    where = f"{mount.fstype} {mount.source}".strip()
    return (
        f"it is on a network drive ({where}), where the locks and shared memory that keep two "
        "programs from damaging a workbook do not work reliably; keep the workbook on a local disk "
        "and back it up to the share (ddworkbook backup -o FILE), or copy it to a local disk to "
        "change it"
    )


FileState = tuple[int, int, int, int, int]


def _file_state(path: Path) -> FileState | None:
    """What changes when anyone writes the file: its identity, size and change times."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def _read_only_uri(path: Path, immutable: bool = False) -> str:
    """An SQLite URI that opens ``path`` read-only (any character of the name escaped)."""
    return path.absolute().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")


def _cannot_share(e: sqlite3.Error) -> bool:
    """SQLite could not open or make the ``-wal`` or ``-shm`` file that a WAL workbook needs (or
    could not write where it had to)."""
    code = getattr(e, "sqlite_errorcode", 0)
    return (
        code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY_DIRECTORY, sqlite3.SQLITE_READONLY_CANTINIT)
        or code & 0xFF == sqlite3.SQLITE_READONLY
    )


def _is_damage(e: sqlite3.Error) -> bool:
    code = getattr(e, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in str(e)


def _damaged_message(path: Path, detail: str) -> str:
    return f"{path}: the workbook is damaged ({detail}); nothing was changed; restore it from a backup"


def _has_wal_content(path: Path) -> bool:
    try:
        return os.stat(f"{path}-wal").st_size > 0
    except OSError:
        return False


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _guarded(method: Callable[Concatenate[Workbook, _P], _R]) -> Callable[Concatenate[Workbook, _P], _R]:
    """SQLite's corruption errors as one clear ``DamagedError`` (a write is rolled back by ``_write``
    first); the workbook then refuses every later write."""

    @wraps(method)
    def guarded(self: Workbook, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as e:
            if not _is_damage(e):
                raise
            raise self._met_damage(e) from None

    return guarded


def _copy_exclusively(source: Path, target: Path) -> None:
    """Copy a file to a name where no file exists (``FileExistsError`` otherwise), synced to disk."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as f:
            shutil.copyfileobj(f, out)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _sync_folder(folder: Path) -> None:
    """Make a new name in ``folder`` durable (POSIX; elsewhere there is nothing to do)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ---------------------------------------------------------------------------- the workbook


class Workbook:
    """An open workbook file. Use ``Workbook.open(path)``; close it (or use ``with``)."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        content: Content | None,
        actor: str,
        busy_ms: int = DEFAULT_BUSY_MS,
    ) -> None:
        self.path = path
        self.busy_ms = busy_ms
        self.conn = conn
        self._content = content
        self.actor = actor
        self._presence: presence.Key | None = None
        self.read_only = False  # set by open(): see the module's notes on read-only workbooks
        self._read_only_reason = ""
        self._unlocked_state: FileState | None = None  # the file when opened without locks
        self._damage: str | None = None  # what SQLite said when this workbook met damage

    @cached_property
    def db(self) -> Database:
        """sqlite-utils' view of the connection (imported at first use)."""
        from sqlite_utils import Database

        return Database(self.conn)

    @property
    def read_only_reason(self) -> str:
        """Why the workbook was opened read-only (empty when it was not)."""
        return self._read_only_reason

    @cached_property
    def content(self) -> Content:
        return self._content if self._content is not None else default_content()

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        create: bool = True,
        actor: str | None = None,
        content: Content | None = None,
        busy_ms: int | None = None,
        check: bool = False,
    ) -> Workbook:
        """Open (and if needed create or upgrade) a workbook; ``StoreError`` says why not.

        Opening reads the file's first page and schema only (see the module's notes on damage);
        ``check=True`` also runs SQLite's quick check, which reads the whole file. A workbook that
        cannot be written here is opened read-only (``read_only``)."""
        path = Path(path)
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a workbook file")
        if busy_ms is None:
            busy_ms = busy_timeout_ms()
        actor = actor or current_actor()
        try:
            size: int | None = path.stat().st_size
        except FileNotFoundError:
            size = None
        except OSError as e:
            raise StoreError(f"{path}: cannot open: {e.strerror}") from None
        if size is None:
            if not create:
                raise StoreError(f"{path}: no workbook there")
            cls._create(path, content, actor, busy_ms)
            try:
                size = path.stat().st_size
            except OSError as e:
                raise StoreError(f"{path}: cannot open: {e.strerror}") from None
        if size == 0:
            raise StoreError(
                f"{path}: is an empty file, not a workbook; nothing was written to it. Give "
                "the name of a workbook, or a name where no file exists to make a new one"
            )
        reason = _why_read_only(path)
        unlocked = False
        network = netfs.network_file_system(path)
        if network is not None:  # read, never written, and without SQLite's shared memory
            reason, unlocked = _on_network(network), True
            if _has_wal_content(path):
                raise StoreError(
                    f"{path}: is in use by another program, or was not closed cleanly (its last "
                    f"changes are in {path.name}-wal), and {reason}; nothing was changed. Open it "
                    "where it was last used, or copy it with its -wal file to a local disk"
                ) from None
        while True:
            state = _file_state(path) if unlocked else None
            try:
                if reason is None:
                    conn = sqlite3.connect(str(path), timeout=busy_ms / 1000, isolation_level=None)
                else:
                    conn = sqlite3.connect(
                        _read_only_uri(path, immutable=unlocked),
                        uri=True,
                        timeout=busy_ms / 1000,
                        isolation_level=None,
                    )
            except sqlite3.Error as e:
                raise StoreError(f"{path}: cannot open: {e}") from None
            wb = cls(path, conn, content, actor, busy_ms)
            wb.read_only, wb._read_only_reason = reason is not None, reason or ""
            wb._unlocked_state = state
            try:
                wb._prepare(True, check)
                if not unlocked:  # SQLite holds its shared lock now; the presence lock keeps it
                    wb._presence = presence.enter(path, busy_ms / 1000)  # from being lost (presence.py)
                return wb
            except sqlite3.DatabaseError as e:
                conn.close()
                if reason is None and _cannot_share(e):  # the probe said yes, SQLite says no
                    reason = f"the file or its folder {path.parent} cannot be written"
                    continue
                if reason is not None and not unlocked and _cannot_share(e):
                    if _has_wal_content(path):
                        raise StoreError(
                            f"{path}: was not closed cleanly (its last changes are in {path.name}-wal), "
                            f"and {reason}, so it cannot be read safely here; open it once where it can "
                            "be written"
                        ) from None
                    unlocked = True  # no -wal or -shm file can be made here: read without locks
                    continue
                raise wb._open_failure(e) from None
            except BaseException:
                conn.close()
                raise

    @classmethod
    def _create(cls, path: Path, content: Content | None, actor: str, busy_ms: int) -> None:
        """A new workbook, built beside ``path`` and linked into place only where no file exists: it
        appears whole or not at all. If another program makes the file meanwhile, theirs is kept."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"{path.parent}: cannot create the folder: {e.strerror}") from None
        reason = _why_read_only(path)
        network = netfs.network_file_system(path)
        if network is not None:
            reason = _on_network(network)
        if reason is not None:
            raise ReadOnlyError(f"{path}: cannot create a workbook there: {reason}")
        new = path.with_name(f".{path.name}.{os.urandom(4).hex()}.new")
        try:
            conn = sqlite3.connect(str(new), timeout=busy_ms / 1000, isolation_level=None)
            try:
                cls(new, conn, content, actor, busy_ms)._prepare(False, False)
            finally:
                conn.close()  # the last connection: the write-ahead log is checkpointed and removed
            if new.stat().st_size == 0 or _has_wal_content(new):
                raise StoreError(f"{path}: cannot create the workbook: it was not written out whole")
            try:
                os.link(new, path)
            except FileExistsError:
                return
            except OSError:  # no hard links here (FAT, some network file systems)
                _copy_exclusively(new, path)
            _sync_folder(path.parent)
        except FileExistsError:
            return
        except sqlite3.Error as e:
            raise StoreError(f"{path}: cannot create the workbook: {e}") from None
        except OSError as e:
            raise StoreError(f"{path}: cannot create the workbook: {e.strerror}") from None
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{new}{suffix}").unlink(missing_ok=True)

    def _open_failure(self, e: sqlite3.DatabaseError) -> StoreError:
        changed = self._changed_meanwhile()
        if changed is not None:
            return changed
        code = getattr(e, "sqlite_errorcode", 0) & 0xFF
        if code == sqlite3.SQLITE_NOTADB:
            return StoreError(
                f"{self.path}: not a workbook (not an SQLite database file, or its header is damaged)"
            )
        if _is_damage(e):
            return DamagedError(_damaged_message(self.path, str(e)))
        return StoreError(f"{self.path}: not a workbook, or damaged ({e})")

    def _prepare(self, exists: bool, check: bool) -> None:
        c = self.conn
        c.execute(f"PRAGMA busy_timeout = {int(self.busy_ms)}")
        c.execute("PRAGMA cell_size_check = ON")  # stricter checks of every page read
        applied: list[str] = []
        if exists:
            # The first read: SQLite checks the header (magic string, page size, page count) here.
            tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            page_size = int(c.execute("PRAGMA page_size").fetchone()[0])
            size = os.stat(self.path).st_size
            if size % page_size:
                raise DamagedError(
                    _damaged_message(
                        self.path,
                        f"its size, {size} bytes, is not a whole number of {page_size}-byte pages: "
                        "it was cut short or added to",
                    )
                )
            if "meta" not in tables or "_sqlite_migrations" not in tables:
                raise StoreError(f"{self.path}: not a ddworkbook workbook")
            app = c.execute("SELECT value FROM meta WHERE key='application'").fetchone()
            if app is None or app[0] != APPLICATION:
                raise StoreError(f"{self.path}: not a ddworkbook workbook")
            applied = self.schema_steps
            unknown = [n for n in applied if n not in KNOWN_MIGRATIONS]
            if unknown:
                raise StoreError(
                    f"{self.path}: written by a newer version of ddworkbook (schema step "
                    f"{unknown[0]!r} is unknown to this version); update the program"
                )
            self._refuse_unknown_schema(applied)
            if check:
                problem = _quick_check(c)
                if problem:
                    raise DamagedError(_damaged_message(self.path, problem))
        if not self.read_only:
            c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA synchronous = FULL")
        c.execute("PRAGMA foreign_keys = ON")
        if not exists or set(KNOWN_MIGRATIONS) - set(applied):
            if self.read_only:
                raise ReadOnlyError(
                    f"{self.path}: the workbook must be upgraded to this version of "
                    f"ddworkbook, but it is read-only ({self._read_only_reason}); nothing "
                    "was changed. Open it once where it can be written"
                )
            if exists and applied:  # an existing workbook is upgraded: a checked copy first
                from core import backups

                backups.make(self, "before-upgrade", keep=None)
            self._busy_guard(lambda: migrations().apply(self.db))

    def _refuse_unknown_schema(self, applied: Sequence[str]) -> None:
        """Before anything is written (and so before any trigger can fire): the schema must be
        exactly what the applied steps create."""
        deviations = schema_deviations(self.conn, applied)
        if deviations:
            raise SchemaError(self.path, deviations)

    @classmethod
    def inspect(cls, path: Path) -> Workbook:
        """Open a workbook to check it, also when its structure was changed outside ddworkbook:
        read-only (nothing is written, so no trigger fires; reading runs none), not upgraded, not
        refused for its schema. For ``verify``."""
        path = Path(path)
        if not path.is_file() or path.stat().st_size == 0:
            raise StoreError(f"{path}: no workbook there")
        try:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro",
                uri=True,
                timeout=DEFAULT_BUSY_MS / 1000,
                isolation_level=None,
            )
        except sqlite3.Error as e:
            raise StoreError(f"{path}: cannot open: {e}") from None
        wb = cls(path, conn, None, current_actor())
        try:
            conn.execute(f"PRAGMA busy_timeout = {DEFAULT_BUSY_MS}")
            if not conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
            ).fetchone():
                raise StoreError(f"{path}: not a ddworkbook workbook")
            unknown = [n for n in wb.schema_steps if n not in KNOWN_MIGRATIONS]
            if unknown:
                raise StoreError(
                    f"{path}: written by a newer version of ddworkbook (schema step "
                    f"{unknown[0]!r} is unknown to this version); update the program"
                )
        except sqlite3.DatabaseError as e:
            conn.close()
            raise StoreError(f"{path}: not a workbook, or damaged ({e})") from None
        except BaseException:
            conn.close()
            raise
        wb._presence = presence.enter(path)
        return wb

    def close(self) -> None:
        fds = presence.leave(self._presence)  # before the connection closes, so that it can clean up
        self._presence = None
        try:
            self.conn.close()
        finally:
            presence.close(fds)

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        self.close()
        if exc_type is None:
            changed = self._changed_meanwhile()
            if changed is not None:  # what was read may be half of one state, half of another
                raise changed

    def _changed_meanwhile(self) -> StoreError | None:
        """For a workbook read without locks: the error to give when its file has changed since."""
        if self._unlocked_state is None or _file_state(self.path) == self._unlocked_state:
            return None
        return StoreError(
            f"{self.path}: the workbook was changed by another program while it was being "
            f"read (it is read-only here: {self._read_only_reason}, and is read without "
            "locks); nothing was changed; run the command again"
        )

    def _met_damage(self, e: sqlite3.DatabaseError) -> StoreError:
        changed = self._changed_meanwhile()
        if changed is not None:
            return changed
        self._damage = str(e)
        return DamagedError(_damaged_message(self.path, str(e)))

    @property
    def schema_steps(self) -> list[str]:
        """The schema steps applied to this workbook, in order (as sqlite-utils recorded them)."""
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone():
            return []
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", (APPLICATION,)
            )
        ]

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
        if self.read_only:
            raise ReadOnlyError(
                f"{self.path}: the workbook is read-only ({self._read_only_reason}); nothing was changed"
            )
        if self._damage is not None:
            raise DamagedError(_damaged_message(self.path, self._damage))
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

    def _journal(
        self,
        dossier_id: str | None,
        action: str,
        field: str | None = None,
        old: str | None = None,
        new: str | None = None,
        *,
        fingerprint: str | None,
    ) -> str:
        """Append an entry; ``fingerprint`` is the dossier's after the change (None when it was
        deleted). Returns the entry's hash."""
        last = self.conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        at = _now()
        digest = _entry_hash(prev, seq, at, self.actor, dossier_id, action, field, old, new, fingerprint)
        self.conn.execute(
            "INSERT INTO journal (seq, at, actor, dossier_id, action, field, old, new, prev_hash, hash, "
            "fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, at, self.actor, dossier_id, action, field, old, new, prev, digest, fingerprint),
        )
        return digest

    def _checkpoint_all(self) -> None:
        """m005: one "checkpoint" entry per dossier recording its current fingerprint; a finalised
        dossier's entry also records its sealed fingerprint and becomes its seal."""
        after = ""
        while True:  # a page of ids at a time: memory does not grow with the workbook
            ids = [
                r[0]
                for r in self.conn.execute(
                    "SELECT id FROM dossiers WHERE id > ? ORDER BY id LIMIT 500", (after,)
                )
            ]
            if not ids:
                return
            for did in ids:
                stored = self.get(did)
                state: dict[str, Any] = {"status": stored.status}
                if stored.frozen:
                    state.update(
                        export_year=stored.export_year,
                        retention_until=stored.retention_until,
                        sealed_fingerprint=_dossier.sealed_fingerprint(stored.dossier),
                    )
                seal = self._journal(
                    did,
                    "checkpoint",
                    None,
                    None,
                    _json(state),
                    fingerprint=_dossier.fingerprint(stored.dossier),
                )
                if stored.frozen:
                    self.conn.execute("UPDATE dossiers SET seal = ? WHERE id = ?", (seal, did))
            after = ids[-1]

    # -- reading ------------------------------------------------------------------------------

    @_guarded
    def exists(self, dossier_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM dossiers WHERE id = ?", (dossier_id,)).fetchone() is not None

    @_guarded
    def get(self, dossier_id: str) -> StoredDossier:
        """A stored dossier with its status; ``NotFoundError`` when there is none."""
        self.conn.row_factory = sqlite3.Row
        try:
            row = self.conn.execute("SELECT * FROM dossiers WHERE id = ?", (dossier_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"no dossier {dossier_id!r} in the workbook {self.path}")
            return StoredDossier(
                dossier=self._load(row),
                status=row["status"],
                created_at=row["created_at"],
                updated_at=row["updated_at"],
                export_year=row["export_year"],
                retention_until=row["retention_until"],
            )
        finally:
            self.conn.row_factory = None

    def dossier(self, dossier_id: str) -> Dossier:
        return self.get(dossier_id).dossier

    def _load(self, row: sqlite3.Row) -> Dossier:
        did = row["id"]
        q = self.conn.execute
        m = _dossier
        evidence_of: dict[str, list[str]] = {}
        for r in q(
            "SELECT question_id, evidence_id FROM answer_evidence WHERE dossier_id = ? "
            "ORDER BY question_id, position",
            (did,),
        ):
            evidence_of.setdefault(r["question_id"], []).append(r["evidence_id"])
        answers = {}
        for r in q(
            "SELECT question_id, value, rationale FROM answers WHERE dossier_id = ? ORDER BY position", (did,)
        ):
            value = None if r["value"] is None else json.loads(r["value"])
            answers[r["question_id"]] = m.Answer(
                value=tuple(value) if isinstance(value, list) else value,
                rationale=r["rationale"],
                evidence=tuple(evidence_of.get(r["question_id"], ())),
            )
        sign_off = None
        if row["signed_name"]:
            sign_off = m.SignOff(name=row["signed_name"], role=row["signed_role"], date=row["signed_date"])
        return m.Dossier(
            id=did,
            title=row["title"],
            reference=row["reference"],
            member_state=row["member_state"],
            exporter=m.Exporter(
                name=row["exporter_name"],
                address=row["exporter_address"],
                country=row["exporter_country"],
                contact=row["exporter_contact"],
            ),
            item=m.Item(
                name=row["item_name"],
                version=row["item_version"],
                kind=row["item_kind"],
                description=row["item_description"],
            ),
            destination_country=row["destination_country"],
            stated_end_use=row["stated_end_use"],
            parties=[
                m.Party(
                    role=r["role"],
                    name=r["name"],
                    country=r["country"],
                    address=r["address"],
                    sector=r["sector"],
                )
                for r in q("SELECT * FROM parties WHERE dossier_id = ? ORDER BY position", (did,))
            ],
            answers=answers,
            red_flags=[
                m.RedFlagEntry(id=r["flag_id"], status=r["status"], note=r["note"])
                for r in q("SELECT * FROM red_flags WHERE dossier_id = ? ORDER BY position", (did,))
            ],
            mitigations=[
                m.MitigationEntry(id=r["measure_id"], note=r["note"])
                for r in q("SELECT * FROM mitigations WHERE dossier_id = ? ORDER BY position", (did,))
            ],
            evidence=[
                m.Evidence(
                    id=r["evidence_id"],
                    filename=r["filename"],
                    sha256=r["sha256"],
                    size=r["size"],
                    description=r["description"],
                    added_at=r["added_at"],
                )
                for r in q("SELECT * FROM evidence WHERE dossier_id = ? ORDER BY position", (did,))
            ],
            sign_off=sign_off,
        )

    @_guarded
    def summaries(
        self, query: str | None = None, *, limit: int | None = None, after: Summary | None = None
    ) -> list[Summary]:
        """The dossiers, most recently changed first (then by id, descending); with ``query``, the
        full-text matches. ``limit`` and ``after`` (the last summary of the previous page) read
        them a page at a time."""
        sql = (
            "SELECT d.id, d.title, d.reference, d.destination_country, n.name, d.status, d.outcome, "
            "d.updated_at, d.fingerprint FROM dossiers d "
            "LEFT JOIN country_names n ON n.code = d.destination_country"
        )
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

    @_guarded
    def ui_page(self, dossier_id: str) -> str | None:
        row = self.conn.execute("SELECT page FROM ui_state WHERE dossier_id = ?", (dossier_id,)).fetchone()
        return None if row is None else str(row[0])

    @_guarded
    def set_ui_page(self, dossier_id: str, page: str) -> None:
        with self._write():
            self.conn.execute(
                "INSERT INTO ui_state (dossier_id, page) VALUES (?, ?) "
                "ON CONFLICT(dossier_id) DO UPDATE SET page = excluded.page",
                (dossier_id, page),
            )

    @_guarded
    def count(self, query: str | None = None) -> int:
        """How many dossiers there are; with ``query``, how many match it."""
        if query and query.strip():
            return int(
                self.conn.execute(
                    "SELECT count(*) FROM dossiers_fts WHERE dossiers_fts MATCH ?", (_match_terms(query),)
                ).fetchone()[0]
            )
        return int(self.conn.execute("SELECT count(*) FROM dossiers").fetchone()[0])

    @_guarded
    def journal(self, dossier_id: str | None = None) -> list[JournalEntry]:
        sql = "SELECT * FROM journal" + (" WHERE dossier_id = ?" if dossier_id else "") + " ORDER BY seq"
        return [JournalEntry(*r) for r in self.conn.execute(sql, (dossier_id,) if dossier_id else ())]

    # -- writing dossiers ---------------------------------------------------------------------

    def import_dossiers(
        self, dossiers: Sequence[Dossier], base_dir: Path | None = None, *, replace: bool = False
    ) -> list[str]:
        """Store dossiers in one transaction: one bad dossier (or evidence file) stores none.

        Evidence entries with a ``path`` have that file (relative to ``base_dir``) copied in; a
        given ``sha256`` that does not match the file is an error."""
        return self.import_batches([(base_dir, dossiers)], replace=replace)

    @_guarded
    def import_batches(
        self, batches: Sequence[tuple[Path | None, Sequence[Dossier]]], *, replace: bool = False
    ) -> list[str]:
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

    def _import_one_batch(
        self, dossiers: Sequence[Dossier], base_dir: Path | None, label: str, replace: bool, seen: set[str]
    ) -> list[str]:
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
                    raise StoreError(
                        f"{where}id: dossier {did!r} is already in the workbook "
                        "(use --replace to overwrite a draft)"
                    )
                old = self.get(did)
                if old.frozen:
                    raise FrozenError(f"{where}id: dossier {did!r} is finalised and cannot be replaced")
            d, files = self._copy_evidence_in(d, base_dir, where)
            stored_fp = self._put(
                dataclasses.replace(d, sign_off=None), created=old.created_at if old else None, files=files
            )
            self._journal(
                did,
                "replace" if old else "import",
                None,
                _dossier.canonical_json(old.dossier).decode() if old else None,
                _dossier.canonical_json(d).decode(),
                fingerprint=stored_fp,
            )
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

    def _put(self, d: Dossier, created: str | None, files: set[str]) -> str:
        """Write the whole dossier as a draft (inside a transaction), replacing what was there.
        ``files`` are the ids of its evidence entries whose file is held in the workbook. Returns
        the fingerprint of the dossier as stored (without a sign-off or evidence paths, which are
        not stored), which is what reading it back gives."""
        assert d.id is not None
        d = _as_stored(d)
        fp = _dossier.fingerprint(d)
        now = _now()
        result = _decision.assess(d, self.content)
        row = {
            "id": d.id,
            "title": d.title,
            "reference": d.reference,
            "member_state": d.member_state,
            "exporter_name": d.exporter.name,
            "exporter_address": d.exporter.address,
            "exporter_country": d.exporter.country,
            "exporter_contact": d.exporter.contact,
            "item_name": d.item.name,
            "item_version": d.item.version,
            "item_kind": d.item.kind,
            "item_description": d.item.description,
            "destination_country": d.destination_country,
            "stated_end_use": d.stated_end_use,
            "party_names": " ".join(p.name for p in d.parties if p.name) or None,
            "status": "draft",
            "outcome": result.outcome,
            "fingerprint": fp,
            "created_at": created or now,
            "updated_at": now,
        }
        c = self.conn
        name = countries.name(d.destination_country)
        if name is not None:  # keep the list's name for this code as the country database has it
            c.execute(
                "INSERT INTO country_names (code, name) VALUES (?, ?) "
                "ON CONFLICT(code) DO UPDATE SET name = excluded.name WHERE name != excluded.name",
                (d.destination_country, name),
            )
        if created is None:
            cols = ", ".join(row)
            c.execute(
                f"INSERT INTO dossiers ({cols}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
            )
        else:
            for table in CHILD_TABLES:
                c.execute(f"DELETE FROM {table} WHERE dossier_id = ?", (d.id,))
            sets = ", ".join(f"{k} = ?" for k in row if k != "id")
            c.execute(
                f"UPDATE dossiers SET {sets} WHERE id = ?", (*[v for k, v in row.items() if k != "id"], d.id)
            )
        c.executemany(
            "INSERT INTO parties VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(d.id, i, p.role, p.name, p.country, p.address, p.sector) for i, p in enumerate(d.parties)],
        )
        c.executemany(
            "INSERT INTO answers VALUES (?, ?, ?, ?, ?)",
            [
                (d.id, qid, i, _json(_dossier.answer_to_json(a)["value"]), a.rationale)
                for i, (qid, a) in enumerate(d.answers.items())
            ],
        )
        c.executemany(
            "INSERT INTO answer_evidence VALUES (?, ?, ?, ?)",
            [(d.id, qid, i, ev) for qid, a in d.answers.items() for i, ev in enumerate(a.evidence)],
        )
        c.executemany(
            "INSERT INTO red_flags VALUES (?, ?, ?, ?, ?)",
            [(d.id, i, f.id, f.status, f.note) for i, f in enumerate(d.red_flags)],
        )
        c.executemany(
            "INSERT INTO mitigations VALUES (?, ?, ?, ?)",
            [(d.id, i, m.id, m.note) for i, m in enumerate(d.mitigations)],
        )
        c.executemany(
            "INSERT INTO evidence (dossier_id, evidence_id, position, filename, sha256, size,"
            " description, added_at, blob) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    d.id,
                    e.id,
                    i,
                    e.filename,
                    e.sha256,
                    e.size,
                    e.description,
                    e.added_at,
                    e.sha256 if e.id in files else None,
                )
                for i, e in enumerate(d.evidence)
            ],
        )
        return fp

    @_guarded
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
        for field, before, after, fp in _diff(old.dossier, _as_stored(dossier)):
            self._journal(dossier.id, "edit", field, before, after, fingerprint=fp)

    @_guarded
    def edit(self, dossier_id: str, change: Callable[[Dossier], Dossier]) -> Dossier:
        """Change a stored dossier: ``change`` gets the dossier as stored and returns it changed.
        Read, change and write happen in one transaction, so that a change made meanwhile by another
        program (to other fields) is never overwritten by a stale copy. Returns what was stored."""
        with self._write():
            old = self.get(dossier_id)
            changed = change(old.dossier)
            # a DossierError names the field
            _dossier.dossier_from_json(_dossier.dossier_to_json(changed), self.content)
            self._replace(old, changed)
        return changed

    @_guarded
    def set_answer(self, dossier_id: str, question_id: str, answer: Answer | None) -> None:
        """Save one answer (or remove it with None): the desktop program's autosave path."""

        def change(d: Dossier) -> Dossier:
            answers = dict(d.answers)
            if answer is None:
                answers.pop(question_id, None)
            else:
                answers[question_id] = answer
            return dataclasses.replace(d, answers=answers)

        self.edit(dossier_id, change)

    def data_version(self) -> int:
        """A number that changes whenever another connection (another program, or another open
        workbook of this one) has committed a change to the file; this workbook's own changes
        leave it as it is (SQLite's ``data_version``)."""
        try:
            return int(self.conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot be read ({e})") from None

    @_guarded
    def duplicate(self, dossier_id: str, title: str | None = None) -> str:
        """A new draft with the content of a dossier (finalised or not), without its sign-off."""
        if title is not None and (problem := _dossier.title_problem(title)):
            raise StoreError(f"title: {problem}")
        source = self.get(dossier_id).dossier
        new_id = self._new_id()
        copy = dataclasses.replace(source, id=new_id, title=title or _copy_title(source.title), sign_off=None)
        with self._write():
            fp = self._put(copy, created=None, files=self.evidence_with_files(dossier_id))
            self._journal(new_id, "duplicate", "source", None, dossier_id, fingerprint=fp)
        return new_id

    @_guarded
    def deletion_refusal(self, dossier_id: str) -> str | None:
        """Why a dossier may not be deleted now, or None when it may: a finalised dossier is kept
        until its retention date (Art. 27(3))."""
        stored = self.get(dossier_id)
        if stored.frozen and (stored.retention_until or "9999") >= dt.date.today().isoformat():
            return (
                f"The dossier “{stored.dossier.title}” is finalised and must be kept until "
                f"{stored.retention_until} (Art. 27(3))."
            )
        return None

    @_guarded
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
            self._journal(
                dossier_id,
                "delete",
                None,
                _dossier.canonical_json(stored.dossier).decode(),
                None,
                fingerprint=None,
            )

    @_guarded
    def finalise(
        self,
        dossier_id: str,
        name: str,
        role: str,
        date: dt.date | None = None,
        export_year: int | None = None,
    ) -> StoredDossier:
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
        """Sign off: the "finalise" entry records the sign-off and the sealed fingerprint, and its
        hash, the seal, is kept with the dossier (see ``seal``)."""
        retention = dt.date(year + RETENTION_YEARS, 12, 31).isoformat()
        signed = dataclasses.replace(
            self.dossier(dossier_id), sign_off=_dossier.SignOff(name, role, date.isoformat())
        )
        fp = _dossier.fingerprint(signed)
        seal = self._journal(
            dossier_id,
            "finalise",
            "sign_off",
            None,
            _json(
                {
                    "name": name,
                    "role": role,
                    "date": date.isoformat(),
                    "export_year": year,
                    "retention_until": retention,
                    "sealed_fingerprint": _dossier.sealed_fingerprint(signed),
                }
            ),
            fingerprint=fp,
        )
        self.conn.execute(
            "UPDATE dossiers SET status = 'final', signed_name = ?, signed_role = ?, signed_date = ?, "
            "export_year = ?, retention_until = ?, fingerprint = ?, seal = ?, updated_at = ? WHERE id = ?",
            (name, role, date.isoformat(), year, retention, fp, seal, _now(), dossier_id),
        )

    # -- evidence -----------------------------------------------------------------------------

    @_guarded
    def evidence_with_files(self, dossier_id: str) -> set[str]:
        """Ids of the dossier's evidence entries whose file is held in the workbook."""
        return {
            r[0]
            for r in self.conn.execute(
                "SELECT evidence_id FROM evidence WHERE dossier_id = ? AND blob IS NOT NULL", (dossier_id,)
            )
        }

    def _store_file(self, source: Path, expected_sha: str | None = None) -> tuple[str, int]:
        """Copy a file into the blobs table, streamed: hashed once, then written in chunks. Only a
        regular file of at most ``MAX_EVIDENCE_BYTES`` is read (core.files.open_input), through
        one open file, so that what is hashed is what is copied."""
        try:
            with files.open_input(
                source, limit=MAX_EVIDENCE_BYTES, what="an evidence file", protected=self._own_file
            ) as f:
                digest, size = _hash_stream(f)
                if expected_sha is not None and expected_sha != digest:
                    raise StoreError(
                        f"{files.printable(source)}: its SHA-256 is {digest}, not the "
                        f"{expected_sha} the dossier gives"
                    )
                if self.conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (digest,)).fetchone():
                    return digest, size
                f.rewind()
                self._copy_blob(f, digest, size)
        except files.InputFileError as e:
            raise StoreError(str(e)) from None
        return digest, size

    def _own_file(self, st: os.stat_result) -> str | None:
        """Why a file may not be read as evidence: it is this workbook or one of its own files
        (reading and closing it would drop SQLite's locks in the middle of the transaction)."""
        if presence.is_workbook_file(st, self.path):
            return "is the workbook itself (or one of its files); it cannot be its own evidence"
        return None

    def _copy_blob(self, f: InputFile, digest: str, size: int) -> None:
        cur = self.conn.execute(
            "INSERT INTO blobs (sha256, size, data) VALUES (?, ?, zeroblob(?))", (digest, size, size)
        )
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
            raise StoreError(
                f"{files.printable(f.path)}: the file changed while it was being copied; try again"
            )

    def _copy_evidence_in(self, d: Dossier, base_dir: Path | None, where: str) -> tuple[Dossier, set[str]]:
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
            out.append(
                dataclasses.replace(e, path=None, sha256=digest, size=size, added_at=e.added_at or _now())
            )
            held.add(e.id)
        return dataclasses.replace(d, evidence=out), held

    @_guarded
    def attach(
        self, dossier_id: str, source: Path, *, question: str | None = None, description: str | None = None
    ) -> Evidence:
        """Copy a file into the workbook as evidence of a dossier (and of one of its answers)."""
        source = Path(source)
        with self._write():
            stored = self.get(dossier_id)
            if stored.frozen:
                raise FrozenError(f"dossier {dossier_id!r} is finalised and cannot be changed")
            d = stored.dossier
            if question is not None and not (
                self.content.has_question(question) or question.startswith("custom:")
            ):
                raise StoreError(f"--question: {question!r} is not a question id of the content")
            digest, size = self._store_file(source)
            taken = {e.id for e in d.evidence}
            n = len(d.evidence) + 1
            while f"ev{n}" in taken:
                n += 1
            ev = _dossier.Evidence(
                id=f"ev{n}",
                filename=files.readable_name(source.name),
                sha256=digest,
                size=size,
                description=description,
                added_at=_now(),
            )
            self.conn.execute(
                "INSERT INTO evidence (dossier_id, evidence_id, position, filename, sha256, size, "
                "description, added_at, blob) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    dossier_id,
                    ev.id,
                    len(d.evidence),
                    ev.filename,
                    digest,
                    size,
                    description,
                    ev.added_at,
                    digest,
                ),
            )
            if question is not None:
                answer = d.answers.get(question, _dossier.Answer(value=None))
                if question not in d.answers:
                    pos = len(d.answers)
                    self.conn.execute(
                        "INSERT INTO answers VALUES (?, ?, ?, NULL, NULL)", (dossier_id, question, pos)
                    )
                self.conn.execute(
                    "INSERT INTO answer_evidence VALUES (?, ?, ?, ?)",
                    (dossier_id, question, len(answer.evidence), ev.id),
                )
            fp = self._refresh(dossier_id)
            self._journal(
                dossier_id,
                "attach",
                f"evidence.{ev.id}",
                None,
                _json({**vars(ev), "question": question}),
                fingerprint=fp,
            )
        return ev

    def _refresh(self, dossier_id: str) -> str:
        """Recompute a dossier's outcome and fingerprint from its rows; returns the fingerprint."""
        d = self.dossier(dossier_id)
        fp = _dossier.fingerprint(d)
        self.conn.execute(
            "UPDATE dossiers SET outcome = ?, fingerprint = ?, updated_at = ? WHERE id = ?",
            (_decision.assess(d, self.content).outcome, fp, _now(), dossier_id),
        )
        return fp

    def evidence_chunks(self, dossier_id: str, evidence_id: str) -> Generator[bytes, None, None]:
        """The bytes of an evidence file held in the workbook, in chunks."""
        try:
            row = self.conn.execute(
                "SELECT b.rowid, b.size FROM evidence e JOIN blobs b ON b.sha256 = e.blob "
                "WHERE e.dossier_id = ? AND e.evidence_id = ?",
                (dossier_id, evidence_id),
            ).fetchone()
            if row is None:
                raise NotFoundError(
                    f"evidence {evidence_id!r} of dossier {dossier_id!r} has no file in the workbook"
                )
            with self.conn.blobopen("blobs", "data", row[0], readonly=True) as blob:
                while chunk := blob.read(CHUNK):
                    yield chunk
        except sqlite3.DatabaseError as e:  # a generator: _guarded would only see its creation
            if not _is_damage(e):
                raise
            raise self._met_damage(e) from None

    @_guarded
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
            raise StoreError(
                f"{files.printable(target)}: the name is not valid UTF-8 text; the "
                "evidence folder's name is written into the dossier file, so choose a name "
                "in UTF-8"
            )
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

    @_guarded
    def export_all(
        self, folder: Path, *, with_evidence: bool = False, progress: Callable[[int, int], None] | None = None
    ) -> ExportedRecord:
        """Write the whole record to a new folder, readable without ddworkbook: every dossier in the
        interchange format (``dossiers/<id>.json``, with its evidence files beside it when asked),
        the whole journal (``journal.jsonl``, one entry a line, with its hashes), ``manifest.json``
        (what is where, with SHA-256 of every file) and ``README.txt`` (how to read and check it).
        All of it is read in one transaction (one moment of the workbook) and written to a
        temporary folder renamed into place at the end: the folder appears whole or not at all."""
        from core import __version__
        from core.export_all import readme_text

        folder = Path(folder)
        if os.path.lexists(folder) and (not folder.is_dir() or folder.is_symlink() or any(folder.iterdir())):
            raise StoreError(
                f"{files.printable(folder)}: exists and is not an empty folder; give the name of a new folder"
            )
        work = folder.with_name(f".{folder.name}.{os.urandom(4).hex()}.tmp")
        written: list[tuple[str, str, int]] = []  # (relative path, SHA-256, size)

        def put(relative: str, chunks: Iterator[bytes]) -> None:
            h, n = hashlib.sha256(), 0

            def counted() -> Iterator[bytes]:
                nonlocal n
                for chunk in chunks:
                    h.update(chunk)
                    n += len(chunk)
                    yield chunk

            write_atomically(work / relative, counted())
            written.append((relative, h.hexdigest(), n))

        try:
            self.conn.execute("BEGIN")  # one snapshot of the workbook for everything below
            try:
                ids, index, head = self._export_dossiers(work, with_evidence, written, put, progress)
            finally:
                self.conn.execute("COMMIT")
            put("README.txt", iter([readme_text().encode("utf-8")]))
            manifest = {
                "format": "ddworkbook/record",
                "version": 1,
                "program": f"ddworkbook {__version__}",
                "workbook_id": self.workbook_id(),
                "exported_at": _now(),
                "with_evidence": with_evidence,
                "dossiers": index,
                "journal": {
                    "file": "journal.jsonl",
                    "entries": head[0] if head else 0,
                    "head": head[1] if head else None,
                },
                "files": [{"path": p, "sha256": h, "size": n} for p, h, n in written],
            }
            put("manifest.json", iter([json.dumps(manifest, ensure_ascii=False, indent=2).encode() + b"\n"]))
            if folder.exists():  # an empty folder the user made for it
                folder.rmdir()
            os.rename(work, folder)
            _sync_folder(folder.parent)
        except OSError as e:
            raise StoreError(str(files.write_error(e, folder))) from None
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)
        return ExportedRecord(folder, len(ids), head[0] if head else 0, len(written))

    def _export_dossiers(
        self,
        work: Path,
        with_evidence: bool,
        written: list[tuple[str, str, int]],
        put: Callable[[str, Iterator[bytes]], None],
        progress: Callable[[int, int], None] | None,
    ) -> tuple[list[str], list[dict[str, Any]], Any]:
        """The dossier files and the journal of ``export_all`` (inside its read transaction)."""
        ids = [r[0] for r in self.conn.execute("SELECT id FROM dossiers ORDER BY created_at, id")]
        names = _export_names(ids)
        (work / "dossiers").mkdir(parents=True)
        index = []
        for n, did in enumerate(ids):
            name = names[did]
            target = work / "dossiers" / f"{name}.json"
            self.export(did, target, with_evidence=with_evidence)
            written.append((f"dossiers/{name}.json", *_digest_file(target)))
            for ev in sorted((work / "dossiers" / f"{name}-evidence").glob("*")):
                written.append((f"dossiers/{name}-evidence/{ev.name}", *_digest_file(ev)))
            stored = self.get(did)
            index.append(
                {
                    "id": did,
                    "file": f"dossiers/{name}.json",
                    "title": stored.dossier.title,
                    "status": stored.status,
                    "retention_until": stored.retention_until,
                }
            )
            if progress:
                progress(n + 1, len(ids))
        put(
            "journal.jsonl",
            (json.dumps(e._asdict(), ensure_ascii=False).encode() + b"\n" for e in self._journal_rows()),
        )
        head = self.conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        return ids, index, head

    def _journal_rows(self) -> Iterator[JournalEntry]:
        anchored = "m005_integrity" in self.schema_steps
        columns = "seq, at, actor, dossier_id, action, field, old, new, prev_hash, hash"
        for row in self.conn.execute(
            f"SELECT {columns}{', fingerprint' if anchored else ''} FROM journal ORDER BY seq"
        ):
            yield JournalEntry(*row)

    # -- backups ------------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The number of dossiers, the journal's head and last change of this workbook."""
        head = self.conn.execute("SELECT seq, hash, at FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        try:
            size = os.stat(self.path).st_size
        except OSError:
            size = 0
        return Snapshot(
            self.path,
            size,
            self.count(),
            head[0] if head else 0,
            head[1] if head else "",
            head[2] if head else None,
        )

    def workbook_id(self) -> str:
        """The id this workbook was given when it was made (kept by its copies and backups)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'workbook_id'").fetchone()
        return str(row[0]) if row else ""

    @_guarded
    def backup(self, target: Path, *, whole_record: bool = True) -> Snapshot:
        """Write a consistent copy of the workbook to ``target``, also while other programs write to
        it (SQLite's online backup, in one step: one snapshot), check the copy as ``verify`` does
        (integrity, schema, journal chain, evidence hashes, fingerprints, seals), and only then put it
        in place (an earlier backup there is replaced at once, never half). The copy is one
        self-contained file (rollback journal; it becomes a write-ahead-log workbook again when
        opened). ``BackupProblems`` when the copy does not pass: nothing is kept.

        ``whole_record=False`` checks only that the copy is a sound SQLite file (the copy made before
        an upgrade keeps the workbook exactly as it was, problems included: ``verify`` reports them)."""
        target = Path(target)
        _refuse_target(target, self.path, "the backup")
        if target.exists():
            _refuse_overwriting(target)
        return _checked_copy(self.conn, target, "the copy", whole_record)

    # -- checking -----------------------------------------------------------------------------

    @_guarded
    def verify(self) -> list[str]:
        """Every problem found (see ``problems``); an empty list when the workbook is sound."""
        return list(self.problems())

    def problems(self) -> Iterator[str]:
        """Every problem found, one line each, as it is found: SQLite's integrity and foreign keys;
        the schema; the journal chain; each dossier against its fingerprint, its last journal entry
        and, when finalised, its seal; journal entries of dossiers that are missing; each evidence
        file against its SHA-256. Reads with cursors: memory does not grow with the workbook."""
        steps = self.schema_steps
        anchored = "m005_integrity" in steps  # journal fingerprints and seals exist
        checks: list[tuple[str, Callable[[], Iterator[str]]]] = [
            ("SQLite integrity", self._integrity_problems),
            ("schema", lambda: (f"schema: {d}" for d in schema_deviations(self.conn, steps))),
            ("journal", lambda: (p for _e, wrong in self._chain(anchored) for p in wrong)),
            ("dossiers", lambda: self._dossier_problems(anchored)),
            ("evidence", self._evidence_problems),
        ]
        for what, check in checks:
            try:
                yield from check()
            except sqlite3.Error as e:  # a workbook changed outside ddworkbook may lack what is read
                yield f"{what}: cannot be checked ({e})"

    def _integrity_problems(self) -> Iterator[str]:
        for (line,) in self.conn.execute("PRAGMA integrity_check"):
            if line != "ok":
                yield f"SQLite integrity: {line}"
        for table, rowid, parent, _fk in self.conn.execute("PRAGMA foreign_key_check"):
            yield f"foreign key: {table} row {rowid} refers to a missing {parent} row"

    def _chain(self, anchored: bool = True) -> Iterator[tuple[JournalEntry, list[str]]]:
        """The journal from its first entry to its head, each entry with what is wrong with it:
        a gap in the numbers, a link to the entry before that does not hold, a changed entry."""
        prev, expected = GENESIS, 1
        columns = "seq, at, actor, dossier_id, action, field, old, new, prev_hash, hash"
        for row in self.conn.execute(
            f"SELECT {columns}{', fingerprint' if anchored else ''} FROM journal ORDER BY seq"
        ):
            e = JournalEntry(*row)
            wrong = []
            if e.seq != expected:
                gap = (
                    f"entry {expected} is"
                    if e.seq == expected + 1
                    else f"entries {expected} to {e.seq - 1} are"
                )
                wrong.append(f"journal: {gap} missing (found {e.seq} next)")
            if e.prev_hash != prev:
                wrong.append(
                    f"journal: entry {e.seq} does not follow entry {e.seq - 1} "
                    "(chain broken: an entry was removed or changed)"
                )
            digest = _entry_hash(
                e.prev_hash,
                e.seq,
                e.at,
                e.actor,
                e.dossier_id,
                e.action,
                e.field,
                e.old,
                e.new,
                e.fingerprint,
            )
            if digest != e.hash:
                wrong.append(f"journal: entry {e.seq} was changed after it was written")
            yield e, wrong
            prev, expected = e.hash, e.seq + 1

    def _load_row(self, row: sqlite3.Row) -> Dossier:
        self.conn.row_factory = sqlite3.Row
        try:
            return self._load(row)
        finally:
            self.conn.row_factory = None

    def _dossier_problems(self, anchored: bool) -> Iterator[str]:
        c = self.conn
        journal_empty = c.execute("SELECT 1 FROM journal LIMIT 1").fetchone() is None
        if journal_empty and (n := self.count()):
            yield (
                f"journal: it is empty, yet the workbook holds {n} dossier{'s' if n != 1 else ''}: "
                "the journal was removed"
            )
        rows = c.cursor()
        rows.row_factory = sqlite3.Row
        for row in rows.execute("SELECT * FROM dossiers ORDER BY rowid"):
            yield from self._check_dossier(row, anchored, journal_empty)
        for did, seq in c.execute(
            "SELECT dossier_id, max(seq) FROM journal WHERE dossier_id IS NOT NULL GROUP BY dossier_id"
        ):
            if not self.exists(did):
                (action,) = c.execute("SELECT action FROM journal WHERE seq = ?", (seq,)).fetchone()
                if action != "delete":
                    yield (
                        f"dossier {did}: missing from the workbook, though its last journal entry "
                        f"({seq}, {action}) does not delete it"
                    )

    def _check_dossier(self, row: sqlite3.Row, anchored: bool, journal_empty: bool) -> Iterator[str]:
        c = self.conn
        did = row["id"]
        name = f"dossier {did} “{row['title']}”"
        try:
            d = self._load_row(row)
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
                    f"{name}: has no journal entry (it was added outside ddworkbook, or its entries "
                    "were removed)"
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
                yield from self._seal_problems(row, d, name)
        elif row["status"] != "draft":
            yield f"{name}: has an unknown status {row['status']!r}"
        else:
            if row["signed_name"] is not None or (anchored and row["seal"] is not None):
                yield f"{name}: is a draft, yet carries a sign-off: changed outside ddworkbook"
            signed = c.execute(
                f"SELECT seq FROM journal WHERE dossier_id = ? AND {_SEALING} AND seq > "
                "coalesce((SELECT max(seq) FROM journal WHERE dossier_id = ? AND action = 'delete'), 0) "
                "LIMIT 1",
                (did, did),
            ).fetchone()
            if signed is not None:
                yield (
                    f"{name}: was signed off (journal entry {signed[0]}) but is a draft now: changed "
                    "outside ddworkbook"
                )

    def _seal_problems(self, row: sqlite3.Row, d: Dossier, name: str) -> Iterator[str]:
        seal = row["seal"]
        if seal is None:
            yield f"{name}: is finalised but has no seal (it was not signed off in ddworkbook)"
            return
        entry = self.conn.execute(
            "SELECT seq, action, new FROM journal WHERE dossier_id = ? AND hash = ?", (row["id"], seal)
        ).fetchone()
        if entry is None:
            yield f"{name}: its seal is not the hash of any of its journal entries"
            return
        state = _sealed_state(entry[1], entry[2])
        yield from self._after_sign_off(row["id"], entry[0], name)
        if state is None:
            yield f"{name}: its seal names journal entry {entry[0]}, which is not a sign-off"
        elif state["sealed_fingerprint"] != _dossier.sealed_fingerprint(d):
            yield (
                f"{name}: its data no longer matches the seal written at sign-off (journal entry {entry[0]})"
            )
        elif "retention_until" in state and (state["retention_until"], state.get("export_year")) != (
            row["retention_until"],
            row["export_year"],
        ):
            yield (
                f"{name}: its retention date or export year is not what was signed off (journal entry "
                f"{entry[0]})"
            )

    def _after_sign_off(self, dossier_id: str, sealed_at: int, name: str) -> Iterator[str]:
        """A finalised dossier is signed off once, and nothing of it is journaled after that (in
        version 2 of the format its two annotations will be): found even when the entries appended
        since have correct hashes and the seal was moved to a new sign-off entry."""
        c = self.conn
        since = c.execute(
            "SELECT coalesce(max(seq), 0) FROM journal WHERE dossier_id = ? AND action = 'delete'",
            (dossier_id,),
        ).fetchone()[0]
        first = c.execute(
            f"SELECT seq FROM journal WHERE dossier_id = ? AND seq > ? AND {_SEALING} ORDER BY seq LIMIT 1",
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
            "SELECT seq, action FROM journal WHERE dossier_id = ? AND seq > ? ORDER BY seq LIMIT 1",
            (dossier_id, first[0]),
        ).fetchone()
        if later is not None:
            yield (
                f"{name}: changed after its sign-off (journal entry {later[0]}, {later[1]}, after the "
                f"sign-off at entry {first[0]})"
            )

    def _blob_matches(self, rowid: int, sha: str, size: int) -> bool:
        h = hashlib.sha256()
        n = 0
        with self.conn.blobopen("blobs", "data", rowid, readonly=True) as blob:
            while chunk := blob.read(CHUNK):
                h.update(chunk)
                n += len(chunk)
        return h.hexdigest() == sha and n == size

    def _evidence_problems(self) -> Iterator[str]:
        c = self.conn
        for rowid, sha, size in c.execute("SELECT rowid, sha256, size FROM blobs"):
            if not self._blob_matches(rowid, sha, size):
                names = ", ".join(
                    f"{d}/{e} ({f})"
                    for d, e, f in c.execute(
                        "SELECT dossier_id, evidence_id, filename FROM evidence WHERE blob = ?", (sha,)
                    )
                )
                yield f"evidence: the file {names or sha} no longer matches its SHA-256"
        for did, eid, sha in c.execute(
            "SELECT dossier_id, evidence_id, sha256 FROM evidence WHERE blob IS NOT NULL AND blob != sha256"
        ):
            yield f"evidence: {did}/{eid} records SHA-256 {sha} but holds another file"

    # -- seals --------------------------------------------------------------------------------

    def seal_of(self, dossier_id: str) -> Seal | None:
        """The seal of a finalised dossier, with the sign-off entry it is the hash of; None for a
        draft."""
        row = self.conn.execute(
            "SELECT seal FROM dossiers WHERE id = ? AND status = 'final'", (dossier_id,)
        ).fetchone()
        if row is None or row[0] is None:
            return None
        entry = self.conn.execute(
            "SELECT seq, at, action, new, prev_hash FROM journal WHERE dossier_id = ? AND hash = ?",
            (dossier_id, row[0]),
        ).fetchone()
        state = None if entry is None else _sealed_state(entry[2], entry[3])
        if entry is None or state is None:
            return None
        return Seal(
            dossier_id=dossier_id,
            seal=row[0],
            seq=entry[0],
            at=entry[1],
            prev_hash=entry[4],
            sealed_fingerprint=state["sealed_fingerprint"],
        )

    def check_seal(self, seal: str) -> tuple[str, list[str]]:
        """Whether a seal printed on a report still holds for this workbook: its sign-off entry is in
        the journal, the chain from the first entry to the head is intact and passes through it,
        and the dossier's sealed data and evidence files are still those signed off. Returns (the
        line that says what holds, []) or ("", the reasons it does not)."""
        try:
            return self._check_seal(seal.strip().lower())
        except sqlite3.Error as e:  # a workbook changed outside ddworkbook may lack what is read
            return "", [f"the seal cannot be checked: the workbook cannot be read as expected ({e})"]

    def _check_seal(self, seal: str) -> tuple[str, list[str]]:
        steps = self.schema_steps
        problems = [
            f"the workbook's structure was changed outside ddworkbook: {d}"
            for d in schema_deviations(self.conn, steps)
        ]
        if "m005_integrity" not in steps:
            return "", [
                *problems,
                "this workbook holds no seals (it was not opened since before seals existed)",
            ]
        sealed: JournalEntry | None = None
        head = 0
        for e, wrong in self._chain():
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
        state = _sealed_state(sealed.action, sealed.new)
        if state is None or sealed.dossier_id is None:
            return "", [
                *problems,
                f"the seal is the hash of journal entry {sealed.seq} ({sealed.action}), "
                "which is not a sign-off",
            ]
        did = sealed.dossier_id
        cur = self.conn.cursor()
        cur.row_factory = sqlite3.Row
        row = cur.execute("SELECT * FROM dossiers WHERE id = ?", (did,)).fetchone()
        if row is None:
            return "", [
                *problems,
                f"dossier {did}, signed off under this seal at journal entry "
                f"{sealed.seq}, is no longer in the workbook",
            ]
        d = self._load_row(row)
        name = f"dossier {did} “{d.title}”"
        if row["status"] != "final" or row["seal"] != seal:
            problems.append(f"{name} is no longer finalised under this seal")
        if state["sealed_fingerprint"] != _dossier.sealed_fingerprint(d):
            problems.append(
                f"{name}: its data no longer matches the seal (signed off at journal entry {sealed.seq})"
            )
        for eid, filename, rowid, sha, size in self.conn.execute(
            "SELECT e.evidence_id, e.filename, b.rowid, b.sha256, b.size FROM evidence e "
            "JOIN blobs b ON b.sha256 = e.blob WHERE e.dossier_id = ? AND e.blob = e.sha256",
            (did,),
        ):
            if not self._blob_matches(rowid, sha, size):
                problems.append(f"{name}: the evidence file {eid} ({filename}) no longer matches its SHA-256")
        if problems:
            return "", problems
        signer = f"{d.sign_off.name} ({d.sign_off.role}) on {d.sign_off.date}" if d.sign_off else "?"
        later = head - sealed.seq
        return (
            f"the seal holds: {name}, signed off by {signer}; sealed at journal entry {sealed.seq}, "
            f"followed by {later} later entr{'y' if later == 1 else 'ies'} up to the head"
        ), []


# the journal entries that sign a dossier off (see _sealed_state), as an SQL condition
_SEALING = "(action = 'finalise' OR action = 'checkpoint') AND instr(new, '\"sealed_fingerprint\"') > 0"


def _sealed_state(action: str, new: str | None) -> dict[str, Any] | None:
    """What a sign-off entry ("finalise", or the "checkpoint" of a dossier finalised before seals
    existed) recorded, with its ``sealed_fingerprint``; None for any other entry."""
    if action not in ("finalise", "checkpoint") or not new:
        return None
    try:
        state = json.loads(new)
    except ValueError:
        return None
    if not isinstance(state, dict) or not isinstance(state.get("sealed_fingerprint"), str):
        return None
    return state


def _write_failure(path: Path, e: sqlite3.OperationalError) -> StoreError:
    text = str(e)
    if "locked" in text or "busy" in text:
        return BusyError(
            f"{path}: the workbook is busy (another program is writing to it); try again in a moment"
        )
    if "full" in text:
        return StoreError(f"{path}: the disk is full; nothing was saved. Free some space and try again")
    if getattr(e, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_READONLY:
        return ReadOnlyError(f"{path}: the workbook is read-only ({text}); nothing was changed")
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
        unlocked = False
        while True:
            try:
                self._conn = sqlite3.connect(
                    _read_only_uri(self.path, immutable=unlocked),
                    uri=True,
                    timeout=DEFAULT_BUSY_MS / 1000,
                    check_same_thread=False,
                )
            except sqlite3.Error as e:
                return str(e)
            try:
                return None if self._interrupted else _quick_check(self._conn)
            except sqlite3.DatabaseError as e:
                if not unlocked and _cannot_share(e) and not _has_wal_content(self.path):
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


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (also through links), or would once made."""
    try:
        return a.resolve() == b.resolve() or os.path.samefile(a, b)
    except OSError:
        return False


def _refuse_target(target: Path, workbook: Path, what: str) -> None:
    """A file the store writes must never be the workbook or one of its own files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        if _same_file(target, Path(f"{workbook}{suffix}")):
            raise StoreError(
                f"{target}: is the workbook itself (or one of its files); {what} must be "
                "written to another file"
            )
    if target.is_dir():
        raise StoreError(f"{target}: is a folder; give a file name")


def _refuse_overwriting(target: Path) -> None:
    """An existing file is replaced only when it is an earlier copy: a ddworkbook workbook that no
    program has open."""
    if not target.is_file() or target.is_symlink():
        raise StoreError(f"{target}: exists and is not a regular file; nothing was written")
    if Path(f"{target}-wal").exists() or Path(f"{target}-shm").exists():
        raise StoreError(f"{target}: is a workbook in use (or not closed cleanly); it is not replaced")
    try:
        with contextlib.closing(sqlite3.connect(_read_only_uri(target), uri=True)) as conn:
            app = conn.execute("SELECT value FROM meta WHERE key = 'application'").fetchone()
    except sqlite3.Error:
        app = None
    if app is None or app[0] != APPLICATION:
        raise StoreError(f"{target}: exists and is not a ddworkbook workbook; it is not overwritten")


def _checked_copy(source: sqlite3.Connection, target: Path, what: str, whole_record: bool = True) -> Snapshot:
    """Copy the database of ``source`` (one consistent snapshot) to ``target`` by way of a temporary
    file beside it, check the copy, and rename it into place; nothing is kept when anything fails."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
    try:
        dst = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            source.backup(dst)  # all pages in one step: a snapshot, whoever writes meanwhile
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dst.close()
        with open(tmp, "rb+") as f:  # a file of our own making, not the workbook
            os.fsync(f.fileno())
        with Workbook.inspect(tmp) as copy:
            found = copy.problems() if whole_record else copy._integrity_problems()
            problems = list(itertools.islice(found, 50))
            snapshot = copy.snapshot()._replace(path=target)
        if problems:
            raise BackupProblems(
                f"{target}: {what} did not pass its check ({problems[0]}"
                + (f"; and {len(problems) - 1} more problems" if len(problems) > 1 else "")
                + "); nothing was kept",
                problems,
            )
        os.replace(tmp, target)
        _sync_folder(target.parent)
        return snapshot
    except sqlite3.Error as e:
        raise StoreError(f"{target}: {what} could not be written ({e}); nothing was kept") from None
    except OSError as e:
        raise StoreError(f"{target}: {what} could not be written ({e.strerror}); nothing was kept") from None
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)


class ExportedRecord(NamedTuple):
    folder: Path
    dossiers: int
    journal_entries: int
    files: int


def _export_names(ids: Sequence[str]) -> dict[str, str]:
    """A file name (without ``.json``) for each dossier id: the id where it is a safe name, else the
    id cleaned to safe characters; unique also where case does not count."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for did in ids:
        name = re.sub(r"[^A-Za-z0-9_-]", "_", did, flags=re.ASCII)[:64] or "dossier"
        base, n = name, 1
        while name.casefold() in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name.casefold())
        names[did] = name
    return names


def _digest_file(path: Path) -> tuple[str, int]:
    h, n = hashlib.sha256(), 0
    with open(path, "rb") as f:  # a file just written by the export, not the workbook
        while chunk := f.read(CHUNK):
            h.update(chunk)
            n += len(chunk)
    return h.hexdigest(), n


class RestoreResult(NamedTuple):
    restored: Snapshot  # what the workbook holds now
    kept_aside: Path | None  # where the workbook it replaced was put (None: there was none)


def restore(workbook: Path, backup: Path, *, busy_ms: int = DEFAULT_BUSY_MS) -> RestoreResult:
    """Put a backup in place of a workbook. The backup is copied and checked first (as ``verify``
    does); the current workbook, if any, is kept aside in its folder under a dated name
    (``<name>-before-restore-<date>.ddwb``), and only then replaced, while no other program has it
    open (refused otherwise), through SQLite's backup into the open file: it keeps its name and
    identity, so that nothing holding it is surprised. Nothing changes when anything fails."""
    workbook, backup = Path(workbook), Path(backup)
    if not backup.is_file():
        raise StoreError(f"{backup}: no backup file there")
    if _same_file(backup, workbook):
        raise StoreError(f"{backup}: is the workbook itself; give a backup of it")
    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    checked = workbook.with_name(f".{workbook.name}.restore-{os.urandom(4).hex()}.tmp")
    try:
        with Workbook.inspect(backup) as source:
            unknown = [n for n in source.schema_steps if n not in KNOWN_MIGRATIONS]
            if unknown:
                raise StoreError(f"{backup}: was made by a newer version of ddworkbook; update the program")
            _checked_copy(source.conn, checked, "the backup")
        if not workbook.exists():
            os.replace(checked, workbook)
            _sync_folder(workbook.parent)
            with Workbook.inspect(workbook) as now:
                return RestoreResult(now.snapshot(), None)
        aside = workbook.with_name(f"{workbook.stem}-before-restore-{stamp}{workbook.suffix or '.ddwb'}")
        conn = sqlite3.connect(str(workbook), timeout=busy_ms / 1000, isolation_level=None)
        try:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")  # held until the connection closes
            try:
                conn.execute("BEGIN EXCLUSIVE")
                conn.execute("COMMIT")
            except sqlite3.OperationalError:
                raise StoreError(
                    f"{workbook}: is open in another program (the desktop program?); close "
                    "it there and restore again; nothing was changed"
                ) from None
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            _checked_copy(conn, aside, "the copy of the current workbook")
            with contextlib.closing(sqlite3.connect(str(checked), isolation_level=None)) as src:
                src.backup(conn)  # into the open workbook: all pages in one transaction
            conn.execute("PRAGMA journal_mode = WAL")  # the copy's header said rollback journal
        finally:
            conn.close()
        with Workbook.inspect(workbook) as now:
            return RestoreResult(now.snapshot(), aside)
    except sqlite3.Error as e:
        raise StoreError(f"{workbook}: could not be restored ({e}); nothing was changed") from None
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{checked}{suffix}").unlink(missing_ok=True)


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
        raise files.WriteError(
            path,
            "is a symbolic link; export writes only into a real folder and "
            "never through a link: move it away or export elsewhere",
        )
    if folder and not stat.S_ISDIR(mode):
        raise files.WriteError(
            path,
            "is in the way: it is not a folder, and the evidence files go "
            "into a folder of that name: move it away or export elsewhere",
        )
    if not folder and not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a special file"
        raise files.WriteError(
            path, f"is in the way: {kind}, not a regular file: move it away or export elsewhere"
        )


def _is_database(path: Path) -> bool:
    """Whether a file is an SQLite database (a workbook, or a backup). A file open in this process
    as a workbook is never opened here: closing it would drop SQLite's locks (core/presence.py)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    if presence.open_here(st):
        return True
    try:
        with open(path, "rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _workbook_in_the_way(target: Path) -> str | None:
    """Why a file may not be written: it is a workbook (open here or not) or a backup, or it has
    the name of a workbook's own files (``-wal``, ``-shm``, ``-journal``, which SQLite would read)."""
    for suffix in ("-wal", "-shm", "-journal"):
        if target.name.endswith(suffix) and _is_database(target.with_name(target.name[: -len(suffix)])):
            return "is the name of a workbook's own file; choose another file"
    if _is_database(target):
        return "is a workbook or a backup (an SQLite database); it is not written over: choose another file"
    return None


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
        kind = (
            "a folder"
            if stat.S_ISDIR(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a special file"
        )
        raise files.WriteError(target, f"is {kind}, not a regular file; expected a file to write")
    refusal = _workbook_in_the_way(target)
    if refusal:
        raise files.WriteError(target, refusal)
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


def _as_stored(d: Dossier) -> Dossier:
    """A draft as the workbook stores it: without a sign-off and without evidence paths."""
    if d.sign_off is None and all(e.path is None for e in d.evidence):
        return d
    return dataclasses.replace(
        d, sign_off=None, evidence=[dataclasses.replace(e, path=None) for e in d.evidence]
    )


def _diff(old: Dossier, new: Dossier) -> list[tuple[str, str | None, str | None, str]]:
    """(field, old JSON, new JSON, fingerprint after) for each top-level field and each answer that
    changed, in order: applying the changes one by one to ``old`` gives ``new``, and each carries
    the fingerprint of the dossier at that point (the last one: ``new``'s)."""
    a, b = _dossier.dossier_to_json(old), _dossier.dossier_to_json(new)
    state = dict(a)
    out = []

    def put(into: dict[str, Any], key: str, value: Any) -> None:
        if value is None:
            into.pop(key, None)
        else:
            into[key] = value

    for key in dict.fromkeys([*a, *b]):
        if key == "answers":
            qa, qb = a.get(key, {}), b.get(key, {})
            answers = state[key] = dict(qa)
            for qid in dict.fromkeys([*qa, *qb]):
                if qa.get(qid) != qb.get(qid):
                    put(answers, qid, qb.get(qid))
                    out.append(
                        (
                            f"answers.{qid}",
                            _json(qa.get(qid)),
                            _json(qb.get(qid)),
                            _dossier.fingerprint_of_json(state),
                        )
                    )
        elif key == "evidence":
            strip = [{k: v for k, v in e.items() if k != "path"} for e in a.get(key, [])]
            strip_b = [{k: v for k, v in e.items() if k != "path"} for e in b.get(key, [])]
            if strip != strip_b:
                put(state, key, b.get(key))
                out.append((key, _json(strip), _json(strip_b), _dossier.fingerprint_of_json(state)))
        elif a.get(key) != b.get(key):
            put(state, key, b.get(key))
            out.append((key, _json(a.get(key)), _json(b.get(key)), _dossier.fingerprint_of_json(state)))
    return out


__all__ = [
    "BusyError",
    "FrozenError",
    "NotFoundError",
    "SchemaError",
    "Seal",
    "StoreError",
    "Summary",
    "Workbook",
    "default_workbook_path",
]
