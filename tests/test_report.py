"""The PDF dossier report and the drafts for the authority, read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from core.cli import main
from core.dossier import dossier_from_json, fingerprint
from core.report import StoredRecord, report_input
from core.report.dossier_report import render_report
from core.report.drafts import render_draft
from core.report.record import read_record
from core.store import JournalEntry, Seal, Workbook
from tests.conftest import complete_example, dossier_dict


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def full_dossier() -> dict[str, Any]:
    d = complete_example()  # notify_legitimate under the version 2 rules (the Article 4 answers given)
    d["answers"]["annex_i_listed"]["rationale"] = "Checked <b>5D001.e</b> & 5A001.j: no handover interface"
    d["answers"]["dd_item_applications"] = {
        "value": "Could map contacts of journalists",
        "rationale": "Ελληνικά κείμενα και ÅÄÖ ñ",
    }
    d["parties"].append(
        {
            "role": "consignee",
            "name": "Товарищество «Север»",
            "country": "KZ",
            "sector": "private_government_ties",
        }
    )
    d["mitigations"].append({"id": "custom:Escrow of source code", "note": "with a notary"})
    return d


@pytest.fixture
def stored(tmp_path):
    (tmp_path / "datasheet.pdf").write_bytes(b"%PDF datasheet bytes")
    d = full_dossier()
    d["id"] = "R1"
    d["evidence"][0] = {
        "id": "ev1",
        "filename": "datasheet.pdf",
        "path": "datasheet.pdf",
        "description": "Datasheet",
    }
    path = tmp_path / "d.json"
    path.write_text(json.dumps(d), "utf-8")
    wb = Workbook.open(tmp_path / "wb.ddwb")
    wb.import_batches([(path, [dossier_from_json(d)])])
    yield wb
    wb.close()


def test_the_report_holds_every_field_rationale_party_and_hash(stored):
    data = report_input(read_record(stored, "R1"))
    pages = pdf_text(render_report(data))
    whole = "\n".join(pages)
    flat = squash(whole)
    d = stored.dossier("R1")
    for value in (
        d.title,
        d.reference,
        d.exporter.name,
        d.item.name,
        d.stated_end_use,
        "Police HQ",
        "Товарищество «Север»",
        "Ελληνικά κείμενα και ÅÄÖ ñ",
        "Could map contacts of journalists",
        "Escrow of source code",
        "with a notary",
        "asked about journalists",
        "Central Import and Export Division (CDIU)",
        "02021R0821-20251115",
    ):
        assert squash(value) in flat, value
    # user text is printed as written, not interpreted as markup
    assert squash("Checked <b>5D001.e</b> & 5A001.j: no handover interface") in flat
    assert squash(d.evidence[0].sha256 or "") in flat
    assert "Notify the competent authority" in whole
    for section in (
        "1. The determination",
        "2. The transaction and the parties",
        "5. Evidence index",
        "6. Change history",
        "7. Sign-off",
        "8. Legal references",
    ):
        assert section in whole


def test_page_numbers_reference_and_fingerprint_on_every_page(stored):
    data = report_input(read_record(stored, "R1"))
    pages = pdf_text(render_report(data))
    assert len(pages) >= 4
    fp = fingerprint(stored.dossier("R1"))
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page
        assert "EXP-2026-014" in page
        assert fp in squash(page)


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_draft_is_marked_until_finalised(stored):
    draft_pages = pdf_text(render_report(report_input(read_record(stored, "R1"))))
    assert all("DRAFT" in p for p in draft_pages)
    stored.finalise("R1", "Jana Nováková", "Export control officer", date=dt.date(2026, 11, 24))
    final = report_input(read_record(stored, "R1"))
    pages = pdf_text(render_report(final))
    assert not any("DRAFT" in p for p in pages)
    whole = "\n".join(pages)
    assert "Jana Nováková" in whole and "2031-12-31" in whole
    # the fingerprint printed is the one `list --json` gives for the finalised record
    assert next(s.fingerprint for s in stored.summaries() if s.id == "R1") in squash(whole)


@pytest.mark.parametrize(
    ("answers", "kind", "words"),
    [
        (
            {"serious_hr_violations": "aware", "legitimate_purpose": "yes"},
            "notification",
            "Notification under Article 5(2)",
        ),
        (
            {"serious_hr_violations": "aware", "legitimate_purpose": "no"},
            "notification",
            "refrain from exporting",
        ),
        ({"internal_repression": "uncertain"}, "classification", "Annex to a classification application"),
        # doubt about Article 4 (by analogy with the framework's advice): the same annex, which says so
        ({"art4_aware": "uncertain"}, "classification", "in view of Articles 4 and 5"),
        ({"art4_aware": "yes"}, None, None),  # art4_notify: no draft (DESIGN.md section 5 names none)
        ({"art4_informed": "yes"}, None, None),
        ({"internal_repression": "none"}, None, None),
        ({"annex_i_listed": "yes"}, None, None),
        ({"covert": "no"}, None, None),
    ],
)
def test_each_outcome_gets_the_right_draft(answers, kind, words):
    base = {
        "annex_i_listed": "no",
        "informed_by_authority": "no",
        "art4_informed": "no",  # the Article 4 questions of version 2
        "art4_aware": "no",
        "specially_designed": "yes",
        "covert": "yes",
        "natural_persons": "yes",
        "ict_systems": "yes",
        "capabilities": ["monitoring"],
        "purely_commercial": "no",
        "internal_repression": "none",
        "serious_hr_violations": "none",
        "serious_ihl_violations": "none",
    }
    d = dossier_from_json(
        dossier_dict({**base, **answers}, reference="REF-9", exporter={"name": "Acme B.V."})
    )
    data = report_input(d)
    assert (data.authority_draft.id if data.authority_draft else None) == kind
    draft = render_draft(data)
    if kind is None:
        assert draft is None
        return
    assert draft is not None
    text = "\n".join(pdf_text(draft))
    assert squash(words) in squash(text)
    assert "Postbus 3070" in text and "6401 DN Heerlen" in text  # addressed to the CDIU
    assert "Acme B.V." in text and "REF-9" in text


@pytest.mark.parametrize(
    ("fields", "title"),
    [
        ({"destination_country": "FR"}, "Scope: do the items leave the customs territory of the Union?"),
        (
            {
                "version": 2,
                "parties": [{"role": "end_user", "name": "Listed Co"}],
                "screening": [
                    {
                        "party": 0,
                        "name": "Listed Co",
                        "list": "un_sc",
                        "hits": [
                            {"entry": "QDe.1", "name": "LISTED CO", "disposition": "match", "note": "same"}
                        ],
                    }
                ],
            },
            "Sanctions: a party confirmed as an entry of a sanctions list",
        ),
    ],
)
def test_the_report_names_a_step_of_the_rules_that_asks_no_questions(fields, title):
    data = report_input(dossier_from_json(dossier_dict(**fields)))
    text = squash("\n".join(pdf_text(render_report(data))))
    assert squash(f"Decided at: {title}") in text
    assert render_draft(data) is None  # neither outcome calls for a draft


def test_deterministic_output(stored):
    one = render_report(report_input(read_record(stored, "R1"), deterministic=True), invariant=True)
    two = render_report(report_input(read_record(stored, "R1"), deterministic=True), invariant=True)
    assert one == two


def test_the_report_is_made_from_stored_data_without_a_workbook():
    """``report_input`` takes what the workbook holds as plain data (``StoredRecord``): status,
    retention, last change, journal, the evidence held and the seal, with no workbook open."""
    d = dossier_from_json({**full_dossier(), "id": "R7"})
    entry = JournalEntry(
        1, "2026-11-20T09:15:00+00:00", "jana", "R7", "create", None, None, None, "0" * 64, "a" * 64
    )
    seal = Seal("R7", "b" * 64, 2, "2026-11-24T10:00:00+00:00", "a" * 64, fingerprint(d))
    record = StoredRecord(
        dossier=d,
        finalised=True,
        retention_until="2031-12-31",
        last_change="2026-11-24T10:00:00+00:00",
        journal=(entry,),
        evidence_in_workbook=frozenset({"ev1"}),
        seal=seal,
    )
    data = report_input(record, deterministic=True)
    assert data.made_on == dt.date(2026, 11, 24) and data.journal_available
    text = "\n".join(pdf_text(render_report(data)))
    assert "1 recorded change, in words;" in text and "2026-11-20 09:15" in text
    assert "kept until at least 2031-12-31" in text and "DRAFT" not in text
    assert squash("datasheet.pdf (file in workbook)") in squash(text)
    assert squash("b" * 64) in squash(text)  # the seal


def test_the_legal_references_list_the_general_authorisations_cited(content):
    """A listed item's outcome cites Union general export authorisations (Annex II): the report's legal
    references list them, with the content's summary in its own words."""
    data = report_input(dossier_from_json(dossier_dict({"annex_i_listed": "yes"})))
    assert data.assessment.outcome == "annex_i_listed"
    text = squash("\n".join(pdf_text(render_report(data))))
    cited = [
        ref.removeprefix("gea:") for ref in content.outcomes["annex_i_listed"].cites if ref.startswith("gea:")
    ]
    assert cited
    for gid in cited:
        gea = next(g for g in content.geas if g.id == gid)
        assert squash(f"{gea.id}: {gea.title}") in text, gid
    assert squash("Union general export authorisations (Annex II)") in text


def test_the_legal_references_say_in_which_language_the_regulation_is_quoted(content):
    data = report_input(dossier_from_json(dossier_dict({"annex_i_listed": "no"})))
    text = squash("\n".join(pdf_text(render_report(data))))
    assert squash(content.quotations) in text


def test_report_from_a_file_says_it_has_no_history(tmp_path):
    d = dossier_from_json(full_dossier())
    text = "\n".join(pdf_text(render_report(report_input(d))))
    assert "carries no change history" in text


def test_report_command(tmp_path, capsys, stored):
    out = tmp_path / "out" / "report.pdf"
    assert main(["--workbook", str(stored.path), "report", "R1", "-o", str(out)]) == 0
    printed = capsys.readouterr().out.split()
    assert printed == [str(out), str(out.with_name("report-notification.pdf"))]
    assert PdfReader(str(out)).pages and PdfReader(printed[1]).pages
    path = tmp_path / "file.json"
    path.write_text(json.dumps(dossier_dict({"annex_i_listed": "yes"})), "utf-8")
    assert main(["report", str(path), "-o", str(tmp_path / "f.pdf")]) == 0
    assert capsys.readouterr().out.split() == [str(tmp_path / "f.pdf")]  # no draft for this outcome
    assert main(["report", str(tmp_path / "missing.json"), "-o", str(tmp_path / "x.pdf")]) == 2
    assert not Path(tmp_path / "x.pdf").exists()


def test_write_reports_writes_the_report_then_the_draft_beside_it(tmp_path, stored):
    """One way to write a report and its draft, used by the command line and the desktop program."""
    from core.report.writing import draft_path, write_reports

    steps: list[str] = []
    target = tmp_path / "out" / "r.pdf"
    data = report_input(read_record(stored, "R1"))
    written = write_reports(data, target, progress=steps.append)
    assert written == [target, tmp_path / "out" / "r-notification.pdf"]
    drafts = data.content.drafts
    assert written[1] == draft_path(target, drafts["notification"])
    assert "Due-diligence dossier" in pdf_text(target.read_bytes())[0]
    assert "Notification under Article 5(2)" in "\n".join(pdf_text(written[1].read_bytes()))
    assert steps[0] == "cover and determination" and steps[-1] == "the draft for the authority"
    assert draft_path(target, drafts["classification"]) == tmp_path / "out" / "r-classification-annex.pdf"

    alone = tmp_path / "alone.pdf"
    assert write_reports(data, alone, draft=False) == [alone]
    assert not draft_path(alone, drafts["notification"]).exists()
    no_draft = report_input(dossier_from_json(dossier_dict({"annex_i_listed": "yes"})))
    assert write_reports(no_draft, tmp_path / "n.pdf") == [tmp_path / "n.pdf"]


def test_write_reports_names_the_file_it_cannot_write(tmp_path, stored):
    from core.files import WriteError
    from core.report.writing import write_reports

    (tmp_path / "r-notification.pdf").mkdir()  # the draft's place is taken by a folder
    written: list[Path] = []
    data = report_input(read_record(stored, "R1"))
    with pytest.raises(WriteError, match=r"r-notification\.pdf: is a folder"):
        write_reports(data, tmp_path / "r.pdf", written=written.append)
    assert written == [tmp_path / "r.pdf"]  # the report itself was written, and said so


# ---------------------------------------------------------------------------- long texts (issue 9)

LONG = 20_000


def long_text(tag: str, shape: str, length: int = LONG) -> str:
    """About ``length`` characters made of numbered tokens ``<tag><5 digits>``: as words, as one word
    without a space, or as lines of ten words with a blank line between. Tags are letters and digits
    ending in "X"."""
    separator = {"words": " ", "one_word": "", "blank_lines": " "}[shape]
    out: list[str] = []
    size = i = 0
    while True:
        token = f"{tag}{i:05d}"
        if out:
            token = ("\n\n" if shape == "blank_lines" and i % 10 == 0 else separator) + token
        if size + len(token) > length:
            return "".join(out)
        out.append(token)
        size += len(token)
        i += 1


# (field, the documents that print it: r = report, n = notification draft, c = classification annex)
LONG_FIELDS: dict[str, str] = {
    "title": "rnc",
    "reference": "rnc",
    "exporter.name": "rnc",
    "exporter.address": "rnc",
    "exporter.contact": "rnc",
    "item.name": "rnc",
    "item.version": "rnc",
    "item.description": "rnc",
    "stated_end_use": "rnc",
    "party.name": "rnc",
    "party.address": "r",
    "rationale": "rnc",
    "text_answer": "rnc",
    "purpose_explanation": "rn",
    "doubt_rationale": "rc",
    "custom_answer.key": "r",
    "custom_answer.value": "r",
    "custom_answer.rationale": "r",
    "red_flag.note": "rnc",
    "red_flag.custom_id": "rnc",
    "mitigation.note": "rn",
    "mitigation.custom_id": "rn",
    "evidence.filename": "r",
    "evidence.description": "r",
    "sign_off.name": "rnc",
    "sign_off.role": "rnc",
}


def tag_of(field: str) -> str:
    return f"Z{list(LONG_FIELDS).index(field):02d}X"


def long_dossier(texts: dict[str, str], classification: bool = False) -> dict[str, Any]:
    """The example dossier, signed off, with the given texts in the named fields."""
    d = complete_example()
    t = texts.get
    d["title"] = t("title", d["title"])
    d["reference"] = t("reference", d["reference"])
    for key in ("name", "address", "contact"):
        d["exporter"][key] = t(f"exporter.{key}", d["exporter"][key])
    for key in ("name", "version", "description"):
        d["item"][key] = t(f"item.{key}", d["item"][key])
    d["stated_end_use"] = t("stated_end_use", d["stated_end_use"])
    d["parties"][0]["name"] = t("party.name", "Police HQ")
    d["parties"][0]["address"] = t("party.address", "Abu Dhabi")
    d["answers"]["annex_i_listed"]["rationale"] = t("rationale", "Not listed")
    d["answers"]["dd_item_applications"] = {"value": t("text_answer", "Traffic analysis")}
    d["answers"]["legitimate_purpose_explanation"] = {"value": t("purpose_explanation", "Crime")}
    if classification:
        d["answers"]["serious_hr_violations"] = "none"
    d["answers"]["internal_repression"] = {
        "value": "uncertain" if classification else "theoretical",
        "rationale": t("doubt_rationale", "Unclear reports"),
    }
    d["answers"]["custom:" + t("custom_answer.key", "Own check")] = {
        "value": t("custom_answer.value", "Done"),
        "rationale": t("custom_answer.rationale", "Because"),
    }
    d["red_flags"] = [
        {"id": "targets_groups", "status": "present", "note": t("red_flag.note", "asked")},
        {"id": "custom:" + t("red_flag.custom_id", "Own flag"), "status": "resolved", "note": "cleared"},
    ]
    d["mitigations"] = [
        {"id": "limited_functionality", "note": t("mitigation.note", "no bulk")},
        {"id": "custom:" + t("mitigation.custom_id", "Own measure"), "note": "agreed"},
    ]
    d["evidence"][0]["filename"] = t("evidence.filename", "datasheet.pdf")
    d["evidence"][0]["description"] = t("evidence.description", "Datasheet")
    d["sign_off"] = {
        "name": t("sign_off.name", "Jana Nováková"),
        "role": t("sign_off.role", "Officer"),
        "date": "2026-11-24",
    }
    return d


def body_text(data: bytes, pages: list[str] | None = None) -> str:
    """The text of every page without its running header and footer (the last four lines of a
    finalised document's page), so that a text running over a page break reads on."""
    out = []
    pages = pdf_text(data) if pages is None else pages
    for number, page in enumerate(pages, 1):
        lines = page.rstrip("\n").split("\n")
        assert lines[-2] == f"Page {number} of {len(pages)}", lines[-4:]
        out.append("\n".join(lines[:-4]))
    return "\n".join(out)


def documents(d: dict[str, Any]) -> dict[str, bytes]:
    data = report_input(dossier_from_json(d))
    out = {"r": render_report(data)}
    draft = render_draft(data)
    if draft is not None:
        out[data.authority_draft.id[0]] = draft  # type: ignore[union-attr]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["words", "one_word", "blank_lines"])
def test_every_text_field_prints_in_full_at_length(shape):
    """Every text field of the format, 20,000 characters long (the title 200) as words, as one word and
    as lines between blank lines, prints in the report and in both drafts: no LayoutError, nothing past
    the margin, and each text is there from its first to its last token (a long word is broken, never
    cut)."""
    texts = {f: long_text(tag_of(f), shape, 200 if f == "title" else LONG) for f in LONG_FIELDS}
    docs = documents(long_dossier(texts))
    classification = report_input(dossier_from_json(long_dossier(texts, classification=True)))
    assert (
        set(docs) == {"r", "n"}
        and classification.authority_draft == classification.content.drafts["classification"]
    )
    docs["c"] = render_draft(classification) or b""
    for doc, pdf in docs.items():
        pages: list[str] = []
        assert_within_margins(pdf, pages)
        flat = squash(body_text(pdf, pages))
        for field, value in texts.items():
            if doc not in LONG_FIELDS[field]:
                continue
            tokens = re.findall(rf"{tag_of(field)}\d{{5}}", value)
            found = set(re.findall(rf"{tag_of(field)}\d{{5}}", flat))
            missing = [x for x in tokens if x not in found]
            assert tokens[0] in found and tokens[-1] in found, (doc, field, missing[:3])
            # a word may be cut once where a table cell hands over to its continuation below the table
            assert len(missing) <= (1 if shape == "one_word" else 0), (doc, field, missing[:5])


@pytest.mark.parametrize(
    "field",
    ["red_flag.note", "item.description", "party.name", "reference", "evidence.filename", "sign_off.name"],
)
def test_one_long_field_prints(field):
    """The cases of the issue one by one: a 4,000-character red-flag note; an item, a party, a reference,
    a file name or a signatory of 20,000 characters."""
    value = long_text("QQX", "words", 4_000 if field == "red_flag.note" else LONG)
    for doc, pdf in documents(long_dossier({field: value})).items():
        flat = squash(body_text(pdf))
        if doc in LONG_FIELDS[field]:
            assert "QQX00000" in flat and value.split()[-1] in flat, doc


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        (
            "\n" * LONG,
            [
                "rationale",
                "red_flag.note",
                "item.description",
                "party.address",
                "evidence.description",
                "custom_answer.value",
            ],
        ),
        (" \n" * (LONG // 2), ["rationale", "red_flag.note", "item.description", "party.address"]),
        ("Z\n" + "\n" * LONG + "Z", ["rationale", "red_flag.note", "item.description", "sign_off.role"]),
        ("a\n\n" * 2_000, ["rationale", "red_flag.note"]),
    ],
    ids=["newlines", "spaces_and_newlines", "newlines_between", "short_lines"],
)
def test_texts_of_newlines_print(text, fields):
    """Texts of blank lines print (a run of many as one line that says how many) and the document goes
    on to its end."""
    docs = documents(long_dossier(dict.fromkeys(fields, text)))
    for doc, pdf in docs.items():
        whole = body_text(pdf)
        assert ("8. Legal references" if doc == "r" else "11. Enclosures") in whole
        if text.startswith("Z"):
            assert f"[{LONG:,} blank lines]" in whole
        if text.startswith("a"):  # every line of both texts is there (the rationale's first may
            assert whole.split("\n").count("a") >= 2 * 2_000 - 1  # follow the answer in a draft)


def test_the_running_header_shortens_a_long_reference_visibly():
    reference = long_text("RRX", "words", LONG)
    pages = pdf_text(render_report(report_input(dossier_from_json(long_dossier({"reference": reference})))))
    for page in pages:
        footer = next(line for line in page.split("\n") if line.startswith("Reference RRX00000"))
        assert len(footer) < 120 and footer.endswith("…"), footer


def text_runs(data: bytes, pages: list[str] | None = None) -> list[tuple[int, float, float, str]]:
    """(page, left x, right x, text) of every run of text drawn, measured in the font it is set in;
    the text of each page is appended to ``pages`` if given (one reading of the file for both)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    runs: list[tuple[int, float, float, str]] = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, 1):

        def visit(
            text: str, cm: list[float], tm: list[float], font: Any, size: float, number: int = number
        ) -> None:
            line = text.rstrip("\n")
            if not line.strip() or font is None:
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            name = str(font.get("/BaseFont", "")).split("+")[-1]
            runs.append((number, x, x + stringWidth(line, name, size * cm[0]), line))

        whole = page.extract_text(visitor_text=visit)
        if pages is not None:
            pages.append(whole or "")
    return runs


def assert_within_margins(data: bytes, pages: list[str] | None = None) -> None:
    """No text runs past the right margin (20 mm) of an A4 page."""
    right = 595.27 - 56.69 + 0.5
    wide = [(page, round(end), line[:40]) for page, _, end, line in text_runs(data, pages) if end > right]
    assert not wide, wide[:5]


def test_a_long_evidence_id_wraps_in_its_column():
    d = long_dossier({})
    eid = "e" + "7" * 63  # 64 characters: the longest evidence id the format allows
    d["evidence"][0]["id"] = eid
    d["answers"]["annex_i_listed"]["evidence"] = [eid]
    pdf = render_report(report_input(dossier_from_json(d)))
    assert squash(body_text(pdf)).count(eid) >= 2  # in the evidence index and cited under the question
    runs = text_runs(pdf)
    page, file_column = next((page, x) for page, x, _, line in runs if line == "File")
    in_index = [(x, end) for p, x, end, line in runs if p == page and "777" in line]
    assert in_index and all(end <= file_column for _, end in in_index), (file_column, in_index)


def layout_work(monkeypatch, text: str) -> tuple[int, int]:
    """Characters of paragraph text that reportlab lays out (wraps) to render a report with ``text``
    as one rationale, and the most in one paragraph: measures of work that do not depend on the
    machine's speed. (reportlab's line breaking takes time growing with the square of one paragraph's
    length, and it wraps the rest of a paragraph again at every page.)"""
    from reportlab.platypus import Paragraph

    total = largest = 0
    wrap = Paragraph.wrap

    def counting(self: Paragraph, width: float, height: float) -> tuple[float, float]:
        nonlocal total, largest
        size = len(self.getPlainText())
        total += size
        largest = max(largest, size)
        return wrap(self, width, height)  # type: ignore[no-any-return]

    monkeypatch.setattr(Paragraph, "wrap", counting)
    render_report(report_input(dossier_from_json(long_dossier({"rationale": text}))))
    monkeypatch.setattr(Paragraph, "wrap", wrap)
    return total, largest


@pytest.mark.parametrize("shape", ["words", "blank_lines", "one_word"])
def test_layout_work_grows_linearly_with_one_long_text(monkeypatch, shape):
    """A long text reaches reportlab in paragraphs of bounded size, and four times the text costs about
    four times the layout work (with blank lines it was about sixteen)."""
    base, _ = layout_work(monkeypatch, "short")
    small, _ = layout_work(monkeypatch, long_text("LLX", shape, 15_000))
    large, largest = layout_work(monkeypatch, long_text("LLX", shape, 60_000))
    assert largest <= 2_000, largest
    assert large - base < 4.6 * (small - base), (small - base, large - base)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a",
        "word " * 2_000,
        "x" * 5_000,
        "\n" * 100,
        "line\n" * 200,
        "para\n\n" * 500,
        "é" * 3_000,
        "e\u0301" * 2_000,
        "a\n" + "b" * 4_000 + "\n\nc",
        "".join(chr(32 + i % 90) for i in range(7_000)),
    ],
)
def test_long_texts_are_cut_into_bounded_pieces_losing_nothing(text):
    from core.report.layout import spans

    pieces = spans(text, 1_500, 30)
    position = 0
    for start, end in pieces:
        assert text[position:start] in ("", " ", "\n", "\t")  # a cut stands for one space or line break
        assert end - start <= 1_500 and text.count("\n", start, end) < 30
        assert start == len(text) or not unicodedata.combining(text[start])  # accents stay with letters
        position = end
    assert position == len(text)
    if "word " in text:  # words are not broken when there is a space to cut at
        assert all(text[end - 1] == "d" for _, end in pieces[:-1])
    if "para\n\n" in text:  # a cut at a blank line rather than inside a paragraph
        assert all("\n\n" in text[end - 1 : end + 2] for _, end in pieces[:-1])
