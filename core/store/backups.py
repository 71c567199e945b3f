"""Backups, restores and where backups are kept: a checked copy of the whole record.

``backup`` writes a consistent copy of an open workbook (SQLite's online backup, one snapshot, also
while other programs write to it), checks the copy as ``verify`` does, and only then puts it in
place. ``restore`` puts a checked backup in place of a workbook, keeping the current one aside.
``snapshot`` says what a workbook file holds in words a user recognises.

Rotating backups: each workbook has a folder of its own in the backups folder
(``$DDWORKBOOK_BACKUP_DIR``, else ``backups`` in the user's data folder), named after the workbook
file and the id it was given when it was made, so that two workbooks called ``workbook.ddwb`` in
different places never share one. A backup's name says when it was made and why:
``2026-11-25-183012-daily.ddwb`` (the desktop program's first start of a day), ``-manual`` (File >
Back up now), ``-before-upgrade`` (made when opening a workbook that a schema step must upgrade).
``make`` makes one and keeps the newest few.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import re
import sqlite3
from pathlib import Path

import platformdirs

from core.i18n import _
from core.store import connection, journal, schema
from core.store.common import APPLICATION, DEFAULT_BUSY_MS
from core.store.errors import BackupProblems, StoreError
from core.store.handle import Handle, guarded
from core.store.results import RestoreResult, Snapshot
from core.store.rows import count
from core.store.schema import KNOWN_MIGRATIONS, applied_steps
from core.store.verify import integrity_problems, problems
from core.store.writing import sync_folder


def snapshot(wb: Handle) -> Snapshot:
    """The number of dossiers, the journal's head and last change of this workbook."""
    head = journal.head(wb.conn)
    try:
        size = os.stat(wb.path).st_size
    except OSError:
        size = 0
    return Snapshot(
        wb.path,
        size,
        count(wb),
        head[0] if head else 0,
        head[1] if head else "",
        head[2] if head else None,
    )


def workbook_id(wb: Handle) -> str:
    """The id this workbook was given when it was made (kept by its copies and backups)."""
    return schema.workbook_id(wb.conn)


@guarded
def backup(wb: Handle, target: Path, *, whole_record: bool = True) -> Snapshot:
    """Write a consistent copy of the workbook to ``target``, also while other programs write to
    it (SQLite's online backup, in one step: one snapshot), check the copy as ``verify`` does
    (integrity, schema, journal chain, evidence hashes, fingerprints, seals), and only then put it
    in place (an earlier backup there is replaced at once, never half). The copy is one
    self-contained file (rollback journal; it becomes a write-ahead-log workbook again when
    opened). ``BackupProblems`` when the copy does not pass: nothing is kept.

    ``whole_record=False`` checks only that the copy is a sound SQLite file (the copy made before
    an upgrade keeps the workbook exactly as it was, problems included: ``verify`` reports them)."""
    target = Path(target)
    _refuse_target(target, wb.path, _("the backup"))
    if target.exists():
        _refuse_overwriting(target)
    return _checked_copy(wb.conn, target, _("the copy"), whole_record)


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (also through links), or would once made."""
    try:
        return a.resolve() == b.resolve() or os.path.samefile(a, b)
    except OSError:
        return False


def _refuse_target(target: Path, workbook: Path, what: str) -> None:
    """A file the store writes must never be the workbook or one of its own files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        if _same_file(target, Path(f"{workbook}{suffix}")):
            raise StoreError(
                _(
                    "{target}: is the workbook itself (or one of its files); {what} must be written "
                    "to another file"
                ).format(target=target, what=what)
            )
    if target.is_dir():
        raise StoreError(_("{target}: is a folder; give a file name").format(target=target))


def _refuse_overwriting(target: Path) -> None:
    """An existing file is replaced only when it is an earlier copy: a ddworkbook workbook that no
    program has open."""
    if not target.is_file() or target.is_symlink():
        raise StoreError(
            _("{target}: exists and is not a regular file; nothing was written").format(target=target)
        )
    if Path(f"{target}-wal").exists() or Path(f"{target}-shm").exists():
        raise StoreError(
            _("{target}: is a workbook in use (or not closed cleanly); it is not replaced").format(
                target=target
            )
        )
    try:
        with contextlib.closing(sqlite3.connect(connection.read_only_uri(target), uri=True)) as conn:
            app = conn.execute("SELECT value FROM meta WHERE key = 'application'").fetchone()
    except sqlite3.Error:
        app = None
    if app is None or app[0] != APPLICATION:
        raise StoreError(
            _("{target}: exists and is not a ddworkbook workbook; it is not overwritten").format(
                target=target
            )
        )


def _checked_copy(source: sqlite3.Connection, target: Path, what: str, whole_record: bool = True) -> Snapshot:
    """Copy the database of ``source`` (one consistent snapshot) to ``target`` by way of a temporary
    file beside it, check the copy, and rename it into place; nothing is kept when anything fails."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
    try:
        dst = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            source.backup(dst)  # all pages in one step: a snapshot, whoever writes meanwhile
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dst.close()
        with open(tmp, "rb+") as f:  # a file of our own making, not the workbook
            os.fsync(f.fileno())
        with connection.inspect(Handle, tmp) as copy:
            found = problems(copy) if whole_record else integrity_problems(copy.conn)
            wrong = list(itertools.islice(found, 50))
            made = snapshot(copy)._replace(path=target)
        if wrong:
            message = (
                _("{target}: {what} did not pass its check ({problem}); nothing was kept")
                if len(wrong) == 1
                else _(
                    "{target}: {what} did not pass its check ({problem}; and {more} more problems); "
                    "nothing was kept"
                )
            )
            raise BackupProblems(
                message.format(target=target, what=what, problem=wrong[0], more=len(wrong) - 1), wrong
            )
        os.replace(tmp, target)
        sync_folder(target.parent)
        return made
    except sqlite3.Error as e:
        raise StoreError(
            _("{target}: {what} could not be written ({e}); nothing was kept").format(
                target=target, what=what, e=e
            )
        ) from None
    except OSError as e:
        raise StoreError(
            _("{target}: {what} could not be written ({strerror}); nothing was kept").format(
                target=target, what=what, strerror=e.strerror
            )
        ) from None
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)


def restore(workbook: Path, backup: Path, *, busy_ms: int = DEFAULT_BUSY_MS) -> RestoreResult:
    """Put a backup in place of a workbook. The backup is copied and checked first (as ``verify``
    does); the current workbook, if any, is kept aside in its folder under a dated name
    (``<name>-before-restore-<date>.ddwb``), and only then replaced, while no other program has it
    open (refused otherwise), through SQLite's backup into the open file: it keeps its name and
    identity, so that nothing holding it is surprised. Nothing changes when anything fails."""
    workbook, backup = Path(workbook), Path(backup)
    if not backup.is_file():
        raise StoreError(_("{backup}: no backup file there").format(backup=backup))
    if _same_file(backup, workbook):
        raise StoreError(_("{backup}: is the workbook itself; give a backup of it").format(backup=backup))
    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    checked = workbook.with_name(f".{workbook.name}.restore-{os.urandom(4).hex()}.tmp")
    try:
        with connection.inspect(Handle, backup) as source:
            unknown = [n for n in applied_steps(source.conn) if n not in KNOWN_MIGRATIONS]
            if unknown:
                raise StoreError(
                    _("{backup}: was made by a newer version of ddworkbook; update the program").format(
                        backup=backup
                    )
                )
            _checked_copy(source.conn, checked, _("the backup"))
        if not workbook.exists():
            os.replace(checked, workbook)
            sync_folder(workbook.parent)
            with connection.inspect(Handle, workbook) as now:
                return RestoreResult(snapshot(now), None)
        aside = workbook.with_name(f"{workbook.stem}-before-restore-{stamp}{workbook.suffix or '.ddwb'}")
        conn = sqlite3.connect(str(workbook), timeout=busy_ms / 1000, isolation_level=None)
        try:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")  # held until the connection closes
            try:
                conn.execute("BEGIN EXCLUSIVE")
                conn.execute("COMMIT")
            except sqlite3.OperationalError:
                raise StoreError(
                    _(
                        "{workbook}: is open in another program (the desktop program?); close it there "
                        "and restore again; nothing was changed"
                    ).format(workbook=workbook)
                ) from None
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            _checked_copy(conn, aside, _("the copy of the current workbook"))
            with contextlib.closing(sqlite3.connect(str(checked), isolation_level=None)) as src:
                src.backup(conn)  # into the open workbook: all pages in one transaction
            conn.execute("PRAGMA journal_mode = WAL")  # the copy's header said rollback journal
        finally:
            conn.close()
        with connection.inspect(Handle, workbook) as now:
            return RestoreResult(snapshot(now), aside)
    except sqlite3.Error as e:
        raise StoreError(
            _("{workbook}: could not be restored ({e}); nothing was changed").format(workbook=workbook, e=e)
        ) from None
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{checked}{suffix}").unlink(missing_ok=True)


# -- rotating backups ----------------------------------------------------------------------------

KINDS = ("daily", "manual", "before-upgrade")
DEFAULT_KEEP = 10
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(\d{6})-(" + "|".join(KINDS) + r")\.ddwb$")


def backups_root() -> Path:
    env = os.environ.get("DDWORKBOOK_BACKUP_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("ddworkbook", appauthor=False)) / "backups"


def folder_for(workbook: Path, workbook_id: str) -> Path:
    """The folder that holds the backups of one workbook."""
    stem = re.sub(r"[^\w.-]+", "_", Path(workbook).stem)[:60] or "workbook"
    return backups_root() / f"{stem}-{workbook_id[:8] or 'unknown'}"


def name_for(kind: str, when: dt.datetime) -> str:
    if kind not in KINDS:
        raise ValueError(kind)
    return f"{when:%Y-%m-%d-%H%M%S}-{kind}.ddwb"


def existing(folder: Path) -> list[Path]:
    """The backups in a folder, oldest first (by the time in their names)."""
    try:
        names = [p for p in folder.iterdir() if _NAME.match(p.name) and p.is_file()]
    except OSError:
        return []
    return sorted(names, key=lambda p: p.name)


def made_on(path: Path) -> dt.date | None:
    m = _NAME.match(path.name)
    return dt.date.fromisoformat(m.group(1)) if m else None


def due(folder: Path, today: dt.date) -> bool:
    """Whether no backup of the workbook was made today (the desktop program then makes one)."""
    return not any(made_on(p) == today for p in existing(folder))


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove the oldest backups beyond the newest ``keep`` (at least one is always kept)."""
    old = existing(folder)[: -max(1, keep)]
    removed = []
    for path in old:
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            continue
    return removed


def make(
    workbook: Handle, kind: str, keep: int | None = DEFAULT_KEEP, when: dt.datetime | None = None
) -> Snapshot:
    """Make one rotating backup of an open workbook, checked, then keep the newest ``keep`` (None:
    remove none)."""
    folder = folder_for(workbook.path, workbook_id(workbook))
    made = backup(
        workbook, folder / name_for(kind, when or dt.datetime.now()), whole_record=kind != "before-upgrade"
    )
    if keep is not None:
        prune(folder, keep)
    return made
