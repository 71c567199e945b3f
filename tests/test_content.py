"""Every content file loads; every citation resolves; every official quotation matches the corpus;
and the validator refuses each kind of content mistake."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from core import contract, countries
from core.content import (
    CONTENT_FILES,
    ContentError,
    _read_outcomes,
    default_content,
    default_directory,
    default_outcomes,
    load_content,
)
from tests.conftest import ANNEX_JSON

CORPUS_VERSION = "02021R0821-20251115"


def test_every_content_file_loads(content):
    assert sorted(p.name for p in default_directory().glob("*.toml")) == sorted(CONTENT_FILES)
    assert content.corpus_version == CORPUS_VERSION
    assert {q.id for q in content.questions} >= set(contract.DECISION_QUESTIONS)
    assert content.authority("NL") is not None and content.default_member_state == "NL"
    assert len(content.member_states) == 27
    assert [ms for ms in content.member_states if not countries.is_code(ms)] == []


def test_outcome_texts_read_alone_equal_the_full_content():
    assert dict(_read_outcomes(default_directory(), None)[0]) == dict(default_content().outcomes)
    assert dict(default_outcomes()) == dict(default_content().outcomes)


def test_every_citation_and_reference_resolves(content):
    cited: list[str] = []
    for group in (
        content.steps,
        content.questions,
        content.red_flags,
        content.authorities,
        content.outcomes.values(),
        content.warnings.values(),
    ):
        for obj in group:
            cited += obj.cites
    assert cited
    for ref in cited:
        c = content.cite(ref)
        assert c.short and c.title
    term_ids = {t.id for t in content.terms}
    for entry in content.annex_entries:
        assert set(entry.terms) <= term_ids
    step_ids = {s.id for s in content.steps}
    for q in content.questions:
        assert q.step in step_ids
        if q.depends_on:
            assert set(q.depends_on.values) <= set(content.question(q.depends_on.question).values)


def test_the_annex_entries_named_by_the_framework_are_all_there(content):
    codes = {e.code for e in content.annex_entries}
    assert codes == {
        "4A005",
        "4D004",
        "4E001.a",
        "4E001.c",
        "5A001.f",
        "5A001.j",
        "5D001.e",
        "5A004.b",
        "5D002.a.3.b",
        "5D002.c.3.b",
    }
    assert {t.id for t in content.terms} == {"intrusion_software", "hard_selectors", "authentication"}


def test_question_kinds_are_well_formed(content):
    for q in content.questions:
        assert q.guidance.strip() and q.text.strip() and q.label.strip()
        if q.kind in contract.KIND_VALUES:
            assert q.values == contract.KIND_VALUES[q.kind]
        elif q.kind in contract.OPTION_KINDS:
            assert q.options
        else:
            assert not q.options
    assert content.question("capabilities").values == contract.CAPABILITIES


# ---------------------------------------------------------------- quotations against the corpus


@pytest.fixture(scope="module")
def corpus() -> dict[str, Any]:
    if not ANNEX_JSON.exists():
        pytest.skip(f"the corpus is not at {ANNEX_JSON} (shared/ beside the checkout)")
    data: dict[str, Any] = json.loads(ANNEX_JSON.read_text("utf-8"))
    return data


def _norm(text: str) -> str:
    return " ".join(text.split())


def _entry_lines(corpus: dict[str, Any], code: str) -> list[str]:
    """The corpus lines of the entry a code belongs to, with the dataset's known defect corrected:
    the Note 2 items of 5A004.b are labelled as sub-items "5A004.b.2.a-d" but are note items."""
    entry = next(e for e in corpus["entries"] if e["entry_code"] == code[:5])
    lines: list[str] = []
    for line in entry["verbatim_text"].split("\n"):
        m = re.match(r"^5A004\.b\.2\.([a-d]) (.*)$", line)
        if m and lines:
            lines[-1] += f" {m.group(1)}. {m.group(2)}"
        else:
            lines.append(line)
    return lines


def test_corpus_version_matches(corpus, content):
    assert corpus["corpus_version"] == content.corpus_version == CORPUS_VERSION


def test_annex_entries_are_quoted_exactly(corpus, content):
    for entry in content.annex_entries:
        lines = _entry_lines(corpus, entry.code)
        for line in (*entry.context, *entry.items):
            assert f"{line.code} {line.text}" in lines, (entry.code, line.code)
        assert f"{entry.code} {entry.text}" in lines, entry.code
        whole = _norm(" ".join(lines))
        for note in entry.notes:
            assert _norm(note) in whole, (entry.code, note[:60])


def test_glossary_terms_are_quoted_exactly(corpus, content):
    glossary = next(d for d in corpus["docs"] if d["doc_type"] == "definitions_annex")
    lines = glossary["verbatim_text"].split("\n")
    for term in content.terms:
        start = lines.index(term.lines[0])
        assert list(term.lines) == lines[start : start + len(term.lines)], term.id
        following = lines[start + len(term.lines)] if start + len(term.lines) < len(lines) else '"'
        assert following.startswith('"'), f"{term.id}: the quotation stops before the definition ends"


def test_articles_are_quoted_exactly(corpus, content):
    docs = {d["doc_type"]: _norm(d["verbatim_text"]) for d in corpus["docs"]}
    quoted = [a for a in content.articles if a.text]
    assert {a.id for a in quoted} >= {"2.20", "5.1", "5.2", "5.3"}
    for article in quoted:
        number, para = article.id.split(".")
        doc = {"2": docs["definitions"], "5": docs["article_5"]}[number]
        marker = f"({para}) " if number == "2" else f"{para}."
        assert f"{marker}{_norm(article.text or '')}" in doc, article.id


def test_unquoted_articles_say_so(content):
    for article in content.articles:
        if article.text is None:
            assert article.summary, article.id


# ---------------------------------------------------------------- the validator refuses mistakes


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(default_directory(), target)
    return target


def _edit(directory: Path, name: str, old: str, new: str) -> None:
    path = directory / name
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), "utf-8")


MISTAKES = [
    (
        "unknown key",
        "questions.toml",
        'label = "Covert surveillance"',
        'label = "Covert surveillance"\nlabl = "typo"',
        "unknown key 'labl'",
    ),
    (
        "duplicate question id",
        "questions.toml",
        'id = "dd_item_support"',
        'id = "dd_item_customisation"',
        "duplicate question id 'dd_item_customisation'",
    ),
    (
        "dangling citation",
        "questions.toml",
        'cites = ["art:2.20", "guide:nl_framework"]',
        'cites = ["art:2.22", "guide:nl_framework"]',
        "citation 'art:2.22' resolves to nothing",
    ),
    (
        "unknown step",
        "questions.toml",
        'step = "legitimacy"\nkind = "yes_no"',
        'step = "legitimcy"\nkind = "yes_no"',
        "unknown step 'legitimcy'",
    ),
    (
        "dangling dependency",
        "questions.toml",
        'question = "legitimate_purpose", values',
        'question = "legitimate_purpse", values',
        "unknown question 'legitimate_purpse'",
    ),
    (
        "decision question of the wrong kind",
        "questions.toml",
        'id = "informed_by_authority"\nstep = "authority_notice"\nkind = "yes_no"',
        'id = "informed_by_authority"\nstep = "authority_notice"\nkind = "yes_no_uncertain"',
        "decision question 'informed_by_authority'",
    ),
    (
        "fixed kind with other values",
        "questions.toml",
        '{ id = "theoretical", label',
        '{ id = "possible", label',
        "options must be exactly",
    ),
    ("wrong type", "red_flags.toml", 'basis = "icp"', "basis = 3", "expected str, found an integer"),
    (
        "unknown red flag category",
        "red_flags.toml",
        'category = "item"',
        'category = "items"',
        "unknown category 'items'",
    ),
    (
        "duplicate measure",
        "mitigations.toml",
        'id = "no_reexport"',
        'id = "end_use_assurance"',
        "duplicate measure id 'end_use_assurance'",
    ),
    (
        "unknown annex term",
        "annex_i.toml",
        'terms = ["authentication"]',
        'terms = ["authentification"]',
        "unknown term 'authentification'",
    ),
    (
        "corpus versions differ",
        "annex_i.toml",
        'corpus_version = "02021R0821-20251115"',
        'corpus_version = "02021R0821-20240101"',
        "corpus_version differs",
    ),
    (
        "member state not a code",
        "authorities.toml",
        'member_states = ["AT", ',
        'member_states = ["Austria", ',
        "'Austria' is not an ISO 3166-1 alpha-2 code",
    ),
    (
        "authority outside the member states",
        "authorities.toml",
        '[[authority]]\nmember_state = "NL"',
        '[[authority]]\nmember_state = "CH"',
        "'CH' is not a member state",
    ),
    (
        "outcome missing",
        "outcomes.toml",
        '[[outcome]]\nid = "incomplete"',
        '[[unused]]\nid = "incomplete"',
        "the outcomes must be exactly",
    ),
    (
        "reason with an unknown placeholder",
        "outcomes.toml",
        "Still to answer: {answers}.",
        "Still to answer: {missing}.",
        "only {answers} may be filled in",
    ),
    ("TOML syntax", "legal.toml", "[meta]", "[meta", "not valid TOML"),
]


@pytest.mark.parametrize(("case", "file", "old", "new", "words"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_validator_refuses(content_copy, case, file, old, new, words):
    _edit(content_copy, file, old, new)
    with pytest.raises(ContentError) as e:
        load_content(content_copy)
    assert words in str(e.value)
    assert file in str(e.value)


def test_validator_refuses_a_stray_file_and_a_missing_one(content_copy):
    (content_copy / "extra.toml").write_text("x = 1\n", "utf-8")
    with pytest.raises(ContentError, match=r"extra\.toml: not a known content file"):
        load_content(content_copy)
    (content_copy / "extra.toml").unlink()
    (content_copy / "mitigations.toml").unlink()
    with pytest.raises(ContentError, match=r"mitigations\.toml: content file missing"):
        load_content(content_copy)


def test_the_unmodified_copy_loads(content_copy, content):
    assert load_content(content_copy).questions == content.questions
