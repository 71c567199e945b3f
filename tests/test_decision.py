"""The Article 5 rules of DESIGN.md section 4: every branch, every precedence, warnings, and a
property test against an independently written oracle."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import contract
from core.decision import assess
from core.dossier import dossier_from_json
from tests.conftest import dossier_dict, example

DEFINITION_OK = {
    "specially_designed": "yes",
    "covert": "yes",
    "natural_persons": "yes",
    "ict_systems": "yes",
    "capabilities": ["monitoring"],
    "purely_commercial": "no",
}
NOT_LISTED = {"annex_i_listed": "no", "informed_by_authority": "no"}
NO_END_USE = {
    "internal_repression": "none",
    "serious_hr_violations": "theoretical",
    "serious_ihl_violations": "none",
}


def run(answers: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return assess(dossier_from_json(dossier_dict(answers, **fields))).to_json()


def outcome(answers: dict[str, Any]) -> tuple[str, str, list[str]]:
    r = run(answers)
    return r["outcome"], r["decided_at"], r["missing"]


# ---------------------------------------------------------------- step 1 and Art. 5(1)


def test_nothing_answered_asks_for_annex_i():
    assert outcome({}) == ("incomplete", "annex_i", ["annex_i_listed"])


def test_listed_item_needs_authorisation_whatever_follows():
    assert outcome({"annex_i_listed": "yes"}) == ("annex_i_listed", "annex_i", [])
    # rule 1 precedes rule 2 and everything after it
    assert outcome({"annex_i_listed": "yes", "informed_by_authority": "yes", "covert": "no"}) == (
        "annex_i_listed",
        "annex_i",
        [],
    )


def test_authority_notice_is_asked_next():
    assert outcome({"annex_i_listed": "no"}) == ("incomplete", "authority_notice", ["informed_by_authority"])


def test_uncertain_annex_i_still_needs_the_authority_answer_first():
    # rule 2 (missing) precedes rule 3
    assert outcome({"annex_i_listed": "uncertain"}) == (
        "incomplete",
        "authority_notice",
        ["informed_by_authority"],
    )


def test_informed_by_authority_means_authorisation():
    assert outcome({"annex_i_listed": "no", "informed_by_authority": "yes"}) == (
        "authority_informed",
        "authority_notice",
        [],
    )
    # rule 2 precedes rule 3: informed beats an uncertain Annex I answer
    assert outcome({"annex_i_listed": "uncertain", "informed_by_authority": "yes"}) == (
        "authority_informed",
        "authority_notice",
        [],
    )


def test_uncertain_annex_i_gives_classification_request_before_the_definition():
    answers = {"annex_i_listed": "uncertain", "informed_by_authority": "no", "covert": "no"}
    assert outcome(answers) == ("classification_request", "annex_i", [])


# ---------------------------------------------------------------- step 2, the definition


def test_definition_questions_are_asked_when_missing():
    assert outcome(NOT_LISTED) == ("incomplete", "definition", list(contract.DEFINITION_QUESTIONS))
    partial = {**NOT_LISTED, "covert": "yes", "capabilities": ["analysing"]}
    assert outcome(partial) == (
        "incomplete",
        "definition",
        ["specially_designed", "natural_persons", "ict_systems", "purely_commercial"],
    )


@pytest.mark.parametrize("element", contract.DEFINITION_ELEMENTS)
def test_any_element_no_means_not_cyber_surveillance(element):
    answers = {**NOT_LISTED, **DEFINITION_OK, element: "no"}
    assert outcome(answers) == ("not_cyber_surveillance", "definition", [])


def test_no_beats_missing_and_uncertain_in_the_definition():
    # a single "no" decides even when the other five are missing
    assert outcome({**NOT_LISTED, "natural_persons": "no"}) == ("not_cyber_surveillance", "definition", [])
    answers = {**NOT_LISTED, "covert": "no", "specially_designed": "uncertain"}
    assert outcome(answers) == ("not_cyber_surveillance", "definition", [])


def test_purely_commercial_means_not_cyber_surveillance():
    answers = {**NOT_LISTED, **DEFINITION_OK, "purely_commercial": "yes"}
    assert outcome(answers) == ("not_cyber_surveillance", "definition", [])
    assert outcome({**NOT_LISTED, "purely_commercial": "yes"}) == ("not_cyber_surveillance", "definition", [])


def test_empty_capabilities_means_not_cyber_surveillance_but_missing_does_not():
    assert outcome({**NOT_LISTED, **DEFINITION_OK, "capabilities": []}) == (
        "not_cyber_surveillance",
        "definition",
        [],
    )
    answers = {**NOT_LISTED, **DEFINITION_OK}
    del answers["capabilities"]
    assert outcome(answers) == ("incomplete", "definition", ["capabilities"])


def test_missing_beats_uncertain_in_the_definition():
    answers = {**NOT_LISTED, **DEFINITION_OK, "covert": "uncertain"}
    del answers["ict_systems"]
    assert outcome(answers) == ("incomplete", "definition", ["ict_systems"])


@pytest.mark.parametrize(
    "question", ["specially_designed", "covert", "natural_persons", "ict_systems", "purely_commercial"]
)
def test_uncertain_definition_gives_classification_request(question):
    answers = {**NOT_LISTED, **DEFINITION_OK, question: "uncertain"}
    assert outcome(answers) == ("classification_request", "definition", [])


# ---------------------------------------------------------------- step 3, sensitive end use


def test_end_use_questions_are_asked_when_missing():
    assert outcome({**NOT_LISTED, **DEFINITION_OK}) == (
        "incomplete",
        "end_use",
        list(contract.END_USE_QUESTIONS),
    )


def test_no_sensitive_end_use():
    answers = {**NOT_LISTED, **DEFINITION_OK, **NO_END_USE}
    assert outcome(answers) == ("no_sensitive_end_use", "end_use", [])
    # answers beyond the deciding step do not matter
    assert outcome({**answers, "legitimate_purpose": "no"}) == ("no_sensitive_end_use", "end_use", [])


@pytest.mark.parametrize("question", contract.END_USE_QUESTIONS)
def test_uncertain_end_use_gives_classification_request(question):
    answers = {**NOT_LISTED, **DEFINITION_OK, **NO_END_USE, question: "uncertain"}
    assert outcome(answers) == ("classification_request", "end_use", [])


def test_missing_beats_uncertain_in_end_use():
    answers = {**NOT_LISTED, **DEFINITION_OK, "internal_repression": "uncertain"}
    assert outcome(answers) == ("incomplete", "end_use", ["serious_hr_violations", "serious_ihl_violations"])


@pytest.mark.parametrize("question", contract.END_USE_QUESTIONS)
def test_aware_beats_missing_and_uncertain(question):
    # aware alone, the other two missing: go on to legitimacy
    assert outcome({**NOT_LISTED, **DEFINITION_OK, question: "aware"}) == (
        "incomplete",
        "legitimacy",
        ["legitimate_purpose"],
    )
    answers = {
        **NOT_LISTED,
        **DEFINITION_OK,
        **{q: "uncertain" for q in contract.END_USE_QUESTIONS},
        question: "aware",
        "legitimate_purpose": "yes",
    }
    assert outcome(answers) == ("notify_legitimate", "legitimacy", [])


# ---------------------------------------------------------------- step 4, legitimacy


def test_legitimacy_outcomes():
    aware = {**NOT_LISTED, **DEFINITION_OK, **NO_END_USE, "serious_hr_violations": "aware"}
    assert outcome({**aware, "legitimate_purpose": "yes"}) == ("notify_legitimate", "legitimacy", [])
    assert outcome({**aware, "legitimate_purpose": "no"}) == (
        "notify_no_legitimate_purpose",
        "legitimacy",
        [],
    )


def test_null_value_counts_as_missing():
    answers = {"annex_i_listed": {"value": None, "rationale": "still checking 5A001.j"}}
    assert outcome(answers) == ("incomplete", "annex_i", ["annex_i_listed"])


# ---------------------------------------------------------------- path and explanation


def test_path_lists_the_answers_looked_at_in_order():
    answers = {
        **NOT_LISTED,
        **DEFINITION_OK,
        **NO_END_USE,
        "dd_item_support": "yes",
        "custom:internal ref": "X-1",
    }
    r = run(answers)
    assert [p["question"] for p in r["path"]] == [
        "annex_i_listed",
        "informed_by_authority",
        *contract.DEFINITION_QUESTIONS,
        *contract.END_USE_QUESTIONS,
    ]
    assert r["path"][6] == {"question": "capabilities", "answer": ["monitoring"]}


def test_explanation_names_the_deciding_answer_and_cites_the_article():
    r = run({**NOT_LISTED, **DEFINITION_OK, "covert": "no"})
    assert "Covert surveillance: No" in r["explanation"]
    assert "Article 2(20)" in r["explanation"]
    r = run(
        {
            **NOT_LISTED,
            **DEFINITION_OK,
            **NO_END_USE,
            "internal_repression": "aware",
            "legitimate_purpose": "no",
        }
    )
    assert "Article 5(2)" in r["explanation"]
    assert "Internal repression: Aware" in r["explanation"]
    assert "refrain from exporting" in r["explanation"]


def test_explanation_of_incomplete_names_what_is_missing():
    r = run(NOT_LISTED)
    assert "Still to answer: Specially designed; Covert surveillance" in r["explanation"]


# ---------------------------------------------------------------- warnings


@pytest.mark.parametrize("sector", contract.GOVERNMENT_SECTORS)
@pytest.mark.parametrize("role", contract.CAUTION_ROLES)
def test_government_end_user_warning(role, sector):
    r = run({"annex_i_listed": "yes"}, parties=[{"role": role, "sector": sector}])
    assert r["warnings"] == ["government_end_user"]
    assert r["outcome"] == "annex_i_listed"  # warnings never change the outcome


@pytest.mark.parametrize(
    "party",
    [
        {"role": "end_user", "sector": "private"},
        {"role": "end_user", "sector": "academic"},
        {"role": "end_user"},
        {"role": "intermediary", "sector": "police"},
        {"role": "broker", "sector": "intelligence"},
    ],
)
def test_no_government_warning_for_other_parties(party):
    assert run({}, parties=[party])["warnings"] == []


def test_red_flag_warning_only_while_a_flag_is_present():
    flags = [{"id": "unusual_payment", "status": "resolved"}, {"id": "custom:odd", "status": "absent"}]
    assert run({}, red_flags=flags)["warnings"] == []
    flags.append({"id": "targets_groups", "status": "present"})
    assert run({}, red_flags=flags)["warnings"] == ["unresolved_red_flags"]


def test_country_review_warnings_and_their_order():
    r = run(
        {"dd_country_arms_embargo": "yes", "dd_country_recognised_violations": "yes"},
        parties=[{"role": "consignee", "sector": "coastguard"}],
        red_flags=[{"id": "unusual_routing", "status": "present"}],
    )
    assert r["warnings"] == [
        "government_end_user",
        "unresolved_red_flags",
        "recognised_violations",
        "arms_embargo",
    ]
    assert run({"dd_country_arms_embargo": "uncertain"})["warnings"] == []


def test_example_dossier_of_the_readme():
    r = assess(dossier_from_json(example())).to_json()
    assert r["outcome"] == "notify_legitimate"
    assert r["warnings"] == ["government_end_user", "unresolved_red_flags"]


# ---------------------------------------------------------------- property test

YNU = ["yes", "no", "uncertain"]
SCALE = ["none", "theoretical", "aware", "uncertain"]
VALUES: dict[str, list[Any]] = {
    "annex_i_listed": YNU,
    "informed_by_authority": ["yes", "no"],
    **{q: YNU for q in contract.DEFINITION_ELEMENTS},
    "purely_commercial": YNU,
    **{q: SCALE for q in contract.END_USE_QUESTIONS},
    "legitimate_purpose": ["yes", "no"],
}
capability_lists = st.lists(st.sampled_from(contract.CAPABILITIES), unique=True)


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for qid in contract.DECISION_QUESTIONS:
        if draw(st.booleans()):
            continue  # not answered
        strategy = capability_lists if qid == "capabilities" else st.sampled_from(VALUES[qid])
        answers[qid] = draw(strategy)
    return answers


def oracle(a: dict[str, Any]) -> tuple[str, list[str]]:
    """The rules of DESIGN.md section 4 written again, plainly, as the test's independent oracle."""
    if "annex_i_listed" not in a:
        return "incomplete", ["annex_i_listed"]
    if a["annex_i_listed"] == "yes":
        return "annex_i_listed", []
    if "informed_by_authority" not in a:
        return "incomplete", ["informed_by_authority"]
    if a["informed_by_authority"] == "yes":
        return "authority_informed", []
    if a["annex_i_listed"] == "uncertain":
        return "classification_request", []
    six = [
        "specially_designed",
        "covert",
        "natural_persons",
        "ict_systems",
        "capabilities",
        "purely_commercial",
    ]
    four = six[:4]
    if (
        a.get("purely_commercial") == "yes"
        or any(a.get(q) == "no" for q in four)
        or a.get("capabilities") == []
    ):
        return "not_cyber_surveillance", []
    if any(q not in a for q in six):
        return "incomplete", [q for q in six if q not in a]
    if any(a[q] == "uncertain" for q in six if q != "capabilities"):
        return "classification_request", []
    three = ["internal_repression", "serious_hr_violations", "serious_ihl_violations"]
    if not any(a.get(q) == "aware" for q in three):
        if any(q not in a for q in three):
            return "incomplete", [q for q in three if q not in a]
        if any(a[q] == "uncertain" for q in three):
            return "classification_request", []
        return "no_sensitive_end_use", []
    if "legitimate_purpose" not in a:
        return "incomplete", ["legitimate_purpose"]
    return ("notify_legitimate" if a["legitimate_purpose"] == "yes" else "notify_no_legitimate_purpose"), []


@settings(max_examples=400, deadline=None)
@given(answers=answer_sets(), rationale=st.text(max_size=20))
def test_property_outcomes_forms_and_incompleteness(answers, rationale):
    short = run(answers)
    full = run({k: {"value": v, "rationale": rationale} for k, v in answers.items()})
    assert short == full  # both answer forms give the same assessment

    assert short["outcome"] in contract.OUTCOMES
    assert short["decided_at"] in contract.DECIDED_AT
    expected_outcome, expected_missing = oracle(answers)
    assert (short["outcome"], short["missing"]) == (expected_outcome, expected_missing)
    # incomplete exactly when an answer on the decision path is missing
    assert (short["outcome"] == "incomplete") == bool(short["missing"])
    assert all(q not in answers for q in short["missing"])
    # the path holds only given answers, in the order of the rules
    order = list(contract.DECISION_QUESTIONS)
    path_ids = [p["question"] for p in short["path"]]
    assert path_ids == sorted(path_ids, key=order.index)
    assert all(q in answers for q in path_ids)
    assert short["explanation"].strip()
