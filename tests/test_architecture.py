"""Rules about the shape of the code: the core stays free of Qt; ruff and mypy are clean."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

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
