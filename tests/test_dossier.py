"""The interchange format of DESIGN.md section 3: reading both answer forms, writing, and validation
that names the field and what was expected."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from core import contract
from core.content import Content
from core.dossier import (
    Answer,
    AuthorityReply,
    DossierError,
    ScreeningHit,
    ScreeningRecord,
    SignOff,
    Transaction,
    canonical_json,
    dossier_from_json,
    dossier_to_json,
    dossiers_from_json,
    dumps,
    fingerprint,
    fingerprint_of_json,
    needed_version,
    parse_json_text,
    read_dossier_file,
    sealed_fingerprint,
)
from tests.conftest import DATA, dossier_dict, example, example_v2


def test_example_reads_with_every_section(content):
    d = dossier_from_json(example())
    assert d.title == "Lawful interception analytics for AE police"
    assert d.member_state == "NL" and d.destination_country == "AE"
    assert d.item.kind == "software" and d.exporter.country == "NL"
    assert d.parties[0].sector == "police"
    assert d.answers["annex_i_listed"] == Answer("no", "Not 5D001.e: no handover interface", ("ev1",))
    assert d.answers["covert"] == Answer("yes")
    assert d.answers["capabilities"].value == ("collecting", "analysing")
    assert d.red_flags[0].status == "present" and d.mitigations[0].id == "limited_functionality"
    assert d.evidence[0].size == 1234


def test_both_answer_forms_give_the_same_model():
    short = dossier_from_json(dossier_dict({"covert": "yes", "capabilities": ["analysing"]}))
    full = dossier_from_json(
        dossier_dict({"covert": {"value": "yes"}, "capabilities": {"value": ["analysing"]}})
    )
    assert short == full


def test_round_trip_keeps_everything():
    d = dossier_from_json(example())
    written = dossier_to_json(d)
    again = dossier_from_json(json.loads(json.dumps(written)))
    assert again == d
    assert dossier_to_json(again) == written
    assert written["answers"]["covert"] == {"value": "yes"}
    assert written["answers"]["annex_i_listed"]["evidence"] == ["ev1"]


def test_minimal_draft_needs_only_format_version_and_title():
    d = dossier_from_json({"format": "ddworkbook/dossier", "version": 1, "title": "Draft"})
    assert d.member_state == "NL" and d.answers == {} and d.sign_off is None
    assert dossier_to_json(d)["title"] == "Draft"


def test_custom_answers_and_flags_are_kept():
    d = dossier_from_json(
        dossier_dict(
            {"custom:board approval": "given on 3 May"},
            red_flags=[{"id": "custom:odd e-mail domain", "status": "resolved", "note": "checked"}],
            mitigations=[{"id": "custom:escrow"}],
        )
    )
    assert d.answers["custom:board approval"].value == "given on 3 May"
    assert d.red_flags[0].id == "custom:odd e-mail domain"


def test_lower_case_country_codes_are_normalised():
    d = dossier_from_json(dossier_dict(destination_country="ae", member_state="nl"))
    assert (d.destination_country, d.member_state) == ("AE", "NL")


def test_fingerprint_is_stable_and_follows_the_content():
    a = dossier_from_json(example())
    b = dossier_from_json(example())
    assert fingerprint(a) == fingerprint(b)
    assert len(fingerprint(a)) == 64
    assert canonical_json(a).startswith(b"{") and b" " not in canonical_json(a)[:20]
    data = example()
    data["answers"]["covert"] = "no"
    assert fingerprint(dossier_from_json(data)) != fingerprint(a)


def test_array_of_dossiers_reports_the_index():
    with pytest.raises(DossierError) as e:
        dossiers_from_json([dossier_dict(), dossier_dict({"covert": "maybe"})])
    assert e.value.problems[0][0] == "[1].answers.covert"
    assert len(dossiers_from_json([dossier_dict(), dossier_dict()])) == 2


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation setting a dotted path (list indexes as numbers) in a dossier dict."""

    def apply(d: dict[str, Any]) -> None:
        keys = path.split(".")
        target: Any = d
        for k in keys[:-1]:
            target = target[int(k)] if isinstance(target, list) else target[k]
        last = keys[-1]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return apply


def _delete(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda d: d.pop(key)


BAD: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    # (case, mutation of the example, field named, words of the message)
    ("wrong format", _set("format", "ddworkbook/other"), "format", "expected 'ddworkbook/dossier'"),
    ("format missing", _delete("format"), "format", "expected"),
    ("newer version", _set("version", 3), "version", "newer"),
    ("version 0", _set("version", 0), "version", "version 0 is not supported; expected 1 or 2"),
    ("version as text", _set("version", "1"), "version", "expected the number 1 or 2"),
    ("version missing", _delete("version"), "version", "required"),
    ("title missing", _delete("title"), "title", "required"),
    ("title blank", _set("title", "   "), "title", "blank"),
    ("title too long", _set("title", "x" * 201), "title", "1 to 200"),
    ("title wrong type", _set("title", 5), "title", "expected a string"),
    ("unknown field", _set("titel", "x"), "titel", "unknown field (did you mean 'title'?)"),
    (
        "unknown answer key",
        _set("answers.coverd", "yes"),
        "answers.coverd",
        "unknown question id (did you mean 'covert'?)",
    ),
    ("empty custom key", _set("answers.custom:", "x"), "answers.custom:", "needs a text"),
    (
        "value not allowed",
        _set("answers.covert", "maybe"),
        "answers.covert",
        "expected one of 'yes', 'no', 'uncertain', found 'maybe'",
    ),
    (
        "full form value not allowed",
        _set("answers.covert", {"value": "probably"}),
        "answers.covert.value",
        "expected one of",
    ),
    (
        "yes_no takes no uncertain",
        _set("answers.informed_by_authority", "uncertain"),
        "answers.informed_by_authority",
        "expected one of 'yes', 'no'",
    ),
    (
        "scale value from another kind",
        _set("answers.serious_hr_violations", "yes"),
        "answers.serious_hr_violations",
        "'none', 'theoretical', 'aware', 'uncertain'",
    ),
    ("value of wrong type", _set("answers.covert", True), "answers.covert", "found a boolean"),
    (
        "capabilities not a list",
        _set("answers.capabilities", "monitoring"),
        "answers.capabilities",
        "expected an array",
    ),
    (
        "unknown capability",
        _set("answers.capabilities", ["spying"]),
        "answers.capabilities",
        "'spying' is not one of",
    ),
    (
        "repeated capability",
        _set("answers.capabilities", ["monitoring", "monitoring"]),
        "answers.capabilities",
        "twice",
    ),
    (
        "full form without value",
        _set("answers.covert", {"rationale": "x"}),
        "answers.covert.value",
        "required",
    ),
    (
        "full form unknown key",
        _set("answers.covert", {"value": "yes", "note": "x"}),
        "answers.covert.note",
        "unknown field",
    ),
    (
        "dangling evidence",
        _set("answers.covert", {"value": "yes", "evidence": ["ev9"]}),
        "answers.covert.evidence",
        "'ev9' is not in the dossier's evidence list",
    ),
    (
        "rationale wrong type",
        _set("answers.covert", {"value": "yes", "rationale": 3}),
        "answers.covert.rationale",
        "expected a string",
    ),
    ("answers not an object", _set("answers", ["covert"]), "answers", "expected an object"),
    (
        "bad destination",
        _set("destination_country", "XX"),
        "destination_country",
        "not an ISO 3166-1 alpha-2",
    ),
    (
        "alpha-3 destination",
        _set("destination_country", "ARE"),
        "destination_country",
        "not an ISO 3166-1 alpha-2",
    ),
    (
        "bad party country",
        _set("parties.0.country", "UAE"),
        "parties[0].country",
        "not an ISO 3166-1 alpha-2",
    ),
    (
        "bad exporter country",
        _set("exporter.country", "Holland"),
        "exporter.country",
        "not an ISO 3166-1 alpha-2",
    ),
    ("member state outside the EU", _set("member_state", "US"), "member_state", "not a member state"),
    ("bad party role", _set("parties.0.role", "customer"), "parties[0].role", "expected one of"),
    ("bad party sector", _set("parties.0.sector", "army"), "parties[0].sector", "expected one of"),
    ("party not an object", _set("parties.0", "Police HQ"), "parties[0]", "expected an object"),
    ("parties not an array", _set("parties", {"role": "end_user"}), "parties", "expected an array"),
    ("bad item kind", _set("item.kind", "firmware"), "item.kind", "expected one of"),
    (
        "unknown red flag",
        _set("red_flags.0.id", "targets_group"),
        "red_flags[0].id",
        "unknown red flag 'targets_group' (did you mean 'targets_groups'?)",
    ),
    (
        "bad red flag status",
        _set("red_flags.0.status", "open"),
        "red_flags[0].status",
        "expected one of 'present', 'absent', 'resolved'",
    ),
    ("red flag without status", lambda d: d["red_flags"][0].pop("status"), "red_flags[0].status", "required"),
    (
        "unknown mitigation",
        _set("mitigations.0.id", "kill_switch"),
        "mitigations[0].id",
        "unknown mitigation measure",
    ),
    ("bad sha256", _set("evidence.0.sha256", "abc"), "evidence[0].sha256", "64 hexadecimal"),
    ("bad size", _set("evidence.0.size", "12 kB"), "evidence[0].size", "whole number"),
    ("negative size", _set("evidence.0.size", -1), "evidence[0].size", "whole number"),
    ("bad added_at", _set("evidence.0.added_at", "yesterday"), "evidence[0].added_at", "ISO 8601"),
    (
        "evidence without filename",
        lambda d: d["evidence"][0].pop("filename"),
        "evidence[0].filename",
        "required",
    ),
    (
        "duplicate evidence id",
        lambda d: d["evidence"].append(dict(d["evidence"][0])),
        "evidence[1].id",
        "duplicate",
    ),
    (
        "bad sign-off date",
        _set("sign_off", {"name": "A", "role": "B", "date": "24/11/2026"}),
        "sign_off.date",
        "YYYY-MM-DD",
    ),
    (
        "sign-off without role",
        _set("sign_off", {"name": "A", "date": "2026-11-24"}),
        "sign_off.role",
        "required",
    ),
    ("null title", _set("title", None), "title", "must not be null"),
    # hostile values (issue 9): each refused with its field named, never an internal error
    ("lone surrogate in the title", _set("title", "Scanner \ud800"), "title", "not valid Unicode"),
    (
        "lone surrogate in a party's name",
        _set("parties.0.name", "\udce9"),
        "parties[0].name",
        "not valid Unicode",
    ),
    (
        "lone surrogate in a rationale",
        _set("answers.covert", {"value": "yes", "rationale": "\udfff"}),
        "answers.covert.rationale",
        "not valid Unicode",
    ),
    (
        "lone surrogate in a key",
        _set("answers.custom:\ud800", "x"),
        "answers.custom:\\ud800",
        "not valid Unicode",
    ),
    ("huge whole number", _set("evidence.0.size", 10**4999), "evidence[0].size", "out of range"),
    ("size over SQLite's range", _set("evidence.0.size", 2**63), "evidence[0].size", "out of range"),
    ("infinite number", _set("parties.0.name", float("inf")), "parties[0].name", "out of range"),
    (
        "sign-off before 1900",
        _set("sign_off", {"name": "A", "role": "B", "date": "1899-12-31"}),
        "sign_off.date",
        "between 1900-01-01 and 2199-12-31",
    ),
    (
        "sign-off after 2199",
        _set("sign_off", {"name": "A", "role": "B", "date": "9999-12-31"}),
        "sign_off.date",
        "between 1900-01-01 and 2199-12-31",
    ),
    (
        "added_at in year 1",
        _set("evidence.0.added_at", "0001-01-01T00:00:00"),
        "evidence[0].added_at",
        "between 1900-01-01 and 2199-12-31",
    ),
    (
        "added_at in 2200",
        _set("evidence.0.added_at", "2200-01-01"),
        "evidence[0].added_at",
        "between 1900-01-01 and 2199-12-31",
    ),
    (
        "non-ASCII digits in a date",
        _set("sign_off", {"name": "A", "role": "B", "date": "٢٠٢٦-٠١-٠١"}),
        "sign_off.date",
        "YYYY-MM-DD",
    ),
    (
        "evidence id with a path",
        _set("evidence.0.id", "../../x"),
        "evidence[0].id",
        "1 to 64 letters, digits",
    ),
    ("absolute evidence id", _set("evidence.0.id", "/abs/path"), "evidence[0].id", "1 to 64 letters"),
    ("evidence id with a space", _set("evidence.0.id", "ev 1"), "evidence[0].id", "1 to 64 letters"),
    ("evidence id too long", _set("evidence.0.id", "e" * 65), "evidence[0].id", "1 to 64 letters"),
    ("empty evidence id", _set("evidence.0.id", ""), "evidence[0].id", "1 to 64 letters"),
    ("absolute evidence path", _set("evidence.0.path", "/etc/shadow"), "evidence[0].path", "absolute path"),
    ("evidence path leading up", _set("evidence.0.path", "../../etc/passwd"), "evidence[0].path", "'..'"),
    ("Windows drive path", _set("evidence.0.path", "C:\\x"), "evidence[0].path", "absolute path"),
    (
        "Windows share path",
        _set("evidence.0.path", "\\\\server\\share\\x"),
        "evidence[0].path",
        "absolute path",
    ),
    ("dossier id with a slash", _set("id", "a/b"), "id", "path separator"),
    ("dossier id with a backslash", _set("id", "a\\b"), "id", "path separator"),
    ("dossier id '..'", _set("id", ".."), "id", "'.' or '..'"),
    ("dossier id '.'", _set("id", "."), "id", "'.' or '..'"),
    ("dossier id with a NUL", _set("id", "a\x00b"), "id", "control characters"),
    ("dossier id with a newline", _set("id", "a\nb"), "id", "control characters"),
    ("dossier id like a file name", _set("id", "d.JSON"), "id", "'.json'"),
]


@pytest.mark.parametrize(("case", "mutate", "field", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_names_the_field(case, mutate, field, words):
    data = example()
    mutate(data)
    with pytest.raises(DossierError) as e:
        dossier_from_json(data)
    fields = [f for f, _ in e.value.problems]
    assert field in fields, e.value.problems
    message = dict(e.value.problems)[field]
    assert words in message
    assert field in str(e.value)  # the one-line form names the field too
    str(e.value).encode("utf-8")  # and can be printed: no lone surrogate, no 5,000-digit number
    assert len(str(e.value)) < 500 and "\n" not in str(e.value)


def test_not_an_object():
    with pytest.raises(DossierError, match="expected an object, found an array"):
        dossier_from_json([])  # an empty list is not a dossier
    with pytest.raises(DossierError, match="expected an object, found a string"):
        dossier_from_json("hello")


def test_several_problems_are_all_reported_and_summarised():
    data = example()
    data["answers"]["covert"] = "maybe"
    data["destination_country"] = "XX"
    data["parties"][0]["role"] = "boss"
    with pytest.raises(DossierError) as e:
        dossier_from_json(data)
    assert len(e.value.problems) == 3
    assert "(and 2 more problems:" in str(e.value)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"format": "ddworkbook/dossier", "format": "x"}', "duplicate key 'format'"),
        ('{"version": NaN}', "NaN is not valid JSON"),
        ('{"title": "x",}', "not valid JSON"),
        ("", "not valid JSON"),
    ],
)
def test_json_text_problems(text, words):
    with pytest.raises(DossierError, match=words):
        parse_json_text(text)


def test_file_problems_name_the_file(tmp_path):
    with pytest.raises(DossierError, match=r"missing\.json: file not found"):
        read_dossier_file(tmp_path / "missing.json")
    with pytest.raises(DossierError, match="is a folder"):
        read_dossier_file(tmp_path)
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"title": "Café"}'.encode("latin-1"))
    with pytest.raises(DossierError, match=r"latin1\.json: not UTF-8"):
        read_dossier_file(latin1)
    bom = tmp_path / "bom.json"
    bom.write_text(json.dumps(dossier_dict()), encoding="utf-8-sig")
    assert read_dossier_file(bom)[0].title == "Test dossier"


@pytest.mark.parametrize(
    ("number", "words"),
    [
        ("1" * 5000, "a number of 5000 digits"),
        ("-" + "9" * 30, "a number of 30 digits"),
        ("1" * 5000 + ".5", "out of range"),
        ("1e999", "out of range"),
    ],
)
def test_numbers_from_json_text_are_refused_with_the_field(number, words):
    text = (
        '{"format": "ddworkbook/dossier", "version": 1, "title": "x", "evidence": '
        '[{"id": "e", "filename": "f", "size": ' + number + "}]}"
    )
    with pytest.raises(DossierError) as e:
        dossiers_from_json(parse_json_text(text))
    assert e.value.problems[0][0] == "evidence[0].size" and words in e.value.problems[0][1]
    assert len(str(e.value)) < 200


def test_surrogate_escapes_in_json_text_are_refused_with_the_field():
    text = '[{"format": "ddworkbook/dossier", "version": 1, "title": "x", "reference": "\\ud800"}]'
    with pytest.raises(DossierError) as e:
        dossiers_from_json(parse_json_text(text))
    assert e.value.problems == [
        ("[0].reference", "is not valid Unicode text (it holds a lone surrogate such as \\ud800)")
    ]


def test_numbers_of_up_to_4300_digits_are_never_quoted_whole():
    for field, value in (
        ("version", 10**4000),
        ("evidence", [{"id": "e", "filename": "f", "size": 10**4000}]),
    ):
        data = {**dossier_dict(), field: value}
        with pytest.raises(DossierError) as e:
            dossier_from_json(data)
        assert "out of range" in str(e.value) and len(str(e.value)) < 200


def test_a_value_that_refers_to_itself_is_refused_not_walked_forever():
    data = dossier_dict()
    data["parties"] = [{"name": "x"}]
    data["parties"].append(data["parties"])  # only code can build this; JSON cannot
    with pytest.raises(DossierError, match=r"parties\[1\]"):
        dossier_from_json(data)


# ---------------------------------------------------------------------------- version 2 of the format

# The fingerprints of the version 1 example as the program computed them before version 2 existed (the
# example alone, and with the sign-off "A", "B", 2026-11-25): recorded in workbooks, printed on reports
# and sealed in journals, so they may never change.
V1_FINGERPRINT = "5ae57bae2dbf6dbeefbe383bfbba01b40e4ec7220c5973c4ffb2093d7270d385"
V1_SEALED = "8c38c1361d2d7138399218b6d76d2e95897f43b37ea902b8102ce2050769fa4f"


def _full_answers(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with every answer in the full form, as the writer writes it."""
    out: dict[str, Any] = json.loads(json.dumps(data))
    out["answers"] = {k: v if isinstance(v, dict) else {"value": v} for k, v in data["answers"].items()}
    return out


def test_version_2_example_reads_every_field():
    d = dossier_from_json(example_v2())
    assert d.id == "exp-2026-021" and d.exporter.customs_id == "NL812345678"
    assert d.transaction == Transaction(
        quantity="10 analyst licences and 1 server appliance",
        value=125000.5,
        currency="EUR",
        contract_reference="C-2026-88",
        contract_date="2026-10-01",
        planned_export_date="2027-02-15",
        export_date="2027-03-01",
    )
    assert [p.role for p in d.parties] == ["end_user", "consignee", "intermediary"]
    assert len(d.screening) == 7
    assert d.screening[2] == ScreeningRecord(
        party=1,
        name="Gulf Integration LLC",
        list_id="eu_fsf",
        list_version="2026-11-18T09:00:00+01:00",
        screened_at="2026-11-20T10:05:00+01:00",
        hits=(
            ScreeningHit(
                "EU.4521.77",
                "Gulf Integrated Trading LLC",
                0.84,
                "false_positive",
                "other registration number and address",
            ),
        ),
    )
    assert d.screening[0].hits == () and d.screening[6].list_id == "custom:bank watch list"
    assert d.authority_reply == AuthorityReply(
        kind="notification",
        sent_on="2026-12-01",
        reference="CDIU-2026-1234",
        decision="no_authorisation_required",
        decided_on="2027-01-10",
        note="letter of 10 January 2027",
    )
    assert d.sign_off == SignOff(
        "J. de Vries",
        "Trade compliance officer",
        "2027-01-20",
        export_year=2027,
        accepted_holds=("red_flags_unresolved",),
        accepted_because="the question about journalists was answered in writing; see the end-user statement",
    )
    assert d.evidence[1].path == "example-evidence/end-user-statement.txt"
    assert (DATA / d.evidence[1].path).stat().st_size == d.evidence[1].size


def test_version_2_example_is_written_back_exactly():
    data = example_v2()
    d = dossier_from_json(data)
    written = dossier_to_json(d)
    assert written == _full_answers(data)  # every field, in the full answer form
    again = dossier_from_json(json.loads(dumps(d)))
    assert again == d and dossier_to_json(again) == written
    assert needed_version(d) == 2


def test_version_1_example_keeps_its_meaning_and_is_written_as_version_2():
    v1 = dossier_from_json(example())
    assert dossier_from_json({**example(), "version": 2}) == v1  # the same fields, the same meaning
    assert v1.transaction == Transaction() and v1.screening == [] and v1.authority_reply is None
    assert v1.exporter.customs_id is None
    written = json.loads(dumps(v1))
    assert written["version"] == 2
    expected = _full_answers(example())
    expected["answers"]["capabilities"]["value"] = ["collecting", "analysing"]  # the question's order
    assert {**written, "version": 1} == expected  # nothing added, nothing lost
    assert dossier_from_json(written) == v1
    assert needed_version(v1) == 1


def test_fingerprints_recorded_before_version_2_stay_valid():
    v1 = dossier_from_json(example())
    assert fingerprint(v1) == V1_FINGERPRINT
    assert fingerprint_of_json(dossier_to_json(v1)) == V1_FINGERPRINT
    assert json.loads(canonical_json(v1))["version"] == 1  # a dossier version 1 can hold hashes as then
    signed = dataclasses.replace(v1, sign_off=SignOff("A", "B", "2026-11-25"))
    assert sealed_fingerprint(signed) == fingerprint(signed) == V1_SEALED
    # the two annotations of after sign-off, added later, leave such a seal as it was
    annotated = dataclasses.replace(
        signed,
        authority_reply=AuthorityReply(kind="notification", sent_on="2026-12-01"),
        transaction=Transaction(export_date="2027-03-01"),
    )
    assert sealed_fingerprint(annotated) == V1_SEALED
    assert fingerprint(annotated) != V1_SEALED
    assert json.loads(canonical_json(annotated))["version"] == 2


V2_VALUES: dict[str, Any] = {
    "transaction": {"value": 1.0},
    "screening": [{"party": 0, "name": "Police HQ", "list": "eu_fsf", "hits": []}],
    "authority_reply": {"kind": "notification"},
    "exporter.customs_id": "NL812345678",
    "sign_off.export_year": 2027,
    "sign_off.accepted_holds": ["red_flags_unresolved"],
    "sign_off.accepted_because": "accepted",
}


@pytest.mark.parametrize("path", contract.V2_FIELDS)
def test_a_version_1_file_may_not_hold_version_2_fields(path):
    assert set(V2_VALUES) == set(contract.V2_FIELDS)
    data = example()
    data["sign_off"] = {"name": "A", "role": "B", "date": "2026-11-25"}
    if path.startswith("sign_off.accepted_"):  # the holds and the reason go together: both are named
        data["sign_off"]["accepted_holds"] = V2_VALUES["sign_off.accepted_holds"]
        data["sign_off"]["accepted_because"] = V2_VALUES["sign_off.accepted_because"]
    section, _dot, key = path.partition(".")
    if key:
        data[section][key] = V2_VALUES[path]
    else:
        data[section] = V2_VALUES[path]
    with pytest.raises(DossierError) as e:
        dossier_from_json(data)
    message = dict(e.value.problems)[path]
    assert message == "needs version 2 of the dossier format (this file is version 1)"
    data["version"] = 2
    dossier_from_json(data)  # the same, as version 2, is a good dossier


# -- every field counts in the fingerprint; all but the after-sign-off annotations in the seal

Path_ = tuple[str | int, ...]


def _leaves(value: Any, path: Path_ = ()) -> Iterator[Path_]:
    """The paths of the scalar values (and of the empty or answer-value arrays) in a JSON value."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(value, list) and value and not (len(path) >= 2 and path[0] == "answers"):
        for i, v in enumerate(value):
            yield from _leaves(v, (*path, i))
    else:
        yield path


def _get(data: Any, path: Path_) -> Any:
    for k in path:
        data = data[k]
    return data


def _put(data: Any, path: Path_, value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


_OTHER: dict[str, Any] = {
    # by the name of the field: another valid value
    "country": "BE",
    "destination_country": "SA",
    "member_state": "BE",
    "kind": "hardware",
    "role": "other",
    "sector": "unknown",
    "status": "absent",
    "currency": "USD",
    "value": 99.25,
    "score": 0.5,
    "disposition": "match",
    "list": "custom:another list",
    "decision": "other",
    "export_year": 2031,
    "size": 99,
    "sha256": "cd" * 32,
    "hits": [{"entry": "X.1", "name": "X", "score": 0.9, "disposition": "open"}],
    "accepted_holds": ["destination_missing"],
    "evidence": ["ev1"],
}
_DATES = ("date", "contract_date", "planned_export_date", "export_date", "sent_on", "decided_on")


def _other(path: Path_, value: Any, content: Content) -> Any:
    """Another valid value for the field at ``path`` of the version 2 example."""
    key = next(k for k in reversed(path) if isinstance(k, str))
    if path[0] == "answers" and (len(path) == 2 or path[2] == "value"):
        question = content.question(str(path[1])) if not str(path[1]).startswith("custom:") else None
        if question is None or not question.values:
            return value + " (changed)"
        if isinstance(value, list):
            return [v for v in question.values if v not in value][:1]
        return next(v for v in question.values if v != value)
    if key == "evidence" and path[0] == "answers":
        return [] if value else ["ev1"]
    if key in _DATES:
        return "2026-12-31" if value != "2026-12-31" else "2026-12-30"
    if key in ("screened_at", "added_at"):
        return "2026-12-31T12:00:00+01:00"
    if path == ("authority_reply", "kind"):
        return "classification_request"
    if key == "accepted_holds" or (len(path) > 2 and path[1] == "accepted_holds"):
        return ["destination_missing"] if path[-1] == "accepted_holds" else "destination_missing"
    if key == "id" and path[0] == "red_flags":
        return "custom:another flag"
    if key == "id" and path[0] == "mitigations":
        return "custom:another measure"
    if key == "id" and path[0] == "evidence":
        return "ev9"  # not cited by any answer: ev1 and ev2 are
    if key in _OTHER:
        return _OTHER[key]
    assert isinstance(value, str), path
    return value + " (changed)"


def _variants(content: Content) -> Iterator[tuple[Path_, Any]]:
    data = example_v2()
    for path in _leaves(data):
        if path in (("format",), ("version",)):
            continue
        changed = example_v2()
        if path[:1] == ("evidence",) and path[2] == "id" and _get(data, path) in ("ev1", "ev2"):
            continue  # an evidence id cited by answers: changed below with its citations
        if path[:1] == ("screening",) and path[2] == "party":
            # another party, one without a record for that list (a second one would be an error)
            taken = {(r["party"], r["list"]) for r in data["screening"]}
            record = data["screening"][path[1]]
            free = [p for p in range(len(data["parties"])) if (p, record["list"]) not in taken]
            if free:
                _put(changed, path, free[0])
                yield path, changed
            continue
        _put(changed, path, _other(path, _get(data, path), content))
        yield path, changed
    renamed = example_v2()
    renamed["evidence"][0]["id"] = "ev9"
    renamed["answers"]["annex_i_listed"]["evidence"] = ["ev9"]
    yield ("evidence", 0, "id"), renamed


def test_every_field_counts_in_the_fingerprint_and_all_but_two_in_the_seal(content):
    base = dossier_from_json(example_v2())
    seen = 0
    for path, data in _variants(content):
        changed = dossier_from_json(data)  # each variant is a good dossier
        assert changed != base, path
        assert fingerprint(changed) != fingerprint(base), path
        assert canonical_json(changed) != canonical_json(base), path
        after_sign_off = path[0] == "authority_reply" or path == ("transaction", "export_date")
        assert (sealed_fingerprint(changed) == sealed_fingerprint(base)) == after_sign_off, path
        seen += 1
    assert seen > 100  # every field of the example: the walk did walk


def test_the_seal_leaves_out_exactly_the_after_sign_off_annotations():
    base = dossier_from_json(example_v2())
    without = dataclasses.replace(
        base, authority_reply=None, transaction=dataclasses.replace(base.transaction, export_date=None)
    )
    assert sealed_fingerprint(without) == sealed_fingerprint(base)
    assert fingerprint(without) != fingerprint(base)
    # an export date alone is no transaction in the seal: recording it later changes nothing there
    bare = dataclasses.replace(base, transaction=Transaction())
    dated = dataclasses.replace(base, transaction=Transaction(export_date="2027-03-01"))
    assert sealed_fingerprint(bare) == sealed_fingerprint(dated)
    assert sealed_fingerprint(dataclasses.replace(base, authority_reply=None)) == sealed_fingerprint(base)


def test_a_whole_number_value_and_score_are_read_as_numbers():
    data = example_v2()
    data["transaction"]["value"] = 125000
    data["screening"][2]["hits"][0]["score"] = 1
    d = dossier_from_json(data)
    assert d.transaction.value == 125000.0 and isinstance(d.transaction.value, float)
    assert d.screening[2].hits[0].score == 1.0 and isinstance(d.screening[2].hits[0].score, float)
    assert fingerprint(d) == fingerprint(dossier_from_json(json.loads(dumps(d))))
    data["transaction"]["value"] = -0.0
    assert dossier_to_json(dossier_from_json(data))["transaction"]["value"] == 0.0  # not "-0.0"


def test_a_hit_recorded_by_hand_has_no_score():
    data = example_v2()
    data["screening"][2]["hits"][0]["score"] = None
    d = dossier_from_json(data)
    assert d.screening[2].hits[0].score is None and d.screening[2].hits[0].entry == "EU.4521.77"
    assert "score" not in dossier_to_json(d)["screening"][2]["hits"][0]


def test_currency_is_written_in_capitals():
    data = example_v2()
    data["transaction"]["currency"] = "usd"
    assert dossier_from_json(data).transaction.currency == "USD"


def _hits(record: int) -> Callable[[dict[str, Any]], None]:
    def apply(d: dict[str, Any]) -> None:
        d["screening"][record]["hits"].append(dict(d["screening"][record]["hits"][0]))

    return apply


def _sign_off(**fields: Any) -> Callable[[dict[str, Any]], None]:
    def apply(d: dict[str, Any]) -> None:
        d["sign_off"] = {"name": "A", "role": "B", "date": "2027-01-20", **fields}

    return apply


BAD_V2: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    # (case, mutation of the version 2 example, field named, words of the message)
    ("transaction not an object", _set("transaction", "10 licences"), "transaction", "expected an object"),
    (
        "unknown transaction field",
        _set("transaction.amount", 5),
        "transaction.amount",
        "unknown field; expected one of 'quantity'",
    ),
    ("negative value", _set("transaction.value", -1), "transaction.value", "at least 0"),
    ("value as text", _set("transaction.value", "125000"), "transaction.value", "expected a number"),
    ("value as a boolean", _set("transaction.value", True), "transaction.value", "found a boolean"),
    ("value too large", _set("transaction.value", 2**53), "transaction.value", "at most 9007199254740991"),
    ("infinite value", _set("transaction.value", float("inf")), "transaction.value", "out of range"),
    ("quantity as a number", _set("transaction.quantity", 10), "transaction.quantity", "expected a string"),
    ("currency as a word", _set("transaction.currency", "euro"), "transaction.currency", "ISO 4217"),
    ("currency of two letters", _set("transaction.currency", "EU"), "transaction.currency", "ISO 4217"),
    ("currency as a sign", _set("transaction.currency", "€"), "transaction.currency", "ISO 4217"),
    (
        "no 30 February",
        _set("transaction.contract_date", "2026-02-30"),
        "transaction.contract_date",
        "YYYY-MM-DD",
    ),
    (
        "planned export in 2200",
        _set("transaction.planned_export_date", "2200-01-01"),
        "transaction.planned_export_date",
        "between 1900-01-01 and 2199-12-31",
    ),
    (
        "export date with a time",
        _set("transaction.export_date", "2027-03-01T10:00:00"),
        "transaction.export_date",
        "YYYY-MM-DD",
    ),
    ("customs id as a number", _set("exporter.customs_id", 812345678), "exporter.customs_id", "a string"),
    ("screening not an array", _set("screening", {"party": 0}), "screening", "expected an array"),
    ("record not an object", _set("screening.0", "Police HQ"), "screening[0]", "expected an object"),
    ("unknown record field", _set("screening.0.lists", []), "screening[0].lists", "unknown field"),
    (
        "party out of range",
        _set("screening.0.party", 3),
        "screening[0].party",
        "no party 3: the dossier has 3 parties",
    ),
    ("negative party", _set("screening.0.party", -1), "screening[0].party", "no party -1"),
    ("party as text", _set("screening.0.party", "0"), "screening[0].party", "expected a whole number"),
    ("party as a boolean", _set("screening.0.party", True), "screening[0].party", "expected a whole number"),
    ("party as a fraction", _set("screening.0.party", 0.5), "screening[0].party", "expected a whole number"),
    ("record without party", lambda d: d["screening"][0].pop("party"), "screening[0].party", "required"),
    ("record without name", lambda d: d["screening"][0].pop("name"), "screening[0].name", "required"),
    ("record with a blank name", _set("screening.0.name", " "), "screening[0].name", "blank"),
    ("record without list", lambda d: d["screening"][0].pop("list"), "screening[0].list", "required"),
    (
        "unknown list",
        _set("screening.0.list", "ofac"),
        "screening[0].list",
        "expected 'eu_fsf', 'un_sc' or 'custom:<name>', found 'ofac'",
    ),
    ("custom list without a name", _set("screening.0.list", "custom: "), "screening[0].list", "a name after"),
    (
        "two records of a party for one list",
        _set("screening.1.list", "eu_fsf"),
        "screening[1].list",
        "party 0 has a record for 'eu_fsf' already (screening[0])",
    ),
    ("bad screened_at", _set("screening.0.screened_at", "today"), "screening[0].screened_at", "ISO 8601"),
    ("list version as a number", _set("screening.0.list_version", 7), "screening[0].list_version", "string"),
    ("hits not an array", _set("screening.2.hits", "none"), "screening[2].hits", "expected an array"),
    ("hit not an object", _set("screening.2.hits.0", "EU.1"), "screening[2].hits[0]", "expected an object"),
    (
        "hit without entry",
        lambda d: d["screening"][2]["hits"][0].pop("entry"),
        "screening[2].hits[0].entry",
        "required",
    ),
    ("hit with a blank entry", _set("screening.2.hits.0.entry", ""), "screening[2].hits[0].entry", "blank"),
    (
        "hit without name",
        lambda d: d["screening"][2]["hits"][0].pop("name"),
        "screening[2].hits[0].name",
        "required",
    ),
    ("score above 1", _set("screening.2.hits.0.score", 1.5), "screening[2].hits[0].score", "from 0 to 1"),
    ("negative score", _set("screening.2.hits.0.score", -0.1), "screening[2].hits[0].score", "from 0 to 1"),
    ("score as text", _set("screening.2.hits.0.score", "high"), "screening[2].hits[0].score", "from 0 to 1"),
    (
        "unknown disposition",
        _set("screening.2.hits.0.disposition", "cleared"),
        "screening[2].hits[0].disposition",
        "expected one of 'open', 'false_positive', 'match'",
    ),
    (
        "hit without disposition",
        lambda d: d["screening"][2]["hits"][0].pop("disposition"),
        "screening[2].hits[0].disposition",
        "required",
    ),
    ("unknown hit field", _set("screening.2.hits.0.why", "x"), "screening[2].hits[0].why", "unknown field"),
    (
        "the same hit twice",
        _hits(2),
        "screening[2].hits[1]",
        "entry 'EU.4521.77' with the name 'Gulf Integrated Trading LLC' is listed twice",
    ),
    ("reply not an object", _set("authority_reply", "pending"), "authority_reply", "expected an object"),
    ("reply without kind", lambda d: d["authority_reply"].pop("kind"), "authority_reply.kind", "required"),
    ("unknown reply kind", _set("authority_reply.kind", "letter"), "authority_reply.kind", "expected one of"),
    (
        "unknown decision",
        _set("authority_reply.decision", "approved"),
        "authority_reply.decision",
        "expected one of 'pending', 'authorisation_required'",
    ),
    ("bad sent_on", _set("authority_reply.sent_on", "1 Dec"), "authority_reply.sent_on", "YYYY-MM-DD"),
    (
        "decided before sent",
        _set("authority_reply.decided_on", "2026-11-30"),
        "authority_reply.decided_on",
        "is before sent_on (2026-12-01)",
    ),
    (
        "decision date of a pending decision",
        _set("authority_reply.decision", "pending"),
        "authority_reply.decided_on",
        "a pending decision has no date",
    ),
    (
        "decision date without a decision",
        lambda d: d["authority_reply"].pop("decision"),
        "authority_reply.decided_on",
        "a pending decision has no date",
    ),
    ("unknown reply field", _set("authority_reply.answer", "x"), "authority_reply.answer", "unknown field"),
    ("export year as text", _set("sign_off.export_year", "2027"), "sign_off.export_year", "a whole number"),
    ("export year 2200", _set("sign_off.export_year", 2200), "sign_off.export_year", "from 1900 to 2199"),
    ("export year as a boolean", _set("sign_off.export_year", True), "sign_off.export_year", "whole number"),
    (
        "accepted holds not an array",
        _set("sign_off.accepted_holds", "red_flags_unresolved"),
        "sign_off.accepted_holds",
        "expected an array of hold ids",
    ),
    (
        "accepted hold not an id",
        _set("sign_off.accepted_holds", ["Red flags"]),
        "sign_off.accepted_holds[0]",
        "not a hold id",
    ),
    (
        "accepted hold twice",
        _set("sign_off.accepted_holds", ["red_flags_unresolved", "red_flags_unresolved"]),
        "sign_off.accepted_holds[1]",
        "listed twice",
    ),
    (
        "accepted holds without a reason",
        lambda d: d["sign_off"].pop("accepted_because"),
        "sign_off.accepted_because",
        "is required when accepted_holds is not empty",
    ),
    (
        "accepted holds with a blank reason",
        _set("sign_off.accepted_because", "  "),
        "sign_off.accepted_because",
        "blank",
    ),
    (
        "a reason without accepted holds",
        _sign_off(accepted_because="because"),
        "sign_off.accepted_because",
        "only with accepted_holds",
    ),
    (
        "a reason with no accepted holds",
        _sign_off(accepted_holds=[], accepted_because="because"),
        "sign_off.accepted_because",
        "only with accepted_holds",
    ),
    ("unknown sign-off field", _sign_off(holds=[]), "sign_off.holds", "unknown field"),
    ("empty sign-off", _set("sign_off", {}), "sign_off.name", "is required"),
]


@pytest.mark.parametrize(("case", "mutate", "field", "words"), BAD_V2, ids=[b[0] for b in BAD_V2])
def test_bad_version_2_input_names_the_field(case, mutate, field, words):
    data = example_v2()
    mutate(data)
    with pytest.raises(DossierError) as e:
        dossier_from_json(data)
    fields = [f for f, _ in e.value.problems]
    assert field in fields, e.value.problems
    assert words in dict(e.value.problems)[field], e.value.problems
    assert field in str(e.value) and "\n" not in str(e.value) and len(str(e.value)) < 500


def test_a_screening_record_needs_the_parties_it_names():
    data = example_v2()
    del data["parties"]
    with pytest.raises(DossierError) as e:
        dossier_from_json(data)
    assert ("screening[0].party", "no party 0: the dossier has no parties") in e.value.problems
