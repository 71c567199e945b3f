"""The PDF dossier report and the drafts for the competent authority (reportlab Platypus).

The modules, in layers; a module imports only modules of the layers before its own, and the layout
nothing of the project (tests/test_architecture.py checks both: ``REPORT_LAYERS``):

1. ``layout``: fonts, styles, paragraphs, long texts, tables, page decoration, ``build``.
2. ``core.report`` (this module): what a report shows, as plain data. ``StoredRecord`` is what the
   workbook holds of a dossier; ``report_input`` makes a ``ReportInput`` of it, or of a dossier file
   alone, with the assessment and the fingerprint. ``country`` names a country as both documents do.
3. ``record``: ``read_record``, the one place that reads a ``StoredRecord`` from a workbook (the
   command line and the desktop program both call it); ``dossier_report``: the dossier report
   (``render_report``); ``drafts``: the draft for the authority that the outcome calls for
   (``render_draft``). Which outcome calls for which draft, and each draft's file name, heading,
   wording and sections, are content (drafts.toml).
4. ``writing``: ``write_reports``, the report and then the draft beside it, for the command line and
   the desktop program alike.

The words the documents print are in the module that prints them: ``dossier_report``, ``drafts``, the
page decoration's at the top of ``layout``, and ``country`` and ``ReportInput.reference`` here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

from core import countries
from core.content import Content, DraftText, default_content
from core.decision import Assessment, assess
from core.dossier import Dossier, fingerprint
from core.i18n import N_, _
from core.store import JournalEntry, Seal


class StoredRecord(NamedTuple):
    """What the workbook holds of a dossier, for its report: the dossier as stored, whether it is
    finalised, until when it is kept, its last change, its journal entries, the ids of the evidence
    whose file the workbook holds, its seal once finalised, and the titles of the dossiers its journal
    names."""

    dossier: Dossier
    finalised: bool
    retention_until: str | None
    last_change: str | None
    journal: tuple[JournalEntry, ...]
    evidence_in_workbook: frozenset[str]
    seal: Seal | None
    # the titles of the dossiers its journal names (the one it was copied from), by id
    journal_titles: Mapping[str, str] = MappingProxyType({})


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
    journal_titles: Mapping[str, str] = field(default_factory=dict)  # see StoredRecord

    @property
    def authority_draft(self) -> DraftText | None:
        """The draft for the authority that the outcome calls for, if any (drafts.toml)."""
        return self.content.draft_for(self.assessment.outcome)

    @property
    def reference(self) -> str:
        """The dossier's reference as the running header and footer show it."""
        return self.dossier.reference or self.dossier.id or _("no reference")

    @property
    def author(self) -> str:
        """The author a document names in its properties."""
        return self.dossier.exporter.name or "ddworkbook"


def report_input(
    source: Dossier | StoredRecord, *, deterministic: bool = False, content: Content | None = None
) -> ReportInput:
    """What the report shows of a dossier file (``Dossier``) or of a stored dossier (``StoredRecord``,
    from ``core.report.record.read_record``: status, journal and retention too). ``deterministic``
    dates the report by the dossier's last change instead of today."""
    content = content or default_content()
    if isinstance(source, StoredRecord):
        stored: StoredRecord | None = source
        dossier = source.dossier
    else:
        stored, dossier = None, source
    last_change = stored.last_change if stored else None
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
        finalised=stored.finalised if stored else dossier.sign_off is not None,
        made_on=made_on,
        content=content,
        journal=stored.journal if stored else (),
        journal_available=stored is not None,
        retention_until=stored.retention_until if stored else None,
        last_change=last_change,
        evidence_in_workbook=stored.evidence_in_workbook if stored else frozenset(),
        seal=stored.seal if stored else None,
        journal_titles=stored.journal_titles if stored else {},
    )


# The fixed values of the format as the documents print them (in English, the value itself).
ITEM_KINDS = {
    "software": N_("software"),
    "hardware": N_("hardware"),
    "technology": N_("technology"),
    "service": N_("service"),
}
RED_FLAG_STATUSES = {"present": N_("present"), "absent": N_("absent"), "resolved": N_("resolved")}


def value_word(words: dict[str, str], value: str | None) -> str:
    """A fixed value of the format in words (``ITEM_KINDS``...): itself when it has none; "" for None."""
    if value is None:
        return ""
    return _(words[value]) if value in words else value


def country(code: str | None) -> str:
    """A country as the report and the drafts name it: "Netherlands (NL)"; "not given" for none."""
    if not code:
        return _("not given")
    return _("{country} ({code})").format(country=countries.display(code), code=code)
