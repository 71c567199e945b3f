"""Opening a workbook (issue 9): no command reads the whole file, damage is still refused where a command
meets it (and a write that meets it changes nothing), truncated or garbled files are refused at once,
an empty file is never turned into a workbook, and a workbook that cannot be written is opened
read-only."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from core.cli import main
from core.dossier import dossier_from_json
from core.store import DamagedError, IntegrityCheck, Order, ReadOnlyError, StoreError, Workbook, opening
from tests.conftest import REPO, dossier_dict, example

RARE = "quillwort"
PAGE = 4096


def _fill(path: Path, n: int, bulky: int = 0) -> list[str]:
    """A closed workbook of ``n`` dossiers (one has the word RARE in its title); their ids."""
    base = example()
    base.pop("evidence")
    base["answers"]["annex_i_listed"] = "no"  # without its evidence
    titles = [f"Dossier {i}" + (f" {RARE}" if i == n // 2 else "") for i in range(n)]
    dossiers = [
        dossier_from_json(dict(base, id=f"d{i:05d}", title=title, stated_end_use="x" * bulky or None))
        for i, title in enumerate(titles)
    ]
    with Workbook.open(path, actor="tester") as wb:
        return wb.import_dossiers(dossiers)


def _bytes_read() -> int:
    """Bytes this process has read through read() and pread() (Linux: /proc/self/io, rchar)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


@pytest.fixture(scope="module")
def sizes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sizes")
    small, large = folder / "small.ddwb", folder / "large.ddwb"
    _fill(small, 40, bulky=1500)
    _fill(large, 3000, bulky=1500)
    assert large.stat().st_size > 30 * small.stat().st_size
    return {"small": small, "large": large}


def _evidence(tmp_path: Path) -> Path:
    f = tmp_path / "note.txt"
    f.write_bytes(b"meeting notes")
    return f


OPERATIONS: dict[str, Callable[[Workbook, str, Path], object]] = {
    "open": lambda wb, did, f: None,
    "list --search RARE": lambda wb, did, f: wb.summaries(RARE),
    "count --search RARE": lambda wb, did, f: wb.count(RARE),
    "a page of the list": lambda wb, did, f: wb.summaries(limit=50),
    # issue 14: the list in any column's order, and a search in it, a page at a time
    "a page of the list by outcome": lambda wb, did, f: wb.page(order=Order("outcome", False), limit=50),
    "a page of the list by title, last first": lambda wb, did, f: wb.page(order=Order("title"), limit=50),
    "a page of a search by destination": lambda wb, did, f: wb.page(
        "dossier", order=Order("destination", False), limit=50
    ),
    "list --search RARE by status": lambda wb, did, f: wb.page(RARE, order=Order("status", False)),
    "assess ID": lambda wb, did, f: wb.dossier(did),
    "attach ID FILE": lambda wb, did, f: wb.attach(did, f),
}


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="counts bytes read through /proc/self/io")
@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_command_reads_no_more_of_a_large_workbook_than_of_a_small_one(sizes, tmp_path, operation):
    """Counted in bytes read, not in seconds: the same on every machine. A command that reads the whole
    file (a quick check on opening: 44 MB here) or walks every dossier (a search that does not start
    from the full-text index) reads megabytes more of the large workbook."""
    do = OPERATIONS[operation]
    evidence = _evidence(tmp_path)
    read: dict[str, int] = {}
    for name in ("small", "small", "large"):  # the first run loads the modules a command needs
        copy = tmp_path / f"{name}.ddwb"
        shutil.copyfile(sizes[name], copy)
        did = "d00020" if name == "small" else "d01500"
        start = _bytes_read()
        with Workbook.open(copy, actor="tester") as wb:
            if operation != "open":
                start = _bytes_read()
            do(wb, did, evidence)
            read[name] = _bytes_read() - start
        copy.unlink()
    # one more level in each b-tree the command looks into is allowed; the large file is 30 times larger
    assert read["large"] <= 2 * read["small"] + 64 * 1024, read


def test_the_search_starts_from_the_full_text_index(sizes):
    with Workbook.open(sizes["large"]) as wb:
        sql: list[str] = []
        wb.conn.set_trace_callback(sql.append)
        assert [s.id for s in wb.summaries(RARE)] == ["d01500"]
        wb.conn.set_trace_callback(None)
        [query] = [s for s in sql if s.startswith("SELECT d.id") and "MATCH" in s]
        plan = [row[3] for row in wb.conn.execute("EXPLAIN QUERY PLAN " + query)]
    assert any("dossiers_fts VIRTUAL TABLE" in step for step in plan), plan
    assert not [step for step in plan if step.split()[:2] == ["SCAN", "d"]], plan  # no walk over them


# ---------------------------------------------------------------- damage


def _root_page(path: Path, name: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0])
    finally:
        conn.close()


def _scribble(path: Path, page: int) -> bytes:
    """Overwrite one page of a closed workbook; its bytes afterwards."""
    assert not Path(f"{path}-wal").exists()
    raw = bytearray(path.read_bytes())
    raw[(page - 1) * PAGE : page * PAGE] = b"\x55" * PAGE
    path.write_bytes(bytes(raw))
    return bytes(raw)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    def call(path: Path, *argv: str) -> tuple[int, str, str]:
        status = main(["--workbook", str(path), *argv])
        out, err = capsys.readouterr()
        return status, out, err

    return call


def _damage_refused(status: int, err: str) -> bool:
    return (
        status == 2
        and err.count("\n") == 1
        and "the workbook is damaged" in err
        and "restore it from a backup" in err
        and "Traceback" not in err
    )


def test_damage_is_refused_by_the_commands_that_read_it(tmp_path, cli):
    path = tmp_path / "wb.ddwb"
    ids = _fill(path, 30)
    damaged = _scribble(path, _root_page(path, "dossiers"))
    for argv in (
        ["list"],
        ["list", "--search", RARE],
        ["assess", ids[3]],
        ["report", ids[3], "-o", str(tmp_path / "r.pdf")],
    ):
        status, _out, err = cli(path, *argv)
        assert _damage_refused(status, err), (argv, status, err)
    (tmp_path / "new.json").write_text(json.dumps(dossier_dict(title="New")), "utf-8")
    for argv in (["import", str(tmp_path / "new.json")], ["attach", ids[3], str(_evidence(tmp_path))]):
        status, _out, err = cli(path, *argv)
        assert _damage_refused(status, err), (argv, status, err)
    assert path.read_bytes() == damaged
    assert not Path(f"{path}-wal").exists()


@pytest.mark.usefixtures("fake_holds")  # finalise writes, whatever the holds
def test_a_write_that_meets_damage_half_way_changes_nothing(tmp_path, cli):
    """The journal is read last in a write, after the dossier's rows (and an attached file) have been
    written inside the transaction: all of it is rolled back. Listing does not read the journal."""
    path = tmp_path / "wb.ddwb"
    ids = _fill(path, 5)
    damaged = _scribble(path, _root_page(path, "journal"))
    status, out, err = cli(path, "list")
    assert status == 0 and out.count("Dossier") == 5, err
    (tmp_path / "new.json").write_text(
        json.dumps([dossier_dict(title=f"New {i}") for i in range(50)]), "utf-8"
    )
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(3 * 1024 * 1024))  # spills to the write-ahead log before the journal
    for argv in (
        ["import", str(tmp_path / "new.json")],
        ["attach", ids[1], str(big)],
        ["duplicate", ids[1]],
        ["finalise", ids[1], "--name", "A", "--role", "B"],
    ):
        status, _out, err = cli(path, *argv)
        assert _damage_refused(status, err), (argv, status, err)
        assert path.read_bytes() == damaged, argv
    with Workbook.open(path) as wb:
        assert wb.count() == 5
        with pytest.raises(DamagedError):
            wb.set_answer(ids[1], "covert", None)
        with pytest.raises(DamagedError):  # never reads the journal, but a workbook that has met
            wb.set_ui_page(ids[1], "definition")  # damage writes nothing more
    assert path.read_bytes() == damaged


def test_damage_met_on_an_open_workbook_is_a_store_error(tmp_path):
    """The desktop program keeps its workbook open: damage met later is a clear StoreError too."""
    path = tmp_path / "wb.ddwb"
    ids = _fill(path, 30)
    with Workbook.open(path) as wb:
        ev = wb.attach(ids[0], _evidence(tmp_path))
    _scribble(path, _root_page(path, "dossiers"))
    damaged = _scribble(path, _root_page(path, "blobs"))
    with Workbook.open(path) as wb:
        assert wb.conn.execute("PRAGMA cell_size_check").fetchone()[0] == 1
        for read in (
            wb.summaries,
            lambda: wb.summaries(RARE),
            lambda: wb.get(ids[0]),
            lambda: list(wb.evidence_chunks(ids[0], ev.id)),
        ):
            with pytest.raises(DamagedError, match=r"is damaged .*restore it from a backup"):
                read()
        with pytest.raises(DamagedError):
            wb.import_dossiers([dossier_from_json(dossier_dict())])
    assert path.read_bytes() == damaged


@pytest.mark.parametrize("how", ["whole pages cut off", "half a page cut off", "header garbled"])
def test_a_truncated_or_garbled_file_is_refused_before_anything_is_written(tmp_path, cli, how):
    path = tmp_path / "wb.ddwb"
    _fill(path, 30)
    raw = path.read_bytes()
    cut = {
        "whole pages cut off": raw[: -5 * PAGE],
        "half a page cut off": raw[: -PAGE // 2],
        "header garbled": raw[:16] + b"\x03\x00" + raw[18:],
    }[how]  # page size 768: not a power of 2
    path.write_bytes(cut)
    for argv in (["list"], ["verify"], ["import", str(REPO / "tests" / "data" / "example-dossier.json")]):
        status, _out, err = cli(path, *argv)
        if how == "header garbled":
            assert status == 2 and "not a workbook" in err and "header is damaged" in err, err
        else:
            assert _damage_refused(status, err), (argv, status, err)
    assert path.read_bytes() == cut
    assert not Path(f"{path}-wal").exists()


def test_the_background_check_and_read_only_opening_take_any_file_name(tmp_path, monkeypatch):
    """Both name the file in an SQLite URI, where '?', '#' and '%' mean something."""
    path = tmp_path / "a?b#c%41.ddwb"
    _fill(path, 3)
    assert IntegrityCheck(path).run() is None
    monkeypatch.setattr(opening, "_why_read_only", lambda p: "the file cannot be written")
    with Workbook.open(path) as wb:
        assert wb.read_only and wb.count() == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a?b#c%41.ddwb",
        "a?b#c%41.ddwb-shm",
        "a?b#c%41.ddwb-wal",
    ]


# ---------------------------------------------------------------- empty files, new workbooks


def test_an_empty_file_is_not_turned_into_a_workbook(tmp_path, cli):
    empty = tmp_path / "notes.ddwb"
    empty.touch()
    with pytest.raises(StoreError, match="is an empty file, not a workbook"):
        Workbook.open(empty)
    status, _out, err = cli(empty, "import", str(REPO / "tests" / "data" / "example-dossier.json"))
    assert status == 2 and "is an empty file, not a workbook" in err
    assert empty.stat().st_size == 0


def test_a_new_workbook_appears_whole_and_only_where_no_file_is(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "new.ddwb"
    with Workbook.open(path) as wb:
        assert wb.count() == 0 and not wb.read_only
    assert sorted(p.name for p in path.parent.iterdir()) == ["new.ddwb"]  # nothing left beside it
    # another program makes the file between the look and the making: theirs is kept
    theirs = tmp_path / "theirs.ddwb"
    _fill(theirs, 2)
    target = tmp_path / "raced.ddwb"
    real_link = os.link

    def first_someone_else(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        shutil.copyfile(theirs, dst)
        real_link(src, dst)

    monkeypatch.setattr(os, "link", first_someone_else)
    with Workbook.open(target) as wb:
        assert wb.count() == 2
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# ---------------------------------------------------------------- read-only workbooks


def _read_only_session(
    tmp_path: Path, run: Callable[..., tuple[int, str, str]], path: Path, did: str
) -> None:
    """Reading commands work; writing commands say plainly that nothing was changed."""
    before = path.read_bytes()
    status, out, err = run("list")
    assert status == 0 and "Dossier 2" in out, err
    status, out, err = run("list", "--search", RARE)
    assert status == 0 and RARE in out, err
    status, out, err = run("assess", did)
    assert status == 0 and "Outcome:" in out, err
    status, out, err = run("verify")
    assert status == 0 and "ok (5 dossiers" in out, err
    status, out, err = run("report", did, "-o", str(tmp_path / "out" / "r.pdf"))
    assert status == 0, err
    status, out, err = run("export", did, "-o", str(tmp_path / "out" / "x.json"))
    assert status == 0 and json.loads((tmp_path / "out" / "x.json").read_text("utf-8"))["id"] == did, err
    dossier = tmp_path / "out" / "new.json"
    dossier.write_text(json.dumps(dossier_dict(title="New")), "utf-8")
    for argv in (
        ["import", str(dossier)],
        ["attach", did, str(dossier)],
        ["duplicate", did],
        ["finalise", did, "--name", "A", "--role", "B"],
    ):
        status, _out, err = run(*argv)
        assert status == 2 and err.count("\n") == 1, (argv, err)
        assert "read-only" in err and "nothing was changed" in err, (argv, err)
        assert "not a workbook" not in err and "damaged" not in err, (argv, err)
    assert path.read_bytes() == before


def test_a_workbook_that_cannot_be_written_is_opened_read_only(tmp_path, cli, monkeypatch):
    """Runs for every user (root ignores permissions): the permission probe says no."""
    path = tmp_path / "wb.ddwb"
    ids = _fill(path, 5)
    (tmp_path / "out").mkdir()
    monkeypatch.setattr(opening, "_why_read_only", lambda p: f"its folder {p.parent} cannot be written")
    _read_only_session(tmp_path, lambda *argv: cli(path, *argv), path, ids[2])
    with Workbook.open(path) as wb:
        assert wb.read_only
        with pytest.raises(sqlite3.OperationalError, match="readonly"):  # the connection cannot write
            wb.conn.execute("DELETE FROM ui_state")
        with pytest.raises(ReadOnlyError, match=r"read-only \(its folder .* cannot be written\)"):
            wb.set_ui_page(ids[2], "definition")


_DROP = ("-dac_override", "-dac_read_search", "-fowner")


@pytest.mark.slow
@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_read_only_folder_or_file_for_real(
    tmp_path: Path, cli: Callable[..., tuple[int, str, str]], what: str
) -> None:
    """A user who cannot write the folder (or the file): chmod, with the commands run in this process
    when it is not root, or as root without the capabilities that override permissions."""
    folder = tmp_path / "shared"
    folder.mkdir()
    (tmp_path / "out").mkdir()
    path = folder / "wb.ddwb"
    ids = _fill(path, 5)
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root without setpriv: cannot drop the capabilities that ignore permissions")
        caps = ",".join(_DROP)

        def run(*argv: str) -> tuple[int, str, str]:
            proc = subprocess.run(
                [
                    "setpriv",
                    f"--inh-caps={caps}",
                    f"--bounding-set={caps}",
                    sys.executable,
                    "-m",
                    "core.cli",
                    "--workbook",
                    str(path),
                    *argv,
                ],
                capture_output=True,
                text=True,
                cwd=REPO,
                timeout=120,
            )
            return proc.returncode, proc.stdout, proc.stderr
    else:

        def run(*argv: str) -> tuple[int, str, str]:
            return cli(path, *argv)

    (folder if what == "folder" else path).chmod(0o555 if what == "folder" else 0o444)
    try:
        _read_only_session(tmp_path, run, path, ids[2])
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)
    if what == "folder":
        assert sorted(p.name for p in folder.iterdir()) == ["wb.ddwb"]


@pytest.fixture
def read_only_view(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A folder and a read-only view of it (a read-only bind mount: a read-only file system); root
    only."""
    rw, ro = tmp_path / "rw", tmp_path / "ro"
    rw.mkdir()
    ro.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a read-only file system needs root")
    bind = subprocess.run(["mount", "--bind", str(rw), str(ro)], capture_output=True, text=True)
    if bind.returncode != 0:
        pytest.skip(f"mount not permitted here: {bind.stderr.strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(ro)], check=True, capture_output=True)
        yield rw, ro
    finally:
        subprocess.run(["umount", "-l", str(ro)], check=True)


@pytest.mark.slow
def test_a_workbook_on_a_read_only_file_system(tmp_path, cli, read_only_view):
    rw, ro = read_only_view
    (tmp_path / "out").mkdir()
    ids = _fill(rw / "wb.ddwb", 5)
    _read_only_session(tmp_path, lambda *argv: cli(ro / "wb.ddwb", *argv), ro / "wb.ddwb", ids[2])
    assert IntegrityCheck(ro / "wb.ddwb").run() is None  # the desktop program's background check
    with pytest.raises(ReadOnlyError, match="cannot create a workbook there"):
        Workbook.open(ro / "new.ddwb")


@pytest.mark.slow
def test_sqlite_has_the_last_word_on_read_only(tmp_path, monkeypatch, read_only_view):
    """The permission probe can be wrong (ACLs, network file systems): SQLite's refusal counts."""
    rw, ro = read_only_view
    ids = _fill(rw / "wb.ddwb", 5)
    monkeypatch.setattr(opening, "_why_read_only", lambda p: None)
    with Workbook.open(ro / "wb.ddwb") as wb:
        assert wb.read_only and wb.count() == 5
        with pytest.raises(ReadOnlyError, match=r"read-only .*nothing was changed"):
            wb.set_ui_page(ids[0], "definition")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes a read-only file anyway")
def test_a_write_refused_by_sqlite_says_read_only(tmp_path, monkeypatch):
    path = tmp_path / "wb.ddwb"
    ids = _fill(path, 5)
    path.chmod(0o444)
    monkeypatch.setattr(opening, "_why_read_only", lambda p: None)
    with Workbook.open(path) as wb, pytest.raises(ReadOnlyError, match=r"read-only .*nothing was changed"):
        wb.set_ui_page(ids[0], "definition")


@pytest.mark.slow
def test_a_read_only_view_sees_a_change_made_meanwhile(tmp_path, read_only_view):
    """Read without locks (no -wal/-shm can be made there), a change by someone who can write the
    folder is found when the workbook is closed, instead of being read half before, half after."""
    rw, ro = read_only_view
    _fill(rw / "wb.ddwb", 5)
    with (
        pytest.raises(StoreError, match="changed by another program while it was being read"),
        Workbook.open(ro / "wb.ddwb") as reader,
    ):
        assert reader.read_only and reader.count() == 5
        with Workbook.open(rw / "wb.ddwb") as writer:  # the folder's owner, at the same moment
            writer.import_dossiers([dossier_from_json(dossier_dict())])
    with Workbook.open(ro / "wb.ddwb") as reader:
        assert reader.count() == 6
    # while a writer has it open, its -wal and -shm files are there: read through them, with locks
    with Workbook.open(rw / "wb.ddwb") as writer:
        writer.import_dossiers([dossier_from_json(dossier_dict())])
        with Workbook.open(ro / "wb.ddwb") as reader:
            assert reader.read_only and reader.count() == 7


@pytest.mark.slow
def test_a_read_only_workbook_left_with_changes_in_its_wal_is_refused_clearly(tmp_path, cli, read_only_view):
    rw, ro = read_only_view
    _fill(rw / "wb.ddwb", 5)
    crash = (
        "import os, sys\nfrom core.dossier import dossier_from_json\nfrom core.store import Workbook\n"
        "from tests.conftest import dossier_dict\nwb = Workbook.open(sys.argv[1])\n"
        "wb.import_dossiers([dossier_from_json(dossier_dict())])\nos._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", crash, str(rw / "wb.ddwb")], check=True, cwd=REPO)
    Path(f"{rw / 'wb.ddwb'}-shm").unlink()
    assert Path(f"{rw / 'wb.ddwb'}-wal").stat().st_size > 0
    status, _out, err = cli(ro / "wb.ddwb", "list")
    assert status == 2 and "was not closed cleanly" in err and "where it can be written" in err, err
