"""Packaging (issue 15): the version's one source, ``--version``, the build's definitions for Linux,
Windows and macOS (checked here as far as this machine can), and the smoke test against a Linux build."""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

import core
from core.cli import main
from core.content import default_content
from gui.qt_libraries import DEBIAN_PACKAGES

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"


def test_the_version_comes_from_core_alone():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"], "pyproject.toml must not repeat the version"
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "core.__version__"}
    assert core.__version__.count(".") == 2 and all(p.isdigit() for p in core.__version__.split("."))


def test_the_licence_is_the_same_in_the_program_and_its_metadata():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == {"text": core.__licence__}


def test_version_prints_the_version_the_corpus_and_the_licence(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    lines = capsys.readouterr().out.splitlines()
    content = default_content()
    assert lines[0] == f"ddworkbook {core.__version__}"  # DESIGN.md section 5: the first line
    assert any(content.corpus_version in line and content.regulation in line for line in lines[1:])
    assert any(line.startswith("Licence: ") and core.__licence__ in line for line in lines[1:])
    assert lines == core.about().splitlines()


# ---------------------------------------------------------------- the build's definitions


def _paths_in_spec(spec: Path) -> list[Path]:
    """Every path the spec builds as ROOT / "..." or PACKAGING / "..." (ROOT: the repository)."""
    bases = {"ROOT": REPO, "PACKAGING": PACKAGING}
    found: list[Path] = []

    def evaluate(node: ast.expr) -> Path | None:
        if isinstance(node, ast.Name):
            return bases.get(node.id)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            left = evaluate(node.left)
            if (
                left is not None
                and isinstance(node.right, ast.Constant)
                and isinstance(node.right.value, str)
            ):
                return left / node.right.value
        return None

    for node in ast.walk(ast.parse(spec.read_text(encoding="utf-8"))):
        if isinstance(node, ast.BinOp):
            path = evaluate(node)
            if path is not None and "." in path.name:  # a file (folders are checked through their files)
                found.append(path)
    return found


def test_the_spec_names_files_that_exist():
    spec = PACKAGING / "ddworkbook.spec"
    paths = _paths_in_spec(spec)
    names = {p.name for p in paths}
    assert {"entry.py", "rthook_linux.py", "ddworkbook.png", "ddworkbook.ico"} <= names, names
    for path in paths:
        assert path.is_file(), f"{spec.name} names {path.relative_to(REPO)}, which does not exist"
    text = spec.read_text(encoding="utf-8")
    for licence in re.findall(r'"((?:L?GPL)-3\.0\.txt)"', text):
        assert (PACKAGING / "licences" / licence).is_file()
    # what the spec collects is there to collect: the resources package's data files, the example
    # dossier and its evidence (the first start offers it) among them
    assert 'collect_data_files("resources")' in text
    for pattern in (
        "content/*.toml",
        "fonts/*.ttf",
        "icons/*.png",
        "examples/*.json",
        "examples/*.nl.json",
        "examples/evidence/*.txt",
        "examples/evidence/nl/*.txt",  # the Dutch example's evidence (issue 16)
    ):
        assert list((REPO / "resources").glob(pattern)), pattern


def test_the_installer_script_names_files_that_exist():
    iss = PACKAGING / "windows" / "ddworkbook.iss"
    text = iss.read_text(encoding="utf-8")
    icon = re.search(r"^SetupIconFile=(.+)$", text, re.MULTILINE)
    assert icon and (iss.parent / icon.group(1).strip()).is_file()
    assert "PrivilegesRequired=lowest" in text  # installed for the user alone, no administrator
    assert "ddworkbook-gui.exe" in text  # the Start menu's entry starts the windowed twin of the spec
    assert 'name="ddworkbook-gui"' in (PACKAGING / "ddworkbook.spec").read_text(encoding="utf-8")


def _workflow() -> dict[Any, Any]:
    data = yaml.safe_load((REPO / ".github" / "workflows" / "installers.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_the_installers_workflow_builds_and_smoke_tests_on_windows_and_macos():
    workflow = _workflow()
    jobs = workflow["jobs"]
    assert set(jobs) == {"desktop", "linux"}
    desktop = jobs["desktop"]
    assert {entry["os"] for entry in desktop["strategy"]["matrix"]["include"]} == {
        "windows-latest",
        "macos-latest",
    }
    runs = _runs(desktop)
    assert "pyinstaller" in runs and "packaging/ddworkbook.spec" in runs
    assert "packaging/requirements-build.txt" in runs
    assert runs.count("smoke_test.py") >= 4  # the folder and the installed program on each system
    assert "packaging\\windows\\ddworkbook.iss" in runs and "iscc" in runs  # setup.exe
    assert "hdiutil create" in runs and ".dmg" in runs  # the disk image
    linux = _runs(jobs["linux"])
    assert "packaging/build-linux" in linux and "packaging/smoke-test" in linux
    assert workflow[True]["push"]["tags"] == ["v*"]  # YAML 1.1 reads the key "on" as true


def test_every_file_the_workflow_names_exists():
    named = set()
    for job in _workflow()["jobs"].values():
        named |= set(re.findall(r"packaging[/\\][\w./\\-]+", _runs(job)))
    assert len(named) >= 6, named
    for name in named:
        path = REPO / name.replace("\\", "/")
        assert path.is_file(), f"the workflow names {name}, which does not exist"


def test_the_apt_packages_of_the_readme_and_the_workflow_hold_every_library_qt_is_known_to_need():
    """The README's first command and the Linux job install the system libraries of the Qt plugins;
    gui.qt_libraries names a library's package when one is missing: the three agree."""
    readme = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    apt = next(line for line in readme[:12] if "apt-get install" in line)
    readme_packages = set(apt.split("install -y", 1)[1].split())
    workflow_packages = set(_runs(_workflow()["jobs"]["linux"]).replace("\\\n", " ").split())
    x11 = {"libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-shape0", "libxkbcommon-x11-0"}
    base = {"libgl1", "libegl1", "libxkbcommon0", "libfontconfig1", "libdbus-1-3", "libglib2.0-0"}
    assert {"python3", "python3-venv"} | x11 | base <= readme_packages
    assert x11 | base <= workflow_packages
    assert set(DEBIAN_PACKAGES.values()) >= x11 | base


def test_the_desktop_file_starts_the_program_with_its_icon():
    path = PACKAGING / "linux" / "ddworkbook.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(path, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Terminal"] == "false"
    assert section["Exec"].split()[0] == "ddworkbook"
    assert (REPO / "resources" / "icons" / f"{section['Icon']}.png").is_file()
    validate = shutil.which("desktop-file-validate")
    if validate:
        proc = subprocess.run([validate, str(path)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_install_desktop_entry_points_the_menu_at_the_unpacked_program(tmp_path):
    folder = tmp_path / "my programs" / "ddworkbook"
    folder.mkdir(parents=True)
    for name in ("ddworkbook.desktop", "install-desktop-entry"):
        shutil.copy(PACKAGING / "linux" / name, folder / name)
    shutil.copy(REPO / "resources" / "icons" / "ddworkbook.png", folder)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    proc = subprocess.run(
        ["sh", str(folder / "install-desktop-entry")], env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    written = tmp_path / "data" / "applications" / "ddworkbook.desktop"
    assert proc.stdout.strip() == str(written)
    assert f'Exec="{folder}/ddworkbook" gui' in written.read_text(encoding="utf-8").splitlines()
    assert (tmp_path / "data" / "icons" / "hicolor" / "256x256" / "apps" / "ddworkbook.png").is_file()


def test_the_icon_is_the_rendering_of_its_svg():
    from PySide6.QtGui import QImage

    png = QImage(str(REPO / "resources" / "icons" / "ddworkbook.png"))
    assert (png.width(), png.height()) == (256, 256)
    assert "<svg" in (REPO / "resources" / "icons" / "ddworkbook.svg").read_text(encoding="utf-8")
    assert (PACKAGING / "windows" / "ddworkbook.ico").read_bytes()[:4] == b"\0\0\1\0"  # an icon resource


# ---------------------------------------------------------------- the smoke test

DEV = REPO / ".venv" / "bin" / "ddworkbook"


def _stand_in(tmp_path: Path, body: str, example: bool = True) -> Path:
    """A 'build' whose ddworkbook is a shell script: the smoke test's own checks, without a build.
    Its data folder holds the example dossier and its evidence, as a build's does (unless not
    ``example``)."""
    folder = tmp_path / "stand-in" / "ddworkbook"
    folder.mkdir(parents=True)
    program = folder / "ddworkbook"
    program.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    program.chmod(0o755)
    if example:
        shutil.copytree(REPO / "resources" / "examples", folder / "_internal" / "resources" / "examples")
    return folder.parent


def _smoke_test(*args: str) -> subprocess.CompletedProcess[str]:
    argv = [str(PACKAGING / "smoke-test"), "--runs", "1", *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=600)


CHECKS = (
    "--version",
    "assess",
    "example dossier",
    "report",
    "lists import",
    "screen 'Viktor Zhuravlev'",
    "gui --quit-after-startup",
    "Nederlands",
)


@pytest.mark.slow
def test_the_smoke_test_passes_a_build_that_does_the_eight_things(tmp_path):
    if not DEV.exists():
        pytest.skip("no development install in .venv")
    proc = _smoke_test(str(_stand_in(tmp_path, f'exec "{DEV}" "$@"')))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    for check in CHECKS:
        assert any(line.startswith(f"smoke-test: {check}: ok (") for line in lines), proc.stdout
    # the shipped example, found in the build's data folder, assessed and imported with its evidence
    example = next(line for line in lines if line.startswith("smoke-test: example dossier: ok ("))
    assert "_internal/resources/examples/example-dossier.json: Notify the competent authority" in example
    assert "imported with its evidence files as " in example
    # the name is found in Cyrillic (transliterated) and in another spelling, not the company
    screen = next(line for line in lines if line.startswith("smoke-test: screen 'Viktor Zhuravlev': ok ("))
    assert "EU.0.1 Виктор Журавлёв" in screen and "EU.0.2 Victor ZHURAVLYOV" in screen
    assert "EU.0.3" not in screen
    assert any(line.startswith("size: ") for line in lines)
    for command in ("gui --quit-after-startup", "--version"):
        assert any(
            line.startswith(f"start-up ({command}") and "development install" in line for line in lines
        ), command
    assert lines[-1] == f"smoke-test: {len(CHECKS)} passed, 0 failed"


@pytest.mark.slow
def test_the_smoke_test_fails_a_build_that_cannot_write_its_report(tmp_path):
    if not DEV.exists():
        pytest.skip("no development install in .venv")
    body = f'[ "$1" = report ] && {{ echo "ddworkbook: error: no fonts" >&2; exit 1; }}\nexec "{DEV}" "$@"'
    proc = _smoke_test(str(_stand_in(tmp_path, body)))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "smoke-test: report: FAILED: exit 1: ddworkbook: error: no fonts" in proc.stdout
    assert proc.stdout.splitlines()[-1] == "smoke-test: 7 passed, 1 failed"


@pytest.mark.slow
def test_the_smoke_test_fails_a_build_without_the_screening_engines_data(tmp_path):
    """As the build did before anyascii's tables (data files of its package) were collected."""
    if not DEV.exists():
        pytest.skip("no development install in .venv")
    error = "ddworkbook: error: internal error: ModuleNotFoundError: No module named 'anyascii._data'"
    body = f'[ "$1" = lists ] && {{ echo "{error}" >&2; exit 1; }}\nexec "{DEV}" "$@"'
    proc = _smoke_test(str(_stand_in(tmp_path, body)))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"smoke-test: lists import: FAILED: exit 1: {error}" in proc.stdout
    assert "smoke-test: screen 'Viktor Zhuravlev': FAILED: exit 2: " in proc.stdout  # no list imported
    assert proc.stdout.splitlines()[-1] == "smoke-test: 6 passed, 2 failed"


@pytest.mark.slow
def test_the_smoke_test_fails_a_build_without_the_example_dossier(tmp_path):
    if not DEV.exists():
        pytest.skip("no development install in .venv")
    proc = _smoke_test(str(_stand_in(tmp_path, f'exec "{DEV}" "$@"', example=False)))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "smoke-test: example dossier: FAILED: no resources/examples/example-dossier.json in the build" in (
        proc.stdout
    )
    assert proc.stdout.splitlines()[-1] == "smoke-test: 7 passed, 1 failed"


def _linux_build() -> Path | None:
    archives = sorted((REPO / "dist").glob("ddworkbook-*-linux-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return archives[-1] if archives else None


@pytest.mark.slow
@pytest.mark.skipif(
    _linux_build() is None, reason="no Linux build in dist/ (packaging/build-linux makes one)"
)
def test_the_linux_build_passes_the_smoke_test():
    build = _linux_build()
    assert build is not None
    proc = _smoke_test("--runs", "3", str(build))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1] == f"smoke-test: {len(CHECKS)} passed, 0 failed"
