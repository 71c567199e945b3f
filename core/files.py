"""Reading the user's files safely: the one way every command reads a file it is given.

``open_input`` opens a dossier file or an evidence file without ever blocking or reading without end:
it refuses anything that is not a regular file (a named pipe, a device such as ``/dev/zero``, a
socket, a folder) before and after opening it, opens with ``O_NONBLOCK`` so that a named pipe
swapped in at the last moment cannot make it wait, refuses a file over the limit, and stops reading
at the limit even when the file grows while it is read. Every failure is an ``InputFileError``: one
line that names the file and says what was expected.

``printable`` turns a path (or any text) into something that can always be printed: file names that
are not valid UTF-8 arrive as lone surrogates (Python's ``surrogateescape``) and are shown as
``\\xNN``; control characters are shown the same way, so that a file name cannot break a line.

``evidence_path_problem`` and ``resolve_inside`` hold the rules for evidence paths in a dossier file
(DESIGN.md section 3): relative, no ``..``, no absolute path in POSIX or Windows form, and, after
symbolic links are resolved, inside the dossier file's folder.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path, PurePosixPath, PureWindowsPath

from core.i18n import _, formats, ngettext

MB = 1024 * 1024
DOSSIER_FILE_LIMIT = 64 * MB  # parsing JSON takes up to 25 times its size in memory (hostile files)
# (the limit for an evidence file is core.store.MAX_EVIDENCE_BYTES, 100 MB)
CHUNK = MB

# Flags that exist only on some systems: 0 where they do not.
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOCTTY = getattr(os, "O_NOCTTY", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SEPARATORS = re.compile(r"[\\/]")


class InputFileError(Exception):
    """A file given by the user cannot be read. ``reason`` says why, without the file's name."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = os.fspath(path)
        self.reason = reason
        super().__init__(f"{printable(self.path)}: {reason}")


class WriteError(OSError):
    """A file could not be written: ``reason`` says why in words, ``path`` is the file meant (not a
    temporary file beside it)."""

    def __init__(self, path: str | os.PathLike[str], reason: str, code: int = 0) -> None:
        super().__init__(code, reason, os.fspath(path))
        self.path = os.fspath(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{printable(self.path)}: {self.reason}"


def write_error(e: OSError, path: str | os.PathLike[str]) -> WriteError:
    """An ``OSError`` met while writing ``path``, as one line for people."""
    if isinstance(e, WriteError):
        return e
    code = e.errno or 0
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        reason = _("cannot write: {error} (the disk is full)").format(error=e.strerror)
    elif isinstance(e, FileExistsError | NotADirectoryError):
        reason = _("cannot write: a part of the path is a file, not a folder")
    elif isinstance(e, PermissionError):
        reason = _("cannot write: permission denied")
    elif code == errno.EROFS:
        reason = _("cannot write: the file system is read-only")
    else:
        reason = _("cannot write: {error}").format(error=e.strerror or e)
    return WriteError(path, reason, code)


def printable(text: str | os.PathLike[str]) -> str:
    """Text that can always be printed on one line: bytes of a file name that are not UTF-8 (and
    any other lone surrogate) and control characters are shown as escapes such as ``\\xe9``."""
    text = os.fspath(text)
    if not text.isascii():
        try:  # a file name's undecodable bytes, as surrogateescape keeps them
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # other lone surrogates (from JSON escapes, say)
            text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def readable_name(name: str) -> str:
    """A file name as it is kept in the record: valid UTF-8 text, with U+FFFD for bytes that are not
    UTF-8 (the name of a file on a disk is bytes, not text)."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        try:
            return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:
            return name.encode("utf-8", "replace").decode("utf-8")


def is_valid_text(text: str) -> bool:
    """Whether a string can be stored and printed as UTF-8 (it holds no lone surrogate)."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def amount(size: int) -> str:
    """A size for people: megabytes from one megabyte up, else bytes."""
    if size >= MB:
        return _("{size} MB").format(size=formats.number(size / MB, 1) if size % MB else size // MB)
    return ngettext("{size} byte", "{size} bytes", size).format(size=formats.number(size))


def _kind_problem(mode: int, what: str) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return _("is a folder; expected {what}").format(what=what)
    if stat.S_ISFIFO(mode):
        kind = _("a named pipe (FIFO)")
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = _("a device")
    elif stat.S_ISSOCK(mode):
        kind = _("a socket")
    else:
        kind = _("a special file")
    return _("is {kind}, not a regular file; expected {what}").format(kind=kind, what=what)


def _os_problem(e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        return _("file not found")
    if isinstance(e, NotADirectoryError):
        return _("file not found (a part of the path is a file, not a folder)")
    if isinstance(e, IsADirectoryError):
        return _("is a folder, not a file")
    if isinstance(e, PermissionError):
        return _("permission denied")
    return _("cannot read: {value}").format(value=e.strerror or e)


def _limit_problem(size: int, limit: int, what: str, grew: bool = False) -> str:
    message = (
        _("is {size}, over the limit of {limit} for {what} (it grew while it was read)")
        if grew
        else _("is {size}, over the limit of {limit} for {what}")
    )
    return message.format(size=amount(size), limit=amount(limit), what=what)


class InputFile:
    """A regular file open for reading that never yields more than ``limit`` bytes."""

    def __init__(self, fd: int, path: str, limit: int, what: str, size: int) -> None:
        self._file = os.fdopen(fd, "rb", buffering=0)
        self.path = path
        self.limit = limit
        self.what = what
        self.size = size  # as the file system gave it when the file was opened
        self._done = 0

    def read(self, size: int = -1, /) -> bytes:
        """At most ``size`` bytes (all that is left when negative); ``InputFileError`` once more
        than ``limit`` bytes have been read in all."""
        if size < 0:
            return self.read_all()
        room = self.limit + 1 - self._done  # one more than allowed, to notice a file that grew
        try:
            data = self._file.read(min(size, room)) if room > 0 else b""
        except OSError as e:
            raise InputFileError(self.path, _os_problem(e)) from None
        self._done += len(data or b"")
        if self._done > self.limit:
            raise InputFileError(self.path, _limit_problem(self._done, self.limit, self.what, grew=True))
        return data or b""

    def read_all(self) -> bytes:
        """The whole file: in one read of the size it had when opened (and one byte more, to notice
        growth), then in chunks for whatever it grew by, up to the limit."""
        chunks = [self.read(self.size + 1)]
        while chunks[-1] and (chunk := self.read(CHUNK)):
            chunks.append(chunk)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    def rewind(self) -> None:
        """Back to the start, to read the same file again."""
        self._file.seek(0)
        self._done = 0

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> InputFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# Descriptors of files that turned out to be a protected file (an open workbook's own): never
# closed, because closing any descriptor of a file drops every POSIX lock the process holds on it,
# SQLite's among them (see core/store/presence.py). Only a file swapped in between look and open lands here.
_kept_open: list[int] = []


def open_input(
    path: str | os.PathLike[str],
    *,
    limit: int,
    what: str,
    protected: Callable[[os.stat_result], str | None] | None = None,
) -> InputFile:
    """Open a user's file for reading: a regular file of at most ``limit`` bytes, or an
    ``InputFileError`` naming the file (``what`` is what was expected, e.g. "a dossier file").
    ``protected`` says why a file (its ``stat``) must not be read here, e.g. the open workbook itself:
    it is asked before the file is opened, and again of what was opened."""
    name = os.fspath(path)
    if "\0" in name:
        raise InputFileError(name, _("the name contains a NUL character; expected a file name"))
    try:
        before = os.stat(name)
        problem = _kind_problem(before.st_mode, what) or (protected and protected(before))
    except OSError as e:
        raise InputFileError(name, _os_problem(e)) from None
    except ValueError as e:
        raise InputFileError(name, _("not a usable file name ({e})").format(e=e)) from None
    if problem:
        raise InputFileError(name, problem)  # refused before it is even opened
    try:
        fd = os.open(name, os.O_RDONLY | _O_NONBLOCK | _O_NOCTTY | _O_BINARY)
    except OSError as e:
        raise InputFileError(name, _os_problem(e)) from None
    try:
        st = os.fstat(fd)  # what was opened, which may not be what was looked at
        if protected and (problem := protected(st)):
            _kept_open.append(fd)
            fd = -1
            raise InputFileError(name, problem)
        problem = _kind_problem(st.st_mode, what)
        if problem:
            raise InputFileError(name, problem)
        if st.st_size > limit:
            raise InputFileError(name, _limit_problem(st.st_size, limit, what))
        if _O_NONBLOCK:
            os.set_blocking(fd, True)
        return InputFile(fd, name, limit, what, st.st_size)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        raise


# ---------------------------------------------------------------------------- evidence paths


def evidence_path_problem(text: str) -> str | None:
    """Why ``text`` cannot be an evidence path of a dossier file (DESIGN.md section 3), or None.
    Both ``/`` and ``\\`` separate folders, so that a file written on Windows reads elsewhere."""
    if not text.strip():
        return _("must not be empty")
    if _CONTROL.search(text):
        return _("must not contain control characters")
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).anchor:
        return _("is an absolute path; expected a path relative to the dossier file's folder")
    if ".." in _SEPARATORS.split(text):
        return _("must not contain '..'; expected a path inside the dossier file's folder")
    return None


def resolve_inside(base: Path, relative: str) -> Path:
    """The file an evidence path names, with symbolic links resolved; ``InputFileError`` when the
    path is not acceptable or leads out of ``base`` (the dossier file's folder)."""
    problem = evidence_path_problem(relative)
    if problem:
        raise InputFileError(relative, problem)
    parts = [p for p in _SEPARATORS.split(relative) if p not in ("", ".")]
    folder = base.resolve()
    target = folder.joinpath(*parts)
    try:
        real = target.resolve()
    except (OSError, RuntimeError) as e:  # a loop of symbolic links
        raise InputFileError(target, _("cannot be resolved: {e}").format(e=e)) from None
    if not real.is_relative_to(folder):
        raise InputFileError(
            target,
            _("leads out of the dossier file's folder through a symbolic link; expected a file inside it"),
        )
    return real
