"""A dossier as rows and back: the ``dossiers`` row and its parts' rows (``CHILD_TABLES``), written
whole (``put``) and read back (``get``, ``load``); the dossier list (``summaries``, with full-text
search, a page at a time: ``core.store.listing``), counts, and the desktop program's place in each
dossier (``ui_page``).

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

from core import contract, countries
from core.i18n import _
from core.lazy import lazy_import
from core.store import listing
from core.store.common import CHILD_TABLES, now, to_json
from core.store.errors import NotFoundError
from core.store.handle import Handle, guarded
from core.store.results import StoredDossier, Summary

if TYPE_CHECKING:
    import dataclasses

    from core import decision as _decision
    from core import dossier as _dossier
    from core.decision import Assessment
    from core.dossier import Answer, AuthorityReply, Dossier, ScreeningRecord
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
            retention_basis=retention_basis(row),
        )
    finally:
        conn.row_factory = None


def retention_basis(row: sqlite3.Row) -> str | None:
    """Which rule gave a finalised dossier's retention date (``StoredDossier.retention_basis``): the
    actual export date when there is one, else what the sign-off counted from (a dossier finalised
    before version 2 of the format: the export year it recorded). None for a draft."""
    if row["status"] != "final":
        return None
    if not has_v2_columns(row):
        return "export_year"
    if row["transaction_export_date"] is not None:
        return "export_date"
    return str(row["export_year_basis"] or "export_year")


def has_v2_columns(row: sqlite3.Row) -> bool:
    """Whether the row is of a workbook with version 2 of the format (m007): the schema step m005
    reads dossiers of workbooks made before it (``lifecycle.checkpoint_all``), and so may ``verify``
    of a workbook opened without upgrading it (``Workbook.inspect``); they hold no version 2 field."""
    return "holds" in row.keys()  # noqa: SIM118 (a Row's "in" looks among its values)


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
    v2 = has_v2_columns(row)
    sign_off = None
    if row["signed_name"]:
        # A sign-off made before version 2 of the format has no export year of its own (the row's
        # ``export_year``, which it recorded, is not part of it): its fingerprint and seal stay valid.
        sign_off = m.SignOff(
            name=row["signed_name"],
            role=row["signed_role"],
            date=row["signed_date"],
            export_year=row["sign_off_export_year"] if v2 else None,
            accepted_holds=tuple(json.loads(row["sign_off_accepted_holds"] or "[]")) if v2 else (),
            accepted_because=row["sign_off_accepted_because"] if v2 else None,
        )
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
            customs_id=row["exporter_customs_id"] if v2 else None,
        ),
        item=m.Item(
            name=row["item_name"],
            version=row["item_version"],
            kind=row["item_kind"],
            description=row["item_description"],
        ),
        destination_country=row["destination_country"],
        stated_end_use=row["stated_end_use"],
        transaction=(
            m.Transaction(**{k: row[f"transaction_{k}"] for k in TRANSACTION_KEYS}) if v2 else m.Transaction()
        ),
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
        screening=_load_screening(conn, did) if v2 else [],
        authority_reply=_load_authority_reply(row) if v2 else None,
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


# The columns of version 2's sections in ``dossiers`` are "transaction_" and "authority_reply_" followed
# by the section's key: a key added to the format without its column fails the first write loudly,
# rather than being dropped.
TRANSACTION_KEYS = contract.TRANSACTION_KEYS
REPLY_KEYS = contract.AUTHORITY_REPLY_KEYS


def _load_authority_reply(row: sqlite3.Row) -> AuthorityReply | None:
    if row["authority_reply_kind"] is None:
        return None
    return _dossier.AuthorityReply(**{k: row[f"authority_reply_{k}"] for k in REPLY_KEYS})


def _load_screening(conn: sqlite3.Connection, did: str) -> list[ScreeningRecord]:
    m = _dossier
    hits: dict[int, list[Any]] = {}
    for r in conn.execute(
        "SELECT record, entry, name, score, disposition, note FROM screening_hits WHERE dossier_id = ? "
        "ORDER BY record, position",
        (did,),
    ):
        hits.setdefault(r["record"], []).append(
            m.ScreeningHit(
                entry=r["entry"],
                name=r["name"],
                score=r["score"],
                disposition=r["disposition"],
                note=r["note"],
            )
        )
    return [
        m.ScreeningRecord(
            party=r["party"],
            name=r["name"],
            list_id=r["list_id"],
            list_version=r["list_version"],
            screened_at=r["screened_at"],
            hits=tuple(hits.get(r["position"], ())),
        )
        for r in conn.execute(
            "SELECT position, party, name, list_id, list_version, screened_at FROM screening_records "
            "WHERE dossier_id = ? ORDER BY position",
            (did,),
        )
    ]


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
    row = _dossier_row(d, fp, _decision.assess(d, wb.content), created, stamp)
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
        for table in CHILD_TABLES:
            c.execute(f"DELETE FROM {table} WHERE dossier_id = ?", (d.id,))
        sets = ", ".join(f"{k} = ?" for k in row if k != "id")
        c.execute(
            f"UPDATE dossiers SET {sets} WHERE id = ?", (*[v for k, v in row.items() if k != "id"], d.id)
        )
    _put_parts(c, d, files)
    return fp


def holds_of(assessment: Assessment) -> tuple[str, ...]:
    """The holds of an assessment: ``Assessment.holds``, the hold ids in the order of DESIGN.md
    section 4, given by the rules (core.decision; the store has no hold logic of its own)."""
    return tuple(assessment.holds)


def _dossier_row(
    d: Dossier, fp: str, assessment: Assessment, created: str | None, stamp: str
) -> dict[str, Any]:
    """The ``dossiers`` row of a draft changed at ``stamp`` (made then, unless ``created``)."""
    reply = d.authority_reply
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
        "outcome": assessment.outcome,
        "fingerprint": fp,
        "created_at": created or stamp,
        "updated_at": stamp,
        "exporter_customs_id": d.exporter.customs_id,
        **{f"transaction_{k}": getattr(d.transaction, k) for k in TRANSACTION_KEYS},
        **{f"authority_reply_{k}": getattr(reply, k) if reply else None for k in REPLY_KEYS},
        "holds": to_json(list(holds_of(assessment))),
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
    """Recompute a draft's outcome, holds and fingerprint from its rows; returns the fingerprint."""
    d = dossier(wb, dossier_id)
    fp = _dossier.fingerprint(d)
    assessment = _decision.assess(d, wb.content)
    wb.conn.execute(
        "UPDATE dossiers SET outcome = ?, holds = ?, fingerprint = ?, updated_at = ? WHERE id = ?",
        (assessment.outcome, to_json(list(holds_of(assessment))), fp, now(), dossier_id),
    )
    return fp


def delete_rows(conn: sqlite3.Connection, dossier_id: str) -> None:
    """Remove a dossier's rows, its parts' and its place in the desktop program (inside a write)."""
    for table in (*CHILD_TABLES, "ui_state"):
        conn.execute(f"DELETE FROM {table} WHERE dossier_id = ?", (dossier_id,))
    conn.execute("DELETE FROM dossiers WHERE id = ?", (dossier_id,))


# -- the list -----------------------------------------------------------------------------------


def summaries(
    wb: Handle, query: str | None = None, *, limit: int | None = None, after: Summary | None = None
) -> list[Summary]:
    """The dossiers, most recently changed first (then by id, descending); with ``query``, those that
    match it (core.store.listing says how). ``limit`` and ``after`` (the last summary of the previous
    page) read them a page at a time. The list in any other order: ``listing.page``."""
    return listing.page(wb, query, limit=limit, after=after)


def count(wb: Handle, query: str | None = None) -> int:
    """How many dossiers there are; with ``query``, how many match it."""
    return listing.count(wb, query)


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
