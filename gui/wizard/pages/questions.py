"""A questions page: the questions of one step of the content, grouped by section, plus the panels
the step names."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QLabel

from core.content import Step
from gui.wizard.pages.base import DossierPage, Host, Panel, make_panel
from gui.wizard.widgets import QuestionWidget


class QuestionsPage(DossierPage):
    """The questions of one step of the content, grouped by section, plus the step's panels."""

    KIND = "questions"

    def __init__(self, dw: Host, step: Step) -> None:
        super().__init__(dw, step.title)
        self.step_id = step.id
        intro = QLabel(step.intro)
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        self.questions: dict[str, QuestionWidget] = {}
        for section, qs in self.content.groups(step.id):
            if section:
                heading = QLabel(f"<h3>{html.escape(section.title)}</h3>")
                self.layout_.addWidget(heading)
            for q in qs:
                widget = QuestionWidget(q)
                widget.changed.connect(self._changed)
                widget.attach.connect(self.dw.attach_files)
                widget.evidence_action.connect(self.dw.evidence_action)
                self.questions[q.id] = widget
                self.layout_.addWidget(widget)
        for panel in step.panels:
            self.layout_.addWidget(make_panel(dw, panel))
        self.layout_.addStretch(1)

    def _changed(self, qid: str) -> None:
        widget = self.questions[qid]
        existing = self.dw.dossier.answers.get(qid)
        self.dw.save_answer(qid, widget.answer(existing.evidence if existing else ()))
        self.update_relevance()

    def show_question(self, qid: str) -> bool:
        """Bring a question of this page into view with the focus on it; False if it is not here."""
        widget = self.questions.get(qid)
        if widget is None or not widget.isVisibleTo(self):
            return False
        self.scroll_area.ensureWidgetVisible(widget)
        widget.take_focus()
        return True

    def load(self) -> None:
        d = self.dw.dossier
        evidence = {e.id: e for e in d.evidence}
        for qid, widget in self.questions.items():
            answer = d.answers.get(qid)
            widget.load(answer, [evidence[e] for e in (answer.evidence if answer else ()) if e in evidence])
        self.update_relevance()
        for panel in self.findChildren(Panel):
            panel.load()

    def update_relevance(self) -> None:
        values = {k: a.value for k, a in self.dw.dossier.answers.items()}
        for widget in self.questions.values():
            widget.setVisible(self.content.is_relevant(widget.question, values))

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.questions.values():
            widget.set_read_only(read_only)
        for panel in self.findChildren(Panel):
            panel.set_read_only(read_only)
