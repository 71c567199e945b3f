"""Hostile and careless input to what version 2 added: the dossier format's new fields, the sign-off
with accepted holds, the screening commands and the sanctions list files. Each case is refused with
one line naming the field (exit 2, nothing stored), or is shown to be harmless."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from core.cli import main
from core.dossier import DossierError, dossier_from_json, dossier_to_json
from core.screening import ListFileError, parse_list
from core.store import Workbook
from tests.conftest import SHARED, example_v2

SAMPLES = SHARED / "data" / "sanctions"
EU_XML = SAMPLES / "eu-fsf-sample.xml"
EU_CSV = SAMPLES / "eu-fsf-sample.csv"
EU_NS = "http://eu.europa.ec/fpi/fsd/export"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"the samples are not at {SAMPLES}")


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DDWORKBOOK_WORKBOOK", str(tmp_path / "wb.ddwb"))

    def call(*argv: str) -> tuple[int, str, str]:
        status = main(list(argv))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return call


def _stored(path: Path) -> int:
    if not path.exists():
        return 0
    with sqlite3.connect(path) as c:
        return int(c.execute("SELECT count(*) FROM dossiers").fetchone()[0])


def _v2(**changes: Any) -> dict[str, Any]:
    data = example_v2()
    data.pop("id")
    for e in data["evidence"]:
        e.pop("path", None)
    data.update(changes)
    return data


def _refused(run, tmp_path: Path, data: dict[str, Any], field: str) -> str:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    status, out, err = run("import", str(path))
    assert status == 2, (out, err)
    assert err.count("\n") == 1 and "Traceback" not in err
    assert field in err, err
    assert _stored(tmp_path / "wb.ddwb") == 0
    return str(err)


# ---------------------------------------------------------------- the format: sign_off, customs id


def test_many_accepted_holds_are_read_in_linear_time():
    """The check that a hold is listed once compared each with all before it: 100,000 hold ids (a
    file of 1 MB) took minutes."""
    data = _v2()
    data["sign_off"]["accepted_holds"] = [f"hold_{i}" for i in range(100_000)]
    started = time.perf_counter()
    d = dossier_from_json(data)
    assert time.perf_counter() - started < 10
    assert d.sign_off is not None and len(d.sign_off.accepted_holds) == 100_000
    data["sign_off"]["accepted_holds"].append("hold_7")
    with pytest.raises(DossierError, match=r"sign_off\.accepted_holds\[100000\]: 'hold_7' is listed twice"):
        dossier_from_json(data)


@pytest.mark.parametrize(
    "customs_id",
    ["NL\x1b[31m812345678", "NL81234\n5678", "NL\x00812345678", "NL\u202e876543218", "x" * 1_000_000],
    ids=["escape", "newline", "nul", "bidi-override", "1MB"],
)
def test_a_customs_number_is_one_line_of_printable_characters(run, tmp_path, customs_id):
    data = _v2()
    data["exporter"]["customs_id"] = customs_id
    _refused(run, tmp_path, data, "exporter.customs_id")


def test_a_normal_customs_number_is_kept():
    data = _v2()
    data["exporter"]["customs_id"] = "DE 1234567 89012 (EORI)"
    assert dossier_from_json(data).exporter.customs_id == "DE 1234567 89012 (EORI)"


@pytest.mark.parametrize("because", ["\u200b", "\u200b \u2060\ufeff", "\u00a0\u3000"])
def test_a_reason_to_accept_holds_that_shows_nothing_is_blank(run, tmp_path, because):
    data = _v2()
    data["sign_off"]["accepted_because"] = because
    _refused(run, tmp_path, data, "sign_off.accepted_because")


# ---------------------------------------------------------------- the command line: finalise


@pytest.fixture
def draft(run, tmp_path) -> str:
    """A version 2 draft whose assessment holds red_flags_unresolved."""
    data = _v2(id="dd1")
    del data["sign_off"]
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(data), "utf-8")
    status, _out, err = run("import", str(path))
    assert status == 0, err
    status, out, _err = run("assess", "dd1", "--json")
    assert json.loads(out)["holds"] == ["red_flags_unresolved"]
    return "dd1"


def _final(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "wb.ddwb") as c:
        return int(c.execute("SELECT count(*) FROM dossiers WHERE status = 'final'").fetchone()[0])


@pytest.mark.parametrize(
    "args, words",
    [
        (["--accept-holds", "\u200b"], "--accept-holds"),
        (["--accept-holds", "\u2060\u200b\u00a0"], "--accept-holds"),
        (["--accept-holds", "x" * 1_000_001], "accepted_because"),
        (["--accept-holds", "ok", "--name", "n" * 1_000_001], "sign_off.name"),
        (["--accept-holds", "ok", "--role", "r" * 1_000_001], "sign_off.role"),
    ],
    ids=["invisible", "invisible-mixed", "reason-1MB", "name-1MB", "role-1MB"],
)
def test_finalise_refuses_what_its_own_export_could_not_import(run, tmp_path, draft, args, words):
    """A sign-off the file format refuses would give a record that exports but never imports again."""
    argv = ["finalise", draft, "--name", "N", "--role", "R"]
    status, out, err = run(*argv, *args)
    assert status == 2, (out[:200], err[:200])
    assert err.count("\n") == 1 and words in err, err[:300]
    assert _final(tmp_path) == 0


def test_a_finalised_dossier_with_accepted_holds_exports_and_imports_again(run, tmp_path, draft):
    status, _out, err = run("finalise", draft, "--name", "N", "--role", "R", "--accept-holds", "r" * 1000)
    assert status == 0, err
    out_file = tmp_path / "out.json"
    status, _out, err = run("export", draft, "-o", str(out_file))
    assert status == 0, err
    again = dossier_from_json(json.loads(out_file.read_text("utf-8")))
    assert again.sign_off is not None and again.sign_off.accepted_holds == ("red_flags_unresolved",)


# ---------------------------------------------------------------- the command line: screen, dispose


@needs_samples
@pytest.mark.parametrize(
    "name",
    ["", "   ", "!!!,,,...", "-", "\u0301\u0301\u0301", "\u202e", "?? / ??"],
    ids=["empty", "blank", "punctuation", "dash", "combining-only", "bidi-only", "placeholder"],
)
def test_a_name_with_nothing_to_screen_is_refused_not_reported_clean(run, name):
    """'No hit' for a name that has no letters or digits would be false assurance."""
    status, _out, err = run("lists", "import", str(EU_XML))
    assert status == 0, err
    status, out, err = run("screen", name)
    assert status == 2, out
    assert err.count("\n") == 1 and "nothing to screen" in err, err


@needs_samples
def test_a_name_of_10_mb_is_refused_at_once(run):
    status, _out, err = run("lists", "import", str(EU_XML))
    assert status == 0, err
    started = time.perf_counter()
    status, out, err = run("screen", "x" * 10_000_000)
    assert time.perf_counter() - started < 5
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "characters long" in err and len(err) < 500


@needs_samples
def test_rtl_and_combining_names_screen(run):
    status, _out, err = run("lists", "import", str(EU_XML))
    assert status == 0, err
    status, out, err = run("screen", "Vi\u0301ktor Zhuravlyov", "--json")
    assert status == 0, err
    assert [h["entry"] for h in json.loads(out)["hits"]] == ["EU.9001.01"]
    status, out, err = run("screen", "\u05d5\u05d9\u05e7\u05d8\u05d5\u05e8", "--json")  # Hebrew: no hit
    assert status == 0 and json.loads(out)["hits"] == [], err


@needs_samples
def test_a_party_with_nothing_to_screen_is_never_counted_as_screened(run, tmp_path):
    data = _v2(id="dd2")
    del data["sign_off"]
    del data["screening"]
    data["parties"][2]["name"] = "???"
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data), "utf-8")
    assert run("import", str(path))[0] == 0
    assert run("lists", "import", str(EU_XML))[0] == 0
    status, _out, err = run("screen", "dd2")
    assert status == 2 and err.count("\n") == 1, err
    assert "party 2" in err and "nothing to screen" in err
    with Workbook.open(tmp_path / "wb.ddwb") as wb:
        assert not wb.dossier("dd2").screening  # nothing recorded for any party


# ---------------------------------------------------------------- sanctions list files


def _eu_xml(body: bytes) -> bytes:
    return f'<export xmlns="{EU_NS}" generationDate="2026-11-20T10:00:00">'.encode() + body + b"</export>"


def test_a_deeply_nested_list_file_is_refused_early():
    """Valid XML nested a million deep is a few MB; every open element was kept (300 MB here,
    10 GB for a file at the size limit)."""
    n = 1_000_000
    data = _eu_xml(b"<a>" * n + b"</a>" * n)
    with pytest.raises(ListFileError, match="elements nested more than 64 deep"):
        parse_list(data, "deep.xml")


def test_the_elements_between_entries_are_not_kept():
    """Millions of empty elements beside the entries were all kept in memory (400 MB for 16 MB)."""
    import tracemalloc

    entity = (
        b'<sanctionEntity euReferenceNumber="EU.1.1" logicalId="1"><subjectType code="person"/>'
        b'<nameAlias wholeName="Jane Roe" strong="true"/></sanctionEntity>'
    )
    data = _eu_xml(entity + b"<a/>" * 500_000)
    tracemalloc.start()
    try:
        listed = parse_list(data, "flat.xml")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [e.entry_id for e in listed.entries] == ["EU.1.1"]
    assert peak < 30_000_000, peak


@needs_samples
def test_a_csv_with_a_bom_and_crlf_reads_as_the_sample(tmp_path):
    text = EU_CSV.read_text("utf-8-sig")
    path = tmp_path / "crlf.csv"
    path.write_bytes(("\ufeff" + "\r\n".join(text.splitlines()) + "\r\n").encode("utf-8"))
    assert parse_list(path.read_bytes(), path) == parse_list(EU_CSV.read_bytes(), EU_CSV)


@needs_samples
def test_a_formula_in_a_list_name_stays_text_everywhere(tmp_path, run):
    """A CSV cell such as =cmd|' /C calc'!A0 is a name like any other: stored, screened, recorded in a
    dossier, exported and put in the report as the text it is (the program writes no spreadsheet)."""
    formula = "=cmd|' /C calc'!A0"
    lines = EU_CSV.read_text("utf-8-sig").splitlines()
    cols = lines[0].split(";")
    first = lines[1].split(";")
    first[cols.index("NameAlias_WholeName")] = formula
    path = tmp_path / "formula.csv"
    path.write_text("\ufeff" + "\n".join([lines[0], ";".join(first), *lines[2:]]) + "\n", "utf-8")
    status, _out, err = run("lists", "import", str(path))
    assert status == 0, err
    status, out, err = run("screen", "cmd calc", "--json")
    assert status == 0, err
    assert formula in [h["name"] for h in json.loads(out)["hits"]]
    data = _v2(id="dd3")
    del data["sign_off"]
    del data["screening"]
    data["parties"][0] = {"role": "end_user", "name": "cmd calc"}
    dossier_file = tmp_path / "d.json"
    dossier_file.write_text(json.dumps(data), "utf-8")
    assert run("import", str(dossier_file))[0] == 0
    status, _out, err = run("screen", "dd3")
    assert status == 0, err
    exported = tmp_path / "out.json"
    assert run("export", "dd3", "-o", str(exported))[0] == 0
    records = json.loads(exported.read_text("utf-8"))["screening"]
    assert formula in [h["name"] for r in records for h in r["hits"]]
    assert dossier_to_json(dossier_from_json(json.loads(exported.read_text("utf-8"))))["screening"] == records
    status, _out, err = run("report", "dd3", "-o", str(tmp_path / "r.pdf"), "--no-draft")
    assert status == 0, err


@needs_samples
def test_control_characters_of_a_list_file_never_reach_the_terminal_or_a_dossier(tmp_path, run):
    """A CSV cell may hold an escape sequence (XML cannot): it would be printed by screen and lists as
    a command to the terminal (clear the screen, set its title, colour what follows), and kept in the
    dossier's screening records. A list's texts are read without control characters."""
    lines = EU_CSV.read_text("utf-8-sig").splitlines()
    cols = lines[0].split(";")
    first = lines[1].split(";")
    first[cols.index("NameAlias_WholeName")] = "Viktor \x1b[2J\x07ZHURAVLYOV\x9b31m"
    first[cols.index("Entity_EU_ReferenceNumber")] = "EU.\x1b[31m9001.01"
    path = tmp_path / "escapes.csv"
    path.write_text("\ufeff" + "\n".join([lines[0], ";".join(first), *lines[2:]]) + "\n", "utf-8")
    listed = parse_list(path.read_bytes(), path)
    entry = listed.entries[0]
    assert entry.entry_id == "EU. [31m9001.01"
    assert entry.names[0].text == "Viktor [2J ZHURAVLYOV 31m"
    status, _out, err = run("lists", "import", str(path))
    assert status == 0, err
    status, out, err = run("screen", "Viktor Zhuravlyov")
    assert status == 0, err
    assert "EU. [31m9001.01" in out
    assert not any(ch in out for ch in "\x1b\x07\x9b")


@pytest.mark.parametrize("version", ["yesterday", "2026-13-01T00:00:00Z", "26-11-2026", ""])
def test_a_list_file_whose_version_is_not_a_date_is_refused(tmp_path, version):
    """A list's version decides whether a file is newer than the list kept: one that is not a date
    replaced a newer list and put every draft on the screen-again list (found in review)."""
    from core.screening import ListFileError, read_list
    from tests.conftest import SHARED

    sample = SHARED / "data" / "sanctions" / "un-sample.xml"
    if not sample.is_file():
        pytest.skip(f"the samples are not at {sample.parent}")
    text = sample.read_text("utf-8")
    original = text.split('dateGenerated="', 1)[1].split('"', 1)[0]
    bad = tmp_path / "un.xml"
    bad.write_text(text.replace(f'dateGenerated="{original}"', f'dateGenerated="{version}"'), "utf-8")
    with pytest.raises(ListFileError) as refused:
        read_list(bad)
    assert "date" in str(refused.value)
