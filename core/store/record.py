"""An export of the whole record (``ddworkbook export --all``): every dossier in the interchange
format with its evidence files, the whole journal, a manifest with the SHA-256 of every file, and a
README that says how to read and check it all without ddworkbook (``README``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.i18n import _
from core.lazy import lazy_import
from core.store import evidence, journal, rows, writing
from core.store.common import CHUNK, now
from core.store.errors import StoreError
from core.store.handle import Handle, guarded
from core.store.results import ExportedRecord, JournalEntry
from core.store.schema import applied_steps, workbook_id

if TYPE_CHECKING:
    import hashlib

    from core import files
else:  # loaded when the record is exported, not to list the dossiers (start-up)
    hashlib = lazy_import("hashlib")
    files = lazy_import("core.files")


@guarded
def export_all(
    wb: Handle,
    folder: Path,
    *,
    with_evidence: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ExportedRecord:
    """Write the whole record to a new folder, readable without ddworkbook: every dossier in the
    interchange format (``dossiers/<id>.json``, with its evidence files beside it when asked),
    the whole journal (``journal.jsonl``, one entry a line, with its hashes), ``manifest.json``
    (what is where, with SHA-256 of every file) and ``README.txt`` (how to read and check it).
    All of it is read in one transaction (one moment of the workbook) and written to a
    temporary folder renamed into place at the end: the folder appears whole or not at all."""
    from core import __version__

    folder = Path(folder)
    if os.path.lexists(folder) and (not folder.is_dir() or folder.is_symlink() or any(folder.iterdir())):
        raise StoreError(
            _("{folder}: exists and is not an empty folder; give the name of a new folder").format(
                folder=files.printable(folder)
            )
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

        writing.write_atomically(work / relative, counted())
        written.append((relative, h.hexdigest(), n))

    try:
        wb.conn.execute("BEGIN")  # one snapshot of the workbook for everything below
        try:
            ids, index, head = _export_dossiers(wb, work, with_evidence, written, put, progress)
        finally:
            wb.conn.execute("COMMIT")
        put("README.txt", iter([README.encode("utf-8")]))
        manifest = {
            "format": "ddworkbook/record",
            "version": 1,
            "program": f"ddworkbook {__version__}",
            "workbook_id": workbook_id(wb.conn),
            "exported_at": now(),
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
        writing.sync_folder(folder.parent)
    except OSError as e:
        raise StoreError(str(files.write_error(e, folder))) from None
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return ExportedRecord(folder, len(ids), head[0] if head else 0, len(written))


def _export_dossiers(
    wb: Handle,
    work: Path,
    with_evidence: bool,
    written: list[tuple[str, str, int]],
    put: Callable[[str, Iterator[bytes]], None],
    progress: Callable[[int, int], None] | None,
) -> tuple[list[str], list[dict[str, Any]], Any]:
    """The dossier files and the journal of ``export_all`` (inside its read transaction)."""
    ids = rows.ids_by_creation(wb.conn)
    names = _export_names(ids)
    (work / "dossiers").mkdir(parents=True)
    index = []
    for n, did in enumerate(ids):
        name = names[did]
        target = work / "dossiers" / f"{name}.json"
        evidence.export(wb, did, target, with_evidence=with_evidence)
        written.append((f"dossiers/{name}.json", *_digest_file(target)))
        for ev in sorted((work / "dossiers" / f"{name}-evidence").glob("*")):
            written.append((f"dossiers/{name}-evidence/{ev.name}", *_digest_file(ev)))
        stored = rows.get(wb, did)
        index.append(
            {
                "id": did,
                "file": f"dossiers/{name}.json",
                "title": stored.dossier.title,
                "status": stored.status,
                "retention_until": stored.retention_until,
                "retention_basis": stored.retention_basis,
            }
        )
        if progress:
            progress(n + 1, len(ids))
    put(
        "journal.jsonl",
        (json.dumps(e._asdict(), ensure_ascii=False).encode() + b"\n" for e in _journal_rows(wb)),
    )
    return ids, index, journal.head(wb.conn)


def _journal_rows(wb: Handle) -> Iterator[JournalEntry]:
    yield from journal.all_entries(wb.conn, "m005_integrity" in applied_steps(wb.conn))


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


README = """\
ddworkbook: an export of the whole record
==========================================

This folder holds every dossier of a ddworkbook workbook, its evidence files (when exported with
--with-evidence) and the workbook's journal of every change, as plain files. Everything here can be
read without ddworkbook: the dossiers and the journal are UTF-8 JSON text, the evidence files are
the files as they were attached.

What is where
-------------
manifest.json         what was exported, when, from which workbook (its id), by which program
                      version; the list of dossiers (id, file, title, status, retention date and
                      the rule that gave it: export_date, export_year, planned_export_date or
                      sign_off); the journal's number of entries and its head (the hash of its last
                      entry); and every file of this folder with its SHA-256 and size.
dossiers/ID.json      one dossier in the ddworkbook interchange format ("format":
                      "ddworkbook/dossier"): the transaction, the parties, every answer with its
                      rationale and evidence, the red flags, the mitigation measures, the evidence
                      list (file name, SHA-256, size, date added) and, for a finalised dossier, its
                      sign-off. Such a file can be imported again with "ddworkbook import".
dossiers/ID-evidence/ the evidence files of that dossier; each is named in the dossier's evidence
                      list ("path"), and its SHA-256 there proves it is the file that was attached.
journal.jsonl         the journal: one JSON object a line, oldest first, with the fields seq, at
                      (UTC time), actor, dossier_id, action, field, old, new (JSON text of the old
                      and new value), fingerprint (the dossier's SHA-256 fingerprint after the
                      change, in entries written by newer versions), prev_hash and hash.

Checking the journal by hand
----------------------------
Each entry's hash is the SHA-256 (hexadecimal) of the UTF-8 bytes of

    prev_hash + "\\n" + body

where body is the compact JSON array [seq, at, actor, dossier_id, action, field, old, new], with the
fingerprint appended as a ninth element when the entry has one (JSON as Python's
json.dumps(values, ensure_ascii=False, separators=(",", ":")) writes it). The first entry's
prev_hash is 64 zeros, and every entry's prev_hash is the hash of the entry before it. In Python:

    import hashlib, json
    prev = "0" * 64
    for line in open("journal.jsonl", encoding="utf-8"):
        e = json.loads(line)
        values = [e["seq"], e["at"], e["actor"], e["dossier_id"], e["action"], e["field"],
                  e["old"], e["new"]]
        if e.get("fingerprint") is not None:
            values.append(e["fingerprint"])
        body = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
        assert e["prev_hash"] == prev, e["seq"]
        assert hashlib.sha256((prev + "\\n" + body).encode()).hexdigest() == e["hash"], e["seq"]
        prev = e["hash"]
    print("journal intact; head", prev)

The seal printed on a signed report's sign-off page is the hash of that dossier's "finalise" entry:
find it in journal.jsonl, and check that the chain above passes through it. After it, the only
entries of that dossier are "annotate" entries: its authority_reply and its transaction.export_date,
which may be recorded after sign-off, and the retention_until that moves with the export date.

A dossier's fingerprint is the SHA-256 of its canonical JSON: the dossier file's object (without
the evidence "path" fields) written with sorted keys, no spaces, UTF-8, and with "version" 1 when
the object holds none of the fields that version 2 of the format added (transaction, screening,
authority_reply, exporter.customs_id, sign_off.export_year, sign_off.accepted_holds,
sign_off.accepted_because), so that the fingerprints recorded before version 2 stay valid.
"""
