"""What every part of the store shares: the application's name in the file, the tables that hold a
dossier's parts, the clock and the JSON text of stored values.

A leaf of the package: it imports nothing of it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

APPLICATION = "ddworkbook"
CHUNK = 1024 * 1024  # evidence files are read and written a chunk at a time
DEFAULT_BUSY_MS = 5000

# The tables that hold a dossier's parts, each row keyed by its dossier (``dossier_id``).
CHILD_TABLES = ("parties", "answers", "answer_evidence", "red_flags", "mitigations", "evidence")


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def to_json(value: Any) -> str | None:
    """A stored value as compact JSON text with sorted keys (None stays None)."""
    return (
        None
        if value is None
        else json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    )
