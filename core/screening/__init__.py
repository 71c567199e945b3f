"""Sanctions screening: list readers (DESIGN.md section 6); matching follows."""

from core.screening.model import BirthDate, ListEntry, ListName, SanctionsList
from core.screening.readers import LIST_FILE_LIMIT, ListFileError, parse_list, read_list

__all__ = [
    "LIST_FILE_LIMIT",
    "BirthDate",
    "ListEntry",
    "ListFileError",
    "ListName",
    "SanctionsList",
    "parse_list",
    "read_list",
]
