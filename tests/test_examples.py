"""The example dossier shipped with the program (issue 15, point 4): a complete version 2 dossier that
walks the four steps, installed with the package and collected into the builds; and its Dutch twin
(issue 16), the same dossier with its texts and evidence in Dutch, offered when the program is in Dutch."""

from __future__ import annotations

import copy
import hashlib
import json
import re
import tomllib
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from core import i18n
from core.content import default_content
from core.contract import custom_text
from core.decision import assess
from core.dossier import read_dossier_file
from core.examples import example_dossier_file
from core.store import Workbook

REPO = Path(__file__).resolve().parent.parent


def test_the_example_is_shipped_in_the_resources_package():
    path = example_dossier_file()
    assert path.is_file()
    assert path.is_relative_to(REPO / "resources")


def test_the_example_is_a_version_2_dossier_that_walks_the_four_steps():
    data = json.loads(example_dossier_file().read_text(encoding="utf-8"))
    assert data["format"] == "ddworkbook/dossier" and data["version"] == 2
    assert "id" not in data  # each import makes a copy of its own
    assert "sign_off" not in data  # a draft to walk through and change
    [dossier] = read_dossier_file(example_dossier_file())
    assert dossier.title.startswith("Example: ")  # recognisable in the list
    assessment = assess(dossier)
    assert (assessment.outcome, assessment.decided_at) == ("notify_legitimate", "legitimacy")
    asked = [step.question for step in assessment.path]
    for question in ("annex_i_listed", "informed_by_authority", "art4_informed", "art4_aware"):
        assert question in asked  # step 1, the authority's notice and Article 4 answered
    for question in ("covert", "serious_hr_violations", "legitimate_purpose"):  # steps 2, 3 and 4
        assert question in asked
    # the lesson left to do: its parties are not screened yet (no sanctions list is imported at first)
    assert assessment.holds == ("parties_not_screened",)


def test_the_example_imports_with_its_evidence(tmp_path):
    path = example_dossier_file()
    with Workbook.open(tmp_path / "wb.ddwb") as wb:
        [first] = wb.import_batches([(path, read_dossier_file(path))])
        [second] = wb.import_batches([(path, read_dossier_file(path))])
        assert first != second  # a fresh copy each time
        stored = wb.dossier(first)
        assert {e.filename for e in stored.evidence} == {"end-user-statement.txt", "datasheet.txt"}


def test_the_package_data_installs_every_file_of_the_examples():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["resources"]
    resources = REPO / "resources"
    files = [p for p in (resources / "examples").rglob("*") if p.is_file()]
    assert len(files) >= 3
    for file in files:
        assert any(file.relative_to(resources).match(p) for p in patterns), file


# ---------------------------------------------------------------- the example in Dutch (issue 16)

EXAMPLES = REPO / "resources" / "examples"
# Common English words that are no Dutch words: none may be left in the Dutch example's texts.
ENGLISH_WORDS = {"the", "and", "with", "this", "that", "which", "are", "not", "for", "from", "by", "an", "to"}


def _read(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The example without its free texts (what must be the same in every language: the answers'
    values, codes, ids, names, amounts and dates) and its free texts by where they are."""
    data = copy.deepcopy(data)
    texts: dict[str, str] = {}

    def take(obj: dict[str, Any], key: str, where: str) -> None:
        if key in obj:
            texts[where] = obj.pop(key)

    take(data, "title", "title")
    take(data["item"], "description", "item.description")
    take(data, "stated_end_use", "stated_end_use")
    take(data["transaction"], "quantity", "transaction.quantity")
    content = default_content()
    kinds = {q.id: q.kind for q in content.questions}
    answers: dict[str, Any] = {}
    for key, answer in data.pop("answers").items():
        own = custom_text(key)
        if own is not None:  # the user's own question: its words are text too
            texts["answers.custom:.question"] = own
            key = "custom:"
        if not isinstance(answer, dict):
            answer = {"value": answer}
        if kinds.get(key, "text") == "text" and key != "annex_i_entries_considered":  # that one: codes
            take(answer, "value", f"answers.{key}.value")
        take(answer, "rationale", f"answers.{key}.rationale")
        answers[key] = answer
    data["answers"] = answers
    for name in ("red_flags", "mitigations"):
        for entry in data[name]:
            take(entry, "note", f"{name}.{entry['id']}.note")
    for entry in data["evidence"]:
        for key in ("filename", "path", "description", "sha256", "size"):  # the file is in Dutch
            take(entry, key, f"evidence.{entry['id']}.{key}")
    return data, texts


def test_each_language_has_its_example_and_any_other_has_the_english_one():
    english = EXAMPLES / "example-dossier.json"
    dutch = EXAMPLES / "example-dossier.nl.json"
    assert example_dossier_file("en") == english and example_dossier_file("nl") == dutch
    assert example_dossier_file("nl_NL.UTF-8") == dutch
    assert example_dossier_file("de") == english and example_dossier_file("C") == english
    assert example_dossier_file() == english  # the tests run in English
    with i18n.language("nl"):
        assert example_dossier_file() == dutch  # the current language's
        assert example_dossier_file("en") == english
    i18n.set_language("nl")
    assert example_dossier_file() == dutch  # the program's language


def test_a_language_without_an_example_of_its_own_has_the_english_one(monkeypatch, tmp_path):
    import resources

    folder = tmp_path / "resources"
    (folder / "examples").mkdir(parents=True)
    (folder / "examples" / "example-dossier.json").write_text("{}", encoding="utf-8")
    (folder / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(resources, "__file__", str(folder / "__init__.py"))
    assert example_dossier_file("nl") == folder / "examples" / "example-dossier.json"


def test_the_dutch_example_reaches_the_same_outcome_holds_and_path():
    [english] = read_dossier_file(example_dossier_file("en"))
    [dutch] = read_dossier_file(example_dossier_file("nl"))
    assert dutch.title.startswith("Voorbeeld: ")  # recognisable in the list
    for lang in ("en", "nl"):
        with i18n.language(lang):
            assert assess(dutch) == assess(english)  # outcome, holds, path, warnings, explanation
    assessment = assess(dutch)
    assert (assessment.outcome, assessment.decided_at) == ("notify_legitimate", "legitimacy")
    assert assessment.holds == ("parties_not_screened",)


def test_the_dutch_example_is_the_english_one_with_every_text_in_dutch():
    english, english_texts = _split(_read(EXAMPLES / "example-dossier.json"))
    dutch, dutch_texts = _split(_read(EXAMPLES / "example-dossier.nl.json"))
    assert dutch == english  # the same answers, values, codes, parties, amounts and dates
    assert set(dutch_texts) == set(english_texts)
    assert len(english_texts) >= 35  # the split found the texts
    for where, text in english_texts.items():
        if where.endswith((".sha256", ".size")):
            continue
        assert isinstance(dutch_texts[where], str) and dutch_texts[where].strip(), where
        assert dutch_texts[where] != text, f"{where} is the English text: {text!r}"
        words = set(re.findall(r"[a-z]+", dutch_texts[where].lower()))
        assert not words & ENGLISH_WORDS, f"{where}: {dutch_texts[where]!r}"
    own = [key for key in _read(EXAMPLES / "example-dossier.nl.json")["answers"] if custom_text(key)]
    assert own == ["custom:over dit voorbeeld"]


def test_the_dutch_example_s_evidence_is_in_dutch_beside_it():
    data = _read(EXAMPLES / "example-dossier.nl.json")
    english = {e["id"]: e for e in _read(EXAMPLES / "example-dossier.json")["evidence"]}
    for entry in data["evidence"]:
        path = PurePosixPath(entry["path"])
        assert not path.is_absolute() and ".." not in path.parts, path
        assert path.parts[:2] == ("evidence", "nl") and path.name == entry["filename"]
        file = EXAMPLES / path
        text = file.read_text(encoding="utf-8")
        assert text.startswith("VOORBEELD: ")
        assert text != (EXAMPLES / english[entry["id"]]["path"]).read_text(encoding="utf-8")
        words = set(re.findall(r"[a-z]+", text.lower()))
        assert not words & ENGLISH_WORDS, file.name
        if "sha256" in entry:  # as the English example: one file with its digest, to check on import
            assert entry["sha256"] == hashlib.sha256(file.read_bytes()).hexdigest()
            assert entry["size"] == file.stat().st_size


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_each_example_imports_with_its_evidence(tmp_path, lang):
    path = example_dossier_file(lang)
    files = {e["filename"] for e in _read(path)["evidence"]}
    with Workbook.open(tmp_path / "wb.ddwb") as wb:
        [dossier_id] = wb.import_batches([(path, read_dossier_file(path))])
        stored = wb.dossier(dossier_id)
        assert {e.filename for e in stored.evidence} == files and len(files) == 2
        given = {e["filename"]: path.parent / e["path"] for e in _read(path)["evidence"]}
        for e in stored.evidence:  # each file as it is beside the example
            assert b"".join(wb.evidence_chunks(dossier_id, e.id)) == given[e.filename].read_bytes()
