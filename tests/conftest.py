"""Shared fixtures. GUI tests run offscreen: set here, before anything imports Qt."""

from __future__ import annotations

import contextlib
import copy
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from core.content import Content, default_content

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = REPO.parent / "shared"
ANNEX_JSON = SHARED / "data" / "annex-i" / "annex.json"

EXAMPLE: dict[str, Any] = json.loads((DATA / "example-dossier.json").read_text("utf-8"))
EXAMPLE_V2: dict[str, Any] = json.loads((DATA / "example-dossier-v2.json").read_text("utf-8"))


def dossier_dict(answers: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """A minimal valid dossier in the interchange format, with the given answers and fields."""
    d: dict[str, Any] = {"format": "ddworkbook/dossier", "version": 1, "title": "Test dossier"}
    if answers is not None:
        d["answers"] = answers
    d.update(fields)
    return d


def example() -> dict[str, Any]:
    """A deep copy of tests/data/example-dossier.json, a version 1 dossier written before version 2 of
    the assessment: it answers every question of version 1 (a notify_legitimate dossier then), but not
    the Article 4 questions, so the version 2 rules find it ``incomplete`` (DESIGN.md section 3). Its
    fingerprint may never change: the file stays as it is (``complete_example`` answers Article 4)."""
    return copy.deepcopy(EXAMPLE)


# The answers to the two Article 4 questions of version 2 that make the version 1 example complete.
ART4_NO: dict[str, Any] = {"art4_informed": "no", "art4_aware": "no"}


def complete_example() -> dict[str, Any]:
    """The version 1 example with the Article 4 questions answered "no" (a version 1 file may answer
    any question of the current content): a complete notify_legitimate dossier under the version 2
    rules, with the meaning the example had under version 1."""
    data = example()
    data["answers"].update(ART4_NO)
    return data


def example_v2() -> dict[str, Any]:
    """A deep copy of tests/data/example-dossier-v2.json: a signed-off version 2 dossier with every field
    of the format (its evidence entry ``ev2`` has its file beside it, in tests/data/example-evidence)."""
    return copy.deepcopy(EXAMPLE_V2)


@pytest.fixture(scope="session")
def content() -> Content:
    return default_content()


class _WithHolds:
    """An assessment with the holds a test chose (``chosen_holds``); everything else is the real one's."""

    def __init__(self, real: Any, holds: tuple[str, ...]) -> None:
        self._real = real
        self.holds = holds

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@contextlib.contextmanager
def chosen_holds() -> Iterator[dict[str, tuple[str, ...]]]:
    """Holds chosen by the test, by dossier title (none for other titles), while the block runs: the
    store's and the command line's handling of holds tested apart from the rules that give them
    (core.decision, DESIGN.md section 4), and dossiers signed off where the sign-off is not what a
    test is about. The rest of each assessment is the real one."""
    from core import decision

    chosen: dict[str, tuple[str, ...]] = {}
    real = decision.assess

    def assess(dossier: Any, content: Content | None = None) -> Any:
        return _WithHolds(real(dossier, content), chosen.get(dossier.title, ()))

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(decision, "assess", assess)
        yield chosen


@pytest.fixture
def fake_holds() -> Iterator[dict[str, tuple[str, ...]]]:
    """``chosen_holds`` for the whole test."""
    with chosen_holds() as chosen:
        yield chosen


@pytest.fixture(autouse=True)
def _no_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real user's workbook or settings: the defaults point into a temp folder."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("DDWORKBOOK_WORKBOOK", str(home / "default.ddwb"))
    monkeypatch.setenv("DDWORKBOOK_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("DDWORKBOOK_BACKUP_DIR", str(home / "backups"))


@pytest.fixture(autouse=True)
def _in_english(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Every test runs in English, whatever the machine's locale (core.i18n), and leaves the program's
    language as it found it (the command line sets it)."""
    from core import i18n

    monkeypatch.setenv("DDWORKBOOK_LANG", "en")
    yield
    i18n.set_language("en")
