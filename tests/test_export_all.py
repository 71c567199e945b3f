"""`export --all`: the whole record (every dossier, its evidence, the journal) as plain files that can
be read and checked without ddworkbook, following the README written into the folder."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core import contract
from core.cli import main
from core.dossier import dossier_from_json, read_dossier_file
from core.store import StoreError, Workbook
from core.store.record import README
from tests.conftest import chosen_holds, dossier_dict, example


def _fill(path: Path) -> None:
    data = example()
    data["id"] = "example"
    for e in data["evidence"]:
        e.pop("path", None)
    with Workbook.open(path) as wb:
        wb.import_dossiers(
            [dossier_from_json(data), dossier_from_json(dossier_dict(id="second", title="Ünïcode — second"))]
        )
        sheet = path.parent / "datasheet.pdf"
        sheet.write_bytes(b"%PDF-1.4 datasheet bytes")
        wb.attach("second", sheet, question="covert")
        with chosen_holds():  # signed off for what follows, whatever the holds
            wb.finalise("example", "J. Jansen", "Compliance officer")


def test_the_whole_record_can_be_read_and_checked_without_ddworkbook(tmp_path, capsys):
    path = tmp_path / "wb.ddwb"
    _fill(path)
    out = tmp_path / "record"
    assert main(["--workbook", str(path), "export", "--all", "-o", str(out), "--with-evidence"]) == 0
    assert "2 dossiers" in capsys.readouterr().out
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    # every file listed with its hash, and nothing else in the folder
    listed = {f["path"]: f for f in manifest["files"]}
    present = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"manifest.json"}
    assert set(listed) == present
    for rel, f in listed.items():
        data = (out / rel).read_bytes()
        assert (hashlib.sha256(data).hexdigest(), len(data)) == (f["sha256"], f["size"])
    # the README's own recipe checks the journal, run as a user would (a plain Python, no ddworkbook)
    recipe = re.search(r"\n    import hashlib, json\n(.*?)\n\n", README, re.S)
    assert recipe is not None
    code = "import hashlib, json\n" + "\n".join(line[4:] for line in recipe.group(1).splitlines())
    run = subprocess.run([sys.executable, "-I", "-c", code], cwd=out, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"journal intact; head {manifest['journal']['head']}"
    # the fingerprint as the README says, equal to list --json's
    assert main(["--workbook", str(path), "list", "--json"]) == 0
    fingerprints = {d["id"]: d["fingerprint"] for d in json.loads(capsys.readouterr().out)}
    v2_fields = (
        *("transaction", "screening", "authority_reply", "exporter.customs_id"),
        *("sign_off.export_year", "sign_off.accepted_holds", "sign_off.accepted_because"),
    )
    assert set(v2_fields) == set(contract.V2_FIELDS)
    assert all(f in " ".join(README.split()) for f in v2_fields)
    for d in manifest["dossiers"]:
        obj = json.loads((out / d["file"]).read_text("utf-8"))
        for e in obj.get("evidence", []):
            e.pop("path", None)
        if not any(
            f in obj if "." not in f else f.split(".")[1] in obj.get(f.split(".")[0], {}) for f in v2_fields
        ):
            obj["version"] = 1
        canonical = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        assert hashlib.sha256(canonical.encode()).hexdigest() == fingerprints[d["id"]]
    # the evidence file is there, under the name its dossier gives, with its hash
    second = json.loads((out / "dossiers" / "second.json").read_text("utf-8"))
    ev = second["evidence"][0]
    assert (out / "dossiers" / ev["path"]).read_bytes() == b"%PDF-1.4 datasheet bytes"
    # and the dossiers import again: the finalised one arrives finalised
    with Workbook.open(tmp_path / "again.ddwb") as again:
        for d in manifest["dossiers"]:
            again.import_dossiers(read_dossier_file(out / d["file"]), base_dir=(out / d["file"]).parent)
        assert again.get("example").frozen
        assert again.dossier("second").evidence[0].sha256 == ev["sha256"]


def test_export_all_wants_a_new_or_empty_folder_and_writes_all_or_nothing(tmp_path, monkeypatch, capsys):
    path = tmp_path / "wb.ddwb"
    _fill(path)
    full = tmp_path / "full"
    full.mkdir()
    (full / "mine.txt").write_text("keep")
    assert main(["--workbook", str(path), "export", "--all", "-o", str(full)]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert [p.name for p in full.iterdir()] == ["mine.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["--workbook", str(path), "export", "--all", "-o", str(empty)]) == 0
    assert (empty / "manifest.json").exists()

    from core.store import writing

    real = writing.write_atomically
    calls = []

    def failing(target: Path, chunks):  # the disk fills up half-way
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(target, chunks)

    monkeypatch.setattr(writing, "write_atomically", failing)
    with Workbook.open(path) as wb, pytest.raises(StoreError, match="No space left"):
        wb.export_all(tmp_path / "half")
    assert not (tmp_path / "half").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".half")]


@pytest.mark.parametrize("argv", [["export", "-o", "x"], ["export", "D", "--all", "-o", "x"]])
def test_export_needs_either_an_id_or_all(tmp_path, capsys, argv):
    assert main(["--workbook", str(tmp_path / "wb.ddwb"), *argv]) == 2
    assert "either a dossier ID" in capsys.readouterr().err
