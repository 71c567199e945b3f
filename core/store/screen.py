"""Screening names and dossiers against the sanctions lists kept in the workbook (issue 13; DESIGN.md
sections 3 and 5), and recording the decisions on hits.

``screen_name`` screens one name against every list kept. ``screen_dossier`` screens every party
with a name (or those given) against every list kept and records the results in the dossier,
following the record rules of DESIGN.md section 3 (``core.dossier.replace_screening``): a party's
record for a list is replaced, its hits ``open``, and a hit of the same entry and name as an earlier
one keeps that one's disposition and note; an earlier ``match`` the new screening no longer finds is
kept (it counts whatever the party is called now), an earlier false positive no longer found is
dropped. ``dispose_hit`` records ``false_positive`` or ``match`` with a note on every hit of one list
entry in a party's records.

Which name a hit gives. A hit names the entry's list name that matches best, and that name is what
dispositions are kept by. When several names of the entry match equally well (to the two decimals a
score is given in), the engine names the one the earlier hit of that entry named, if it is among them
(``ScreeningIndex.screen(prefer=...)``): so a decision carries over when nothing about the match has
changed, even when a new version of the list reorders an entry's names. When another name now
matches better (a new alias, a corrected spelling), the hit names it and is ``open`` again: the
decision was taken on a weaker likeness, and the screener looks again. A ``match`` is never lost that
way: the earlier hit stays in the record with its disposition.

Each change is one transaction, journaled field by field as an edit is (action ``screen`` or
``dispose``), and the dossier's stored outcome (and whatever else ``rows.put`` derives) is refreshed
with it. A finalised dossier is refused (``FrozenError``). Functions take the open workbook
(``Handle``); those that are methods of ``Workbook`` are ``guarded``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from core.i18n import _
from core.lazy import lazy_import
from core.store import evidence, journal, lists, rows
from core.store.common import now
from core.store.errors import FrozenError, StoreError
from core.store.handle import Handle, guarded
from core.store.results import StoredDossier

if TYPE_CHECKING:
    import dataclasses

    from core import contract
    from core import dossier as _dossier
    from core.dossier import Dossier
    from core.screening import Hit, ScreeningIndex
else:  # loaded when a dossier is first screened, not to list the dossiers (start-up)
    dataclasses = lazy_import("dataclasses")
    contract = lazy_import("core.contract")
    _dossier = lazy_import("core.dossier")

# A name to screen is text of a field of the dossier at most (core.dossier's limit for any text):
# a longer one is a mistake, and took seconds to screen and to print back.
NAME_MAX = 1_000_000

Progress = Callable[[str], object]


class PartyHits(NamedTuple):
    """What screening found for one party: its position, its name as screened, and the hits on every
    list, best first (with the reasons, which the dossier does not keep)."""

    party: int
    name: str
    hits: list[Hit]


class DossierScreening(NamedTuple):
    """A dossier screened: its id, the parties screened with what was found, and the dossier as now
    stored (its records with the dispositions kept)."""

    dossier_id: str
    parties: list[PartyHits]
    dossier: Dossier


def _index(wb: Handle) -> ScreeningIndex:
    index = lists.screening_index(wb)
    if index is None:
        raise StoreError(
            _(
                "no sanctions list has been imported into {path}; import the EU or UN list file first "
                "(ddworkbook lists import FILE, or File > Import sanctions list…)"
            ).format(path=wb.path)
        )
    return index


@guarded
def screen_name(wb: Handle, name: str, country: str | None = None) -> list[Hit]:
    """The hits for ``name`` on every list kept, best first; ``StoreError`` when no list is kept, or
    when ``name`` has nothing to screen (``name_problem``)."""
    if problem := name_problem(name):
        raise StoreError(problem)
    return _index(wb).screen(name, country=country)


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be screened, or None: longer than ``NAME_MAX``, or nothing to screen in it
    (no letters or digits: blank, punctuation such as '???', marks alone). Screening such a name finds
    no hit, and 'no hit' would read as a clean result."""
    if len(name) > NAME_MAX:
        return _("the name to screen is {count} characters long; at most {most} allowed").format(
            count=len(name), most=NAME_MAX
        )
    from core.screening.normalize import normalise  # at first use: not at start-up (see core.store.lists)

    if not normalise(name).tokens:
        return _("nothing to screen in the name {shown}: a name needs letters or digits").format(
            shown=repr(name[:60])
        )
    return None


@guarded
def screen_dossier(
    wb: Handle, dossier_id: str, parties: Sequence[int] | None = None, progress: Progress | None = None
) -> DossierScreening:
    """Screen the named parties of a stored dossier (those at ``parties``, when given) against every
    list kept and record the results (see the module). Parties without a name are not screened."""
    step = progress or (lambda _step: None)
    step(_("loading the sanctions lists"))
    index = _index(wb)  # before the write: it may take a second
    step(_("screening the parties"))
    with wb._write():
        old = rows.get(wb, dossier_id)
        _refuse_frozen(old)
        d = old.dossier
        chosen = range(len(d.parties)) if parties is None else parties
        for i in chosen:
            if problem := _dossier.party_problem(i, len(d.parties)):
                raise StoreError(_("party: {problem}").format(problem=problem))
            name = d.parties[i].name
            if name is not None and name.strip() and (problem := name_problem(name)):
                raise StoreError(
                    _("party {party}: {problem}; give the party's name, or leave it empty").format(
                        party=i, problem=problem
                    )
                )
        when = now()
        found = []
        for i in dict.fromkeys(chosen):
            name = d.parties[i].name
            if name is None or not name.strip():
                continue
            hits = index.screen(name, country=d.parties[i].country, prefer=_named_before(d, i))
            found.append(PartyHits(i, name, hits))
            for list_id, sanctions in index.lists.items():
                record = _dossier.ScreeningRecord(
                    party=i,
                    name=name,
                    list_id=list_id,
                    list_version=sanctions.version,
                    screened_at=when,
                    hits=tuple(
                        _dossier.ScreeningHit(entry=h.entry_id, name=h.name, score=h.score)
                        for h in hits
                        if h.list_id == list_id
                    ),
                )
                d = _dossier.replace_screening(d, record)
        _save(wb, old, d, "screen")
    return DossierScreening(dossier_id, found, d)


def _named_before(d: Dossier, party: int) -> dict[tuple[str, str], str]:
    """The names that decided hits of ``party``'s records named, by (list, entry): the names a new
    screening gives for those entries when they match as well as the best (see the module)."""
    return {
        (r.list_id, h.entry): h.name
        for r in d.screening
        if r.party == party
        for h in r.hits
        if h.disposition != contract.HIT_OPEN
    }


@guarded
def dispose_hit(
    wb: Handle,
    dossier_id: str,
    party: int,
    entry: str,
    disposition: str,
    note: str,
    list_id: str | None = None,
) -> Dossier:
    """Record the decision on the hits of list entry ``entry`` in ``party``'s records (in its record
    for ``list_id`` only, when given): ``false_positive`` or ``match``, with a note saying why."""
    if disposition not in (contract.HIT_FALSE_POSITIVE, contract.HIT_MATCH):
        raise StoreError(
            _("expected false_positive or match as the decision on a hit, found {found}").format(
                found=repr(disposition)
            )
        )
    with wb._write():
        old = rows.get(wb, dossier_id)
        _refuse_frozen(old)
        try:
            d = _dossier.dispose(old.dossier, party, entry, disposition, note, list_id=list_id)
        except _dossier.ScreeningError as e:
            raise StoreError(str(e)) from None
        _save(wb, old, d, "dispose")
    return d


def _refuse_frozen(old: StoredDossier) -> None:
    if old.frozen:
        raise FrozenError(
            _("dossier {id} is finalised and cannot be changed").format(id=repr(old.dossier.id))
        )


def _save(wb: Handle, old: StoredDossier, d: Dossier, action: str) -> None:
    """Inside a write: store ``d`` over ``old`` (checked as any edit is), journaling each changed
    field under ``action``."""
    assert d.id is not None
    _dossier.dossier_from_json(_dossier.dossier_to_json(d), wb.content)  # a DossierError names the field
    rows.put(wb, d, old.created_at, evidence.with_files(wb, d.id))
    for field, before, after, fp in journal.changes(old.dossier, rows.as_stored(d)):
        journal.append(wb.conn, wb.actor, d.id, action, field, before, after, fingerprint=fp)
