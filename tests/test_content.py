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
    AnswerIn,
    ContentError,
    FieldIn,
    PartyIs,
    RedFlagIs,
    _read_outcomes,
    _Source,
    default_content,
    default_directory,
    default_outcomes,
    load_content,
)
from tests.conftest import ANNEX_JSON
from tests.content_copies import english_only

CORPUS_VERSION = "02021R0821-20251115"


def test_every_content_file_loads(content):
    assert sorted(p.name for p in default_directory().glob("*.toml")) == sorted(CONTENT_FILES)
    assert content.corpus_version == CORPUS_VERSION
    assert {q.id for q in content.questions} >= set(contract.DECISION_QUESTIONS)
    assert content.authority("NL") is not None and content.default_member_state == "NL"
    assert len(content.member_states) == 27
    assert [ms for ms in content.member_states if not countries.is_code(ms)] == []


def test_outcome_texts_read_alone_equal_the_full_content():
    alone = _read_outcomes(_Source(default_directory(), None).read("outcomes.toml")).outcomes
    assert alone == dict(default_content().outcomes)
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
        # issue 12: the software and technology for 5A001 equipment (not named by the framework)
        "5D001.a",
        "5D001.c",
        "5E001.a",
    }
    # step 1 cites every entry it shows
    shown = {
        c.removeprefix("annex:") for c in content.question("annex_i_listed").cites if c.startswith("annex:")
    }
    assert shown == codes
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
    assert {a.id for a in quoted} >= {"2.2", "2.20", "4.1", "4.2", "4.3", "5.1", "5.2", "5.3"}
    for article in quoted:
        number, para = article.id.split(".")
        doc = {"2": docs["definitions"], "4": docs["article_4"], "5": docs["article_5"]}[number]
        marker = f"({para}) " if number == "2" else f"{para}."
        assert f"{marker}{_norm(article.text or '')}" in doc, article.id


def test_unquoted_articles_say_so(content):
    for article in content.articles:
        if article.text is None:
            assert article.summary, article.id


def test_citations_of_annex_entries_terms_and_general_authorisations_are_named_as_the_content_says(content):
    assert content.cite("annex:4A005").title == "Annex I, 4A005: " + content.annex_entries[0].label
    assert content.cite("term:intrusion_software").title == 'Annex I, definition of "Intrusion software"'
    eu001 = next(g for g in content.geas if g.id == "EU001")
    assert (
        content.cite("gea:EU001").title
        == f"Annex II, Union general export authorisation EU001: {eu001.title}"
    )


def test_the_quotations_say_in_which_language_they_are_and_where_the_others_are(content):
    """The official texts are quoted in English: one line says so where they are shown, and where the
    other, equally authentic, language versions are (EUR-Lex, the Regulation's CELEX number)."""
    assert "English" in content.quotations and "equally authentic" in content.quotations
    assert "EUR-Lex" in content.quotations and "CELEX 02021R0821-20251115" in content.quotations
    assert "32021R0821" not in content.quotations.replace(
        "02021R0821", ""
    )  # a number the sources do not give


# ---------------------------------------------------------------- the validator refuses mistakes


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the shipped English content files, without the shipped language overlays."""
    target = tmp_path / "content"
    shutil.copytree(default_directory(), target, ignore=english_only)
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
    (
        "a citation form that leaves out what it names",
        "legal.toml",
        'annex = "Annex I, {code}: {label}"',
        'annex = "Annex I: {label}"',
        "citations.annex: expected the placeholders ['code', 'label']",
    ),
    (
        "a citation form with a placeholder nobody fills",
        "legal.toml",
        'gea = "Annex II, Union general export authorisation {id}: {title}"',
        'gea = "Annex II, {id}: {title} ({year})"',
        "citations.gea: expected the placeholders ['id', 'title']",
    ),
    (
        "a citation form missing",
        "legal.toml",
        'term = "Annex I, definition of \\"{term}\\""\n',
        "",
        "citations.term: is required",
    ),
    (
        "question on a page that asks none",
        "questions.toml",
        'step = "legitimacy"\nkind = "yes_no"',
        'step = "parties"\nkind = "yes_no"',
        "unknown step 'parties' (or not a questions page)",
    ),
    (
        "unknown page kind",
        "questions.toml",
        'page = "parties"',
        'page = "party"',
        "'party' is not one of",
    ),
    (
        "a second outcome page",
        "questions.toml",
        'page = "parties"',
        'page = "outcome"',
        "exactly one step must have page = 'parties'",
    ),
    (
        "unknown panel",
        "questions.toml",
        'panels = ["red_flags"]',
        'panels = ["red_flag"]',
        "'red_flag' is not one of",
    ),
    (
        "outcome of an unknown tone",
        "outcomes.toml",
        'tone = "doubt"',
        'tone = "doubtful"',
        "'doubtful' is not one of the tones",
    ),
    (
        "colour not written #rrggbb",
        "outcomes.toml",
        'clear = "#2e7d32"',
        'clear = "green"',
        "colour written '#rrggbb'",
    ),
    (
        "warning reading an unknown question",
        "outcomes.toml",
        'answer = "dd_country_arms_embargo"',
        'answer = "dd_country_arms_embarg"',
        "warning arms_embargo: when.answer: unknown question 'dd_country_arms_embarg'",
    ),
    (
        "warning reading a value the question does not have",
        "outcomes.toml",
        'answer = "dd_country_arms_embargo", in = ["yes"]',
        'answer = "dd_country_arms_embargo", in = ["ja"]',
        "'ja' is not a value of question dd_country_arms_embargo",
    ),
    (
        "warning reading an unknown field",
        "outcomes.toml",
        'when = { answer = "dd_country_arms_embargo", in = ["yes"] }',
        'when = { field = "destination", in = ["KP"] }',
        "'destination' is not one of ['member_state', 'destination_country']",
    ),
    (
        "warning with two conditions",
        "outcomes.toml",
        'when = { answer = "dd_country_arms_embargo", in = ["yes"] }',
        'when = { answer = "dd_country_arms_embargo", in = ["yes"], field = "member_state" }',
        "needs exactly one of answer, field, party or red_flag",
    ),
    (
        "warning reading an unknown sector",
        "outcomes.toml",
        '"coastguard",\n',
        '"coast_guard",\n',
        "'coast_guard' is not one of",
    ),
    (
        "warning of the contract missing",
        "outcomes.toml",
        'id = "arms_embargo"',
        'id = "arms_embargos"',
        "the warnings must begin with exactly",
    ),
    (
        "draft showing an unknown question",
        "drafts.toml",
        '"dd_item_data",',
        '"dd_item_dat",',
        "section item: unknown question 'dd_item_dat'",
    ),
    (
        "draft showing an unknown section",
        "drafts.toml",
        '{ section = "country",',
        '{ section = "countries",',
        "unknown section 'countries'",
    ),
    (
        "draft block unknown",
        "drafts.toml",
        'after = ["measures"]',
        'after = ["mitigations"]',
        "'mitigations' is not one of",
    ),
    (
        "draft for an unknown outcome",
        "drafts.toml",
        'outcomes = ["classification_request"]',
        'outcomes = ["classification_requested"]',
        "draft[1].outcomes: 'classification_requested' is not one of",
    ),
    (
        "outcome calling for two drafts",
        "drafts.toml",
        'outcomes = ["classification_request"]',
        'outcomes = ["classification_request", "notify_legitimate"]',
        "outcome 'notify_legitimate' calls for two drafts: notification and classification",
    ),
    (
        "draft no outcome calls for",
        "drafts.toml",
        'outcomes = ["classification_request"]\n',
        "",
        "draft[1].outcomes: is required",
    ),
    (
        "paragraph for an outcome the draft is not for",
        "drafts.toml",
        "notify_no_legitimate_purpose = ",
        "classification_request = ",
        "draft[0].after_opening: 'classification_request' is not one of the draft's outcomes",
    ),
    (
        "draft written to a file name that is not safe",
        "drafts.toml",
        'file = "classification-annex"',
        'file = "../annex"',
        "draft[1].file: '../annex' is not a file name of letters, digits and hyphens",
    ),
    (
        "draft id given twice",
        "drafts.toml",
        'id = "classification"',
        'id = "notification"',
        "duplicate draft id 'notification'",
    ),
    (
        "general authorisation covering an entry not shown",
        "geas.toml",
        'covers = ["4A005", "5A001.f", "5A001.j", "5A004.b"]',
        'covers = ["4A005", "5A001.x", "5A001.j", "5A004.b"]',
        "gea EU003: covers: unknown Annex I entry '5A001.x'",
    ),
    (
        "general authorisation destination not a code",
        "geas.toml",
        '"GB", "US"]',
        '"Great Britain", "US"]',
        "'Great Britain' is not an ISO 3166-1 alpha-2 code",
    ),
    (
        "general authorisation given twice",
        "geas.toml",
        'id = "EU002"',
        'id = "EU001"',
        "duplicate gea id 'EU001'",
    ),
    (
        "citation of an unknown general authorisation",
        "outcomes.toml",
        '"gea:EU007"',
        '"gea:EU009"',
        "citation 'gea:EU009' resolves to nothing",
    ),
    (
        "rule step on an unknown page",
        "questions.toml",
        'page = "parties"\ntitle = "Sanctions',
        'page = "partys"\ntitle = "Sanctions',
        "rule_step[0].page: unknown step 'partys' (or the outcome page)",
    ),
    (
        "rule step on the outcome page",
        "questions.toml",
        'page = "parties"\ntitle = "Sanctions',
        'page = "outcome"\ntitle = "Sanctions',
        "unknown step 'outcome' (or the outcome page)",
    ),
    (
        "rule step that is no step of the assessment",
        "questions.toml",
        'id = "scope"',
        'id = "scopes"',
        "rule_step[1].id: 'scopes' is not a step of the assessment",
    ),
    (
        "step of the assessment missing",
        "questions.toml",
        '[[rule_step]]\nid = "scope"\npage = "parties"\n',
        '[[rule_step]]\nid = "sanctions"\npage = "parties"\n',
        "duplicate rule_step id 'sanctions'",
    ),
    (
        "rule step that is also a questions page",
        "questions.toml",
        'id = "scope"',
        'id = "art4"',
        "'art4' is both a questions page and a rule step",
    ),
    (
        "decision question asked on another step's page",
        "questions.toml",
        'id = "art4_aware"\nstep = "art4"',
        'id = "art4_aware"\nstep = "authority_notice"',
        "decision question 'art4_aware' must be asked on the page of step 'art4'",
    ),
    (
        "hold of the contract missing",
        "outcomes.toml",
        'id = "rationale_missing"',
        'id = "rationale_absent"',
        "the holds must be exactly",
    ),
    (
        "holds out of order",
        "outcomes.toml",
        'id = "country_risk_unaddressed"\ntitle = "Country risks not addressed"',
        'id = "legitimacy_inconsistent"\ntitle = "Country risks not addressed"',
        "duplicate hold id 'legitimacy_inconsistent'",
    ),
    (
        "hold citing nothing known",
        "outcomes.toml",
        'mark it resolved."\ncites = ["guide:rec_2019_1318"]',
        'mark it resolved."\ncites = ["guide:rec_2019_1319"]',
        "hold red_flags_unresolved: citation 'guide:rec_2019_1319' resolves to nothing",
    ),
    (
        "question the holds read missing",
        "questions.toml",
        'id = "dd_country_sources"',
        'id = "dd_country_source"',
        "the holds read the due-diligence question 'dd_country_sources', which is missing",
    ),
    (
        "value the holds read missing",
        "questions.toml",
        '{ id = "not_credible", label',
        '{ id = "incredible", label',
        "question dd_end_use_credibility: the holds read the value 'not_credible'",
    ),
    (
        "section in an unknown draft",
        "drafts.toml",
        'drafts = ["classification"]',
        'drafts = ["classificaton"]',
        "'classificaton' is not one of ['notification', 'classification']",
    ),
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


# ---------------------------------------------------------------- the content as the single source


def test_the_pages_are_the_steps_with_the_outcome_last(content):
    pages = [s.id for s in content.steps]
    assert pages[:2] == ["transaction", "parties"] and pages[-1] == "outcome"
    assert [s.page for s in content.steps].count("questions") == len(content.question_steps())
    for q in content.questions:
        assert content.step(q.step).page == "questions"


def test_every_step_of_the_assessment_has_its_page(content):
    """Each ``decided_at`` is a questions page, or a rule step whose page comes before the outcome's; the
    Article 4 page comes where the user meets it, after the authority's notice."""
    pages = [s.id for s in content.steps]
    for step in contract.DECIDED_AT:
        decided = content.decision_step(step)
        assert decided.id == step and decided.title
        assert pages.index(decided.page) < pages.index("outcome")
        if decided.page == step:
            assert content.step(step).page == "questions"
    assert [r.id for r in content.rule_steps] == ["sanctions", "scope"]
    assert {content.decision_step(s).page for s in ("sanctions", "scope")} == {"parties"}
    assert pages.index("art4") == pages.index("authority_notice") + 1
    for step, questions in contract.RULE_QUESTIONS.items():
        assert [q.id for q in content.questions_of(step) if q.decision] == list(questions)


def test_groups_give_each_question_once_in_page_order(content):
    for step in content.question_steps():
        grouped = [q for _section, qs in content.groups(step.id) for q in qs]
        assert sorted(q.id for q in grouped) == sorted(q.id for q in content.questions_of(step.id))
        loose = [q for q in content.questions_of(step.id) if q.section is None]
        assert (content.groups(step.id)[0][0] is None) == bool(loose)
    titles = [s.title if s else None for s, _ in content.groups("due_diligence")]
    assert titles == ["Know the item", "The end user and the end use", "The country of the end user"]


def test_the_warnings_of_the_contract_read_what_the_design_says(content):
    """DESIGN.md section 4 fixes when each warning of the contract is given; the content says it."""
    when = {w: content.warnings[w].when for w in contract.WARNINGS}
    assert when["government_end_user"] == PartyIs(contract.CAUTION_ROLES, contract.GOVERNMENT_SECTORS)
    assert when["unresolved_red_flags"] == RedFlagIs(("present",))
    assert when["recognised_violations"] == AnswerIn("dd_country_recognised_violations", ("yes",))
    assert when["arms_embargo"] == AnswerIn("dd_country_arms_embargo", ("yes",))
    assert when["other_member_state"] == FieldIn("member_state", (contract.FRAMEWORK_MEMBER_STATE,), True)
    assert when["customs_territory"] == FieldIn(
        "destination_country", contract.CUSTOMS_TERRITORY_DESTINATIONS
    )
    assert list(content.warnings)[: len(contract.WARNINGS)] == list(contract.WARNINGS)


def test_each_outcome_has_one_colour(content):
    colours = {o.id: o.colour for o in content.outcomes.values()}
    assert colours["incomplete"] == "#6c757d" and colours["classification_request"] == "#8a6d00"
    assert colours["notify_legitimate"] == colours["annex_i_listed"] == "#a33a2b"
    assert colours["no_sensitive_end_use"] == colours["not_cyber_surveillance"] == "#2e7d32"


def test_the_content_says_which_outcome_calls_for_which_draft(content):
    called = {o: draft.id if (draft := content.draft_for(o)) else None for o in content.outcomes}
    assert called == {
        **dict.fromkeys(content.outcomes),
        "notify_legitimate": "notification",
        "notify_no_legitimate_purpose": "notification",
        "classification_request": "classification",
    }
    # the files of DESIGN.md section 5: OUT-notification.pdf, OUT-classification-annex.pdf
    assert [d.file for d in content.drafts.values()] == ["notification", "classification-annex"]
    notification = content.drafts["notification"]
    assert notification.heading == "Notification under Article 5(2)"
    assert list(notification.after_opening) == ["notify_no_legitimate_purpose"]
    assert content.drafts["classification"].after_opening == {}


def test_the_drafts_name_their_questions_and_sections(content):
    for kind, draft in content.drafts.items():
        for section in draft.sections:
            assert kind in section.drafts
            for row in section.rows:
                assert content.has_question(row.question)
    rows = {s.id: [r.question for r in s.rows] for s in content.drafts["notification"].sections}
    assert rows["destination"] == [q.id for q in content.questions_of("due_diligence", "country")]
    assert rows["purpose"] == [
        contract.LEGITIMATE,
        "legitimate_purpose_grounds",
        "legitimate_purpose_explanation",
    ]


# ---------------------------------------------------------------- language overlays

OVERLAY_OUTCOMES = "\n".join(
    [
        *(
            f'[[outcome]]\nid = "{o}"\nshort = "kort {o}"\ntitle = "titel {o}"\nexplanation = "uitleg {o}"\n'
            for o in contract.OUTCOMES
        ),
        *(f'[[warning]]\nid = "{w}"\ntitle = "titel {w}"\ntext = "tekst {w}"\n' for w in contract.WARNINGS),
        *(f'[[hold]]\nid = "{h}"\ntitle = "titel {h}"\ntext = "tekst {h}"\n' for h in contract.HOLDS),
        "[reasons]",
        *(f'{r} = "reden {r}: {{answers}}"' for r in contract.REASONS),
    ]
)


@pytest.fixture
def with_overlay(content_copy: Path) -> Path:
    """A Dutch overlay of outcomes.toml and of two questions' texts in parties.toml."""
    (content_copy / "nl").mkdir()
    (content_copy / "nl" / "outcomes.toml").write_text(OVERLAY_OUTCOMES + "\n", "utf-8")
    roles = "\n".join(f'{r} = "rol {r}"' for r in contract.PARTY_ROLES)
    sectors = "\n".join(f'{s} = "sector {s}"' for s in contract.SECTORS)
    (content_copy / "nl" / "parties.toml").write_text(
        f'guidance = "richtlijn"\n[roles]\n{roles}\n[sectors]\n{sectors}\n', "utf-8"
    )
    return content_copy


def test_an_overlay_replaces_the_texts_and_nothing_else(with_overlay, content):
    dutch = load_content(with_overlay, "nl")
    assert dutch.outcomes["incomplete"].title == "titel incomplete"
    assert dutch.outcomes["incomplete"].colour == content.outcomes["incomplete"].colour
    assert dutch.warnings["arms_embargo"].text == "tekst arms_embargo"
    assert dutch.warnings["arms_embargo"].when == content.warnings["arms_embargo"].when
    assert dutch.reasons["missing"] == "reden missing: {answers}"
    assert dutch.role_labels["end_user"] == "rol end_user"
    assert dutch.parties_guidance == "richtlijn"
    # the files without an overlay, and every id, stay as they are
    assert dutch.questions == content.questions and dutch.drafts == content.drafts
    assert list(dutch.outcomes) == list(content.outcomes)
    # English when the language has no overlay
    assert load_content(with_overlay, "de").outcomes == content.outcomes
    assert load_content(with_overlay).outcomes == content.outcomes
    assert default_content("de") == default_content()


def test_an_overlay_of_a_question_file_keeps_options_and_sections_in_place(content_copy, content):
    """An overlay of questions.toml: every text of every step, section, question and option."""
    lines: list[str] = []
    for k in content.kinds.values():
        opts = ", ".join(
            f'{{ id = "{o.id}", label = "L {o.id}"' + (', guidance = "G"' if o.guidance else "") + " }"
            for o in k.options
        )
        lines.append(f'[[kind]]\nid = "{k.id}"\noptions = [{opts}]\n')
    for s in content.steps:
        lines.append(
            f'[[step]]\nid = "{s.id}"\ntitle = "T {s.id}"'
            + (f'\nintro = "I {s.id}"' if s.intro else "")
            + "\n"
        )
    for r in content.rule_steps:
        lines.append(f'[[rule_step]]\nid = "{r.id}"\ntitle = "T {r.id}"\n')
    for sec in content.sections:
        lines.append(f'[[section]]\nid = "{sec.id}"\ntitle = "T {sec.id}"\nintro = "I"\n')
    for q in content.questions:
        own = q.kind in contract.OPTION_KINDS
        opts = ", ".join(
            f'{{ id = "{o.id}", label = "L {o.id}"' + (', guidance = "G"' if o.guidance else "") + " }"
            for o in q.options
        )
        lines.append(
            f'[[question]]\nid = "{q.id}"\nlabel = "L {q.id}"\ntext = "Q {q.id}"\nguidance = "G"'
            + (f"\noptions = [{opts}]" if own else "")
            + "\n"
        )
    (content_copy / "nl").mkdir()
    (content_copy / "nl" / "questions.toml").write_text("\n".join(lines), "utf-8")
    dutch = load_content(content_copy, "nl")
    assert [s.id for s in dutch.steps] == [s.id for s in content.steps]
    assert dutch.step("annex_i").title == "T annex_i" and dutch.step("annex_i").panels == ("annex_i",)
    assert dutch.question("capabilities").options[0].label == "L monitoring"
    assert dutch.question("covert").options[2].label == "L uncertain"  # the fixed kind's, translated
    assert dutch.question("covert").cites == content.question("covert").cites
    assert dutch.decision_step("scope") == ("scope", "T scope", "parties")
    assert [(s.id if s else None, [q.id for q in qs]) for s, qs in dutch.groups("due_diligence")] == [
        (s.id if s else None, [q.id for q in qs]) for s, qs in content.groups("due_diligence")
    ]


OVERLAY_MISTAKES = [
    ("an id missing", 'id = "incomplete"', 'id = "incomplet"', "outcome: id 'incomplete' is missing"),
    ("a text missing", 'title = "titel incomplete"\n', "", "outcome[incomplete].title: is missing"),
    (
        "an id the English file lacks",
        '[[warning]]\nid = "arms_embargo"',
        '[[warning]]\nid = "arms"',
        "warning: id 'arms_embargo' is missing",
    ),
    (
        "a key that is no text",
        'short = "kort incomplete"',
        'short = "kort incomplete"\ntone = "act"',
        "outcome[incomplete]: 'tone' is not a text of the English file",
    ),
    (
        "a reason that is not known",
        "[reasons]",
        '[reasons]\nextra = "x"',
        "reasons: 'extra' is not a text of the English file",
    ),
    (
        "a text of the wrong type",
        'title = "titel incomplete"',
        "title = 3",
        "outcome[incomplete].title: expected a text, found an integer",
    ),
    (
        "a placeholder the engine does not fill",
        "reden missing: {answers}",
        "reden missing: {ontbrekend}",
        "reasons.missing: only {answers} may be filled in",
    ),
]


@pytest.mark.parametrize(
    ("case", "old", "new", "words"), OVERLAY_MISTAKES, ids=[m[0] for m in OVERLAY_MISTAKES]
)
def test_an_overlay_with_other_ids_or_keys_is_refused(with_overlay, case, old, new, words):
    _edit(with_overlay, "nl/outcomes.toml", old, new)
    with pytest.raises(ContentError) as e:
        load_content(with_overlay, "nl")
    assert "nl/outcomes.toml" in str(e.value)
    assert words in str(e.value)


# The official quotations (legal.toml's articles, annex_i.toml's entries, their context, items and notes,
# and the glossary's terms) are not texts an overlay gives: they stay in the language we hold them in.
QUOTATIONS = [
    ("legal.toml", "article", "id", "2.20", "text", "'text' is not a text of the English file"),
    ("annex_i.toml", "entry", "code", "4A005", "text", "'text' is not a text of the English file"),
    ("annex_i.toml", "entry", "code", "4D004", "notes", "'notes' is not a text of the English file"),
    ("annex_i.toml", "entry", "code", "5A001.f", "items", "'items' is not a text of the English file"),
    ("annex_i.toml", "entry", "code", "4E001.a", "context", "'context' is not a text of the English file"),
    ("annex_i.toml", "term", "id", "intrusion_software", "lines", "'term' is not a text of the English file"),
]


@pytest.mark.parametrize(
    ("name", "array", "ident", "key", "field", "words"),
    QUOTATIONS,
    ids=[f"{q[0]}:{q[3]}.{q[4]}" for q in QUOTATIONS],
)
def test_an_overlay_cannot_translate_an_official_quotation(
    content_copy, name, array, ident, key, field, words
):
    import tomllib

    from core.content import OVERLAY_TEXTS

    english = tomllib.loads((content_copy / name).read_text("utf-8"))
    overlay = _overlay_of(english, OVERLAY_TEXTS[name])
    (content_copy / "nl").mkdir()
    (content_copy / "nl" / name).write_text(_toml(overlay), "utf-8")
    load_content(content_copy, "nl")  # the texts alone: fine
    source = next(e for e in english[array] if e[ident] == key)
    value = source[field]
    if isinstance(value, list) and value and isinstance(value[0], dict):  # lines with their codes
        translated: Any = [{**line, "text": "NL " + line["text"]} for line in value]
    else:
        translated = _overlay_of({field: value}, {"": (field,)})[field]
    entries = overlay.setdefault(array, [])
    entry = next((e for e in entries if e[ident] == key), None)
    if entry is None:
        entries.append(entry := {ident: key})
    entry[field] = translated
    (content_copy / "nl" / name).write_text(_toml(overlay), "utf-8")
    with pytest.raises(ContentError) as e:
        load_content(content_copy, "nl")
    assert f"nl/{name}" in str(e.value) and words in str(e.value)


def test_a_stray_file_among_the_overlays_is_refused(with_overlay):
    (with_overlay / "nl" / "question.toml").write_text("", "utf-8")
    with pytest.raises(ContentError, match=r"nl/question\.toml: not a known content file"):
        load_content(with_overlay, "nl")
    with pytest.raises(ContentError, match="not a language code"):
        load_content(with_overlay, "../nl")


def _overlay_of(data: dict[str, Any], spec: dict[str, tuple[str, ...]], path: str = "") -> dict[str, Any]:
    """Every text of a content file (by OVERLAY_TEXTS), marked "NL ", with the ids that place them."""
    from core.content import _IDENTITY, _entry_has_text, _has_text

    out: dict[str, Any] = {}
    for key, value in data.items():
        sub = f"{path}.{key}" if path else key
        if not _has_text(spec, path, key, value):
            continue
        if isinstance(value, dict):
            out[key] = _overlay_of(value, spec, sub)
        elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
            ident = _IDENTITY.get(sub, "id")
            out[key] = [
                {ident: v[ident], **_overlay_of(v, spec, sub)} for v in value if _entry_has_text(spec, sub, v)
            ]
        else:
            out[key] = f"NL {value}" if isinstance(value, str) else [f"NL {x}" for x in value]
    return out


def _toml(data: dict[str, Any]) -> str:
    """TOML text of an overlay: top-level tables and arrays of tables, the rest inline."""

    def inline(value: Any) -> str:
        if isinstance(value, dict):
            return "{ " + ", ".join(f"{k} = {inline(v)}" for k, v in value.items()) + " }"
        if isinstance(value, list):
            return "[" + ", ".join(inline(v) for v in value) + "]"
        return json.dumps(value, ensure_ascii=False)

    lines: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines += [f"[{key}]", *(f"{k} = {inline(v)}" for k, v in value.items())]
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for entry in value:
                lines += [f"[[{key}]]", *(f"{k} = {inline(v)}" for k, v in entry.items())]
        else:
            lines.insert(0, f"{key} = {inline(value)}")
    return "\n".join(lines) + "\n"


def test_every_text_of_every_file_can_be_translated_and_nothing_else_changes(content_copy, content):
    import tomllib

    from core.content import OVERLAY_TEXTS

    (content_copy / "nl").mkdir()
    for name in CONTENT_FILES:
        english = tomllib.loads((content_copy / name).read_text("utf-8"))
        (content_copy / "nl" / name).write_text(_toml(_overlay_of(english, OVERLAY_TEXTS[name])), "utf-8")
    dutch = load_content(content_copy, "nl")
    assert dutch.step("annex_i").title == "NL " + content.step("annex_i").title
    assert dutch.question("capabilities").options[0].label == "NL Monitoring"
    assert dutch.kinds["yes_no"].options[0].label == "NL Yes"
    assert dutch.outcomes["incomplete"].explanation == "NL " + content.outcomes["incomplete"].explanation
    assert dutch.reasons["missing"] == "NL " + content.reasons["missing"]
    assert dutch.drafts["notification"].sections[0].title == "NL The exporter"
    notification = dutch.drafts["notification"]
    assert notification.heading == "NL " + content.drafts["notification"].heading
    assert notification.after_opening["notify_no_legitimate_purpose"].startswith("NL Our due diligence")
    assert [(d.id, d.outcomes, d.file) for d in dutch.drafts.values()] == [
        (d.id, d.outcomes, d.file) for d in content.drafts.values()
    ]
    # the official quotations stay as they are (not overlay texts); our own words around them do not
    assert dutch.annex_entries[0].label == "NL " + content.annex_entries[0].label
    assert dutch.annex_entries == tuple(e._replace(label="NL " + e.label) for e in content.annex_entries)
    assert dutch.terms == content.terms
    assert [a.text for a in dutch.articles] == [a.text for a in content.articles]
    assert dutch.quotations == "NL " + content.quotations
    assert dutch.cite("annex:4A005").title == "NL Annex I, 4A005: NL " + content.annex_entries[0].label
    # a guide's publisher and date are words too ("Ministry of Foreign Affairs", "January 2025")
    assert [(g.publisher, g.date) for g in dutch.guides] == [
        ("NL " + g.publisher, g.date and "NL " + g.date) for g in content.guides
    ]
    assert [a.summary for a in dutch.articles] == [a.summary and "NL " + a.summary for a in content.articles]
    assert dutch.authority("NL") is not None and dutch.authority("NL").name.startswith("NL ")  # type: ignore[union-attr]
    # nothing but texts: ids, order, kinds, references, conditions, colours and draft rows are the same
    same = lambda items: [(getattr(x, "id", None), getattr(x, "cites", None)) for x in items]  # noqa: E731
    for field in ("steps", "sections", "questions", "red_flags", "measures", "articles", "guides"):
        assert same(getattr(dutch, field)) == same(getattr(content, field)), field
    assert [(q.kind, q.values, q.depends_on, q.section) for q in dutch.questions] == [
        (q.kind, q.values, q.depends_on, q.section) for q in content.questions
    ]
    assert [(w.id, w.when) for w in dutch.warnings.values()] == [
        (w.id, w.when) for w in content.warnings.values()
    ]
    assert [o.colour for o in dutch.outcomes.values()] == [o.colour for o in content.outcomes.values()]
    placed = lambda d: [  # noqa: E731
        (s.id, [r._replace(label=None) for r in s.rows], s.facts, s.before, s.after) for s in d.sections
    ]
    assert [placed(d) for d in dutch.drafts.values()] == [placed(d) for d in content.drafts.values()]
    [capabilities] = [
        r for s in dutch.drafts["notification"].sections for r in s.rows if r.question == "capabilities"
    ]
    assert capabilities.label == "NL Capabilities (Art. 2(20))"
    assert dutch.corpus_version == content.corpus_version
