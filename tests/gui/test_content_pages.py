"""The wizard's pages come from the content: a step added to a copy of the content is a new page, in
its place, asking its questions; a question added to a section shows under that section (the core side
of the same change is in tests/test_content_change.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel

from core.content import PAGE_KINDS, PANELS, default_content, load_content
from core.decision import assess
from core.store import Workbook
from gui.wizard import DossierWizard
from gui.wizard.pages import PAGE_CLASSES, PANEL_CLASSES, QuestionsPage
from tests.content_copies import NEW_STEP_INTRO, NEW_STEP_TITLE, modified_content
from tests.gui.conftest import answer


def test_every_page_kind_and_panel_of_the_content_has_its_class():
    assert set(PAGE_CLASSES) == set(PAGE_KINDS)
    assert set(PANEL_CLASSES) == set(PANELS)


def test_the_wizard_lists_the_pages_of_its_content_in_order(open_wizard):
    w = open_wizard("blank")
    assert w.page_names == tuple(s.id for s in default_content().steps)
    assert [w.page(i).title() for i in w.pageIds()] == [s.title for s in default_content().steps]


def test_a_step_added_to_the_content_is_a_new_page_in_its_place(qtbot: Any, tmp_path: Path, wb_path: Path):
    changed = load_content(modified_content(tmp_path))
    with Workbook.open(wb_path, content=changed) as wb:
        w = DossierWizard(wb, "example")
        qtbot.addWidget(w)
        w.show()
        qtbot.waitUntil(lambda: w._restoring is None)
        names = list(w.page_names)
        assert names[names.index("due_diligence") + 1 : names.index("end_use")] == ["other_controls"]
        new = w.pages["other_controls"]
        assert isinstance(new, QuestionsPage)
        assert new.title() == NEW_STEP_TITLE
        assert NEW_STEP_INTRO in [label.text() for label in new.findChildren(QLabel)]
        assert list(new.questions) == ["other_licence_refused"]
        due_diligence = w.pages["due_diligence"]
        assert isinstance(due_diligence, QuestionsPage)
        assert "dd_end_user_transit" in due_diligence.questions
        # its answer is saved, and the warning the content added for it is given
        answer(w, "other_licence_refused", "yes")
        assert wb.dossier("example").answers["other_licence_refused"].value == "yes"
        assert "licence_refused_elsewhere" in assess(wb.dossier("example"), changed).warnings
        # the routing walks through it: Next from the due diligence leads to the new page
        w.go_to("due_diligence")
        assert w.page_names[w.currentId()] == "due_diligence"
        w.next()
        assert w.page_names[w.currentId()] == "other_controls"
        w.close()
