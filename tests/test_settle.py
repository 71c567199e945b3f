"""Where each hold of DESIGN.md section 4 is settled (``core.decision.where_settled``): the wizard's
page, and the question when one settles it. The desktop program's sign-off dialog and outcome page
link there; the rules of when a hold holds stay in ``core.decision`` alone."""

from __future__ import annotations

from typing import Any

import pytest

from core import contract
from core.content import default_content
from core.decision import Settle, assess, places_to_settle, where_settled
from core.dossier import dossier_from_json
from tests.test_decision import settled


def places(data: dict[str, Any]) -> dict[str, Settle]:
    dossier = dossier_from_json(data)
    result = assess(dossier)
    found = places_to_settle(dossier, result)
    assert [p.hold for p in found] == list(result.holds)  # one place for each hold, in their order
    return {p.hold: p for p in found}


def test_a_dossier_without_holds_has_nothing_to_settle():
    assert places(settled()) == {}


def test_an_incomplete_outcome_is_settled_at_the_first_question_still_to_answer():
    found = places(settled({"legitimate_purpose": None}))
    assert found["outcome_incomplete"] == Settle("outcome_incomplete", "legitimacy", "legitimate_purpose")
    found = places(settled({"art4_aware": None}))
    assert found["outcome_incomplete"] == Settle("outcome_incomplete", "art4", "art4_aware")


def test_the_destination_is_settled_on_the_transaction_page():
    found = places(settled(destination_country=None))
    assert found["destination_missing"] == Settle("destination_missing", "transaction")


def test_parties_screening_and_hits_are_settled_on_the_parties_page():
    data = settled(parties=[{"role": "consignee", "name": "Broker", "country": "AE"}], screening=[])
    found = places(data)
    assert found["end_user_missing"] == Settle("end_user_missing", "parties")
    assert found["parties_not_screened"] == Settle("parties_not_screened", "parties")
    data = settled()
    data["screening"][0]["hits"] = [
        {"entry": "EU.1.1", "name": "POLICE HQ", "score": 0.9, "disposition": "open"}
    ]
    assert places(data)["screening_hits_open"] == Settle("screening_hits_open", "parties")


def test_red_flags_are_settled_where_the_red_flags_panel_is():
    data = settled(red_flags=[{"id": "unusual_routing", "status": "present"}])
    content = default_content()
    panel_page = next(s.id for s in content.steps if "red_flags" in s.panels)
    assert places(data)["red_flags_unresolved"] == Settle("red_flags_unresolved", panel_page)


def test_a_missing_rationale_is_settled_at_the_first_answer_on_the_path_without_one():
    data = settled({"covert": "yes"})  # no rationale now
    assert places(data)["rationale_missing"] == Settle("rationale_missing", "definition", "covert")


def test_due_diligence_is_settled_at_the_first_question_not_answered():
    data = settled({"dd_end_use_credibility": None, "dd_country_sources": None})
    found = places(data)["due_diligence_incomplete"]
    assert found == Settle("due_diligence_incomplete", "due_diligence", "dd_end_use_credibility")


def test_country_risks_are_weighed_in_the_end_use_answers():
    data = settled(
        {"serious_hr_violations": {"value": "none", "rationale": "why"}, "dd_country_arms_embargo": "yes"}
    )
    first = contract.END_USE_QUESTIONS[0]
    assert places(data)["country_risk_unaddressed"] == Settle("country_risk_unaddressed", "end_use", first)


def test_an_inconsistent_legitimate_purpose_is_settled_at_its_question():
    data = settled({"dd_country_safeguards": "no"})
    found = places(data)["legitimacy_inconsistent"]
    assert found == Settle("legitimacy_inconsistent", "legitimacy", contract.LEGITIMATE)


@pytest.mark.parametrize("hold", contract.HOLDS)
def test_every_hold_has_a_page_of_the_wizard(hold):
    content = default_content()
    dossier = dossier_from_json(settled())
    place = where_settled(hold, dossier, assess(dossier), content)
    assert place.step in {s.id for s in content.steps}
    if place.question is not None:
        assert content.question(place.question).step == place.step
