"""The journal: every change of the record as one entry, hash-chained to the entry before it.

Each entry's hash is the SHA-256 of the previous entry's hash, a newline and the entry as a compact
JSON array (``entry_hash``); the first entry follows ``GENESIS``. From schema step m005 on, an entry
that changes a dossier records the dossier's fingerprint after it, so that ``verify`` can tell a
dossier changed outside ddworkbook, or a removed last entry. Entries are only appended (``append``,
inside the write transaction of the change they record; triggers refuse anything else), read
(``entries``, ``all_entries``), and checked link by link (``chain``). A sign-off's entry is the
dossier's seal (``sealed_state``). An edit is journaled field by field (``changes``).

Functions take the connection (``entries``, the open workbook); they import no other part of the
store but the shared basics and the handle.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from core import contract
from core.i18n import _
from core.lazy import lazy_import
from core.store.common import now, to_json
from core.store.handle import Handle, guarded
from core.store.results import JournalEntry

if TYPE_CHECKING:
    import hashlib

    from core import dossier as _dossier
    from core.dossier import Dossier
else:  # loaded when a dossier is first written or checked, not to list the dossiers (start-up)
    hashlib = lazy_import("hashlib")
    _dossier = lazy_import("core.dossier")

GENESIS = "0" * 64
_COLUMNS = "seq, at, actor, dossier_id, action, field, old, new, prev_hash, hash"

# the journal entries that sign a dossier off (see sealed_state), as an SQL condition
SEALING = "(action = 'finalise' OR action = 'checkpoint') AND instr(new, '\"sealed_fingerprint\"') > 0"

# What may be journaled of a finalised dossier after its sign-off: its two annotations (DESIGN.md
# section 3, "After sign-off") and the retention date that follows the export date, each an "annotate"
# entry; as an SQL condition.
ANNOTATED = (*contract.AFTER_SIGN_OFF, "retention_until")
ANNOTATION = "action = 'annotate' AND field IN ({})".format(", ".join(f"'{f}'" for f in ANNOTATED))


def current_actor() -> str:
    """Who is named in the journal entries: ``$DDWORKBOOK_ACTOR``, else the user's login name."""
    env = os.environ.get("DDWORKBOOK_ACTOR")
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def entry_hash(
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


def append(
    conn: sqlite3.Connection,
    actor: str,
    dossier_id: str | None,
    action: str,
    field: str | None = None,
    old: str | None = None,
    new: str | None = None,
    *,
    fingerprint: str | None,
) -> str:
    """Append an entry (inside a write transaction); ``fingerprint`` is the dossier's after the
    change (None when it was deleted). Returns the entry's hash."""
    last = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = now()
    digest = entry_hash(prev, seq, at, actor, dossier_id, action, field, old, new, fingerprint)
    conn.execute(
        "INSERT INTO journal (seq, at, actor, dossier_id, action, field, old, new, prev_hash, hash, "
        "fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, at, actor, dossier_id, action, field, old, new, prev, digest, fingerprint),
    )
    return digest


@guarded
def entries(wb: Handle, dossier_id: str | None = None) -> list[JournalEntry]:
    """The journal (of one dossier, when given), oldest first."""
    sql = "SELECT * FROM journal" + (" WHERE dossier_id = ?" if dossier_id else "") + " ORDER BY seq"
    return [JournalEntry(*r) for r in wb.conn.execute(sql, (dossier_id,) if dossier_id else ())]


def all_entries(conn: sqlite3.Connection, anchored: bool) -> Iterator[JournalEntry]:
    """The whole journal, oldest first, read with a cursor; ``anchored``: the workbook has m005's
    fingerprint column."""
    for row in conn.execute(
        f"SELECT {_COLUMNS}{', fingerprint' if anchored else ''} FROM journal ORDER BY seq"
    ):
        yield JournalEntry(*row)


def head(conn: sqlite3.Connection) -> tuple[int, str, str] | None:
    """The journal's last entry: its number, hash and time; None when the journal is empty."""
    row = conn.execute("SELECT seq, hash, at FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    return None if row is None else (row[0], row[1], row[2])


def chain(conn: sqlite3.Connection, anchored: bool = True) -> Iterator[tuple[JournalEntry, list[str]]]:
    """The journal from its first entry to its head, each entry with what is wrong with it:
    a gap in the numbers, a link to the entry before that does not hold, a changed entry."""
    prev, expected = GENESIS, 1
    for e in all_entries(conn, anchored):
        wrong = []
        if e.seq != expected:
            gap = (
                _("journal: entry {first} is missing (found {found} next)")
                if e.seq == expected + 1
                else _("journal: entries {first} to {last} are missing (found {found} next)")
            )
            wrong.append(gap.format(first=expected, last=e.seq - 1, found=e.seq))
        if e.prev_hash != prev:
            wrong.append(
                _(
                    "journal: entry {entry} does not follow entry {before} "
                    "(chain broken: an entry was removed or changed)"
                ).format(entry=e.seq, before=e.seq - 1)
            )
        digest = entry_hash(
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
            wrong.append(_("journal: entry {entry} was changed after it was written").format(entry=e.seq))
        yield e, wrong
        prev, expected = e.hash, e.seq + 1


def sealed_state(action: str, new: str | None) -> dict[str, Any] | None:
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


def changes(old: Dossier, new: Dossier) -> list[tuple[str, str | None, str | None, str]]:
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
                            to_json(qa.get(qid)),
                            to_json(qb.get(qid)),
                            _dossier.fingerprint_of_json(state),
                        )
                    )
        elif key == "evidence":
            strip = [{k: v for k, v in e.items() if k != "path"} for e in a.get(key, [])]
            strip_b = [{k: v for k, v in e.items() if k != "path"} for e in b.get(key, [])]
            if strip != strip_b:
                put(state, key, b.get(key))
                out.append((key, to_json(strip), to_json(strip_b), _dossier.fingerprint_of_json(state)))
        elif a.get(key) != b.get(key):
            put(state, key, b.get(key))
            out.append((key, to_json(a.get(key)), to_json(b.get(key)), _dossier.fingerprint_of_json(state)))
    return out
