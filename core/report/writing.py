"""Writing a dossier report to disk, and the draft for the authority beside it: the one way both the
command line (``ddworkbook report``) and the desktop program do it.

``write_reports`` renders and writes the report first, then (when the outcome calls for a draft and it
is wanted) the draft as ``OUT-<file>.pdf`` (``draft_path``; the content names the file:
``OUT-notification.pdf`` or ``OUT-classification-annex.pdf``). Each file is written whole or not at
all (``core.store.write_atomically``); a file that cannot be written is a ``core.files.WriteError``
naming it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.content import DraftText
from core.i18n import _
from core.report import ReportInput
from core.report.dossier_report import render_report
from core.report.drafts import render_draft
from core.store import write_atomically


def draft_path(report: Path, draft: DraftText) -> Path:
    """Where ``draft`` goes, beside ``report``: its file name as the content gives it (drafts.toml)."""
    return report.with_name(f"{report.stem}-{draft.file}.pdf")


def write(path: Path, data: bytes) -> Path:
    write_atomically(path, iter([data]))
    return path


def write_reports(
    data: ReportInput,
    target: Path,
    *,
    invariant: bool = False,
    draft: bool = True,
    progress: Callable[[str], None] | None = None,
    written: Callable[[Path], object] | None = None,
) -> list[Path]:
    """Write the report to ``target`` and, unless ``draft`` is False, the draft its outcome calls for
    beside it; the paths written, in that order. ``progress`` hears the steps of the work (for a
    progress indication), ``written`` each file as soon as it is complete (so that a caller can say
    which files exist should the next one fail)."""
    paths = [write(target, render_report(data, invariant=invariant, progress=progress))]
    if written:
        written(paths[-1])
    letter = data.authority_draft
    if letter and draft:
        if progress:
            progress(_("the draft for the authority"))
        rendered = render_draft(data, invariant=invariant)
        if rendered is not None:
            paths.append(write(draft_path(target, letter), rendered))
            if written:
                written(paths[-1])
    return paths
