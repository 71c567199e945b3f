"""What the store returns: one row of the dossier list, a stored dossier with its status, a journal
entry, a sign-off's seal, a workbook's snapshot (for backups), and what an export of the whole record
or a restore did. Plain named tuples.

A leaf of the package: it imports nothing of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from core.i18n import _, formats, ngettext

if TYPE_CHECKING:
    from core.dossier import Dossier


class Summary(NamedTuple):
    """One row of the dossier list."""

    id: str
    title: str
    reference: str | None
    destination_country: str | None
    destination_name: str | None  # the country's display name, when the code is known
    status: str
    outcome: str
    updated: str
    fingerprint: str
    holds: tuple[str, ...] = ()  # what must be settled before sign-off (DESIGN.md section 4)
    # the authority's reply as the list shows it (None: none recorded); not in ``to_json`` (the
    # command line's list keeps its fields)
    reply_kind: str | None = None
    reply_sent_on: str | None = None
    reply_decision: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "reference": self.reference,
            "destination_country": self.destination_country,
            "status": self.status,
            "outcome": self.outcome,
            "holds": list(self.holds),
            "updated": self.updated,
            "fingerprint": self.fingerprint,
        }


class Record(NamedTuple):
    """A finalised dossier as the records view shows it: who signed it off and when, its export
    year (that of the actual export date once recorded, else the one fixed at sign-off), and until
    when it must be kept (Art. 27(3)); ``deletable`` once that date has passed."""

    id: str
    title: str
    reference: str | None
    signed_name: str | None
    signed_role: str | None
    signed_date: str | None
    export_year: int | None
    retention_until: str | None
    deletable: bool


class JournalEntry(NamedTuple):
    seq: int
    at: str
    actor: str
    dossier_id: str | None
    action: str
    field: str | None
    old: str | None
    new: str | None
    prev_hash: str
    hash: str
    fingerprint: str | None = None  # the dossier's fingerprint after this entry (from m005 on)


class Seal(NamedTuple):
    """A sign-off's seal: the hash of the journal entry that recorded the sign-off and the sealed
    fingerprint. That hash commits to the whole journal before it (through ``prev_hash``, the
    journal's head at sign-off) and to the dossier's sealed data."""

    dossier_id: str
    seal: str
    seq: int  # the sign-off entry
    at: str
    prev_hash: str  # the head of the journal before it: entry seq - 1 (GENESIS when there was none)
    sealed_fingerprint: str


class Snapshot(NamedTuple):
    """What a workbook file holds, in words a user recognises: for backups and restores."""

    path: Path
    size: int  # bytes
    dossiers: int
    journal_seq: int  # the journal's head: its last entry's number and hash ("" when empty)
    journal_hash: str
    last_change: str | None  # when its journal was last written (ISO 8601), None when empty

    def describe(self) -> str:
        head = (
            _("journal head entry {entry} ({hash}…)").format(
                entry=self.journal_seq, hash=self.journal_hash[:16]
            )
            if self.journal_seq
            else _("an empty journal")
        )
        size = formats.number(self.size / 1048576, 1)
        if self.last_change:
            text = ngettext(
                "{count} dossier, {head}, last changed {when} UTC, {size} MB",
                "{count} dossiers, {head}, last changed {when} UTC, {size} MB",
                self.dossiers,
            )
        else:
            text = ngettext(
                "{count} dossier, {head}, {size} MB", "{count} dossiers, {head}, {size} MB", self.dossiers
            )
        when = formats.date_time(self.last_change)
        return text.format(count=formats.number(self.dossiers), head=head, when=when, size=size)


class StoredDossier(NamedTuple):
    """A stored dossier with its status and, once finalised, how long it is kept: to
    ``retention_until``, the end of a calendar year plus five years (DESIGN.md section 3), that year
    being given by the rule named in ``retention_basis``: ``export_date`` (the year of the actual
    export date), ``export_year`` (the export year given at sign-off, or recorded at a sign-off before
    version 2 of the format), ``planned_export_date`` or ``sign_off`` (the year of sign-off).
    ``export_year`` is the year counted from when there is no actual export date, fixed at sign-off."""

    dossier: Dossier
    status: str
    created_at: str
    updated_at: str
    export_year: int | None
    retention_until: str | None
    retention_basis: str | None = None

    @property
    def frozen(self) -> bool:
        return self.status == "final"

    def retention_explained(self) -> str | None:
        """Which rule gave the retention date, in words ("the end of the year of the export date,
        2027, plus five years"); None for a draft."""
        from core.dossier import retention_explained  # the model's words (not on the start-up path)

        return retention_explained(self.retention_basis, self.retention_until)


class Checked(NamedTuple):
    """What ``verify`` looked at: the schema's steps, the journal's entries, the dossiers (and of them
    the finalised ones, with their seals) and the evidence files held."""

    schema_steps: int
    journal_entries: int
    dossiers: int
    finalised: int
    evidence_files: int


class Verification(NamedTuple):
    """What ``verify`` found (one line a problem; none: the workbook is sound) and what it checked."""

    problems: list[str]
    checked: Checked


class ExportedRecord(NamedTuple):
    folder: Path
    dossiers: int
    journal_entries: int
    files: int


class RestoreResult(NamedTuple):
    restored: Snapshot  # what the workbook holds now
    kept_aside: Path | None  # where the workbook it replaced was put (None: there was none)
