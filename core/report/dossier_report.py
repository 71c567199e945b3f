"""The dossier report: a cover with the outcome, then 1. the determination, 2. the transaction and
the parties, 3. every question step by step (in the order and sections of the content's steps), 4. the
due-diligence findings, 5. the evidence index, 6. the change history, 7. the sign-off with its seal and
8. the legal references cited. Built on core.report.layout; the words it prints are here, in the
function of the part that prints them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from core import contract
from core.content import AnnexEntry, Content
from core.decision import describe_answer
from core.dossier import Answer, ScreeningRecord, list_title, unscreened_parties
from core.history import timeline
from core.i18n import _, formats, ngettext
from core.report import (
    DISPOSITIONS,
    ITEM_KINDS,
    RED_FLAG_STATUSES,
    REPLY_DECISIONS,
    REPLY_KINDS,
    ReportInput,
    country,
    hold_title,
    holds,
    transaction_facts,
    unassessed_red_flags,
    unassessed_sentence,
    value_word,
)
from core.report.layout import (
    FONT,
    PADDING,
    WIDTH,
    Continued,
    Group,
    Page,
    build,
    facts,
    para,
    paras,
    styles,
    table,
)
from core.store import Seal

Progress = Callable[[str], None]


def _answer_value(c: Content, qid: str, answer: Answer | None) -> str:
    if answer is None or answer.value is None:
        return _("Not answered")
    if c.has_question(qid):
        q = c.question(qid)
        if q.kind == "country" and isinstance(answer.value, str):
            return country(answer.value)
        return describe_answer(c, qid, answer.value)
    return str(answer.value)


def _authority_name(c: Content, member_state: str) -> str:
    authority = c.authority(member_state)
    return (
        authority.name
        if authority
        else _("the competent authority of {country}").format(country=country(member_state))
    )


def _cover(r: ReportInput) -> list[Flowable]:
    c, d, a = r.content, r.dossier, r.assessment
    outcome = c.outcomes[a.outcome]
    story: list[Flowable] = [
        Spacer(1, 20 * mm),
        para(_("Due-diligence dossier"), "h2"),
        *paras(d.title, "title"),
    ]
    facts = [
        (_("Reference"), d.reference or _("not given")),
        (
            _("Exporter"),
            ", ".join(
                x
                for x in (
                    d.exporter.name,
                    d.exporter.address,
                    country(d.exporter.country) if d.exporter.country else None,
                )
                if x
            )
            or _("not given"),
        ),
        (_("Item"), " ".join(x for x in (d.item.name, d.item.version) if x) or _("not given")),
        (_("Kind of item"), value_word(ITEM_KINDS, d.item.kind) or _("not given")),
        (_("Destination"), country(d.destination_country)),
        (_("Competent authority"), _authority_name(c, d.member_state)),
        (_("Status"), _("FINALISED") if r.finalised else _("DRAFT: not signed off")),
        (_("Report date"), formats.date(r.made_on)),
    ]
    if d.sign_off:
        facts.insert(
            -1, (_("Signed off"), f"{d.sign_off.name}, {d.sign_off.role}, {formats.date(d.sign_off.date)}")
        )
    # the cover keeps to a page: a long text is shortened, visibly, and printed in full further on
    short = {_("Signed off"): Continued(6, _("section 7"))}
    cells = Continued(6, _("section 2"))
    t = Table(
        [[para(k, "cell"), short.get(k, cells).cell(v, 0.72 * WIDTH - 2 * PADDING, k)] for k, v in facts],
        colWidths=[0.28 * WIDTH, 0.72 * WIDTH],
    )
    t.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#d0d7de")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [t, Spacer(1, 10 * mm)]
    colour = colors.HexColor(outcome.colour)
    box = Table([[para(_("Outcome: {title}").format(title=outcome.title), "outcome")]], colWidths=[WIDTH])
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colour),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    story += [box, Spacer(1, 4 * mm), para(a.explanation)]
    story += [
        Spacer(1, 8 * mm),
        para(
            _("Fingerprint of the recorded dossier (SHA-256 of its canonical JSON): {fingerprint}").format(
                fingerprint=r.fingerprint
            ),
            "small",
        ),
        para(
            _(
                "This report was made with ddworkbook from the record above. The guidance in it "
                "is the exporter's own assessment, not a decision of the competent authority."
            ),
            "small",
        ),
        PageBreak(),
    ]
    return story


def _determination(r: ReportInput) -> list[Flowable]:
    c, a = r.content, r.assessment
    story: list[Flowable] = [
        para(_("1. The determination"), "h1"),
        para(f"<b>{escape(c.outcomes[a.outcome].title)}</b>", raw=True),
        para(_("Decided at: {title}").format(title=c.decision_step(a.decided_at).title)),
        para(a.explanation),
    ]
    if a.path:
        story.append(para(_("The answers that led there"), "h2"))
        story.append(
            table(
                [_("Question"), _("Answer")],
                [(c.question(p.question).text, describe_answer(c, p.question, p.answer)) for p in a.path],
                [0.72, 0.28],
            )
        )
    if a.missing:
        story.append(para(_("Still to answer"), "h2"))
        story += [para(f"• {c.question(m).text}") for m in a.missing]
    story.append(para(_("Warnings"), "h2"))
    if a.warnings:
        for w in a.warnings:
            story.append(
                para(f"<b>{escape(c.warnings[w].title)}.</b> {escape(c.warnings[w].text)}", raw=True)
            )
    else:
        story.append(para(_("None.")))
    return story + _holds(r) + _reply(r)


def _holds(r: ReportInput) -> list[Flowable]:
    """The holds not yet settled, each with what to do (the content's words), and those accepted at
    sign-off with the reason given."""
    c = r.content
    state = holds(r)
    story: list[Flowable] = [CondPageBreak(30 * mm), para(_("Holds"), "h2")]
    if not state.open and not state.accepted:
        return [*story, para(_("None: nothing holds the sign-off."))]
    if state.open:
        story.append(
            para(
                _(
                    "Not yet settled: the dossier can be signed off only when each of these is settled "
                    "or accepted with a reason."
                )
            )
        )
        for h in state.open:
            text = c.holds[h].text if h in c.holds else ""
            story.append(para(f"<b>{escape(hold_title(c, h))}.</b> {escape(text)}", raw=True))
    if state.accepted:
        story.append(
            para(
                _("Accepted at sign-off: {holds}.").format(
                    holds="; ".join(hold_title(c, h) for h in state.accepted)
                )
            )
        )
        story += paras(state.because or "", lead=escape(_("The reason given: ")))
    return story


def _capital(words: str) -> str:
    """Words that begin a table's cell, with a capital (the words are the history's, in lower case)."""
    return words[:1].upper() + words[1:]


def _reply(r: ReportInput) -> list[Flowable]:
    """What was sent to the competent authority and what it decided (``authority_reply``), when recorded."""
    reply = r.dossier.authority_reply
    if reply is None:
        return []
    decision = reply.decision or contract.REPLY_PENDING
    rows = [
        (_("Sent"), _capital(value_word(REPLY_KINDS, reply.kind))),
        (_("Sent on"), formats.date(reply.sent_on) or _("not given")),
        (_("Reference"), reply.reference or _("not given")),
        (_("Decision"), _capital(value_word(REPLY_DECISIONS, decision))),
        (_("Decided on"), formats.date(reply.decided_on) or _("not given")),
        (_("Note"), reply.note or ""),
    ]
    return [
        CondPageBreak(40 * mm),
        para(_("Reply of the competent authority"), "h2"),
        para(
            _("Recorded after the notification or application; it may be added after sign-off."),
            "small",
        ),
        facts(rows, [0.25, 0.75]),
    ]


def _transaction(r: ReportInput) -> list[Flowable]:
    d = r.dossier
    story: list[Flowable] = [CondPageBreak(60 * mm), para(_("2. The transaction and the parties"), "h1")]
    missing = _("not given")  # every fact left empty says so, as on the first page
    rows = [
        (_("Title"), d.title),
        (_("Reference"), d.reference or missing),
        (_("Exporter"), d.exporter.name or missing),
        (_("Exporter address"), d.exporter.address or missing),
        (_("Exporter country"), country(d.exporter.country)),
        (_("Exporter contact"), d.exporter.contact or missing),
        (_("Exporter's customs number (EORI)"), d.exporter.customs_id or missing),
        (_("Item"), d.item.name or missing),
        (_("Version"), d.item.version or missing),
        (_("Kind"), value_word(ITEM_KINDS, d.item.kind) or missing),
        (_("Description"), d.item.description or missing),
        (_("Destination"), country(d.destination_country)),
        (_("Member state"), country(d.member_state)),
        (_("Stated end use"), d.stated_end_use or missing),
        *transaction_facts(d),
    ]
    story.append(facts(rows, [0.25, 0.75]))
    story += [CondPageBreak(35 * mm), para(_("Parties"), "h2")]
    if d.parties:
        roles, sectors = r.content.role_labels, r.content.sector_labels
        story.append(
            table(
                [_("Role"), _("Name"), _("Country"), _("Sector"), _("Address")],
                [
                    (
                        roles.get(p.role or "", ""),
                        p.name or "",
                        country(p.country) if p.country else "",
                        sectors.get(p.sector or "", ""),
                        p.address or "",
                    )
                    for p in d.parties
                ],
                [0.15, 0.21, 0.18, 0.24, 0.22],  # the sector wide enough for a Dutch compound
            )
        )
    else:
        story.append(para(_("No parties recorded.")))
    return story


def _screening(r: ReportInput) -> list[Flowable]:
    """Sanctions screening (issue 13): for each party, the lists and versions screened against and
    when, the hits with their decisions and notes; what is not screened under the party's name now."""
    d = r.dossier
    if not d.parties and not d.screening:
        return []
    story: list[Flowable] = [
        para(_("Sanctions screening"), "h2"),
        para(
            _(
                "Each party's name as screened against the sanctions lists imported into the workbook, "
                "with the version of each list (its own generation date) and the decision on every hit. "
                "Screening compares names: it does not cover ownership or control."
            ),
            "small",
        ),
    ]
    if not d.screening:
        story.append(para(_("No party has been screened against a sanctions list.")))
    unscreened = set(unscreened_parties(d))
    roles = r.content.role_labels
    for i, p in enumerate(d.parties):
        records = [rec for rec in d.screening if rec.party == i]
        if not records and not (p.name or "").strip():
            continue
        who = _("{role}: {name}").format(role=roles.get(p.role or "", p.role or ""), name=p.name or "")
        story += [CondPageBreak(30 * mm), para(f"<b>{escape(who)}</b>", raw=True)]
        if i in unscreened:
            story.append(para(_("Not screened under its current name.")))
        for rec in records:
            story += _screening_record(rec, p.name)
    return story


def _screening_record(rec: ScreeningRecord, current: str | None) -> list[Flowable]:
    title = list_title(rec.list_id)
    if not rec.list_id.startswith("custom:"):  # a list of the user's own is named by its id
        title = _("{list} ({id})").format(list=title, id=rec.list_id)
    line = _("{list}, version {version}, screened {when}").format(
        list=title, version=rec.list_version or _("not given"), when=_moment(rec.screened_at)
    )
    if rec.name != current:
        line += _("; screened as “{name}” (an earlier name)").format(name=rec.name)
    # a record's line stays with its hits: a page break comes before it rather than between them
    story: list[Flowable] = [CondPageBreak((12 + 8 * min(len(rec.hits), 3)) * mm), para(line, "small")]
    if not rec.hits:
        return [*story, para(_("No hit."), "small"), Spacer(1, 2 * mm)]
    story.append(
        table(
            [_("List entry"), _("Name on the list"), _("Score"), _("Decision"), _("Note")],
            [
                (
                    h.entry,
                    h.name,
                    "" if h.score is None else formats.number(h.score, 2),
                    value_word(DISPOSITIONS, h.disposition),
                    h.note or "",
                )
                for h in rec.hits
            ],
            [0.15, 0.3, 0.08, 0.15, 0.32],
            plain=(0, 2),
        )
    )
    story.append(Spacer(1, 2 * mm))
    return story


def _moment(text: str | None) -> str:
    """An ISO 8601 date-time as the report prints it: "2026-11-21 10:15 UTC" ("+01:00" for an offset)."""
    if not text:
        return _("at a time not recorded")
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    day, clock = formats.date(moment.date()), moment.time().isoformat("minutes")
    offset = moment.utcoffset()
    if offset is None:
        return f"{day} {clock}"
    if not offset:
        return _("{date} {time} UTC").format(date=day, time=clock)
    return f"{day} {clock} {moment.isoformat()[-6:]}"


def _questions(r: ReportInput, progress: Progress | None) -> list[Flowable]:
    c, d = r.content, r.dossier
    evidence = {e.id: e for e in d.evidence}
    story: list[Flowable] = [
        PageBreak(),
        para(_("3. The questions, step by step"), "h1"),
        para(
            _(
                "Every question of the workbook with the answer given, the rationale in full and "
                "the evidence cited. Questions that do not apply are marked so."
            ),
            "small",
        ),
    ]
    values = {k: a.value for k, a in d.answers.items()}
    for step in c.question_steps():  # in the wizard's order
        if progress:
            progress(_("questions: {step}").format(step=step.id))
        story.append(para(step.title, "h2"))
        for section, questions in c.groups(step.id):
            if section:
                story.append(para(section.title, "h3"))
            for q in questions:
                answer = d.answers.get(q.id)
                relevant = c.is_relevant(q, values)
                block: list[Flowable] = [para(f"<b>{escape(q.text)}</b>", raw=True)]
                shown = _answer_value(c, q.id, answer) if relevant or answer else _("Does not apply")
                block += _answer_block(
                    shown, answer.rationale if answer else None, answer.evidence if answer else (), evidence
                )
                story.append(_kept(block))
    custom = [(text, a) for k, a in d.answers.items() if (text := contract.custom_text(k)) is not None]
    if custom:
        story.append(para(_("Other answers recorded"), "h2"))
        for text, answer in custom:
            block = [
                *paras(text, bold=True),
                *_answer_block(
                    _("Not answered") if answer.value is None else str(answer.value),
                    answer.rationale,
                    answer.evidence,
                    evidence,
                ),
            ]
            story.append(_kept(block))
    return story


def _answer_block(
    shown: str, rationale: str | None, cited: Sequence[str], evidence: dict[str, Any]
) -> list[Flowable]:
    block = paras(shown, lead=_("Answer: "), bold=True)
    if rationale:
        block += paras(rationale, lead=_("Rationale: "))
    if cited:
        block += paras(
            "; ".join(f"{e} ({evidence[e].filename})" if e in evidence else e for e in cited),
            "small",
            lead=_("Evidence: "),
        )
    return [*block, Spacer(1, 3)]


def _kept(block: list[Flowable]) -> Flowable | Group:
    """A question with its answer, kept on one page when short; a longer one runs on over pages."""
    return KeepTogether(block) if len(block) < 5 else Group(block)


def _findings(r: ReportInput) -> list[Flowable]:
    c, d = r.content, r.dossier
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        para(_("4. Due-diligence findings"), "h1"),
        para(_("Red flags"), "h2"),
    ]
    if d.red_flags:
        rows: list[tuple[object, ...]] = []
        for f in d.red_flags:
            rows.append(
                (
                    c.flag_text(f.id),
                    value_word(RED_FLAG_STATUSES, f.status).capitalize(),
                    f.note or (_("resolution not recorded") if f.status != "absent" else ""),
                )
            )
        story.append(table([_("Red flag"), _("Status"), _("Resolution or note")], rows, [0.5, 0.12, 0.38]))
    else:
        story.append(para(_("No red flags were assessed.")))
    if said := unassessed_sentence(c, d):
        story += [Spacer(1, 2 * mm), para(said)]
        story += [para(f"• {c.flag_text(f)}", "small") for f in unassessed_red_flags(c, d)]
    story += [CondPageBreak(30 * mm), para(_("Measures against misuse"), "h2")]
    if d.mitigations:
        rows = []
        for m in d.mitigations:
            measure = c.measure(m.id)
            rows.append((c.measure_title(m.id), m.note or (measure.description if measure else "")))
        story.append(table([_("Measure"), _("How it applies")], rows, [0.35, 0.65]))
    else:
        story.append(para(_("No mitigation measures recorded.")))
    return story


def _sha_cell(sha: str | None) -> str:
    """A SHA-256 in two lines of 32: a 64-character word would be split by measuring at every layout."""
    return f"{sha[:32]}\n{sha[32:]}" if sha else _("not recorded")


def _evidence(r: ReportInput) -> list[Flowable]:
    d = r.dossier
    story: list[Flowable] = [CondPageBreak(50 * mm), para(_("5. Evidence index"), "h1")]
    if not d.evidence:
        return [*story, para(_("No evidence recorded."))]
    rows: list[tuple[object, ...]] = []
    for e in d.evidence:
        size = formats.grouped(e.size) if e.size is not None else ""
        name = (
            e.filename
            if not r.journal_available
            else (
                _("{file} (file in workbook)") if e.id in r.evidence_in_workbook else _("{file} (not held)")
            ).format(file=e.filename)
        )
        rows.append(
            (
                e.id,
                name,
                e.description or "",
                size,
                _sha_cell(e.sha256),
                formats.date_time(e.added_at, seconds=True).replace(" ", "\n", 1),
            )
        )
    story.append(
        table(
            [_("Id"), _("File"), _("Description"), _("Bytes"), _("SHA-256"), _("Added")],
            rows,
            [0.07, 0.19, 0.19, 0.09, 0.33, 0.13],
            plain=(0, 3, 4, 5),
            plain_size=6.5,
        )
    )
    return story


def _history(r: ReportInput) -> list[Flowable]:
    story: list[Flowable] = [CondPageBreak(50 * mm), para(_("6. Change history"), "h1")]
    if not r.journal_available:
        return [
            *story,
            para(
                _(
                    "This report was made from a dossier file, which carries no change history. The "
                    "workbook the dossier is kept in holds its journal."
                )
            ),
        ]
    events = timeline(r.journal, r.content, r.journal_titles)
    story.append(
        para(
            ngettext(
                "{count} recorded change, in words; each entry of the workbook's journal is "
                "hash-chained to the one before.",
                "{count} recorded changes, in words (the edits of one person in one minute together); "
                "each entry of the workbook's journal is hash-chained to the one before.",
                len(events),
            ).format(count=formats.number(len(events)))
        )
    )
    shown = events if len(events) <= 60 else events[:10] + events[-50:]
    rows = [
        (formats.date_time(e.at), e.actor, e.what + "".join(f"\n– {line}" for line in e.details))
        for e in shown
    ]
    story.append(table([_("When (UTC)"), _("Who"), _("What")], rows, [0.17, 0.18, 0.65], plain=(0,)))
    if len(events) > 60:
        story.append(
            para(
                _(
                    "The first 10 and the last 50 of {count} events are shown; the whole journal is in "
                    "the workbook (ddworkbook export --all)."
                ).format(count=formats.number(len(events))),
                "small",
            )
        )
    return story


def _sign_off(r: ReportInput) -> list[Flowable]:
    d = r.dossier
    so = d.sign_off
    rows = [
        (_("Name"), so.name if so else ""),
        (_("Role"), so.role if so else ""),
        (_("Date"), formats.date(so.date) if so else ""),
        (_("Signature"), ""),
    ]
    cells = Continued()  # a long name or role goes on below the table
    t = Table(
        [[para(k, "cell"), cells.cell(v, 0.5 * WIDTH - 2 * PADDING, k)] for k, v in rows],
        colWidths=[0.25 * WIDTH, 0.5 * WIDTH],
        rowHeights=[None, None, None, 18 * mm],
    )
    t.setStyle(
        TableStyle(
            [("LINEBELOW", (1, 0), (1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
        )
    )
    story: list[Flowable] = [CondPageBreak(70 * mm), para(_("7. Sign-off"), "h1")]
    if r.finalised and r.retention_until:
        basis = r.retention_explained
        kept = (
            _("Finalised. The record is kept until at least {retention_until}: {basis} (Article 27(3)).")
            if basis
            else _(
                "Finalised. The record is kept until at least {retention_until}: five years from "
                "the end of the calendar year of export (Article 27(3))."
            )
        )
        story.append(para(kept.format(retention_until=formats.date(r.retention_until), basis=basis)))
        if so and so.export_year is not None:
            story.append(para(_("Export year given at sign-off: {year}.").format(year=so.export_year)))
        if so and so.accepted_holds:
            story.append(
                para(
                    _("Holds accepted at sign-off: {holds} (the reason is in section 1).").format(
                        holds="; ".join(hold_title(r.content, h) for h in so.accepted_holds)
                    )
                )
            )
    elif not r.finalised:
        story.append(para(_("Not yet signed off: this is a draft.")))
    story += [t, *cells.flowables()]
    if r.seal is None:
        return story
    return [KeepTogether([*story[1:], *_seal(r.seal)])]  # the sign-off and its seal on one page


def _hex(digest: str, before: str = "") -> Paragraph:
    """A SHA-256 in groups of eight, in a fixed-width face: easy to read out and to type back."""
    style = ParagraphStyle("hex", parent=styles()["mono"], fontName="Courier", fontSize=7.5)
    return Paragraph(before + " ".join(digest[i : i + 8] for i in range(0, len(digest), 8)), style)


def _seal(seal: Seal) -> list[Flowable]:
    head = (
        _("entry {number}").format(number=seal.seq - 1)
        if seal.seq > 1
        else _("empty: no entry before the sign-off")
    )
    rows = [
        (_("Fingerprint of the signed dossier (SHA-256)"), _hex(seal.sealed_fingerprint)),
        (_("Journal head at sign-off"), _hex(seal.prev_hash, f"{head}<br/>")),
        (
            _("Seal: journal entry {seq} of {at}").format(seq=seal.seq, at=formats.date(seal.at)),
            _hex(seal.seal),
        ),
    ]
    return [
        Spacer(1, 6 * mm),
        para(_("Seal"), "h3"),
        *facts(rows, (0.28, 0.72)),
        Spacer(1, 2 * mm),
        para(
            _(
                "The seal is the hash of the journal entry that recorded this sign-off: it "
                "commits to the signed dossier's fingerprint and, through the journal head, to "
                "every change recorded before it. Years later, whoever keeps the workbook can "
                "check that it still holds this signed-off record, unchanged, with: ddworkbook "
                "verify --seal {seal}"
            ).format(seal=seal.seal),
            "small",
        ),
    ]


def _legal(r: ReportInput, cited: Iterable[str]) -> list[Flowable]:
    c = r.content
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        para(_("8. Legal references"), "h1"),
        para(
            _(
                "{regulation}, consolidated text, corpus version {corpus_version}. Only the "
                "Official Journal of the European Union is authentic."
            ).format(regulation=c.regulation, corpus_version=c.corpus_version),
            "small",
        ),
        para(c.quotations, "small"),
    ]
    refs = list(dict.fromkeys(cited))
    articles = sorted(
        (x for x in refs if x.startswith("art:")), key=lambda x: [int(p) for p in x[4:].split(".")]
    )
    annex = [x for x in refs if x.startswith("annex:")]
    geas = [x for x in refs if x.startswith("gea:")]
    guides = [x for x in refs if x.startswith("guide:")]
    for ref in articles:
        cite = c.cite(ref)
        story.append(para(cite.title, "h3"))
        article = next(a for a in c.articles if f"art:{a.id}" == ref)
        if article.text:
            story.append(para(f"“{article.text}”", "quote"))
        else:
            story.append(
                para(
                    _("{summary} (our summary; the official text is not quoted here)").format(
                        summary=article.summary
                    ),
                    "quote",
                )
            )
    if annex:
        story += _annex_entries([next(e for e in c.annex_entries if f"annex:{e.code}" == x) for x in annex])
    if geas:
        story.append(para(_("Union general export authorisations (Annex II)"), "h3"))
        for ref in geas:
            gea = next(x for x in c.geas if f"gea:{x.id}" == ref)
            story.append(
                para(
                    _("{id}: {title}. {summary} (our summary)").format(
                        id=gea.id, title=gea.title, summary=gea.summary
                    ),
                    "small",
                )
            )
    if guides:
        story.append(para(_("Guidance"), "h3"))
        for ref in guides:
            g = next(x for x in c.guides if f"guide:{x.id}" == ref)
            story.append(para(f"{g.title} ({g.publisher}{', ' + g.date if g.date else ''})", "small"))
    return story


def _annex_entries(entries: Sequence[AnnexEntry]) -> list[Flowable]:
    """The Annex I entries the questions cite, shown for reference: each whole, as the content quotes
    it from the corpus, the heading lines it falls under, its text, its items and its notes."""
    story: list[Flowable] = [
        para(_("Annex I entries shown for reference"), "h3"),
        para(
            _(
                "The entries the workbook shows beside the question on Annex I, in the official text. "
                "They are shown for reference: they are not the entries the item was compared with "
                "(the answer on the entries considered, in section 3, names those), and an item can be "
                "listed under any entry of Annex I."
            ),
            "small",
        ),
    ]
    base = styles()["small"]
    context = ParagraphStyle("annex-context", parent=base, textColor=colors.HexColor("#555555"))
    note = ParagraphStyle("annex-note", parent=base, fontName=f"{FONT}-Oblique", leftIndent=10, spaceBefore=2)
    for entry in entries:
        block: list[Flowable] = [
            Spacer(1, 3 * mm),
            para(f"<b>{escape(entry.code)}</b> ({escape(entry.label)})", "small", raw=True),
            *(Paragraph(f"{escape(line.code)} {escape(line.text)}", context) for line in entry.context),
            para(f"{entry.code} {entry.text}", "small"),
        ]
        depth = entry.code.count(".")
        for item in entry.items:
            indent = 10 * max(1, item.code.count(".") - depth)
            style = ParagraphStyle(f"annex-item-{indent}", parent=base, leftIndent=indent)
            block.append(Paragraph(f"{escape(item.code)} {escape(item.text)}", style))
        block += [Paragraph(escape(n), note) for n in entry.notes]
        story.append(KeepTogether(block) if len(block) < 16 else Group(block))
    return story


def render_report(r: ReportInput, *, invariant: bool = False, progress: Progress | None = None) -> bytes:
    """The dossier report as PDF bytes."""
    c = r.content
    if progress:
        progress(_("cover and determination"))
    story: list[Any] = [
        *_cover(r),
        *_determination(r),
        *_transaction(r),
        *_screening(r),
        *_questions(r, progress),
        *_findings(r),
        *_evidence(r),
        *_history(r),
        *_sign_off(r),
    ]
    cited: list[str] = list(c.outcomes[r.assessment.outcome].cites)
    for qid in r.dossier.answers:
        if c.has_question(qid):
            cited += c.question(qid).cites
    for w in r.assessment.warnings:
        cited += c.warnings[w].cites
    story += _legal(r, cited)
    if progress:
        progress(_("laying out pages"))
    heading = _("Due-diligence dossier")
    page = Page(heading, r.reference, r.fingerprint, draft=not r.finalised)
    return build(story, page, title=f"{heading}: {r.dossier.title}", author=r.author, invariant=invariant)
