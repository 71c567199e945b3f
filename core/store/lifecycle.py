"""A dossier's life in the workbook, each step journaled with the change it records: created in the
program ("create"), imported (new, or replacing a draft; a dossier signed off elsewhere arrives
finalised), edited field by field, duplicated, signed off (``finalise``: refused while the assessment's
holds are neither settled nor accepted with a reason; frozen, its seal kept), annotated after sign-off
(``set_authority_reply``, ``set_export_date``: the two annotations of DESIGN.md section 3 that arrive
later), and deleted when it is a draft or its retention period (Art. 27(3): the end of the year of
export plus five years) has ended.

The retention date (DESIGN.md section 3) is the end of the calendar year of the actual export date,
else of the export year given at sign-off, else of the year of the planned export date, else of the
year of sign-off, plus five years. At sign-off the row keeps the year counted from without an export
date (``export_year``) and the rule that gave it (``export_year_basis``); recording the export date
later moves the retention date, and removing it again moves it back. A dossier finalised before
version 2 of the format keeps the export year it recorded then.

The seal of a finalised dossier is the hash of its sign-off entry (``seal_of``); ``checkpoint_all``
gave every dossier of an older workbook its first recorded fingerprint, and seals, in schema step
m005; ``reassess_all`` gave every dossier its outcome and holds by the rules of version 2 in m007.

Functions take the open workbook (``Handle``). The methods of ``Workbook`` among them run their own
write transaction and are ``guarded`` as they always were (SQLite's damage errors become
``DamagedError``); ``replace``, ``freeze`` and ``checkpoint_all`` run inside the caller's.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.contract import RETENTION_YEARS, YEAR_MAX, YEAR_MIN
from core.i18n import _, formats
from core.lazy import lazy_import
from core.store import evidence, journal, rows
from core.store.common import now, to_json
from core.store.errors import FrozenError, HoldsError, StoreError
from core.store.handle import Handle, guarded
from core.store.results import Seal, StoredDossier

if TYPE_CHECKING:
    import dataclasses

    from core import decision as _decision
    from core import dossier as _dossier
    from core import files
    from core.dossier import Answer, AuthorityReply, Dossier, SignOff
else:  # loaded when a dossier is first read or written, not to list the dossiers (start-up)
    dataclasses = lazy_import("dataclasses")
    _decision = lazy_import("core.decision")
    _dossier = lazy_import("core.dossier")
    files = lazy_import("core.files")

# The hold that can never be accepted at sign-off (DESIGN.md section 4): an incomplete assessment.
NEVER_ACCEPTED = "outcome_incomplete"


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
        if d.sign_off is not None and NEVER_ACCEPTED in d.sign_off.accepted_holds:
            i = d.sign_off.accepted_holds.index(NEVER_ACCEPTED)
            raise StoreError(
                _(
                    "{where}sign_off.accepted_holds[{index}]: {hold} can never be accepted: a dossier whose "
                    "outcome is incomplete cannot be signed off"
                ).format(where=where, index=i, hold=NEVER_ACCEPTED)
            )
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
        if d.sign_off is not None:  # signed off elsewhere: it arrives finalised, as it was signed
            freeze(wb, did, d.sign_off)
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
    """A new draft with the content of a dossier (finalised or not), without what came after the
    source was assessed: its sign-off, the authority's reply and the actual export date."""
    if title is not None and (problem := _dossier.title_problem(title)):
        raise StoreError(_("{field}: {problem}").format(field="title", problem=problem))
    source = rows.dossier(wb, dossier_id)
    new_id = rows.new_id(wb)
    copy = dataclasses.replace(
        source,
        id=new_id,
        title=title or copy_title(source.title),
        sign_off=None,
        authority_reply=None,
        transaction=dataclasses.replace(source.transaction, export_date=None),
    )
    with wb._write():
        fp = rows.put(wb, copy, None, evidence.with_files(wb, dossier_id))
        journal.append(wb.conn, wb.actor, new_id, "duplicate", "source", None, dossier_id, fingerprint=fp)
    return new_id


def copy_title(title: str) -> str:
    suffix = " " + _("(copy)")  # in the program's language: the title is the user's, to change
    return (title[: 200 - len(suffix)] + suffix) if len(title) + len(suffix) > 200 else title + suffix


# -- deleting -----------------------------------------------------------------------------------


@guarded
def deletion_refusal(wb: Handle, dossier_id: str) -> str | None:
    """Why a dossier may not be deleted now, or None when it may: a finalised dossier is kept
    until its retention date (Art. 27(3))."""
    stored = rows.get(wb, dossier_id)
    if stored.frozen and (stored.retention_until or "9999") >= dt.date.today().isoformat():
        return _("The dossier “{title}” is finalised and must be kept until {date} (Art. 27(3)).").format(
            title=stored.dossier.title, date=formats.date(stored.retention_until)
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
    *,
    accept_holds: str | None = None,
) -> StoredDossier:
    """Sign off and freeze; the record must be kept to the end of the year of export plus five years
    (the rule of DESIGN.md section 3: ``StoredDossier.retention_basis`` says which year).

    Refused (``HoldsError``, naming them) while the assessment has holds, unless ``accept_holds``
    gives the reason to accept them all: the sign-off then records them (``accepted_holds``, in the
    contract's order) with the reason (``accepted_because``). ``outcome_incomplete`` is never
    accepted; a reason without holds to accept is refused too (it would be lost)."""
    if not name.strip() or not role.strip():
        raise StoreError(_("finalise needs a name and a role"))
    if export_year is not None and (problem := export_year_problem(export_year)):
        raise StoreError(_("export year: {problem}").format(problem=problem))
    if accept_holds is not None and _dossier.shows_nothing(accept_holds):
        raise StoreError(_("accepting holds needs a reason: it is recorded with the sign-off"))
    date = date or dt.date.today()
    with wb._write():
        stored = rows.get(wb, dossier_id)
        if stored.frozen:
            raise FrozenError(
                _("dossier {dossier_id} is already finalised").format(dossier_id=repr(dossier_id))
            )
        holds = rows.holds_of(_decision.assess(stored.dossier, wb.content))
        _check_holds(dossier_id, holds, accept_holds)
        sign_off = _dossier.SignOff(
            name,
            role,
            date.isoformat(),
            export_year=export_year,
            accepted_holds=holds,
            accepted_because=accept_holds if holds else None,
        )
        # what the file format refuses (a reason of more than a megabyte, say) would give a record
        # that exports but never imports again: a DossierError names the field
        signed = dataclasses.replace(stored.dossier, sign_off=sign_off)
        _dossier.dossier_from_json(_dossier.dossier_to_json(signed), wb.content)
        freeze(wb, dossier_id, sign_off)
    return rows.get(wb, dossier_id)


def _check_holds(dossier_id: str, holds: Sequence[str], reason: str | None) -> None:
    """Whether a dossier with ``holds`` may be signed off, accepting them for ``reason`` when given."""
    if NEVER_ACCEPTED in holds:
        raise HoldsError(
            _(
                "dossier {dossier_id} cannot be signed off: its outcome is incomplete (the hold {hold} "
                "can never be accepted); answer the questions the assessment still needs"
            ).format(dossier_id=repr(dossier_id), hold=NEVER_ACCEPTED),
            holds,
        )
    if holds and reason is None:
        raise HoldsError(
            _(
                "dossier {dossier_id} has holds to settle before it can be signed off: {holds}; settle "
                "them, or accept them with a reason"
            ).format(dossier_id=repr(dossier_id), holds=", ".join(holds)),
            holds,
        )
    if not holds and reason is not None:
        raise StoreError(
            _(
                "dossier {dossier_id} has no holds to accept; sign it off without a reason for accepting them"
            ).format(dossier_id=repr(dossier_id))
        )


def freeze(wb: Handle, dossier_id: str, sign_off: SignOff) -> None:
    """Sign off: the "finalise" entry records the sign-off, the retention date with the rule that
    gave it and the sealed fingerprint, and its hash, the seal, is kept with the dossier (see
    ``seal_of``)."""
    signed = dataclasses.replace(rows.dossier(wb, dossier_id), sign_off=sign_off)
    retention = _dossier.retention(signed)
    # what the retention date counts from when there is no export date (recorded later, or removed)
    unexported = dataclasses.replace(signed.transaction, export_date=None)
    base = _dossier.retention(dataclasses.replace(signed, transaction=unexported))
    assert retention is not None and base is not None  # a sign-off has a date
    fp = _dossier.fingerprint(signed)
    state: dict[str, Any] = {
        "name": sign_off.name,
        "role": sign_off.role,
        "date": sign_off.date,
        "export_year": base.year,
        "export_year_basis": base.basis,
        "retention_until": retention.until,
        "retention_basis": retention.basis,
        "sealed_fingerprint": _dossier.sealed_fingerprint(signed),
    }
    if sign_off.accepted_holds:
        state.update(accepted_holds=list(sign_off.accepted_holds), accepted_because=sign_off.accepted_because)
    # the list's outcome and holds as signed off: not part of the record (its fingerprint), they are
    # frozen with it, and ``verify`` finds them changed against this entry
    outcome, holds = wb.conn.execute(
        "SELECT outcome, holds FROM dossiers WHERE id = ?", (dossier_id,)
    ).fetchone()
    state.update(list_outcome=outcome, list_holds=json.loads(holds) if holds is not None else None)
    seal = journal.append(
        wb.conn, wb.actor, dossier_id, "finalise", "sign_off", None, to_json(state), fingerprint=fp
    )
    wb.conn.execute(
        "UPDATE dossiers SET status = 'final', signed_name = ?, signed_role = ?, signed_date = ?, "
        "sign_off_export_year = ?, sign_off_accepted_holds = ?, sign_off_accepted_because = ?, "
        "export_year = ?, export_year_basis = ?, retention_until = ?, fingerprint = ?, seal = ?, "
        "updated_at = ? WHERE id = ?",
        (
            sign_off.name,
            sign_off.role,
            sign_off.date,
            sign_off.export_year,
            to_json(list(sign_off.accepted_holds)) if sign_off.accepted_holds else None,
            sign_off.accepted_because,
            base.year,
            base.basis,
            retention.until,
            fp,
            seal,
            now(),
            dossier_id,
        ),
    )


# -- after sign-off: the two annotations ----------------------------------------------------------


@guarded
def set_authority_reply(wb: Handle, dossier_id: str, reply: AuthorityReply | None) -> StoredDossier:
    """Record what the competent authority replied (None: no reply recorded), also on a finalised
    dossier (DESIGN.md section 3, "After sign-off"); journaled. Returns the dossier as stored."""
    return _annotate(
        wb, dossier_id, "authority_reply", lambda d: dataclasses.replace(d, authority_reply=reply)
    )


@guarded
def set_export_date(wb: Handle, dossier_id: str, date: str | None) -> StoredDossier:
    """Record the actual export date (YYYY-MM-DD; None: not exported yet), also on a finalised
    dossier, whose retention date then follows it; journaled. Returns the dossier as stored."""

    def change(d: Dossier) -> Dossier:
        return dataclasses.replace(d, transaction=dataclasses.replace(d.transaction, export_date=date))

    return _annotate(wb, dossier_id, "transaction.export_date", change)


def _annotate(wb: Handle, dossier_id: str, field: str, change: Callable[[Dossier], Dossier]) -> StoredDossier:
    """One annotation of after sign-off: an ordinary edit of a draft; on a finalised dossier, the
    annotation's columns, the fingerprint and the retention date, journaled as "annotate" entries
    (the annotation, then the retention date when it moved). Checked as the file's reader checks it
    (a ``DossierError`` names the field)."""
    with wb._write():
        old = rows.get(wb, dossier_id)
        new = change(old.dossier)
        _dossier.dossier_from_json(_dossier.dossier_to_json(new), wb.content)
        if old.frozen:
            _record_annotation(wb, old, new, field)
        else:
            replace(wb, old, new)
    return rows.get(wb, dossier_id)


def _annotation(d: Dossier, field: str) -> Any:
    """The interchange form of one annotation of ``d`` (None when it is not recorded)."""
    section, _dot, key = field.partition(".")
    value = _dossier.dossier_to_json(d).get(section)
    return value.get(key) if key and isinstance(value, dict) else value


def _record_annotation(wb: Handle, old: StoredDossier, new: Dossier, field: str) -> None:
    assert new.id is not None
    before, after = _annotation(old.dossier, field), _annotation(new, field)
    if before == after:
        return
    if _dossier.sealed_fingerprint(new) != _dossier.sealed_fingerprint(old.dossier):  # never: a bug
        raise FrozenError(_("dossier {id} is finalised and cannot be changed").format(id=repr(new.id)))
    until = old.retention_until
    exported = new.transaction.export_date
    if exported != old.dossier.transaction.export_date:
        year = int(exported[:4]) if exported else old.export_year
        if year is not None:
            until = dt.date(year + RETENTION_YEARS, 12, 31).isoformat()
    fp = _dossier.fingerprint(new)
    reply = new.authority_reply
    wb.conn.execute(
        "UPDATE dossiers SET authority_reply_kind = ?, authority_reply_sent_on = ?, "
        "authority_reply_reference = ?, authority_reply_decision = ?, authority_reply_decided_on = ?, "
        "authority_reply_note = ?, transaction_export_date = ?, retention_until = ?, fingerprint = ?, "
        "updated_at = ? WHERE id = ?",
        (
            *(None if reply is None else getattr(reply, k) for k in rows.REPLY_KEYS),
            exported,
            until,
            fp,
            now(),
            new.id,
        ),
    )
    c, actor = wb.conn, wb.actor
    journal.append(c, actor, new.id, "annotate", field, to_json(before), to_json(after), fingerprint=fp)
    if until != old.retention_until:
        retention = (to_json(old.retention_until), to_json(until))
        journal.append(c, actor, new.id, "annotate", "retention_until", *retention, fingerprint=fp)


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


def reassess_all(wb: Handle, *, finalised: bool = True) -> None:
    """m007: every dossier's outcome and holds (the list's) as the rules of this version give them.
    Neither is part of the record (nor of its fingerprint): nothing is journaled, and the time of
    the last change stays. A later step must pass ``finalised=False``: a dossier finalised since
    records its outcome and holds in its sign-off entry, and ``verify`` compares the row with them
    (m007 ran before any sign-off recorded them, so it reassessed every dossier, as it still does)."""
    after = ""
    while True:  # a page of ids at a time: memory does not grow with the workbook
        ids = rows.ids(wb.conn, after)
        if not ids:
            return
        for did in ids:
            if not finalised and rows.get(wb, did).frozen:
                continue
            assessment = _decision.assess(rows.dossier(wb, did), wb.content)
            wb.conn.execute(
                "UPDATE dossiers SET outcome = ?, holds = ? WHERE id = ?",
                (assessment.outcome, to_json(list(rows.holds_of(assessment))), did),
            )
        after = ids[-1]


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
