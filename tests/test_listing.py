"""The dossier list in the store (core.store.listing): every column's order, both ways, read a page at
a time, is the order of the words the list shows; search finds the title, reference, item and party
names, the destination's name and the outcome's words, every word of a query; a read-only workbook
sorts too."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from core.content import default_outcomes
from core.dossier import AuthorityReply, dossier_from_json
from core.store import LIST_COLUMNS, Order, Summary, Workbook, listing
from tests.conftest import chosen_holds, complete_example, dossier_dict

STATUS_WORDS = {"draft": ("Draft",), "final": ("Finalised",)}
# the authority's replies of the list's workbook: waiting (a decision pending, or none recorded), not
# sent yet, decided
REPLIES = {
    "d02": AuthorityReply("notification", sent_on="2026-03-01", decision="pending"),
    "d04": AuthorityReply("classification_request", sent_on="2026-01-15"),
    "d05": AuthorityReply("notification", sent_on="2026-02-01", decision="authorisation_required"),
    "d07": AuthorityReply("authorisation_application"),
    "d10": AuthorityReply("notification", sent_on="2025-12-01", decision="other", decided_on="2026-01-02"),
    "d11": AuthorityReply("notification", sent_on="2026-03-01", decision="pending"),
}


def _complete(**fields: Any) -> dict[str, Any]:
    d = complete_example()  # with the Art. 4 answers: a decided dossier under the version 2 rules
    d.pop("evidence")
    d["answers"]["annex_i_listed"] = "no"
    d.update(fields)
    return d


@pytest.fixture
def wb(tmp_path: Path) -> Any:
    """A workbook whose columns all vary: titles in any case, references missing, destinations
    missing, several outcomes, finalised dossiers, and one row an old version left without an outcome."""
    path = tmp_path / "list.ddwb"
    countries = ["KE", "AE", "NL", None, "BR", "DE"]
    dossiers = []
    for i in range(23):
        title = ["alpha", "Bravo", "charlie", "Delta", "echo"][i % 5] + f" kit {i}"
        dossier = (
            _complete(title=title, reference=f"REF-{(i * 7) % 23:02d}" if i % 4 else None)
            if i % 3
            else dossier_dict(title=title, reference=None if i % 2 else f"ref-{i:02d}")
        )
        dossier["id"] = f"d{i:02d}"
        dossier["destination_country"] = countries[i % len(countries)]
        if dossier["destination_country"] is None:
            dossier.pop("destination_country")
        if i % 5 == 1:
            dossier["parties"] = [{"role": "end_user", "name": "Ministry of Interior", "country": "KE"}]
        dossiers.append(dossier_from_json(dossier))
    with Workbook.open(path, actor="tester") as w:
        w.import_dossiers(dossiers)
        with chosen_holds():  # signed off for the list, whatever the holds
            for did in ("d01", "d05", "d08"):
                w.finalise(did, "J. Jansen", "Compliance officer")
        for did, reply in REPLIES.items():  # (d05 is finalised: recorded after sign-off)
            w.set_authority_reply(did, reply)
    conn = sqlite3.connect(path)  # as a version before outcomes were kept would have left it
    with conn:
        conn.execute(
            "INSERT INTO dossiers (id, title, status, created_at, updated_at) "
            "VALUES ('old', 'Old one', 'draft', '2020-01-01', '2020-01-01')"
        )
    conn.close()
    with Workbook.open(path, actor="tester") as w:
        w.set_list_words(statuses=STATUS_WORDS)
        yield w


def _shown(s: Summary, column: str) -> Any:
    """What the list shows in a column, as it is sorted."""
    outcomes = default_outcomes()
    if column == "title":
        return s.title.lower()
    if column == "reference":
        return (s.reference or "").lower()
    if column == "destination":
        return listing.folded(s.destination_name or s.destination_country or "")
    if column == "status":
        return STATUS_WORDS[s.status][0].casefold()
    if column == "outcome":
        return listing.folded(outcomes[s.outcome].short) if s.outcome in outcomes else ""
    if column == "holds":
        return len(s.holds)
    if column == "authority":  # none first; waiting longest first; not sent; the decisions
        if s.reply_kind is None:
            return ""
        if (s.reply_decision or "pending") != "pending":
            return f"3 {s.reply_decision}"
        return "2" if s.reply_sent_on is None else f"1 {s.reply_sent_on}"
    return s.updated


def _key(s: Summary, column: str) -> tuple[Any, ...]:
    """Where a dossier comes in a column's order: by what the column shows, then (but for the title
    and the last change) by title, then by id."""
    if column in ("title", "updated"):
        return (_shown(s, column), s.id)
    return (_shown(s, column), s.title.lower(), s.id)


def _pages(w: Workbook, order: Order, query: str | None = None, size: int = 4) -> list[Summary]:
    rows: list[Summary] = []
    while True:
        page = w.page(query, order=order, limit=size, after=rows[-1] if rows else None)
        rows += page
        if len(page) < size:
            return rows


@pytest.mark.parametrize("column", LIST_COLUMNS)
@pytest.mark.parametrize("descending", [False, True])
def test_every_column_sorts_by_what_the_list_shows_a_page_at_a_time(wb, column, descending):
    everything = wb.summaries()
    assert len(everything) == 24
    expected = sorted(everything, key=lambda s: _key(s, column), reverse=descending)
    assert _pages(wb, Order(column, descending)) == expected
    assert wb.page(order=Order(column, descending)) == expected  # the whole list at once, the same


def test_the_default_order_is_the_store_order(wb):
    assert wb.page() == wb.summaries() == _pages(wb, Order("updated", True))
    assert [s.updated for s in wb.summaries()] == sorted((s.updated for s in wb.summaries()), reverse=True)


def test_outcomes_sort_by_their_short_title_in_the_words_given(wb):
    shown = {o.id: o.short for o in default_outcomes().values()}
    reversed_words = {
        oid: (f"{chr(ord('z') - i)} {text}",) for i, (oid, text) in enumerate(sorted(shown.items()))
    }
    wb.set_list_words(outcomes=reversed_words)
    got = [s.outcome for s in wb.page(order=Order("outcome", False)) if s.outcome]
    assert got == sorted(got, key=lambda oid: reversed_words[oid][0])
    assert got != sorted(got, key=lambda oid: shown[oid])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kenya", lambda s: s.destination_country == "KE"),  # the destination's name
        ("UNITED arab", lambda s: s.destination_country == "AE"),  # words of the name, any case
        ("netherl", lambda s: s.destination_country == "NL"),  # the start of a word
        ("notify", lambda s: (s.outcome or "").startswith("notify")),  # the outcome's short title
        ("incompl", lambda s: s.outcome == "incomplete"),
        ("finalised", lambda s: s.status == "final"),  # the status as shown
        ("ministry", lambda s: s.id in {f"d{i:02d}" for i in range(23) if i % 5 == 1}),  # a party's name
        ("bravo kenya", lambda s: s.title.startswith("Bravo") and s.destination_country == "KE"),
        ("kit kenya draft", lambda s: s.destination_country == "KE" and s.status == "draft"),
        ("kenya brazil", lambda s: False),  # every word must match
        ("zzz", lambda s: False),
        ("-", lambda s: False),
    ],
)
def test_search_finds_names_outcomes_and_statuses_as_shown(wb, query, expected, monkeypatch):
    everything = wb.summaries()
    wanted = [s for s in everything if expected(s)]
    if query not in ("kenya brazil", "zzz", "-"):
        assert wanted, query  # the test means something
    for many in (10_000, 0):  # the matches read first, and every row tested in the order's index
        monkeypatch.setattr(listing, "MANY", many)
        assert wb.summaries(query) == wanted, (query, many)
        assert wb.count(query) == len(wanted)
        for column in LIST_COLUMNS:
            order = Order(column, column == "updated")
            expected_order = sorted(wanted, key=lambda s: _key(s, column), reverse=order.descending)
            assert _pages(wb, order, query, size=3) == expected_order, (query, column, many)


def test_the_count_of_a_search_follows_changes(wb):
    assert wb.count("kenya") == 4
    wb.import_dossiers([dossier_from_json(dossier_dict(title="Another", destination_country="KE"))])
    assert wb.count("kenya") == 5
    with Workbook.open(wb.path) as other:
        other.import_dossiers([dossier_from_json(dossier_dict(title="Third", destination_country="KE"))])
    assert wb.count("kenya") == 6  # a change by another connection too


def test_a_read_only_workbook_sorts_and_searches_too(wb):
    path = wb.path
    expected = wb.page("kenya", order=Order("outcome", False))
    wb.close()
    with Workbook.inspect(path) as ro:  # read-only: nothing is written to the file
        ro.set_list_words(statuses=STATUS_WORDS)
        assert ro.page("kenya", order=Order("outcome", False)) == expected
        assert ro.page(order=Order("destination", True), limit=3)


def test_a_value_no_word_is_known_for_sorts_as_itself(wb):
    wb.set_list_words(outcomes={"notify_legitimate": ("Notify",)})  # the others are shown as their ids
    got = [s.outcome or "" for s in wb.page(order=Order("outcome", False))]
    shown = ["Notify" if o == "notify_legitimate" else o for o in got]
    assert shown == sorted(shown, key=listing.folded)
    assert set(got) >= {"notify_legitimate", "incomplete", ""}


def test_an_unknown_column_is_refused(wb):
    with pytest.raises(ValueError, match="no list column"):
        wb.page(order=Order("colour", False))


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_the_records_by_the_end_of_their_retention_a_page_at_a_time(tmp_path):
    import datetime as dt

    with Workbook.open(tmp_path / "r.ddwb") as w:
        ids = w.import_dossiers([dossier_from_json(_complete(title=f"Signed {i}")) for i in range(7)])
        for i, did in enumerate(ids):
            if i != 3:  # one stays a draft
                w.finalise(did, "J. Jansen", "Officer", dt.date(2018 + i, 5, 1), 2018 + i)
        today = dt.date(2025, 6, 1)  # the retention of the exports of 2018 and 2019 has ended
        pages: list[Any] = []
        while page := w.records(limit=2, after=pages[-1] if pages else None, today=today):
            pages += page
        assert [r.export_year for r in pages] == [2018, 2019, 2020, 2022, 2023, 2024]
        assert [r.retention_until for r in pages][:2] == ["2023-12-31", "2024-12-31"]
        assert [r.deletable for r in pages] == [True, True, False, False, False, False]
        assert pages[0].signed_name == "J. Jansen" and pages[0].signed_date == "2018-05-01"
        assert [r.id for r in w.records(deletable_only=True, today=today)] == [ids[0], ids[1]]
        assert w.record_counts(today) == (6, 2)
        for r in w.records(deletable_only=True):  # by today's date too
            assert w.deletion_refusal(r.id) is None
        for r in w.records():
            if not r.deletable:
                assert w.deletion_refusal(r.id) is not None


def test_verification_says_what_it_checked_and_how_far_it_is(wb):
    steps: list[str] = []
    result = wb.verification(progress=steps.append)
    assert result.problems == wb.verify()
    assert result.problems and all(p.startswith("dossier old “Old one”") for p in result.problems)
    assert result.checked.dossiers == 24 and result.checked.finalised == 3
    assert result.checked.journal_entries == len(wb.journal())
    assert result.checked.schema_steps == len(wb.schema_steps)
    assert steps == [
        "SQLite's integrity check",
        "the schema",
        "the journal",
        "the dossiers",
        "the evidence files",
        "the sanctions lists",
    ]


def test_the_holds_and_the_authority_s_reply_come_with_each_row(wb):
    rows = {s.id: s for s in wb.summaries()}
    assert (rows["d02"].reply_kind, rows["d02"].reply_sent_on, rows["d02"].reply_decision) == (
        "notification",
        "2026-03-01",
        "pending",
    )
    assert rows["d05"].reply_decision == "authorisation_required" and rows["d05"].status == "final"
    assert rows["d03"].reply_kind is None
    assert rows["d00"].holds  # a draft without answers has holds, and the list has them
    assert "reply_kind" not in rows["d02"].to_json()  # the command line's list keeps its fields


@pytest.mark.parametrize("column", ["holds", "authority"])
def test_the_new_orders_are_read_through_their_index(wb, column):
    """Sorting 100,000 dossiers by the holds or the reply reads a page, not the table (m009)."""
    source, terms = listing._order_terms(wb, Order(column), None)
    sql = f"SELECT d.id FROM {source} ORDER BY " + ", ".join(expr for expr, _v in terms) + " LIMIT 5"
    plan = " ".join(str(r[3]) for r in wb.conn.execute("EXPLAIN QUERY PLAN " + sql))
    assert f"USING INDEX dossiers_by_{column}" in plan and "TEMP B-TREE" not in plan


@pytest.mark.usefixtures("fake_holds")
def test_a_record_s_export_year_is_that_of_the_actual_export_date_once_recorded(tmp_path):
    """Found walking through the program: Records showed export year 2027 (given at sign-off) beside
    "kept until 2033-12-31", which the actual export date of 2028-01-15 had given."""
    import datetime as dt

    with Workbook.open(tmp_path / "r.ddwb") as w:
        (did,) = w.import_dossiers([dossier_from_json(_complete(title="Signed"))])
        w.finalise(did, "J. Jansen", "Officer", dt.date(2026, 11, 25), 2027)
        assert [(r.export_year, r.retention_until) for r in w.records()] == [(2027, "2032-12-31")]
        w.set_export_date(did, "2028-01-15")
        assert [(r.export_year, r.retention_until) for r in w.records()] == [(2028, "2033-12-31")]
