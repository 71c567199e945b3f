"""Reading sanctions list files (DESIGN.md section 6), the format detected from the content.

``read_list(path)`` reads a file the user gives through ``core.files.open_input`` (a regular file of
at most ``LIST_FILE_LIMIT`` bytes, refused before anything is read when it is larger) and returns a
``SanctionsList``; ``parse_list(data, source)`` does the same for bytes already in memory. Three
formats are read, whatever the file is called:

- the EU Financial Sanctions Files, XML version 1.1 (root ``export`` in the namespace
  ``http://eu.europa.ec/fpi/fsd/export``): list ``eu_fsf``, version ``generationDate``;
- the EU Financial Sanctions Files, CSV version 1.1 (semicolon-separated, UTF-8 with or without a
  byte order mark, one row per name, citizenship, birth date, address or identification, grouped by
  ``Entity_LogicalId``), read by header name (column names and order vary between versions; the
  comparison ignores case and punctuation): list ``eu_fsf``, version ``fileGenerationDate``;
- the UN Security Council consolidated list XML (root ``CONSOLIDATED_LIST``): list ``un_sc``, version
  ``dateGenerated``.

XML is parsed with defusedxml and any document type declaration is refused, which refuses entity
expansion (billion laughs, quadratic blow-up) and external entities with it: the real files have no
DTD. Everything that cannot be read raises ``ListFileError`` (a ``core.files.InputFileError``): one
line naming the file and saying what was expected; nothing is returned, so a caller that stores the
result stores all of a file or none of it. A file that parses but holds no entry is refused too (it
would otherwise replace a stored list with nothing; the EU XML 1.0 read as 1.1 looks like that).

Kept as the lists give them: country codes that are not ISO 3166-1 (the samples' XS and XT), names
in every script, weak aliases (marked ``weak_alias``). Entries with the same id in one file are
merged (their names, countries, dates and programmes kept, in order), so that an id names one entry.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

import defusedxml
import defusedxml.ElementTree as DefusedET

from core.files import MB, InputFileError, open_input
from core.i18n import N_, _, ngettext
from core.screening.countries import country_code
from core.screening.model import (
    EU_FSF,
    FORMAT_EU_CSV,
    FORMAT_EU_XML,
    FORMAT_UN_XML,
    UN_SC,
    BirthDate,
    EntryKind,
    ListEntry,
    ListName,
    NameKind,
    SanctionsList,
)

# The full EU files are a few tens of megabytes and the UN list a few; the limit leaves room for the
# lists to grow several times while bounding what a hostile or mistaken file can make us read.
LIST_FILE_LIMIT: Final = 256 * MB
WHAT: Final = N_("a sanctions list file")
EU_NAMESPACE: Final = "http://eu.europa.ec/fpi/fsd/export"
EXPECTED: Final = N_(
    "expected the EU Financial Sanctions Files (XML or CSV, version 1.1) or the UN Security Council "
    "consolidated list (XML)"
)


class ListFileError(InputFileError):
    """A sanctions list file that cannot be imported. ``str()`` is one line for the user: the file's
    name and what is wrong with it (``reason`` alone omits the name)."""


def read_list(path: str | os.PathLike[str]) -> SanctionsList:
    """Read a sanctions list file in any of the three formats; ``ListFileError`` when it cannot be."""
    return parse_list(read_list_data(path), path)


def read_list_data(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a file given as a sanctions list (a regular file of at most ``LIST_FILE_LIMIT``
    bytes), for ``parse_list``; a caller that keeps the file's hash hashes what is parsed."""
    try:
        with open_input(path, limit=LIST_FILE_LIMIT, what=_(WHAT)) as f:
            return f.read_all()
    except ListFileError:
        raise
    except InputFileError as e:
        raise ListFileError(e.path, e.reason) from None


def parse_list(data: bytes, source: str | os.PathLike[str] = "<data>") -> SanctionsList:
    """Read a sanctions list from its bytes; ``source`` names it in error messages."""
    kind = detect_format(data, source)
    if kind == FORMAT_EU_CSV:
        return _read_eu_csv(data, source)
    return _read_xml(data, source)


def detect_format(data: bytes, source: str | os.PathLike[str] = "<data>") -> str:
    """Which reader reads ``data``: ``FORMAT_EU_CSV`` for a semicolon-separated text whose header
    names EU columns, or "xml" for XML (whose root element then decides); ``ListFileError`` for an
    empty file or any other kind of file."""
    head = data[:4096]
    if not head.removeprefix(b"\xef\xbb\xbf").strip():
        raise ListFileError(source, _("is empty; {expected}").format(expected=_(EXPECTED)))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "xml"  # UTF-16 with a byte order mark: only XML can say so and be read
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        lowered = text[:200].lower()
        if lowered.startswith((b"<!doctype html", b"<html")):
            raise ListFileError(
                source, _("is a web page (HTML), not a list file; {expected}").format(expected=_(EXPECTED))
            )
        return "xml"
    if text.startswith(b"PK\x03\x04"):
        raise ListFileError(
            source, _("is a ZIP archive; unpack it first ({expected})").format(expected=_(EXPECTED))
        )
    if text.startswith(b"%PDF"):
        raise ListFileError(source, _("is a PDF document; {expected}").format(expected=_(EXPECTED)))
    first_line = text.split(b"\n", 1)[0].decode("utf-8", "replace")
    if b";" in text.split(b"\n", 1)[0]:
        return FORMAT_EU_CSV
    if "entity_logicalid" in first_line.lower():
        raise ListFileError(
            source, _("has EU column names but no semicolons; expected semicolon-separated columns")
        )
    raise ListFileError(source, _("is not a sanctions list file; {expected}").format(expected=_(EXPECTED)))


# ---------------------------------------------------------------------------- helpers


# Control characters (C0 and C1): a CSV cell may hold an escape sequence that would be a command to
# the terminal that prints the name (screen, lists) and would be kept in a dossier's records.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _clean(text: str | None) -> str:
    """Text with its spacing tidied (runs of white space as one space, none at the ends) and each
    control character as a space."""
    if not text:
        return ""
    return " ".join(_CONTROL.sub(" ", text).split())


_LATIN_OR_COMMON = re.compile(r"[\u0000-\u024f\u1e00-\u1eff\u2000-\u206f]")


def _is_latin(text: str) -> bool:
    """Whether the letters of ``text`` are (mostly) Latin."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    latin = sum(1 for c in letters if _LATIN_OR_COMMON.match(c))
    return latin * 2 >= len(letters)


_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _year(text: str | None) -> int | None:
    text = _clean(text)
    return int(text) if text.isdigit() and len(text) == 4 else None


def _birth(
    date: str | None,
    year: str | None,
    month: str | None = None,
    day: str | None = None,
    year_from: str | None = None,
    year_to: str | None = None,
    note: str | None = None,
    circa: bool = False,
) -> BirthDate | None:
    """A birth date from whichever of its parts a list gives; None when it gives none."""
    date, note = _clean(date), _clean(note)
    y, y_from, y_to = _year(year), _year(year_from), _year(year_to)
    m = _ISO_DATE.fullmatch(date) if date else None
    if m:
        y = int(m.group(1))
        text = date
    elif y is not None:
        text = str(y)
        month_n, day_n = _clean(month), _clean(day)
        if month_n.isdigit() and 1 <= int(month_n) <= 12:
            text += f"-{int(month_n):02d}"
            if day_n.isdigit() and 1 <= int(day_n) <= 31:
                text += f"-{int(day_n):02d}"
    elif y_from is not None or y_to is not None:
        y_from = y_from if y_from is not None else y_to
        y_to = y_to if y_to is not None else y_from
        text = f"{y_from}-{y_to}" if y_from != y_to else str(y_from)
        return BirthDate(text, y_from, y_to, circa)
    elif date or note:
        text = date or note
        years = {int(found) for found in _YEAR.findall(text)}
        if len(years) == 1:
            y = years.pop()
    else:
        return None
    return BirthDate(text, y, y, circa)


def _add(items: list[str], value: str) -> None:
    if value and value not in items:
        items.append(value)


@dataclass
class _Entry:
    """An entry being collected (from one XML element, or from CSV rows)."""

    entry_id: str
    kind: EntryKind
    names: list[ListName] = field(default_factory=list)
    citizenships: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    country_names: list[str] = field(default_factory=list)
    birth_dates: list[BirthDate] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)

    def add_name(
        self,
        whole: str | None,
        first: str | None = "",
        middle: str | None = "",
        last: str | None = "",
        *,
        weak: bool = False,
        original_script: bool = False,
        language: str | None = "",
    ) -> None:
        first, middle, last = _clean(first), _clean(middle), _clean(last)
        text = _clean(whole) or " ".join(p for p in (first, middle, last) if p)
        if not text:
            return
        kind: NameKind
        if weak:
            kind = "weak_alias"
        elif original_script or not _is_latin(text):
            kind = "original_script"
        elif not any(n.kind == "name" for n in self.names):
            kind = "name"
        else:
            kind = "alias"
        name = ListName(text, kind, first, middle, last, _clean(language))
        if not any(n.text == text and n.kind == kind for n in self.names):
            self.names.append(name)

    def add_country(self, code: str | None, description: str | None, *, citizenship: bool) -> None:
        target = self.citizenships if citizenship else self.countries
        code = _clean(code).upper()
        description = _clean(description)
        if code:
            _add(target, code)
        elif description and description.upper() != "UNKNOWN":
            found = country_code(description)
            if found:
                _add(target, found)
            else:
                _add(self.country_names, description)

    def add_birth(self, birth: BirthDate | None) -> None:
        if birth is not None and birth not in self.birth_dates:
            self.birth_dates.append(birth)

    def merge(self, other: _Entry) -> None:
        for name in other.names:
            if not any(n.text == name.text and n.kind == name.kind for n in self.names):
                self.names.append(name)
        for mine, theirs in (
            (self.citizenships, other.citizenships),
            (self.countries, other.countries),
            (self.country_names, other.country_names),
            (self.programmes, other.programmes),
        ):
            for value in theirs:
                _add(mine, value)
        for birth in other.birth_dates:
            self.add_birth(birth)

    def freeze(self) -> ListEntry:
        return ListEntry(
            entry_id=self.entry_id,
            kind=self.kind,
            names=tuple(self.names),
            citizenships=tuple(self.citizenships),
            countries=tuple(self.countries),
            country_names=tuple(self.country_names),
            birth_dates=tuple(self.birth_dates),
            programmes=tuple(self.programmes),
        )


def _collect(entries: Iterable[_Entry]) -> tuple[ListEntry, ...]:
    """The entries in file order, those with the same id merged into the first."""
    by_id: dict[str, _Entry] = {}
    for entry in entries:
        if entry.entry_id in by_id:
            by_id[entry.entry_id].merge(entry)
        else:
            by_id[entry.entry_id] = entry
    return tuple(e.freeze() for e in by_id.values())


def _kind(code: str | None) -> EntryKind:
    """EU ``subjectType@code`` "person" (or classification "P") is a person; "enterprise" and anything
    else an entity."""
    return "person" if _clean(code).lower() in ("person", "p") else "entity"


def _weak_remark(remark: str | None) -> bool:
    lowered = _clean(remark).lower()
    return "low quality" in lowered or "lo quality" in lowered


# ---------------------------------------------------------------------------- XML


def _local(tag: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag."""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


# The list files nest a few elements deep (export > sanctionEntity > nameAlias > regulation); every
# open element is kept while the file is read, so a file nested a million deep took 300 MB per MB.
XML_DEPTH_MAX: Final = 64
# An entry's elements are kept until the entry ends (its names, countries and dates are read then);
# a real entry has tens.
XML_ENTRY_ELEMENTS_MAX: Final = 100_000


def _read_xml(data: bytes, source: str | os.PathLike[str]) -> SanctionsList:
    """The list in an XML file. Only what is being read is kept: an element outside the entries, and
    an entry once read, is taken out of the tree at its end (millions of empty elements beside the
    entries were all kept); nesting deeper than ``XML_DEPTH_MAX`` and entries of more than
    ``XML_ENTRY_ELEMENTS_MAX`` elements are refused."""
    reader: _EuXml | _UnXml | None = None
    open_elements: list[ET.Element] = []
    entry_depth = 0  # the depth of the entry being read, 0 outside the entries
    in_entry = 0  # the elements of that entry so far
    try:
        for event, elem in DefusedET.iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True):
            if event == "start":
                open_elements.append(elem)
                if len(open_elements) > XML_DEPTH_MAX:
                    raise ListFileError(
                        source,
                        _("has elements nested more than {most} deep; {expected}").format(
                            most=XML_DEPTH_MAX, expected=_(EXPECTED)
                        ),
                    )
                if reader is None:
                    reader = _root_reader(elem, source)
                elif entry_depth:
                    in_entry += 1
                    if in_entry > XML_ENTRY_ELEMENTS_MAX:
                        raise ListFileError(
                            source,
                            _("has an entry of more than {most} elements; {expected}").format(
                                most=XML_ENTRY_ELEMENTS_MAX, expected=_(EXPECTED)
                            ),
                        )
                elif reader.is_entry(elem):
                    entry_depth, in_entry = len(open_elements), 0
                continue
            open_elements.pop()
            if reader is None:  # pragma: no cover - the root's start came first
                continue
            reader.end(elem)
            if entry_depth and len(open_elements) >= entry_depth:
                continue  # inside an entry: kept until the entry is read
            entry_depth = 0
            if open_elements:
                del open_elements[-1][-1]  # the element that ended is its parent's last child
    except defusedxml.DTDForbidden:
        raise ListFileError(
            source,
            _(
                "contains a document type declaration (DTD), which list files do not have; refused, as DTDs "
                "can expand entities without end or read other files"
            ),
        ) from None
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise ListFileError(
            source, _("declares or refers to XML entities; refused (entity expansion)")
        ) from None
    except defusedxml.DefusedXmlException as e:
        raise ListFileError(
            source, _("uses an XML feature that is refused ({error})").format(error=e)
        ) from None
    except ET.ParseError as e:
        line, column = getattr(e, "position", (0, 0))
        message = str(e).split(":", 1)[0]
        if message in ("no element found", "unclosed token") or line >= data.count(b"\n") + 1:
            reason = _(
                "ends before the XML is complete (line {line}, column {column}): the file is cut short"
            ).format(line=line, column=column)
        else:
            reason = _("is not well-formed XML ({message}, line {line}, column {column})").format(
                message=message, line=line, column=column
            )
        raise ListFileError(source, reason) from None
    if reader is None:  # pragma: no cover - the parser reports an empty document as a ParseError
        raise ListFileError(source, _("is empty; {expected}").format(expected=_(EXPECTED)))
    return reader.result()


def _root_reader(root: ET.Element, source: str | os.PathLike[str]) -> _EuXml | _UnXml:
    ns, local = _local(root.tag)
    if local == "export" and ns == EU_NAMESPACE:
        return _EuXml(root, source)
    if local == "export" and "fsd" in ns:
        raise ListFileError(
            source,
            _(
                "is an EU Financial Sanctions File in another version (namespace {namespace}); expected "
                "version 1.1"
            ).format(namespace=ns),
        )
    if local == "CONSOLIDATED_LIST":
        return _UnXml(root, source)
    raise ListFileError(
        source,
        _("is XML whose root element is <{element}>; {expected}").format(element=local, expected=_(EXPECTED)),
    )


def _dated(source: str | os.PathLike[str], version: str, attribute: str) -> str:
    """A list's version, which must begin with its date (YYYY-MM-DD): it is what decides whether a
    file is newer than the list kept, so a version that is not a date is refused, never guessed."""
    try:
        dt.date.fromisoformat(version[:10])
    except ValueError:
        raise ListFileError(
            source,
            _("its {attribute} “{version}” is not a date; expected the date of the list (YYYY-MM-DD)").format(
                attribute=attribute, version=version[:40]
            ),
        ) from None
    return version


class _EuXml:
    def __init__(self, root: ET.Element, source: str | os.PathLike[str]) -> None:
        self.source = source
        self.version = _clean(root.get("generationDate"))
        if not self.version:
            raise ListFileError(
                source, _("has no generationDate on its <export> element; expected the date of the list")
            )
        self.ns = "{" + EU_NAMESPACE + "}"
        self.entries: list[_Entry] = []

    def is_entry(self, elem: ET.Element) -> bool:
        return elem.tag == self.ns + "sanctionEntity"

    def end(self, elem: ET.Element) -> None:
        if not self.is_entry(elem):
            return
        n = self.ns
        entry_id = _clean(elem.get("euReferenceNumber")) or _clean(elem.get("logicalId"))
        if not entry_id:
            raise ListFileError(
                self.source,
                _(
                    "sanctionEntity number {number} has neither euReferenceNumber nor logicalId; expected an "
                    "id for every entry"
                ).format(number=len(self.entries) + 1),
            )
        subject = elem.find(n + "subjectType")
        entry = _Entry(entry_id, _kind(subject.get("code") if subject is not None else None))
        for regulation in elem.findall(n + "regulation"):
            _add(entry.programmes, _clean(regulation.get("programme")))
        for alias in elem.findall(n + "nameAlias"):
            strong = _clean(alias.get("strong")).lower()
            entry.add_name(
                alias.get("wholeName"),
                alias.get("firstName"),
                alias.get("middleName"),
                alias.get("lastName"),
                weak=strong == "false" or _weak_remark(alias.findtext(n + "remark")),
                language=alias.get("nameLanguage"),
            )
        for citizenship in elem.findall(n + "citizenship"):
            entry.add_country(
                citizenship.get("countryIso2Code"), citizenship.get("countryDescription"), citizenship=True
            )
        for address in elem.findall(n + "address"):
            entry.add_country(
                address.get("countryIso2Code"), address.get("countryDescription"), citizenship=False
            )
        for birth in elem.findall(n + "birthdate"):
            entry.add_birth(
                _birth(
                    birth.get("birthdate"),
                    birth.get("year"),
                    birth.get("monthOfYear") or birth.get("month"),
                    birth.get("dayOfMonth") or birth.get("day"),
                    birth.get("yearRangeFrom"),
                    birth.get("yearRangeTo"),
                    circa=_clean(birth.get("circa")).lower() == "true",
                )
            )
        self.entries.append(entry)
        elem.clear()

    def result(self) -> SanctionsList:
        entries = _collect(self.entries)
        if not entries:
            raise ListFileError(
                self.source,
                _("holds no sanctionEntity; expected the EU Financial Sanctions Files XML version 1.1"),
            )
        return SanctionsList(
            EU_FSF, _dated(self.source, self.version, "generationDate"), FORMAT_EU_XML, entries
        )


class _UnXml:
    def __init__(self, root: ET.Element, source: str | os.PathLike[str]) -> None:
        self.source = source
        self.version = _clean(root.get("dateGenerated"))
        if not self.version:
            raise ListFileError(
                source,
                _("has no dateGenerated on its <CONSOLIDATED_LIST> element; expected the date of the list"),
            )
        self.entries: list[_Entry] = []

    def is_entry(self, elem: ET.Element) -> bool:
        return _local(elem.tag)[1] in ("INDIVIDUAL", "ENTITY")

    def end(self, elem: ET.Element) -> None:
        tag = _local(elem.tag)[1]
        if not self.is_entry(elem):
            return
        entry_id = _clean(elem.findtext("REFERENCE_NUMBER"))
        if not entry_id:
            raise ListFileError(
                self.source,
                _("{element} number {number} has no REFERENCE_NUMBER; expected an id for every entry").format(
                    element=tag, number=len(self.entries) + 1
                ),
            )
        entry = _Entry(entry_id, "person" if tag == "INDIVIDUAL" else "entity")
        parts = [_clean(elem.findtext(p)) for p in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
        entry.add_name(" ".join(p for p in parts if p))
        entry.add_name(elem.findtext("NAME_ORIGINAL_SCRIPT"), original_script=True)
        for alias in elem.findall(tag + "_ALIAS"):
            quality = _clean(alias.findtext("QUALITY")).lower()
            entry.add_name(alias.findtext("ALIAS_NAME"), weak=quality == "low")
        _add(entry.programmes, _clean(elem.findtext("UN_LIST_TYPE")))
        for value in elem.findall("NATIONALITY/VALUE"):
            entry.add_country(None, value.text, citizenship=True)
        for address in elem.findall(tag + "_ADDRESS"):
            entry.add_country(None, address.findtext("COUNTRY"), citizenship=False)
        for birth in elem.findall("INDIVIDUAL_DATE_OF_BIRTH"):
            entry.add_birth(
                _birth(
                    birth.findtext("DATE"),
                    birth.findtext("YEAR"),
                    year_from=birth.findtext("FROM_YEAR"),
                    year_to=birth.findtext("TO_YEAR"),
                    note=birth.findtext("NOTE"),
                    circa=_clean(birth.findtext("TYPE_OF_DATE")).upper() == "APPROXIMATELY",
                )
            )
        self.entries.append(entry)
        elem.clear()

    def result(self) -> SanctionsList:
        entries = _collect(self.entries)
        if not entries:
            raise ListFileError(
                self.source,
                _("holds no INDIVIDUAL or ENTITY; expected the UN Security Council consolidated list XML"),
            )
        return SanctionsList(
            UN_SC, _dated(self.source, self.version, "dateGenerated"), FORMAT_UN_XML, entries
        )


# ---------------------------------------------------------------------------- CSV


def _header_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


# Our name for a column -> the header names it has had (compared by _header_key).
_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "generated": ("fileGenerationDate",),
    "logical_id": ("Entity_LogicalId",),
    "reference": ("Entity_EU_ReferenceNumber", "Entity_ReferenceNumber"),
    "subject_type": ("Entity_SubjectType",),
    "classification": ("Entity_SubjectType_ClassificationCode",),
    "programme": ("Entity_Regulation_Programme",),
    "whole_name": ("NameAlias_WholeName",),
    "first_name": ("NameAlias_FirstName",),
    "middle_name": ("NameAlias_MiddleName",),
    "last_name": ("NameAlias_LastName",),
    "name_language": ("NameAlias_NameLanguage",),
    "name_strong": ("NameAlias_Strong",),
    "name_remark": ("NameAlias_Remark",),
    "citizenship_code": ("Citizenship_CountryIso2Code",),
    "citizenship_text": ("Citizenship_CountryDescription",),
    "address_code": ("Address_CountryIso2Code",),
    "address_text": ("Address_CountryDescription",),
    "birth_date": ("BirthDate_BirthDate",),
    "birth_day": ("BirthDate_Day",),
    "birth_month": ("BirthDate_Month",),
    "birth_year": ("BirthDate_Year",),
    "birth_from": ("BirthDate_YearRangeFrom",),
    "birth_to": ("BirthDate_YearRangeTo",),
    "birth_circa": ("BirthDate_Circa",),
}
_REQUIRED: Final = ("generated", "logical_id", "reference", "subject_type", "whole_name")


def _columns(header: list[str], source: str | os.PathLike[str]) -> dict[str, int]:
    positions = {_header_key(name): i for i, name in reversed(list(enumerate(header)))}
    found: dict[str, int] = {}
    for ours, names in _COLUMNS.items():
        for name in names:
            if _header_key(name) in positions:
                found[ours] = positions[_header_key(name)]
                break
    missing = [_COLUMNS[c][0] for c in _REQUIRED if c not in found]
    if missing:
        raise ListFileError(
            source,
            ngettext(
                "is missing the column {columns}; expected the EU Financial Sanctions Files CSV version 1.1",
                "is missing the columns {columns}; expected the EU Financial Sanctions Files CSV version 1.1",
                len(missing),
            ).format(columns=", ".join(missing)),
        )
    return found


def _csv_version(text: str) -> str:
    """dd/mm/yyyy as yyyy-mm-dd; anything else as written."""
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else text


def _read_eu_csv(data: bytes, source: str | os.PathLike[str]) -> SanctionsList:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        reason = (
            _("ends in the middle of a character: the file is cut short")
            if e.end >= len(e.object) and e.reason == "unexpected end of data"
            else _("is not UTF-8 text (line {line}); expected the EU CSV file as downloaded").format(
                line=line
            )
        )
        raise ListFileError(source, reason) from None
    if not text.endswith(("\n", "\r")):
        raise ListFileError(source, _("does not end with a line break: the file is cut short"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header = next(reader, [])
    cols = _columns(header, source)
    width = len(header)

    def get(row: list[str], column: str) -> str:
        return _clean(row[cols[column]]) if column in cols else ""

    version = ""
    entries: dict[str, _Entry] = {}
    order: list[_Entry] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            raise ListFileError(
                source,
                _(
                    "line {line} has {count} columns where the header has {width}; the file is damaged or "
                    "cut short"
                ).format(line=line, count=len(row), width=width),
            )
        version = version or get(row, "generated")
        logical_id = get(row, "logical_id")
        if not logical_id:
            raise ListFileError(
                source, _("line {line} has no Entity_LogicalId; expected one on every row").format(line=line)
            )
        entry = entries.get(logical_id)
        if entry is None:
            entry_id = get(row, "reference") or logical_id
            entry = _Entry(entry_id, _kind(get(row, "subject_type") or get(row, "classification")))
            entries[logical_id] = entry
            order.append(entry)
        _add(entry.programmes, get(row, "programme"))
        entry.add_name(
            get(row, "whole_name"),
            get(row, "first_name"),
            get(row, "middle_name"),
            get(row, "last_name"),
            weak=get(row, "name_strong").lower() == "false" or _weak_remark(get(row, "name_remark")),
            language=get(row, "name_language"),
        )
        if get(row, "citizenship_code") or get(row, "citizenship_text"):
            entry.add_country(get(row, "citizenship_code"), get(row, "citizenship_text"), citizenship=True)
        if get(row, "address_code") or get(row, "address_text"):
            entry.add_country(get(row, "address_code"), get(row, "address_text"), citizenship=False)
        entry.add_birth(
            _birth(
                get(row, "birth_date"),
                get(row, "birth_year"),
                get(row, "birth_month"),
                get(row, "birth_day"),
                get(row, "birth_from"),
                get(row, "birth_to"),
                circa=get(row, "birth_circa").lower() == "true",
            )
        )
    if not order:
        raise ListFileError(
            source, _("holds no rows after its header; expected the EU Financial Sanctions Files CSV")
        )
    if not version:
        raise ListFileError(source, _("has no fileGenerationDate; expected the date of the list on its rows"))
    dated = _dated(source, _csv_version(version), "fileGenerationDate")
    return SanctionsList(EU_FSF, dated, FORMAT_EU_CSV, _collect(order))


__all__ = ["LIST_FILE_LIMIT", "ListFileError", "detect_format", "parse_list", "read_list", "read_list_data"]
