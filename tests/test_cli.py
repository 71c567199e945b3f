"""`ddworkbook assess` (DESIGN.md section 5): output, exit status, and one-line errors."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from core.cli import main
from tests.conftest import DATA, complete_example, dossier_dict, example, example_v2
from tests.test_dossier import BAD_V2


def write(tmp_path: Path, data: Any, name: str = "d.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


# The README's example is a version 1 file without the Article 4 answers: the version 2 rules find it
# incomplete (DESIGN.md section 3), so these tests assess it with them answered (complete_example).


def test_assess_prints_the_outcome_in_plain_words(tmp_path, capsys):
    assert main(["assess", str(write(tmp_path, complete_example()))]) == 0
    out = capsys.readouterr().out
    assert "Outcome:    Notify the competent authority" in out
    assert "[notify_legitimate, decided at legitimacy" in out
    assert "Serious violations of human rights" in out and "Aware" in out
    assert "Government end user [government_end_user]" in out
    assert "Art. 5(2)" in out and "02021R0821-20251115" in out
    # what must be settled before sign-off, before the answers
    assert out.index("Before sign-off, settle these") < out.index("Answers that led here:")
    assert "- Parties not screened [parties_not_screened]: Screen every party" in out
    assert "- Answers without a rationale [rationale_missing]" in out
    assert "can never be accepted" not in out


def test_assess_says_when_nothing_holds_up_sign_off_and_what_can_never_be_accepted(tmp_path, capsys):
    assert main(["assess", str(DATA / "example-dossier-v2.json")]) == 0  # signed off, the hold accepted
    out = " ".join(capsys.readouterr().out.split())
    assert "Holds accepted at sign-off: Red flags present. The reason given:" in out
    assert "Before sign-off" not in out
    draft = example_v2()
    del draft["sign_off"]
    assert main(["assess", str(write(tmp_path, draft, "draft.json"))]) == 0
    out = capsys.readouterr().out
    assert "- Red flags present [red_flags_unresolved]: Resolve each red flag" in out
    data = example_v2()
    data["red_flags"] = []
    del data["sign_off"]
    assert main(["assess", str(write(tmp_path, data))]) == 0
    assert "Before sign-off: nothing to settle." in capsys.readouterr().out
    assert main(["assess", str(DATA / "example-dossier.json")]) == 0  # version 1, no Art. 4 answers
    out = capsys.readouterr().out
    assert "Outcome:    Incomplete" in out and "[incomplete, decided at art4: Article 4" in out
    assert "art4_informed: Has the competent authority informed you" in out
    assert "- The assessment is incomplete [outcome_incomplete] (can never be accepted):" in out


def test_assess_names_the_rule_steps_that_ask_no_questions(tmp_path, capsys):
    data = dossier_dict(destination_country="FR", parties=[{"role": "end_user", "country": "FR"}])
    assert main(["assess", str(write(tmp_path, data))]) == 0
    out = capsys.readouterr().out
    assert "[not_an_export, decided at scope: Scope: do the items leave the customs territory" in out
    assert "Check the exact place of destination [customs_territory]" in out


def test_assess_json_is_the_contract_form(tmp_path, capsys):
    assert main(["assess", str(write(tmp_path, complete_example())), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert list(result) == ["outcome", "decided_at", "missing", "warnings", "holds", "path", "explanation"]
    assert result["outcome"] == "notify_legitimate"
    assert result["holds"] == [
        "parties_not_screened",
        "red_flags_unresolved",
        "rationale_missing",
        "due_diligence_incomplete",
    ]
    assert result["path"][0] == {"question": "annex_i_listed", "answer": "no"}


def test_assess_incomplete_lists_what_is_missing(tmp_path, capsys):
    path = write(tmp_path, dossier_dict({"annex_i_listed": "no"}))
    assert main(["assess", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Incomplete" in out and "informed_by_authority:" in out


BAD_INPUTS: list[tuple[str, Any, str]] = [
    ("malformed JSON", '{"format": "ddworkbook/dossier",', "not valid JSON"),
    ("wrong format", {**dossier_dict(), "format": "x"}, "format:"),
    ("wrong version", {**dossier_dict(), "version": 7}, "version:"),
    ("unknown answer key", dossier_dict({"natural_person": "yes"}), "answers.natural_person:"),
    (
        "value outside the allowed",
        dossier_dict({"legitimate_purpose": "perhaps"}),
        "answers.legitimate_purpose:",
    ),
    ("bad country code", dossier_dict(destination_country="ZZ"), "destination_country:"),
    ("missing title", {"format": "ddworkbook/dossier", "version": 1}, "title:"),
    ("wrong type", dossier_dict(parties="none"), "parties:"),
    ("array of two", [dossier_dict(), dossier_dict()], "holds 2 dossiers"),
    # hostile files (issue 9): one line naming the field, never "internal error"
    (
        "lone surrogate",
        '{"format": "ddworkbook/dossier", "version": 1, "title": "\\ud800"}',
        "title: is not valid Unicode text",
    ),
    (
        "5,000-digit number",
        '{"format": "ddworkbook/dossier", "version": 1, "title": "x", '
        '"parties": [{"name": %s}]}' % ("7" * 5000),
        "parties[0].name: is a number of 5000 digits",
    ),
    (
        "number out of range",
        '{"format": "ddworkbook/dossier", "version": 1e999, "title": "x"}',
        "version: is a number out of range",
    ),
    (
        "date after 2199",
        dossier_dict(sign_off={"name": "A", "role": "B", "date": "9999-12-31"}),
        "sign_off.date:",
    ),
    (
        "date before 1900",
        dossier_dict(evidence=[{"id": "e", "filename": "f", "added_at": "0001-01-01T00:00:00"}]),
        "evidence[0].added_at:",
    ),
    (
        "evidence id with a path",
        dossier_dict(evidence=[{"id": "../../x", "filename": "f"}]),
        "evidence[0].id:",
    ),
    (
        "absolute evidence path",
        dossier_dict(evidence=[{"id": "e", "filename": "f", "path": "/etc/shadow"}]),
        "evidence[0].path:",
    ),
    ("dossier id with a separator", dossier_dict(id="../etc"), "id: must not contain a path separator"),
    ("newer version", {**dossier_dict(), "version": 3}, "version: version 3 is not supported (written by a"),
    (
        "version 1 with a version 2 section",
        dossier_dict(transaction={"value": 1}),
        "transaction: needs version 2 of the dossier format (this file is version 1)",
    ),
    (
        "version 1 with a version 2 field",
        dossier_dict(exporter={"customs_id": "NL812345678"}),
        "exporter.customs_id: needs version 2",
    ),
]


def _bad_v2(mutate: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = example_v2()
    mutate(data)
    return data


# every bad version 2 input of the reader's tests, through the command line (an infinite value, which
# JSON cannot hold, as the number too large for a double that a file can hold)
BAD_INPUTS += [
    (f"v2: {case}", _bad_v2(mutate), f"{field}: ")
    for case, mutate, field, _w in BAD_V2
    if case != "infinite value"
]
BAD_INPUTS.append(
    (
        "v2: value out of range",
        json.dumps(example_v2()).replace('"value": 125000.5', '"value": 1e999'),
        "transaction.value: is a number out of range",
    )
)


@pytest.mark.parametrize(("case", "data", "words"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, case, data, words):
    path = write(tmp_path, data)
    assert main(["assess", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("ddworkbook: error: ")
    assert words in lines[0]
    if not isinstance(data, list) and case != "malformed JSON":
        assert str(path) in lines[0]


@pytest.fixture
def no_hang() -> Iterator[None]:
    """A command that would block (reading a named pipe) fails after 10 s instead of hanging."""
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


def _fifo(tmp_path: Path) -> str:
    os.mkfifo(tmp_path / "pipe.json")
    return str(tmp_path / "pipe.json")


def _huge(tmp_path: Path) -> str:
    with (tmp_path / "huge.json").open("wb") as f:
        f.truncate(65 * 1024 * 1024)  # sparse
    return str(tmp_path / "huge.json")


BAD_FILES: list[tuple[str, Callable[[Path], str], str]] = [
    ("named pipe", _fifo, "pipe.json: is a named pipe (FIFO), not a regular file"),
    ("device", lambda _: "/dev/zero", "/dev/zero: is a device, not a regular file"),
    ("folder", lambda p: str(p), "is a folder; expected a dossier file"),
    ("over the limit", _huge, "huge.json: is 65 MB, over the limit of 64 MB for a dossier file"),
    ("NUL in the name", lambda p: str(p / "a\0b.json"), "NUL"),
    ("id with a separator is a path", lambda p: "../no/such/dossier", "../no/such/dossier: file not found"),
]


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes and /dev are POSIX")
@pytest.mark.parametrize(("case", "make", "words"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
@pytest.mark.parametrize("command", ["assess", "report"])
def test_special_files_exit_2_with_one_line(tmp_path, capsys, no_hang, command, case, make, words):
    argv = [command, make(tmp_path)] + (["-o", str(tmp_path / "out.pdf")] if command == "report" else [])
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("ddworkbook: error: "), captured.err
    assert words in lines[0] and "internal error" not in lines[0]
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="file names are bytes on POSIX only")
def test_a_file_name_that_is_not_utf8_reads_and_errors_print(tmp_path, capsysbinary):
    good = tmp_path / os.fsdecode(b"caf\xe9.json")
    good.write_text(json.dumps(example()), "utf-8")
    assert main(["assess", str(good), "--json"]) == 0
    bad = tmp_path / os.fsdecode(b"d\xe9faut.json")
    bad.write_text("{", "utf-8")
    assert main(["assess", str(bad)]) == 2
    err = capsysbinary.readouterr().err.decode("utf-8")
    assert err.count("\n") == 1 and "d\\xe9faut.json: not valid JSON" in err


def test_an_id_never_names_a_file_and_a_path_never_names_an_id(tmp_path, monkeypatch, capsys):
    """FILE|ID: an argument with a path separator or ending in .json is a file; anything else is the
    id of a stored dossier, even when a file of that name is in the current folder."""
    from core.store import Workbook

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DDWORKBOOK_WORKBOOK", str(tmp_path / "wb.ddwb"))
    with Workbook.open(tmp_path / "wb.ddwb") as wb:
        from core.dossier import dossier_from_json

        wb.import_dossiers([dossier_from_json(dossier_dict(id="kenya", title="Stored"))])
    (tmp_path / "kenya").write_text("not a dossier")  # a file named like the id
    assert main(["assess", "kenya"]) == 0
    assert "Dossier:    Stored" in capsys.readouterr().out
    assert main(["assess", "./kenya"]) == 2  # the file, which is no dossier
    assert "error: kenya: not valid JSON" in capsys.readouterr().err
    (tmp_path / "other").write_text("{}")
    assert main(["assess", "other"]) == 2
    err = capsys.readouterr().err
    assert "no dossier 'other'" in err and "./other" in err  # says how to name the file
    assert main(["report", "other", "-o", str(tmp_path / "other.pdf")]) == 2
    err = capsys.readouterr().err
    assert "no dossier 'other'" in err and "./other" in err and not (tmp_path / "other.pdf").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["assess", "no-such-file.json"],
        ["assess"],
        ["asses", "x.json"],
        ["assess", "x.json", "--jsn"],
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("ddworkbook: error: ")


def test_missing_file_is_named(capsys):
    assert main(["assess", "no-such-file.json"]) == 2
    assert "no-such-file.json: file not found" in capsys.readouterr().err


def test_installed_command_gives_no_traceback(tmp_path):
    """The real console script, as a user runs it: exit 2, one line, no traceback."""
    exe = shutil.which("ddworkbook", path=str(Path(sys.executable).parent))
    assert exe, "the ddworkbook console script is not installed next to this Python"
    bad = write(tmp_path, "[1, 2")
    proc = subprocess.run([exe, "assess", str(bad)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) == 1
    good = write(tmp_path, complete_example(), "good.json")
    proc = subprocess.run([exe, "assess", str(good), "--json"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["outcome"] == "notify_legitimate"


def test_gui_without_a_display_says_so(monkeypatch, capsys):
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert main(["gui", "--quit-after-startup"]) == 2
    assert "needs a graphical session" in capsys.readouterr().err


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_output_in_a_narrow_encoding_never_fails(tmp_path, encoding):
    """On Windows, output to a pipe is in the ANSI code page (cp1252): a Cyrillic party name or the
    Dutch "één" printed there raised UnicodeEncodeError (found reading the Windows build's smoke test).
    JSON goes out as UTF-8, the encoding JSON is defined in; plain text that the encoding cannot hold
    is written with escapes instead of failing."""
    d = complete_example()
    d["title"] = "Сделка Нордвинд"
    path = write(tmp_path, d, "cyrillic.json")
    env = {**os.environ, "PYTHONIOENCODING": encoding, "DDWORKBOOK_WORKBOOK": str(tmp_path / "wb.ddwb")}
    run = [sys.executable, "-c", "import sys; from core.cli import main; sys.exit(main())", "--lang", "en"]
    plain = subprocess.run([*run, "assess", str(path)], capture_output=True, env=env, timeout=60)
    assert plain.returncode == 0, plain.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in plain.stderr
    as_json = subprocess.run([*run, "import", str(path)], capture_output=True, env=env, timeout=60)
    assert as_json.returncode == 0, as_json.stderr.decode("utf-8", "replace")
    listed = subprocess.run([*run, "list", "--json"], capture_output=True, env=env, timeout=60)
    assert listed.returncode == 0, listed.stderr.decode("utf-8", "replace")
    assert json.loads(listed.stdout.decode("utf-8"))[0]["title"] == "Сделка Нордвинд"
    shown = subprocess.run([*run, "list"], capture_output=True, env=env, timeout=60)
    assert shown.returncode == 0 and b"Traceback" not in shown.stderr
