"""Network file systems are recognised from the mount information (core/store/netfs.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from core.store.netfs import Mount, network_file_system, on_network, parse_mountinfo

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


@pytest.mark.parametrize(
    ("path", "fstype"),
    [
        ("/mnt/office/dossiers/workbook.ddwb", "cifs"),
        ("/mnt/office", "cifs"),
        ("/home/anna/NAS share/workbook.ddwb", "nfs4"),
        ("/home/anna/remote/x/workbook.ddwb", "fuse.sshfs"),
        ("/mnt/c/Users/anna/workbook.ddwb", "9p"),
        ("/mnt/office/local/workbook.ddwb", None),  # a local disk mounted inside the share
        ("/mnt/office2/workbook.ddwb", None),  # a name that only starts like the share's
        ("/home/anna/workbook.ddwb", None),
        ("/", None),
    ],
)
def test_the_mount_holding_the_path_decides(path: str, fstype: str | None):
    found = on_network(path, parse_mountinfo(MOUNTINFO))
    assert (found.fstype if found else None) == fstype


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/mountinfo")
def test_this_machines_temporary_folder_is_local(tmp_path: Path):
    assert network_file_system(tmp_path / "workbook.ddwb") is None


# ---------------------------------------------------------------- the store on a network drive

SHARE = Mount("/mnt/office", "cifs", "//fileserver/compliance")


@pytest.fixture
def on_a_share(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every workbook looks as if it were on an SMB share (the mount information is faked)."""
    monkeypatch.setattr("core.store.netfs.network_file_system", lambda path: SHARE)


def _local_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from core.dossier import dossier_from_json
    from core.store import Workbook
    from tests.conftest import dossier_dict

    path = tmp_path / "wb.ddwb"
    with monkeypatch.context() as m:
        m.setattr("core.store.netfs.network_file_system", lambda path: None)
        with Workbook.open(path) as wb:
            wb.import_dossiers([dossier_from_json(dossier_dict(id="D", title="On the share"))])
    return path


def test_a_workbook_on_a_share_is_read_but_never_written(tmp_path, monkeypatch, on_a_share):
    from core.dossier import Answer
    from core.store import ReadOnlyError, Workbook

    path = _local_workbook(tmp_path, monkeypatch)
    before = path.read_bytes()
    with Workbook.open(path) as wb:
        assert wb.read_only
        assert [s.title for s in wb.summaries()] == ["On the share"]
        with pytest.raises(ReadOnlyError) as refused:
            wb.set_answer("D", "custom:x", Answer("y"))
    message = str(refused.value)
    assert "network drive (cifs //fileserver/compliance)" in message
    assert "keep the workbook on a local disk and back it up to the share" in message
    assert "nothing was changed" in message
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wb.ddwb"]  # no -wal, no -shm made there


def test_a_workbook_open_elsewhere_on_a_share_is_refused(tmp_path, monkeypatch, on_a_share):
    from core.store import StoreError, Workbook

    path = _local_workbook(tmp_path, monkeypatch)
    Path(f"{path}-wal").write_bytes(b"x" * 4096)  # another machine's program has it open
    with pytest.raises(StoreError, match=r"in use by another program, or was not closed cleanly"):
        Workbook.open(path)


def test_no_workbook_is_made_on_a_share(tmp_path, on_a_share):
    from core.store import ReadOnlyError, Workbook

    with pytest.raises(ReadOnlyError, match="cannot create a workbook there: it is on a network drive"):
        Workbook.open(tmp_path / "new.ddwb")
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_says_why_in_one_line(tmp_path, monkeypatch, capsys, on_a_share):
    from core.cli import main

    path = _local_workbook(tmp_path, monkeypatch)
    assert main(["--workbook", str(path), "list"]) == 0
    assert "On the share" in capsys.readouterr().out
    assert main(["--workbook", str(path), "duplicate", "D"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "network drive" in err
