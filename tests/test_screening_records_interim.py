"""INTERIM (issue 13, until the version 2 store lands): the workbook keeps a dossier's screening records
and their hits (schema step ``m006_screening_records``), so that ``screen ID`` and ``dispose`` can be
built and tried. The version 2 store (branch v2-store) keeps every version 2 field in its own m006; when
it is merged, that step, these tests and the rows code they test give way to it, and the screening
tests (tests/test_lists_store.py, tests/test_cli_screening.py) run on it unchanged."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from core.dossier import Dossier, Party, ScreeningHit, ScreeningRecord
from core.store import FrozenError, Workbook


def _screened() -> Dossier:
    return Dossier(
        title="Screened",
        parties=[Party(role="end_user", name="Viktor Zhuravlev"), Party(role="consignee", name="Acme")],
        screening=[
            ScreeningRecord(
                party=0,
                name="Viktor Zhuravlev",
                list_id="eu_fsf",
                list_version="2026-11-20T18:05:11.117+01:00",
                screened_at="2026-11-21T10:00:00+00:00",
                hits=(
                    ScreeningHit("EU.9001.01", "Victor Zhuravlev", 1.0, "match", "same person: passport"),
                    ScreeningHit("EU.9009.09", "Viktor Zhuravsky", 0.81),
                ),
            ),
            ScreeningRecord(party=1, name="Acme", list_id="un_sc", list_version="2026-02-27", hits=()),
        ],
    )


def test_screening_records_and_hits_are_kept_and_read_back(tmp_path):
    with Workbook.open(tmp_path / "wb.ddwb") as wb:
        (did,) = wb.import_dossiers([_screened()])
        assert wb.dossier(did).screening == _screened().screening
        # an edit of another field keeps them; an edit of the records replaces them
        wb.edit(did, lambda d: dataclasses.replace(d, title="Renamed"))
        assert wb.dossier(did).screening == _screened().screening
        wb.edit(did, lambda d: dataclasses.replace(d, screening=d.screening[1:]))
        assert wb.dossier(did).screening == _screened().screening[1:]
        assert list(wb.problems()) == []


def test_deleting_a_dossier_removes_its_screening_rows(tmp_path):
    path = tmp_path / "wb.ddwb"
    with Workbook.open(path) as wb:
        (did,) = wb.import_dossiers([_screened()])
        wb.delete(did)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM screening_records").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM screening_hits").fetchone() == (0,)


def test_the_screening_rows_of_a_finalised_dossier_cannot_be_changed_with_sql(tmp_path):
    path = tmp_path / "wb.ddwb"
    with Workbook.open(path) as wb:
        (did,) = wb.import_dossiers([_screened()])
        wb.finalise(did, "A. Person", "Compliance")
        with pytest.raises(FrozenError), wb._write():
            wb.conn.execute("UPDATE screening_hits SET disposition = 'open' WHERE dossier_id = ?", (did,))
        with pytest.raises(FrozenError), wb._write():
            wb.conn.execute("DELETE FROM screening_records WHERE dossier_id = ?", (did,))
        assert wb.dossier(did).screening == _screened().screening
