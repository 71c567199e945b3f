"""A dossier's history in words: its journal entries (core.store.journal) as a timeline people read,
for the desktop program's History window and the report's change history.

Each event says when (UTC, to the minute), who, what happened and, line by line, what changed: which
question, by its label in the content, its old and new answer in words (the options' labels, country
names), the reasons given, the parties, red flags, measures and evidence added, changed or removed,
the sign-off with its export year and retention date, and how the dossier came to be: created in the
program, imported from a file, copied from another dossier. Edits a person makes in one minute are
one event. Nothing here reads the workbook: the entries, the content and the titles of the dossiers
a copy was made from are given.

A workbook written before ddworkbook told creating and importing apart journaled both as an import:
such an entry is worded by what it holds (an empty new dossier, or a file's contents), never as
something it may not have been.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from core import countries, i18n
from core.content import Content, Question
from core.dossier import list_title
from core.i18n import N_, _, formats, ngettext
from core.store.results import JournalEntry
from core.words import FIELD_WORDS, HIT_DECISION_WORDS, REPLY_DECISION_WORDS, REPLY_KIND_WORDS

TEXT_LIMIT = 300  # characters of a free text shown in a change (the dossier itself holds it whole)

PARTS = {
    "name": N_("name"),
    "address": N_("address"),
    "country": N_("country"),
    "contact": N_("contact"),
    "version": N_("version"),
    "kind": N_("kind"),
    "description": N_("description"),
    "role": N_("role"),
    "sector": N_("sector"),
    "status": N_("status"),
    "note": N_("note"),
    "customs_id": N_("customs number (EORI)"),
    # the transaction's
    "quantity": N_("quantity"),
    "value": N_("value"),
    "currency": N_("currency"),
    "contract_reference": N_("contract reference"),
    "contract_date": N_("contract date"),
    "planned_export_date": N_("planned export date"),
    "export_date": N_("actual export date"),
    # the authority's reply's (its "kind" is what was sent)
    "sent_on": N_("sent on"),
    "decision": N_("decision"),
    "decided_on": N_("decided on"),
}
# The parts of the authority's reply named otherwise than elsewhere.
REPLY_PARTS = {"kind": N_("what was sent"), "reference": N_("the authority's reference")}
COUNTRY_FIELDS = ("member_state", "destination_country", "country")
# the parts shown as they are (codes), or as dates as the language writes them (core.i18n.formats: ISO
# 8601 in English), neither quoted nor put in words
DATE_PARTS = ("contract_date", "planned_export_date", "export_date", "sent_on", "decided_on")
PLAIN_PARTS = ("currency", *DATE_PARTS)
PLAIN_FIELDS = ("transaction.export_date", "retention_until")  # dates
FLAG_STATUSES = {"present": N_("present"), "absent": N_("absent"), "resolved": N_("resolved")}
# what a new dossier holds besides its title and member state: an import with none of it started empty
_CONTENT_KEYS = (
    *("exporter", "item", "destination_country", "stated_end_use", "parties", "answers"),
    *("red_flags", "mitigations", "evidence", "reference"),
)


class Event(NamedTuple):
    """One event of a dossier's history."""

    at: str  # when, in UTC: "2026-11-20 10:03"
    actor: str
    what: str  # what happened, in a few words
    details: tuple[str, ...] = ()  # what changed, one line each


def _json(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _quoted(value: object) -> str:
    """A free text as a change shows it: quoted, and cut short when long."""
    if value is None or value == "":
        return _("(none)")
    text = " ".join(str(value).split())
    if len(text) > TEXT_LIMIT:
        text = text[: TEXT_LIMIT - 1].rstrip() + "…"
    return f"“{text}”"


def _country(code: object) -> str:
    if not code:
        return _("(none)")
    return f"{countries.display(str(code))} ({code})"


class _Words:
    """The content's words for what a dossier holds."""

    def __init__(self, content: Content) -> None:
        self.content = content

    def question(self, qid: str) -> Question | None:
        return self.content.question(qid) if self.content.has_question(qid) else None

    def answer_value(self, q: Question | None, value: Any) -> str:
        if value is None:
            return _("(no answer)")
        if isinstance(value, list):
            return ", ".join(self.answer_value(q, v) for v in value) if value else _("(none)")
        if q is not None and q.kind == "country":
            return _country(value)
        option = q.option(str(value)) if q is not None and q.options else None
        if option is not None:
            return option.label
        return _quoted(value) if q is None or q.kind == "text" else str(value)

    def part(self, field: str, key: str, value: Any) -> str:
        if key in COUNTRY_FIELDS:
            return _country(value)
        if key == "role" and isinstance(value, str):
            return self.content.role_labels.get(value, value)
        if key == "sector" and isinstance(value, str):
            return self.content.sector_labels.get(value, value)
        if key == "status" and isinstance(value, str):
            return _(FLAG_STATUSES[value]) if value in FLAG_STATUSES else value
        if key == "kind" and field == "item" and isinstance(value, str):
            return value
        if field == "authority_reply" and isinstance(value, str):
            words = {"kind": REPLY_KIND_WORDS, "decision": REPLY_DECISION_WORDS}.get(key, {})
            if value in words:
                return _(words[value])
        if field == "transaction" and key == "value" and isinstance(value, int | float):
            return _amount(value)
        if isinstance(value, str) and key in DATE_PARTS:
            return formats.date(value)  # what is not a date, as it is
        if value is not None and key in PLAIN_PARTS:
            return str(value)  # a code, as it is
        return _quoted(value)

    def party(self, p: Mapping[str, Any]) -> str:
        facts = [self.part("parties", k, p[k]) for k in ("role", "sector", "country") if p.get(k)]
        name = p.get("name") or _("unnamed")
        return f"{name} ({', '.join(facts)})" if facts else str(name)


# -- one entry --------------------------------------------------------------------------------------


def _answer_lines(words: _Words, qid: str, old: Any, new: Any) -> list[str]:
    q = words.question(qid)
    label = q.label if q is not None else qid
    before = old if isinstance(old, dict) else ({"value": old} if old is not None else {})
    after = new if isinstance(new, dict) else ({"value": new} if new is not None else {})
    lines = []
    if before.get("value") != after.get("value"):
        lines.append(
            _("{question}: {old} → {new}").format(
                question=label,
                old=words.answer_value(q, before.get("value")),
                new=words.answer_value(q, after.get("value")),
            )
        )
    if before.get("rationale") != after.get("rationale"):
        lines.append(
            _("{question}, reason: {old} → {new}").format(
                question=label, old=_quoted(before.get("rationale")), new=_quoted(after.get("rationale"))
            )
        )
    if before.get("evidence") != after.get("evidence"):
        lines.append(
            _("{question}, evidence: {ids}").format(
                question=label, ids=", ".join(after.get("evidence") or []) or _("(none)")
            )
        )
    return lines


def _object_lines(words: _Words, field: str, old: Any, new: Any) -> list[str]:
    """The changed parts of the exporter, the item, the transaction or the authority's reply."""
    before = old if isinstance(old, dict) else {}
    after = new if isinstance(new, dict) else {}
    label = _(FIELD_WORDS[field]) if field in FIELD_WORDS else field
    names = {**PARTS, **REPLY_PARTS} if field == "authority_reply" else PARTS
    return [
        _("{field}, {part}: {old} → {new}").format(
            field=label,
            part=_(names[key]) if key in names else key,
            old=words.part(field, key, before.get(key)),
            new=words.part(field, key, after.get(key)),
        )
        for key in dict.fromkeys([*before, *after])
        if before.get(key) != after.get(key)
    ]


def _parties_lines(words: _Words, old: Any, new: Any) -> list[str]:
    before = old if isinstance(old, list) else []
    after = new if isinstance(new, list) else []
    lines = []
    for i in range(max(len(before), len(after))):
        if i >= len(before):
            lines.append(_("Party added: {party}").format(party=words.party(after[i])))
        elif i >= len(after):
            lines.append(_("Party removed: {party}").format(party=words.party(before[i])))
        elif before[i] != after[i]:
            lines += [
                _("Party {number} ({name}), {part}: {old} → {new}").format(
                    number=i + 1,
                    name=after[i].get("name") or before[i].get("name") or _("unnamed"),
                    part=_(PARTS[key]) if key in PARTS else key,
                    old=words.part("parties", key, before[i].get(key)),
                    new=words.part("parties", key, after[i].get(key)),
                )
                for key in dict.fromkeys([*before[i], *after[i]])
                if before[i].get(key) != after[i].get(key)
            ]
    return lines


def _by_id(items: Any) -> dict[str, dict[str, Any]]:
    return {str(x.get("id")): x for x in items if isinstance(x, dict)} if isinstance(items, list) else {}


def _listed_lines(
    field: str, old: Any, new: Any, name: Callable[[str, dict[str, Any]], str], words: _Words
) -> list[str]:
    """Red flags, measures and evidence (lists of entries with ids): added, removed, changed."""
    before, after = _by_id(old), _by_id(new)
    added = {"red_flags": N_("Red flag added: {name}"), "mitigations": N_("Measure added: {name}")}
    removed = {"red_flags": N_("Red flag removed: {name}"), "mitigations": N_("Measure removed: {name}")}
    added["evidence"], removed["evidence"] = N_("Evidence added: {name}"), N_("Evidence removed: {name}")
    lines = []
    for eid in dict.fromkeys([*before, *after]):
        if eid not in before:
            lines.append(_(added[field]).format(name=name(eid, after[eid])))
        elif eid not in after:
            lines.append(_(removed[field]).format(name=name(eid, before[eid])))
        else:
            lines += [
                _("{name}, {part}: {old} → {new}").format(
                    name=name(eid, after[eid]),
                    part=_(PARTS[key]) if key in PARTS else key,
                    old=words.part(field, key, before[eid].get(key)),
                    new=words.part(field, key, after[eid].get(key)),
                )
                for key in dict.fromkeys([*before[eid], *after[eid]])
                if key != "path" and before[eid].get(key) != after[eid].get(key)
            ]
    return lines


def _evidence_name(_eid: str, e: Mapping[str, Any]) -> str:
    size = e.get("size")
    name = str(e.get("filename") or e.get("id"))
    if isinstance(size, int):
        return ngettext("{file} ({size} byte)", "{file} ({size} bytes)", size).format(
            file=name, size=f"{size:,}".replace(",", " ")
        )
    return name


# -- sanctions screening (issue 13) -----------------------------------------------------------------


def _list_title(list_id: str) -> str:
    return list_title(list_id)


def _records(value: Any) -> list[dict[str, Any]]:
    return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def _hits(record: Mapping[str, Any]) -> dict[tuple[Any, Any], dict[str, Any]]:
    """A record's hits by entry and name (a record holds each pair once)."""
    hits = record.get("hits")
    return (
        {(h.get("entry"), h.get("name")): h for h in hits if isinstance(h, dict)}
        if isinstance(hits, list)
        else {}
    )


def _screened_party(r: Mapping[str, Any]) -> str:
    party = r.get("party")
    number = party + 1 if isinstance(party, int) else "?"
    return _("{name} (party {number})").format(name=r.get("name") or _("unnamed"), number=number)


def _disposition(value: Any) -> str:
    return _(HIT_DECISION_WORDS[value]) if value in HIT_DECISION_WORDS else str(value)


def _hit_name(r: Mapping[str, Any], h: Mapping[str, Any]) -> str:
    return _("{party}, {list}: hit {entry} “{name}”").format(
        party=_screened_party(r),
        list=_list_title(str(r.get("list"))),
        entry=h.get("entry"),
        name=h.get("name"),
    )


def _score(score: Any) -> str:
    """A hit's score as the language writes it ("0,95" in Dutch), or "not given"."""
    return formats.number(score, 2) if isinstance(score, int | float) else _("not given")


def _hit_line(r: Mapping[str, Any], h: Mapping[str, Any]) -> str:
    """A hit as a screening found it, with its decision (and why, when decided)."""
    score = h.get("score")
    line = _("{hit}, score {score}, {disposition}").format(
        hit=_hit_name(r, h),
        score=_score(score),
        disposition=_disposition(h.get("disposition")),
    )
    if h.get("note"):
        line += _("; note {note}").format(note=_quoted(h["note"]))
    return line


def _record_lines(r: Mapping[str, Any]) -> list[str]:
    """A party screened against a list: the record, then each hit."""
    hits = list(_hits(r).values())
    found = (
        ngettext("{count} hit", "{count} hits", len(hits)).format(count=len(hits)) if hits else _("no hits")
    )
    line = _("{party} screened against {list} (version {version}): {found}").format(
        party=_screened_party(r),
        list=_list_title(str(r.get("list"))),
        version=r.get("list_version") or _("not given"),
        found=found,
    )
    return [line, *(_hit_line(r, h) for h in hits)]


def _hit_change_lines(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """What changed in the hits of one record: decisions and notes, hits added or removed."""
    before, after = _hits(old), _hits(new)
    lines = []
    for key in dict.fromkeys([*before, *after]):
        a, b = before.get(key), after.get(key)
        if a is None and b is not None:
            lines.append(_hit_line(new, b))
        elif b is None and a is not None:
            lines.append(_("{hit} removed").format(hit=_hit_name(old, a)))
        elif a is not None and b is not None and a != b:
            if a.get("disposition") != b.get("disposition"):
                line = _("{hit}: {old} → {new}").format(
                    hit=_hit_name(new, b),
                    old=_disposition(a.get("disposition")),
                    new=_disposition(b.get("disposition")),
                )
                lines.append(
                    line + (_("; note {note}").format(note=_quoted(b["note"])) if b.get("note") else "")
                )
            elif a.get("note") != b.get("note"):
                lines.append(
                    _("{hit}, note: {old} → {new}").format(
                        hit=_hit_name(new, b), old=_quoted(a.get("note")), new=_quoted(b.get("note"))
                    )
                )
            else:
                lines.append(
                    _("{hit}, score: {old} → {new}").format(
                        hit=_hit_name(new, b), old=_score(a.get("score")), new=_score(b.get("score"))
                    )
                )
    return lines


def _screening_lines(old: Any, new: Any) -> list[str]:
    """What changed in a dossier's screening records, in words. A record is the same record when its
    list, the name screened, the version and the time of screening are (parties may be renumbered
    meanwhile); a new record of a party and list replaces the earlier one (DESIGN.md section 3)."""

    def same(r: Mapping[str, Any]) -> tuple[Any, ...]:
        return (r.get("list"), r.get("name"), r.get("list_version"), r.get("screened_at"))

    before, after = _records(old), _records(new)
    unpaired = list(before)
    pairs: list[tuple[dict[str, Any] | None, dict[str, Any]]] = []
    for r in after:
        match = next((o for o in unpaired if same(o) == same(r)), None)
        if match is not None:
            unpaired.remove(match)
        pairs.append((match, r))
    replaced = {(r.get("party"), r.get("list")) for o, r in pairs if o is None}
    lines: list[str] = []
    for o, r in pairs:
        lines += _record_lines(r) if o is None else _hit_change_lines(o, r)
    for o in unpaired:
        if (o.get("party"), o.get("list")) not in replaced:
            lines.append(
                _("{party}: its screening against {list} removed").format(
                    party=_screened_party(o), list=_list_title(str(o.get("list")))
                )
            )
    return lines


def _list_import(entry: JournalEntry) -> tuple[str, tuple[str, ...]]:
    """A sanctions list imported into the workbook (not a dossier's: a workbook's entry)."""
    state, old = _json(entry.new), _json(entry.old)
    if not isinstance(state, dict):
        return _("Sanctions list imported"), ()
    list_id = str(state.get("list") or entry.field)
    entries, names = state.get("entries"), state.get("names")
    counts = ", ".join(
        (
            ngettext("{count} entry", "{count} entries", entries).format(count=entries)
            if isinstance(entries, int)
            else "",
            ngettext("{count} name", "{count} names", names).format(count=names)
            if isinstance(names, int)
            else "",
        )
    ).strip(", ")
    lines = [
        _("{list} ({id}), version {version}: {counts}").format(
            list=_list_title(list_id), id=list_id, version=state.get("version"), counts=counts
        ),
        _("from the file {file}, SHA-256 {hash}").format(file=state.get("file"), hash=state.get("sha256")),
    ]
    if isinstance(old, dict) and old.get("version"):
        lines.append(_("replacing version {version}").format(version=old["version"]))
    return _("Sanctions list imported"), tuple(lines)


def change_lines(content: Content, field: str | None, old: str | None, new: str | None) -> list[str]:
    """What an edit entry changed, in words: one line per question, party, flag, part changed."""
    words = _Words(content)
    before, after = _json(old), _json(new)
    if field is None:
        return []
    if field.startswith("answers."):
        return _answer_lines(words, field.removeprefix("answers."), before, after)
    if field in ("exporter", "item", "transaction", "authority_reply"):
        return _object_lines(words, field, before, after)
    if field == "parties":
        return _parties_lines(words, before, after)
    if field == "red_flags":
        return _listed_lines(field, before, after, lambda fid, _f: f"“{content.flag_text(fid)}”", words)
    if field == "mitigations":
        return _listed_lines(field, before, after, lambda mid, _m: f"“{content.measure_title(mid)}”", words)
    if field == "evidence":
        return _listed_lines(field, before, after, _evidence_name, words)
    if field == "screening":
        return _screening_lines(before, after)
    label = _(FIELD_WORDS[field]) if field in FIELD_WORDS else field
    show = _country if field in COUNTRY_FIELDS else _quoted
    if field in PLAIN_FIELDS:
        show = _plain
    return [_("{field}: {old} → {new}").format(field=label, old=show(before), new=show(after))]


def _plain(value: object) -> str:
    """A date as a change shows it: as the language writes dates, what is not a date as it is ("(none)"
    when missing)."""
    return _("(none)") if value is None or value == "" else formats.date(str(value))


def _amount(value: float) -> str:
    """A transaction's value: "48 500.00" in English (as the history always wrote it), as the language
    writes amounts otherwise ("48.500,00")."""
    if i18n.current() == i18n.SOURCE:
        return f"{value:,.2f}".replace(",", " ")
    return formats.number(value, 2)


def _started_empty(state: Any) -> bool:
    return isinstance(state, dict) and not any(state.get(k) for k in _CONTENT_KEYS)


def _origin(entry: JournalEntry, titles: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    """How a dossier came to be, from its first entry."""
    if entry.action == "create":
        return _("Created in the program"), ()
    if entry.action == "duplicate":
        source = entry.new or ""
        title = titles.get(source)
        if title is None:
            return _("Created as a copy of dossier {id} (no longer in the workbook)").format(id=source), ()
        return _("Created as a copy of “{title}” ({id})").format(title=title, id=source), ()
    state = _json(entry.new)
    if entry.action == "import" and _started_empty(state):
        return _("Created as an empty dossier (in the program, or imported from an empty file)"), ()
    what = _("Imported from a dossier file") if entry.action == "import" else _("Replaced by a dossier file")
    if not isinstance(state, dict):
        return what, ()
    counts = ngettext("{count} answer", "{count} answers", len(state.get("answers") or {})).format(
        count=len(state.get("answers") or {})
    )
    parties = ngettext("{count} party", "{count} parties", len(state.get("parties") or [])).format(
        count=len(state.get("parties") or [])
    )
    evidence = ngettext(
        "{count} evidence entry", "{count} evidence entries", len(state.get("evidence") or [])
    ).format(count=len(state.get("evidence") or []))
    return what, (
        _("with {answers}, {parties}, {evidence}").format(answers=counts, parties=parties, evidence=evidence),
    )


def _sign_off(content: Content, entry: JournalEntry) -> tuple[str, tuple[str, ...]]:
    """A sign-off: by whom and when, until when the record is kept and by which rule, and the holds
    accepted with the reason given."""
    from core.dossier import retention_explained  # the model's words for the retention basis

    state = _json(entry.new)
    if not isinstance(state, dict):
        return _("Signed off"), ()
    lines = [
        _("by {name} ({role}) on {date}").format(
            name=state.get("name", "?"),
            role=state.get("role", "?"),
            date=formats.date(str(state["date"])) if state.get("date") else "?",
        )
    ]
    until = state.get("retention_until")
    if until:
        basis = retention_explained(state.get("retention_basis"), until)
        lines.append(
            _("the record is kept until {date}: {basis}").format(date=formats.date(str(until)), basis=basis)
            if basis
            else _("export year {year}; the record is kept until {date}").format(
                year=state.get("export_year", "?"), date=formats.date(str(until))
            )
        )
    accepted = state.get("accepted_holds")
    if isinstance(accepted, list) and accepted:
        titles = [content.holds[h].title if h in content.holds else str(h) for h in accepted]
        lines.append(_("holds accepted: {holds}").format(holds="; ".join(titles)))
        lines.append(_("the reason given: {reason}").format(reason=_quoted(state.get("accepted_because"))))
    return _("Signed off"), tuple(lines)


def _attach(content: Content, entry: JournalEntry) -> tuple[str, tuple[str, ...]]:
    e = _json(entry.new)
    if not isinstance(e, dict):
        return _("Evidence added"), ()
    lines = [_evidence_name("", e)]
    if e.get("description"):
        lines.append(_("described as {text}").format(text=_quoted(e["description"])))
    qid = e.get("question")
    if isinstance(qid, str):
        label = content.question(qid).label if content.has_question(qid) else qid
        lines.append(_("for the question “{question}”").format(question=label))
    if e.get("sha256"):
        lines.append(_("SHA-256 {hash}").format(hash=e["sha256"]))
    return _("Evidence added"), tuple(lines)


def describe(content: Content, entry: JournalEntry, titles: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    """What one journal entry records: a few words, and the lines of what changed."""
    action = entry.action
    if action in ("create", "import", "replace", "duplicate"):
        return _origin(entry, titles)
    if action == "edit":
        return _("Changed"), tuple(change_lines(content, entry.field, entry.old, entry.new))
    if action == "attach":
        return _attach(content, entry)
    if action == "screen":
        return _("Screened against the sanctions lists"), tuple(
            _screening_lines(_json(entry.old), _json(entry.new))
        )
    if action == "dispose":
        return _("Decided on a screening hit"), tuple(_screening_lines(_json(entry.old), _json(entry.new)))
    if action == "lists_import":
        return _list_import(entry)
    if action == "finalise":
        return _sign_off(content, entry)
    if action == "annotate":  # the authority's reply and the export date, after sign-off
        return _("Recorded after sign-off"), tuple(change_lines(content, entry.field, entry.old, entry.new))
    if action == "checkpoint":
        sealed = isinstance(state := _json(entry.new), dict) and "sealed_fingerprint" in state
        return (
            _("Recorded as it stood when the workbook was upgraded"),
            (_("its sign-off sealed"),) if sealed else (),
        )
    if action == "delete":
        return _("Deleted"), ()
    return action, ((entry.field,) if entry.field else ())


# -- the timeline ------------------------------------------------------------------------------------


def timeline(
    entries: Sequence[JournalEntry], content: Content, titles: Mapping[str, str] | None = None
) -> list[Event]:
    """A dossier's journal entries (oldest first) as events; the edits one person made in one minute
    are one event. ``titles``: the titles of the dossiers a copy was made from, by id."""
    events: list[Event] = []
    for entry in entries:
        when = entry.at[:16].replace("T", " ")
        what, details = describe(content, entry, titles or {})
        last = events[-1] if events else None
        if (
            entry.action == "edit"
            and last is not None
            and last.what == _("Changed")
            and (last.at, last.actor) == (when, entry.actor)
        ):
            events[-1] = last._replace(details=last.details + details)
        else:
            events.append(Event(when, entry.actor, what, details))
    return events
