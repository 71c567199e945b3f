"""Adding a question, a step, a warning, a section of a draft or a draft for an outcome is a content
change only: a modified copy of the content (tests/content_copies.py) loads, the decision engine gives
the new warnings, the report and the drafts show the new step, questions and section where the content
puts them, and an outcome that calls for a new draft gets it, written beside the report. The wizard's
side is in tests/gui/test_content_pages.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.content import Content, load_content
from core.decision import assess
from core.dossier import dossier_from_json
from core.report import report_input
from core.report.dossier_report import render_report
from core.report.drafts import render_draft
from tests.conftest import complete_example, example
from tests.content_copies import (
    NEW_DRAFT,
    NEW_DRAFT_HEADING,
    NEW_DRAFT_PARAGRAPH,
    NEW_DRAFT_SECTION,
    NEW_DRAFT_SECTION_TITLE,
    NEW_QUESTION_TEXT,
    NEW_SECTION_QUESTION_TEXT,
    NEW_STEP_TITLE,
    modified_content,
)
from tests.test_report import pdf_text, squash


@pytest.fixture
def changed(tmp_path: Path) -> Content:
    return load_content(modified_content(tmp_path))


def test_the_loader_accepts_the_new_step_questions_warnings_and_draft_section(changed):
    assert [s.id for s in changed.steps].index("other_controls") == [s.id for s in changed.steps].index(
        "end_use"
    ) - 1
    assert changed.question("other_licence_refused").step == "other_controls"
    # (inserted into questions.toml before the others of its section: shown first in it)
    assert next(q.id for q in changed.questions_of("due_diligence", "end_user")) == "dd_end_user_transit"
    assert list(changed.warnings)[-2:] == ["licence_refused_elsewhere", "foreign_authority"]
    sections = [s.id for s in changed.drafts["notification"].sections]
    assert sections[-2:] == ["earlier_decisions", "enclosure"]
    assert "earlier_decisions" not in [s.id for s in changed.drafts["classification"].sections]


def test_the_decision_engine_gives_the_new_warnings(changed):
    d = complete_example()  # the version 1 example with its Article 4 answers: notify_legitimate
    d["answers"]["other_licence_refused"] = "uncertain"
    d["member_state"] = "BE"
    result = assess(dossier_from_json(d, changed), changed)
    assert result.outcome == "notify_legitimate"  # a warning never changes the outcome
    assert result.warnings == (  # the contract's warnings first (version 2 adds other_member_state)
        "government_end_user",
        "unresolved_red_flags",
        "other_member_state",
        "licence_refused_elsewhere",
        "foreign_authority",
    )
    d["answers"]["other_licence_refused"] = "no"
    d["member_state"] = "NL"
    assert assess(dossier_from_json(d, changed), changed).warnings == (
        "government_end_user",
        "unresolved_red_flags",
    )


def test_the_report_and_the_notification_show_the_new_step_questions_and_section(changed):
    d = complete_example()  # notify_legitimate: the notification is made
    d["answers"]["other_licence_refused"] = {"value": "yes", "rationale": "Refused by Belgium in 2024"}
    d["answers"]["dd_end_user_transit"] = "no"
    data = report_input(dossier_from_json(d, changed), content=changed, deterministic=True)
    report = squash("\n".join(pdf_text(render_report(data))))
    order = [
        squash(x)
        for x in ("Due diligence", NEW_STEP_TITLE, NEW_QUESTION_TEXT, "Step 3: Is the item intended")
    ]
    assert [report.index(x) for x in order] == sorted(report.index(x) for x in order)
    assert squash(NEW_SECTION_QUESTION_TEXT) in report
    assert squash("Licence refused elsewhere. An export licence") in report  # the warning
    draft = render_draft(data)
    assert draft is not None
    notification = squash("\n".join(pdf_text(draft)))
    section = notification[notification.index(squash(f"11. {NEW_DRAFT_SECTION_TITLE}")) :]
    assert section.index(squash("Licence refused elsewhere Yes: Refused by Belgium in 2024")) < section.index(
        squash("Delivery through a third country No")
    )
    assert squash("12. Enclosures") in section


def test_a_condition_can_read_the_destination(content):
    """Version 2 adds warnings on `destination_country` and `member_state` (DESIGN.md section 4): the
    condition language reads both fields; a destination not given matches neither in nor not_in."""
    from core.content import FieldIn, Warning

    extra = {
        "customs_check": Warning("customs_check", "t", "x", (), FieldIn("destination_country", ("ES", "FR"))),
        "outside": Warning(
            "outside", "t", "x", (), FieldIn("destination_country", ("ES", "FR"), negate=True)
        ),
    }
    changed = content._replace(warnings={**content.warnings, **extra})
    d = example()
    for destination, expected in (("FR", ["customs_check"]), ("AE", ["outside"]), (None, [])):
        d["destination_country"] = destination
        if destination is None:
            del d["destination_country"]
        warnings = assess(dossier_from_json(d, changed), changed).warnings
        assert [w for w in warnings if w in extra] == expected


def test_an_outcome_calling_for_a_new_draft_gets_it_beside_the_report(tmp_path):
    """A draft for an outcome that had none (drafts.toml alone): the outcome calls for it, it is made
    with its heading, its paragraph for that outcome and its sections, and written beside the report
    under the file name the content gives it."""
    from core.report.writing import write_reports

    changed = load_content(modified_content(tmp_path, NEW_DRAFT))
    assert [d.id for d in changed.drafts.values()] == ["notification", "classification", "authorisation"]
    d = example()
    d["answers"]["informed_by_authority"] = {"value": "yes", "rationale": "Letter of 3 March 2026"}
    data = report_input(dossier_from_json(d, changed), content=changed, deterministic=True)
    assert data.assessment.outcome == "authority_informed"
    target = tmp_path / "out" / "r.pdf"
    written = write_reports(data, target, invariant=True)
    assert written == [target, tmp_path / "out" / "r-authorisation-request.pdf"]
    pages = pdf_text(written[1].read_bytes())
    assert all(f"{NEW_DRAFT_HEADING} · EXP-2026-014" in page for page in pages)
    letter = squash("\n".join(pages))
    assert squash(NEW_DRAFT_PARAGRAPH) in letter
    section = letter[letter.index(squash(f"10. {NEW_DRAFT_SECTION}")) :]
    assert squash("Letter of 3 March 2026") in section and squash("11. Enclosures") in section
    assert squash("Legitimate purpose and measures") not in letter  # the notification's own section
    # the shipped content's drafts stay as they were: this outcome calls for none there
    assert write_reports(report_input(dossier_from_json(d)), tmp_path / "s.pdf") == [tmp_path / "s.pdf"]
