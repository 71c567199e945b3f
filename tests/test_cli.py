"""`ddworkbook assess` (DESIGN.md section 5): output, exit status, and one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from core.cli import main
from tests.conftest import DATA, dossier_dict, example


def write(tmp_path: Path, data: Any, name: str = "d.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_assess_prints_the_outcome_in_plain_words(capsys):
    assert main(["assess", str(DATA / "example-dossier.json")]) == 0
    out = capsys.readouterr().out
    assert "Outcome:    Notify the competent authority" in out
    assert "[notify_legitimate, decided at legitimacy" in out
    assert "Serious violations of human rights" in out and "Aware" in out
    assert "Government end user [government_end_user]" in out
    assert "Art. 5(2)" in out and "02021R0821-20251115" in out


def test_assess_json_is_the_contract_form(capsys):
    assert main(["assess", str(DATA / "example-dossier.json"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"outcome", "decided_at", "missing", "warnings", "path", "explanation"}
    assert result["outcome"] == "notify_legitimate"
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
    ("value outside the allowed", dossier_dict({"legitimate_purpose": "perhaps"}),
     "answers.legitimate_purpose:"),
    ("bad country code", dossier_dict(destination_country="ZZ"), "destination_country:"),
    ("missing title", {"format": "ddworkbook/dossier", "version": 1}, "title:"),
    ("wrong type", dossier_dict(parties="none"), "parties:"),
    ("array of two", [dossier_dict(), dossier_dict()], "holds 2 dossiers"),
]


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


@pytest.mark.parametrize("argv", [
    ["assess", "no-such-file.json"],
    ["assess"],
    ["asses", "x.json"],
    ["assess", "x.json", "--jsn"],
])
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
    good = write(tmp_path, example(), "good.json")
    proc = subprocess.run([exe, "assess", str(good), "--json"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["outcome"] == "notify_legitimate"


def test_gui_without_a_display_says_so(monkeypatch, capsys):
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert main(["gui", "--quit-after-startup"]) == 2
    assert "needs a graphical session" in capsys.readouterr().err
