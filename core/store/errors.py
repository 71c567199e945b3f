"""What the store raises: ``StoreError`` and its kinds, with messages for the user (nothing was
changed when one is raised), and how SQLite's own errors are told apart (damage, a busy or full disk,
a read-only file).

A leaf of the package: it imports nothing of it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from core.i18n import _


class StoreError(Exception):
    """A workbook operation cannot be done; nothing was changed. The message is for the user."""


class FrozenError(StoreError):
    """The dossier is finalised: it can be read and duplicated, not changed."""


class HoldsError(StoreError):
    """The dossier cannot be signed off: its assessment has holds (DESIGN.md section 4) that are not
    settled, and were not accepted with a reason, or one of them can never be accepted. ``holds``
    names them, in the contract's order."""

    def __init__(self, message: str, holds: Sequence[str]) -> None:
        super().__init__(message)
        self.holds = tuple(holds)


class NotFoundError(StoreError):
    pass


class BusyError(StoreError):
    pass


class DamagedError(StoreError):
    """The workbook file is damaged where this command read it; nothing was changed."""


class ReadOnlyError(StoreError):
    """The workbook was opened read-only (its file, folder or file system cannot be written)."""


class SchemaError(StoreError):
    """The workbook's tables, indexes, triggers or views are not those its schema steps create: it
    was changed outside ddworkbook. ``deviations`` names each difference."""

    def __init__(self, path: Path, deviations: Sequence[str]) -> None:
        self.path = path
        self.deviations = list(deviations)
        shown = "; ".join(self.deviations[:3])
        more = len(self.deviations) - 3
        if more > 0:
            shown += "; " + _("and {count} more").format(count=more)
        super().__init__(
            _(
                "{path}: the workbook's structure was changed outside ddworkbook ({deviations}); "
                "it is not opened, so that nothing in it can run: restore it from a backup "
                "('ddworkbook verify' lists every difference)"
            ).format(path=path, deviations=shown)
        )


class BackupProblems(StoreError):
    """A copy (a backup being made, or one being restored) did not pass its check; nothing was kept."""

    def __init__(self, message: str, problems: Sequence[str]) -> None:
        super().__init__(message)
        self.problems = list(problems)


def is_damage(e: sqlite3.Error) -> bool:
    """Whether SQLite's error says that the file is damaged (corrupt, or not a database)."""
    code = getattr(e, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in str(e)


def damaged_message(path: Path, detail: str) -> str:
    return _(
        "{path}: the workbook is damaged ({detail}); nothing was changed; restore it from a backup"
    ).format(path=path, detail=detail)


def write_failure(path: Path, e: sqlite3.OperationalError) -> StoreError:
    """A failed write (busy, disk full, read-only) in words."""
    text = str(e)
    if "locked" in text or "busy" in text:
        return BusyError(
            _(
                "{path}: the workbook is busy (another program is writing to it); try again in a moment"
            ).format(path=path)
        )
    if "full" in text:
        return StoreError(
            _("{path}: the disk is full; nothing was saved. Free some space and try again").format(path=path)
        )
    if getattr(e, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_READONLY:
        return ReadOnlyError(
            _("{path}: the workbook is read-only ({text}); nothing was changed").format(path=path, text=text)
        )
    return StoreError(
        _("{path}: the workbook could not be written ({text}); nothing was saved").format(
            path=path, text=text
        )
    )
