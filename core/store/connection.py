"""Connections to a workbook file, below the checks on opening: URIs that read it read-only (with or
without SQLite's locks), what SQLite's errors say about the file (it cannot share the write-ahead
log's files here), its ``-wal`` file, SQLite's quick check, and the read-only connection that
``verify``, backups and restores inspect a workbook with (``inspect``), whatever its schema.

Imports the schema (its known steps), the handle and ``presence``; nothing that opens a workbook for
use or changes one.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TypeVar

from core.i18n import _
from core.store import presence
from core.store.common import DEFAULT_BUSY_MS
from core.store.errors import StoreError
from core.store.handle import Handle
from core.store.journal import current_actor
from core.store.schema import KNOWN_MIGRATIONS, applied_steps

H = TypeVar("H", bound=Handle)


def read_only_uri(path: Path, immutable: bool = False) -> str:
    """An SQLite URI that opens ``path`` read-only (any character of the name escaped)."""
    return path.absolute().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")


def cannot_share(e: sqlite3.Error) -> bool:
    """SQLite could not open or make the ``-wal`` or ``-shm`` file that a WAL workbook needs (or
    could not write where it had to)."""
    code = getattr(e, "sqlite_errorcode", 0)
    return (
        code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY_DIRECTORY, sqlite3.SQLITE_READONLY_CANTINIT)
        or code & 0xFF == sqlite3.SQLITE_READONLY
    )


def has_wal_content(path: Path) -> bool:
    try:
        return os.stat(f"{path}-wal").st_size > 0
    except OSError:
        return False


def quick_check(conn: sqlite3.Connection) -> str | None:
    """None when SQLite's quick check (it reads the whole file) passes, else what is wrong."""
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    return None if result == "ok" else str(result)


def connect_to_inspect(path: Path) -> sqlite3.Connection:
    """A read-only connection to a workbook, to check it, also when its structure was changed outside
    ddworkbook: nothing is written (so no trigger fires; reading runs none), it is not upgraded and
    not refused for its schema; only a file that is no workbook, or one of a newer version, is."""
    if not path.is_file() or path.stat().st_size == 0:
        raise StoreError(_("{path}: no workbook there").format(path=path))
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro",
            uri=True,
            timeout=DEFAULT_BUSY_MS / 1000,
            isolation_level=None,
        )
    except sqlite3.Error as e:
        raise StoreError(_("{path}: cannot open: {e}").format(path=path, e=e)) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {DEFAULT_BUSY_MS}")
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone():
            raise StoreError(_("{path}: not a ddworkbook workbook").format(path=path))
        unknown = [n for n in applied_steps(conn) if n not in KNOWN_MIGRATIONS]
        if unknown:
            raise StoreError(
                _(
                    "{path}: written by a newer version of ddworkbook (schema step {unknown} is "
                    "unknown to this version); update the program"
                ).format(path=path, unknown=repr(unknown[0]))
            )
    except sqlite3.DatabaseError as e:
        conn.close()
        raise StoreError(_("{path}: not a workbook, or damaged ({e})").format(path=path, e=e)) from None
    except BaseException:
        conn.close()
        raise
    return conn


def inspect(cls: type[H], path: Path) -> H:
    """Open a workbook to check it, also when its structure was changed outside ddworkbook:
    read-only (nothing is written, so no trigger fires; reading runs none), not upgraded, not
    refused for its schema. For ``verify``, backups and restores."""
    path = Path(path)
    conn = connect_to_inspect(path)
    wb = cls(path, conn, None, current_actor())
    wb._presence = presence.enter(path)
    return wb


def data_version(wb: Handle) -> int:
    """A number that changes whenever another connection (another program, or another open
    workbook of this one) has committed a change to the file; this workbook's own changes
    leave it as it is (SQLite's ``data_version``)."""
    try:
        return int(wb.conn.execute("PRAGMA data_version").fetchone()[0])
    except sqlite3.Error as e:
        raise StoreError(_("{path}: cannot be read ({e})").format(path=wb.path, e=e)) from None
