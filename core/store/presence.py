"""A workbook's presence lock: "this process has the workbook open", held where no other close can drop it.

Why. SQLite (unix VFS) holds POSIX record locks (``fcntl(F_SETLK)``) on the workbook while a
connection is open: a shared lock on the database file, and one on the "dead man's switch" byte of
the ``-shm`` file. POSIX record locks belong to the *process*, and closing *any* descriptor of a file
drops every lock the process holds on it. So when anything else in the process opens and closes the
workbook's files (Qt's file dialog sniffing file types, a copy routine, a script's ``open()``), the
process silently holds no lock any more. The next program that closes the workbook then gets the
exclusive lock, checkpoints, and deletes the ``-wal`` and ``-shm`` files that this process goes on
writing to: its later saves land in a deleted file and are lost at the next crash.

What. Beside SQLite's own locks, the workbook takes the same locks as *open file description* locks
(Linux ``F_OFD_SETLK``) on descriptors of its own: a read lock on SQLite's shared-lock bytes of the
database file (so that no other program can take the exclusive lock that checkpoint-and-delete on
close needs) and a read lock on the dead man's switch byte of the ``-shm`` file (so that no other
program believes it is the only user and re-initialises the shared memory). These locks belong to our
descriptors, not to the process: closing other descriptors of the same files does not drop them.
They conflict with the classic POSIX locks of other programs (SQLite's) exactly as SQLite's own shared
locks would, so they change nothing for anyone while SQLite's locks are intact.

The descriptors are shared by all workbooks of the process that have the same file open (counted),
and the lock is given up just before the last of them closes its SQLite connection, so that closing
still checkpoints and removes the ``-wal`` and ``-shm`` files as usual.

Platforms. Linux: open file description locks (kernel 3.15 and later). macOS and the BSDs have no
such locks; there ``flock()`` locks, which also belong to the descriptor and which these systems
check against ``fcntl`` locks, play the same part (written from their manuals; not tested here).
Windows is not affected (its locks belong to the handle) and takes no presence lock.

What is left. SQLite's *transient* locks (the write lock of a transaction in progress, the read mark
of a read in progress) are classic locks too; a descriptor of the ``-shm`` file closed by another
thread of the same process in the milliseconds of a transaction would still drop them. ddworkbook's
own code never opens the workbook's files except through SQLite (the store refuses them as
evidence).
"""

from __future__ import annotations

import contextlib
import errno
import os
import struct
import sys
import threading
import time
from pathlib import Path

# SQLite's lock bytes (os_unix.c / os.h): the shared-lock range of the database file, and the
# "dead man's switch" byte of the -shm file (UNIX_SHM_BASE 120 + SQLITE_SHM_NLOCK 8).
PENDING_BYTE = 0x40000000
SHARED_FIRST = PENDING_BYTE + 2
SHARED_SIZE = 510
SHM_DMS = 128

_LINUX = sys.platform.startswith("linux")
_BSD = sys.platform == "darwin" or "bsd" in sys.platform


Key = tuple[int, int]  # the workbook file's (device, inode)

_lock = threading.Lock()
_held: dict[Key, tuple[tuple[int, ...], int]] = {}  # the descriptors holding the lock, and its users
_files: dict[Key, set[tuple[int, int]]] = {}  # the identities of each open workbook's files


def _flock_struct(kind: int, start: int, length: int) -> bytes:
    """A ``struct flock`` in the platform's layout (the fields, then padding to its alignment)."""
    raw = struct.pack("@hhqqi", kind, os.SEEK_SET, start, length, 0)
    align = struct.calcsize("@q")
    return raw + b"\0" * (-len(raw) % align)


def _ofd_read_lock(fd: int, start: int, length: int, wait_s: float) -> None:
    import fcntl

    request = _flock_struct(fcntl.F_RDLCK, start, length)
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fcntl.fcntl(fd, fcntl.F_OFD_SETLK, request)
            return
        except OSError as e:
            # held for writing by another program for a moment (a checkpoint on close): wait
            if e.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() > deadline:
                raise
            time.sleep(0.005)


def _lock_file(path: Path, start: int, length: int, wait_s: float) -> int:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        if _LINUX:
            _ofd_read_lock(fd, start, length, wait_s)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_SH)
    except BaseException:
        os.close(fd)
        raise
    return fd


def supported() -> bool:
    """Whether this platform needs, and has, a presence lock."""
    return _LINUX or _BSD


def enter(db_path: Path, wait_s: float = 5.0) -> Key | None:
    """Take (or share) the presence lock of an open workbook; returns the key to ``leave`` with.

    Call it once SQLite holds its own shared lock (after the first read), so that the lock cannot
    conflict with anyone. None where the platform needs none, or the file cannot be locked (a file
    system without locks): SQLite's own locks are then all there is."""
    if not supported():
        return None
    try:
        st = os.stat(db_path)
    except OSError:
        return None
    key = (st.st_dev, st.st_ino)
    with _lock:
        if key in _held:
            held, users = _held[key]
            _held[key] = (held, users + 1)
            return key
        fds: list[int] = []
        try:
            fds.append(_lock_file(db_path, SHARED_FIRST, SHARED_SIZE, wait_s))
            shm = Path(str(db_path) + "-shm")
            if shm.exists():
                fds.append(_lock_file(shm, SHM_DMS, 1, wait_s))
        except OSError:
            for fd in fds:
                os.close(fd)
            return None
        _held[key] = (tuple(fds), 1)
        _files[key] = _identities(db_path)
        return key


def leave(key: Key | None) -> list[int]:
    """Give up one use of a presence lock. When it was the last, the lock is released at once and
    its descriptors are returned, to be closed (``close``) after the SQLite connection is closed:
    closing them earlier would drop SQLite's own locks before its connection has finished."""
    if key is None:
        return []
    import fcntl

    with _lock:
        fds, users = _held[key]
        if users > 1:
            _held[key] = (fds, users - 1)
            return []
        del _held[key]
        _files.pop(key, None)
    for fd in fds:
        with contextlib.suppress(OSError):
            if _LINUX:
                fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _flock_struct(fcntl.F_UNLCK, 0, 0))
            else:
                fcntl.flock(fd, fcntl.LOCK_UN)
    return list(fds)


def close(fds: list[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


def _identities(db_path: Path) -> set[tuple[int, int]]:
    found = set()
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            st = os.stat(str(db_path) + suffix)
            found.add((st.st_dev, st.st_ino))
    return found


def open_here(st: os.stat_result) -> bool:
    """Whether a file (its ``stat``) is a workbook open in this process, or one of its files: writing
    over it, or even opening and closing it, would lose work."""
    identity = (st.st_dev, st.st_ino)
    with _lock:
        return any(identity in ids for ids in _files.values())


def is_workbook_file(st: os.stat_result, db_path: Path) -> bool:
    """Whether a file (its ``stat``) is the workbook or its ``-wal``/``-shm``/``-journal`` file."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            other = os.stat(str(db_path) + suffix)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
            return True
    return False
