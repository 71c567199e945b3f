"""An open workbook, as every part of the store works with it (``Handle``): its file, its SQLite
connection, who writes, the content, whether it is read-only and why, the state of a file read
without locks, and the damage it has met; with the one write transaction (``Handle._write``) and the
guard that turns SQLite's damage errors into ``DamagedError`` (``guarded``).

Durability: WAL journal, ``synchronous=FULL`` and foreign keys on (set when opening). Every change
runs in one transaction begun with ``BEGIN IMMEDIATE`` (sqlite-utils' own ``atomic()`` blocks nest
inside it as savepoints), so the write lock is taken before the journal's last hash is read and a
second program waits (``busy_timeout``) instead of failing half-way. A change and its journal entry
commit together. A workbook that has met damage refuses every later write.

``Workbook`` (the facade, ``core.store.workbook``) is a ``Handle`` with the parts' functions as its
methods. Imports no other part of the store but the shared basics and ``presence``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from functools import cached_property, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Self, TypeVar

from core.content import Content, default_content
from core.i18n import _
from core.store import presence
from core.store.common import DEFAULT_BUSY_MS
from core.store.errors import (
    DamagedError,
    FrozenError,
    ReadOnlyError,
    StoreError,
    damaged_message,
    is_damage,
    write_failure,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

FileState = tuple[int, int, int, int, int]


def file_state(path: Path) -> FileState | None:
    """What changes when anyone writes the file: its identity, size and change times."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


class Handle:
    """An open workbook file and what is known about it (made by ``core.store.opening``)."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        content: Content | None,
        actor: str,
        busy_ms: int = DEFAULT_BUSY_MS,
    ) -> None:
        self.path = path
        self.busy_ms = busy_ms
        self.conn = conn
        self._content = content
        self.actor = actor
        self._presence: presence.Key | None = None
        self.read_only = False  # set by opening: see core.store.opening on read-only workbooks
        self._read_only_reason = ""
        self._unlocked_state: FileState | None = None  # the file when opened without locks
        self._damage: str | None = None  # what SQLite said when this workbook met damage

    @cached_property
    def db(self) -> Database:
        """sqlite-utils' view of the connection (imported at first use)."""
        from sqlite_utils import Database

        return Database(self.conn)

    @property
    def read_only_reason(self) -> str:
        """Why the workbook was opened read-only (empty when it was not)."""
        return self._read_only_reason

    @property
    def content(self) -> Content:
        """The content given when the workbook was opened, else the shipped content in the current
        language (core.content.default_content, loaded once per language): a workbook open while the
        program's language changes (View > Language) follows it."""
        return self._content if self._content is not None else default_content()

    def close(self) -> None:
        fds = presence.leave(self._presence)  # before the connection closes, so that it can clean up
        self._presence = None
        try:
            self.conn.close()
        finally:
            presence.close(fds)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        self.close()
        if exc_type is None:
            changed = self._changed_meanwhile()
            if changed is not None:  # what was read may be half of one state, half of another
                raise changed

    def _changed_meanwhile(self) -> StoreError | None:
        """For a workbook read without locks: the error to give when its file has changed since."""
        if self._unlocked_state is None or file_state(self.path) == self._unlocked_state:
            return None
        return StoreError(
            _(
                "{path}: the workbook was changed by another program while it was being read (it "
                "is read-only here: {read_only_reason}, and is read without locks); nothing was "
                "changed; run the command again"
            ).format(path=self.path, read_only_reason=self._read_only_reason)
        )

    def _met_damage(self, e: sqlite3.DatabaseError) -> StoreError:
        changed = self._changed_meanwhile()
        if changed is not None:
            return changed
        self._damage = str(e)
        return DamagedError(damaged_message(self.path, str(e)))

    # -- transactions -------------------------------------------------------------------------

    def _busy_guard(self, fn: Any) -> Any:
        try:
            return fn()
        except sqlite3.OperationalError as e:
            raise write_failure(self.path, e) from None

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """One transaction holding the write lock from its start (sqlite-utils' ``atomic()`` blocks
        nest inside it as savepoints); triggers' refusals become ``FrozenError``, other SQLite
        failures (busy, disk full) a ``StoreError``; nothing is kept if anything fails."""
        if self.read_only:
            raise ReadOnlyError(
                _("{path}: the workbook is read-only ({read_only_reason}); nothing was changed").format(
                    path=self.path, read_only_reason=self._read_only_reason
                )
            )
        if self._damage is not None:
            raise DamagedError(damaged_message(self.path, self._damage))
        db = self.db  # set up (at first use) outside the transaction: it sets connection pragmas
        self._busy_guard(lambda: self.conn.execute("BEGIN IMMEDIATE"))
        try:
            with db.atomic():
                yield
            self.conn.execute("COMMIT")
        except sqlite3.IntegrityError as e:
            self.db.rollback()
            if "finalised" in str(e):
                raise FrozenError(
                    _("the dossier is finalised and cannot be changed ({e})").format(e=e)
                ) from None
            raise StoreError(_("refused by the workbook: {e}").format(e=e)) from None
        except sqlite3.OperationalError as e:
            self.db.rollback()
            raise write_failure(self.path, e) from None
        except BaseException:
            self.db.rollback()
            raise


_P = ParamSpec("_P")
_R = TypeVar("_R")


def guarded(function: Callable[Concatenate[Handle, _P], _R]) -> Callable[Concatenate[Handle, _P], _R]:
    """SQLite's corruption errors as one clear ``DamagedError`` (a write is rolled back by ``_write``
    first); the workbook then refuses every later write."""

    @wraps(function)
    def guarded(wb: Handle, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return function(wb, *args, **kwargs)
        except sqlite3.DatabaseError as e:
            if not is_damage(e):
                raise
            raise wb._met_damage(e) from None

    return guarded
