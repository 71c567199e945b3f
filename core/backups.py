"""Rotating backups of a workbook: where they are kept, what they are called, how many are kept.

Each workbook has a folder of its own in the backups folder (``$DDWORKBOOK_BACKUP_DIR``, else
``backups`` in the user's data folder), named after the workbook file and the id it was given when it
was made, so that two workbooks called ``workbook.ddwb`` in different places never share one. A
backup's name says when it was made and why: ``2026-11-25-183012-daily.ddwb`` (the desktop program's
first start of a day), ``-manual`` (File > Back up now), ``-before-upgrade`` (made by the store before
it applies a schema step). The copying and checking is ``Workbook.backup``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

if TYPE_CHECKING:
    from core.store import Snapshot, Workbook

KINDS = ("daily", "manual", "before-upgrade")
DEFAULT_KEEP = 10
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(\d{6})-(" + "|".join(KINDS) + r")\.ddwb$")


def backups_root() -> Path:
    env = os.environ.get("DDWORKBOOK_BACKUP_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("ddworkbook", appauthor=False)) / "backups"


def folder_for(workbook: Path, workbook_id: str) -> Path:
    """The folder that holds the backups of one workbook."""
    stem = re.sub(r"[^\w.-]+", "_", Path(workbook).stem)[:60] or "workbook"
    return backups_root() / f"{stem}-{workbook_id[:8] or 'unknown'}"


def name_for(kind: str, when: dt.datetime) -> str:
    if kind not in KINDS:
        raise ValueError(kind)
    return f"{when:%Y-%m-%d-%H%M%S}-{kind}.ddwb"


def existing(folder: Path) -> list[Path]:
    """The backups in a folder, oldest first (by the time in their names)."""
    try:
        names = [p for p in folder.iterdir() if _NAME.match(p.name) and p.is_file()]
    except OSError:
        return []
    return sorted(names, key=lambda p: p.name)


def made_on(path: Path) -> dt.date | None:
    m = _NAME.match(path.name)
    return dt.date.fromisoformat(m.group(1)) if m else None


def due(folder: Path, today: dt.date) -> bool:
    """Whether no backup of the workbook was made today (the desktop program then makes one)."""
    return not any(made_on(p) == today for p in existing(folder))


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove the oldest backups beyond the newest ``keep`` (at least one is always kept)."""
    old = existing(folder)[: -max(1, keep)]
    removed = []
    for path in old:
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            continue
    return removed


def make(
    workbook: Workbook, kind: str, keep: int | None = DEFAULT_KEEP, when: dt.datetime | None = None
) -> Snapshot:
    """Make one rotating backup of an open workbook, checked, then keep the newest ``keep`` (None:
    remove none)."""
    folder = folder_for(workbook.path, workbook.workbook_id())
    made = workbook.backup(
        folder / name_for(kind, when or dt.datetime.now()), whole_record=kind != "before-upgrade"
    )
    if keep is not None:
        prune(folder, keep)
    return made
