"""Reading what a report needs from a workbook: the one place of core/report that calls the store
(tests/test_architecture.py checks it). The rest of core/report takes the plain data it reads, a
``core.report.StoredRecord``; the command line and the desktop program both call ``read_record``."""

from __future__ import annotations

from core.report import StoredRecord
from core.store import Workbook


def read_record(workbook: Workbook, dossier_id: str) -> StoredRecord:
    """What ``workbook`` holds of the dossier ``dossier_id`` for its report: the dossier with its
    status, retention and last change, its journal entries, the evidence whose file is held and its
    seal. ``core.store.NotFoundError`` when there is no such dossier."""
    stored = workbook.get(dossier_id)
    return StoredRecord(
        dossier=stored.dossier,
        finalised=stored.frozen,
        retention_until=stored.retention_until,
        last_change=stored.updated_at,
        journal=tuple(workbook.journal(dossier_id)),
        evidence_in_workbook=frozenset(workbook.evidence_with_files(dossier_id)),
        seal=workbook.seal_of(dossier_id),
    )
