"""The PDF dossier report and the drafts for the authority, read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from core.cli import main
from core.dossier import dossier_from_json, fingerprint
from core.report import draft_kind, report_input
from core.report.render import render_draft, render_report
from core.store import Workbook
from tests.conftest import dossier_dict, example


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def full_dossier() -> dict[str, Any]:
    d = example()
    d["answers"]["annex_i_listed"]["rationale"] = "Checked <b>5D001.e</b> & 5A001.j: no handover interface"
    d["answers"]["dd_item_applications"] = {"value": "Could map contacts of journalists",
                                            "rationale": "Ελληνικά κείμενα και ÅÄÖ ñ"}
    d["parties"].append({"role": "consignee", "name": "Товарищество «Север»", "country": "KZ",
                         "sector": "private_government_ties"})
    d["mitigations"].append({"id": "custom:Escrow of source code", "note": "with a notary"})
    return d


@pytest.fixture
def stored(tmp_path):
    (tmp_path / "datasheet.pdf").write_bytes(b"%PDF datasheet bytes")
    d = full_dossier()
    d["id"] = "R1"
    d["evidence"][0] = {"id": "ev1", "filename": "datasheet.pdf", "path": "datasheet.pdf",
                        "description": "Datasheet"}
    path = tmp_path / "d.json"
    path.write_text(json.dumps(d), "utf-8")
    wb = Workbook.open(tmp_path / "wb.ddwb")
    wb.import_batches([(path, [dossier_from_json(d)])])
    yield wb
    wb.close()


def test_the_report_holds_every_field_rationale_party_and_hash(stored):
    data = report_input(stored.dossier("R1"), workbook=stored)
    pages = pdf_text(render_report(data))
    whole = "\n".join(pages)
    flat = squash(whole)
    d = stored.dossier("R1")
    for value in (d.title, d.reference, d.exporter.name, d.item.name, d.stated_end_use, "Police HQ",
                  "Товарищество «Север»", "Ελληνικά κείμενα και ÅÄÖ ñ", "Could map contacts of journalists",
                  "Escrow of source code", "with a notary", "asked about journalists",
                  "Central Import and Export Division (CDIU)", "02021R0821-20251115"):
        assert squash(value) in flat, value
    # user text is printed as written, not interpreted as markup
    assert squash("Checked <b>5D001.e</b> & 5A001.j: no handover interface") in flat
    assert squash(d.evidence[0].sha256 or "") in flat
    assert "Notify the competent authority" in whole
    for section in ("1. The determination", "2. The transaction and the parties", "5. Evidence index",
                    "6. Change history", "7. Sign-off", "8. Legal references"):
        assert section in whole


def test_page_numbers_reference_and_fingerprint_on_every_page(stored):
    data = report_input(stored.dossier("R1"), workbook=stored)
    pages = pdf_text(render_report(data))
    assert len(pages) >= 4
    fp = fingerprint(stored.dossier("R1"))
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page
        assert "EXP-2026-014" in page
        assert fp in squash(page)


def test_draft_is_marked_until_finalised(stored):
    draft_pages = pdf_text(render_report(report_input(stored.dossier("R1"), workbook=stored)))
    assert all("DRAFT" in p for p in draft_pages)
    stored.finalise("R1", "Jana Nováková", "Export control officer", date=dt.date(2026, 11, 24))
    final = report_input(stored.dossier("R1"), workbook=stored)
    pages = pdf_text(render_report(final))
    assert not any("DRAFT" in p for p in pages)
    whole = "\n".join(pages)
    assert "Jana Nováková" in whole and "2031-12-31" in whole
    # the fingerprint printed is the one `list --json` gives for the finalised record
    assert next(s.fingerprint for s in stored.summaries() if s.id == "R1") in squash(whole)


@pytest.mark.parametrize(("answers", "kind", "words"), [
    ({"serious_hr_violations": "aware", "legitimate_purpose": "yes"}, "notification",
     "Notification under Article 5(2)"),
    ({"serious_hr_violations": "aware", "legitimate_purpose": "no"}, "notification",
     "refrain from exporting"),
    ({"internal_repression": "uncertain"}, "classification", "Annex to a classification application"),
    ({"internal_repression": "none"}, None, None),
    ({"annex_i_listed": "yes"}, None, None),
    ({"covert": "no"}, None, None),
])
def test_each_outcome_gets_the_right_draft(answers, kind, words):
    base = {"annex_i_listed": "no", "informed_by_authority": "no", "specially_designed": "yes",
            "covert": "yes", "natural_persons": "yes", "ict_systems": "yes",
            "capabilities": ["monitoring"], "purely_commercial": "no", "internal_repression": "none",
            "serious_hr_violations": "none", "serious_ihl_violations": "none"}
    d = dossier_from_json(dossier_dict({**base, **answers}, reference="REF-9",
                                       exporter={"name": "Acme B.V."}))
    data = report_input(d)
    assert draft_kind(data.assessment.outcome) == kind
    draft = render_draft(data)
    if kind is None:
        assert draft is None
        return
    assert draft is not None
    text = "\n".join(pdf_text(draft))
    assert squash(words) in squash(text)
    assert "Postbus 3070" in text and "6401 DN Heerlen" in text  # addressed to the CDIU
    assert "Acme B.V." in text and "REF-9" in text


def test_deterministic_output(stored):
    one = render_report(report_input(stored.dossier("R1"), workbook=stored, deterministic=True),
                        invariant=True)
    two = render_report(report_input(stored.dossier("R1"), workbook=stored, deterministic=True),
                        invariant=True)
    assert one == two


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
