"""The dossier wizard (QWizard). Every change is saved to the workbook as it is made, as an operation
(gui.operations) whose failures go to the one error presenter; the wizard follows the change signals
(its own saves, and changes made elsewhere); the page the user is on is remembered; where to go next
is asked of ``core.decision``.

Beside the pages: where the user is ("Step 2 of 4") and the list of pages, to go back to any page seen
(gui.wizard.sidebar), and the guidance of the question or field that has the focus (else the page's).
Above them an Edit menu (undo: gui.wizard.undo) and the Help menu. Enter only confirms a field: the
pages change by their own keys (Alt+N, Alt+B, Alt+D). The window opens at the size that fits the
screen (gui.screens)."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QMenuBar,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QWidget,
    QWizard,
)

from core.decision import Settle, assess
from core.dossier import Answer, Dossier, Evidence
from core.i18n import _, formats
from core.store import FrozenError, NotFoundError, StoreError, Workbook
from gui import screens
from gui.operations import Operation, Operations
from gui.reply import add_reply_actions
from gui.wizard.pages import DossierPage, make_page
from gui.wizard.sidebar import Sidebar
from gui.wizard.undo import Change, changed_parts, describe, put_back
from gui.wizard.widgets import QuestionWidget, focus_owner, typing

SIZE = (1180, 820)  # the window's size where the screen has room for it


def _keys(standard: QKeySequence.StandardKey, *more: str) -> list[QKeySequence]:
    """The platform's keys for an action and ``more``, each once (a key given twice is ambiguous)."""
    keys = list(QKeySequence.keyBindings(standard))
    for key in map(QKeySequence, more):
        if key not in keys:
            keys.append(key)
    return keys


class DossierWizard(QWizard):
    def __init__(
        self,
        workbook: Workbook,
        dossier_id: str,
        parent: QWidget | None = None,
        ops: Operations | None = None,
    ) -> None:
        super().__init__(parent)
        self.wb = workbook
        # the window's operations (and their change signals); a wizard opened on its own has its own
        self._own_ops = ops is None
        self.ops = ops if ops is not None else Operations(self)
        self.ops.dossier_changed.connect(self._dossier_changed)
        self.ops.workbook_changed.connect(self.sync_from_store)
        self.content = workbook.content
        self.dossier_id = dossier_id
        stored = workbook.get(dossier_id)
        self.dossier: Dossier = stored.dossier
        self.frozen = stored.frozen or workbook.read_only  # nothing can be changed in either case
        self._set_title()
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, True)  # Enter confirms a field, no more
        # QDialog makes a button the default when the window shows (and again whenever a button loses
        # the focus): this hidden one, so that no button of the window looks or acts the default
        self._no_default = QPushButton(self)
        self._no_default.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._no_default.hide()
        self._no_default.setDefault(True)
        self.setButtonText(QWizard.WizardButton.CancelButton, _("&Close"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Done"))
        screens.fit(self, *SIZE, near=parent)
        # Besides the buttons' mnemonics (Alt+N, Alt+B), browser-like keys move between pages.
        QShortcut(QKeySequence("Alt+Right"), self, self._next_if_allowed)
        QShortcut(QKeySequence("Alt+Left"), self, self.back)
        self.button(QWizard.WizardButton.NextButton).setToolTip(_("Next page (Alt+N or Alt+Right)"))
        self.button(QWizard.WizardButton.BackButton).setToolTip(_("Previous page (Alt+B or Alt+Left)"))

        self.guidance = QTextBrowser()
        self.guidance.setOpenLinks(False)
        self.guidance.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sidebar = Sidebar(self.content, self.guidance)
        self.sidebar.chosen.connect(self.jump_to)
        self.setSideWidget(self.sidebar)
        self._guidance_page = -1  # the page whose guidance shows
        self.undo_stack = QUndoStack(self)
        self._undoing = False
        self._build_menus()

        # The pages are the content's steps, in its order; a decision step's page asks its questions.
        self.page_names: tuple[str, ...] = tuple(s.id for s in self.content.steps)
        self._outcome = next(i for i, s in enumerate(self.content.steps) if s.page == "outcome")
        self.pages: dict[str, DossierPage] = {s.id: make_page(self, s) for s in self.content.steps}
        for index, name in enumerate(self.page_names):
            self.setPage(index, self.pages[name])
            self.pages[name].load()
            self.pages[name].set_read_only(self.frozen)
        self.currentIdChanged.connect(self._page_changed)
        self._seen: set[int] = set()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self._show_guidance(None)
        target = workbook.ui_page(dossier_id)
        self._restoring = target
        QTimer.singleShot(0, self._restore)

    # -- navigation -------------------------------------------------------------------------

    def nextId(self) -> int:
        current = self.currentId()
        if current < 0 or current >= self._outcome:
            return -1
        result = assess(self.dossier, self.content)
        decided = self.content.decision_step(result.decided_at).page  # a rule step's page, or its own
        if result.outcome != "incomplete" and self.page_names.index(decided) <= current:
            return self._outcome
        return current + 1

    def _next_if_allowed(self) -> None:
        page = self.currentPage()
        if self.nextId() != -1 and page is not None and page.isComplete():
            self.next()

    def _restore(self) -> None:
        """Walk forward (through the routing) to the page where the user left off."""
        target = self._restoring
        self._restoring = None
        if target not in self.page_names:
            return
        goal = self.page_names.index(target)
        while self.currentId() != goal and self.nextId() != -1 and self.currentId() < goal:
            if not self.currentPage().isComplete():
                break
            self.next()

    def go_to(self, name: str) -> None:
        self.jump_to(self.page_names.index(name))

    def jump_to(self, index: int) -> None:
        """Go to a page: back along the way taken, or forward along the route (as far as it leads)."""
        if index in self.visitedIds():
            while self.currentId() != index and len(self.visitedIds()) > 1:
                self.back()
            return
        self._restoring = self.page_names[index]
        self._restore()

    def reachable(self) -> set[int]:
        """The pages the list offers: those on the way taken, and those seen ahead on the route (of a
        finalised dossier, all those ahead on the route)."""
        current = self.currentId()
        result = assess(self.dossier, self.content)
        if result.outcome == "incomplete":
            ahead = set(range(current + 1, self._outcome + 1))
        else:
            decided = self.page_names.index(self.content.decision_step(result.decided_at).page)
            ahead = set(range(current + 1, decided + 1)) | {self._outcome}
        if self.frozen:  # nothing on a finalised dossier's pages changes: its whole route is offered
            return set(self.visitedIds()) | ahead
        return set(self.visitedIds()) | (self._seen & ahead)

    def settle(self, place: Settle) -> None:
        """Go to where a hold is settled: its question (with the focus on it), else its page."""
        if place.question is not None:
            self.go_to_question(place.question)
        elif place.step in self.page_names:
            self.go_to(place.step)

    def finalise(self) -> Any:
        """Open the sign-off dialog (gui.signoff) on this dossier, what was typed saved first."""
        from gui.signoff import open_sign_off

        if self.frozen:
            return None
        for page in self.pages.values():
            page.flush()
        return open_sign_off(self, self.ops, self.wb, self.dossier_id, self.settle)

    def go_to_question(self, question_id: str) -> None:
        """Go to the page that asks a question, and put the focus on it."""
        if not self.content.has_question(question_id):
            return
        name = self.content.question(question_id).step
        if name in self.page_names:
            self.jump_to(self.page_names.index(name))
        page = self.currentPage()
        if isinstance(page, DossierPage):
            page.show_question(question_id)

    def _page_changed(self, page_id: int) -> None:
        for page in self.pages.values():
            page.flush()
        if 0 <= page_id < len(self.page_names):
            self._seen.add(page_id)
            self.pages[self.page_names[page_id]].load()
            if self._restoring is None:
                # where the user was is a convenience, never worth an error dialog
                with contextlib.suppress(StoreError):
                    self.wb.set_ui_page(self.dossier_id, self.page_names[page_id])
        self._update_sidebar()
        self._guidance_for_page()
        QTimer.singleShot(0, self._focus_into_page)

    def _focus_into_page(self) -> None:
        """On a new page the focus goes to its first field (a keyboard user starts there, and Enter
        then confirms a field rather than pressing Next), unless it is on the page already."""
        page = self.currentPage()
        focused = self.focusWidget()  # this window's, also while another window is active
        if page is None or (focused is not None and page.isAncestorOf(focused)):
            return
        if focused is not None and self.sidebar.isAncestorOf(focused):
            return  # the user is choosing pages from the list
        first = page.nextInFocusChain()
        while first is not page and first is not None:
            if (
                page.isAncestorOf(first)
                and first.isVisible()
                and first.isEnabled()
                and (first.focusPolicy() & Qt.FocusPolicy.TabFocus)
            ):
                first.setFocus(Qt.FocusReason.TabFocusReason)
                return
            first = first.nextInFocusChain()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._focus_into_page)

    def _update_sidebar(self) -> None:
        current = self.currentId()
        if 0 <= current < len(self.page_names):
            self.sidebar.show_place(current, self.reachable())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter (in a field, a table, a list) confirms what was typed, saving it now; it never moves
        to another page or closes the window (a focused button takes Enter itself)."""
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            for page in self.pages.values():
                page.flush()
            event.accept()
            return
        super().keyPressEvent(event)

    # -- menus ------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        """The Dossier menu (finalise; the authority's reply and the actual export date), the Edit menu
        (undo, redo) and the Help menu, in a menu bar above the pages."""
        # the menus are made with the window as parent (PySide loses those addMenu(text) makes once
        # the menu bar is in a layout), and kept
        bar = self.menu_bar = QMenuBar(self)
        self.dossier_menu = QMenu(_("D&ossier"), self)  # (Alt+D is Done)
        bar.addMenu(self.dossier_menu)
        self.act_finalise = QAction(_("&Finalise…"), self)
        self.dossier_menu.addAction(self.act_finalise)
        self.act_finalise.setStatusTip(_("Sign the dossier off: it becomes read-only"))
        self.act_finalise.triggered.connect(lambda _c=False: self.finalise())
        self.act_finalise.setEnabled(not self.frozen)
        self.edit_menu = QMenu(_("&Edit"), self)
        bar.addMenu(self.edit_menu)
        self.act_undo = QAction(_("&Undo"), self)
        self.act_undo.setShortcuts(_keys(QKeySequence.StandardKey.Undo, "Ctrl+Z"))
        self.act_undo.triggered.connect(self.undo)
        self.act_redo = QAction(_("&Redo"), self)
        self.act_redo.setShortcuts(_keys(QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z", "Ctrl+Y"))
        self.act_redo.triggered.connect(self.redo)
        for action in (self.act_undo, self.act_redo):
            self.edit_menu.addAction(action)
            self.addAction(action)
        self.undo_stack.indexChanged.connect(self._update_undo)
        self.dossier_menu.addSeparator()  # what is recorded after the sign-off as well
        add_reply_actions(self, self.dossier_menu, self.ops, self.wb, self.dossier_id)
        help_menu = self.help_menu = QMenu(_("&Help"), self)
        bar.addMenu(help_menu)
        for text, topic, key in (
            (_("The &four steps"), "steps", QKeySequence(QKeySequence.StandardKey.HelpContents)),
            (_("&Keyboard shortcuts"), "keys", None),
            (_("&About ddworkbook"), "about", None),
        ):
            action = help_menu.addAction(text)
            if key is not None:
                action.setShortcut(key)
                self.addAction(action)
            action.triggered.connect(lambda _c=False, t=topic: self.show_help(t))
        # QWizard lays its parts out on a widget of its own: its layout takes the menu bar, so that
        # the window's minimum size counts it
        host = next(
            c for c in self.children() if isinstance(c, QWidget) and not isinstance(c, QMenuBar | QMenu)
        )
        layout = host.layout()  # (PySide loses this wrapper once host's goes: not kept)
        assert layout is not None
        layout.setMenuBar(bar)
        self._update_undo()

    def show_help(self, topic: str) -> None:
        from gui.help import show_help

        parent = self.parentWidget()
        show_help(self, topic, parent.actions() if parent is not None else ())

    def _update_undo(self, _index: int = 0) -> None:
        stack = self.undo_stack
        self.act_undo.setEnabled(stack.canUndo() and not self.frozen)
        self.act_redo.setEnabled(stack.canRedo() and not self.frozen)
        self.act_undo.setText(
            _("&Undo: {change}").format(change=stack.undoText()) if stack.canUndo() else _("&Undo")
        )
        self.act_redo.setText(
            _("&Redo: {change}").format(change=stack.redoText()) if stack.canRedo() else _("&Redo")
        )

    def undo(self) -> None:
        self._flush_then(self.undo_stack.undo, self.undo_stack.canUndo)

    def redo(self) -> None:
        self._flush_then(self.undo_stack.redo, self.undo_stack.canRedo)

    def _flush_then(self, step: Callable[[], None], possible: Callable[[], bool]) -> None:
        if self.frozen:
            return
        for page in self.pages.values():
            page.flush()  # what was typed a moment ago is a step of its own, undone first
        if possible():
            step()
        self._update_undo()

    def _record(self, before: Dossier) -> None:
        """A change saved by this window: a step to undo (unless it is one being undone or redone)."""
        if self._undoing:
            return
        parts = changed_parts(before, self.dossier)
        if parts:
            text = describe(self.content, parts)
            self.undo_stack.push(Change(self._put_back, before, self.dossier, parts, text, typing()))

    def _put_back(self, source: Dossier, parts: frozenset[str]) -> None:
        """Save ``parts`` as ``source`` has them (undo, redo) and show them so on every page."""
        self._undoing = True
        try:
            saved = self._store(
                _("The change could not be undone"),
                lambda: self.wb.edit(self.dossier_id, lambda d: put_back(d, source, parts)),
            )
        finally:
            self._undoing = False
        if not saved:
            QTimer.singleShot(0, self.undo_stack.clear)  # not while the stack is running this step
        for page in self.pages.values():
            page.load()

    # -- guidance ---------------------------------------------------------------------------

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The guidance follows the focus within the page; outside it (the buttons, the list of
        pages) what shows stays, as it is the page's."""
        page = self.currentPage()
        if new is not None and page is not None and page.isAncestorOf(new):
            self._show_guidance(focus_owner(new))

    def _guidance_for_page(self) -> None:
        """On another page: the guidance of what has the focus there, else the page's own; never
        that of the page left."""
        page = self.currentPage()
        focused = QApplication.focusWidget()
        inside = page is not None and focused is not None and page.isAncestorOf(focused)
        self._show_guidance(focus_owner(focused) if inside else None)

    def _show_guidance(self, owner: Any) -> None:
        c = self.content
        page = self.currentPage()
        page_title = page.title() if page is not None else _("Guidance")
        self._guidance_page = self.currentId()
        if isinstance(owner, QuestionWidget):
            q = owner.question
            title, text, cites = q.label, q.guidance, q.cites
        elif owner is not None:
            title, text, cites = (
                page_title,
                str(owner.property("guidance")),
                tuple(owner.property("cites") or ()),
            )
        else:
            current = self.current_name()
            title = page_title
            text = (
                _(
                    "What follows from your answers. Each item still to answer is a link to its "
                    "question: Tab reaches the links, Enter follows one."
                )
                if current and c.step(current).page == "outcome"
                else _("Move to a question to see its guidance and the legal texts it rests on.")
            )
            cites = c.step(current).cites if current else ()
        parts = [f"<h3>{html.escape(title)}</h3>"]
        if self.frozen and self.dossier.sign_off is not None:
            so = self.dossier.sign_off
            finalised = _("Finalised by {name} ({role}) on {date}.").format(
                name=so.name, role=so.role, date=formats.date(so.date)
            )
            parts.insert(
                0,
                f"<p style='background:#e8f0fe;padding:6px'><b>{html.escape(finalised)}</b> "
                + html.escape(_("This dossier is read-only; duplicate it to change it."))
                + "</p>",
            )
        elif self.frozen and self.wb.read_only:
            because = _("The workbook is opened read-only, because {reason}.").format(
                reason=self.wb.read_only_reason
            )
            parts.insert(
                0,
                f"<p style='background:#e8f0fe;padding:6px'><b>{html.escape(_('Read-only.'))}</b> "
                f"{html.escape(because)}</p>",
            )
        parts += [f"<p>{html.escape(p)}</p>" for p in text.split("\n\n")]
        if cites:
            parts.append(f"<h4>{html.escape(_('Sources'))}</h4>")
            for ref in cites:
                cite = c.cite(ref)
                parts.append(f"<p><b>{html.escape(cite.title)}</b>")
                if cite.text and cite.kind in ("article", "term"):
                    corpus = _("(corpus {version})").format(version=c.corpus_version)
                    parts.append(
                        f"<br><i>“{html.escape(cite.text)}”</i> <small>{html.escape(corpus)}</small>"
                    )
                parts.append("</p>")
            if any(c.cite(ref).text and c.cite(ref).kind in ("article", "term") for ref in cites):
                parts.append(f"<p><small>{html.escape(c.quotations)}</small></p>")
        self.guidance.setHtml("".join(parts))

    # -- saving -----------------------------------------------------------------------------

    def _store(self, lead: str, write: Callable[[], object]) -> bool:
        """Run one write to the workbook (an operation on this window's connection: about a
        millisecond); on refusal say so (and why) and follow the workbook. The change signal it
        emits brings this window (``_dossier_changed``) and the list up to date."""

        def failed(error: Exception) -> Exception | None:
            if isinstance(error, FrozenError):
                # finalised meanwhile by another program: show it as it now is, read-only
                self.sync_from_store()
                return FrozenError(
                    _(
                        "the dossier has been finalised (by another program, or another window) "
                        "and is read-only now"
                    )
                )
            if isinstance(error, NotFoundError):
                self.sync_from_store()  # deleted meanwhile: that says so, and closes this window
                return None
            return error

        before = self.dossier
        saved = self.ops.quick(
            write,
            title=_("Not saved"),
            lead=lead,
            dossier=self.dossier_id,
            failed=failed,
            parent=self,
            initiator=self,
        )
        if saved:
            self._record(before)
        return saved

    def store_change(self, lead: str, write: Callable[[], object]) -> bool:
        """Run a change of this dossier other than a page's fields (a decision on a screening hit):
        one write, its refusal shown, the window following the change."""
        if self.frozen:
            return False
        return self._store(lead, write)

    def save_answer(self, question_id: str, answer: Answer | None) -> None:
        if self.frozen:
            return
        self._store(
            _("The answer could not be saved"),
            lambda: self.wb.set_answer(self.dossier_id, question_id, answer),
        )

    def save_changes(self, change: Callable[[Dossier], Dossier]) -> None:
        """Save what a page changed: ``change`` applies the page's fields to the dossier as stored
        (not to this window's copy, which may be older than a change made by another program)."""
        if self.frozen:
            return
        self._store(_("The change could not be saved"), lambda: self.wb.edit(self.dossier_id, change))

    def attach_files(self, question_id: str, paths: list[Path]) -> None:
        if self.frozen:
            return
        for page in self.pages.values():
            page.flush()
        for path in paths:
            attach = functools.partial(self.wb.attach, self.dossier_id, path, question=question_id)
            lead = _("The evidence file {file} could not be saved").format(file=path.name)
            if self.frozen or not self._store(lead, attach):
                break
        if not self.frozen:
            self._load_current()

    # -- evidence ---------------------------------------------------------------------------

    def evidence_action(self, action: str, evidence_id: str) -> None:
        """``open``, ``describe`` or ``remove`` an evidence file of the dossier."""
        evidence = next((e for e in self.dossier.evidence if e.id == evidence_id), None)
        if evidence is None:
            return
        if action == "open":
            self.open_evidence(evidence)
        elif action == "describe":
            self.describe_evidence(evidence)
        elif action == "remove":
            self.remove_evidence(evidence)

    def open_evidence(self, evidence: Evidence) -> Operation:
        from gui.evidence import open_evidence

        return open_evidence(self.ops, self.wb.path, self.dossier_id, evidence, self)

    def describe_evidence(self, evidence: Evidence, text: str | None = None) -> None:
        """Ask for (unless given) and save what an evidence file shows: the report prints it."""
        if self.frozen:
            return
        if text is None:
            from gui.evidence import ask_description

            text = ask_description(self, evidence)
            if text is None:
                return
        description = text.strip() or None
        if description == evidence.description:
            return

        def change(d: Dossier) -> Dossier:
            return dataclasses.replace(
                d,
                evidence=[
                    dataclasses.replace(e, description=description) if e.id == evidence.id else e
                    for e in d.evidence
                ],
            )

        self._store(
            _("The description of {file} could not be saved").format(file=evidence.filename),
            lambda: self.wb.edit(self.dossier_id, change),
        )
        self._load_current()

    def remove_evidence(self, evidence: Evidence) -> None:
        """Remove an evidence file from the dossier, after asking (before sign-off; journaled)."""
        if self.frozen:
            return
        answer = QMessageBox.question(
            self,
            _("Remove evidence"),
            _(
                "Remove {file} from this dossier? The answers that cite it will no longer do so. The "
                "dossier's history records the removal; to have the file again, attach it again."
            ).format(file=evidence.filename),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def change(d: Dossier) -> Dossier:
            answers = {}
            for qid, a in d.answers.items():
                kept = dataclasses.replace(a, evidence=tuple(e for e in a.evidence if e != evidence.id))
                if kept.value is not None or kept.rationale or kept.evidence:
                    answers[qid] = kept
            return dataclasses.replace(
                d, answers=answers, evidence=[e for e in d.evidence if e.id != evidence.id]
            )

        self._store(
            _("{file} could not be removed").format(file=evidence.filename),
            lambda: self.wb.edit(self.dossier_id, change),
        )
        self._load_current()

    def _load_current(self) -> None:
        current = self.currentPage()
        if isinstance(current, DossierPage):
            current.load()

    def _dossier_changed(self, dossier_id: str) -> None:
        """A change of this dossier: this window's own save needs only its copy re-read (the page
        shows what was typed); a change made by anything else is shown as the workbook now has it."""
        if dossier_id != self.dossier_id:
            return
        if self.ops.initiator is self:
            self._reload()
        else:
            self.sync_from_store()

    def _set_title(self) -> None:
        title = _("Dossier: {title} (finalised, read-only)") if self.frozen else _("Dossier: {title}")
        self.setWindowTitle(title.format(title=self.dossier.title))

    def _reload(self) -> None:
        self.dossier = self.wb.dossier(self.dossier_id)
        self._set_title()
        page = self.currentPage()
        if page is not None:
            page.completeChanged.emit()  # the route may have changed: Next/Done are re-evaluated
        self._update_sidebar()

    def sync_from_store(self) -> None:
        """Show the dossier as the workbook now holds it: another program (the command line, another
        window) may have changed, finalised or deleted it. Edits not yet saved are saved first."""
        try:
            stored = self.wb.get(self.dossier_id)
        except NotFoundError:
            self.frozen = True
            self.ops.present(
                self,
                _("Dossier deleted"),
                _("The dossier “{title}” has been deleted by another program; its window is closed.").format(
                    title=self.dossier.title
                ),
            )
            self.done(0)
            return
        if stored.frozen and not self.frozen:
            self.frozen = True
            self.act_finalise.setEnabled(False)
            for page in self.pages.values():
                page.set_read_only(True)
        elif not self.frozen:
            for page in self.pages.values():
                page.flush()  # saved onto the stored dossier, keeping the other program's changes
            stored = self.wb.get(self.dossier_id)
        if stored.dossier == self.dossier and self.frozen == stored.frozen:
            return
        self.undo_stack.clear()  # undoing now could overwrite what the other program changed
        self._update_undo()
        self.dossier = stored.dossier
        self._set_title()
        current = self.currentPage()
        if isinstance(current, DossierPage):
            current.load()
            current.completeChanged.emit()
        self._update_sidebar()
        self._guidance_for_page()

    def make_report(self, target: Path | None = None) -> Operation | None:
        from gui.report import make_report

        for page in self.pages.values():
            page.flush()  # the report is read on a connection of its own: what was typed is saved first
        d = self.dossier
        return make_report(
            self, self.ops, self.wb.path, self.dossier_id, d.title, target, reference=d.reference
        )

    def export_to(self, path: Path) -> Operation:
        from gui.operations import export_dossier

        for page in self.pages.values():
            page.flush()
        return export_dossier(self.ops, self.wb.path, self.dossier_id, path, self)

    def done(self, result: int) -> None:
        for page in self.pages.values():
            page.flush()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            with contextlib.suppress(RuntimeError, TypeError):
                app.focusChanged.disconnect(self._focus_changed)
        with contextlib.suppress(RuntimeError, TypeError):  # a closed window follows nothing
            self.ops.dossier_changed.disconnect(self._dossier_changed)
            self.ops.workbook_changed.disconnect(self.sync_from_store)
        if self._own_ops:
            self.ops.stop_all()  # nothing of this window runs on once it is closed
        super().done(result)

    def current_name(self) -> str:
        return self.page_names[self.currentId()] if 0 <= self.currentId() < len(self.page_names) else ""
