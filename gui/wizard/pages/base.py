"""What every page of the wizard is, and the registries that derive the wizard's pages from the content.

A page class declares the kind of step it shows (``KIND``, one of ``core.content.PAGE_KINDS``) and a
panel class the panel it is (``KIND``, one of ``core.content.PANELS``); defining the class registers it
(``__init_subclass__``), so that the map from a step of the content to its page is derived, never
written by hand. The content's ``[[step]]`` list gives the pages and their order; each page owns
loading its widgets from the dossier, saving their changes and becoming read-only (Picard's pattern).
The wizard calls pages only through ``DossierPage``'s interface: ``load``, ``flush``, ``set_read_only``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QScrollArea, QVBoxLayout, QWidget, QWizardPage

from core.content import Content, Step
from core.dossier import Answer, Dossier
from gui.wizard.widgets import Debounce

if TYPE_CHECKING:
    from core.store import Workbook
    from gui.operations import Operations


class Host(Protocol):
    """What a page may ask of the wizard that shows it (gui.wizard.wizard.DossierWizard)."""

    @property
    def content(self) -> Content: ...

    @property
    def dossier(self) -> Dossier: ...

    @property
    def frozen(self) -> bool: ...

    @property
    def wb(self) -> Workbook: ...

    @property
    def ops(self) -> Operations: ...

    @property
    def dossier_id(self) -> str: ...

    def store_change(self, lead: str, write: Callable[[], object]) -> bool: ...

    def save_answer(self, question_id: str, answer: Answer | None) -> None: ...

    def save_changes(self, change: Callable[[Dossier], Dossier]) -> None: ...

    def attach_files(self, question_id: str, paths: list[Path]) -> None: ...

    def evidence_action(self, action: str, evidence_id: str) -> None: ...

    def go_to_question(self, question_id: str) -> None: ...

    def go_to(self, name: str) -> None: ...

    def finalise(self) -> object: ...

    def make_report(self) -> object: ...

    def export_to(self, path: Path) -> object: ...


# The registries, filled as the classes are defined (never by hand): the class of each kind of page
# of the content (core.content.PAGE_KINDS) and of each panel (core.content.PANELS).
PAGE_CLASSES: dict[str, Callable[[Host, Step], DossierPage]] = {}
PANEL_CLASSES: dict[str, Callable[[Host], Panel]] = {}


def _register(registry: dict[str, Any], cls: type, what: str) -> None:
    """Register ``cls`` under the kind it declares itself; a subclass that declares none is not a
    page of its own (it shares code), and a kind is registered once."""
    kind = cls.__dict__.get("KIND")
    if kind is None:
        return
    if kind in registry:
        raise TypeError(
            f"{what} kind {kind!r} is registered twice: {registry[kind].__qualname__}, {cls.__qualname__}"
        )
    registry[kind] = cls


class DossierPage(QWizardPage):
    """A page of the dossier wizard for one step of the content: ``load()`` from the dossier,
    ``flush()`` pending edits, ``set_read_only()``. A subclass declares the ``KIND`` of step it shows
    and takes ``(dw, step)``."""

    KIND: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _register(PAGE_CLASSES, cls, "page")

    def __init__(self, dw: Host, title: str, subtitle: str = "") -> None:
        super().__init__()
        self.dw = dw
        self.setTitle(title)
        if subtitle:
            self.setSubTitle(subtitle)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields; the area follows them
        self.body = QWidget()
        self.layout_ = QVBoxLayout(self.body)
        scroll.setWidget(self.body)
        outer.addWidget(scroll)

    @property
    def content(self) -> Content:
        return self.dw.content

    def load(self) -> None:
        pass

    def flush(self) -> None:
        for debounce in self.findChildren(Debounce):
            debounce.flush()

    def set_read_only(self, read_only: bool) -> None:
        pass

    def show_question(self, qid: str) -> bool:
        """Bring a question into view with the focus on it; False if this page does not ask it."""
        return False


class Panel(QGroupBox):
    """A part of a questions page that is not a question (red flags, mitigations, Annex I texts). A
    subclass declares the ``KIND`` of panel it is and takes ``(dw)``."""

    KIND: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _register(PANEL_CLASSES, cls, "panel")

    def __init__(self, dw: Host, title: str) -> None:
        super().__init__(title)
        self.dw = dw

    def load(self) -> None:
        pass

    def set_read_only(self, read_only: bool) -> None:
        pass


def make_page(dw: Host, step: Step) -> DossierPage:
    """The wizard's page for a step of the content: the class registered for its kind."""
    return PAGE_CLASSES[step.page](dw, step)


def make_panel(dw: Host, kind: str) -> Panel:
    """A panel a questions page shows below its questions: the class registered for its kind."""
    return PANEL_CLASSES[kind](dw)


def guide(widget: QWidget, text: str, cites: tuple[str, ...] = ()) -> None:
    """Guidance for the side panel when focus is inside ``widget``."""
    widget.setProperty("guidance", text)
    widget.setProperty("cites", list(cites))
