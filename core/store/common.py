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

# The tables that hold a dossier's parts, each row keyed by its dossier (``dossier_id``): those of the
# first schema (m001 made them, with their freeze), and the screening records of version 2 of the format
# with their hits (m007).
V1_CHILD_TABLES = ("parties", "answers", "answer_evidence", "red_flags", "mitigations", "evidence")
V2_CHILD_TABLES = ("screening_records", "screening_hits")
CHILD_TABLES = (*V1_CHILD_TABLES, *V2_CHILD_TABLES)


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def to_json(value: Any) -> str | None:
    """A stored value as compact JSON text with sorted keys (None stays None)."""
    return (
        None
        if value is None
        else json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    )
