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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

from core import countries, i18n, words
from core.content import Content, DraftText, default_content
from core.decision import Assessment, assess
from core.dossier import Dossier, fingerprint, retention, retention_explained
from core.i18n import N_, _, formats, ngettext
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
    # which rule gave the retention date (core.dossier.Retention.basis)
    retention_basis: str | None = None


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
    retention_basis: str | None = None  # see StoredRecord

    @property
    def retention_explained(self) -> str | None:
        """Which rule gave the retention date, in words; None when there is none."""
        return retention_explained(self.retention_basis, self.retention_until)

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
    if stored:
        until, basis = stored.retention_until, stored.retention_basis
    else:  # a dossier file signed off: the same rule as the workbook's (DESIGN.md section 3)
        kept = retention(dossier) if dossier.sign_off else None
        until, basis = (kept.until, kept.basis) if kept else (None, None)
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
        retention_until=until,
        retention_basis=basis,
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
# What was sent to the competent authority, and what it decided: the journal's words (core.history).
REPLY_KINDS, REPLY_DECISIONS = words.REPLY_KIND_WORDS, words.REPLY_DECISION_WORDS
# The decisions on a screening hit: the history's and the screening panel's words.
DISPOSITIONS = words.HIT_DECISION_WORDS


def value_word(words: dict[str, str], value: str | None) -> str:
    """A fixed value of the format in words (``ITEM_KINDS``...): itself when it has none; "" for None."""
    if value is None:
        return ""
    return _(words[value]) if value in words else value


def money(value: float | None, currency: str | None) -> str:
    """A transaction's value as both documents print it: "EUR 125 000.50" in English (spaces between
    thousands), "EUR 125.000,50" in Dutch (as its readers write it: core.i18n.formats); "" for none."""
    if value is None:
        return currency or ""
    amount = f"{value:,.2f}".replace(",", " ") if i18n.current() == i18n.SOURCE else formats.number(value, 2)
    return f"{currency} {amount}" if currency else amount


def size(n: int | None) -> str:
    """A file's size in bytes: "1 234" ("1.234" in Dutch: core.i18n.formats.grouped)."""
    return "" if n is None else formats.grouped(n)


# The facts of the transaction (version 2), labelled, by the name a draft's section gives them
# (content.DRAFT_FACTS); each "not given" when the dossier has none.
TRANSACTION_FACTS: dict[str, Callable[[Dossier], tuple[str, str]]] = {
    "quantity": lambda d: (_("Quantity"), d.transaction.quantity or _("not given")),
    "value": lambda d: (_("Value"), money(d.transaction.value, d.transaction.currency) or _("not given")),
    "contract_reference": lambda d: (
        _("Contract reference"),
        d.transaction.contract_reference or _("not given"),
    ),
    "contract_date": lambda d: (
        _("Contract date"),
        formats.date(d.transaction.contract_date) or _("not given"),
    ),
    "planned_export_date": lambda d: (
        _("Planned export date"),
        formats.date(d.transaction.planned_export_date) or _("not given"),
    ),
    "export_date": lambda d: (
        _("Actual export date"),
        formats.date(d.transaction.export_date) or _("not yet recorded"),
    ),
}


def transaction_facts(d: Dossier) -> list[tuple[str, str]]:
    """The facts of the transaction, labelled, in order (``TRANSACTION_FACTS``)."""
    return [fact(d) for fact in TRANSACTION_FACTS.values()]


def unassessed_red_flags(c: Content, d: Dossier) -> tuple[str, ...]:
    """The content's red flags that the dossier does not mention, in the content's order."""
    mentioned = {f.id for f in d.red_flags}
    return tuple(f.id for f in c.red_flags if f.id not in mentioned)


def unassessed_sentence(c: Content, d: Dossier) -> str | None:
    """ "N of the M red flags were not assessed." when any was not; None when every one was."""
    count, total = len(unassessed_red_flags(c, d)), len(c.red_flags)
    if not count:
        return None
    return ngettext(
        "{count} of the {total} red flags was not assessed.",
        "{count} of the {total} red flags were not assessed.",
        count,
    ).format(count=count, total=total)


class Holds(NamedTuple):
    """The holds of a dossier (DESIGN.md section 4) as the documents tell them: those not yet settled,
    and those accepted at sign-off with the reason given."""

    open: tuple[str, ...]
    accepted: tuple[str, ...]
    because: str | None


def holds(r: ReportInput) -> Holds:
    so = r.dossier.sign_off
    accepted = so.accepted_holds if so else ()
    return Holds(
        tuple(h for h in r.assessment.holds if h not in accepted),
        accepted,
        so.accepted_because if so else None,
    )


def hold_title(c: Content, hold: str) -> str:
    """A hold's title from the content; its code when the content has no such hold."""
    return c.holds[hold].title if hold in c.holds else hold


def country(code: str | None) -> str:
    """A country as the report and the drafts name it: "Netherlands (NL)"; "not given" for none."""
    if not code:
        return _("not given")
    return _("{country} ({code})").format(country=countries.display(code), code=code)
