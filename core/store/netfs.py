"""Whether a workbook lies on a network file system (an NFS or SMB share, a WebDAV or SSH mount...).

SQLite's write-ahead log shares memory (a memory-mapped ``-shm`` file) and file locks between the
programs that have a workbook open; network file systems do not give either reliably, so two people
opening the same workbook on a share can corrupt it (SQLite's own documentation: "WAL does not work
over a network filesystem"). The store asks ``network_file_system(path)`` before opening a workbook
for writing.

The platform tells in different ways; each way is one function, and the decision is one function
with the mount information passed in (``on_network(path, mounts)``), so that it can be tested
everywhere:
- Linux: the file-system type of the mount that holds the folder (``/proc/self/mountinfo``), tested.
- macOS: ``statfs()``: the ``MNT_LOCAL`` flag and the type name (``smbfs``, ``nfs``, ``afpfs``,
  ``webdav``); written from the manual page, not tested here.
- Windows: ``GetDriveTypeW`` says ``DRIVE_REMOTE`` for a mapped network drive, and a UNC path
  (``\\\\server\\share``) is one by its form; written from the documentation, not tested here.
Where the platform cannot tell, the answer is "not known to be a network file system".
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from core.i18n import _

# File-system types (as Linux names them) that reach another machine, or another system's disk
# through a protocol (9p and drvfs: Windows drives seen from WSL), where SQLite's locks and shared
# memory cannot be relied on.
NETWORK_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "ncp",
        "ncpfs",
        "afs",
        "openafs",
        "coda",
        "9p",
        "v9fs",
        "drvfs",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "beegfs",
        "ocfs2",
        "gfs2",
        "orangefs",
        "davfs",
        "webdav",
        "afpfs",
        "sshfs",
        "fuse.sshfs",
        "fuse.rclone",
        "fuse.davfs2",
        "fuse.s3fs",
        "fuse.glusterfs",
        "fuse.cephfs",
        "fuse.gcsfuse",
        "fuse.juicefs",
        "fuse.afpfs",
        "fuse.smbnetfs",
        "fuse.curlftpfs",
        "fuse.gvfsd-fuse",
    }
)


class Mount(NamedTuple):
    point: str  # where it is mounted
    fstype: str  # the file-system type, as the platform names it
    source: str = ""  # what is mounted (a device, or server:/export, //server/share)


def on_network(path: str, mounts: Sequence[Mount]) -> Mount | None:
    """The mount holding ``path`` (an absolute, resolved path) when it is a network file system."""
    best: Mount | None = None
    for m in mounts:
        point = m.point.rstrip("/") or "/"
        inside = path == point or path.startswith(point if point.endswith("/") else point + "/")
        if inside and (best is None or len(point) > len(best.point.rstrip("/") or "/")):
            best = m
    if best is not None and best.fstype.lower() in NETWORK_TYPES:
        return best
    return None


def _unescape(field: str) -> str:
    """mountinfo escapes space, tab, newline and backslash as octal (``\\040``)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def parse_mountinfo(text: str) -> list[Mount]:
    """The mounts of a Linux ``/proc/<pid>/mountinfo`` text."""
    mounts = []
    for line in text.splitlines():
        fields = line.split(" ")
        if "-" not in fields:
            continue
        sep = fields.index("-")
        if sep < 5 or sep + 2 >= len(fields):
            continue
        mounts.append(Mount(_unescape(fields[4]), fields[sep + 1], _unescape(fields[sep + 2])))
    return mounts


def _linux_mounts() -> list[Mount]:
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as f:
            return parse_mountinfo(f.read())
    except OSError:
        return []


def _macos_mount(folder: str) -> Mount | None:  # pragma: no cover - not testable on Linux
    import ctypes
    import ctypes.util

    class StatFs(ctypes.Structure):
        _fields_ = [
            ("f_bsize", ctypes.c_uint32),
            ("f_iosize", ctypes.c_int32),
            ("f_blocks", ctypes.c_uint64),
            ("f_bfree", ctypes.c_uint64),
            ("f_bavail", ctypes.c_uint64),
            ("f_files", ctypes.c_uint64),
            ("f_ffree", ctypes.c_uint64),
            ("f_fsid", ctypes.c_int32 * 2),
            ("f_owner", ctypes.c_uint32),
            ("f_type", ctypes.c_uint32),
            ("f_flags", ctypes.c_uint32),
            ("f_fssubtype", ctypes.c_uint32),
            ("f_fstypename", ctypes.c_char * 16),
            ("f_mntonname", ctypes.c_char * 1024),
            ("f_mntfromname", ctypes.c_char * 1024),
            ("f_flags_ext", ctypes.c_uint32),
            ("f_reserved", ctypes.c_uint32 * 7),
        ]

    mnt_local = 0x00001000
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    statfs = getattr(libc, "statfs$INODE64", None) or libc.statfs  # 64-bit inodes on Intel Macs
    buf = StatFs()
    if statfs(os.fsencode(folder), ctypes.byref(buf)) != 0:
        return None
    fstype = buf.f_fstypename.decode(errors="replace")
    point = buf.f_mntonname.decode(errors="replace")
    source = buf.f_mntfromname.decode(errors="replace")
    if buf.f_flags & mnt_local:
        return None
    kind = fstype if fstype.lower() in NETWORK_TYPES else _("{type} (not local)").format(type=fstype)
    return Mount(point, kind, source)


def _windows_mount(folder: str) -> Mount | None:  # pragma: no cover - not testable on Linux
    import ctypes

    drive, _rest = os.path.splitdrive(folder)
    if drive.startswith(("\\\\", "//")):
        return Mount(drive, _("network share (UNC path)"), drive)
    if not drive:
        return None
    drive_remote = 4
    kind = ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")  # type: ignore[attr-defined]
    return Mount(drive, _("mapped network drive"), drive) if kind == drive_remote else None


def network_file_system(path: Path) -> Mount | None:
    """The network mount holding ``path`` (its folder, if the file does not exist yet), or None."""
    folder = Path(path).expanduser().absolute().parent
    try:
        resolved = str(folder.resolve())
    except OSError:
        resolved = str(folder)
    if sys.platform.startswith("linux"):
        return on_network(resolved, _linux_mounts())
    if sys.platform == "darwin":
        return _macos_mount(resolved)
    if sys.platform == "win32":
        return _windows_mount(resolved)
    return None
