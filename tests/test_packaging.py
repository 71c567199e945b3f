"""Packaging (issue 15): the version's one source, ``--version``, the build's definitions for Linux,
Windows and macOS (checked here as far as this machine can), and the smoke test against a Linux build."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import core
from core.cli import main
from core.content import default_content

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
