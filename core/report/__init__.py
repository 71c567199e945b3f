"""The PDF dossier report and the drafts for the competent authority (reportlab Platypus).

``report_input`` gathers what a report needs from a stored dossier (with its status and journal) or from
a dossier file; ``render_report`` and ``render_draft`` write the PDFs. ``draft_kind`` says which draft
for the authority an outcome calls for, if any.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from core.content import Content, default_content
from core.decision import Assessment, assess
from core.dossier import Dossier, fingerprint
from core.store import JournalEntry, Seal, Workbook

NOTIFY_OUTCOMES = ("notify_legitimate", "notify_no_legitimate_purpose")


@dataclass(frozen=True)
class ReportInput:
    dossier: Dossier
    assessment: Assessment
    fingerprint: str
    finalised: bool
    made_on: dt.date
    content: Content
    journal: tuple[JournalEntry, ...] = ()
    journal_available: bool = False
    retention_until: str | None = None
    last_change: str | None = None
    evidence_in_workbook: frozenset[str] = field(default_factory=frozenset)
    seal: Seal | None = None  # a finalised dossier's seal, from the workbook


def report_input(
    dossier: Dossier,
    *,
    workbook: Workbook | None = None,
    deterministic: bool = False,
    content: Content | None = None,
) -> ReportInput:
    """What the report shows. From a workbook: status, journal and retention too. ``deterministic``
    dates the report by the dossier's last change instead of today."""
    content = content or default_content()
    journal: tuple[JournalEntry, ...] = ()
    finalised = dossier.sign_off is not None
    retention = last_change = None
    seal = None
    files: frozenset[str] = frozenset()
    if workbook is not None and dossier.id is not None and workbook.exists(dossier.id):
        stored = workbook.get(dossier.id)
        dossier = stored.dossier
        finalised = stored.frozen
        retention = stored.retention_until
        last_change = stored.updated_at
        journal = tuple(workbook.journal(dossier.id))
        files = frozenset(workbook.evidence_with_files(stored.dossier.id or ""))
        seal = workbook.seal_of(dossier.id or "")
    made_on = dt.date.today()
    if deterministic:
        made_on = (
            dt.date.fromisoformat(last_change[:10])
            if last_change
            else (dt.date.fromisoformat(dossier.sign_off.date) if dossier.sign_off else dt.date(2000, 1, 1))
        )
    return ReportInput(
        dossier=dossier,
        assessment=assess(dossier, content),
        fingerprint=fingerprint(dossier),
        finalised=finalised,
        made_on=made_on,
        content=content,
        journal=journal,
        journal_available=workbook is not None,
        retention_until=retention,
        last_change=last_change,
        evidence_in_workbook=files,
        seal=seal,
    )


def draft_kind(outcome: str) -> str | None:
    """'notification' for the notify outcomes, 'classification' for a classification request."""
    if outcome in NOTIFY_OUTCOMES:
        return "notification"
    if outcome == "classification_request":
        return "classification"
    return None
