"""Copies of the shipped content, changed the way a content author changes it: for the tests that show
that adding a question, a step (a page of the wizard), a warning, a section of a draft or a draft for
an outcome is a content change only (tests/test_content_change.py, tests/gui/test_content_pages.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from core.content import default_directory

NEW_STEP_TITLE = "Other export controls"
NEW_STEP_INTRO = "Check whether other export rules apply to this transaction."
NEW_QUESTION_TEXT = "Has an export licence for this item ever been refused in another member state?"
NEW_SECTION_QUESTION_TEXT = "Did the end user ask for the item to be delivered through a third country?"
NEW_DRAFT_SECTION_TITLE = "Earlier licence decisions"

NEW_CONTENT = {
    # a step (a page between the due diligence and the sensitive end use) with one question
    "questions.toml": (
        '[[step]]\nid = "end_use"\n',
        f"""[[step]]
id = "other_controls"
title = "{NEW_STEP_TITLE}"
intro = "{NEW_STEP_INTRO}"

[[question]]
id = "other_licence_refused"
step = "other_controls"
kind = "yes_no_uncertain"
label = "Licence refused elsewhere"
text = "{NEW_QUESTION_TEXT}"
guidance = "A refusal elsewhere is a reason for caution (Article 5(4))."

# a question added to a section of an existing step
[[question]]
id = "dd_end_user_transit"
step = "due_diligence"
section = "end_user"
kind = "yes_no"
label = "Delivery through a third country"
text = "{NEW_SECTION_QUESTION_TEXT}"
guidance = "An unusual route is a red flag of its own."

[[step]]
id = "end_use"
""",
    ),
    # two warnings of the content's own: one reading the new question, one reading a dossier field
    "outcomes.toml": (
        'when = { field = "destination_country", in = ["ES", "DE", "IT", "FR", "CY"] }\n',
        """when = { field = "destination_country", in = ["ES", "DE", "IT", "FR", "CY"] }

[[warning]]
id = "licence_refused_elsewhere"
title = "Licence refused elsewhere"
text = "An export licence for this item was refused in another member state."
cites = []
when = { answer = "other_licence_refused", in = ["yes", "uncertain"] }

[[warning]]
id = "foreign_authority"
title = "Another member state's authority"
text = "The competent authority is not the Dutch one: its national rules may differ."
cites = []
when = { field = "member_state", not_in = ["NL"] }
""",
    ),
    # a section of the notification, before the enclosure
    "drafts.toml": (
        '[[section]]\nid = "enclosure"\n',
        f"""[[section]]
id = "earlier_decisions"
title = "{NEW_DRAFT_SECTION_TITLE}"
drafts = ["notification"]
questions = [{{ id = "other_licence_refused", always = true, rationale = "after" }}, "dd_end_user_transit"]

[[section]]
id = "enclosure"
""",
    ),
}


NEW_DRAFT_HEADING = "Request for an export authorisation"
NEW_DRAFT_PARAGRAPH = "We will not export before you have decided on this application."
NEW_DRAFT_SECTION = "The authority's notice"

NEW_DRAFT = {
    # a draft that an outcome without one so far calls for, with a section of its own
    "drafts.toml": (
        '[[section]]\nid = "enclosure"\n',
        f"""[[draft]]
id = "authorisation"
outcomes = ["authority_informed"]
file = "authorisation-request"
heading = "{NEW_DRAFT_HEADING}"
title = "Application for an export authorisation under Article 5(1)"
subject = "Application for an authorisation to export a cyber-surveillance item"
opening = "You have informed us that the item below may be intended for a use of Article 5(1)."
closing = "The enclosed due-diligence dossier sets out our assessment in full."

[draft.after_opening]
authority_informed = "{NEW_DRAFT_PARAGRAPH}"

[[section]]
id = "authority_notice"
title = "{NEW_DRAFT_SECTION}"
drafts = ["authorisation"]
questions = [{{ id = "informed_by_authority", always = true, rationale = "after" }}]

[[section]]
id = "enclosure"
""",
    ),
}


def english_only(folder: str, names: list[str]) -> list[str]:
    """For ``shutil.copytree``: the names to leave out of a copy of the content, its language overlays
    (the folders beside the English files), so that a copy is the English content alone."""
    return [name for name in names if (Path(folder) / name).is_dir()]


def modified_content(tmp_path: Path, changes: dict[str, tuple[str, str]] = NEW_CONTENT) -> Path:
    """A copy of the shipped content with a new step, two new questions, two new warnings and a new
    section of the notification (NEW_CONTENT), or with other ``changes`` (NEW_DRAFT: a new draft);
    the shipped files are not touched."""
    target = tmp_path / "content"
    shutil.copytree(default_directory(), target, ignore=english_only)
    for name, (before, added) in changes.items():
        path = target / name
        text = path.read_text("utf-8")
        assert text.count(before) == 1, f"{before!r} is not once in {name}"
        path.write_text(text.replace(before, added), "utf-8")
    return target
