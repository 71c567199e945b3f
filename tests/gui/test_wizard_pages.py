"""The shape of the wizard's pages (issue 11): ``gui/wizard/pages/`` is a package with one module per
page kind and one for the panels; each page and panel class declares its kind and registers itself, so
that the classes the wizard makes for the content's steps are derived, not listed by hand; no function
of the wizard is over 100 lines and its modules import one another without a cycle."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from core.content import PAGE_KINDS, PANELS, Step, default_content
from core.store import Workbook
from gui.wizard import DossierWizard
from gui.wizard import pages as pages_package
from gui.wizard.pages import PAGE_CLASSES, PANEL_CLASSES, DossierPage, Panel, QuestionsPage
from tests.conftest import REPO

WIZARD = REPO / "gui" / "wizard"


def test_each_page_kind_has_a_module_of_its_own_and_the_panels_one_together():
    assert hasattr(pages_package, "__path__"), "gui.wizard.pages is a package"
    for kind in PAGE_KINDS:
        assert PAGE_CLASSES[kind].__module__ == f"gui.wizard.pages.{kind}"
    for kind in PANELS:
        assert PANEL_CLASSES[kind].__module__ == "gui.wizard.pages.panels"
    assert DossierPage.__module__ == Panel.__module__ == "gui.wizard.pages.base"


@pytest.mark.slow
def test_the_program_registers_every_page_kind_and_panel_of_the_content():
    """In a program of its own (as the desktop program imports the wizard, nothing else before it): a
    page module the package forgets to import would leave its kind without a class."""
    code = "import gui.wizard, gui.wizard.pages as p; print(sorted(p.PAGE_CLASSES), sorted(p.PANEL_CLASSES))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True, timeout=60
    ).stdout
    assert out.split("\n")[0] == f"{sorted(PAGE_KINDS)} {sorted(PANELS)}"


@pytest.fixture
def registered() -> Iterator[list[tuple[dict[str, Any], str]]]:
    """Kinds a test registers are taken out of the registries again when it ends."""
    added: list[tuple[dict[str, Any], str]] = []
    yield added
    for registry, kind in added:
        registry.pop(kind, None)


def test_a_page_class_of_a_new_kind_is_made_for_a_step_of_that_kind(
    qtbot: Any, wb_path: Path, registered: list[tuple[dict[str, Any], str]]
) -> None:
    """Adding a page kind is a class that declares its kind; the wizard makes it for a step of that kind,
    in the content's place, and calls it through the base class's interface only."""
    seen: list[str] = []

    class ProbePage(DossierPage):
        KIND = "probe_page"

        def __init__(self, dw: Any, step: Step) -> None:
            super().__init__(dw, step.title, step.intro)
            self.layout_.addWidget(QLabel("probe"))

        def load(self) -> None:
            seen.append("load")

        def set_read_only(self, read_only: bool) -> None:
            seen.append(f"read_only={read_only}")

    registered.append((pages_package.base.PAGE_CLASSES, "probe_page"))
    assert PAGE_CLASSES["probe_page"] is ProbePage

    content = default_content()
    probe = Step(id="probe", title="A probe page", intro="Its intro.", cites=(), page="probe_page")
    steps = list(content.steps)
    steps.insert(2, probe)
    changed = content._replace(steps=tuple(steps))
    with Workbook.open(wb_path, content=changed) as wb:
        w = DossierWizard(wb, "example")
        qtbot.addWidget(w)
        w.show()
        qtbot.waitUntil(lambda: w._restoring is None)
        assert w.page_names[2] == "probe"
        assert isinstance(w.pages["probe"], ProbePage)
        assert w.page(2) is w.pages["probe"]
        assert w.pages["probe"].title() == "A probe page"
        assert seen[:2] == ["load", "read_only=False"]
        w.close()


def test_a_panel_class_of_a_new_kind_shows_on_the_step_that_names_it(
    qtbot: Any, wb_path: Path, registered: list[tuple[dict[str, Any], str]]
) -> None:
    seen: list[str] = []

    class ProbePanel(Panel):
        KIND = "probe_panel"

        def __init__(self, dw: Any) -> None:
            super().__init__(dw, "A probe panel")

        def load(self) -> None:
            seen.append("load")

        def set_read_only(self, read_only: bool) -> None:
            seen.append(f"read_only={read_only}")

    registered.append((pages_package.base.PANEL_CLASSES, "probe_panel"))
    assert PANEL_CLASSES["probe_panel"] is ProbePanel

    content = default_content()
    steps = tuple(
        s._replace(panels=(*s.panels, "probe_panel")) if s.id == "definition" else s for s in content.steps
    )
    with Workbook.open(wb_path, content=content._replace(steps=steps)) as wb:
        w = DossierWizard(wb, "example")
        qtbot.addWidget(w)
        w.show()
        qtbot.waitUntil(lambda: w._restoring is None)
        definition = w.pages["definition"]
        assert isinstance(definition, QuestionsPage)
        panels = definition.findChildren(ProbePanel)
        assert len(panels) == 1 and panels[0].title() == "A probe panel"
        assert seen[:2] == ["load", "read_only=False"]
        w.close()


def test_a_kind_is_registered_once(registered: list[tuple[dict[str, Any], str]]) -> None:
    before = dict(PAGE_CLASSES)
    with pytest.raises(TypeError, match="parties"):

        class OtherParties(DossierPage):
            KIND = "parties"

    with pytest.raises(TypeError, match="red_flags"):

        class OtherRedFlags(Panel):
            KIND = "red_flags"

    assert dict(PAGE_CLASSES) == before


def test_a_class_that_declares_no_kind_of_its_own_is_not_registered(
    registered: list[tuple[dict[str, Any], str]],
) -> None:
    """A subclass of a registered page (sharing code, say) is not a second page of its kind."""
    before = dict(PAGE_CLASSES)

    class Intermediate(QuestionsPage):
        pass

    assert dict(PAGE_CLASSES) == before


def _functions(path: Path) -> Iterator[tuple[str, int]]:
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno is not None
            yield node.name, node.end_lineno - node.lineno + 1


def test_no_function_of_the_wizard_is_over_100_lines():
    files = sorted(WIZARD.rglob("*.py"))
    assert len(files) > 4
    long = [
        f"{path.relative_to(REPO)}: {name} ({n} lines)"
        for path in files
        for name, n in _functions(path)
        if n > 100
    ]
    assert not long


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_level_imports(path: Path, modules: set[str]) -> set[str]:
    """The project modules a module imports when it is loaded (``from a import b`` imports ``a.b``
    when that is a module; imports inside functions or ``if TYPE_CHECKING:`` are not run then)."""
    names = set()
    for node in ast.parse(path.read_text("utf-8"), str(path)).body:
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names & modules


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph, or none."""
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set(), "c": {"b"}}) == []


def test_the_modules_of_the_desktop_program_import_one_another_without_a_cycle():
    files = {_module_name(p): p for p in sorted((REPO / "gui").rglob("*.py"))}
    graph = {name: _module_level_imports(path, set(files)) - {name} for name, path in files.items()}
    assert "gui.wizard.pages.base" in graph["gui.wizard.pages.questions"]  # the finder sees the pages
    assert not _cycle(graph)
