"""Rules about the shape of the code: the core stays free of Qt; ruff and mypy are clean."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.conftest import REPO


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _module_level_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.parse(path.read_text("utf-8"), str(path)).body:
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_under_core_imports_qt():
    files = sorted((REPO / "core").rglob("*.py"))
    assert files
    for path in files:
        qt = {n for n in _imports(path) if n.split(".")[0] in ("PySide6", "shiboken6", "PyQt6")}
        assert not qt, f"{path.relative_to(REPO)} imports {sorted(qt)}"
        gui = {n for n in _imports(path) if n.split(".")[0] == "gui"}
        if path.name == "cli.py":  # the command line launches the desktop program, lazily
            gui = {n for n in _module_level_imports(path) if n.split(".")[0] == "gui"}
        assert not gui, f"{path.relative_to(REPO)} imports {sorted(gui)}"


def test_importing_the_core_loads_no_qt():
    code = (
        "import sys, core.cli, core.content, core.decision, core.dossier; "
        "core.content.default_content(); "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True, timeout=60
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.slow
def test_ruff_is_clean():
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_ruff_format_is_clean():
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "."],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_mypy_is_clean():
    proc = subprocess.run(
        [sys.executable, "-m", "mypy"], capture_output=True, text=True, cwd=REPO, timeout=600
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_desktop_program_starts_without_what_the_list_does_not_need(tmp_path):
    """Start-up time (tests/bench/bench_gui.py) depends on these staying out of the way: sqlite-utils
    (pending schema steps and writes), pycountry (names are kept in the workbook), the full content
    (the list shows outcome texts only), and the dossier model and decision rules (with dataclasses
    and hashlib), which the store loads when a dossier is first read or written. The garbage
    collector, paused while starting, runs again once the list is shown."""
    from core.dossier import dossier_from_json
    from core.store import Workbook
    from tests.conftest import dossier_dict

    path = tmp_path / "wb.ddwb"
    with Workbook.open(path) as wb:
        wb.import_dossiers([dossier_from_json(dossier_dict(title="Kenya kit", destination_country="KE"))])
    code = f"""
import gc, json, sys
from core.cli import main
code = main(["--workbook", {str(path)!r}, "gui", "--quit-after-startup"])
from core.content import default_content
loaded = [m for m in ("sqlite_utils", "pycountry", "importlib.metadata", "dataclasses", "hashlib",
                      "core.dossier", "core.decision")
          if m in sys.modules and type(sys.modules[m]).__name__ != "_LazyModule"]  # not yet used
print(json.dumps({{"exit": code, "content loaded": default_content.cache_info().currsize,
                  "modules": loaded, "collector on": gc.isenabled(), "frozen": gc.get_freeze_count() > 0}}))
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DDWORKBOOK_CONFIG_DIR": str(tmp_path / "cfg")}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.splitlines()[-1]) == {
        "exit": 0,
        "content loaded": 0,
        "modules": [],
        "collector on": True,
        "frozen": True,
    }


def test_no_gui_module_imports_the_command_line():
    """The desktop program calls the core, never the command line (it would pull argparse and every
    command into the program, and tie the two together)."""
    files = sorted((REPO / "gui").rglob("*.py"))
    assert files
    for path in files:
        cli = {n for n in _imports(path) if n == "core.cli" or n.startswith("core.cli.")}
        assert not cli, f"{path.relative_to(REPO)} imports {sorted(cli)}"


# ---------------------------------------------------------------- the import graph (issue 11)


class _Imports(NamedTuple):
    """The project's modules a module imports: when it is imported (its body, class bodies, ``if`` and
    ``try`` at its top), later (inside a function, or named with ``core.lazy.lazy_import``), and only for
    type checking (under ``if TYPE_CHECKING``)."""

    at_import: set[str]
    deferred: set[str]
    typing: set[str]


def _project_modules() -> dict[str, Path]:
    """Every module of core/ and gui/ by its dotted name (a package by its own name)."""
    modules = {}
    for path in _project_files("core", "gui"):
        parts = path.relative_to(REPO).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _project_files(*tops: str) -> list[Path]:
    return sorted(p for top in tops for p in (REPO / top).rglob("*.py"))


def _module_imports(path: Path, modules: Mapping[str, Path]) -> _Imports:
    """What ``path`` imports of ``modules``: ``from a.b import c`` is the module a.b.c when there is
    one, else a.b (a name defined in a.b)."""
    found = _Imports(set(), set(), set())

    def project_module(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    def visit(node: ast.AST, kind: set[str]) -> None:
        for child in ast.iter_child_nodes(node):
            names: list[str] = []
            if isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom):
                assert child.level == 0 and child.module, f"{path}: a relative import"
                names = [f"{child.module}.{a.name}" for a in child.names]
            elif isinstance(child, ast.Call) and ast.unparse(child.func) == "lazy_import":
                found.deferred.update(m for a in child.args if (m := project_module(ast.literal_eval(a))))
            kind.update(m for n in names if (m := project_module(n)))
            if isinstance(child, ast.If) and ast.unparse(child.test) in (
                "TYPE_CHECKING",
                "typing.TYPE_CHECKING",
            ):
                for statement in child.body:
                    visit(ast.Module(body=[statement], type_ignores=[]), found.typing)
                for statement in child.orelse:
                    visit(ast.Module(body=[statement], type_ignores=[]), kind)
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, found.deferred if kind is found.at_import else kind)
            else:
                visit(child, kind)

    visit(ast.parse(path.read_text("utf-8"), str(path)), found.at_import)
    return found


def _import_graph() -> dict[str, set[str]]:
    """Each module of the project and the modules of the project it imports when it runs: when it is
    imported or later, in a function. Imports only for type checking are left out: they never run, so
    they cannot leave a module half made, and a module may name its caller's type in an annotation
    (a page its wizard); a function's import runs, later, and ties the two modules as much (drafts.py
    and render.py imported each other that way)."""
    modules = _project_modules()
    graph = {}
    for name, path in modules.items():
        imports = _module_imports(path, modules)
        graph[name] = (imports.at_import | imports.deferred) - {name}
    return graph


def _a_cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """A cycle of ``graph`` (its modules in order, the first repeated at the end), or None."""
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str] | None:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        for imported in sorted(graph.get(module, ())):
            if cycle := visit(imported, [*path, module]):
                return cycle
        done.add(module)
        return None

    return next((cycle for module in sorted(graph) if (cycle := visit(module, []))), None)


def test_the_cycle_finder_finds_a_cycle():
    assert _a_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert _a_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_import_graph_sees_each_kind_of_import():
    modules = _project_modules()
    assert {"core.cli", "core.report", "core.report.layout", "gui.app"} <= set(modules)
    cli = _module_imports(modules["core.cli"], modules)
    assert "core.content" in cli.at_import  # from core.content import ... at the top
    assert {"gui.app", "core.decision"} <= cli.deferred  # in _cmd_gui; with lazy_import
    assert "core.files" in cli.typing  # under TYPE_CHECKING (and named with lazy_import)
    assert "gui.app" in _import_graph()["core.cli"]


def test_no_import_cycle_among_the_project_modules():
    graph = _import_graph()
    assert len(graph) > 20
    cycle = _a_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


# ---------------------------------------------------------------- the report (core/report/, issue 11)

REPORT_STORE_NAMES = {"JournalEntry", "Seal", "write_atomically"}  # plain data, and writing a file


def _imported_names(path: Path, module: str) -> set[str]:
    """The names ``path`` imports from ``module`` (anywhere in it), and ``*module*`` for ``import module``."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module == module:
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.Import) and any(a.name == module for a in node.names):
            names.add(f"*{module}*")
    return names


# The modules of core/report/ in layers: a module imports only modules of the layers before its own.
REPORT_LAYERS = (
    {"core.report.layout"},  # fonts, styles, paragraphs, long texts, tables, page decoration
    {"core.report"},  # what a report shows, as plain data
    {"core.report.record", "core.report.dossier_report", "core.report.drafts"},
    {"core.report.writing"},  # the report, then the draft beside it
)


def test_the_report_is_built_in_layers_on_a_leaf_layout():
    """core/report/layout.py imports no other module of the project; the dossier report and the drafts
    are each built on it (and on the report's data), not on each other; writing comes last."""
    modules = _project_modules()
    report = {name for name in modules if name == "core.report" or name.startswith("core.report.")}
    assert report == set().union(*REPORT_LAYERS), "a module of core/report/ missing from REPORT_LAYERS"
    layout = _module_imports(modules["core.report.layout"], modules)
    assert not (layout.at_import | layout.deferred | layout.typing), layout
    for number, layer in enumerate(REPORT_LAYERS):
        below = set().union(*REPORT_LAYERS[:number])
        for name in sorted(layer):
            imports = _module_imports(modules[name], modules)
            used = (imports.at_import | imports.deferred | imports.typing) & report
            assert used <= below, f"{name} imports {sorted(used - below)} of its own layer or a later one"
    for document in ("dossier_report", "drafts"):
        assert "core.report.layout" in _module_imports(modules[f"core.report.{document}"], modules).at_import


def test_the_report_reads_the_workbook_in_one_place():
    """The report is made from plain data (``core.report.StoredRecord``); ``core.report.record`` is
    the one module that reads it from a workbook."""
    for path in sorted((REPO / "core" / "report").glob("*.py")):
        names = _imported_names(path, "core.store")
        allowed = REPORT_STORE_NAMES | ({"Workbook"} if path.name == "record.py" else set())
        assert names <= allowed, f"{path.relative_to(REPO)} imports {sorted(names - allowed)} of core.store"
    assert "Workbook" in _imported_names(REPO / "core" / "report" / "record.py", "core.store")


# Functions over 100 lines outside tests/, each with the issue that will shorten it: this list may only
# shrink (a function listed here that is no longer over 100 lines fails the test until it is removed).
LONG_FUNCTIONS = {
    "core/store.py:_schema_of_steps": "issue 11: core/store/ as a package (schema and migrations)",
    "core/store.py:m001_initial": "issue 11: core/store/ as a package (schema and migrations)",
    "core/cli.py:build_parser": "issue 11: no function over 100 lines outside tests",
}
MAX_FUNCTION_LINES = 100


def _function_lengths(path: Path) -> dict[str, int]:
    """Every function and method of a file (nested ones too) by qualified name: its lines from
    ``def`` to its last line."""
    lengths: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = prefix + child.name
                if not isinstance(child, ast.ClassDef):
                    assert child.end_lineno is not None
                    lengths[name] = child.end_lineno - child.lineno + 1
                visit(child, name + ".")
            else:
                visit(child, prefix)

    visit(ast.parse(path.read_text("utf-8"), str(path)), "")
    return lengths


def test_no_function_is_over_100_lines():
    lengths = {
        f"{path.relative_to(REPO)}:{name}": n
        for path in sorted(REPO.rglob("*.py"))
        if path.relative_to(REPO).parts[0] not in ("tests", ".venv", "build")
        for name, n in _function_lengths(path).items()
    }
    assert "core/cli.py:main" in lengths and "gui/app.py:run" in lengths
    long = {name: n for name, n in lengths.items() if n > MAX_FUNCTION_LINES}
    assert set(long) <= set(LONG_FUNCTIONS), f"over {MAX_FUNCTION_LINES} lines: {long}"
    shortened = set(LONG_FUNCTIONS) - set(long)
    assert not shortened, (
        f"no longer over {MAX_FUNCTION_LINES} lines, remove from LONG_FUNCTIONS: {shortened}"
    )
