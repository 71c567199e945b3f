"""Issue 12, point 5: the report and the drafts for the authority carry what the authority needs (every
party, the transaction, the customs id, the Annex I reasoning, every element of Art. 2(20), the screening
with list versions, the holds or why they were accepted, the enclosures), the letter carries no advice
meant for the exporter, and the report says what was not assessed and why the record is kept so long.
Read back with pypdf from the full version 2 example (tests/data/example-dossier-v2.json)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from core.content import default_content
from core.dossier import dossier_from_json
from core.report import report_input
from core.report.dossier_report import render_report
from core.report.drafts import render_draft
from core.report.record import read_record
from core.store import Workbook
from tests.conftest import DATA, example, example_v2
from tests.test_report import pdf_text, squash

V2_FILE = DATA / "example-dossier-v2.json"


def classification_v2() -> dict[str, Any]:
    """The version 2 example in doubt about Annex I: the classification annex, not signed off."""
    d = example_v2()
    d["answers"]["annex_i_listed"]["value"] = "uncertain"
    del d["sign_off"]
    return d


def texts(d: dict[str, Any]) -> dict[str, str]:
    """The text of the report and of the draft the dossier's outcome calls for, squashed."""
    data = report_input(dossier_from_json(d), deterministic=True)
    draft = render_draft(data, invariant=True)
    assert draft is not None and data.authority_draft is not None
    return {
        "report": "\n".join(pdf_text(render_report(data, invariant=True))),
        data.authority_draft.id: "\n".join(pdf_text(draft)),
    }


@pytest.fixture(scope="module")
def documents() -> dict[str, str]:
    """The report and the notification of the example, and the classification annex of its variant."""
    out = texts(example_v2())
    annex = texts(classification_v2())
    out["classification"] = annex["classification"]
    out["classification_report"] = annex["report"]  # not signed off: its holds are open
    return out


def _every_party_fact(d: dict[str, Any]) -> list[str]:
    c = default_content()
    out = []
    for p in d["parties"]:
        out += [p["name"], p["address"], c.role_labels[p["role"]], c.sector_labels[p["sector"]]]
    return [*out, "United Arab Emirates (AE)"]


@pytest.mark.parametrize("document", ["report", "notification", "classification"])
def test_the_report_and_each_draft_hold_every_new_field(documents, document):
    d = example_v2()
    text = squash(documents[document])
    t = d["transaction"]
    a = d["answers"]
    wanted = [
        *_every_party_fact(d),  # the intermediary too
        t["quantity"],
        "EUR 125 000.50",
        t["contract_reference"],
        t["contract_date"],
        t["planned_export_date"],
        t["export_date"],
        d["exporter"]["customs_id"],
        # the Annex I reasoning: the answer's rationale, the entries considered and why
        a["annex_i_listed"]["rationale"],
        a["annex_i_entries_considered"]["value"],
        a["annex_i_entries_considered"]["rationale"],
        # every element of Art. 2(20), with its rationale
        *(a[q]["rationale"] for q in ("specially_designed", "covert", "natural_persons", "ict_systems")),
        a["capabilities"]["rationale"],
        a["purely_commercial"]["rationale"],
        # the screening: the lists, their versions, the decisions on the hits
        "EU Financial Sanctions Files",
        "UN Security Council Consolidated List",
        "bank watch list",
        "2026-11-18T09:00:00+01:00",
        "2026-11-17T00:00:00Z",
        "Gulf Integrated Trading LLC",
        "false positive",
        # the enclosures: every evidence file with its description, size and hash
        *(e["filename"] for e in d["evidence"]),
        *(e["description"] for e in d["evidence"]),
        *(e["sha256"] for e in d["evidence"]),
        "1 234",
    ]
    c = default_content()
    elements = ("specially_designed", "covert", "natural_persons", "ict_systems", "capabilities")
    # each element by its label in a letter, by its question in the report
    wanted += [c.question(q).text if document == "report" else c.question(q).label for q in elements]
    wanted.append(c.question("purely_commercial").text if document == "report" else "Purely commercial")
    missing = [w for w in wanted if squash(w) not in text]
    assert not missing, f"{document} lacks {missing}"


@pytest.mark.parametrize("document", ["report", "notification"])
def test_the_accepted_holds_are_named_with_the_reason(documents, document):
    d = example_v2()
    text = squash(documents[document])
    assert squash("Red flags present") in text  # the hold's title from the content
    assert squash(d["sign_off"]["accepted_because"]) in text
    assert squash("accepted at sign-off") in text.lower()


def test_the_open_holds_are_named_in_the_draft_and_the_report(documents):
    for document in ("classification_report", "classification"):
        text = squash(documents[document])
        assert squash("Red flags present") in text
        assert squash("accepted at sign-off") not in text.lower()
        assert squash("not yet settled") in text.lower(), document


# ---------------------------------------------------------------- no advice for the exporter in a letter


def advising() -> dict[str, Any]:
    """A dossier that gives every warning and many holds, with the notification as its draft."""
    d = example_v2()
    del d["sign_off"]
    d["member_state"] = "DE"  # other_member_state
    d["destination_country"] = "FR"  # customs_territory; the end user outside the Union keeps it an export
    d["answers"]["dd_country_recognised_violations"] = "yes"
    d["answers"]["dd_country_arms_embargo"] = "yes"
    d["answers"]["dd_end_use_credibility"] = "not_credible"  # legitimacy_inconsistent
    d["answers"]["legitimate_purpose"] = {"value": "yes"}  # rationale_missing
    d["parties"].append({"role": "broker", "name": "Unscreened Brokers Ltd", "country": "GB"})
    d["screening"][2]["hits"][0]["disposition"] = "open"
    return d


def exporter_advice() -> list[str]:
    """Every text of the content and the code meant for the exporter: what a warning, a hold and an
    outcome tell the exporter to do, and the report's own sentences of that kind."""
    c = default_content()
    out = [w.text for w in c.warnings.values()]
    out += [h.text for h in c.holds.values()]
    out += [o.explanation for o in c.outcomes.values()]
    return [*out, "before relying on this assessment", "Resolve each one"]


def test_no_draft_carries_advice_meant_for_the_exporter():
    d = advising()
    data = report_input(dossier_from_json(d))
    a = data.assessment
    assert a.outcome == "notify_legitimate"
    assert set(a.warnings) >= {
        "government_end_user",
        "unresolved_red_flags",
        "recognised_violations",
        "arms_embargo",
        "other_member_state",
        "customs_territory",
    }
    assert set(a.holds) >= {
        "parties_not_screened",
        "screening_hits_open",
        "red_flags_unresolved",
        "rationale_missing",
        "legitimacy_inconsistent",
    }
    advice = exporter_advice()
    in_doubt = advising()  # the same, in doubt about Annex I: the classification annex
    in_doubt["answers"]["annex_i_listed"]["value"] = "uncertain"
    letters = {
        "notification": texts(d)["notification"],
        "classification": texts(in_doubt)["classification"],
    }
    for name, letter in letters.items():
        flat = squash(letter)
        found = [text for text in advice if squash(text) in flat]
        assert not found, f"the {name} carries advice for the exporter: {found}"
    # the report keeps them
    report = squash("\n".join(pdf_text(render_report(data))))
    assert squash(default_content().warnings["unresolved_red_flags"].text) in report
    assert squash(default_content().holds["legitimacy_inconsistent"].text) in report


# ---------------------------------------------------------------- Annex I, red flags, retention, reply


def test_the_annex_i_entries_are_shown_for_reference_with_their_context(documents):
    text = squash(documents["report"])
    assert squash("shown for reference") in text
    c = default_content()
    entry = next(e for e in c.annex_entries if e.code == "5A001.j")
    assert entry.context and entry.items and entry.notes
    # the heading line of 5A001, then the entry, its items and its note, each whole
    whole = [f"{line.code} {line.text}" for line in entry.context]
    whole += [f"{entry.code} {entry.text}", *(f"{i.code} {i.text}" for i in entry.items), *entry.notes]
    positions = [text.find(squash(w)) for w in whole]
    assert -1 not in positions, [w for w, p in zip(whole, positions, strict=True) if p < 0]
    assert positions == sorted(positions)


@pytest.mark.parametrize("document", ["report", "notification", "classification"])
def test_the_red_flags_not_assessed_are_counted(documents, document):
    total = len(default_content().red_flags)
    assessed = sum(1 for f in example_v2()["red_flags"] if not f["id"].startswith("custom:"))
    said = f"{total - assessed} of the {total} red flags were not assessed"
    assert squash(said) in squash(documents[document])


def test_the_report_says_the_retention_date_and_its_basis(tmp_path):
    with Workbook.open(tmp_path / "wb.ddwb") as wb:
        [did] = wb.import_batches([(V2_FILE, [dossier_from_json(example_v2())])])
        text = squash("\n".join(pdf_text(render_report(report_input(read_record(wb, did))))))
    assert squash("kept until at least 2032-12-31") in text
    assert squash("the end of the year of the export date, 2027, plus five years") in text
    # a dossier file signed off says it too, from the same rule
    d = example_v2()
    del d["transaction"]["export_date"]
    d["sign_off"]["export_year"] = None
    text = squash("\n".join(pdf_text(render_report(report_input(dossier_from_json(d))))))
    assert squash("kept until at least 2032-12-31") in text
    assert squash("the end of the year of the planned export date, 2027, plus five years") in text


def test_the_report_shows_the_authority_reply_and_the_actual_export_date(documents):
    text = squash(documents["report"])
    reply = example_v2()["authority_reply"]
    for shown in (
        "Reply of the competent authority",
        reply["reference"],
        reply["sent_on"],
        reply["decided_on"],
        reply["note"],
        "No authorisation required",
        "Actual export date",
        "2027-03-01",
    ):
        assert squash(shown) in text, shown


def test_a_version_1_dossier_still_reports():
    d = example()
    assert d["version"] == 1
    data = report_input(dossier_from_json(copy.deepcopy(d)))
    text = squash("\n".join(pdf_text(render_report(data))))
    assert squash(d["title"]) in text
    draft = render_draft(data)
    if draft is not None:
        assert squash(d["exporter"]["name"]) in squash("\n".join(pdf_text(draft)))


# ---------------------------------------------------------------- the change history, in words


def test_the_history_tells_the_version_2_fields_and_the_annotations_in_words(tmp_path):
    """The report's change history (core.history) names the transaction's facts, the customs number and
    the authority's reply by their words, and the annotations after sign-off, never a raw field name
    or a Python object."""
    import dataclasses

    from core.dossier import AuthorityReply
    from core.history import timeline

    with Workbook.open(tmp_path / "wb.ddwb") as wb:
        d = example_v2()
        del d["sign_off"]
        [did] = wb.import_batches([(V2_FILE, [dossier_from_json(d)])])
        x = wb.dossier(did)
        x = dataclasses.replace(
            x,
            transaction=dataclasses.replace(x.transaction, quantity="11 licences", value=99.0),
            exporter=dataclasses.replace(x.exporter, customs_id="NL999"),
            authority_reply=AuthorityReply("notification", "2026-12-02"),
        )
        wb.update(x)
        wb.finalise(did, "J. de Vries", "Officer", accept_holds="answered in writing")
        wb.set_export_date(did, "2028-01-05")
        wb.set_authority_reply(
            did, AuthorityReply("notification", "2026-12-02", "CDIU-1", "authorisation_required")
        )
        lines = [
            line for e in timeline(list(wb.journal(did)), default_content()) for line in (e.what, *e.details)
        ]
        report = "\n".join(pdf_text(render_report(report_input(read_record(wb, did)))))
    text = "\n".join(lines)
    for raw in ("{", "annotate", "transaction", "authority_reply", "customs_id", "retention_until"):
        assert raw not in text, (raw, text)
    for said in (
        "Transaction, quantity: “10 analyst licences and 1 server appliance” → “11 licences”",
        "Transaction, value: 125 000.50 → 99.00",
        "Exporter, customs number (EORI): “NL812345678” → “NL999”",
        "Authority's reply, sent on: 2026-12-01 → 2026-12-02",
        "Authority's reply, decision: no authorisation required → (none)",
        "Recorded after sign-off",
        "Actual export date: 2027-03-01 → 2028-01-05",
        "The record is kept until: 2032-12-31 → 2033-12-31",
        "Authority's reply, decision: (none) → authorisation required",
    ):
        assert said in text, (said, text)
        assert squash(said) in squash(report), said


def test_the_history_tells_a_sign_off_with_its_retention_basis_and_the_holds_accepted(tmp_path):
    from core.history import timeline

    with Workbook.open(tmp_path / "wb.ddwb") as wb:
        d = example_v2()
        del d["sign_off"]
        del d["transaction"]["export_date"]
        del d["transaction"]["planned_export_date"]
        [did] = wb.import_batches([(V2_FILE, [dossier_from_json(d)])])
        wb.finalise(did, "J. de Vries", "Officer", dt.date(2026, 11, 25), accept_holds="answered in writing")
        [signed] = [e for e in timeline(list(wb.journal(did)), default_content()) if e.what == "Signed off"]
    assert signed.details == (
        "by J. de Vries (Officer) on 2026-11-25",
        "the record is kept until 2031-12-31: the end of the year of sign-off, 2026, plus five years",
        "holds accepted: Red flags present",
        "the reason given: “answered in writing”",
    )


def test_a_rationale_follows_its_answer_after_a_colon_whatever_its_case():
    """A rationale written in lower case read "Yes. built to analyse ..." in the letter; after a colon
    it reads as written."""
    d = example_v2()
    d["answers"]["covert"] = {"value": "yes", "rationale": "the subscribers are not told"}
    notification = squash("\n".join(texts(d).values()))
    assert squash("Yes: the subscribers are not told") in notification
    assert squash("Yes. the subscribers") not in notification


def test_every_fact_not_given_in_the_transaction_table_says_so():
    """Found walking through the program: of the facts left empty, some read "not given" and others
    (contact, version, kind, description, stated end use) were blank cells."""
    from tests.conftest import dossier_dict

    data = report_input(dossier_from_json(dossier_dict(title="Bare")), deterministic=True)
    text = squash("\n".join(pdf_text(render_report(data, invariant=True))))
    for label in ("Exportercontact", "Version", "Kind", "Description", "Statedenduse", "Exporteraddress"):
        assert f"{label}notgiven" in text, label


def test_the_letter_says_not_given_for_an_empty_fact_as_the_report_does():
    """An empty exporter address, contact, item kind, description or stated end use was a blank row in
    the letter, where the report says "not given" (found walking the program in Dutch)."""
    d = example_v2()
    d["exporter"] = {"name": "Acme", "country": "NL"}
    d["item"] = {"name": "Probe"}
    d.pop("stated_end_use", None)
    data = report_input(dossier_from_json(d), deterministic=True)
    draft = render_draft(data, invariant=True)
    assert draft is not None
    lines = "\n".join(pdf_text(draft)).splitlines()  # a table's label, then its value, a line each
    for label in ("Address", "Contact", "Kind", "Description", "Stated end use"):
        assert lines[lines.index(label) + 1] == "not given", label
