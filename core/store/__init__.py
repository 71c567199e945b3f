"""The workbook: one SQLite file holding dossiers, their evidence files, and a tamper-evident journal.

All SQL of the program lives in this package (tests/test_architecture.py checks that nothing outside
it runs any). The rest of the program uses ``Workbook`` (``from core.store import Workbook``), the
errors, the result tuples and the few functions named in ``__all__``.

The parts, lowest first; a part imports only parts above it in this list (tests/test_architecture.py
checks that the package has no import cycle):

- ``errors``: ``StoreError`` and its kinds; what SQLite's errors mean (damage, busy, disk full).
- ``common``: the application's name, the dossier's part tables, the clock, JSON text.
- ``results``: the named tuples the store returns (``Summary``, ``JournalEntry``, ``Seal``...).
- ``presence``: the presence lock that keeps SQLite's locks from being dropped within the process.
- ``netfs``: whether the workbook lies on a network file system.
- ``handle``: an open workbook (``Handle``): connection, state, the write transaction, the damage guard.
- ``journal``: entries, their hashes, the chain, the seal's entry, an edit's field changes.
- ``writing``: files written beside the workbook, atomically and never over a workbook.
- ``listing``: the dossier list in any column's order, searched, a page at a time (SQLite does it).
- ``rows``: a dossier to rows and back, the list (summaries, search, counts), the wizard's page.
- ``evidence``: the files held in the workbook (blobs), attach, a dossier's export with its files.
- ``lifecycle``: import, edit, duplicate, finalise (sign-off against the holds, seal), the annotations of
  after sign-off, delete and retention.
- ``lists``: the sanctions lists imported (entries, index rows), the dossiers to screen again.
- ``screen``: screening a name or a dossier against the lists kept, decisions on hits.
- ``schema``: the schema steps (migrations), the expected schema and its deviations.
- ``connection``: read-only and inspecting connections, SQLite's quick check, data version.
- ``verify``: everything ``verify`` finds, the check of a seal, the background integrity check.
- ``backups``: backup, restore and the rotating backups (where they are kept, how many).
- ``record``: the export of the whole record with its manifest and README.
- ``opening``: making, opening, read-only and network handling, damage on open, upgrading.
- ``workbook``: ``Workbook``, the facade.

Why a handle and functions, not mixins: each part is a module of functions that take the open
workbook (``Handle``) first, and ``Workbook`` is a ``Handle`` whose methods are those functions
(``get = rows.get``...). A part's dependencies are then its imports, visible and checked for
cycles, rather than methods that mixins expect each other to provide through ``self``; every public
method keeps its signature by construction; and a part can be read, and tested, on its own. The
functions that were guarded methods of the one-class store are ``guarded`` where they are written,
so that the store turns SQLite's damage errors into ``DamagedError`` at exactly the same calls as
before.

Start-up: importing the package loads neither sqlite-utils, the content, the dossier model, the
decision rules, ``dataclasses`` nor ``hashlib``; each part names them with ``core.lazy.lazy_import``
(or imports them in the function that needs them), and they are loaded when a dossier is first read
or written, so that the desktop program shows its list without them.
"""

from __future__ import annotations

from core.contract import RETENTION_YEARS  # Art. 27(3): defined once, in the contract
from core.store.backups import restore
from core.store.common import APPLICATION, CHILD_TABLES, CHUNK, DEFAULT_BUSY_MS
from core.store.errors import (
    BackupProblems,
    BusyError,
    DamagedError,
    FrozenError,
    HoldsError,
    NotFoundError,
    ReadOnlyError,
    SchemaError,
    StoreError,
)
from core.store.evidence import MAX_EVIDENCE_BYTES, evidence_file_names
from core.store.journal import GENESIS, current_actor
from core.store.lifecycle import export_year_problem
from core.store.listing import COLUMNS as LIST_COLUMNS
from core.store.listing import DEFAULT_ORDER, Order
from core.store.lists import ListImport, Rescreen, StoredList
from core.store.opening import MAX_BUSY_MS, busy_timeout_ms, default_workbook_path
from core.store.results import (
    Checked,
    ExportedRecord,
    JournalEntry,
    Record,
    RestoreResult,
    Seal,
    Snapshot,
    StoredDossier,
    Summary,
    Verification,
)
from core.store.schema import (
    ANY_SQL,
    KNOWN_MIGRATIONS,
    STEPS,
    expected_schema,
    migrations,
    schema_deviations,
)
from core.store.screen import DossierScreening, PartyHits
from core.store.verify import IntegrityCheck
from core.store.workbook import Workbook
from core.store.writing import write_atomically

__all__ = [
    "ANY_SQL",
    "APPLICATION",
    "CHILD_TABLES",
    "CHUNK",
    "DEFAULT_BUSY_MS",
    "DEFAULT_ORDER",
    "GENESIS",
    "KNOWN_MIGRATIONS",
    "LIST_COLUMNS",
    "MAX_BUSY_MS",
    "MAX_EVIDENCE_BYTES",
    "RETENTION_YEARS",
    "STEPS",
    "BackupProblems",
    "BusyError",
    "Checked",
    "DamagedError",
    "DossierScreening",
    "ExportedRecord",
    "FrozenError",
    "HoldsError",
    "IntegrityCheck",
    "JournalEntry",
    "ListImport",
    "NotFoundError",
    "Order",
    "PartyHits",
    "ReadOnlyError",
    "Record",
    "Rescreen",
    "RestoreResult",
    "SchemaError",
    "Seal",
    "Snapshot",
    "StoreError",
    "StoredDossier",
    "StoredList",
    "Summary",
    "Verification",
    "Workbook",
    "busy_timeout_ms",
    "current_actor",
    "default_workbook_path",
    "evidence_file_names",
    "expected_schema",
    "export_year_problem",
    "migrations",
    "restore",
    "schema_deviations",
    "write_atomically",
]
