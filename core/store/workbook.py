"""``Workbook``: the one way the rest of the program reads and changes a workbook.

A ``Workbook`` is an open workbook (``Handle``: the connection and what is known about the file)
whose methods are the functions of the store's parts, each taking the open workbook first: listing
and reading (``rows``), changing dossiers (``lifecycle``), evidence (``evidence``), the journal
(``journal``), sanctions lists and screening (``lists``, ``screen``), the whole
record (``record``, ``backups``) and checking (``verify``). The table below
is the whole public surface; what each method does is said where it is written.
"""

from __future__ import annotations

from pathlib import Path

from core.content import Content
from core.store import backups as _backups
from core.store import connection as _connection
from core.store import evidence as _evidence
from core.store import journal as _journal
from core.store import lifecycle as _lifecycle
from core.store import listing as _listing
from core.store import lists as _lists
from core.store import opening as _opening
from core.store import record as _record
from core.store import rows as _rows
from core.store import screen as _screen
from core.store import verify as _verify
from core.store.handle import Handle
from core.store.schema import applied_steps


class Workbook(Handle):
    """An open workbook file. Use ``Workbook.open(path)``; close it (or use ``with``)."""

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        create: bool = True,
        actor: str | None = None,
        content: Content | None = None,
        busy_ms: int | None = None,
        check: bool = False,
    ) -> Workbook:
        """Open (and if needed create or upgrade) a workbook; ``StoreError`` says why not.

        Opening reads the file's first page and schema only (see core.store.opening on damage);
        ``check=True`` also runs SQLite's quick check, which reads the whole file. A workbook that
        cannot be written here is opened read-only (``read_only``)."""
        return _opening.open(
            cls, path, create=create, actor=actor, content=content, busy_ms=busy_ms, check=check
        )

    @classmethod
    def inspect(cls, path: Path) -> Workbook:
        """Open a workbook to check it, also when its structure was changed outside ddworkbook:
        read-only (nothing is written, so no trigger fires; reading runs none), not upgraded, not
        refused for its schema. For ``verify``."""
        return _connection.inspect(cls, path)

    @property
    def schema_steps(self) -> list[str]:
        """The schema steps applied to this workbook, in order (as sqlite-utils recorded them)."""
        return applied_steps(self.conn)

    data_version = _connection.data_version

    # -- reading (core.store.rows, core.store.journal) ----------------------------------------
    exists = _rows.exists
    get = _rows.get
    dossier = _rows.dossier
    summaries = _rows.summaries
    count = _rows.count
    page = _listing.page  # the list in any column's order, a page at a time (core.store.listing)
    set_list_words = _listing.set_words  # the words the list shows for outcomes, statuses, countries
    records = _listing.records  # the finalised dossiers by the end of their retention
    record_counts = _listing.record_counts
    journal = _journal.entries
    ui_page = _rows.ui_page
    set_ui_page = _rows.set_ui_page  # where the desktop program was: not part of the record

    # -- changing dossiers (core.store.lifecycle) ---------------------------------------------
    import_dossiers = _lifecycle.import_dossiers
    import_batches = _lifecycle.import_batches
    create = _lifecycle.create
    update = _lifecycle.update
    edit = _lifecycle.edit
    set_answer = _lifecycle.set_answer
    duplicate = _lifecycle.duplicate
    deletion_refusal = _lifecycle.deletion_refusal
    delete = _lifecycle.delete
    finalise = _lifecycle.finalise
    seal_of = _lifecycle.seal_of
    set_authority_reply = _lifecycle.set_authority_reply  # the two annotations, also after sign-off
    set_export_date = _lifecycle.set_export_date

    # -- sanctions lists and screening (core.store.lists, core.store.screen) --------------------
    import_list = _lists.import_list
    sanctions_lists = _lists.stored_lists
    screening_index = _lists.screening_index
    rescreen_dossiers = _lists.rescreen
    screen_name = _screen.screen_name
    screen_dossier = _screen.screen_dossier
    dispose_hit = _screen.dispose_hit

    # -- evidence (core.store.evidence) -------------------------------------------------------
    evidence_with_files = _evidence.with_files
    attach = _evidence.attach
    evidence_chunks = _evidence.chunks
    export = _evidence.export

    # -- the whole record (core.store.record, core.store.backups) -----------------------------
    export_all = _record.export_all
    snapshot = _backups.snapshot
    workbook_id = _backups.workbook_id
    backup = _backups.backup

    # -- checking (core.store.verify) ---------------------------------------------------------
    verify = _verify.verify
    problems = _verify.problems
    verification = _verify.verification  # the problems, what was checked, and progress on the way
    check_seal = _verify.check_seal
