"""Reading what a report needs from a workbook: the one place of core/report that calls the store
(tests/test_architecture.py checks it). The rest of core/report takes the plain data it reads, a
``core.report.StoredRecord``; the command line and the desktop program both call ``read_record``."""

from __future__ import annotations

from core.report import StoredRecord
from core.store import Workbook


def read_record(workbook: Workbook, dossier_id: str) -> StoredRecord:
    """What ``workbook`` holds of the dossier ``dossier_id`` for its report: the dossier with its
    status, retention and last change, its journal entries, the evidence whose file is held, its
    seal, and the title of the dossier it was copied from. ``core.store.NotFoundError`` when there is
    no such dossier."""
    stored = workbook.get(dossier_id)
    journal = tuple(workbook.journal(dossier_id))
    named = {e.new for e in journal if e.action == "duplicate" and e.new}  # the dossier it copies
    titles = {did: workbook.dossier(did).title for did in sorted(named) if workbook.exists(did)}
    return StoredRecord(
        dossier=stored.dossier,
        finalised=stored.frozen,
        retention_until=stored.retention_until,
        last_change=stored.updated_at,
        journal=journal,
        evidence_in_workbook=frozenset(workbook.evidence_with_files(dossier_id)),
        seal=workbook.seal_of(dossier_id),
        journal_titles=titles,
        retention_basis=stored.retention_basis,
    )
