"""The schema: the steps that build it (``sqlite_utils.Migrations``), and what each step leaves in
``sqlite_master`` (``expected_schema``), so that a workbook changed outside ddworkbook is found
(``schema_deviations``) and refused before anything in it can run.

A step, once released, is never edited: existing workbooks have applied it. A change of schema is a
new step appended to ``STEPS``, with its objects added to the expected schema. A workbook that has
a step this program does not know was written by a newer version and is refused.

Finalised dossiers are frozen by triggers in the database itself, not only by checks in Python: any
insert, update or delete touching a finalised dossier is aborted by SQLite, whoever issues it, also
by way of REPLACE conflict resolution (m005), but for the two annotations that may arrive after
sign-off, the authority's reply and the actual export date, with the retention date that follows the
export date (m007). What the triggers cannot stop (someone who drops them, or edits the file, or
changes an annotation without journaling it), ``verify`` finds.

Opening a workbook and listing its dossiers imports neither sqlite-utils nor the content: the applied
steps are read from sqlite-utils' own ``_sqlite_migrations`` table (``applied_steps``), and the library
is imported when a step is pending.

Imports the journal (the genesis hash, the actor of m005's entries), the handle and, in steps m005
and m007 only, the lifecycle (its checkpoint entries; every dossier's outcome and holds).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from core import countries
from core.i18n import _
from core.store import lifecycle
from core.store.common import APPLICATION, V1_CHILD_TABLES, now
from core.store.handle import Handle
from core.store.journal import GENESIS, current_actor

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

Objects = tuple[str, str, str, str]  # (type, name, table, SQL) of one object in sqlite_master


# ---------------------------------------------------------------------------- the steps


def m001_initial(db: Database) -> None:
    """The first schema: the workbook's own records, the dossiers with their parts, the evidence
    files, the journal, and the triggers that freeze finalised dossiers. Written as helpers called
    in the order the step always ran: the statements, and so the schema, are those of the released
    step (tests/test_integrity.py compares what the steps make with the expected schema)."""
    _m001_meta_and_dossiers(db)
    _m001_dossier_parts(db)
    _m001_evidence_and_journal(db)
    # SQLite's own enforcement: foreign keys from the children to their dossier, and triggers that
    # freeze finalised dossiers and keep the journal and evidence blobs append-only.
    for table in V1_CHILD_TABLES:
        db.execute(f"CREATE INDEX {table}_dossier ON {table}(dossier_id)")
    db.executescript(_FREEZE_SQL)


def _m001_meta_and_dossiers(db: Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("meta").insert_all(
        [
            {"key": "application", "value": APPLICATION},
            {"key": "workbook_id", "value": os.urandom(16).hex()},
            {"key": "created_at", "value": now()},
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


def _m001_dossier_parts(db: Database) -> None:
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


def _m001_evidence_and_journal(db: Database) -> None:
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
            for t in V1_CHILD_TABLES
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
        for t in V1_CHILD_TABLES
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
    lifecycle.checkpoint_all(Handle(Path("workbook"), c, None, current_actor()))
    c.execute(freeze_sql)
    for sql in _GUARD_SQL:
        c.execute(sql)


# The indexes of m006: the dossier list's order by each of its columns (core.store.listing), each
# then by id, so that SQLite reads a page of any order, or of a search, without sorting the workbook.
_LIST_INDEXES: tuple[tuple[str, str], ...] = (
    ("dossiers_by_title", "title COLLATE NOCASE, id"),
    ("dossiers_by_reference", "reference COLLATE NOCASE, title COLLATE NOCASE, id"),
    ("dossiers_by_destination", "destination_country, title COLLATE NOCASE, id"),
    ("dossiers_by_status", "status, title COLLATE NOCASE, id"),
    ("dossiers_by_outcome", "outcome, title COLLATE NOCASE, id"),
    ("dossiers_by_updated", "updated_at, id"),
    ("dossiers_by_retention", "status, retention_until, id"),  # the records, by the end of retention
)


def m006_list_order(db: Database) -> None:
    """The dossier list sorted and paged by SQLite for every column: one index per column's order;
    and the finalised dossiers by the end of their retention (Tools > Records)."""
    for name, columns in _LIST_INDEXES:
        db.conn.execute(f"CREATE INDEX {name} ON dossiers ({columns})")


# What m007 adds: the fields of version 2 of the dossier format as columns of ``dossiers`` (the
# transaction, the exporter's customs id, the authority's reply, the sign-off's export year and
# accepted holds), what the retention date counts from at sign-off (``export_year_basis``), the
# dossier's holds for the list (JSON, as ``outcome`` is kept), and the screening records with their
# hits as tables of their own.
_M007_COLUMNS = (
    "exporter_customs_id TEXT",
    "transaction_quantity TEXT",
    "transaction_value REAL",
    "transaction_currency TEXT",
    "transaction_contract_reference TEXT",
    "transaction_contract_date TEXT",
    "transaction_planned_export_date TEXT",
    "transaction_export_date TEXT",
    "authority_reply_kind TEXT",
    "authority_reply_sent_on TEXT",
    "authority_reply_reference TEXT",
    "authority_reply_decision TEXT",
    "authority_reply_decided_on TEXT",
    "authority_reply_note TEXT",
    "sign_off_export_year INTEGER",
    "sign_off_accepted_holds TEXT",
    "sign_off_accepted_because TEXT",
    "export_year_basis TEXT",
    "holds TEXT",
)
_M007_CHILDREN = ("screening_records", "screening_hits")
_M007_TABLES = (
    "CREATE TABLE screening_records (dossier_id TEXT NOT NULL REFERENCES dossiers(id), "
    "position INTEGER NOT NULL, party INTEGER NOT NULL, name TEXT NOT NULL, list_id TEXT NOT NULL, "
    "list_version TEXT, screened_at TEXT, PRIMARY KEY (dossier_id, position))",
    "CREATE TABLE screening_hits (dossier_id TEXT NOT NULL REFERENCES dossiers(id), "
    "record INTEGER NOT NULL, position INTEGER NOT NULL, entry TEXT NOT NULL, name TEXT NOT NULL, "
    "score REAL, disposition TEXT NOT NULL, note TEXT, PRIMARY KEY (dossier_id, record, position))",
    # the freeze of m001 and the guards of m005, for the new parts of a dossier
    *[
        sql
        for t in _M007_CHILDREN
        for sql in (
            f"CREATE TRIGGER {t}_frozen_insert BEFORE INSERT ON {t} WHEN {_frozen('NEW')} {_REFUSED_FROZEN}",
            f"CREATE TRIGGER {t}_frozen_update BEFORE UPDATE ON {t} WHEN {_frozen('OLD')} OR "
            f"{_frozen('NEW')} {_REFUSED_FROZEN}",
            f"CREATE TRIGGER {t}_frozen_delete BEFORE DELETE ON {t} WHEN {_frozen('OLD')} AND "
            f"{_retained('OLD')} {_REFUSED_FROZEN}",
            f"CREATE TRIGGER {t}_no_replace BEFORE INSERT ON {t} WHEN EXISTS (SELECT 1 FROM {t} x "
            f"WHERE x.rowid = NEW.rowid AND {_frozen('x')}) {_REFUSED_FROZEN}",
            f"CREATE TRIGGER {t}_rowid_fixed BEFORE UPDATE ON {t} WHEN NEW.rowid IS NOT OLD.rowid "
            "BEGIN SELECT RAISE(ABORT, 'rows of a dossier cannot be renumbered'); END",
        )
    ],
)
# The freeze of a finalised dossier's row, from m007 on: every column is frozen but the two annotations
# that may arrive after sign-off (DESIGN.md section 3: the authority's reply and the actual export
# date) and what follows them: the fingerprint, the time of the change, and the retention date, which
# moves only with the export date and only to the date it gives (the end of its year plus five years;
# without one, of the export year kept at sign-off). A column added by a later step must be named here
# by that step (tests/test_integrity.py checks that every column is).
_M007_FROZEN_COLUMNS = (
    "id",
    "title",
    "reference",
    "member_state",
    "exporter_name",
    "exporter_address",
    "exporter_country",
    "exporter_contact",
    "item_name",
    "item_version",
    "item_kind",
    "item_description",
    "destination_country",
    "stated_end_use",
    "party_names",
    "status",
    "outcome",
    "signed_name",
    "signed_role",
    "signed_date",
    "export_year",
    "created_at",
    "seal",
    "exporter_customs_id",
    "transaction_quantity",
    "transaction_value",
    "transaction_currency",
    "transaction_contract_reference",
    "transaction_contract_date",
    "transaction_planned_export_date",
    "sign_off_export_year",
    "sign_off_accepted_holds",
    "sign_off_accepted_because",
    "export_year_basis",
    "holds",
)
_M007_RETENTION = (
    "NEW.retention_until IS NOT CASE "
    "WHEN NEW.transaction_export_date IS OLD.transaction_export_date THEN OLD.retention_until "
    "WHEN NEW.transaction_export_date IS NOT NULL "
    "THEN printf('%04d-12-31', substr(NEW.transaction_export_date, 1, 4) + 5) "
    "WHEN NEW.export_year IS NOT NULL THEN printf('%04d-12-31', NEW.export_year + 5) "
    "ELSE OLD.retention_until END"
)
_M007_FREEZE = (
    "CREATE TRIGGER dossiers_frozen_update BEFORE UPDATE ON dossiers WHEN OLD.status = 'final' AND ("
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _M007_FROZEN_COLUMNS)
    + f" OR {_M007_RETENTION}) {_REFUSED_FROZEN}"
)


def m007_format_v2(db: Database) -> None:
    """Version 2 of the dossier format: its fields stored and queryable (``_M007_COLUMNS``, the
    tables of ``_M007_TABLES``), the finalised row's freeze opened for the two annotations of after
    sign-off (``_M007_FREEZE``). Dossiers finalised before keep their sign-off as it was (no export
    year of version 2: their fingerprints and seals stay valid), and the export year they recorded,
    from which their retention date counts (``export_year_basis``). Every dossier's outcome and holds
    are assessed again, by the rules of this version, for the list."""
    c = db.conn
    for column in _M007_COLUMNS:
        c.execute(f"ALTER TABLE dossiers ADD COLUMN {column}")
    for sql in _M007_TABLES:
        c.execute(sql)
    # the finalised rows are given what they lack past the freeze, in this step only
    c.execute("DROP TRIGGER dossiers_frozen_update")
    c.execute("UPDATE dossiers SET export_year_basis = 'export_year' WHERE status = 'final'")
    lifecycle.reassess_all(Handle(Path("workbook"), c, None, current_actor()))
    c.execute(_M007_FREEZE)


def m008_sanctions_lists(db: Database) -> None:
    """The sanctions lists imported (issue 13; core.store.lists): one row per list (its version,
    format, file and counts), its entries as JSON, and its index rows. Reference data, not part of any
    dossier: replaced whole when a newer version of a list is imported, each import journaled."""
    db.table("sanctions_lists").create(
        {
            "list_id": str,
            "version": str,
            "source_format": str,
            "file_name": str,
            "sha256": str,
            "entries": int,
            "names": int,
            "imported_at": str,
        },
        pk="list_id",
        not_null={"version", "source_format", "file_name", "sha256", "entries", "names", "imported_at"},
    )
    fk = [("list_id", "sanctions_lists", "list_id")]
    db.table("sanctions_entries").create(
        {"list_id": str, "entry_id": str, "position": int, "kind": str, "data": str},
        pk=("list_id", "entry_id"),
        foreign_keys=fk,
        not_null={"list_id", "entry_id", "position", "kind", "data"},
    )
    db.table("sanctions_index").create(
        {
            "list_id": str,
            "entry_id": str,
            "name_pos": int,
            "form": str,
            "tokens": str,
            "scripts": str,
            "version": int,
        },
        foreign_keys=fk,
        not_null={"list_id", "entry_id", "name_pos", "form", "tokens", "scripts", "version"},
    )
    db.execute("CREATE INDEX sanctions_index_list ON sanctions_index(list_id)")


# What m009 adds: the list's orders by the holds (how many) and by the authority's reply (dossiers
# waiting for a decision, longest first, then those not sent yet, then the decisions), each an index on
# the expression core.store.listing sorts by (``_HOLDS``, ``_AUTHORITY`` there, with ``d.``).
_M009_INDEXES = (
    (
        "dossiers_by_holds",
        "CREATE INDEX dossiers_by_holds ON dossiers (coalesce(json_array_length(holds), 0), "
        "title COLLATE NOCASE, id)",
    ),
    (
        "dossiers_by_authority",
        "CREATE INDEX dossiers_by_authority ON dossiers (CASE WHEN authority_reply_kind IS NULL THEN NULL "
        "WHEN coalesce(authority_reply_decision, 'pending') <> 'pending' "
        "THEN '3' || authority_reply_decision "
        "WHEN authority_reply_sent_on IS NULL THEN '2' ELSE '1' || authority_reply_sent_on END, "
        "title COLLATE NOCASE, id)",
    ),
)


def m009_list_holds_and_authority(db: Database) -> None:
    """The dossier list sorted and paged by SQLite by two more columns (issue 14): the number of
    holds, and the authority's reply (waiting for how long, or the decision)."""
    for _name, sql in _M009_INDEXES:
        db.conn.execute(sql)


STEPS: tuple[Callable[[Database], None], ...] = (
    m001_initial,
    m002_search,
    m003_ui_state,
    m004_country_names,
    m005_integrity,
    m006_list_order,
    m007_format_v2,
    m008_sanctions_lists,
    m009_list_holds_and_authority,
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


def _child_freeze(t: str) -> tuple[Objects, ...]:
    """The triggers that freeze a finalised dossier's rows in its child table ``t`` (m001's tables;
    m007's screening tables the same way)."""
    return (
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


def _child_guards(t: str) -> tuple[Objects, ...]:
    """The triggers that keep a finalised dossier's rows in child table ``t`` from being replaced or
    renumbered (m005's tables; m007's screening tables the same way)."""
    return (
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
            "WHEN NEW.rowid IS NOT OLD.rowid " + _ABORT.format("rows of a dossier cannot be renumbered"),
        ),
    )


def _added_column(table_sql: str, column: str) -> str:
    """A table's SQL text after ``ALTER TABLE ... ADD COLUMN`` (SQLite splices it in before the ``)``)."""
    return f"{table_sql[:-1]}, {column})"


def _m001_tables() -> tuple[Objects, ...]:
    """m001's tables and indexes (with sqlite-utils' own migrations table)."""
    children = _SCHEMA_CHILDREN
    return (
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
    )


def _m001_triggers() -> tuple[Objects, ...]:
    """m001's triggers: the freeze of finalised dossiers, the append-only journal."""
    children = _SCHEMA_CHILDREN
    return (
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
        *[row for t in children for row in _child_freeze(t)],
    )


def _m002_objects() -> tuple[Objects, ...]:
    """m002: the full-text index of the list and the triggers that keep it."""
    return (
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
    )


def _m003_objects() -> tuple[Objects, ...]:
    """m003: the desktop program's place in each dossier."""
    return (
        (
            "table",
            "ui_state",
            "ui_state",
            'CREATE TABLE "ui_state" ( "dossier_id" TEXT PRIMARY KEY REFERENCES "dossiers"("id"), '
            '"page" TEXT )',
        ),
    )


def _m004_objects() -> tuple[Objects, ...]:
    """m004: the country names the list shows."""
    return (
        (
            "table",
            "country_names",
            "country_names",
            'CREATE TABLE "country_names" ( "code" TEXT PRIMARY KEY, "name" TEXT NOT NULL )',
        ),
    )


def _m005_objects() -> tuple[Objects, ...]:
    """m005: the journal's fingerprints, the seals, and the triggers that close the ways around the freeze."""
    children = _SCHEMA_CHILDREN
    return (
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
        *[row for t in children for row in _child_guards(t)],
    )


def _m006_objects() -> tuple[Objects, ...]:
    """m006: the indexes of the dossier list's orders, and of the records by their retention."""
    return (
        (
            "index",
            "dossiers_by_title",
            "dossiers",
            "CREATE INDEX dossiers_by_title ON dossiers (title COLLATE NOCASE, id)",
        ),
        (
            "index",
            "dossiers_by_reference",
            "dossiers",
            "CREATE INDEX dossiers_by_reference ON dossiers "
            "(reference COLLATE NOCASE, title COLLATE NOCASE, id)",
        ),
        (
            "index",
            "dossiers_by_destination",
            "dossiers",
            "CREATE INDEX dossiers_by_destination ON dossiers "
            "(destination_country, title COLLATE NOCASE, id)",
        ),
        (
            "index",
            "dossiers_by_status",
            "dossiers",
            "CREATE INDEX dossiers_by_status ON dossiers (status, title COLLATE NOCASE, id)",
        ),
        (
            "index",
            "dossiers_by_outcome",
            "dossiers",
            "CREATE INDEX dossiers_by_outcome ON dossiers (outcome, title COLLATE NOCASE, id)",
        ),
        (
            "index",
            "dossiers_by_updated",
            "dossiers",
            "CREATE INDEX dossiers_by_updated ON dossiers (updated_at, id)",
        ),
        (
            "index",
            "dossiers_by_retention",
            "dossiers",
            "CREATE INDEX dossiers_by_retention ON dossiers (status, retention_until, id)",
        ),
    )


_DOSSIERS_M007_COLUMNS = (
    "exporter_customs_id TEXT",
    "transaction_quantity TEXT",
    "transaction_value REAL",
    "transaction_currency TEXT",
    "transaction_contract_reference TEXT",
    "transaction_contract_date TEXT",
    "transaction_planned_export_date TEXT",
    "transaction_export_date TEXT",
    "authority_reply_kind TEXT",
    "authority_reply_sent_on TEXT",
    "authority_reply_reference TEXT",
    "authority_reply_decision TEXT",
    "authority_reply_decided_on TEXT",
    "authority_reply_note TEXT",
    "sign_off_export_year INTEGER",
    "sign_off_accepted_holds TEXT",
    "sign_off_accepted_because TEXT",
    "export_year_basis TEXT",
    "holds TEXT",
)
_FROZEN_ROW_M007 = (
    "CREATE TRIGGER dossiers_frozen_update BEFORE UPDATE ON dossiers WHEN OLD.status = 'final' AND ("
    "NEW.id IS NOT OLD.id OR NEW.title IS NOT OLD.title OR NEW.reference IS NOT OLD.reference OR "
    "NEW.member_state IS NOT OLD.member_state OR NEW.exporter_name IS NOT OLD.exporter_name OR "
    "NEW.exporter_address IS NOT OLD.exporter_address OR NEW.exporter_country IS NOT OLD.exporter_country OR "
    "NEW.exporter_contact IS NOT OLD.exporter_contact OR NEW.item_name IS NOT OLD.item_name OR "
    "NEW.item_version IS NOT OLD.item_version OR NEW.item_kind IS NOT OLD.item_kind OR "
    "NEW.item_description IS NOT OLD.item_description OR "
    "NEW.destination_country IS NOT OLD.destination_country OR "
    "NEW.stated_end_use IS NOT OLD.stated_end_use OR NEW.party_names IS NOT OLD.party_names OR "
    "NEW.status IS NOT OLD.status OR NEW.outcome IS NOT OLD.outcome OR "
    "NEW.signed_name IS NOT OLD.signed_name OR NEW.signed_role IS NOT OLD.signed_role OR "
    "NEW.signed_date IS NOT OLD.signed_date OR NEW.export_year IS NOT OLD.export_year OR "
    "NEW.created_at IS NOT OLD.created_at OR NEW.seal IS NOT OLD.seal OR "
    "NEW.exporter_customs_id IS NOT OLD.exporter_customs_id OR "
    "NEW.transaction_quantity IS NOT OLD.transaction_quantity OR "
    "NEW.transaction_value IS NOT OLD.transaction_value OR "
    "NEW.transaction_currency IS NOT OLD.transaction_currency OR "
    "NEW.transaction_contract_reference IS NOT OLD.transaction_contract_reference OR "
    "NEW.transaction_contract_date IS NOT OLD.transaction_contract_date OR "
    "NEW.transaction_planned_export_date IS NOT OLD.transaction_planned_export_date OR "
    "NEW.sign_off_export_year IS NOT OLD.sign_off_export_year OR "
    "NEW.sign_off_accepted_holds IS NOT OLD.sign_off_accepted_holds OR "
    "NEW.sign_off_accepted_because IS NOT OLD.sign_off_accepted_because OR "
    "NEW.export_year_basis IS NOT OLD.export_year_basis OR NEW.holds IS NOT OLD.holds OR "
    "NEW.retention_until IS NOT CASE "
    "WHEN NEW.transaction_export_date IS OLD.transaction_export_date THEN OLD.retention_until "
    "WHEN NEW.transaction_export_date IS NOT NULL "
    "THEN printf('%04d-12-31', substr(NEW.transaction_export_date, 1, 4) + 5) "
    "WHEN NEW.export_year IS NOT NULL THEN printf('%04d-12-31', NEW.export_year + 5) "
    "ELSE OLD.retention_until END) " + _FROZEN_ABORT
)


def _m007_objects() -> tuple[Objects, ...]:
    """m007: version 2 of the format (its columns, the screening tables and their freeze), and the
    finalised row's freeze that lets the two annotations of after sign-off change."""
    dossiers = _added_column(_DOSSIERS_M001, "seal TEXT")
    for column in _DOSSIERS_M007_COLUMNS:
        dossiers = _added_column(dossiers, column)
    return (
        ("table", "dossiers", "dossiers", dossiers),
        ("trigger", "dossiers_frozen_update", "dossiers", _FROZEN_ROW_M007),
        (
            "table",
            "screening_records",
            "screening_records",
            "CREATE TABLE screening_records (dossier_id TEXT NOT NULL REFERENCES dossiers(id), "
            "position INTEGER NOT NULL, party INTEGER NOT NULL, name TEXT NOT NULL, list_id TEXT NOT NULL, "
            "list_version TEXT, screened_at TEXT, PRIMARY KEY (dossier_id, position))",
        ),
        (
            "table",
            "screening_hits",
            "screening_hits",
            "CREATE TABLE screening_hits (dossier_id TEXT NOT NULL REFERENCES dossiers(id), "
            "record INTEGER NOT NULL, position INTEGER NOT NULL, entry TEXT NOT NULL, name TEXT NOT NULL, "
            "score REAL, disposition TEXT NOT NULL, note TEXT, PRIMARY KEY (dossier_id, record, position))",
        ),
        *[
            row
            for t in ("screening_records", "screening_hits")
            for row in (*_child_freeze(t), *_child_guards(t))
        ],
    )


def _m008_objects() -> tuple[Objects, ...]:
    """m008: the sanctions lists, their entries and their index rows."""
    lists = '"list_id" TEXT NOT NULL REFERENCES "sanctions_lists"("list_id")'
    return (
        (
            "table",
            "sanctions_lists",
            "sanctions_lists",
            'CREATE TABLE "sanctions_lists" ( "list_id" TEXT PRIMARY KEY, "version" TEXT NOT NULL, '
            '"source_format" TEXT NOT NULL, "file_name" TEXT NOT NULL, "sha256" TEXT NOT NULL, '
            '"entries" INTEGER NOT NULL, "names" INTEGER NOT NULL, "imported_at" TEXT NOT NULL )',
        ),
        (
            "table",
            "sanctions_entries",
            "sanctions_entries",
            f'CREATE TABLE "sanctions_entries" ( {lists}, "entry_id" TEXT NOT NULL, "position" INTEGER NOT '
            'NULL, "kind" TEXT NOT NULL, "data" TEXT NOT NULL, PRIMARY KEY ("list_id", "entry_id") )',
        ),
        (
            "table",
            "sanctions_index",
            "sanctions_index",
            f'CREATE TABLE "sanctions_index" ( {lists}, "entry_id" TEXT NOT NULL, "name_pos" INTEGER NOT '
            'NULL, "form" TEXT NOT NULL, "tokens" TEXT NOT NULL, "scripts" TEXT NOT NULL, "version" '
            "INTEGER NOT NULL )",
        ),
        (
            "index",
            "sanctions_index_list",
            "sanctions_index",
            "CREATE INDEX sanctions_index_list ON sanctions_index(list_id)",
        ),
    )


def _schema_of_steps() -> dict[str, tuple[Objects, ...]]:
    return {
        "m001_initial": (*_m001_tables(), *_m001_triggers()),
        "m002_search": _m002_objects(),
        "m003_ui_state": _m003_objects(),
        "m004_country_names": _m004_objects(),
        "m005_integrity": _m005_objects(),
        "m006_list_order": _m006_objects(),
        "m007_format_v2": _m007_objects(),
        "m008_sanctions_lists": _m008_objects(),
        "m009_list_holds_and_authority": tuple(
            ("index", name, "dossiers", " ".join(sql.split())) for name, sql in _M009_INDEXES
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
                unknown = (
                    _("unknown {type} {name} on table {table}")
                    if type_ in ("trigger", "index")
                    else _("unknown {type} {name}")
                )
                out.append(unknown.format(type=type_, name=repr(name), table=repr(table)))
            continue
        found.add(name)
        if type_ != want[0]:
            out.append(
                _("changed {type} {name}: it is now a {now}").format(type=want[0], name=repr(name), now=type_)
            )
        elif table != want[1] or (want[2] != ANY_SQL and _collapse(sql) != want[2]):
            out.append(_("changed {type} {name}").format(type=type_, name=repr(name)))
    out += [
        _("missing {type} {name}").format(type=type_, name=repr(name))
        for name, (type_, _t, _s) in expected.items()
        if name not in found
    ]
    return out


def applied_steps(conn: sqlite3.Connection) -> list[str]:
    """The schema steps applied to a workbook, in order (as sqlite-utils recorded them)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone():
        return []
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", (APPLICATION,)
        )
    ]


def workbook_id(conn: sqlite3.Connection) -> str:
    """The id a workbook was given when it was made (kept by its copies and backups)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'workbook_id'").fetchone()
    return str(row[0]) if row else ""
