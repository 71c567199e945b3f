"""The rules of DESIGN.md section 4, version 2: every rule, outcome, precedence, warning and hold, the
three cases of issue 12's practitioner review, version 1 files, and a property test against an oracle
written again from the contract (independently of core/decision.py).

Changes from the version 1 tests, each because the contract changed:
- the dossiers that passed rules 1 and 2 of version 1 (``annex_i_listed`` no, ``informed_by_authority``
  no) now also answer the two Article 4 questions (``NO_ART4``): without them, rule 5 stops the
  assessment as ``incomplete`` at ``art4``;
- an uncertain Annex I answer now waits for the Article 4 answers too (rule 6 comes after rule 5), so
  ``test_uncertain_annex_i_...`` names both;
- the README's example (a version 1 file) is ``incomplete`` at ``art4`` under the version 2 rules, and
  ``notify_legitimate`` once the Article 4 questions are answered (``test_version_1_files_...``);
- the path holds the Article 4 answers between the Art. 5(1) answer and the definition;
- the JSON form carries ``holds``, and the warnings ``other_member_state`` and ``customs_territory``
  follow the four of version 1.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import contract
from core.decision import acceptable_holds, assess
from core.dossier import dossier_from_json
from tests.conftest import dossier_dict, example, example_v2

DEFINITION_OK = {
    "specially_designed": "yes",
    "covert": "yes",
    "natural_persons": "yes",
    "ict_systems": "yes",
    "capabilities": ["monitoring"],
    "purely_commercial": "no",
}
NOT_LISTED = {"annex_i_listed": "no", "informed_by_authority": "no"}
NO_ART4 = {"art4_informed": "no", "art4_aware": "no"}
CLEAR = {**NOT_LISTED, **NO_ART4}  # past rules 3 to 6
NO_END_USE = {
    "internal_repression": "none",
    "serious_hr_violations": "theoretical",
    "serious_ihl_violations": "none",
}
AWARE = {**NO_END_USE, "serious_hr_violations": "aware"}


def run(answers: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    return assess(dossier_from_json(dossier_dict(answers, **fields))).to_json()


def outcome(answers: dict[str, Any], **fields: Any) -> tuple[str, str, list[str]]:
    r = run(answers, **fields)
    return r["outcome"], r["decided_at"], r["missing"]


def match_record(party: int = 0, name: str = "Police HQ", disposition: str = "match") -> dict[str, Any]:
    hit = {"entry": "EU.1.1", "name": "POLICE HEADQUARTERS", "score": 0.9, "disposition": disposition}
    if disposition != "open":
        hit["note"] = "why"
    return {"party": party, "name": name, "list": "eu_fsf", "hits": [hit]}


POLICE = {"role": "end_user", "name": "Police HQ", "country": "AE", "sector": "police"}


# ---------------------------------------------------------------- rule 1: sanctions


def test_a_confirmed_match_is_a_restricted_party_whatever_else():
    everything = {"annex_i_listed": "yes", "informed_by_authority": "yes", "art4_informed": "yes"}
    for answers, destination in (({}, None), (everything, "AE"), (everything, "FR")):
        r = run(
            answers, version=2, destination_country=destination, parties=[POLICE], screening=[match_record()]
        )
        assert (r["outcome"], r["decided_at"], r["missing"], r["path"]) == (
            "restricted_party",
            "sanctions",
            [],
            [],
        )
        # restricted_party beats not_an_export (FR), annex_i_listed, Art. 5(1) and Art. 4(1)


def test_a_match_counts_for_its_party_whatever_it_is_called_now():
    renamed = {**POLICE, "name": "General Police Command"}
    r = run({}, version=2, parties=[renamed], screening=[match_record(name="Police HQ")])
    assert r["outcome"] == "restricted_party"


@pytest.mark.parametrize("disposition", ["open", "false_positive"])
def test_an_open_or_false_positive_hit_decides_nothing(disposition):
    r = run(
        {"annex_i_listed": "yes"},
        version=2,
        parties=[POLICE],
        screening=[match_record(disposition=disposition)],
    )
    assert r["outcome"] == "annex_i_listed"


def test_the_restricted_party_explanation_names_the_party_and_the_entry():
    r = run({}, version=2, parties=[POLICE], screening=[match_record()])
    assert "Police HQ" in r["explanation"] and "EU.1.1" in r["explanation"]
    assert "POLICE HEADQUARTERS" in r["explanation"]
    assert "ownership or control" in r["explanation"]


# ---------------------------------------------------------------- rule 2: scope


def test_a_destination_and_end_users_in_the_union_are_not_an_export():
    parties = [
        {"role": "end_user", "country": "FR"},
        {"role": "consignee", "country": "DE"},
        {"role": "end_user"},  # no country: not counted
        {"role": "intermediary", "country": "AE"},  # the rule reads end users and consignees only
    ]
    assert outcome({}, destination_country="FR", parties=parties) == ("not_an_export", "scope", [])
    assert outcome({}, destination_country="NL") == ("not_an_export", "scope", [])
    # not_an_export beats annex_i_listed and everything after it
    answers = {"annex_i_listed": "yes", "informed_by_authority": "yes", "art4_informed": "yes"}
    assert outcome(answers, destination_country="IT") == ("not_an_export", "scope", [])


@pytest.mark.parametrize("role", ["end_user", "consignee"])
def test_an_end_user_or_consignee_outside_the_union_is_in_scope(role):
    parties = [{"role": "end_user", "country": "FR"}, {"role": role, "country": "CH"}]
    assert (
        outcome({"annex_i_listed": "yes"}, destination_country="FR", parties=parties)[0] == "annex_i_listed"
    )


def test_a_missing_or_outside_destination_decides_nothing_at_scope():
    parties = [{"role": "end_user", "country": "FR"}]
    assert outcome({}, parties=parties) == ("incomplete", "annex_i", ["annex_i_listed"])
    assert outcome({}, destination_country="AE") == ("incomplete", "annex_i", ["annex_i_listed"])
    assert outcome({}, destination_country="NO") == ("incomplete", "annex_i", ["annex_i_listed"])


def test_the_not_an_export_explanation_names_the_countries():
    r = run(
        {}, destination_country="FR", parties=[{"role": "end_user", "name": "Gendarmerie", "country": "FR"}]
    )
    assert "France" in r["explanation"] and "Gendarmerie" in r["explanation"]
    assert "Article 2(2)" in r["explanation"] and "Annex IV" in r["explanation"]


# ---------------------------------------------------------------- rule 3: Annex I; rule 4: Art. 5(1)


def test_nothing_answered_asks_for_annex_i():
    assert outcome({}) == ("incomplete", "annex_i", ["annex_i_listed"])


def test_listed_item_needs_authorisation_whatever_follows():
    assert outcome({"annex_i_listed": "yes"}) == ("annex_i_listed", "annex_i", [])
    answers = {
        "annex_i_listed": "yes",
        "informed_by_authority": "yes",
        "art4_informed": "yes",
        "covert": "no",
    }
    assert outcome(answers) == ("annex_i_listed", "annex_i", [])


def test_authority_notice_is_asked_next():
    assert outcome({"annex_i_listed": "no"}) == ("incomplete", "authority_notice", ["informed_by_authority"])
    # an uncertain Annex I answer waits for the answers of rules 4 and 5 (rule 6 comes after them)
    assert outcome({"annex_i_listed": "uncertain"}) == (
        "incomplete",
        "authority_notice",
        ["informed_by_authority"],
    )


def test_informed_by_authority_means_authorisation():
    assert outcome(NOT_LISTED | {"informed_by_authority": "yes"}) == (
        "authority_informed",
        "authority_notice",
        [],
    )
    # rule 4 precedes rule 6 (an uncertain Annex I answer) and rule 5 (Art. 5(1) beats Art. 4)
    for extra in ({"annex_i_listed": "uncertain"}, {"art4_informed": "yes"}, {"art4_aware": "yes"}, {}):
        answers = {"annex_i_listed": "no", "informed_by_authority": "yes", **extra}
        assert outcome(answers) == ("authority_informed", "authority_notice", [])


# ---------------------------------------------------------------- rule 5: Article 4


def test_article_4_is_asked_after_the_authority_notice():
    assert outcome(NOT_LISTED) == ("incomplete", "art4", ["art4_informed"])
    # art4_informed first, even when art4_aware is answered
    assert outcome({**NOT_LISTED, "art4_aware": "yes"}) == ("incomplete", "art4", ["art4_informed"])
    assert outcome({**NOT_LISTED, "art4_informed": "no"}) == ("incomplete", "art4", ["art4_aware"])
    assert outcome({"annex_i_listed": "uncertain", "informed_by_authority": "no"}) == (
        "incomplete",
        "art4",
        ["art4_informed"],
    )


def test_informed_under_article_4_means_authorisation():
    for annex in ("no", "uncertain"):
        for aware in ({}, {"art4_aware": "uncertain"}, {"art4_aware": "no"}):
            answers = {
                "annex_i_listed": annex,
                "informed_by_authority": "no",
                "art4_informed": "yes",
                **aware,
            }
            assert outcome(answers) == ("art4_authority_informed", "art4", [])


def test_aware_under_article_4_means_notify():
    for annex in ("no", "uncertain"):
        answers = {
            "annex_i_listed": annex,
            "informed_by_authority": "no",
            "art4_informed": "no",
            "art4_aware": "yes",
        }
        assert outcome({**answers, "covert": "no"}) == ("art4_notify", "art4", [])


def test_the_article_4_explanations_cite_article_4():
    r = run({**NOT_LISTED, "art4_informed": "yes"})
    assert "Article 4(1)" in r["explanation"]
    r = run({**NOT_LISTED, "art4_informed": "no", "art4_aware": "yes"})
    assert "Article 4(2)" in r["explanation"] and "decides whether" in r["explanation"]


# ---------------------------------------------------------------- rule 6: doubt


def test_uncertain_annex_i_gives_classification_request_before_the_definition():
    answers = {"annex_i_listed": "uncertain", **{k: v for k, v in CLEAR.items() if k != "annex_i_listed"}}
    assert outcome({**answers, "covert": "no"}) == ("classification_request", "annex_i", [])


def test_doubt_about_article_4_gives_classification_request_at_art4():
    answers = {**NOT_LISTED, "art4_informed": "no", "art4_aware": "uncertain", "covert": "no"}
    assert outcome(answers) == ("classification_request", "art4", [])
    r = run(answers)
    assert "by analogy" in r["explanation"]


def test_annex_i_doubt_beats_article_4_doubt():
    answers = {"annex_i_listed": "uncertain", "informed_by_authority": "no", "art4_informed": "no"}
    assert outcome({**answers, "art4_aware": "uncertain"}) == ("classification_request", "annex_i", [])


# ---------------------------------------------------------------- rule 7: the definition


def test_definition_questions_are_asked_when_missing():
    assert outcome(CLEAR) == ("incomplete", "definition", list(contract.DEFINITION_QUESTIONS))
    partial = {**CLEAR, "covert": "yes", "capabilities": ["analysing"]}
    assert outcome(partial) == (
        "incomplete",
        "definition",
        ["specially_designed", "natural_persons", "ict_systems", "purely_commercial"],
    )


@pytest.mark.parametrize("element", contract.DEFINITION_ELEMENTS)
def test_any_element_no_means_not_cyber_surveillance(element):
    answers = {**CLEAR, **DEFINITION_OK, element: "no"}
    assert outcome(answers) == ("not_cyber_surveillance", "definition", [])


def test_no_beats_missing_and_uncertain_in_the_definition():
    assert outcome({**CLEAR, "natural_persons": "no"}) == ("not_cyber_surveillance", "definition", [])
    answers = {**CLEAR, "covert": "no", "specially_designed": "uncertain"}
    assert outcome(answers) == ("not_cyber_surveillance", "definition", [])


def test_purely_commercial_means_not_cyber_surveillance():
    answers = {**CLEAR, **DEFINITION_OK, "purely_commercial": "yes"}
    assert outcome(answers) == ("not_cyber_surveillance", "definition", [])
    assert outcome({**CLEAR, "purely_commercial": "yes"}) == ("not_cyber_surveillance", "definition", [])


def test_empty_capabilities_means_not_cyber_surveillance_but_missing_does_not():
    assert outcome({**CLEAR, **DEFINITION_OK, "capabilities": []}) == (
        "not_cyber_surveillance",
        "definition",
        [],
    )
    answers = {**CLEAR, **DEFINITION_OK}
    del answers["capabilities"]
    assert outcome(answers) == ("incomplete", "definition", ["capabilities"])


def test_missing_beats_uncertain_in_the_definition():
    answers = {**CLEAR, **DEFINITION_OK, "covert": "uncertain"}
    del answers["ict_systems"]
    assert outcome(answers) == ("incomplete", "definition", ["ict_systems"])


@pytest.mark.parametrize(
    "question", ["specially_designed", "covert", "natural_persons", "ict_systems", "purely_commercial"]
)
def test_uncertain_definition_gives_classification_request(question):
    answers = {**CLEAR, **DEFINITION_OK, question: "uncertain"}
    assert outcome(answers) == ("classification_request", "definition", [])


# ---------------------------------------------------------------- rule 8: sensitive end use


def test_end_use_questions_are_asked_when_missing():
    assert outcome({**CLEAR, **DEFINITION_OK}) == ("incomplete", "end_use", list(contract.END_USE_QUESTIONS))


def test_no_sensitive_end_use():
    answers = {**CLEAR, **DEFINITION_OK, **NO_END_USE}
    assert outcome(answers) == ("no_sensitive_end_use", "end_use", [])
    assert outcome({**answers, "legitimate_purpose": "no"}) == ("no_sensitive_end_use", "end_use", [])


@pytest.mark.parametrize("question", contract.END_USE_QUESTIONS)
def test_uncertain_end_use_gives_classification_request(question):
    answers = {**CLEAR, **DEFINITION_OK, **NO_END_USE, question: "uncertain"}
    assert outcome(answers) == ("classification_request", "end_use", [])


def test_missing_beats_uncertain_in_end_use():
    answers = {**CLEAR, **DEFINITION_OK, "internal_repression": "uncertain"}
    assert outcome(answers) == ("incomplete", "end_use", ["serious_hr_violations", "serious_ihl_violations"])


@pytest.mark.parametrize("question", contract.END_USE_QUESTIONS)
def test_aware_beats_missing_and_uncertain(question):
    assert outcome({**CLEAR, **DEFINITION_OK, question: "aware"}) == (
        "incomplete",
        "legitimacy",
        ["legitimate_purpose"],
    )
    answers = {
        **CLEAR,
        **DEFINITION_OK,
        **{q: "uncertain" for q in contract.END_USE_QUESTIONS},
        question: "aware",
        "legitimate_purpose": "yes",
    }
    assert outcome(answers) == ("notify_legitimate", "legitimacy", [])


# ---------------------------------------------------------------- rule 9: legitimacy


def test_legitimacy_outcomes():
    aware = {**CLEAR, **DEFINITION_OK, **AWARE}
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
    answers = {**CLEAR, **DEFINITION_OK, **NO_END_USE, "dd_item_support": "yes", "custom:internal ref": "X-1"}
    r = run(answers)
    assert [p["question"] for p in r["path"]] == [
        "annex_i_listed",
        "informed_by_authority",
        "art4_informed",
        "art4_aware",
        *contract.DEFINITION_QUESTIONS,
        *contract.END_USE_QUESTIONS,
    ]
    assert r["path"][8] == {"question": "capabilities", "answer": ["monitoring"]}


def test_the_path_holds_every_answered_question_of_the_deciding_rule():
    # rule 5 reads both Article 4 questions: art4_aware is on the path when art4_informed decides
    r = run({**NOT_LISTED, "art4_informed": "yes", "art4_aware": "uncertain"})
    assert [p["question"] for p in r["path"]] == [*NOT_LISTED, "art4_informed", "art4_aware"]
    # and nothing of the rules after it
    r = run({"annex_i_listed": "yes", "informed_by_authority": "no", "covert": "yes"})
    assert [p["question"] for p in r["path"]] == ["annex_i_listed"]


def test_explanation_names_the_deciding_answer_and_cites_the_article():
    r = run({**CLEAR, **DEFINITION_OK, "covert": "no"})
    assert "Covert surveillance: No" in r["explanation"]
    assert "Article 2(20)" in r["explanation"]
    r = run(
        {**CLEAR, **DEFINITION_OK, **NO_END_USE, "internal_repression": "aware", "legitimate_purpose": "no"}
    )
    assert "Article 5(2)" in r["explanation"]
    assert "Internal repression: Aware" in r["explanation"]
    assert "refrain from exporting" in r["explanation"]


def test_explanation_of_incomplete_names_what_is_missing():
    r = run(CLEAR)
    assert "Still to answer: Specially designed; Covert surveillance" in r["explanation"]


def test_the_json_form_is_the_contract_form():
    r = run(CLEAR)
    assert list(r) == ["outcome", "decided_at", "missing", "warnings", "holds", "path", "explanation"]


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


@pytest.mark.parametrize("member_state", ["DE", "FR", "AT", "GR"])
def test_another_member_state_than_the_netherlands_is_warned_of(member_state):
    r = run({"annex_i_listed": "yes"}, member_state=member_state)
    assert r["warnings"] == ["other_member_state"] and r["outcome"] == "annex_i_listed"
    assert run({}, member_state="NL")["warnings"] == []
    assert run({})["warnings"] == []  # the default member state is NL


@pytest.mark.parametrize("destination", contract.CUSTOMS_TERRITORY_DESTINATIONS)
def test_the_destinations_whose_territory_and_customs_territory_differ_are_warned_of(destination):
    assert contract.CUSTOMS_TERRITORY_DESTINATIONS == ("ES", "DE", "IT", "FR", "CY")
    r = run({}, destination_country=destination)
    assert r["warnings"] == ["customs_territory"] and r["outcome"] == "not_an_export"
    for other in ("AT", "NL", "AE", "GB", None):
        assert run({}, destination_country=other)["warnings"] == []


def test_country_review_warnings_and_their_order():
    r = run(
        {"dd_country_arms_embargo": "yes", "dd_country_recognised_violations": "yes"},
        member_state="BE",
        destination_country="CY",
        parties=[{"role": "consignee", "sector": "coastguard"}],
        red_flags=[{"id": "unusual_routing", "status": "present"}],
    )
    assert r["warnings"] == list(contract.WARNINGS)
    assert run({"dd_country_arms_embargo": "uncertain"})["warnings"] == []


# ---------------------------------------------------------------- holds


def _full(answers: dict[str, Any], rationale: str | None = "why") -> dict[str, Any]:
    return {
        k: {"value": v, "rationale": rationale} if rationale is not None else v for k, v in answers.items()
    }


DD_DONE: dict[str, Any] = {
    "dd_end_user_identity": "yes",
    "dd_end_use_purpose": "Investigations under a court order",
    "dd_end_use_credibility": "credible",
    "dd_country_recognised_violations": "no",
    "dd_country_arms_embargo": "no",
    "dd_country_sources": "UN reports of 2026",
    "dd_country_prescribed_by_law": "yes",
    "dd_country_legitimate_aim": "yes",
    "dd_country_proportionate": "yes",
    "dd_country_safeguards": "yes",
}


def settled(answers: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """A version 2 dossier with nothing to settle before sign-off: a notify_legitimate outcome with a
    rationale for every answer on the path, the due diligence done, its one party screened."""
    decided = {**CLEAR, **DEFINITION_OK, **AWARE, "legitimate_purpose": "yes"}
    data = dossier_dict(
        {**_full(decided), **DD_DONE, **(answers or {})},
        version=2,
        destination_country="AE",
        parties=[POLICE],
        screening=[{"party": 0, "name": "Police HQ", "list": "eu_fsf", "hits": []}],
    )
    data.update(fields)
    return data


def assessed(data: dict[str, Any]) -> dict[str, Any]:
    return assess(dossier_from_json(data)).to_json()


def test_a_settled_dossier_has_no_holds():
    r = assessed(settled())
    assert (r["outcome"], r["holds"]) == ("notify_legitimate", [])


def test_outcome_incomplete():
    r = assessed(settled({"legitimate_purpose": None}))
    assert (r["outcome"], r["holds"]) == ("incomplete", ["outcome_incomplete"])


def test_destination_missing():
    data = settled()
    del data["destination_country"]
    r = assessed(data)
    assert (r["outcome"], r["holds"]) == ("notify_legitimate", ["destination_missing"])


def test_end_user_missing():
    r = assessed(settled(parties=[{**POLICE, "role": "consignee"}]))
    assert (r["outcome"], r["holds"]) == ("notify_legitimate", ["end_user_missing"])
    r = assessed(settled(parties=[{**POLICE, "role": None}]))
    assert r["holds"] == ["end_user_missing"]


def test_parties_not_screened():
    # a renamed party is unscreened again; a party without a name needs no screening
    r = assessed(settled(parties=[{**POLICE, "name": "Police Headquarters"}]))
    assert (r["outcome"], r["holds"]) == ("notify_legitimate", ["parties_not_screened"])
    r = assessed(settled(parties=[POLICE, {"role": "intermediary", "name": "  "}, {"role": "broker"}]))
    assert r["holds"] == []
    r = assessed(settled(parties=[POLICE, {"role": "intermediary", "name": "Delta"}]))
    assert r["holds"] == ["parties_not_screened"]


def test_screening_hits_open():
    data = settled(screening=[match_record(disposition="open")])
    assert assessed(data)["holds"] == ["screening_hits_open"]
    data = settled(screening=[match_record(disposition="false_positive")])
    assert assessed(data)["holds"] == []
    # an open hit of a record made under an earlier name no longer counts; the party is unscreened
    data = settled(
        parties=[{**POLICE, "name": "Police HQ Abu Dhabi"}], screening=[match_record(disposition="open")]
    )
    assert assessed(data)["holds"] == ["parties_not_screened"]


def test_red_flags_unresolved():
    r = assessed(settled(red_flags=[{"id": "targets_groups", "status": "present"}]))
    assert (r["outcome"], r["holds"]) == ("notify_legitimate", ["red_flags_unresolved"])
    r = assessed(settled(red_flags=[{"id": "targets_groups", "status": "resolved", "note": "answered"}]))
    assert r["holds"] == []


@pytest.mark.parametrize(
    "question",
    ["annex_i_listed", "art4_aware", "covert", "capabilities", "serious_hr_violations", "legitimate_purpose"],
)
def test_rationale_missing_on_the_path(question):
    value = {**CLEAR, **DEFINITION_OK, **AWARE, "legitimate_purpose": "yes"}[question]
    for bare in (value, {"value": value, "rationale": " \n"}, {"value": value}):
        r = assessed(settled({question: bare}))
        assert (r["outcome"], r["holds"]) == ("notify_legitimate", ["rationale_missing"]), bare


def test_a_no_to_either_notice_needs_no_rationale_and_answers_off_the_path_need_none():
    r = assessed(settled({"informed_by_authority": "no", "art4_informed": "no"}))
    assert r["holds"] == []
    # a "yes" needs one
    r = assessed(settled({"informed_by_authority": "yes"}))
    assert (r["outcome"], r["holds"]) == ("authority_informed", ["rationale_missing"])
    r = assessed(settled({"informed_by_authority": "no", "art4_informed": "yes"}))
    assert (r["outcome"], r["holds"]) == ("art4_authority_informed", ["rationale_missing"])
    # answers the rules did not read need none (legitimate_purpose after no_sensitive_end_use)
    r = assessed(
        settled({"serious_hr_violations": {"value": "none", "rationale": "x"}, "legitimate_purpose": "no"})
    )
    assert (r["outcome"], r["holds"]) == ("no_sensitive_end_use", [])


@pytest.mark.parametrize("question", contract.DUE_DILIGENCE_REQUIRED)
def test_due_diligence_incomplete(question):
    for missing in (None, "  ") if question in ("dd_end_use_purpose", "dd_country_sources") else (None,):
        r = assessed(settled({question: missing}))
        assert (r["outcome"], r["holds"]) == ("notify_legitimate", ["due_diligence_incomplete"]), missing
    data = settled({question: None})
    data["answers"]["legitimate_purpose"] = {"value": "no", "rationale": "none found"}
    assert assessed(data)["holds"] == ["due_diligence_incomplete"]  # notify_no_legitimate_purpose
    data["answers"]["serious_hr_violations"] = {"value": "none", "rationale": "none found"}
    assert assessed(data)["holds"] == ["due_diligence_incomplete"]  # no_sensitive_end_use


def test_due_diligence_is_not_held_for_outcomes_before_the_end_use():
    answers = {q: None for q in contract.DUE_DILIGENCE_REQUIRED}
    for changed, expected in (
        ({"covert": {"value": "no", "rationale": "overt"}}, "not_cyber_surveillance"),
        ({"covert": {"value": "uncertain", "rationale": "?"}}, "classification_request"),
        ({"annex_i_listed": {"value": "yes", "rationale": "5A001.j"}}, "annex_i_listed"),
    ):
        r = assessed(settled({**answers, **changed}))
        assert (r["outcome"], r["holds"]) == (expected, []), expected


@pytest.mark.parametrize("question", contract.COUNTRY_RISKS)
def test_country_risk_unaddressed(question):
    no_end_use = {"serious_hr_violations": {"value": "none", "rationale": "none found"}}
    r = assessed(settled({**no_end_use, question: "yes"}))
    assert (r["outcome"], r["holds"]) == ("no_sensitive_end_use", ["country_risk_unaddressed"])
    # only with no_sensitive_end_use, and only for "yes"
    assert assessed(settled({question: "yes"}))["holds"] == []
    assert assessed(settled({**no_end_use, question: "uncertain"}))["holds"] == []


def test_legitimacy_inconsistent():
    for answers in (
        {"dd_end_use_credibility": "not_credible"},
        *({q: "no"} for q in contract.RESTRICTION_TESTS),
    ):
        r = assessed(settled(answers))
        assert (r["outcome"], r["holds"]) == ("notify_legitimate", ["legitimacy_inconsistent"]), answers
        no_purpose = {**answers, "legitimate_purpose": {"value": "no", "rationale": "none"}}
        assert assessed(settled(no_purpose))["holds"] == []  # notify_no_legitimate_purpose is consistent
    for answers in ({"dd_end_use_credibility": "doubtful"}, {"dd_country_safeguards": "uncertain"}):
        assert assessed(settled(answers))["holds"] == []


def test_holds_come_in_the_contracts_order_and_never_change_the_outcome():
    data = settled(
        {"dd_end_use_credibility": "not_credible", "dd_country_sources": None, "covert": "yes"},
        parties=[{"role": "consignee", "name": "Gulf LLC"}, {"role": "intermediary", "name": "Delta"}],
        screening=[match_record(party=1, name="Delta", disposition="open")],
        red_flags=[{"id": "targets_groups", "status": "present"}],
    )
    del data["destination_country"]
    r = assessed(data)
    assert r["outcome"] == "notify_legitimate"
    assert r["holds"] == [
        "destination_missing",
        "end_user_missing",
        "parties_not_screened",
        "screening_hits_open",
        "red_flags_unresolved",
        "rationale_missing",
        "due_diligence_incomplete",
        "legitimacy_inconsistent",
    ]
    assert r["holds"] == [h for h in contract.HOLDS if h in r["holds"]]


def test_which_holds_may_be_accepted():
    assert acceptable_holds(contract.HOLDS) == contract.HOLDS[1:]
    assert acceptable_holds(["outcome_incomplete"]) == ()
    a = assess(dossier_from_json(dossier_dict({}, parties=[{"role": "consignee", "name": "X"}])))
    assert a.holds[:3] == ("outcome_incomplete", "destination_missing", "end_user_missing")
    assert a.acceptable_holds == tuple(h for h in a.holds if h != "outcome_incomplete")


# ---------------------------------------------------------------- the practitioner's cases (issue 12)


def test_a_dutch_exporter_shipping_to_france_is_not_told_to_notify():
    data = example_v2()
    data["destination_country"] = "FR"
    for party in data["parties"]:
        party["country"] = "FR"
    r = assessed(data)
    assert (r["outcome"], r["decided_at"]) == ("not_an_export", "scope")
    assert "customs_territory" in r["warnings"] and "other_member_state" not in r["warnings"]


def test_a_dossier_without_end_user_screening_or_due_diligence_is_held():
    decided = {**CLEAR, **DEFINITION_OK, **NO_END_USE}
    data = dossier_dict(
        decided, version=2, destination_country="AE", parties=[{"role": "consignee", "name": "Gulf LLC"}]
    )
    r = assessed(data)
    assert r["outcome"] == "no_sensitive_end_use"  # holds never change the outcome ...
    # ... but the dossier cannot be signed off before these are settled or explicitly accepted
    assert r["holds"] == [
        "end_user_missing",
        "parties_not_screened",
        "rationale_missing",
        "due_diligence_incomplete",
    ]
    # the same as a version 1 file, without the Article 4 answers: incomplete, which no one can accept
    v1 = dossier_dict({**CLEAR, **DEFINITION_OK, **NO_END_USE, "art4_informed": None, "art4_aware": None})
    r = assessed(v1)
    assert (r["outcome"], r["missing"]) == ("incomplete", ["art4_informed"])
    assert r["holds"][0] == "outcome_incomplete" and acceptable_holds(r["holds"]) == tuple(r["holds"][1:])


def _syria(end_use: dict[str, Any], **dd: Any) -> dict[str, Any]:
    service = {
        "role": "end_user",
        "name": "General Intelligence Directorate",
        "country": "SY",
        "sector": "intelligence",
    }
    return settled(
        {**_full(end_use), "dd_country_arms_embargo": "yes", "dd_country_recognised_violations": "yes", **dd},
        destination_country="SY",
        parties=[service],
        screening=[{"party": 0, "name": service["name"], "list": "un_sc", "hits": []}],
    )


def test_a_syrian_intelligence_service_is_held_for_its_country_risks():
    r = assessed(_syria(NO_END_USE))
    assert r["outcome"] == "no_sensitive_end_use"
    assert r["holds"] == ["country_risk_unaddressed"]
    assert r["warnings"] == ["government_end_user", "recognised_violations", "arms_embargo"]
    # a legitimate purpose accepted while the four-part test failed and the end use is not credible
    r = assessed(_syria(AWARE, dd_country_proportionate="no", dd_end_use_credibility="not_credible"))
    assert (r["outcome"], r["holds"]) == ("notify_legitimate", ["legitimacy_inconsistent"])


# ---------------------------------------------------------------- version 1 files


def test_version_1_files_keep_their_meaning_under_the_version_2_rules():
    r = assessed(example())
    assert (r["outcome"], r["decided_at"], r["missing"]) == ("incomplete", "art4", ["art4_informed"])
    assert r["warnings"] == ["government_end_user", "unresolved_red_flags"]  # as under version 1
    assert r["holds"][0] == "outcome_incomplete"
    data = example()
    data["answers"].update(NO_ART4)  # a version 1 file may answer any question of the current content
    r = assessed(data)
    assert (r["outcome"], r["decided_at"]) == ("notify_legitimate", "legitimacy")
    assert r["warnings"] == ["government_end_user", "unresolved_red_flags"]
    # a version 1 file has no screening: its named parties are not screened
    assert "parties_not_screened" in r["holds"]


def test_the_version_2_example_holds_only_what_its_sign_off_accepted():
    data = example_v2()
    r = assessed(data)
    assert r["outcome"] == "notify_legitimate"
    assert r["holds"] == data["sign_off"]["accepted_holds"] == ["red_flags_unresolved"]


# ---------------------------------------------------------------- property test, against an oracle

YNU = ["yes", "no", "uncertain"]
SCALE = ["none", "theoretical", "aware", "uncertain"]


def mostly(common: str, *others: str, times: int = 4) -> list[str]:
    """Every value can be drawn, ``common`` (the one that lets the rules go on) more often, so that the
    later rules are reached often enough; the others in the middle (Hypothesis favours the ends)."""
    return [*[common] * times, *others, *[common] * times]


VALUES: dict[str, list[Any]] = {
    "annex_i_listed": mostly("no", "yes", "uncertain"),
    "informed_by_authority": mostly("no", "yes"),
    "art4_informed": mostly("no", "yes"),
    "art4_aware": mostly("no", "yes", "uncertain"),
    **{q: mostly("yes", "no", "uncertain", times=10) for q in contract.DEFINITION_ELEMENTS},
    "purely_commercial": mostly("no", "yes", "uncertain", times=10),
    **{q: SCALE for q in contract.END_USE_QUESTIONS},
    "legitimate_purpose": ["yes", "no"],
    "dd_end_user_identity": YNU,
    "dd_end_use_purpose": ["", " ", "court orders"],
    "dd_end_use_credibility": ["credible", "doubtful", "not_credible"],
    "dd_country_recognised_violations": YNU,
    "dd_country_arms_embargo": YNU,
    "dd_country_sources": ["", "UN reports"],
    **{q: YNU for q in contract.RESTRICTION_TESTS},
}
capability_lists = st.lists(st.sampled_from(contract.CAPABILITIES), unique=True, min_size=1)
MEMBER = ["FR", "DE", "NL", "CY"]
OUTSIDE = ["AE", "SY", "CH"]
NAMES = ["Alpha", "Beta", " "]


@st.composite
def dossiers(draw: st.DrawFn) -> dict[str, Any]:
    """A version 2 dossier: some questions answered (in either form, with or without a rationale), a
    destination or none, up to three parties, screening records (some made under another name), red
    flags."""
    answers: dict[str, Any] = {}
    gaps = draw(st.sampled_from([0, 0, 3, 30]))  # how often, in per cent, a question is left open
    for qid in dict.fromkeys((*contract.DECISION_QUESTIONS, *VALUES)):
        if draw(st.integers(0, 99)) < gaps:
            continue  # not answered
        if qid == "capabilities":
            value = [] if draw(st.integers(0, 9)) == 5 else draw(capability_lists)
        else:
            value = draw(st.sampled_from(VALUES[qid]))
        form = draw(st.sampled_from(["bare", "rationale", "rationale", "rationale", "blank"]))
        if draw(st.integers(0, 99)) < gaps:
            form = "null"
        answers[qid] = {
            "bare": value,
            "rationale": {"value": value, "rationale": "because"},
            "blank": {"value": value, "rationale": "  "},
            "null": {"value": None, "rationale": "still checking"},
        }[form]
    party = st.fixed_dictionaries(
        {},
        optional={
            "role": st.sampled_from(["end_user", "end_user", "consignee", *contract.PARTY_ROLES]),
            "name": st.sampled_from(NAMES),
            "country": st.sampled_from(MEMBER + OUTSIDE),
        },
    )
    parties = draw(st.lists(party, max_size=3))
    if draw(st.integers(0, 3)):
        parties.insert(0, {"role": "end_user", "name": "Alpha", "country": draw(st.sampled_from(OUTSIDE))})
    screening = []
    confirm = draw(st.integers(0, 9)) == 0  # a confirmed match somewhere
    for i, p in enumerate(parties):
        for list_id in draw(st.lists(st.sampled_from(["eu_fsf", "un_sc"]), unique=True, max_size=2)):
            name = draw(st.sampled_from([p.get("name") or "Gamma", "Gamma"]))
            if not name.strip():
                name = "Gamma"
            dispositions = draw(
                st.lists(st.sampled_from(["open", "false_positive", "false_positive"]), max_size=2)
            )
            if confirm and draw(st.booleans()):
                dispositions.append("match")
            hits = [
                {"entry": f"E{j}", "name": "N", "disposition": d, **({"note": "n"} if d != "open" else {})}
                for j, d in enumerate(dispositions)
            ]
            screening.append({"party": i, "name": name, "list": list_id, "hits": hits})
    flags = draw(st.lists(st.sampled_from(["present", "absent", "resolved"]), max_size=2))
    data = dossier_dict(
        answers,
        version=2,
        parties=parties,
        screening=screening,
        red_flags=[{"id": f"custom:flag {i}", "status": s} for i, s in enumerate(flags)],
    )
    destination = draw(st.sampled_from([None, *MEMBER, *OUTSIDE * 5]))
    if destination:
        data["destination_country"] = destination
    return data


def _value(raw: Any) -> Any:
    return raw.get("value") if isinstance(raw, dict) else raw


def oracle_outcome(d: dict[str, Any]) -> tuple[str, str, list[str], list[str]]:
    """Rules 1 to 9 of DESIGN.md section 4 written again, plainly: (outcome, decided_at, missing, the
    questions on the path)."""
    a = {k: _value(v) for k, v in d.get("answers", {}).items() if _value(v) is not None}
    path: list[str] = []

    def read(*qids: str) -> None:
        path.extend(q for q in qids if q in a)

    # 1. sanctions: a confirmed match, in any record
    if any(h["disposition"] == "match" for r in d.get("screening", []) for h in r["hits"]):
        return "restricted_party", "sanctions", [], path
    # 2. scope
    eu = {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU"}
    eu |= {"IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}
    countries = [
        p["country"]
        for p in d.get("parties", [])
        if p.get("role") in ("end_user", "consignee") and p.get("country")
    ]
    if d.get("destination_country") in eu and all(c in eu for c in countries):
        return "not_an_export", "scope", [], path
    # 3. Annex I
    read("annex_i_listed")
    if "annex_i_listed" not in a:
        return "incomplete", "annex_i", ["annex_i_listed"], path
    if a["annex_i_listed"] == "yes":
        return "annex_i_listed", "annex_i", [], path
    # 4. Art. 5(1)
    read("informed_by_authority")
    if "informed_by_authority" not in a:
        return "incomplete", "authority_notice", ["informed_by_authority"], path
    if a["informed_by_authority"] == "yes":
        return "authority_informed", "authority_notice", [], path
    # 5. Art. 4
    read("art4_informed", "art4_aware")
    if "art4_informed" not in a:
        return "incomplete", "art4", ["art4_informed"], path
    if a["art4_informed"] == "yes":
        return "art4_authority_informed", "art4", [], path
    if "art4_aware" not in a:
        return "incomplete", "art4", ["art4_aware"], path
    if a["art4_aware"] == "yes":
        return "art4_notify", "art4", [], path
    # 6. doubt
    if a["annex_i_listed"] == "uncertain":
        return "classification_request", "annex_i", [], path
    if a["art4_aware"] == "uncertain":
        return "classification_request", "art4", [], path
    # 7. definition
    six = [
        "specially_designed",
        "covert",
        "natural_persons",
        "ict_systems",
        "capabilities",
        "purely_commercial",
    ]
    read(*six)
    if (
        a.get("purely_commercial") == "yes"
        or any(a.get(q) == "no" for q in six[:4])
        or a.get("capabilities") == []
    ):
        return "not_cyber_surveillance", "definition", [], path
    if any(q not in a for q in six):
        return "incomplete", "definition", [q for q in six if q not in a], path
    if any(a[q] == "uncertain" for q in six if q != "capabilities"):
        return "classification_request", "definition", [], path
    # 8. end use
    three = ["internal_repression", "serious_hr_violations", "serious_ihl_violations"]
    read(*three)
    if not any(a.get(q) == "aware" for q in three):
        if any(q not in a for q in three):
            return "incomplete", "end_use", [q for q in three if q not in a], path
        if any(a[q] == "uncertain" for q in three):
            return "classification_request", "end_use", [], path
        return "no_sensitive_end_use", "end_use", [], path
    # 9. legitimacy
    read("legitimate_purpose")
    if "legitimate_purpose" not in a:
        return "incomplete", "legitimacy", ["legitimate_purpose"], path
    return (
        ("notify_legitimate" if a["legitimate_purpose"] == "yes" else "notify_no_legitimate_purpose"),
        ("legitimacy"),
        [],
        path,
    )


def oracle_holds(d: dict[str, Any], outcome: str, path: list[str]) -> list[str]:
    """The holds of DESIGN.md section 4 written again, plainly."""
    raw = d.get("answers", {})

    def answered(q: str) -> bool:
        v = _value(raw.get(q))
        return v is not None and not (isinstance(v, str) and not v.strip())

    def value(q: str) -> Any:
        return _value(raw.get(q))

    parties = d.get("parties", [])
    current = [r for r in d.get("screening", []) if parties[r["party"]].get("name") == r["name"]]
    named = [i for i, p in enumerate(parties) if (p.get("name") or "").strip()]
    holds = []
    if outcome == "incomplete":
        holds.append("outcome_incomplete")
    if not d.get("destination_country"):
        holds.append("destination_missing")
    if not any(p.get("role") == "end_user" for p in parties):
        holds.append("end_user_missing")
    if any(i not in {r["party"] for r in current} for i in named):
        holds.append("parties_not_screened")
    if any(h["disposition"] == "open" for r in current for h in r["hits"]):
        holds.append("screening_hits_open")
    if any(f["status"] == "present" for f in d.get("red_flags", [])):
        holds.append("red_flags_unresolved")
    for q in path:
        rationale = raw[q].get("rationale") if isinstance(raw[q], dict) else None
        exempt = q in ("informed_by_authority", "art4_informed") and value(q) == "no"
        if not exempt and not (rationale or "").strip():
            holds.append("rationale_missing")
            break
    six = ["dd_end_user_identity", "dd_end_use_purpose", "dd_end_use_credibility"]
    six += ["dd_country_recognised_violations", "dd_country_arms_embargo", "dd_country_sources"]
    due = outcome in ("no_sensitive_end_use", "notify_legitimate", "notify_no_legitimate_purpose")
    if due and not all(answered(q) for q in six):
        holds.append("due_diligence_incomplete")
    risks = ["dd_country_recognised_violations", "dd_country_arms_embargo"]
    if outcome == "no_sensitive_end_use" and any(value(q) == "yes" for q in risks):
        holds.append("country_risk_unaddressed")
    four = ["dd_country_prescribed_by_law", "dd_country_legitimate_aim", "dd_country_proportionate"]
    four.append("dd_country_safeguards")
    if outcome == "notify_legitimate" and (
        value("dd_end_use_credibility") == "not_credible" or any(value(q) == "no" for q in four)
    ):
        holds.append("legitimacy_inconsistent")
    return holds


@settings(max_examples=400, deadline=None)
@given(data=dossiers())
def test_property_the_rules_and_holds_are_those_of_the_contract(data):
    r = assessed(data)
    expected_outcome, expected_step, expected_missing, expected_path = oracle_outcome(data)
    assert (r["outcome"], r["decided_at"], r["missing"]) == (
        expected_outcome,
        expected_step,
        expected_missing,
    )
    assert [p["question"] for p in r["path"]] == expected_path
    assert r["holds"] == oracle_holds(data, expected_outcome, expected_path)

    assert r["outcome"] in contract.OUTCOMES and r["decided_at"] in contract.DECIDED_AT
    assert (r["outcome"] == "incomplete") == bool(r["missing"])
    assert ("outcome_incomplete" in r["holds"]) == (r["outcome"] == "incomplete")
    assert r["explanation"].strip()


@settings(max_examples=100, deadline=None)
@given(data=dossiers())
def test_property_both_answer_forms_give_the_same_outcome(data):
    bare = {**data, "answers": {k: _value(v) for k, v in data["answers"].items()}}
    r, s = assessed(data), assessed(bare)
    assert {k: v for k, v in r.items() if k != "holds"} == {k: v for k, v in s.items() if k != "holds"}
