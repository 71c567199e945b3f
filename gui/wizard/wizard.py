"""The dossier wizard (QWizard). Every change is saved to the workbook as it is made, as an operation
(gui.operations) whose failures go to the one error presenter; the wizard follows the change signals
(its own saves, and changes made elsewhere); the page the user is on is remembered; where to go next
is asked of ``core.decision``."""

from __future__ import annotations

import contextlib
import functools
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QTextBrowser, QWidget, QWizard

from core.decision import assess
from core.dossier import Answer, Dossier
from core.i18n import _
from core.store import FrozenError, NotFoundError, StoreError, Workbook
from gui.operations import Operation, Operations
from gui.wizard.pages import DossierPage, make_page
from gui.wizard.widgets import QuestionWidget, focus_owner


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
        self.setButtonText(QWizard.WizardButton.CancelButton, _("&Close"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Done"))
        self.resize(1180, 820)
        # Besides the buttons' mnemonics (Alt+N, Alt+B), browser-like keys move between pages.
        QShortcut(QKeySequence("Alt+Right"), self, self._next_if_allowed)
        QShortcut(QKeySequence("Alt+Left"), self, self.back)
        self.button(QWizard.WizardButton.NextButton).setToolTip(_("Next page (Alt+N or Alt+Right)"))
        self.button(QWizard.WizardButton.BackButton).setToolTip(_("Previous page (Alt+B or Alt+Left)"))

        self.guidance = QTextBrowser()
        self.guidance.setMinimumWidth(300)
        self.guidance.setMaximumWidth(360)
        self.guidance.setOpenLinks(False)
        self.guidance.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSideWidget(self.guidance)

        # The pages are the content's steps, in its order; a decision step's page asks its questions.
        self.page_names: tuple[str, ...] = tuple(s.id for s in self.content.steps)
        self._outcome = next(i for i, s in enumerate(self.content.steps) if s.page == "outcome")
        self.pages: dict[str, DossierPage] = {s.id: make_page(self, s) for s in self.content.steps}
        for index, name in enumerate(self.page_names):
            self.setPage(index, self.pages[name])
            self.pages[name].load()
            self.pages[name].set_read_only(self.frozen)
        self.currentIdChanged.connect(self._page_changed)
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
        self._restoring = name
        self._restore()

    def _page_changed(self, page_id: int) -> None:
        for page in self.pages.values():
            page.flush()
        if 0 <= page_id < len(self.page_names):
            self.pages[self.page_names[page_id]].load()
            if self._restoring is None:
                # where the user was is a convenience, never worth an error dialog
                with contextlib.suppress(StoreError):
                    self.wb.set_ui_page(self.dossier_id, self.page_names[page_id])

    # -- guidance ---------------------------------------------------------------------------

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.isAncestorOf(new):
            owner = focus_owner(new)
            if owner is not None:
                self._show_guidance(owner)

    def _show_guidance(self, owner: Any) -> None:
        c = self.content
        if isinstance(owner, QuestionWidget):
            q = owner.question
            title, text, cites = q.label, q.guidance, q.cites
        elif owner is not None:
            title, text, cites = (
                _("Guidance"),
                str(owner.property("guidance")),
                tuple(owner.property("cites") or ()),
            )
        else:
            page = self.currentPage()
            title = page.title() if page is not None else _("Guidance")
            text = _("Move to a question to see its guidance and the legal texts it rests on.")
            cites = ()
        parts = [f"<h3>{html.escape(title)}</h3>"]
        if self.frozen and self.dossier.sign_off is not None:
            so = self.dossier.sign_off
            finalised = _("Finalised by {name} ({role}) on {date}.").format(
                name=so.name, role=so.role, date=so.date
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

        return self.ops.quick(
            write,
            title=_("Not saved"),
            lead=lead,
            dossier=self.dossier_id,
            failed=failed,
            parent=self,
            initiator=self,
        )

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
        title = _("Dossier: {title}  (finalised, read-only)") if self.frozen else _("Dossier: {title}")
        self.setWindowTitle(title.format(title=self.dossier.title))

    def _reload(self) -> None:
        self.dossier = self.wb.dossier(self.dossier_id)
        self._set_title()
        page = self.currentPage()
        if page is not None:
            page.completeChanged.emit()  # the route may have changed: Next/Done are re-evaluated

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
            for page in self.pages.values():
                page.set_read_only(True)
        elif not self.frozen:
            for page in self.pages.values():
                page.flush()  # saved onto the stored dossier, keeping the other program's changes
            stored = self.wb.get(self.dossier_id)
        if stored.dossier == self.dossier and self.frozen == stored.frozen:
            return
        self.dossier = stored.dossier
        self._set_title()
        current = self.currentPage()
        if isinstance(current, DossierPage):
            current.load()
            current.completeChanged.emit()
        self._show_guidance(focus_owner(QApplication.focusWidget()) if self.isActiveWindow() else None)

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
