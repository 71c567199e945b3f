"""Sanctions lists in the workbook (issue 13, point 1): importing a list file stores its entries with
all their names and its index, replacing the earlier version of the same list in one transaction; a
refused file changes nothing; each import is journaled; dossiers screened against an older version
are listed for screening again."""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from pathlib import Path

import pytest

from core.dossier import Dossier, Party, ScreeningRecord
from core.screening import NORMALISER_VERSION, ListFileError, read_list
from core.store import StoreError, Workbook
from core.store import journal as journal_module
from core.store import lists as lists_module
from tests.conftest import SHARED, chosen_holds

SAMPLES = SHARED / "data" / "sanctions"
EU_XML = SAMPLES / "eu-fsf-sample.xml"
EU_CSV = SAMPLES / "eu-fsf-sample.csv"
UN_XML = SAMPLES / "un-sample.xml"
EU_VERSION = "2026-11-20T18:05:11.117+01:00"
UN_VERSION = "2026-02-27T00:00:09.554Z"

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"the samples are not at {SAMPLES}")


def eu_version(tmp_path: Path, generated: str, drop: str | None = None, name: str = "eu-next.xml") -> Path:
    """A copy of the EU sample generated at ``generated``, without the entry ``drop``."""
    text = EU_XML.read_text("utf-8").replace(EU_VERSION, generated, 1)
    if drop:
        text = re.sub(
            rf'<sanctionEntity [^>]*euReferenceNumber="{re.escape(drop)}".*?</sanctionEntity>',
            "",
            text,
            count=1,
            flags=re.S,
        )
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def wb(tmp_path: Path):
    with Workbook.open(tmp_path / "wb.ddwb", actor="tester") as w:
        yield w


def _list_rows(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("sanctions_lists", "sanctions_entries", "sanctions_index")
        }
    finally:
        conn.close()


def test_a_list_is_stored_with_every_entry_name_and_its_index(wb):
    done = wb.import_list(EU_XML)
    expected = read_list(EU_XML)
    assert done.stored.list_id == "eu_fsf" and done.stored.version == EU_VERSION
    assert (done.stored.entries, done.stored.names) == (len(expected.entries), expected.name_count)
    assert done.stored.source_format == "eu_fsf_xml_1.1" and done.stored.file_name == "eu-fsf-sample.xml"
    assert done.replaced is None and done.rescreen == []
    (stored,) = wb.sanctions_lists()
    assert stored == done.stored and stored.imported_at
    # the entries come back as read: every name, kind, citizenship, birth date and programme
    index = wb.screening_index()
    assert index is not None and index.lists["eu_fsf"] == expected
    (hit,) = wb.screen_name("Viktor Zhuravlev")
    assert (hit.list_id, hit.entry_id, hit.name) == ("eu_fsf", "EU.9001.01", "Victor Zhuravlev")
    rows = _list_rows(wb.path)
    assert (
        rows["sanctions_entries"] == len(expected.entries) and rows["sanctions_index"] >= expected.name_count
    )


def test_both_lists_are_kept_side_by_side_and_screened_together(wb):
    wb.import_list(EU_XML)
    wb.import_list(UN_XML)
    assert [(s.list_id, s.version) for s in wb.sanctions_lists()] == [
        ("eu_fsf", EU_VERSION),
        ("un_sc", UN_VERSION),
    ]
    index = wb.screening_index()
    assert index is not None and set(index.lists) == {"eu_fsf", "un_sc"}
    assert [h.list_id for h in wb.screen_name("ООО Нордвинд Сигнал")] == ["eu_fsf"]


def test_a_newer_version_replaces_the_earlier_one_and_the_journal_says_which(wb, tmp_path):
    wb.import_list(EU_XML)
    newer = eu_version(tmp_path, "2026-12-01T09:00:00.000+01:00", drop="EU.9004.04")
    done = wb.import_list(newer)
    assert done.replaced == EU_VERSION
    (stored,) = wb.sanctions_lists()
    assert stored.version == "2026-12-01T09:00:00.000+01:00" and stored.entries == 4
    index = wb.screening_index()
    assert index is not None
    assert "EU.9004.04" not in {e.entry_id for e in index.lists["eu_fsf"].entries}
    assert wb.screen_name("Société Générale de Télécommunications Écoute") == []
    assert _list_rows(wb.path)["sanctions_entries"] == 4
    imports = [e for e in wb.journal() if e.action == "lists_import"]
    assert [(e.dossier_id, e.field) for e in imports] == [(None, "eu_fsf"), (None, "eu_fsf")]
    first, second = (json.loads(e.new or "") for e in imports)
    assert first["version"] == EU_VERSION and first["entries"] == 5
    assert second["version"] == "2026-12-01T09:00:00.000+01:00" and second["entries"] == 4
    assert len(second["sha256"]) == 64 and second["file"] == "eu-next.xml"
    assert json.loads(imports[1].old or "")["version"] == EU_VERSION
    assert list(wb.problems()) == []


def test_the_csv_and_the_xml_of_the_same_day_are_the_same_list(wb):
    wb.import_list(EU_XML)
    done = wb.import_list(EU_CSV)  # "2026-11-20": the same day as the XML's date-time
    assert done.replaced == EU_VERSION
    assert [(s.list_id, s.version, s.source_format) for s in wb.sanctions_lists()] == [
        ("eu_fsf", "2026-11-20", "eu_fsf_csv_1.1")
    ]


def test_an_older_version_is_refused_and_changes_nothing(wb, tmp_path):
    wb.import_list(EU_XML)
    before = (wb.sanctions_lists(), len(wb.journal()))
    older = eu_version(tmp_path, "2026-10-01T09:00:00.000+01:00")
    with pytest.raises(StoreError, match=r"eu-next\.xml.*2026-10-01.*older.*2026-11-20"):
        wb.import_list(older)
    assert (wb.sanctions_lists(), len(wb.journal())) == before


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"<?xml version='1.0'?><CONSOLIDATED_LIST dateGenerated='2026-01-01'><INDIVIDUALS>",
        b'{"format": "ddworkbook/dossier"}',
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
    ],
    ids=["empty", "truncated", "another-format", "entities"],
)
def test_a_refused_file_changes_nothing(wb, tmp_path, content):
    wb.import_list(EU_XML)
    before = (wb.sanctions_lists(), len(wb.journal()), _list_rows(wb.path))
    bad = tmp_path / "bad.xml"
    bad.write_bytes(content)
    with pytest.raises(ListFileError, match=r"bad\.xml"):
        wb.import_list(bad)
    assert (wb.sanctions_lists(), len(wb.journal()), _list_rows(wb.path)) == before


def test_a_failure_while_storing_keeps_the_earlier_version_whole(wb, tmp_path, monkeypatch):
    wb.import_list(EU_XML)
    before = (wb.sanctions_lists(), _list_rows(wb.path))

    def broken(*args, **kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr(journal_module, "append", broken)
    with pytest.raises(OSError):
        wb.import_list(eu_version(tmp_path, "2026-12-01T09:00:00.000+01:00", drop="EU.9004.04"))
    assert (wb.sanctions_lists(), _list_rows(wb.path)) == before
    index = wb.screening_index()
    assert index is not None and len(index.lists["eu_fsf"].entries) == 5


def test_index_rows_of_another_normaliser_are_built_again_and_stored(wb, monkeypatch):
    wb.import_list(EU_XML)
    conn = sqlite3.connect(wb.path)
    with conn:
        conn.execute("UPDATE sanctions_index SET version = version - 1")
    conn.close()
    lists_module.forget_indexes()
    index = wb.screening_index()
    assert index is not None and wb.screen_name("Viktor Zhuravlev")
    conn = sqlite3.connect(wb.path)
    versions = {v for (v,) in conn.execute("SELECT DISTINCT version FROM sanctions_index")}
    conn.close()
    assert versions == {NORMALISER_VERSION}


def test_no_list_means_no_index_and_screening_says_so(wb):
    assert wb.sanctions_lists() == [] and wb.screening_index() is None
    with pytest.raises(StoreError, match=r"no sanctions list.*lists import"):
        wb.screen_name("Viktor Zhuravlev")


def _screened(version: str, list_id: str = "eu_fsf", title: str = "Screened") -> Dossier:
    return Dossier(
        title=title,
        parties=[Party(role="end_user", name="Acme")],
        screening=[ScreeningRecord(0, "Acme", list_id, version, "2026-11-21T10:00:00+00:00")],
    )


def test_dossiers_screened_against_an_older_version_are_listed_for_screening_again(wb, tmp_path):
    wb.import_list(EU_XML)
    wb.import_list(UN_XML)
    old, current, un_only, final = wb.import_dossiers(
        [
            _screened(EU_VERSION, title="Old"),
            _screened("2026-12-01T09:00:00.000+01:00", title="Current"),
            _screened(UN_VERSION, "un_sc", title="UN only"),
            _screened(EU_VERSION, title="Final"),
        ]
    )
    with chosen_holds():  # signed off for what follows, whatever the holds
        wb.finalise(final, "A. Person", "Compliance")
    done = wb.import_list(eu_version(tmp_path, "2026-12-01T09:00:00.000+01:00"))
    assert [(r.dossier_id, r.title, r.lists) for r in done.rescreen] == [(old, "Old", ("eu_fsf",))]
    assert wb.rescreen_dossiers() == done.rescreen
    # screened again against the list as it now is: no longer listed
    wb.edit(
        old,
        lambda d: dataclasses.replace(
            d, screening=[dataclasses.replace(d.screening[0], list_version="2026-12-01T09:00:00.000+01:00")]
        ),
    )
    assert wb.rescreen_dossiers() == []
    assert {current, un_only}.isdisjoint(r.dossier_id for r in done.rescreen)
