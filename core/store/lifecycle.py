"""A dossier's life in the workbook, each step journaled with the change it records: created in the
program ("create"), imported (new, or replacing a draft; a dossier signed off elsewhere arrives
finalised), edited field by field, duplicated, signed off (``finalise``: frozen, its seal kept), and
deleted when it is a draft or its retention period (Art. 27(3): the end of the export year plus five
years) has ended.

The seal of a finalised dossier is the hash of its sign-off entry (``seal_of``); ``checkpoint_all``
gave every dossier of an older workbook its first recorded fingerprint, and seals, in schema step
m005.

Functions take the open workbook (``Handle``). The methods of ``Workbook`` among them run their own
write transaction and are ``guarded`` as they always were (SQLite's damage errors become
``DamagedError``); ``replace``, ``freeze`` and ``checkpoint_all`` run inside the caller's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.contract import YEAR_MAX, YEAR_MIN
from core.i18n import _
from core.lazy import lazy_import
from core.store import evidence, journal, rows
from core.store.common import now, to_json
from core.store.errors import FrozenError, StoreError
from core.store.handle import Handle, guarded
from core.store.results import Seal, StoredDossier

if TYPE_CHECKING:
    import dataclasses

    from core import dossier as _dossier
    from core import files
    from core.dossier import Answer, Dossier
else:  # loaded when a dossier is first read or written, not to list the dossiers (start-up)
    dataclasses = lazy_import("dataclasses")
    _dossier = lazy_import("core.dossier")
    files = lazy_import("core.files")

RETENTION_YEARS = 5  # Art. 27(3): at least five years from the end of the calendar year of export


def export_year_problem(year: int) -> str | None:
    """Why ``year`` cannot be an export year (the years of DESIGN.md section 3's dates), or None."""
    if YEAR_MIN <= year <= YEAR_MAX:
        return None
    return _("expected a year from {year_min} to {year_max}, found {year}").format(
        year_min=YEAR_MIN, year_max=YEAR_MAX, year=year
    )


# -- importing ----------------------------------------------------------------------------------


def import_dossiers(
    wb: Handle, dossiers: Sequence[Dossier], base_dir: Path | None = None, *, replace: bool = False
) -> list[str]:
    """Store dossiers in one transaction: one bad dossier (or evidence file) stores none.

    Evidence entries with a ``path`` have that file (relative to ``base_dir``) copied in; a
    given ``sha256`` that does not match the file is an error."""
    return import_batches(wb, [(base_dir, dossiers)], replace=replace)


@guarded
def import_batches(
    wb: Handle, batches: Sequence[tuple[Path | None, Sequence[Dossier]]], *, replace: bool = False
) -> list[str]:
    """Import the dossiers of several files in one transaction. Each batch is (the file, or a
    folder, that evidence paths are relative to; its dossiers)."""
    ids: list[str] = []
    with wb._write():
        seen: set[str] = set()
        for source, dossiers in batches:
            base_dir = source.parent if source and not source.is_dir() else source
            label = f"{files.printable(source)}: " if source and source.is_file() else ""
            ids += _import_one_batch(wb, dossiers, base_dir, label, replace, seen)
    return ids


def _import_one_batch(
    wb: Handle,
    dossiers: Sequence[Dossier],
    base_dir: Path | None,
    label: str,
    replace: bool,
    seen: set[str],
    action: str = "import",
) -> list[str]:
    """Store the dossiers of one file; each new one is journaled as ``action`` ("import", or
    "create" for a dossier made in the program), each that replaces a draft as "replace"."""
    ids = []
    for index, d in enumerate(dossiers):
        where = label + (f"[{index}]." if len(dossiers) > 1 else "")
        did = d.id or rows.new_id(wb)
        if problem := _dossier.dossier_id_problem(did):  # the reader refuses them too
            raise StoreError(_("{field}: {problem}").format(field=f"{where}id", problem=problem))
        d = dataclasses.replace(d, id=did)
        if did in seen:
            raise StoreError(
                _("{where}id: dossier {did} appears twice in this import").format(where=where, did=repr(did))
            )
        seen.add(did)
        old = None
        if rows.exists(wb, did):
            if not replace:
                raise StoreError(
                    _(
                        "{where}id: dossier {did} is already in the workbook (use --replace to overwrite "
                        "a draft)"
                    ).format(where=where, did=repr(did))
                )
            old = rows.get(wb, did)
            if old.frozen:
                raise FrozenError(
                    _("{where}id: dossier {did} is finalised and cannot be replaced").format(
                        where=where, did=repr(did)
                    )
                )
        d, held = evidence.copy_in(wb, d, base_dir, where)
        stored_fp = rows.put(wb, dataclasses.replace(d, sign_off=None), old.created_at if old else None, held)
        journal.append(
            wb.conn,
            wb.actor,
            did,
            "replace" if old else action,
            None,
            _dossier.canonical_json(old.dossier).decode() if old else None,
            _dossier.canonical_json(d).decode(),
            fingerprint=stored_fp,
        )
        if d.sign_off is not None:  # signed off elsewhere: it arrives finalised
            signed = dt.date.fromisoformat(d.sign_off.date)
            freeze(wb, did, d.sign_off.name, d.sign_off.role, signed, signed.year)
        ids.append(did)
    return ids


@guarded
def create(wb: Handle, dossier: Dossier) -> str:
    """A new draft (the desktop program's New), journaled as created ("create"), not imported."""
    with wb._write():
        return _import_one_batch(wb, [dossier], None, "", False, set(), action="create")[0]


# -- editing ------------------------------------------------------------------------------------


@guarded
def update(wb: Handle, dossier: Dossier) -> None:
    """Save a changed dossier, journaling each changed field with its old and new value."""
    assert dossier.id is not None
    with wb._write():
        replace(wb, rows.get(wb, dossier.id), dossier)


def replace(wb: Handle, old: StoredDossier, dossier: Dossier) -> None:
    """Inside a write: store ``dossier`` over ``old``, journaling each changed field."""
    assert dossier.id is not None
    if old.frozen:
        raise FrozenError(_("dossier {id} is finalised and cannot be changed").format(id=repr(dossier.id)))
    rows.put(wb, dossier, old.created_at, evidence.with_files(wb, dossier.id))
    for field, before, after, fp in journal.changes(old.dossier, rows.as_stored(dossier)):
        journal.append(wb.conn, wb.actor, dossier.id, "edit", field, before, after, fingerprint=fp)


@guarded
def edit(wb: Handle, dossier_id: str, change: Callable[[Dossier], Dossier]) -> Dossier:
    """Change a stored dossier: ``change`` gets the dossier as stored and returns it changed.
    Read, change and write happen in one transaction, so that a change made meanwhile by another
    program (to other fields) is never overwritten by a stale copy. Returns what was stored."""
    with wb._write():
        old = rows.get(wb, dossier_id)
        changed = change(old.dossier)
        # a DossierError names the field
        _dossier.dossier_from_json(_dossier.dossier_to_json(changed), wb.content)
        replace(wb, old, changed)
    return changed


@guarded
def set_answer(wb: Handle, dossier_id: str, question_id: str, answer: Answer | None) -> None:
    """Save one answer (or remove it with None): the desktop program's autosave path."""

    def change(d: Dossier) -> Dossier:
        answers = dict(d.answers)
        if answer is None:
            answers.pop(question_id, None)
        else:
            answers[question_id] = answer
        return dataclasses.replace(d, answers=answers)

    edit(wb, dossier_id, change)


@guarded
def duplicate(wb: Handle, dossier_id: str, title: str | None = None) -> str:
    """A new draft with the content of a dossier (finalised or not), without its sign-off."""
    if title is not None and (problem := _dossier.title_problem(title)):
        raise StoreError(_("{field}: {problem}").format(field="title", problem=problem))
    source = rows.dossier(wb, dossier_id)
    new_id = rows.new_id(wb)
    copy = dataclasses.replace(source, id=new_id, title=title or copy_title(source.title), sign_off=None)
    with wb._write():
        fp = rows.put(wb, copy, None, evidence.with_files(wb, dossier_id))
        journal.append(wb.conn, wb.actor, new_id, "duplicate", "source", None, dossier_id, fingerprint=fp)
    return new_id


def copy_title(title: str) -> str:
    suffix = " (copy)"
    return (title[: 200 - len(suffix)] + suffix) if len(title) + len(suffix) > 200 else title + suffix


# -- deleting -----------------------------------------------------------------------------------


@guarded
def deletion_refusal(wb: Handle, dossier_id: str) -> str | None:
    """Why a dossier may not be deleted now, or None when it may: a finalised dossier is kept
    until its retention date (Art. 27(3))."""
    stored = rows.get(wb, dossier_id)
    if stored.frozen and (stored.retention_until or "9999") >= dt.date.today().isoformat():
        return _("The dossier “{title}” is finalised and must be kept until {date} (Art. 27(3)).").format(
            title=stored.dossier.title, date=stored.retention_until
        )
    return None


@guarded
def delete(wb: Handle, dossier_id: str) -> None:
    """Delete a draft, or a finalised dossier whose retention period has ended."""
    with wb._write():
        refusal = deletion_refusal(wb, dossier_id)
        if refusal:
            raise FrozenError(refusal)
        stored = rows.get(wb, dossier_id)
        rows.delete_rows(wb.conn, dossier_id)
        journal.append(
            wb.conn,
            wb.actor,
            dossier_id,
            "delete",
            None,
            _dossier.canonical_json(stored.dossier).decode(),
            None,
            fingerprint=None,
        )


# -- signing off --------------------------------------------------------------------------------


@guarded
def finalise(
    wb: Handle,
    dossier_id: str,
    name: str,
    role: str,
    date: dt.date | None = None,
    export_year: int | None = None,
) -> StoredDossier:
    """Sign off and freeze; the record must be kept to the end of the export year + 5 years."""
    if not name.strip() or not role.strip():
        raise StoreError(_("finalise needs a name and a role"))
    if export_year is not None and (problem := export_year_problem(export_year)):
        raise StoreError(_("export year: {problem}").format(problem=problem))
    date = date or dt.date.today()
    with wb._write():
        if rows.get(wb, dossier_id).frozen:
            raise FrozenError(
                _("dossier {dossier_id} is already finalised").format(dossier_id=repr(dossier_id))
            )
        freeze(wb, dossier_id, name, role, date, export_year or date.year)
    return rows.get(wb, dossier_id)


def freeze(wb: Handle, dossier_id: str, name: str, role: str, date: dt.date, year: int) -> None:
    """Sign off: the "finalise" entry records the sign-off and the sealed fingerprint, and its
    hash, the seal, is kept with the dossier (see ``seal_of``)."""
    retention = dt.date(year + RETENTION_YEARS, 12, 31).isoformat()
    signed = dataclasses.replace(
        rows.dossier(wb, dossier_id), sign_off=_dossier.SignOff(name, role, date.isoformat())
    )
    fp = _dossier.fingerprint(signed)
    seal = journal.append(
        wb.conn,
        wb.actor,
        dossier_id,
        "finalise",
        "sign_off",
        None,
        to_json(
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
    wb.conn.execute(
        "UPDATE dossiers SET status = 'final', signed_name = ?, signed_role = ?, signed_date = ?, "
        "export_year = ?, retention_until = ?, fingerprint = ?, seal = ?, updated_at = ? WHERE id = ?",
        (name, role, date.isoformat(), year, retention, fp, seal, now(), dossier_id),
    )


def seal_of(wb: Handle, dossier_id: str) -> Seal | None:
    """The seal of a finalised dossier, with the sign-off entry it is the hash of; None for a
    draft."""
    row = wb.conn.execute(
        "SELECT seal FROM dossiers WHERE id = ? AND status = 'final'", (dossier_id,)
    ).fetchone()
    if row is None or row[0] is None:
        return None
    entry = wb.conn.execute(
        "SELECT seq, at, action, new, prev_hash FROM journal WHERE dossier_id = ? AND hash = ?",
        (dossier_id, row[0]),
    ).fetchone()
    state = None if entry is None else journal.sealed_state(entry[2], entry[3])
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


def checkpoint_all(wb: Handle) -> None:
    """m005: one "checkpoint" entry per dossier recording its current fingerprint; a finalised
    dossier's entry also records its sealed fingerprint and becomes its seal."""
    after = ""
    while True:  # a page of ids at a time: memory does not grow with the workbook
        ids = rows.ids(wb.conn, after)
        if not ids:
            return
        for did in ids:
            stored = rows.get(wb, did)
            state: dict[str, Any] = {"status": stored.status}
            if stored.frozen:
                state.update(
                    export_year=stored.export_year,
                    retention_until=stored.retention_until,
                    sealed_fingerprint=_dossier.sealed_fingerprint(stored.dossier),
                )
            seal = journal.append(
                wb.conn,
                wb.actor,
                did,
                "checkpoint",
                None,
                None,
                to_json(state),
                fingerprint=_dossier.fingerprint(stored.dossier),
            )
            if stored.frozen:
                wb.conn.execute("UPDATE dossiers SET seal = ? WHERE id = ?", (seal, did))
        after = ids[-1]
