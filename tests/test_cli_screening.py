"""The screening commands of DESIGN.md section 5 (issue 13), as a user runs them: ``lists``, ``lists
import FILE``, ``screen NAME [--country CC] [--json]``, ``screen ID [--json]`` and ``dispose``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from core.cli import main
from tests.conftest import SHARED, chosen_holds, dossier_dict

SAMPLES = SHARED / "data" / "sanctions"
EU_XML = SAMPLES / "eu-fsf-sample.xml"
EU_CSV = SAMPLES / "eu-fsf-sample.csv"
UN_XML = SAMPLES / "un-sample.xml"
EU_VERSION = "2026-11-20T18:05:11.117+01:00"

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"the samples are not at {SAMPLES}")


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DDWORKBOOK_WORKBOOK", str(tmp_path / "wb.ddwb"))

    def call(*argv: str) -> tuple[int, str, str]:
        status = main(list(argv))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return call


@pytest.fixture
def loaded(run):
    for path in (EU_XML, UN_XML):
        status, _out, err = run("lists", "import", str(path))
        assert status == 0, err
    return run


def _dossier(tmp_path: Path, run, *parties: tuple[str, str], title: str = "Zhuravlev deal") -> str:
    path = tmp_path / f"{title}.json"
    path.write_text(
        json.dumps(dossier_dict(title=title, parties=[{"role": r, "name": n} for r, n in parties])), "utf-8"
    )
    status, out, err = run("import", str(path))
    assert status == 0, err
    return str(out.strip())


def test_lists_says_what_is_there(run):
    status, out, _ = run("lists")
    assert status == 0 and "No sanctions list" in out and "lists import FILE" in out
    status, out, err = run("lists", "import", str(EU_XML))
    assert status == 0, err
    assert out.splitlines()[0] == (
        f"eu_fsf: version {EU_VERSION} imported from eu-fsf-sample.xml "
        "(EU Financial Sanctions Files, XML 1.1): 5 entries, 14 names"
    )
    run("lists", "import", str(UN_XML))
    status, out, _ = run("lists")
    lines = out.splitlines()
    assert status == 0 and lines[0].split() == [
        "LIST",
        "VERSION",
        "ENTRIES",
        "NAMES",
        "IMPORTED",
        "(UTC)",
        "SOURCE",
    ]
    assert re.match(
        rf"eu_fsf +{re.escape(EU_VERSION)} +5 +14 +20\d\d-\d\d-\d\d \d\d:\d\d +EU Financial", lines[1]
    )
    assert (
        lines[2].startswith("un_sc ")
        and "2026-02-27T00:00:09.554Z" in lines[2]
        and "un-sample.xml" in lines[2]
    )


def test_a_newer_version_replaces_the_list_and_names_the_dossiers_to_screen_again(loaded, tmp_path):
    run = loaded
    did = _dossier(tmp_path, run, ("end_user", "Viktor Zhuravlev"))
    assert run("screen", did)[0] == 0
    newer = tmp_path / "eu-newer.xml"
    newer.write_text(EU_XML.read_text("utf-8").replace(EU_VERSION, "2026-12-01T09:00:00.000+01:00"), "utf-8")
    status, out, err = run("lists", "import", str(newer))
    assert status == 0, err
    assert f"replacing version {EU_VERSION}" in out
    assert "1 dossier was screened against another version of eu_fsf" in out
    assert re.search(rf"^  {did}  Zhuravlev deal$", out, re.M)
    assert run("screen", did)[0] == 0
    status, out, _ = run("lists", "import", str(newer))
    assert "screened against another version" not in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b"<?xml version='1.0'?><CONSOLIDATED_LIST dateGenerated='2026-01-01'><INDIVIDUALS>", "cut short"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "refused"),
        (b"fileGenerationDate;Entity_LogicalId\n20/11/2026;1\n", "missing the column"),
    ],
)
def test_a_refused_list_file_is_one_line_and_changes_nothing(loaded, tmp_path, content, expected):
    run = loaded
    before = run("lists")[1]
    bad = tmp_path / "bad-list.xml"
    bad.write_bytes(content)
    status, out, err = run("lists", "import", str(bad))
    assert status == 2 and out == ""
    assert len(err.splitlines()) == 1 and "bad-list.xml" in err and expected in err and "Traceback" not in err
    assert run("lists")[1] == before


def test_an_older_version_is_refused(loaded, tmp_path):
    run = loaded
    older = tmp_path / "eu-older.xml"
    older.write_text(EU_XML.read_text("utf-8").replace(EU_VERSION, "2026-01-01T09:00:00.000+01:00"), "utf-8")
    status, _out, err = run("lists", "import", str(older))
    assert status == 2 and "older than the version the workbook holds" in err and len(err.splitlines()) == 1


def test_screen_a_name_as_json_in_the_contract_shape(loaded):
    status, out, err = loaded("screen", "Viktor Zhuravlev", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert list(data) == ["query", "hits"] and data["query"] == "Viktor Zhuravlev"
    (hit,) = data["hits"]
    assert list(hit) == ["list", "entry", "name", "kind", "score", "why"]
    assert (hit["list"], hit["entry"], hit["name"], hit["kind"], hit["score"]) == (
        "eu_fsf",
        "EU.9001.01",
        "Victor Zhuravlev",
        "person",
        0.95,
    )
    assert "'Viktor' ~ 'Victor' (spelling)" in hit["why"]
    status, out, _ = loaded("screen", "ООО Нордвинд Сигнал", "--json")
    assert [(h["entry"], h["kind"]) for h in json.loads(out)["hits"]] == [("EU.9002.02", "entity")]
    assert json.loads(loaded("screen", "Rotterdam Freight Services", "--json")[1]) == {
        "query": "Rotterdam Freight Services",
        "hits": [],
    }


def test_screen_a_name_in_plain_words_with_a_country(loaded):
    status, out, err = loaded("screen", "Viktor Zhuravlev", "--country", "xs")
    assert status == 0, err
    assert "0.98  eu_fsf  EU.9001.01  person  Victor Zhuravlev" in out
    assert "citizenship XS as listed" in " ".join(out.split())
    status, out, _ = loaded("screen", "Rotterdam Freight Services")
    assert status == 0 and "No hit" in out
    status, _out, err = loaded("screen", "Viktor Zhuravlev", "--country", "Samplestan")
    assert status == 2 and "--country" in err


def test_screen_a_dossier_records_the_results_and_prints_the_contract_shape(loaded, tmp_path):
    run = loaded
    did = _dossier(
        tmp_path,
        run,
        ("end_user", "Viktor Zhuravlev"),
        ("consignee", "ООО Нордвинд Сигнал"),
        ("freight_forwarder", "Rotterdam Freight Services BV"),
    )
    status, out, err = run("screen", did, "--json")
    assert status == 0, err
    data = json.loads(out)
    assert list(data) == ["dossier", "parties"] and data["dossier"] == did
    assert [(p["party"], p["name"], [h["entry"] for h in p["hits"]]) for p in data["parties"]] == [
        (0, "Viktor Zhuravlev", ["EU.9001.01"]),
        (1, "ООО Нордвинд Сигнал", ["EU.9002.02"]),
        (2, "Rotterdam Freight Services BV", []),
    ]
    assert all(list(p) == ["party", "name", "hits"] for p in data["parties"])
    assert list(data["parties"][0]["hits"][0]) == ["list", "entry", "name", "kind", "score", "why"]
    exported = tmp_path / "out.json"
    assert run("export", did, "-o", str(exported))[0] == 0
    screening = json.loads(exported.read_text("utf-8"))["screening"]
    assert [(r["party"], r["list"], [h["disposition"] for h in r["hits"]]) for r in screening] == [
        (0, "eu_fsf", ["open"]),
        (0, "un_sc", []),
        (1, "eu_fsf", ["open"]),
        (1, "un_sc", []),
        (2, "eu_fsf", []),
        (2, "un_sc", []),
    ]
    status, out, _ = run("screen", did)
    assert status == 0
    assert "Party 0 (End user) Viktor Zhuravlev: 1 hit" in out and "[open]" in out
    assert "EU Financial Sanctions Files (version" in out and "eu_fsf 2026" not in out  # lists in words
    assert "Party 2 (Freight forwarder) Rotterdam Freight Services BV: no hit" in out


def test_dispose_records_the_decision_and_screening_again_keeps_it(loaded, tmp_path):
    run = loaded
    did = _dossier(tmp_path, run, ("end_user", "Viktor Zhuravlev"), ("consignee", "ООО Нордвинд Сигнал"))
    run("screen", did)
    status, out, err = run(
        "dispose",
        did,
        "--party",
        "0",
        "--entry",
        "EU.9001.01",
        "--as",
        "false_positive",
        "--note",
        "born 1990",
    )
    assert status == 0, err
    assert out.startswith(f"{did}: party 0 (Viktor Zhuravlev), entry EU.9001.01: false_positive")
    status, out, err = run(
        "dispose", did, "--party", "1", "--entry", "EU.9002.02", "--as", "match", "--note", "same"
    )
    assert status == 0, err
    status, out, _ = run("screen", did)
    assert "[false_positive: born 1990]" in out and "[match: same]" in out
    entries = [e for e in _journal(tmp_path) if e["dossier_id"] == did]
    assert [e["action"] for e in entries] == ["import", "screen", "dispose", "dispose", "screen"]


def _journal(tmp_path: Path) -> list[dict[str, object]]:
    folder = tmp_path / "record"
    assert main(["--workbook", str(tmp_path / "wb.ddwb"), "export", "--all", "-o", str(folder)]) == 0
    return [json.loads(line) for line in (folder / "journal.jsonl").read_text("utf-8").splitlines()]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--party", "0", "--entry", "QDi.001", "--as", "match", "--note", "x"], "no hit of entry"),
        (["--party", "5", "--entry", "EU.9001.01", "--as", "match", "--note", "x"], "party"),
        (["--party", "0", "--entry", "EU.9001.01", "--as", "match", "--note", " "], "note"),
        (["--party", "0", "--entry", "EU.9001.01", "--as", "open", "--note", "x"], "--as"),
        (["--party", "zero", "--entry", "EU.9001.01", "--as", "match", "--note", "x"], "--party"),
        (["--party", "0", "--entry", "EU.9001.01", "--as", "match"], "--note"),
    ],
)
def test_a_decision_that_cannot_be_made_is_one_line_and_changes_nothing(loaded, tmp_path, args, expected):
    run = loaded
    did = _dossier(tmp_path, run, ("end_user", "Viktor Zhuravlev"))
    run("screen", did)
    before = run("export", did, "-o", str(tmp_path / "before.json"))
    status, _out, err = run("dispose", did, *args)
    assert status == 2 and expected in err and len(err.splitlines()) == 1, err
    run("export", did, "-o", str(tmp_path / "after.json"))
    assert before[0] == 0
    assert (tmp_path / "before.json").read_text("utf-8") == (tmp_path / "after.json").read_text("utf-8")


def test_screening_without_lists_or_a_finalised_dossier_is_refused(run, tmp_path):
    did = _dossier(tmp_path, run, ("end_user", "Viktor Zhuravlev"))
    status, _out, err = run("screen", did)
    assert status == 2 and "no sanctions list" in err and "lists import" in err
    status, _out, err = run("screen", "Viktor Zhuravlev")
    assert status == 2 and "no sanctions list" in err
    run("lists", "import", str(EU_XML))
    with chosen_holds():  # signed off for what follows, whatever the holds
        assert run("finalise", did, "--name", "A. Person", "--role", "Compliance")[0] == 0
    status, _out, err = run("screen", did)
    assert status == 2 and "finalised" in err
    status, _out, err = run("screen", did, "--country", "NL")
    assert status == 2 and "--country" in err


def test_a_match_makes_the_outcome_restricted_party(loaded, tmp_path):
    run = loaded
    did = _dossier(tmp_path, run, ("end_user", "Viktor Zhuravlev"))
    run("screen", did)
    run("dispose", did, "--party", "0", "--entry", "EU.9001.01", "--as", "match", "--note", "same passport")
    out = run("assess", did, "--json")[1]
    assert json.loads(out)["outcome"] == "restricted_party"
    (row,) = json.loads(run("list", "--json")[1])
    assert row["outcome"] == "restricted_party"
    # the explanation names the list in words, not by its internal id
    explanation = json.loads(out)["explanation"]
    assert "(EU Financial Sanctions Files, entry EU.9001.01)" in explanation and "eu_fsf" not in explanation
