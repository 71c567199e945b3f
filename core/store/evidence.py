"""Evidence: the files held in the workbook (``blobs``, one row per distinct SHA-256, streamed in and
out in chunks), copying them in (``store_file``, ``copy_in`` on import, ``attach``), reading them
back (``chunks``), and writing a dossier file with its evidence files beside it (``export``, with
the files named by ``evidence_file_names``).

A file is read as evidence only through ``core.files.open_input`` (a regular file of at most
``MAX_EVIDENCE_BYTES``, never the workbook or one of its own files), hashed, then copied through the
same open file and checked again, so that what is hashed is what is stored.

Functions take the open workbook (``Handle``). Those that are methods of ``Workbook`` are
``guarded`` (SQLite's damage errors become ``DamagedError``), also where other parts call them.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import stat
from collections.abc import Callable, Generator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from core.i18n import _
from core.lazy import lazy_import
from core.store import journal, presence, rows, writing
from core.store.common import CHUNK, now, to_json
from core.store.errors import FrozenError, NotFoundError, StoreError, is_damage
from core.store.handle import Handle, guarded

if TYPE_CHECKING:
    import dataclasses
    import hashlib

    from core import dossier as _dossier
    from core import files
    from core.dossier import Dossier, Evidence
    from core.files import InputFile
else:  # loaded when a dossier is first read or written, not to list the dossiers (start-up)
    dataclasses = lazy_import("dataclasses")
    hashlib = lazy_import("hashlib")
    _dossier = lazy_import("core.dossier")
    files = lazy_import("core.files")  # reading the user's files, writing exports

MAX_EVIDENCE_BYTES = 100 * 1024 * 1024  # one evidence file (core.files.open_input enforces it)


@guarded
def with_files(wb: Handle, dossier_id: str) -> set[str]:
    """Ids of the dossier's evidence entries whose file is held in the workbook."""
    return {
        r[0]
        for r in wb.conn.execute(
            "SELECT evidence_id FROM evidence WHERE dossier_id = ? AND blob IS NOT NULL", (dossier_id,)
        )
    }


# -- copying files in ---------------------------------------------------------------------------


def store_file(wb: Handle, source: Path, expected_sha: str | None = None) -> tuple[str, int]:
    """Copy a file into the blobs table, streamed: hashed once, then written in chunks. Only a
    regular file of at most ``MAX_EVIDENCE_BYTES`` is read (core.files.open_input), through
    one open file, so that what is hashed is what is copied."""
    conn = wb.conn
    try:
        with files.open_input(
            source, limit=MAX_EVIDENCE_BYTES, what=_("an evidence file"), protected=own_file(wb.path)
        ) as f:
            digest, size = hash_stream(f)
            if expected_sha is not None and expected_sha != digest:
                raise StoreError(
                    _("{source}: its SHA-256 is {digest}, not the {expected_sha} the dossier gives").format(
                        source=files.printable(source), digest=digest, expected_sha=expected_sha
                    )
                )
            if conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (digest,)).fetchone():
                return digest, size
            f.rewind()
            _copy_blob(conn, f, digest, size)
    except files.InputFileError as e:
        raise StoreError(str(e)) from None
    return digest, size


def own_file(workbook: Path) -> Callable[[os.stat_result], str | None]:
    """Why a file may not be read as evidence: it is this workbook or one of its own files
    (reading and closing it would drop SQLite's locks in the middle of the transaction)."""

    def refusal(st: os.stat_result) -> str | None:
        if presence.is_workbook_file(st, workbook):
            return _("is the workbook itself (or one of its files); it cannot be its own evidence")
        return None

    return refusal


def _copy_blob(conn: sqlite3.Connection, f: InputFile, digest: str, size: int) -> None:
    cur = conn.execute(
        "INSERT INTO blobs (sha256, size, data) VALUES (?, ?, zeroblob(?))", (digest, size, size)
    )
    rowid = cur.lastrowid
    assert rowid is not None
    check = hashlib.sha256()
    written = 0
    with conn.blobopen("blobs", "data", rowid) as blob:
        while chunk := f.read(min(CHUNK, size - written) or 1):
            if written + len(chunk) > size:
                break
            check.update(chunk)
            blob.write(chunk)
            written += len(chunk)
        grew = bool(f.read(1))
    if check.hexdigest() != digest or written != size or grew:
        raise StoreError(
            _("{path}: the file changed while it was being copied; try again").format(
                path=files.printable(f.path)
            )
        )


def hash_stream(f: InputFile) -> tuple[str, int]:
    """The SHA-256 and the number of bytes of what is left of a file."""
    h = hashlib.sha256()
    size = 0
    while chunk := f.read(CHUNK):
        h.update(chunk)
        size += len(chunk)
    return h.hexdigest(), size


def copy_in(wb: Handle, d: Dossier, base_dir: Path | None, where: str) -> tuple[Dossier, set[str]]:
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
            digest, size = store_file(wb, source, e.sha256)
        except (files.InputFileError, StoreError) as err:
            raise StoreError(
                _("{where}evidence[{i}].path: {err}").format(where=where, i=i, err=err)
            ) from None
        if e.size is not None and e.size != size:
            raise StoreError(
                _("{where}evidence[{i}].size: the file has {size} bytes, not {size2}").format(
                    where=where, i=i, size=size, size2=e.size
                )
            )
        out.append(dataclasses.replace(e, path=None, sha256=digest, size=size, added_at=e.added_at or now()))
        held.add(e.id)
    return dataclasses.replace(d, evidence=out), held


@guarded
def attach(
    wb: Handle, dossier_id: str, source: Path, *, question: str | None = None, description: str | None = None
) -> Evidence:
    """Copy a file into the workbook as evidence of a dossier (and of one of its answers)."""
    source = Path(source)
    with wb._write():
        return _attach(wb, dossier_id, source, question, description)


def _attach(
    wb: Handle, dossier_id: str, source: Path, question: str | None, description: str | None
) -> Evidence:
    conn = wb.conn
    stored = rows.get(wb, dossier_id)
    if stored.frozen:
        raise FrozenError(
            _("dossier {dossier_id} is finalised and cannot be changed").format(dossier_id=repr(dossier_id))
        )
    d = stored.dossier
    if question is not None and not (wb.content.has_question(question) or question.startswith("custom:")):
        raise StoreError(
            _("--question: {question} is not a question id of the content").format(question=repr(question))
        )
    digest, size = store_file(wb, source)
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
        added_at=now(),
    )
    conn.execute(
        "INSERT INTO evidence (dossier_id, evidence_id, position, filename, sha256, size, "
        "description, added_at, blob) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (dossier_id, ev.id, len(d.evidence), ev.filename, digest, size, description, ev.added_at, digest),
    )
    if question is not None:
        answer = d.answers.get(question, _dossier.Answer(value=None))
        if question not in d.answers:
            pos = len(d.answers)
            conn.execute("INSERT INTO answers VALUES (?, ?, ?, NULL, NULL)", (dossier_id, question, pos))
        conn.execute(
            "INSERT INTO answer_evidence VALUES (?, ?, ?, ?)",
            (dossier_id, question, len(answer.evidence), ev.id),
        )
    fp = rows.refresh(wb, dossier_id)
    journal.append(
        conn,
        wb.actor,
        dossier_id,
        "attach",
        f"evidence.{ev.id}",
        None,
        to_json({**vars(ev), "question": question}),
        fingerprint=fp,
    )
    return ev


# -- reading files out --------------------------------------------------------------------------


def chunks(wb: Handle, dossier_id: str, evidence_id: str) -> Generator[bytes, None, None]:
    """The bytes of an evidence file held in the workbook, in chunks."""
    try:
        row = wb.conn.execute(
            "SELECT b.rowid, b.size FROM evidence e JOIN blobs b ON b.sha256 = e.blob "
            "WHERE e.dossier_id = ? AND e.evidence_id = ?",
            (dossier_id, evidence_id),
        ).fetchone()
        if row is None:
            raise NotFoundError(
                _("evidence {evidence_id} of dossier {dossier_id} has no file in the workbook").format(
                    evidence_id=repr(evidence_id), dossier_id=repr(dossier_id)
                )
            )
        with wb.conn.blobopen("blobs", "data", row[0], readonly=True) as blob:
            while chunk := blob.read(CHUNK):
                yield chunk
    except sqlite3.DatabaseError as e:  # a generator: guarded would only see its creation
        if not is_damage(e):
            raise
        raise wb._met_damage(e) from None


def blob_matches(conn: sqlite3.Connection, rowid: int, sha: str, size: int) -> bool:
    """Whether a held file still has the SHA-256 and size it was stored with."""
    h = hashlib.sha256()
    n = 0
    with conn.blobopen("blobs", "data", rowid, readonly=True) as blob:
        while chunk := blob.read(CHUNK):
            h.update(chunk)
            n += len(chunk)
    return h.hexdigest() == sha and n == size


@guarded
def export(wb: Handle, dossier_id: str, target: Path, *, with_evidence: bool = False) -> Path:
    """Write a dossier file; with evidence, its files go to ``<name>-evidence/`` beside it.

    Evidence files are named only from safe parts (the evidence id and the file's name, both
    cleaned: ``evidence_file_names``), never anything but plain files inside that folder; a
    symbolic link, folder or special file in the way is refused before anything is written."""
    target = Path(target)
    d = rows.dossier(wb, dossier_id)
    held = with_files(wb, dossier_id) if with_evidence else set()
    folder = target.with_name(target.stem + "-evidence")
    names = evidence_file_names([(e.id, e.filename) for e in d.evidence if e.id in held])
    if names and not files.is_valid_text(folder.name):
        raise StoreError(
            _(
                "{target}: the name is not valid UTF-8 text; the evidence folder's name is "
                "written into the dossier file, so choose a name in UTF-8"
            ).format(target=files.printable(target))
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
                with contextlib.closing(chunks(wb, dossier_id, e.id)) as held_chunks:
                    writing.write_atomically(folder / name, held_chunks)
                path = f"{folder.name}/{name}"
            evidence.append(dataclasses.replace(e, path=path))
        text = _dossier.dumps(dataclasses.replace(d, evidence=evidence))
        writing.write_atomically(target, iter([text.encode("utf-8")]))
    except OSError as e:
        if made_folder:  # leave no empty folder behind (one that holds files stays)
            with contextlib.suppress(OSError):
                folder.rmdir()
        error = e if isinstance(e, files.WriteError) else files.write_error(e, target)
        raise StoreError(str(error)) from None
    return target


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
            _(
                "is a symbolic link; export writes only into a real folder and never through a "
                "link: move it away or export elsewhere"
            ),
        )
    if folder and not stat.S_ISDIR(mode):
        raise files.WriteError(
            path,
            _(
                "is in the way: it is not a folder, and the evidence files go into a folder of "
                "that name: move it away or export elsewhere"
            ),
        )
    if not folder and not stat.S_ISREG(mode):
        kind = _("a folder") if stat.S_ISDIR(mode) else _("a special file")
        raise files.WriteError(
            path,
            _("is in the way: {kind}, not a regular file: move it away or export elsewhere").format(
                kind=kind
            ),
        )
