"""The workbook commands of DESIGN.md section 5, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.cli import main
from tests.conftest import dossier_dict, example


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


def test_a_new_users_session(run, tmp_path):
    folder = tmp_path / "dossiers"
    folder.mkdir()
    (folder / "sheet.pdf").write_bytes(b"%PDF datasheet")
    one = example()
    one["evidence"][0] = {"id": "ev1", "filename": "sheet.pdf", "path": "sheet.pdf"}
    _write(folder / "a.json", one)
    _write(folder / "b.json", [dossier_dict({"annex_i_listed": "yes"}, title="Listed scanner"),
                               dossier_dict(title="Empty draft")])
    status, out, err = run("import", *sorted(str(p) for p in folder.glob("*.json")))
    assert status == 0, err
    ids = out.split()
    assert len(ids) == 3

    status, out, _ = run("list", "--json")
    rows = json.loads(out)
    assert {r["title"] for r in rows} == {one["title"], "Listed scanner", "Empty draft"}
    assert set(rows[0]) == {"id", "title", "reference", "destination_country", "status", "outcome",
                            "updated", "fingerprint"}
    by_title = {r["title"]: r for r in rows}
    assert by_title["Listed scanner"]["outcome"] == "annex_i_listed"

    first = ids[0]
    (tmp_path / "note.txt").write_text("meeting notes")
    status, out, err = run("attach", first, str(tmp_path / "note.txt"), "--question", "covert",
                           "--description", "Meeting notes")
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
    ("bad value in second of array", [dossier_dict(), dossier_dict({"covert": "sure"})],
     "[1].answers.covert"),
    ("missing evidence file",
     dossier_dict(evidence=[{"id": "e", "filename": "x", "path": "missing.pdf"}]),
     "evidence[0].path"),
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


@pytest.mark.parametrize("argv", [
    ["export", "nosuchid", "-o", "x.json"],
    ["finalise", "nosuchid", "--name", "A", "--role", "B"],
    ["attach", "nosuchid", "x.pdf"],
    ["assess", "nosuchid"],
    ["finalise", "x"],
])
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
