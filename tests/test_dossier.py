"""The interchange format of DESIGN.md section 3: reading both answer forms, writing, and validation
that names the field and what was expected."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from core.dossier import (
    Answer,
    DossierError,
    canonical_json,
    dossier_from_json,
    dossier_to_json,
    dossiers_from_json,
    fingerprint,
    parse_json_text,
    read_dossier_file,
)
from tests.conftest import dossier_dict, example


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
    ("newer version", _set("version", 2), "version", "newer"),
    ("version as text", _set("version", "1"), "version", "expected the number 1"),
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
