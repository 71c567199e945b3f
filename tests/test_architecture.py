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
from core.content import loaded_contents
loaded = [m for m in ("sqlite_utils", "pycountry", "importlib.metadata", "dataclasses", "hashlib",
                      "core.dossier", "core.decision")
          if m in sys.modules and type(sys.modules[m]).__name__ != "_LazyModule"]  # not yet used
print(json.dumps({{"exit": code, "content loaded": loaded_contents(),
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
    """core/report/layout.py imports no other module of the project but core.i18n (the translation
    seam, itself a leaf: it imports nothing of the project when imported); the dossier report and the
    drafts are each built on it (and on the report's data), not on each other; writing comes last."""
    modules = _project_modules()
    report = {name for name in modules if name == "core.report" or name.startswith("core.report.")}
    assert report == set().union(*REPORT_LAYERS), "a module of core/report/ missing from REPORT_LAYERS"
    layout = _module_imports(modules["core.report.layout"], modules)
    assert not (layout.at_import | layout.deferred | layout.typing) - {"core.i18n"}, layout
    i18n = _module_imports(modules["core.i18n"], modules)
    assert not i18n.at_import, i18n  # (its catalogues are loaded later, by core.i18n.catalogues)
    assert not _module_imports(modules["core.i18n.catalogues"], modules).at_import - {"resources"}
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


# ---------------------------------------------------------------- the store (core/store/, issue 11)

STORE = REPO / "core" / "store"
SQL_CALLS = {"execute", "executemany", "executescript", "blobopen"}
# Files outside core/store/ allowed to run SQL, with the reason (none: keep it so).
SQL_ELSEWHERE: dict[str, str] = {}


def _project_files(*tops: str) -> list[Path]:
    return sorted(p for top in tops for p in (REPO / top).rglob("*.py"))


def _sql_uses(path: Path) -> list[str]:
    """What in a file runs SQL or opens a database: calls of execute/executemany/executescript/
    blobopen, ``sqlite3.connect``, and imports of sqlite3 or sqlite-utils."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in SQL_CALLS or ast.unparse(node.func) == "sqlite3.connect":
                found.append(f"line {node.lineno}: {ast.unparse(node.func)}(...)")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [
                f"line {node.lineno}: import {n}"
                for n in names
                if n.split(".")[0] in ("sqlite3", "sqlite_utils")
            ]
    return found


def test_all_sql_is_in_the_store():
    outside = [p for p in _project_files("core", "gui") if STORE not in p.parents]
    assert outside
    for path in outside:
        rel = str(path.relative_to(REPO))
        if rel in SQL_ELSEWHERE:
            continue
        assert not _sql_uses(path), f"{rel} runs SQL outside core/store/: {_sql_uses(path)}"
    assert set(SQL_ELSEWHERE) <= {str(p.relative_to(REPO)) for p in outside}


def test_the_sql_check_finds_sql():
    sql = [p for p in _project_files("core") if STORE in p.parents and _sql_uses(p)]
    assert {p.name for p in sql} >= {"rows.py", "journal.py", "schema.py", "opening.py"}


# Functions over 100 lines outside tests/, each with the issue that will shorten it: this list may only
# shrink (a function listed here that is no longer over 100 lines fails the test until it is removed).
LONG_FUNCTIONS: dict[str, str] = {}
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


def _source_files_outside_tests() -> list[Path]:
    """The project's Python files outside tests/ (not the environment, builds or caches)."""
    skip = {"tests", "build", "dist", "out"}
    tops = [p for p in REPO.iterdir() if not p.name.startswith(".") and p.name not in skip]
    return sorted(
        path
        for top in tops
        for path in ([top] if top.is_file() else top.rglob("*.py"))
        if path.suffix == ".py" and "__pycache__" not in path.parts
    )


def test_no_function_is_over_100_lines():
    files = _source_files_outside_tests()
    assert REPO / "core" / "store" / "workbook.py" in files and REPO / "gui" / "app.py" in files
    lengths = {
        f"{path.relative_to(REPO)}:{name}": n for path in files for name, n in _function_lengths(path).items()
    }
    long = {name: n for name, n in lengths.items() if n > MAX_FUNCTION_LINES}
    assert set(long) <= set(LONG_FUNCTIONS), f"over {MAX_FUNCTION_LINES} lines: {long}"
    shortened = set(LONG_FUNCTIONS) - set(long)
    assert not shortened, (
        f"no longer over {MAX_FUNCTION_LINES} lines, remove from LONG_FUNCTIONS: {shortened}"
    )


def _store_imports(path: Path) -> set[str]:
    """The modules of core/store/ a module of it imports (anywhere in it, also lazily or only for
    type checking); ``__init__`` for the package itself."""
    parts = {p.stem for p in STORE.glob("*.py")}
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "lazy_import":
            modules = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        for module in modules:
            if module == "core.store" and isinstance(node, ast.Import):
                found.add("__init__")
            elif module.startswith("core.store."):
                found.add(module.split(".")[2] if module.split(".")[2] in parts else "__init__")
        if isinstance(node, ast.ImportFrom) and node.module == "core.store":
            found |= {a.name if a.name in parts else "__init__" for a in node.names}
    return found - {path.stem}


def test_the_store_package_has_no_import_cycle():
    graph = {path.stem: _store_imports(path) for path in STORE.glob("*.py")}
    assert graph["workbook"] >= {"rows", "lifecycle", "evidence", "verify", "backups", "record", "opening"}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError(
                "import cycle in core/store/: " + " -> ".join([*path[path.index(module) :], module])
            )
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_every_module_of_the_store_says_what_it_holds():
    modules = sorted(STORE.glob("*.py"))
    assert len(modules) > 10
    for path in modules:
        doc = ast.get_docstring(ast.parse(path.read_text("utf-8")))
        assert doc and len(doc.split()) >= 10, (
            f"{path.relative_to(REPO)} has no docstring saying what it holds"
        )


# The public surface of Workbook, as the one-class store had it: the GUI and the command line call it.
WORKBOOK_SURFACE = {
    "attach": (
        "(dossier_id: 'str', source: 'Path', *, question: 'str | None' = None, "
        "description: 'str | None' = None) -> 'Evidence'"
    ),
    "backup": "(target: 'Path', *, whole_record: 'bool' = True) -> 'Snapshot'",
    "check_seal": "(seal: 'str') -> 'tuple[str, list[str]]'",
    "close": "() -> 'None'",
    "content": "property",
    "count": "(query: 'str | None' = None) -> 'int'",
    "create": "(dossier: 'Dossier') -> 'str'",
    "data_version": "() -> 'int'",
    "db": "property",
    "delete": "(dossier_id: 'str') -> 'None'",
    "deletion_refusal": "(dossier_id: 'str') -> 'str | None'",
    "dossier": "(dossier_id: 'str') -> 'Dossier'",
    "duplicate": "(dossier_id: 'str', title: 'str | None' = None) -> 'str'",
    "edit": "(dossier_id: 'str', change: 'Callable[[Dossier], Dossier]') -> 'Dossier'",
    "evidence_chunks": "(dossier_id: 'str', evidence_id: 'str') -> 'Generator[bytes, None, None]'",
    "evidence_with_files": "(dossier_id: 'str') -> 'set[str]'",
    "exists": "(dossier_id: 'str') -> 'bool'",
    "export": "(dossier_id: 'str', target: 'Path', *, with_evidence: 'bool' = False) -> 'Path'",
    "export_all": (
        "(folder: 'Path', *, with_evidence: 'bool' = False, progress: 'Callable[[int, int], "
        "None] | None' = None) -> 'ExportedRecord'"
    ),
    "finalise": (
        "(dossier_id: 'str', name: 'str', role: 'str', date: 'dt.date | None' = None, "
        "export_year: 'int | None' = None, *, accept_holds: 'str | None' = None) -> 'StoredDossier'"
    ),
    "get": "(dossier_id: 'str') -> 'StoredDossier'",
    "import_batches": (
        "(batches: 'Sequence[tuple[Path | None, Sequence[Dossier]]]', *, "
        "replace: 'bool' = False) -> 'list[str]'"
    ),
    "import_dossiers": (
        "(dossiers: 'Sequence[Dossier]', base_dir: 'Path | None' = None, *, "
        "replace: 'bool' = False) -> 'list[str]'"
    ),
    "inspect": "(path: 'Path') -> 'Workbook'",
    "journal": "(dossier_id: 'str | None' = None) -> 'list[JournalEntry]'",
    "open": (
        "(path: 'Path', *, create: 'bool' = True, actor: 'str | None' = None, "
        "content: 'Content | None' = None, busy_ms: 'int | None' = None, "
        "check: 'bool' = False) -> 'Workbook'"
    ),
    "page": (
        "(query: 'str | None' = None, *, order: 'Order' = Order(column='updated', descending=True), "
        "limit: 'int | None' = None, after: 'Summary | None' = None) -> 'list[Summary]'"
    ),
    "problems": "() -> 'Iterator[str]'",
    "read_only_reason": "property",
    "record_counts": "(today: 'dt.date | None' = None) -> 'tuple[int, int]'",
    "records": (
        "(*, deletable_only: 'bool' = False, limit: 'int | None' = None, after: 'Record | None' = None, "
        "today: 'dt.date | None' = None) -> 'list[Record]'"
    ),
    "schema_steps": "property",
    "seal_of": "(dossier_id: 'str') -> 'Seal | None'",
    "set_list_words": (
        "(*, outcomes: 'Mapping[str, Sequence[str]] | None' = None, statuses: 'Mapping[str, "
        "Sequence[str]] | None' = None, countries: 'Mapping[str, Sequence[str]] | None' = None) -> 'None'"
    ),
    "set_answer": "(dossier_id: 'str', question_id: 'str', answer: 'Answer | None') -> 'None'",
    "set_authority_reply": "(dossier_id: 'str', reply: 'AuthorityReply | None') -> 'StoredDossier'",
    "set_export_date": "(dossier_id: 'str', date: 'str | None') -> 'StoredDossier'",
    "set_ui_page": "(dossier_id: 'str', page: 'str') -> 'None'",
    "snapshot": "() -> 'Snapshot'",
    "summaries": (
        "(query: 'str | None' = None, *, limit: 'int | None' = None, "
        "after: 'Summary | None' = None) -> 'list[Summary]'"
    ),
    "ui_page": "(dossier_id: 'str') -> 'str | None'",
    "update": "(dossier: 'Dossier') -> 'None'",
    "verification": "(progress: 'Progress | None' = None) -> 'Verification'",
    "verify": "() -> 'list[str]'",
    "workbook_id": "() -> 'str'",
    # sanctions lists and screening (issue 13)
    "dispose_hit": (
        "(dossier_id: 'str', party: 'int', entry: 'str', disposition: 'str', note: 'str', "
        "list_id: 'str | None' = None) -> 'Dossier'"
    ),
    "import_list": "(path: 'Path', progress: 'Progress | None' = None) -> 'ListImport'",
    "rescreen_dossiers": "(list_id: 'str | None' = None) -> 'list[Rescreen]'",
    "sanctions_lists": "() -> 'list[StoredList]'",
    "screen_dossier": (
        "(dossier_id: 'str', parties: 'Sequence[int] | None' = None, progress: 'Progress | None' = None) "
        "-> 'DossierScreening'"
    ),
    "screen_name": "(name: 'str', country: 'str | None' = None) -> 'list[Hit]'",
    "screening_index": "() -> 'ScreeningIndex | None'",
}


def test_the_workbook_keeps_its_public_methods_and_their_signatures():
    import inspect
    from functools import cached_property

    from core.store import Workbook

    surface = {}
    for name in dir(Workbook):
        if name.startswith("_"):
            continue
        member = inspect.getattr_static(Workbook, name)
        if isinstance(member, property | cached_property):
            surface[name] = "property"
            continue
        function = member.__func__ if isinstance(member, classmethod) else member
        signature = inspect.signature(function)
        without_self = list(signature.parameters.values())[1:]
        surface[name] = str(signature.replace(parameters=without_self))
    assert surface == WORKBOOK_SURFACE
