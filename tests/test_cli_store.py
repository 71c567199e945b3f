"""The workbook commands of DESIGN.md section 5, as a user runs them."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import signal
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from core.cli import main
from tests.conftest import complete_example, dossier_dict, example


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DDWORKBOOK_WORKBOOK", str(tmp_path / "wb.ddwb"))

    def call(*argv: str) -> tuple[int, str, str]:
        status = main(list(argv))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return call


def _write(path: Path, data) -> Path:
    path.write_text(json.dumps(data), "utf-8")
    return path


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_a_new_users_session(run, tmp_path):
    folder = tmp_path / "dossiers"
    folder.mkdir()
    (folder / "sheet.pdf").write_bytes(b"%PDF datasheet")
    one = complete_example()  # the version 1 example with the Article 4 answers the version 2 rules need
    one["evidence"][0] = {"id": "ev1", "filename": "sheet.pdf", "path": "sheet.pdf"}
    _write(folder / "a.json", one)
    _write(
        folder / "b.json",
        [dossier_dict({"annex_i_listed": "yes"}, title="Listed scanner"), dossier_dict(title="Empty draft")],
    )
    status, out, err = run("import", *sorted(str(p) for p in folder.glob("*.json")))
    assert status == 0, err
    ids = out.split()
    assert len(ids) == 3

    status, out, _ = run("list", "--json")
    rows = json.loads(out)
    assert {r["title"] for r in rows} == {one["title"], "Listed scanner", "Empty draft"}
    assert set(rows[0]) == {
        "id",
        "title",
        "reference",
        "destination_country",
        "status",
        "outcome",
        "updated",
        "fingerprint",
        "holds",
    }
    by_title = {r["title"]: r for r in rows}
    assert by_title["Listed scanner"]["outcome"] == "annex_i_listed"

    first = ids[0]
    (tmp_path / "note.txt").write_text("meeting notes")
    status, out, err = run(
        "attach", first, str(tmp_path / "note.txt"), "--question", "covert", "--description", "Meeting notes"
    )
    assert status == 0, err
    assert out.startswith("ev2  note.txt  13 bytes")
    status, out, _ = run("assess", first, "--json")
    assert json.loads(out)["outcome"] == "notify_legitimate"
    status, out, _ = run("finalise", first, "--name", "J. Jansen", "--role", "Export manager")
    assert status == 0 and "keep the record until" in out
    status, out, _ = run("verify")
    assert status == 0 and "ok (3 dossiers" in out
    status, _, err = run("attach", first, str(tmp_path / "note.txt"))
    assert status == 2 and "finalised" in err
    assert run("export", first, "-o", str(tmp_path / "out.json"))[0] == 0
    exported = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert exported["sign_off"]["name"] == "J. Jansen"
    assert exported["answers"]["covert"]["evidence"] == ["ev2"]
    status, out, _ = run("list")
    assert "final" in out and "Listed scanner" in out


def test_list_json_fingerprint_matches_the_exported_dossier(run, tmp_path):
    from core.dossier import dossier_from_json, fingerprint

    _write(tmp_path / "a.json", example())
    _, out, _ = run("import", str(tmp_path / "a.json"))
    did = out.strip()
    run("export", did, "-o", str(tmp_path / "out.json"))
    _, out, _ = run("list", "--json")
    exported = dossier_from_json(json.loads((tmp_path / "out.json").read_text("utf-8")))
    assert json.loads(out)[0]["fingerprint"] == fingerprint(exported)


BAD = [
    ("malformed file", '{"format": ', "not valid JSON"),
    ("unknown answer key", dossier_dict({"covertt": "yes"}), "answers.covertt"),
    (
        "bad value in second of array",
        [dossier_dict(), dossier_dict({"covert": "sure"})],
        "[1].answers.covert",
    ),
    (
        "missing evidence file",
        dossier_dict(evidence=[{"id": "e", "filename": "x", "path": "missing.pdf"}]),
        "evidence[0].path",
    ),
]


@pytest.mark.parametrize(("case", "data", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_import_changes_nothing(run, tmp_path, case, data, words):
    good = _write(tmp_path / "good.json", dossier_dict(title="Good one"))
    bad = tmp_path / "bad.json"
    bad.write_text(data if isinstance(data, str) else json.dumps(data), "utf-8")
    run("import", str(tmp_path / "good.json"))
    _, before, _ = run("list", "--json")
    status, out, err = run("import", str(good), str(bad))  # the good file is not stored either
    assert status == 2 and out == ""
    assert len(err.splitlines()) == 1 and words in err
    _, after, _ = run("list", "--json")
    assert after == before


# ---------------------------------------------------------------------------- hostile files (issue 9)

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="named pipes, /dev and symlinks")


@pytest.fixture
def no_hang() -> Iterator[None]:
    """A command that would block (a named pipe) fails after 10 s instead of hanging the tests."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def alarm(*_: object) -> None:
        raise TimeoutError("blocked")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(10)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _dump(path: Path) -> list[str]:
    """Everything the workbook holds, as SQL text: equal dumps mean an unchanged workbook."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def hostile(run, tmp_path):
    """A workbook with one dossier (id "d1", a file attached) and a checker: the command exits 2
    with exactly one line naming what is wrong, no traceback, and the workbook is unchanged."""
    _write(tmp_path / "d1.json", dossier_dict(id="d1", title="Kept"))
    assert run("import", str(tmp_path / "d1.json"))[0] == 0
    (tmp_path / "kept.txt").write_text("kept")
    assert run("attach", "d1", str(tmp_path / "kept.txt"))[0] == 0
    wb = tmp_path / "wb.ddwb"

    def refused(argv: list[str], words: str) -> str:
        before = _dump(wb)
        status, _, err = run(*argv)
        lines = err.splitlines()
        assert status == 2, (status, err)
        assert len(lines) == 1 and lines[0].startswith("ddworkbook: error: "), err
        assert words in lines[0], lines[0]
        assert "internal error" not in err and "Traceback" not in err
        assert _dump(wb) == before
        return str(lines[0])

    return refused


def _dossier_file(folder: Path, evidence_path: str, name: str = "bad.json") -> Path:
    return _write(
        folder / name, dossier_dict(evidence=[{"id": "e1", "filename": "x.pdf", "path": evidence_path}])
    )


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text("TOPSECRET")
    return outside


def _link_to_file(tmp_path: Path, folder: Path) -> Path:
    (folder / "link.pdf").symlink_to(_outside(tmp_path) / "secret.txt")
    return _dossier_file(folder, "link.pdf")


def _link_to_folder(tmp_path: Path, folder: Path) -> Path:
    (folder / "linked").symlink_to(_outside(tmp_path))
    return _dossier_file(folder, "linked/secret.txt")


def _fifo_evidence(tmp_path: Path, folder: Path) -> Path:
    os.mkfifo(folder / "pipe.pdf")
    return _dossier_file(folder, "pipe.pdf")


def _folder_evidence(tmp_path: Path, folder: Path) -> Path:
    (folder / "sub").mkdir()
    return _dossier_file(folder, "sub")


def _huge_evidence(tmp_path: Path, folder: Path) -> Path:
    with (folder / "huge.iso").open("wb") as f:
        f.truncate(100 * 1024 * 1024 + 1)  # sparse
    return _dossier_file(folder, "huge.iso")


def _zero_evidence(tmp_path: Path, folder: Path) -> Path:
    (folder / "zero").symlink_to("/dev/zero")
    return _dossier_file(folder, "zero")


def _text(text: str) -> Callable[[Path, Path], Path]:
    def make(tmp_path: Path, folder: Path) -> Path:
        (folder / "bad.json").write_text(text, "utf-8")
        return folder / "bad.json"

    return make


def _data(data: Any) -> Callable[[Path, Path], Path]:
    return lambda tmp_path, folder: _write(folder / "bad.json", data)


def _fifo_file(tmp_path: Path, folder: Path) -> Path:
    os.mkfifo(folder / "pipe.json")
    return folder / "pipe.json"


def _huge_file(tmp_path: Path, folder: Path) -> Path:
    with (folder / "huge.json").open("wb") as f:
        f.truncate(64 * 1024 * 1024 + 1)
    return folder / "huge.json"


HOSTILE_IMPORTS: list[tuple[str, Callable[[Path, Path], Path], str]] = [
    (
        "lone surrogate",
        _text('{"format": "ddworkbook/dossier", "version": 1, "title": "ok", "stated_end_use": "\\ud800"}'),
        "stated_end_use: is not valid Unicode",
    ),
    (
        "5,000-digit number",
        _text(
            '{"format": "ddworkbook/dossier", "version": 1, "title": "ok", '
            '"evidence": [{"id": "e", "filename": "f", "size": %s}]}' % ("1" * 5000)
        ),
        "evidence[0].size: is a number of 5000 digits",
    ),
    (
        "size beyond SQLite",
        _data(dossier_dict(evidence=[{"id": "e", "filename": "f", "size": 2**63}])),
        "evidence[0].size: is a number out of range (at most 9223372036854775807)",
    ),
    (
        "sign-off in 9999",
        _data(dossier_dict(sign_off={"name": "A", "role": "B", "date": "9999-12-31"})),
        "sign_off.date: expected a date as YYYY-MM-DD between 1900-01-01 and 2199-12-31",
    ),
    (
        "sign-off in 1899",
        _data(dossier_dict(sign_off={"name": "A", "role": "B", "date": "1899-12-31"})),
        "sign_off.date:",
    ),
    (
        "added_at in year 1",
        _data(dossier_dict(evidence=[{"id": "e", "filename": "f", "added_at": "0001-01-01T00:00:00+00:00"}])),
        "evidence[0].added_at:",
    ),
    (
        "evidence id ../../x",
        _data(dossier_dict(evidence=[{"id": "../../x", "filename": "f"}])),
        "evidence[0].id: expected 1 to 64 letters, digits, '-' or '_'",
    ),
    (
        "evidence id /abs/path",
        _data(dossier_dict(evidence=[{"id": "/abs/path", "filename": "f"}])),
        "evidence[0].id:",
    ),
    ("dossier id with a slash", _data(dossier_dict(id="a/b")), "id: must not contain a path separator"),
    ("dossier id ..", _data(dossier_dict(id="..")), "id: must not be '.' or '..'"),
    ("dossier id with a control character", _data(dossier_dict(id="a\x1bb")), "id: must not contain control"),
    (
        "evidence path /etc/shadow",
        lambda t, f: _dossier_file(f, "/etc/shadow"),
        "evidence[0].path: is an absolute path",
    ),
    (
        "evidence path ../../etc/passwd",
        lambda t, f: _dossier_file(f, "../../etc/passwd"),
        "evidence[0].path: must not contain '..'",
    ),
    ("evidence path C:\\x", lambda t, f: _dossier_file(f, "C:\\x"), "evidence[0].path: is an absolute"),
    (
        "evidence path \\\\server\\share",
        lambda t, f: _dossier_file(f, "\\\\server\\share\\x"),
        "evidence[0].path: is an absolute",
    ),
    ("evidence symlink to a file outside", _link_to_file, "evidence[0].path:"),
    ("evidence symlink to a folder outside", _link_to_folder, "leads out of the dossier file's folder"),
    ("evidence symlink to /dev/zero", _zero_evidence, "leads out of the dossier file's folder"),
    ("evidence is a named pipe", _fifo_evidence, "pipe.pdf: is a named pipe (FIFO), not a regular file"),
    ("evidence is a folder", _folder_evidence, "sub: is a folder; expected an evidence file"),
    ("evidence over the limit", _huge_evidence, "over the limit of 100 MB for an evidence file"),
    ("dossier file is a named pipe", _fifo_file, "pipe.json: is a named pipe (FIFO), not a regular file"),
    ("dossier file is /dev/zero", lambda t, f: Path("/dev/zero"), "/dev/zero: is a device"),
    ("dossier file is a folder", lambda t, f: f, "is a folder; expected a dossier file"),
    ("dossier file over the limit", _huge_file, "over the limit of 64 MB for a dossier file"),
]


@posix_only
@pytest.mark.parametrize(("case", "make", "words"), HOSTILE_IMPORTS, ids=[h[0] for h in HOSTILE_IMPORTS])
def test_hostile_import_exits_2_and_changes_nothing(hostile, tmp_path, no_hang, case, make, words):
    folder = tmp_path / "dossiers"
    folder.mkdir()
    good = _write(folder / "good.json", dossier_dict(title="Good one"))
    bad = make(tmp_path, folder)
    line = hostile(["import", str(good), str(bad)], words)
    assert "TOPSECRET" not in line


def _pipe(folder: Path, name: str) -> str:
    os.mkfifo(folder / name)
    return str(folder / name)


def _enospc(*_a: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


HOSTILE_ARGUMENTS: list[tuple[str, Callable[[Path], list[str]], str]] = [
    (
        "export year 1",
        lambda t: ["finalise", "d1", "--name", "A", "--role", "B", "--export-year=1"],
        "--export-year: expected a year from 1900 to 2199, found 1",
    ),
    (
        "export year 2200",
        lambda t: ["finalise", "d1", "--name", "A", "--role", "B", "--export-year=2200"],
        "--export-year:",
    ),
    (
        "export year of 5,000 digits",
        lambda t: ["finalise", "d1", "--name", "A", "--role", "B", "--export-year=" + "9" * 5000],
        "--export-year",
    ),
    ("NUL in --workbook", lambda t: ["--workbook", str(t / "w\0b.ddwb"), "list"], "--workbook: "),
    ("NUL in FILE of import", lambda t: ["import", str(t / "a\0.json")], "NUL"),
    ("NUL in FILE of attach", lambda t: ["attach", "d1", str(t / "a\0.pdf")], "NUL"),
    ("NUL in -o of export", lambda t: ["export", "d1", "-o", str(t / "o\0.json")], "-o: "),
    ("NUL in -o of report", lambda t: ["report", "d1", "-o", str(t / "o\0.pdf")], "-o: "),
    ("NUL in an id", lambda t: ["export", "d\x001", "-o", str(t / "o.json")], "ID: "),
    ("not UTF-8 in an id", lambda t: ["duplicate", os.fsdecode(b"d\xff")], "ID: "),
    (
        "not UTF-8 in --name",
        lambda t: ["finalise", "d1", "--name", os.fsdecode(b"\xff"), "--role", "B"],
        "--name: ",
    ),
    ("blank --title", lambda t: ["duplicate", "d1", "--title", "   "], "--title: must not be blank"),
    ("empty --title", lambda t: ["duplicate", "d1", "--title", ""], "--title: must not be blank"),
    (
        "5,000-character --title",
        lambda t: ["duplicate", "d1", "--title", "x" * 5000],
        "--title: is 5000 characters long; expected 1 to 200",
    ),
    ("id with a separator to assess", lambda t: ["assess", "../../etc/passwd"], "../../etc/passwd: "),
    ("id with a separator to report", lambda t: ["report", "a/d1", "-o", str(t / "r.pdf")], "a/d1: "),
    (
        "id with a separator to export",
        lambda t: ["export", "../d1", "-o", str(t / "r.json")],
        "no dossier '../d1'",
    ),
    (
        "attach a named pipe",
        lambda t: ["attach", "d1", _pipe(t, "p")],
        "p: is a named pipe (FIFO), not a regular file",
    ),
    ("attach /dev/zero", lambda t: ["attach", "d1", "/dev/zero"], "/dev/zero: is a device"),
    ("attach a folder", lambda t: ["attach", "d1", str(t)], "is a folder; expected an evidence file"),
    ("attach a missing file", lambda t: ["attach", "d1", str(t / "none.pdf")], "none.pdf: file not found"),
    ("export into /proc", lambda t: ["export", "d1", "-o", "/proc/x.json"], "/proc/x.json: cannot write"),
    (
        "export below a file",
        lambda t: ["export", "d1", "-o", str(t / "kept.txt" / "x.json")],
        "kept.txt/x.json: cannot write",
    ),
    # never a real device here: a test that fails must not replace /dev/null
    (
        "export over a named pipe",
        lambda t: ["export", "d1", "-o", _pipe(t, "p.json")],
        "p.json: is a special file, not a regular file",
    ),
    (
        "report over a named pipe",
        lambda t: ["report", "d1", "-o", _pipe(t, "p.pdf")],
        "p.pdf: is a special file, not a regular file",
    ),
    ("report into /proc", lambda t: ["report", "d1", "-o", "/proc/x.pdf"], "/proc/x.pdf: cannot write"),
    (
        "report below a file",
        lambda t: ["report", "d1", "-o", str(t / "kept.txt" / "x.pdf")],
        "kept.txt/x.pdf: cannot write",
    ),
]


@posix_only
@pytest.mark.parametrize(("case", "argv", "words"), HOSTILE_ARGUMENTS, ids=[h[0] for h in HOSTILE_ARGUMENTS])
def test_hostile_arguments_exit_2_and_change_nothing(hostile, tmp_path, no_hang, case, argv, words):
    hostile(argv(tmp_path), words)


@pytest.mark.parametrize("value", ["abc", "-5", "1e3", str(10**30), "3600001", "٣"])
def test_a_bad_busy_timeout_is_named(hostile, monkeypatch, value):
    monkeypatch.setenv("DDWORKBOOK_BUSY_TIMEOUT_MS", value)
    hostile(["list"], "DDWORKBOOK_BUSY_TIMEOUT_MS: expected a whole number of milliseconds")


@pytest.mark.parametrize("command", ["export", "report"])
def test_a_full_disk_is_one_line_and_leaves_no_file(hostile, tmp_path, monkeypatch, command):
    """ENOSPC, simulated where the data reaches the disk (os.fsync) as on a real full disk."""
    monkeypatch.setattr(os, "fsync", _enospc)
    target = tmp_path / ("out.json" if command == "export" else "out.pdf")
    hostile([command, "d1", "-o", str(target)], "No space left on device")
    assert list(tmp_path.glob("out*")) == [] and list(tmp_path.glob(".out*")) == []


def test_a_duplicate_takes_a_good_title(run, hostile):
    status, _, _ = run("duplicate", "d1", "--title", "  Copy for Kenya ")
    assert status == 0
    _, listing, _ = run("list", "--json")
    assert {r["title"] for r in json.loads(listing)} == {"Kept", "  Copy for Kenya "}


@posix_only
@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_export_year_inside_the_range_sets_retention(run, hostile):
    status, out, err = run("finalise", "d1", "--name", "A", "--role", "B", "--export-year", "2199")
    assert status == 0, err
    assert "keep the record until 2204-12-31" in out


@posix_only
def test_a_file_name_that_is_not_utf8_is_attached_with_a_readable_name(run, hostile, tmp_path):
    name = tmp_path / os.fsdecode(b"caf\xe9.txt")
    name.write_text("notes")
    status, out, err = run("attach", "d1", str(name))
    assert status == 0, err
    assert "ev2  caf\ufffd.txt  5 bytes" in out
    exported = tmp_path / os.fsdecode(b"exp\xe9.json")
    status, _, err = run("export", "d1", "-o", str(exported))
    assert status == 0, err
    data = json.loads(exported.read_text("utf-8"))
    assert data["evidence"][1]["filename"] == "caf\ufffd.txt"
    # with evidence the folder's name goes into the file, so it must be text
    line = hostile(["export", "d1", "-o", str(exported), "--with-evidence"], "-o: ")
    assert "exp\\xe9.json" in line and "UTF-8" in line
    status, _, err = run("import", str(tmp_path / os.fsdecode(b"\xff.json")))
    assert status == 2 and "\\xff.json: file not found" in err


# ---------------------------------------------------------------------------- export with evidence


def _plant(tmp_path: Path, ids: list[str], filenames: list[str] | None = None) -> None:
    """Evidence rows with the given ids, written with raw SQL as an older version could have."""
    conn = sqlite3.connect(tmp_path / "wb.ddwb")
    sha, size = conn.execute("SELECT sha256, size FROM blobs").fetchone()
    for i, eid in enumerate(ids):
        conn.execute(
            "INSERT INTO evidence (dossier_id, evidence_id, position, filename, sha256, size, "
            "blob) VALUES ('d1', ?, ?, ?, ?, ?, ?)",
            (eid, 10 + i, (filenames or [])[i] if filenames else "f.txt", sha, size, sha),
        )
    conn.commit()
    conn.close()


@posix_only
def test_export_builds_file_names_only_from_safe_parts(run, hostile, tmp_path):
    work = tmp_path / "deep" / "er"
    work.mkdir(parents=True)
    victim = tmp_path / "victim"
    _plant(
        tmp_path,
        ["../../x", str(victim), "a\\b", "a/b", "..", "e" * 300, "ev1x"],
        ["f.txt", "g.txt", "..\\..\\h.txt", "h.txt", "/etc/passwd", "n" * 400 + ".pdf", "../.."],
    )
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    status, _, err = run("export", "d1", "-o", str(work / "out.json"), "--with-evidence")
    assert status == 0, err
    folder = work / "out-evidence"
    made = sorted(p for p in tmp_path.rglob("*") if str(p) not in before)
    assert all(p == work / "out.json" or p == folder or p.parent == folder for p in made), made
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 8  # the attached file and the seven planted ones, none overwriting another
    assert all(
        "/" not in n and "\\" not in n and not n.startswith(".") and len(n.encode()) <= 200 for n in names
    ), names
    assert all(p.read_text() == "kept" for p in folder.iterdir())
    data = json.loads((work / "out.json").read_text("utf-8"))
    for e in data["evidence"]:  # the stored ids are kept as they are; the paths are the safe names
        assert e["path"].startswith("out-evidence/") and (work / e["path"]).is_file()
    assert not victim.exists() and not (tmp_path / "x").exists()


@posix_only
@pytest.mark.parametrize(
    "obstacle", ["folder", "symlink", "fifo", "symlinked evidence folder", "evidence folder is a file"]
)
def test_export_refuses_what_is_in_the_way(hostile, tmp_path, obstacle):
    folder = tmp_path / "out-evidence"
    elsewhere = _outside(tmp_path)
    if obstacle == "symlinked evidence folder":
        folder.symlink_to(elsewhere)
    elif obstacle == "evidence folder is a file":
        folder.write_text("x")
    else:
        folder.mkdir()
        way = folder / "ev1-kept.txt"
        if obstacle == "folder":
            way.mkdir()
        elif obstacle == "symlink":
            way.symlink_to(elsewhere / "secret.txt")
        else:
            os.mkfifo(way)
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    line = hostile(["export", "d1", "-o", str(tmp_path / "out.json"), "--with-evidence"], "out-evidence")
    assert "in the way" in line or "not a folder" in line or "symbolic link" in line
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before
    assert (elsewhere / "secret.txt").read_text() == "TOPSECRET"


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "nosuchid", "-o", "x.json"],
        ["finalise", "nosuchid", "--name", "A", "--role", "B"],
        ["attach", "nosuchid", "x.pdf"],
        ["assess", "nosuchid"],
        ["finalise", "x"],
    ],
)
def test_bad_arguments_exit_2(run, argv):
    status, _, err = run(*argv)
    assert status == 2 and len(err.splitlines()) == 1


def test_refused_workbook_exits_2(tmp_path, capsys):
    junk = tmp_path / "junk.ddwb"
    junk.write_text("this is not a workbook " * 100)
    assert main(["--workbook", str(junk), "list"]) == 2
    assert "not a workbook" in capsys.readouterr().err
    assert main(["--workbook", str(tmp_path / "none.ddwb"), "verify"]) == 2


def test_verify_exits_1_listing_each_problem(run, tmp_path):
    import sqlite3

    _write(tmp_path / "a.json", dossier_dict())
    run("import", str(tmp_path / "a.json"))
    (tmp_path / "f.txt").write_text("evidence")
    _, out_list, _ = run("list", "--json")
    did = json.loads(out_list)[0]["id"]
    run("attach", did, str(tmp_path / "f.txt"))
    conn = sqlite3.connect(tmp_path / "wb.ddwb")
    conn.execute("DROP TRIGGER blobs_no_update")
    conn.execute("DROP TRIGGER blobs_no_change")
    conn.execute("UPDATE blobs SET data = X'00'")
    conn.execute("DROP TRIGGER journal_no_update")
    conn.execute("UPDATE journal SET actor = 'mallory' WHERE seq = 1")
    conn.commit()
    conn.close()
    status, out, _ = run("verify")
    assert status == 1
    problems = [line for line in out.splitlines() if line.startswith("PROBLEM: ")]
    assert problems == [
        "PROBLEM: schema: missing trigger 'journal_no_update'",
        "PROBLEM: schema: missing trigger 'blobs_no_update'",
        "PROBLEM: schema: missing trigger 'blobs_no_change'",
        "PROBLEM: journal: entry 1 was changed after it was written",
        f"PROBLEM: evidence: the file {did}/ev1 (f.txt) no longer matches its SHA-256",
    ]
    assert out.splitlines()[-1].startswith("5 problems found in ")


def test_a_full_disk_during_an_export_with_evidence_is_one_line(hostile, tmp_path, monkeypatch, capsys):
    import gc

    monkeypatch.setattr(os, "fsync", _enospc)
    assert main(["export", "d1", "-o", str(tmp_path / "out.json"), "--with-evidence"]) == 2
    gc.collect()  # an unfinished generator of evidence chunks must not complain when collected
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"ddworkbook: error: {tmp_path}/out-evidence/ev1-kept.txt: cannot write: "
        "No space left on device (the disk is full)"
    ]
    assert not (tmp_path / "out-evidence").exists() and not (tmp_path / "out.json").exists()


# ---------------------------------------------------------------- version 2: sign-off and the holds


@pytest.fixture
def held(run, tmp_path, fake_holds):
    """A stored draft "Held" with the holds end_user_missing and parties_not_screened (chosen for the
    test: the rules that give holds are tested with them), and its id."""
    _write(tmp_path / "held.json", dossier_dict(title="Held"))
    status, out, err = run("import", str(tmp_path / "held.json"))
    assert status == 0, err
    fake_holds["Held"] = ("end_user_missing", "parties_not_screened")
    return out.strip()


def test_finalise_is_refused_while_holds_remain(run, held, tmp_path):
    before = (tmp_path / "wb.ddwb").read_bytes()
    status, out, err = run("finalise", held, "--name", "A", "--role", "B")
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        f"ddworkbook: error: dossier '{held}' has holds to settle before it can be signed off: "
        "end_user_missing, parties_not_screened; settle them, or accept them with a reason "
        "(--accept-holds REASON)"
    ]
    assert (tmp_path / "wb.ddwb").read_bytes() == before
    _, listing, _ = run("list", "--json")
    assert json.loads(listing)[0]["status"] == "draft"


def test_finalise_accepts_holds_with_a_reason_and_records_it(run, held, tmp_path):
    reason = "the end user is the consignee; screened by the bank"
    status, out, err = run("finalise", held, "--name", "A", "--role", "B", "--accept-holds", reason)
    assert status == 0, err
    assert out.splitlines()[1:] == ["accepted holds: end_user_missing, parties_not_screened"]
    assert run("export", held, "-o", str(tmp_path / "out.json"))[0] == 0
    sign_off = json.loads((tmp_path / "out.json").read_text("utf-8"))["sign_off"]
    assert sign_off["accepted_holds"] == ["end_user_missing", "parties_not_screened"]
    assert sign_off["accepted_because"] == reason
    assert run("verify")[0] == 0


def test_outcome_incomplete_is_never_accepted_on_the_command_line(run, held, fake_holds):
    fake_holds["Held"] = ("outcome_incomplete", "end_user_missing")
    status, out, err = run("finalise", held, "--name", "A", "--role", "B", "--accept-holds", "urgent")
    assert (status, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert "outcome_incomplete" in err and "can never be accepted" in err and "--accept-holds" not in err


@pytest.mark.parametrize(
    ("holds", "reason", "words"),
    [
        (("end_user_missing",), " ", "--accept-holds: a reason is required"),
        ((), "why not", "has no holds to accept"),
    ],
)
def test_accept_holds_needs_a_reason_and_holds(run, held, fake_holds, holds, reason, words):
    fake_holds["Held"] = holds
    status, out, err = run("finalise", held, "--name", "A", "--role", "B", "--accept-holds", reason)
    assert (status, out) == (2, "") and len(err.splitlines()) == 1
    assert words in err


@pytest.mark.parametrize(
    ("transaction", "year", "expected"),
    [
        ({}, None, f"the end of the year of sign-off, {dt.date.today().year}"),
        ({"planned_export_date": "2027-02-15"}, None, "the end of the year of the planned export date, 2027"),
        (
            {"planned_export_date": "2027-02-15"},
            "2028",
            "the end of the export year recorded at sign-off, 2028",
        ),
        ({"export_date": "2029-01-02"}, "2028", "the end of the year of the export date, 2029"),
    ],
)
def test_finalise_says_which_rule_gave_the_retention_date(
    run, tmp_path, fake_holds, transaction, year, expected
):
    _write(tmp_path / "d.json", dossier_dict(title="Clear", version=2, transaction=transaction))
    did = run("import", str(tmp_path / "d.json"))[1].strip()
    extra = ["--export-year", year] if year else []
    status, out, err = run("finalise", did, "--name", "A", "--role", "B", *extra)
    assert status == 0, err
    assert f"{expected}, plus five years" in out.splitlines()[0]


def test_list_json_gives_the_holds_of_every_dossier(run, tmp_path, fake_holds):
    fake_holds["Held"] = ("destination_missing", "end_user_missing")
    _write(tmp_path / "d.json", [dossier_dict(title="Held"), dossier_dict(title="Clear")])
    run("import", str(tmp_path / "d.json"))
    _, out, _ = run("list", "--json")
    assert {r["title"]: r["holds"] for r in json.loads(out)} == {
        "Held": ["destination_missing", "end_user_missing"],
        "Clear": [],
    }


def test_assess_of_a_signed_off_dossier_says_who_signed_and_what_was_accepted(run, held):
    """`assess` of a finalised dossier still said "Before sign-off, settle these" (found walking the
    program in Dutch): a signed-off dossier has nothing left before sign-off; it says who signed it
    off and the holds accepted then, with the reason."""
    reason = "the end user is the consignee"
    assert (
        run("finalise", held, "--name", "A. Person", "--role", "Compliance", "--accept-holds", reason)[0] == 0
    )
    status, out, err = run("assess", held)
    assert status == 0, err
    assert "Before sign-off" not in out
    assert "Signed off by A. Person (Compliance) on " in out
    assert "Holds accepted at sign-off: No end user; Parties not screened. The reason given: " + reason in (
        " ".join(out.split())
    )
