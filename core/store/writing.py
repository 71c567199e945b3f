"""Writing files beside the workbook: atomically (a temporary file renamed into place, synced), never
over a workbook or one of its own files (closing such a file would drop SQLite's locks: see
``presence``), and making new names durable (``sync_folder``). For exports, reports, backups and new
workbooks.

Imports no other part of the store but ``presence``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from core.i18n import _
from core.lazy import lazy_import
from core.store import presence

if TYPE_CHECKING:
    from core import files
else:  # reading the user's files, writing exports: not needed to list the dossiers
    files = lazy_import("core.files")


def copy_exclusively(source: Path, target: Path) -> None:
    """Copy a file to a name where no file exists (``FileExistsError`` otherwise), synced to disk."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as f:
            shutil.copyfileobj(f, out)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def sync_folder(folder: Path) -> None:
    """Make a new name in ``folder`` durable (POSIX; elsewhere there is nothing to do)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _is_database(path: Path) -> bool:
    """Whether a file is an SQLite database (a workbook, or a backup). A file open in this process
    as a workbook is never opened here: closing it would drop SQLite's locks (core/store/presence.py)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    if presence.open_here(st):
        return True
    try:
        with open(path, "rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _workbook_in_the_way(target: Path) -> str | None:
    """Why a file may not be written: it is a workbook (open here or not) or a backup, or it has
    the name of a workbook's own files (``-wal``, ``-shm``, ``-journal``, which SQLite would read)."""
    for suffix in ("-wal", "-shm", "-journal"):
        if target.name.endswith(suffix) and _is_database(target.with_name(target.name[: -len(suffix)])):
            return "is the name of a workbook's own file; choose another file"
    if _is_database(target):
        return "is a workbook or a backup (an SQLite database); it is not written over: choose another file"
    return None


def write_atomically(target: Path, chunks: Iterator[bytes]) -> None:
    """Write a file via a temporary one and a rename, so a crash never leaves half a file.

    Only a regular file (or a symbolic link, which is replaced, not followed) is written over; every
    failure is a ``WriteError`` (an ``OSError``) that names ``target`` and says why in words."""
    target = Path(target)
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as e:
        raise files.write_error(e, target) from None
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        kind = (
            _("a folder")
            if stat.S_ISDIR(mode)
            else _("a device")
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else _("a special file")
        )
        raise files.WriteError(
            target, _("is {kind}, not a regular file; expected a file to write").format(kind=kind)
        )
    refusal = _workbook_in_the_way(target)
    if refusal:
        raise files.WriteError(target, refusal)
    tmp = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("xb") as f:  # "x": never through something planted under the temporary name
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except OSError as e:
        raise files.write_error(e, target) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
