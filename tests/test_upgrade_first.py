"""A workbook made by the first released workbook code opens with today's: every later schema step
applies, a checked copy is made first, every dossier gets the outcome and holds of today's rules (the
list shows them), and ``verify`` and the finalised dossier's seal hold."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

import pytest

from core import decision
from core.cli import main
from core.dossier import fingerprint
from core.store import KNOWN_MIGRATIONS, Workbook, backups
from tests.conftest import DATA

FIRST = ["m001_initial", "m002_search"]


@pytest.fixture
def first(tmp_path: Path) -> Path:
    """tests/data/workbook-m002.ddwb.gz: made by commit 60e4b20 (the first with the workbook store and
    its schema steps, m001 and m002), run with this venv's Python and PYTHONPATH at a worktree of that
    commit: ``import`` of three copies of that commit's tests/data/example-dossier.json as old-1
    ("Signed before upgrade"), old-2 ("Draft before upgrade") and old-3 ("Draft with a red flag", the
    flag present), ``attach old-1 datasheet.txt``, ``finalise old-1 --name 'A. Tester' --role
    Compliance --export-year 2026``; its ``verify`` said ok."""
    path = tmp_path / "first.ddwb"
    path.write_bytes(gzip.decompress((DATA / "workbook-m002.ddwb.gz").read_bytes()))
    return path


def test_the_fixture_is_the_first_release(first):
    with sqlite3.connect(first) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")] == FIRST
        assert conn.execute("SELECT id, status FROM dossiers ORDER BY id").fetchall() == [
            ("old-1", "final"),
            ("old-2", "draft"),
            ("old-3", "draft"),
        ]
        assert "holds" not in [r[1] for r in conn.execute("PRAGMA table_info(dossiers)")]


def test_a_workbook_of_the_first_release_is_upgraded_whole(first, tmp_path, capsys, monkeypatch):
    with sqlite3.connect(first) as conn:
        prints = dict(conn.execute("SELECT id, fingerprint FROM dossiers").fetchall())
        journal_before = conn.execute("SELECT seq, action, dossier_id FROM journal ORDER BY seq").fetchall()
        (retention,) = conn.execute("SELECT retention_until FROM dossiers WHERE id = 'old-1'").fetchone()
    with Workbook.open(first, actor="upgrader") as wb:
        # every step after the first release's, in order
        assert wb.schema_steps == list(KNOWN_MIGRATIONS)
        folder = backups.folder_for(first, wb.workbook_id())
        # the data and the history are those of before (the journal gained m005's checkpoints only)
        for did, fp in prints.items():
            assert fingerprint(wb.dossier(did)) == fp, did
        journal_now = [(e.seq, e.action, e.dossier_id) for e in wb.journal()]
        assert journal_now[: len(journal_before)] == journal_before
        assert {a for _s, a, _d in journal_now[len(journal_before) :]} == {"checkpoint"}
        # the list: every dossier's outcome and holds by today's rules, the old rows included
        summaries = {s.id: s for s in wb.summaries()}
        for did, s in summaries.items():
            assessment = decision.assess(wb.dossier(did))
            assert (s.outcome, s.holds) == (assessment.outcome, tuple(assessment.holds)), did
            assert s.holds, did  # version 1 dossiers lack the Article 4 answers: incomplete
            assert "outcome_incomplete" in s.holds
        assert "red_flags_unresolved" in summaries["old-3"].holds
        final = wb.get("old-1")
        assert final.frozen and final.retention_until == retention == "2031-12-31"
        assert (final.export_year, final.retention_basis) == (2026, "export_year")
        # the seal made for it on upgrade (m005) holds, and so does the whole workbook
        seal = wb.seal_of("old-1")
        assert seal is not None
        assert wb.check_seal(seal.seal)[1] == []
        assert wb.verify() == []
        assert len(b"".join(wb.evidence_chunks("old-1", "ev2"))) == 22
    # a checked copy of the workbook as it was was made first
    made = backups.existing(folder)
    assert [p.name.endswith("-before-upgrade.ddwb") for p in made] == [True]
    with sqlite3.connect(made[0]) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")] == FIRST
        assert dict(conn.execute("SELECT id, fingerprint FROM dossiers").fetchall()) == prints
    # the command line: list --json gives the holds, verify and verify --seal hold
    monkeypatch.setenv("DDWORKBOOK_WORKBOOK", str(first))
    assert main(["list", "--json"]) == 0
    listed = {d["id"]: d for d in json.loads(capsys.readouterr().out)}
    assert {did: tuple(d["holds"]) for did, d in listed.items()} == {
        did: s.holds for did, s in summaries.items()
    }
    assert main(["verify"]) == 0
    assert "ok" in capsys.readouterr().out
    assert main(["verify", "--seal", seal.seal]) == 0
    capsys.readouterr()
    # and the annotations of version 2 can be recorded on the dossier signed off in the first release
    with Workbook.open(first) as wb:
        stored = wb.set_export_date("old-1", "2027-03-01")
        assert (stored.retention_until, stored.retention_basis) == ("2032-12-31", "export_date")
        assert wb.check_seal(seal.seal)[1] == []
        assert wb.verify() == []
