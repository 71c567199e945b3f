"""A dossier as rows and back: the ``dossiers`` row and its parts' rows (``CHILD_TABLES``), written
whole (``put``) and read back (``get``, ``load``); the dossier list (``summaries``, with full-text
search, a page at a time), counts, and the desktop program's place in each dossier (``ui_page``).

The list needs neither the dossier model nor the content: it reads the columns kept for it (title,
outcome, fingerprint...) and the country names cached in ``country_names``. Reading or writing a
dossier loads the dossier model and the decision rules at first use.

Functions take the open workbook (``Handle``) or only its connection. Those that are methods of
``Workbook`` are ``guarded`` (SQLite's damage errors become ``DamagedError``), also where other
parts of the store call them.
"""

from __future__ import annotations

import json
import os
import sqlite3
from typing import TYPE_CHECKING, Any

from core import countries
from core.i18n import _
from core.lazy import lazy_import
from core.store.common import CHILD_TABLES, now, to_json
from core.store.errors import NotFoundError
from core.store.handle import Handle, guarded
from core.store.results import StoredDossier, Summary

if TYPE_CHECKING:
    import dataclasses

    from core import decision as _decision
    from core import dossier as _dossier
    from core.dossier import Answer, Dossier
else:  # loaded when a dossier is first read or written, not to list the dossiers (start-up)
    dataclasses = lazy_import("dataclasses")
    _decision = lazy_import("core.decision")
    _dossier = lazy_import("core.dossier")


# -- reading ------------------------------------------------------------------------------------


@guarded
def exists(wb: Handle, dossier_id: str) -> bool:
    return wb.conn.execute("SELECT 1 FROM dossiers WHERE id = ?", (dossier_id,)).fetchone() is not None


@guarded
def get(wb: Handle, dossier_id: str) -> StoredDossier:
    """A stored dossier with its status; ``NotFoundError`` when there is none."""
    conn = wb.conn
    conn.row_factory = sqlite3.Row
    try:
        row = conn.execute("SELECT * FROM dossiers WHERE id = ?", (dossier_id,)).fetchone()
        if row is None:
            raise NotFoundError(
                _("no dossier {dossier_id} in the workbook {path}").format(
                    dossier_id=repr(dossier_id), path=wb.path
                )
            )
        return StoredDossier(
            dossier=load(conn, row),
            status=row["status"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            export_year=row["export_year"],
            retention_until=row["retention_until"],
        )
    finally:
        conn.row_factory = None


def dossier(wb: Handle, dossier_id: str) -> Dossier:
    return get(wb, dossier_id).dossier


def load_row(conn: sqlite3.Connection, row: sqlite3.Row) -> Dossier:
    """The dossier of a ``dossiers`` row read elsewhere (with a cursor of its own)."""
    conn.row_factory = sqlite3.Row
    try:
        return load(conn, row)
    finally:
        conn.row_factory = None


def load(conn: sqlite3.Connection, row: sqlite3.Row) -> Dossier:
    """The dossier of a ``dossiers`` row, with its parts (``conn.row_factory`` is ``sqlite3.Row``)."""
    did = row["id"]
    q = conn.execute
    m = _dossier
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
        answers=_load_answers(conn, did),
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
        screening=_load_screening(conn, did),
        sign_off=sign_off,
    )


# INTERIM (issue 13): the screening records' rows (schema step m006_screening_records), until the
# version 2 store keeps them with the other version 2 fields.
SCREENING_TABLES = ("screening_records", "screening_hits")


def _load_screening(conn: sqlite3.Connection, did: str) -> list[Any]:
    """The records of a dossier; none in a workbook being upgraded from before their step (m005's
    checkpoints read every dossier)."""
    try:
        return _read_screening(conn, did)
    except sqlite3.OperationalError as e:
        if str(e).startswith("no such table: screening"):
            return []
        raise


def _read_screening(conn: sqlite3.Connection, did: str) -> list[Any]:
    hits: dict[int, list[Any]] = {}
    for r in conn.execute(
        "SELECT record, entry, name, score, disposition, note FROM screening_hits WHERE dossier_id = ? "
        "ORDER BY record, position",
        (did,),
    ):
        hits.setdefault(r[0], []).append(_dossier.ScreeningHit(r[1], r[2], r[3], r[4], r[5]))
    return [
        _dossier.ScreeningRecord(
            party=r[1],
            name=r[2],
            list_id=r[3],
            list_version=r[4],
            screened_at=r[5],
            hits=tuple(hits.get(r[0], ())),
        )
        for r in conn.execute(
            "SELECT position, party, name, list_id, list_version, screened_at FROM screening_records "
            "WHERE dossier_id = ? ORDER BY position",
            (did,),
        )
    ]


def _put_screening(c: sqlite3.Connection, d: Dossier) -> None:
    c.executemany(
        "INSERT INTO screening_records (dossier_id, position, party, name, list_id, list_version, "
        "screened_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (d.id, i, r.party, r.name, r.list_id, r.list_version, r.screened_at)
            for i, r in enumerate(d.screening)
        ],
    )
    c.executemany(
        "INSERT INTO screening_hits (dossier_id, record, position, entry, name, score, disposition, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (d.id, i, j, h.entry, h.name, h.score, h.disposition, h.note)
            for i, r in enumerate(d.screening)
            for j, h in enumerate(r.hits)
        ],
    )


def _load_answers(conn: sqlite3.Connection, did: str) -> dict[str, Answer]:
    q = conn.execute
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
        answers[r["question_id"]] = _dossier.Answer(
            value=tuple(value) if isinstance(value, list) else value,
            rationale=r["rationale"],
            evidence=tuple(evidence_of.get(r["question_id"], ())),
        )
    return answers


# -- writing ------------------------------------------------------------------------------------


def new_id(wb: Handle) -> str:
    while True:
        candidate = os.urandom(6).hex()
        if not exists(wb, candidate):
            return candidate


def as_stored(d: Dossier) -> Dossier:
    """A draft as the workbook stores it: without a sign-off and without evidence paths."""
    if d.sign_off is None and all(e.path is None for e in d.evidence):
        return d
    return dataclasses.replace(
        d, sign_off=None, evidence=[dataclasses.replace(e, path=None) for e in d.evidence]
    )


def put(wb: Handle, d: Dossier, created: str | None, files: set[str]) -> str:
    """Write the whole dossier as a draft (inside a transaction), replacing what was there.
    ``files`` are the ids of its evidence entries whose file is held in the workbook. Returns
    the fingerprint of the dossier as stored (without a sign-off or evidence paths, which are
    not stored), which is what reading it back gives."""
    assert d.id is not None
    d = as_stored(d)
    fp = _dossier.fingerprint(d)
    stamp = now()
    row = _dossier_row(d, fp, _decision.assess(d, wb.content).outcome, created, stamp)
    c = wb.conn
    name = countries.name(d.destination_country)
    if name is not None:  # keep the list's name for this code as the country database has it
        c.execute(
            "INSERT INTO country_names (code, name) VALUES (?, ?) "
            "ON CONFLICT(code) DO UPDATE SET name = excluded.name WHERE name != excluded.name",
            (d.destination_country, name),
        )
    if created is None:
        cols = ", ".join(row)
        c.execute(f"INSERT INTO dossiers ({cols}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
    else:
        for table in (*CHILD_TABLES, *SCREENING_TABLES):
            c.execute(f"DELETE FROM {table} WHERE dossier_id = ?", (d.id,))
        sets = ", ".join(f"{k} = ?" for k in row if k != "id")
        c.execute(
            f"UPDATE dossiers SET {sets} WHERE id = ?", (*[v for k, v in row.items() if k != "id"], d.id)
        )
    _put_parts(c, d, files)
    _put_screening(c, d)
    return fp


def _dossier_row(d: Dossier, fp: str, outcome: str, created: str | None, stamp: str) -> dict[str, Any]:
    """The ``dossiers`` row of a draft changed at ``stamp`` (made then, unless ``created``)."""
    return {
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
        "outcome": outcome,
        "fingerprint": fp,
        "created_at": created or stamp,
        "updated_at": stamp,
    }


def _put_parts(c: sqlite3.Connection, d: Dossier, files: set[str]) -> None:
    """The rows of a dossier's parts (after those it had were removed)."""
    c.executemany(
        "INSERT INTO parties VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(d.id, i, p.role, p.name, p.country, p.address, p.sector) for i, p in enumerate(d.parties)],
    )
    c.executemany(
        "INSERT INTO answers VALUES (?, ?, ?, ?, ?)",
        [
            (d.id, qid, i, to_json(_dossier.answer_to_json(a)["value"]), a.rationale)
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


def refresh(wb: Handle, dossier_id: str) -> str:
    """Recompute a dossier's outcome and fingerprint from its rows; returns the fingerprint."""
    d = dossier(wb, dossier_id)
    fp = _dossier.fingerprint(d)
    wb.conn.execute(
        "UPDATE dossiers SET outcome = ?, fingerprint = ?, updated_at = ? WHERE id = ?",
        (_decision.assess(d, wb.content).outcome, fp, now(), dossier_id),
    )
    return fp


def delete_rows(conn: sqlite3.Connection, dossier_id: str) -> None:
    """Remove a dossier's rows, its parts' and its place in the desktop program (inside a write)."""
    for table in (*CHILD_TABLES, *SCREENING_TABLES, "ui_state"):
        conn.execute(f"DELETE FROM {table} WHERE dossier_id = ?", (dossier_id,))
    conn.execute("DELETE FROM dossiers WHERE id = ?", (dossier_id,))


# -- the list -----------------------------------------------------------------------------------


@guarded
def summaries(
    wb: Handle, query: str | None = None, *, limit: int | None = None, after: Summary | None = None
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
        params.append(match_terms(query))
    if after is not None:
        where.append("(d.updated_at, d.id) < (?, ?)")
        params += [after.updated, after.id]
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY d.updated_at DESC, d.id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [Summary(*r) for r in wb.conn.execute(sql, params)]


@guarded
def count(wb: Handle, query: str | None = None) -> int:
    """How many dossiers there are; with ``query``, how many match it."""
    conn = wb.conn
    if query and query.strip():
        return int(
            conn.execute(
                "SELECT count(*) FROM dossiers_fts WHERE dossiers_fts MATCH ?", (match_terms(query),)
            ).fetchone()[0]
        )
    return int(conn.execute("SELECT count(*) FROM dossiers").fetchone()[0])


def match_terms(query: str) -> str:
    """A search box's words as an FTS5 query: every word, as a prefix, quoted (no operators)."""
    return " ".join('"' + t.replace('"', '""') + '"*' for t in query.split())


def ids(conn: sqlite3.Connection, after: str = "", limit: int = 500) -> list[str]:
    """A page of dossier ids in id order, after ``after``: memory does not grow with the workbook."""
    return [
        r[0] for r in conn.execute("SELECT id FROM dossiers WHERE id > ? ORDER BY id LIMIT ?", (after, limit))
    ]


def ids_by_creation(conn: sqlite3.Connection) -> list[str]:
    """Every dossier id, oldest first (then by id)."""
    return [r[0] for r in conn.execute("SELECT id FROM dossiers ORDER BY created_at, id")]


# -- the desktop program's place in each dossier (not part of the record) -------------------------


@guarded
def ui_page(wb: Handle, dossier_id: str) -> str | None:
    row = wb.conn.execute("SELECT page FROM ui_state WHERE dossier_id = ?", (dossier_id,)).fetchone()
    return None if row is None else str(row[0])


@guarded
def set_ui_page(wb: Handle, dossier_id: str, page: str) -> None:
    with wb._write():
        wb.conn.execute(
            "INSERT INTO ui_state (dossier_id, page) VALUES (?, ?) "
            "ON CONFLICT(dossier_id) DO UPDATE SET page = excluded.page",
            (dossier_id, page),
        )
