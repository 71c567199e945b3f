"""What a sanctions list holds, as the readers give it and the store keeps it.

Plain frozen dataclasses of text, numbers and tuples, with ``to_dict``/``from_dict`` into JSON-able
dictionaries, so that the store can keep a list as rows (one per entry, say) and give it back
unchanged: ``ListEntry.from_dict(entry.to_dict()) == entry``. Nothing here knows about matching.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal, get_args

from core.i18n import N_

EntryKind = Literal["person", "entity"]
# "name": the entry's main name (the UN list's FIRST_NAME..FOURTH_NAME; the EU file's first strong
# name); "alias": any other name; "weak_alias": an alias the list itself marks as weak or of low
# quality (EU strong="false" or a "low quality" remark, UN QUALITY "Low"); "original_script": a name
# in the script of the listed party's language (UN NAME_ORIGINAL_SCRIPT; an EU name not in Latin script).
NameKind = Literal["name", "alias", "weak_alias", "original_script"]

ENTRY_KINDS: Final[tuple[EntryKind, ...]] = get_args(EntryKind)
NAME_KINDS: Final[tuple[NameKind, ...]] = get_args(NameKind)

# The list ids of DESIGN.md section 5/6 and the formats each comes in.
EU_FSF: Final = "eu_fsf"
UN_SC: Final = "un_sc"
LIST_IDS: Final = (EU_FSF, UN_SC)
FORMAT_EU_XML: Final = "eu_fsf_xml_1.1"
FORMAT_EU_CSV: Final = "eu_fsf_csv_1.1"
FORMAT_UN_XML: Final = "un_sc_xml"
# How people are shown each format (translated where shown: core.i18n's ``_``); the lists' titles are
# core.dossier's, where the screening records that name them are.
FORMAT_TITLES: Final = {
    FORMAT_EU_XML: N_("EU Financial Sanctions Files, XML 1.1"),
    FORMAT_EU_CSV: N_("EU Financial Sanctions Files, CSV 1.1"),
    FORMAT_UN_XML: N_("UN Security Council Consolidated List, XML"),
}


@dataclass(frozen=True, slots=True)
class ListName:
    """One name of an entry, as the list writes it. ``text`` is the whole name (built from the parts
    when the list gives only parts); ``first``/``middle``/``last`` are the parts where the list gives
    them; ``language`` is the list's language code for the name (e.g. "RU"), or ""."""

    text: str
    kind: NameKind = "alias"
    first: str = ""
    middle: str = ""
    last: str = ""
    language: str = ""

    @property
    def weak(self) -> bool:
        return self.kind == "weak_alias"

    def to_dict(self) -> dict[str, str]:
        d = {"text": self.text, "kind": self.kind}
        for field in ("first", "middle", "last", "language"):
            if value := getattr(self, field):
                d[field] = value
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ListName:
        kind = d.get("kind", "alias")
        if kind not in NAME_KINDS:
            raise ValueError(f"unknown name kind {kind!r}")
        return cls(
            text=str(d["text"]),
            kind=kind,
            first=str(d.get("first", "")),
            middle=str(d.get("middle", "")),
            last=str(d.get("last", "")),
            language=str(d.get("language", "")),
        )


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A date of birth as the list gives it: ``text`` is "YYYY-MM-DD", "YYYY-MM" or "YYYY" where the
    list gives those, else the list's own words (e.g. "Nov. 1973"); ``year_from``..``year_to`` the
    years it can be (equal for a known year, None when no year is known); ``circa`` when the list
    says it is approximate."""

    text: str
    year_from: int | None = None
    year_to: int | None = None
    circa: bool = False

    def years(self, slack: int = 0) -> range:
        """The years this date allows, widened by ``slack`` on each side (empty when unknown)."""
        if self.year_from is None or self.year_to is None:
            return range(0)
        return range(self.year_from - slack, self.year_to + slack + 1)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text}
        if self.year_from is not None:
            d["year_from"] = self.year_from
        if self.year_to is not None:
            d["year_to"] = self.year_to
        if self.circa:
            d["circa"] = True
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> BirthDate:
        return cls(
            text=str(d.get("text", "")),
            year_from=_int_or_none(d.get("year_from")),
            year_to=_int_or_none(d.get("year_to")),
            circa=bool(d.get("circa", False)),
        )


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One listed person or entity. ``entry_id`` is the list's id of the entry (DESIGN.md section 6:
    the EU reference number, or the logical id when it has none; the UN reference number).
    ``citizenships`` are the codes of the entry's citizenships or nationalities and ``countries`` those
    of its addresses, as the list gives them (ISO 3166-1 alpha-2 as a rule, but a list may use its own
    codes, such as XS, and they are kept); ``country_names`` are countries the list names in words
    that have no code we know (kept so that nothing is lost). ``programmes`` are the sanctions
    regimes (EU regulation programme, UN list type)."""

    entry_id: str
    kind: EntryKind
    names: tuple[ListName, ...]
    citizenships: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    country_names: tuple[str, ...] = ()
    birth_dates: tuple[BirthDate, ...] = ()
    programmes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "entry": self.entry_id,
            "kind": self.kind,
            "names": [n.to_dict() for n in self.names],
        }
        for field in ("citizenships", "countries", "country_names", "programmes"):
            if value := getattr(self, field):
                d[field] = list(value)
        if self.birth_dates:
            d["birth_dates"] = [b.to_dict() for b in self.birth_dates]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ListEntry:
        kind = d.get("kind")
        if kind not in ENTRY_KINDS:
            raise ValueError(f"unknown entry kind {kind!r}")
        return cls(
            entry_id=str(d["entry"]),
            kind=kind,
            names=tuple(ListName.from_dict(n) for n in d.get("names", ())),
            citizenships=tuple(str(c) for c in d.get("citizenships", ())),
            countries=tuple(str(c) for c in d.get("countries", ())),
            country_names=tuple(str(c) for c in d.get("country_names", ())),
            birth_dates=tuple(BirthDate.from_dict(b) for b in d.get("birth_dates", ())),
            programmes=tuple(str(p) for p in d.get("programmes", ())),
        )


@dataclass(frozen=True, slots=True)
class SanctionsList:
    """A whole list file as read: ``list_id`` ("eu_fsf" or "un_sc"), ``version`` (the file's own
    generation date-time, ISO 8601: the EU XML ``generationDate`` and the UN ``dateGenerated`` as
    written, the EU CSV's ``fileGenerationDate`` (dd/mm/yyyy) as YYYY-MM-DD), ``source_format`` (which
    reader read it) and the entries in file order, each id once."""

    list_id: str
    version: str
    source_format: str
    entries: tuple[ListEntry, ...]

    @property
    def name_count(self) -> int:
        return sum(len(e.names) for e in self.entries)

    def to_dict(self) -> dict[str, Any]:
        return {
            "list": self.list_id,
            "version": self.version,
            "source_format": self.source_format,
            "entries": [e.to_dict() for e in self.entries],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SanctionsList:
        return cls(
            list_id=str(d["list"]),
            version=str(d["version"]),
            source_format=str(d.get("source_format", "")),
            entries=tuple(ListEntry.from_dict(e) for e in d.get("entries", ())),
        )


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)
