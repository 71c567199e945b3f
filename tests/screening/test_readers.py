"""Sanctions list readers: the three formats, detected from the content, and every way a file is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.files import InputFile, InputFileError
from core.screening import LIST_FILE_LIMIT, ListEntry, ListFileError, SanctionsList, parse_list, read_list
from tests.conftest import SHARED

SAMPLES = SHARED / "data" / "sanctions"
EU_XML = SAMPLES / "eu-fsf-sample.xml"
EU_CSV = SAMPLES / "eu-fsf-sample.csv"
UN_XML = SAMPLES / "un-sample.xml"

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"the samples are not at {SAMPLES}")

EU_NAMES = {
    "EU.9001.01": ["Viktor Petrovich ZHURAVLYOV", "Виктор Петрович Журавлёв", "Victor Zhuravlev"],
    "EU.9002.02": ["Northwind Signal Intelligence Systems LLC", "NSIS", "ООО «Нордвинд Сигнал»"],
    "EU.9003.03": [
        "Abdulrahman Yusuf Al-Qasimi",
        "Abd al-Rahman Yousef al Qassimi",
        "عبد الرحمن يوسف القاسمي",
        "Abu Yusuf",
    ],
    "EU.9004.04": ["Société Générale de Télécommunications Écoute SARL", "SGTE"],
    "900105": ["Ιωάννης Παπαδόπουλος", "Ioannis PAPADOPOULOS"],  # no reference number: the logical id
}


def _refused(path: Path) -> str:
    """The one line a refused file gives (and that nothing is returned)."""
    with pytest.raises(ListFileError) as info:
        read_list(path)
    message = str(info.value)
    assert "\n" not in message
    assert path.name in message
    assert isinstance(info.value, InputFileError)  # callers that handle a user's bad file handle this too
    return message


def _names(sl: SanctionsList) -> dict[str, list[str]]:
    return {e.entry_id: [n.text for n in e.names] for e in sl.entries}


# ---------------------------------------------------------------------------- the samples


def test_the_eu_xml_sample_gives_every_entry_and_name():
    sl = read_list(EU_XML)
    assert (sl.list_id, sl.version, sl.source_format) == (
        "eu_fsf",
        "2026-11-20T18:05:11.117+01:00",
        "eu_fsf_xml_1.1",
    )
    assert _names(sl) == EU_NAMES
    by_id = {e.entry_id: e for e in sl.entries}
    viktor = by_id["EU.9001.01"]
    assert viktor.kind == "person"
    assert [n.kind for n in viktor.names] == ["name", "original_script", "alias"]
    assert (viktor.names[0].first, viktor.names[0].middle, viktor.names[0].last) == (
        "Viktor",
        "Petrovich",
        "Zhuravlyov",
    )
    assert viktor.names[1].language == "RU"
    assert viktor.citizenships == ("XS",)  # not ISO, kept
    assert [(b.text, b.year_from, b.circa) for b in viktor.birth_dates] == [("1968-03-02", 1968, False)]
    assert viktor.programmes == ("XSAMPLE",)
    northwind = by_id["EU.9002.02"]
    assert northwind.kind == "entity"
    assert [n.kind for n in northwind.names] == ["name", "weak_alias", "original_script"]
    assert northwind.countries == ("XS",)
    qasimi = by_id["EU.9003.03"]
    assert qasimi.citizenships == ("XT",)
    assert [(b.text, b.year_from, b.year_to, b.circa) for b in qasimi.birth_dates] == [
        ("1975", 1975, 1975, True)
    ]
    assert qasimi.names[3].weak and qasimi.programmes == ("XTERR",)


def test_the_eu_csv_sample_gives_the_same_entries_and_names():
    sl = read_list(EU_CSV)
    assert (sl.list_id, sl.version, sl.source_format) == ("eu_fsf", "2026-11-20", "eu_fsf_csv_1.1")
    assert _names(sl) == EU_NAMES
    xml = {e.entry_id: e for e in read_list(EU_XML).entries}
    for entry in sl.entries:
        other = xml[entry.entry_id]
        assert (entry.kind, entry.citizenships, entry.countries, entry.birth_dates, entry.programmes) == (
            other.kind,
            other.citizenships,
            other.countries,
            other.birth_dates,
            other.programmes,
        )


def test_the_un_sample_gives_every_entry_and_name():
    sl = read_list(UN_XML)
    assert (sl.list_id, sl.version, sl.source_format) == ("un_sc", "2026-02-27T00:00:09.554Z", "un_sc_xml")
    assert len(sl.entries) == 20
    assert sum(e.kind == "person" for e in sl.entries) == 12
    assert sl.name_count == 52  # every FIRST..FOURTH name, original-script name and alias in the file
    by_id = {e.entry_id: e for e in sl.entries}
    assert [(n.text, n.kind) for n in by_id["IQi.002"].names] == [
        ("QUSAY SADDAM HUSSEIN AL-TIKRITI", "name"),
        ("قصي صدام حسين التكريتي", "original_script"),
    ]
    assert [(n.text, n.kind) for n in by_id["CDi.003"].names] == [
        ("GASTON IYAMUREMYE", "name"),
        ("Rumuli", "weak_alias"),  # QUALITY Low
        ("Byiringiro Victor Rumuli", "alias"),
        ("Victor Rumuri", "alias"),
        ("Michel Byiringiro", "alias"),
    ]
    assert by_id["CDi.003"].citizenships == ("RW",) and by_id["CDi.003"].countries == ("CD",)
    assert by_id["CDi.001"].citizenships == ("CD",)  # "Democratic Republic of the Congo"
    assert [b.text for b in by_id["IQi.003"].birth_dates] == ["1964", "1967"]
    assert [(b.text, b.year_from) for b in by_id["CDi.004"].birth_dates] == [("Nov. 1973", 1973)]
    assert by_id["IQi.004"].birth_dates[0].circa  # APPROXIMATELY
    assert by_id["CDe.003"].names[0].text == (
        "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL) ; GREAT LAKES BUSINESS COMPANY (GLBC)"
    )
    assert by_id["CDe.003"].countries == ("CD", "RW")
    assert by_id["IQi.001"].programmes == ("Iraq",)


def test_the_format_comes_from_the_content_not_the_name(tmp_path):
    for sample, name in ((EU_XML, "list.csv"), (EU_CSV, "list.xml"), (UN_XML, "download")):
        copy = tmp_path / name
        copy.write_bytes(sample.read_bytes())
        assert read_list(copy) == read_list(sample)


def test_a_list_survives_a_round_trip_through_json():
    for sample in (EU_XML, EU_CSV, UN_XML):
        sl = read_list(sample)
        assert SanctionsList.from_dict(json.loads(json.dumps(sl.to_dict()))) == sl
        for entry in sl.entries:
            assert ListEntry.from_dict(entry.to_dict()) == entry


# ---------------------------------------------------------------------------- refused


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<CONSOLIDATED_LIST dateGenerated="2026-01-01"><INDIVIDUALS><INDIVIDUAL><REFERENCE_NUMBER>X</REFERENCE_NUMBER>
<FIRST_NAME>&lol4;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"""


def test_an_xml_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(BILLION_LAUGHS, "utf-8")
    assert "document type declaration" in _refused(path)


def test_a_quadratic_blowup_is_refused(tmp_path):
    path = tmp_path / "quadratic.xml"
    big = "x" * 50_000
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "{big}">]>'
        f'<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026">{"&a;" * 1000}</export>',
        "utf-8",
    )
    assert "document type declaration" in _refused(path)


def test_an_external_entity_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", "utf-8")
    path = tmp_path / "external.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<CONSOLIDATED_LIST dateGenerated="2026"><INDIVIDUALS><INDIVIDUAL>'
        "<REFERENCE_NUMBER>X</REFERENCE_NUMBER><FIRST_NAME>&x;</FIRST_NAME>"
        "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
        "utf-8",
    )
    message = _refused(path)
    assert "document type declaration" in message and "SECRET" not in message


def test_a_file_over_the_limit_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.xml"
    with open(path, "wb") as f:
        f.truncate(2 * 1024**3)  # a sparse 2 GB file: no disk space used
    reads: list[int] = []
    real_read = InputFile.read

    def spy(self: InputFile, n: int = -1) -> bytes:
        reads.append(n)
        return real_read(self, n)

    monkeypatch.setattr(InputFile, "read", spy)
    message = _refused(path)
    assert f"is 2048 MB, over the limit of {LIST_FILE_LIMIT // (1024 * 1024)} MB" in message
    assert reads == []
    small = tmp_path / "small.xml"  # the same spy sees the reads of a file that is read
    small.write_bytes(UN_XML.read_bytes())
    read_list(small)
    assert reads


@pytest.mark.parametrize("sample", [EU_XML, UN_XML])
def test_a_truncated_xml_file_is_refused(tmp_path, sample):
    data = sample.read_bytes()
    for cut in (len(data) // 2, len(data) - 5):
        path = tmp_path / f"cut-{cut}.xml"
        path.write_bytes(data[:cut])
        assert "cut short" in _refused(path)


def test_a_truncated_csv_file_is_refused(tmp_path):
    data = EU_CSV.read_bytes()
    middle_of_a_line = data.index(b"\n", len(data) // 2) - 20
    path = tmp_path / "cut-line.csv"
    path.write_bytes(data[:middle_of_a_line])
    assert "cut short" in _refused(path)
    cyrillic = data.index("Журавлёв".encode()) + 1  # in the middle of a two-byte character
    path = tmp_path / "cut-char.csv"
    path.write_bytes(data[:cyrillic])
    assert "cut short" in _refused(path)
    after_a_separator = data.index(b";", len(data) // 2) + 1
    path = tmp_path / "cut-field.csv"
    path.write_bytes(data[:after_a_separator] + b"\n")
    assert "cut short" in _refused(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"format": "ddworkbook/dossier", "version": 1}', "not a sanctions list file"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"<!DOCTYPE html><html><body>Log in</body></html>", "web page"),
        (b'<?xml version="1.0"?><dossier/>', "root element is <dossier>"),
        (b"name,country\nViktor,RU\n", "not a sanctions list file"),
        (b"\x00\x01\x02binary", "not a sanctions list file"),
    ],
)
def test_a_file_of_another_format_is_refused(tmp_path, content, expected):
    path = tmp_path / "other.xml"
    path.write_bytes(content)
    assert expected in _refused(path)


def test_a_csv_with_missing_columns_is_refused(tmp_path):
    lines = EU_CSV.read_text("utf-8-sig").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(";")
    drop = [header.index("NameAlias_WholeName"), header.index("Entity_SubjectType")]
    kept = [
        ";".join(cell for i, cell in enumerate(line.rstrip("\n").split(";")) if i not in drop) + "\n"
        for line in lines
    ]
    path = tmp_path / "columns.csv"
    path.write_text("".join(kept), "utf-8")
    message = _refused(path)
    assert "missing the columns Entity_SubjectType, NameAlias_WholeName" in message


def test_csv_columns_are_found_by_name_in_any_order_and_spelling(tmp_path):
    rows = [line.rstrip("\n").split(";") for line in EU_CSV.read_text("utf-8-sig").splitlines()]
    rows = [list(reversed(r)) for r in rows]
    rows[0] = [c.replace("Entity_UnitedNationId", "Entity_UN_ReferenceNumber").upper() for c in rows[0]]
    path = tmp_path / "reordered.csv"
    path.write_text("".join(";".join(r) + "\r\n" for r in rows), "utf-8")  # no byte order mark, CRLF
    assert _names(read_list(path)) == EU_NAMES


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    assert "is empty" in _refused(path)


def test_a_file_without_entries_or_version_is_refused(tmp_path):
    path = tmp_path / "none.xml"
    path.write_text(
        '<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-01-01"/>', "utf-8"
    )
    assert "holds no sanctionEntity" in _refused(path)
    path.write_text("<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>", "utf-8")
    assert "dateGenerated" in _refused(path)
    header = EU_CSV.read_text("utf-8-sig").splitlines()[0]
    path.write_text(header + "\n", "utf-8")
    assert "holds no rows" in _refused(path)


def test_a_folder_or_a_missing_file_is_refused(tmp_path):
    assert "folder" in _refused(tmp_path)
    assert "not found" in _refused(tmp_path / "missing.xml")


def test_entries_with_the_same_id_are_merged():
    xml = b"""<CONSOLIDATED_LIST dateGenerated="2026-01-01"><INDIVIDUALS>
    <INDIVIDUAL><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER><FIRST_NAME>A</FIRST_NAME><SECOND_NAME>B</SECOND_NAME></INDIVIDUAL>
    <INDIVIDUAL><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER><FIRST_NAME>C</FIRST_NAME>
      <NATIONALITY><VALUE>Iran (Islamic Republic of)</VALUE><VALUE>Atlantis</VALUE></NATIONALITY></INDIVIDUAL>
    </INDIVIDUALS></CONSOLIDATED_LIST>"""
    sl = parse_list(xml, "merged.xml")
    assert len(sl.entries) == 1
    entry = sl.entries[0]
    assert [n.text for n in entry.names] == ["A B", "C"]
    assert entry.citizenships == ("IR",) and entry.country_names == ("Atlantis",)  # kept in words
