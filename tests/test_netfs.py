"""Network file systems are recognised from the mount information (core/netfs.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from core.netfs import Mount, network_file_system, on_network, parse_mountinfo

MOUNTINFO = r"""22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
60 27 0:52 / /mnt/office rw,relatime - cifs //fileserver/compliance rw,vers=3.1.1,cache=strict
61 27 0:53 / /mnt/office/local rw,relatime - ext4 /dev/vdb1 rw
62 27 0:54 / /home/anna/NAS\040share rw,relatime - nfs4 nas.example:/export/anna rw,vers=4.2
63 27 0:55 / /home/anna/remote rw,nosuid - fuse.sshfs anna@host:/srv rw,user_id=1000
64 27 0:56 / /mnt/c rw,noatime - 9p drvfs rw,dirsync,aname=drvfs;path=C:\
65 27 0:57 / /mnt/office2 rw,relatime - ext4 /dev/vdc1 rw
"""


def test_mountinfo_is_read_with_escaped_names():
    mounts = parse_mountinfo(MOUNTINFO)
    assert Mount("/home/anna/NAS share", "nfs4", "nas.example:/export/anna") in mounts
    assert Mount("/mnt/office", "cifs", "//fileserver/compliance") in mounts
    assert len(mounts) == 8


@pytest.mark.parametrize(("path", "fstype"), [
    ("/mnt/office/dossiers/workbook.ddwb", "cifs"),
    ("/mnt/office", "cifs"),
    ("/home/anna/NAS share/workbook.ddwb", "nfs4"),
    ("/home/anna/remote/x/workbook.ddwb", "fuse.sshfs"),
    ("/mnt/c/Users/anna/workbook.ddwb", "9p"),
    ("/mnt/office/local/workbook.ddwb", None),  # a local disk mounted inside the share
    ("/mnt/office2/workbook.ddwb", None),  # a name that only starts like the share's
    ("/home/anna/workbook.ddwb", None),
    ("/", None),
])
def test_the_mount_holding_the_path_decides(path: str, fstype: str | None):
    found = on_network(path, parse_mountinfo(MOUNTINFO))
    assert (found.fstype if found else None) == fstype


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/mountinfo")
def test_this_machines_temporary_folder_is_local(tmp_path: Path):
    assert network_file_system(tmp_path / "workbook.ddwb") is None
