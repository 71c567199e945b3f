"""core.files: the one safe way to read a user's file, and the rules for evidence paths."""

from __future__ import annotations

import errno
import os
import signal
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.files import (
    InputFileError,
    evidence_path_problem,
    open_input,
    printable,
    readable_name,
    resolve_inside,
)

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="named pipes and /dev are POSIX")


@pytest.fixture
def no_hang() -> Iterator[None]:
    """A test that would block (a named pipe with no writer) fails after 5 s instead of hanging."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def alarm(*_: object) -> None:
        raise TimeoutError("blocked: the file was opened or read as if it were a regular file")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(5)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_a_regular_file_reads_whole(tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes(b"x" * 3_000_000)
    with open_input(path, limit=10_000_000, what="a dossier file") as f:
        assert f.size == 3_000_000
        assert f.read_all() == b"x" * 3_000_000
        f.rewind()
        assert f.read(10) == b"x" * 10


@posix_only
def test_a_named_pipe_is_refused_without_waiting(tmp_path, no_hang):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(InputFileError, match=r"pipe\.json: is a named pipe \(FIFO\), not a regular file"):
        open_input(fifo, limit=100, what="a dossier file")


@posix_only
def test_a_device_is_refused(no_hang):
    with pytest.raises(
        InputFileError, match="/dev/zero: is a device, not a regular file; expected an evidence file"
    ):
        open_input("/dev/zero", limit=100, what="an evidence file")


@posix_only
def test_a_socket_is_refused(tmp_path):
    path = Path("/tmp") / f"ddwb-{os.getpid()}.sock"  # socket paths must be short
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        try:
            with pytest.raises(InputFileError, match="is a socket, not a regular file"):
                open_input(path, limit=100, what="a dossier file")
        finally:
            path.unlink()


def test_a_folder_and_a_missing_file_are_named(tmp_path):
    with pytest.raises(InputFileError, match="is a folder; expected a dossier file"):
        open_input(tmp_path, limit=100, what="a dossier file")
    with pytest.raises(InputFileError, match=r"none\.json: file not found"):
        open_input(tmp_path / "none.json", limit=100, what="a dossier file")
    (tmp_path / "f").write_text("x")
    with pytest.raises(InputFileError, match="a part of the path is a file"):
        open_input(tmp_path / "f" / "g.json", limit=100, what="a dossier file")


def test_a_file_over_the_limit_is_refused_saying_the_limit(tmp_path):
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.truncate(65 * 1024 * 1024)  # sparse: no disk used
    with pytest.raises(
        InputFileError,
        match=r"big\.json: is 65 MB, over the limit of 64 MB for a "
        "dossier file",
    ):
        open_input(big, limit=64 * 1024 * 1024, what="a dossier file")


def test_reading_stops_at_the_limit_when_the_file_grows(tmp_path):
    path = tmp_path / "growing.log"
    path.write_bytes(b"12345")
    with open_input(path, limit=10, what="an evidence file") as f:
        with path.open("ab") as g:
            g.write(b"x" * 1000)  # grows after the size was checked
        with pytest.raises(InputFileError, match=r"over the limit of 10 bytes .*grew while it was read"):
            f.read_all()
        assert f._done == 11  # read one byte past the limit, not the whole file


def test_a_nul_in_the_name_is_refused(tmp_path):
    with pytest.raises(InputFileError, match="NUL character"):
        open_input(str(tmp_path / "a\0b.json"), limit=10, what="a dossier file")


def test_os_errors_become_one_line(tmp_path, monkeypatch):
    path = tmp_path / "a.json"
    path.write_text("{}")

    def refuse(*_a: object, **_k: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(InputFileError, match=r"a\.json: permission denied"):
        open_input(path, limit=10, what="a dossier file")


@posix_only
def test_a_file_name_that_is_not_utf8_is_shown_with_escapes(tmp_path):
    name = os.fsdecode(b"caf\xe9\n.json")
    assert printable(str(tmp_path / name)).endswith("caf\\xe9\\x0a.json")
    assert printable("\ud800") == "\\ud800"
    assert readable_name(os.fsdecode(b"caf\xe9.pdf")) == "caf\ufffd.pdf"
    assert readable_name("café.pdf") == "café.pdf"
    with pytest.raises(InputFileError) as e:
        open_input(tmp_path / name, limit=10, what="a dossier file")
    str(e.value).encode("utf-8")  # printable: no lone surrogate left


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/etc/shadow", "absolute path"),
        ("../../etc/passwd", "'..'"),
        ("docs/../../x", "'..'"),
        ("docs\\..\\..\\x", "'..'"),
        ("C:\\x", "absolute path"),
        ("C:x", "absolute path"),
        ("\\\\server\\share\\x", "absolute path"),
        ("\\x", "absolute path"),
        ("", "empty"),
        ("a\nb", "control characters"),
    ],
)
def test_evidence_paths_must_be_relative_and_stay_inside(path, words):
    problem = evidence_path_problem(path)
    assert problem is not None and words in problem


def test_evidence_paths_inside_are_accepted(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "sheet.pdf").write_text("x")
    assert evidence_path_problem("docs/sheet.pdf") is None
    assert resolve_inside(tmp_path, "docs/sheet.pdf") == (tmp_path / "docs" / "sheet.pdf").resolve()
    assert resolve_inside(tmp_path, "docs\\sheet.pdf") == (tmp_path / "docs" / "sheet.pdf").resolve()
    (tmp_path / "inner").symlink_to(tmp_path / "docs")  # a link that stays inside is fine
    assert resolve_inside(tmp_path, "inner/sheet.pdf") == (tmp_path / "docs" / "sheet.pdf").resolve()


def test_symbolic_links_leading_out_are_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_text("x")
    folder = tmp_path / "dossiers"
    folder.mkdir()
    (folder / "file").symlink_to(outside / "secret")
    (folder / "dir").symlink_to(outside)
    for rel in ("file", "dir/secret"):
        with pytest.raises(InputFileError, match="leads out of the dossier file's folder"):
            resolve_inside(folder, rel)
