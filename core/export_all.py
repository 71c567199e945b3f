"""The explanation written into an export of the whole record (``ddworkbook export --all``), so that
the record can be read and checked years later without ddworkbook."""

from __future__ import annotations

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
                      version; the list of dossiers (id, file, title, status, retention date); the
                      journal's number of entries and its head (the hash of its last entry); and
                      every file of this folder with its SHA-256 and size.
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
find it in journal.jsonl, and check that the chain above passes through it.

A dossier's fingerprint is the SHA-256 of its canonical JSON: the dossier file's object (without
the evidence "path" fields) written with sorted keys, no spaces, UTF-8.
"""


def readme_text() -> str:
    return README
