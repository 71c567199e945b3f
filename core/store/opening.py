"""Opening a workbook: making a new one, the checks on open, read-only and network drives, damage,
and upgrading (schema steps applied, after a checked copy of the workbook as it was).

Damage, and what opening reads. Opening reads the file's first page and its schema, never the whole
file, so that every command takes the same time whatever the size of the workbook. What is promised:

- Refused when it is opened, before anything is written: a file that is not an SQLite database, or
  whose header is damaged (SQLite checks the magic string, page size and payload fractions on the
  first read), a file shorter than its header says (SQLite compares the header's page count, where
  it is valid, with the file and its write-ahead log), a file whose size is not a whole number of
  pages (checked here: cut short or added to), and an empty file (never turned into a workbook: a
  new workbook is made beside the name and linked into place only where no file exists, so that it
  appears whole or not at all).
- Damage anywhere else is found by the command that reads the damaged pages: SQLite checks each
  page it reads, with ``cell_size_check`` on also the size of every cell in it. The command stops
  with ``DamagedError`` ("the workbook is damaged ...; restore it from a backup"), a write is rolled
  back (nothing of it reaches the file), and a ``Workbook`` that has met damage refuses every later
  write.
- Not promised: damage in pages a command does not read goes unnoticed by that command, and a
  write that does not touch the damaged pages is kept. The whole file is checked by ``verify``
  (``PRAGMA integrity_check``), by the desktop program's background ``IntegrityCheck``, and by
  ``Workbook.open(check=True)``.

Network drives. A workbook on a network file system (``core/store/netfs.py``: NFS, SMB, WebDAV, SSH
mounts...) is never written: the write-ahead log's shared memory and SQLite's locks do not work
reliably there, and two programs on two machines writing one workbook can damage it. It is opened
read-only as below, without SQLite's shared memory (``immutable=1``, with the check that the file did
not change while it was read), and refused when its ``-wal`` file holds changes (someone has it
open, or it was not closed cleanly). A new workbook is never made there. The messages say why, and
what to do: keep the workbook on a local disk and back it up to the share.

Read-only workbooks. When this process cannot write the workbook, its folder (which holds SQLite's
``-wal`` and ``-shm`` files) or its file system (``_why_read_only``), the workbook is opened
read-only: reading works, and every write raises ``ReadOnlyError`` ("... is read-only (why);
nothing was changed") before anything is tried. It is read with ``mode=ro``, which keeps SQLite's
locking, so that a program writing it elsewhere at the same time is seen consistently; in a writable
folder SQLite makes (and leaves) the ``-wal`` and ``-shm`` files that this needs. Where they cannot be
made (a read-only folder or file system) and no ``-wal`` file exists, the file is read with
``immutable=1``: SQLite takes no locks and assumes that nobody changes the file. On a read-only file
system nobody can; in a folder only others may write, its owner could, and a checkpoint of theirs
during the read would show half of one state and half of another. So the file's identity, size and
change times are noted before it is opened, and compared when a ``with`` block ends, and when
damage is met: a change raises ``StoreError`` ("changed by another program while it was being read
... run the command again") instead of returning what was read. (File systems with coarse time
stamps make that check weaker.) A read-only workbook whose ``-wal`` file holds changes that cannot be
read there (no ``-shm`` file, and none can be made) is refused.

The opened workbook is a ``Handle`` (the facade passes its own class, ``Workbook``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import platformdirs

from core.content import Content
from core.i18n import _
from core.lazy import lazy_import
from core.store import backups, netfs, presence
from core.store.common import APPLICATION, DEFAULT_BUSY_MS
from core.store.connection import cannot_share, has_wal_content, quick_check, read_only_uri
from core.store.errors import DamagedError, ReadOnlyError, SchemaError, StoreError, damaged_message, is_damage
from core.store.handle import Handle, file_state
from core.store.journal import current_actor
from core.store.schema import KNOWN_MIGRATIONS, applied_steps, migrations, schema_deviations
from core.store.writing import copy_exclusively, sync_folder

if TYPE_CHECKING:
    from core import files
else:
    files = lazy_import("core.files")  # the printable form of a bad setting

H = TypeVar("H", bound=Handle)
MAX_BUSY_MS = 3_600_000  # an hour: beyond it a program seems to hang


def default_workbook_path() -> Path:
    """``$DDWORKBOOK_WORKBOOK``, else ``workbook.ddwb`` in the user's data folder."""
    env = os.environ.get("DDWORKBOOK_WORKBOOK")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("ddworkbook", appauthor=False)) / "workbook.ddwb"


def busy_timeout_ms() -> int:
    """``$DDWORKBOOK_BUSY_TIMEOUT_MS`` (unset or empty: the default), checked: a whole number of
    milliseconds from 0 to an hour."""
    raw = os.environ.get("DDWORKBOOK_BUSY_TIMEOUT_MS", "").strip()
    if not raw:
        return DEFAULT_BUSY_MS
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 7 and int(raw) <= MAX_BUSY_MS):
        shown = files.printable(raw if len(raw) <= 20 else raw[:20] + "...")
        raise StoreError(
            _(
                "DDWORKBOOK_BUSY_TIMEOUT_MS: expected a whole number of milliseconds from 0 to "
                "{max_busy_ms}, found {shown}"
            ).format(max_busy_ms=MAX_BUSY_MS, shown=repr(shown))
        )
    return int(raw)


def _why_read_only(path: Path) -> str | None:
    """Why this process cannot change the workbook at ``path`` (or make one there), or None when it
    can: SQLite writes the file and makes its ``-wal`` and ``-shm`` files in the same folder."""
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        with contextlib.suppress(OSError, AttributeError):  # statvfs: not on Windows
            if os.statvfs(folder).f_flag & os.ST_RDONLY:
                return _("it is on a read-only file system")
        return _("its folder {folder} cannot be written").format(folder=folder)
    if path.exists() and not os.access(path, os.W_OK):
        return _("the file cannot be written")
    return None


def _on_network(mount: netfs.Mount) -> str:
    """Why a workbook on a network file system is only read, and what to do instead."""
    where = f"{mount.fstype} {mount.source}".strip()
    return _(
        "it is on a network drive ({where}), where the locks and shared memory that keep two "
        "programs from damaging a workbook do not work reliably; keep the workbook on a local disk "
        "and back it up to the share (ddworkbook backup -o FILE), or copy it to a local disk to "
        "change it"
    ).format(where=where)


def open(
    cls: type[H],
    path: Path,
    *,
    create: bool = True,
    actor: str | None = None,
    content: Content | None = None,
    busy_ms: int | None = None,
    check: bool = False,
) -> H:
    """Open (and if needed create or upgrade) a workbook; ``StoreError`` says why not.

    Opening reads the file's first page and schema only (see the module's notes on damage);
    ``check=True`` also runs SQLite's quick check, which reads the whole file. A workbook that
    cannot be written here is opened read-only (``read_only``)."""
    path = Path(path)
    if path.is_dir():
        raise StoreError(_("{path}: is a folder, not a workbook file").format(path=path))
    if busy_ms is None:
        busy_ms = busy_timeout_ms()
    actor = actor or current_actor()
    if _size_or_create(path, create, busy_ms) == 0:
        raise StoreError(
            _(
                "{path}: is an empty file, not a workbook; nothing was written to it. Give the "
                "name of a workbook, or a name where no file exists to make a new one"
            ).format(path=path)
        )
    reason = _why_read_only(path)
    unlocked = False
    network = netfs.network_file_system(path)
    if network is not None:  # read, never written, and without SQLite's shared memory
        reason, unlocked = _on_network(network), True
        if has_wal_content(path):
            raise StoreError(
                _(
                    "{path}: is in use by another program, or was not closed cleanly (its last "
                    "changes are in {name}-wal), and {reason}; nothing was changed. Open it where it "
                    "was last used, or copy it with its -wal file to a local disk"
                ).format(path=path, name=path.name, reason=reason)
            ) from None
    while True:
        state = file_state(path) if unlocked else None
        try:
            if reason is None:
                conn = sqlite3.connect(str(path), timeout=busy_ms / 1000, isolation_level=None)
            else:
                conn = sqlite3.connect(
                    read_only_uri(path, immutable=unlocked),
                    uri=True,
                    timeout=busy_ms / 1000,
                    isolation_level=None,
                )
        except sqlite3.Error as e:
            raise StoreError(_("{path}: cannot open: {e}").format(path=path, e=e)) from None
        wb = cls(path, conn, content, actor, busy_ms)
        wb.read_only, wb._read_only_reason = reason is not None, reason or ""
        wb._unlocked_state = state
        try:
            _prepare(wb, True, check)
            if not unlocked:  # SQLite holds its shared lock now; the presence lock keeps it
                wb._presence = presence.enter(path, busy_ms / 1000)  # from being lost (presence.py)
            return wb
        except sqlite3.DatabaseError as e:
            conn.close()
            if reason is None and cannot_share(e):  # the probe said yes, SQLite says no
                reason = _("the file or its folder {folder} cannot be written").format(folder=path.parent)
                continue
            if reason is not None and not unlocked and cannot_share(e):
                if has_wal_content(path):
                    raise StoreError(
                        _(
                            "{path}: was not closed cleanly (its last changes are in {name}-wal), and "
                            "{reason}, so it cannot be read safely here; open it once where it can be written"
                        ).format(path=path, name=path.name, reason=reason)
                    ) from None
                unlocked = True  # no -wal or -shm file can be made here: read without locks
                continue
            raise _open_failure(wb, e) from None
        except BaseException:
            conn.close()
            raise


def _size_or_create(path: Path, create: bool, busy_ms: int) -> int:
    """The size of the workbook file; where there is none, a new workbook is made first (``create``)."""
    try:
        size: int | None = path.stat().st_size
    except FileNotFoundError:
        size = None
    except OSError as e:
        raise StoreError(
            _("{path}: cannot open: {strerror}").format(path=path, strerror=e.strerror)
        ) from None
    if size is None:
        if not create:
            raise StoreError(_("{path}: no workbook there").format(path=path))
        _create(path, busy_ms)
        try:
            size = path.stat().st_size
        except OSError as e:
            raise StoreError(
                _("{path}: cannot open: {strerror}").format(path=path, strerror=e.strerror)
            ) from None
    return size


def _create(path: Path, busy_ms: int) -> None:
    """A new workbook, built beside ``path`` and linked into place only where no file exists: it
    appears whole or not at all. If another program makes the file meanwhile, theirs is kept."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(
            _("{parent}: cannot create the folder: {strerror}").format(
                parent=path.parent, strerror=e.strerror
            )
        ) from None
    reason = _why_read_only(path)
    network = netfs.network_file_system(path)
    if network is not None:
        reason = _on_network(network)
    if reason is not None:
        raise ReadOnlyError(
            _("{path}: cannot create a workbook there: {reason}").format(path=path, reason=reason)
        )
    new = path.with_name(f".{path.name}.{os.urandom(4).hex()}.new")
    try:
        conn = sqlite3.connect(str(new), timeout=busy_ms / 1000, isolation_level=None)
        try:
            _prepare(Handle(new, conn, None, current_actor(), busy_ms), False, False)
        finally:
            conn.close()  # the last connection: the write-ahead log is checkpointed and removed
        if new.stat().st_size == 0 or has_wal_content(new):
            raise StoreError(
                _("{path}: cannot create the workbook: it was not written out whole").format(path=path)
            )
        try:
            os.link(new, path)
        except FileExistsError:
            return
        except OSError:  # no hard links here (FAT, some network file systems)
            copy_exclusively(new, path)
        sync_folder(path.parent)
    except FileExistsError:
        return
    except sqlite3.Error as e:
        raise StoreError(_("{path}: cannot create the workbook: {e}").format(path=path, e=e)) from None
    except OSError as e:
        raise StoreError(
            _("{path}: cannot create the workbook: {strerror}").format(path=path, strerror=e.strerror)
        ) from None
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{new}{suffix}").unlink(missing_ok=True)


def _open_failure(wb: Handle, e: sqlite3.DatabaseError) -> StoreError:
    changed = wb._changed_meanwhile()
    if changed is not None:
        return changed
    code = getattr(e, "sqlite_errorcode", 0) & 0xFF
    if code == sqlite3.SQLITE_NOTADB:
        return StoreError(
            _("{path}: not a workbook (not an SQLite database file, or its header is damaged)").format(
                path=wb.path
            )
        )
    if is_damage(e):
        return DamagedError(damaged_message(wb.path, str(e)))
    return StoreError(_("{path}: not a workbook, or damaged ({e})").format(path=wb.path, e=e))


def _prepare(wb: Handle, exists: bool, check: bool) -> None:
    c = wb.conn
    c.execute(f"PRAGMA busy_timeout = {int(wb.busy_ms)}")
    c.execute("PRAGMA cell_size_check = ON")  # stricter checks of every page read
    applied: list[str] = []
    if exists:
        # The first read: SQLite checks the header (magic string, page size, page count) here.
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        page_size = int(c.execute("PRAGMA page_size").fetchone()[0])
        size = os.stat(wb.path).st_size
        if size % page_size:
            raise DamagedError(
                damaged_message(
                    wb.path,
                    _(
                        "its size, {size} bytes, is not a whole number of {page_size}-byte pages: it was "
                        "cut short or added to"
                    ).format(size=size, page_size=page_size),
                )
            )
        if "meta" not in tables or "_sqlite_migrations" not in tables:
            raise StoreError(_("{path}: not a ddworkbook workbook").format(path=wb.path))
        app = c.execute("SELECT value FROM meta WHERE key='application'").fetchone()
        if app is None or app[0] != APPLICATION:
            raise StoreError(_("{path}: not a ddworkbook workbook").format(path=wb.path))
        applied = applied_steps(c)
        unknown = [n for n in applied if n not in KNOWN_MIGRATIONS]
        if unknown:
            raise StoreError(
                _(
                    "{path}: written by a newer version of ddworkbook (schema step {unknown} is "
                    "unknown to this version); update the program"
                ).format(path=wb.path, unknown=repr(unknown[0]))
            )
        _refuse_unknown_schema(wb, applied)
        if check:
            problem = quick_check(c)
            if problem:
                raise DamagedError(damaged_message(wb.path, problem))
    if not wb.read_only:
        c.execute("PRAGMA journal_mode = WAL")
    c.execute("PRAGMA synchronous = FULL")
    c.execute("PRAGMA foreign_keys = ON")
    if not exists or set(KNOWN_MIGRATIONS) - set(applied):
        if wb.read_only:
            raise ReadOnlyError(
                _(
                    "{path}: the workbook must be upgraded to this version of ddworkbook, but it is "
                    "read-only ({read_only_reason}); nothing was changed. Open it once where it can "
                    "be written"
                ).format(path=wb.path, read_only_reason=wb._read_only_reason)
            )
        if exists and applied:  # an existing workbook is upgraded: a checked copy first
            backups.make(wb, "before-upgrade", keep=None)
        wb._busy_guard(lambda: migrations().apply(wb.db))


def _refuse_unknown_schema(wb: Handle, applied: Sequence[str]) -> None:
    """Before anything is written (and so before any trigger can fire): the schema must be
    exactly what the applied steps create."""
    deviations = schema_deviations(wb.conn, applied)
    if deviations:
        raise SchemaError(wb.path, deviations)
