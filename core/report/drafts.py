"""The drafts for the competent authority that some outcomes call for (in the shipped content: a
notification under Art. 5(2), or the annex to a classification application), addressed from the
content's authorities (CDIU by default). Which outcome calls for which draft, and each draft's heading,
wording and sections, with the questions each shows, are content (resources/content/drafts.toml); the
facts and blocks a section can name are made here (``_FACTS``, ``_BLOCKS``), built on
core.report.layout. The words a draft prints beyond the content's are here, in the function that
prints them."""

from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from core.content import DraftRow, DraftText
from core.decision import describe_answer
from core.dossier import Dossier, list_title, unscreened_parties
from core.i18n import _, formats, ngettext
from core.report import (
    DISPOSITIONS,
    ITEM_KINDS,
    RED_FLAG_STATUSES,
    TRANSACTION_FACTS,
    ReportInput,
    country,
    hold_title,
    holds,
    size,
    unassessed_sentence,
    value_word,
)
from core.report.layout import PADDING, WIDTH, Continued, Page, build, facts, para, paras, table


def render_draft(r: ReportInput, *, invariant: bool = False) -> bytes | None:
    """The draft for the competent authority that the outcome calls for (drafts.toml), or None."""
    wording = r.authority_draft
    if wording is None:
        return None
    page = Page(wording.heading, r.reference, r.fingerprint, draft=not r.finalised)
    title = f"{wording.heading}: {r.dossier.title}"
    return build(draft_story(r, wording), page, title=title, author=r.author, invariant=invariant)


def draft_story(r: ReportInput, wording: DraftText) -> list[Flowable]:
    """The draft of ``wording``: the letter's head, the paragraph for the outcome if it has one, its
    numbered sections as the content lists them (drafts.toml), the closing and the signature block."""
    d = r.dossier
    story = _head(r, wording.subject, wording.title, wording.opening)
    if paragraph := wording.after_opening.get(r.assessment.outcome):
        story.append(para(paragraph))
    for number, section in enumerate(wording.sections, 1):
        story += [CondPageBreak(30 * mm), para(f"{number}. {section.title}", "h2")]  # no heading alone
        for block in section.before:
            story += _BLOCKS[block](r)
        if section.table:
            rows = [_FACTS[f](d) for f in section.facts]
            rows += [row for spec in section.rows if (row := _answer_row(r, spec)) is not None]
            story.append(facts(rows))
            if section.after:
                story.append(Spacer(1, 3 * mm))
        for block in section.after:
            story += _BLOCKS[block](r)
    story += [Spacer(1, 4 * mm), para(wording.closing), Spacer(1, 4 * mm), para(_("Yours faithfully,"))]
    so = d.sign_off
    cells = Continued()  # a long name or role goes on below the table
    width = 0.5 * WIDTH - 2 * PADDING
    sign = Table(
        [
            [para(_("Name"), "cell"), cells.cell(so.name if so else "", width, _("Name"))],
            [para(_("Role"), "cell"), cells.cell(so.role if so else "", width, _("Role"))],
            [para(_("Signature"), "cell"), para("", "cell")],
        ],
        colWidths=[0.2 * WIDTH, 0.5 * WIDTH],
        rowHeights=[None, None, 16 * mm],
    )
    sign.setStyle(
        TableStyle(
            [("LINEBELOW", (1, 0), (1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
        )
    )
    story += [sign, *cells.flowables()]
    return story


def _head(r: ReportInput, subject: str, title: str, opening: str) -> list[Flowable]:
    """The sender, the authority addressed, date, reference, subject, title and opening."""
    d = r.dossier
    authority = r.content.authority(d.member_state)
    story: list[Flowable] = []
    sender = [
        x
        for x in (
            d.exporter.name,
            d.exporter.address,
            country(d.exporter.country) if d.exporter.country else None,
            d.exporter.contact,
        )
        if x
    ]
    story += paras("\n".join(sender) or _("[exporter's name and address]"), "small")
    story.append(Spacer(1, 8 * mm))
    if authority:
        lines = [authority.name, *(authority.address)]
        if authority.part_of:
            lines.insert(1, authority.part_of)
        story.append(para("<br/>".join(escape(x) for x in lines), raw=True))
        contact = " · ".join(x for x in (authority.phone, authority.email) if x)
        if contact:
            story.append(para(contact, "small"))
    else:
        story.append(
            para(
                _("The competent authority of {country}<br/>[address]").format(
                    country=country(d.member_state)
                ),
                raw=True,
            )
        )
    story += [
        Spacer(1, 8 * mm),
        para(_("Date: {date}").format(date=formats.date(r.made_on))),
        *paras(d.reference or _("[reference]"), lead=_("Our reference: ")),
        para(_("Subject: {subject}").format(subject=subject), "h3"),
        Spacer(1, 3 * mm),
        para(title, "h1"),
        para(_("Dear Sir or Madam,")),
        para(opening),
    ]
    return story


def _answer_text(r: ReportInput, qid: str) -> str:
    ans = r.dossier.answers.get(qid)
    if ans is None or ans.value is None:
        return _("not answered")
    return describe_answer(r.content, qid, ans.value)


def _rationale(r: ReportInput, qid: str) -> str:
    ans = r.dossier.answers.get(qid)
    return ans.rationale if ans and ans.rationale else ""


def _answer_row(r: ReportInput, row: DraftRow) -> tuple[str, str] | None:
    """A question's row in a section's table, as drafts.toml describes it; None when it is not shown."""
    if not row.always and row.question not in r.dossier.answers:
        return None
    text, rationale = _answer_text(r, row.question), _rationale(r, row.question)
    if row.rationale == "sentence":
        text = f"{text}. {rationale}".strip()
    elif row.rationale == "after" and rationale:  # "Yes: why", whatever case the rationale starts in
        text += f": {rationale}"
    return (row.label or r.content.question(row.question).label, text)


def _country_or_blank(code: str | None) -> str:
    return country(code) if code else ""


# The dossier's facts a section's table can show (content.DRAFT_FACTS): label and value.
_FACTS: dict[str, Callable[[Dossier], tuple[str, str]]] = {
    "exporter_name": lambda d: (_("Name"), d.exporter.name or _("[name]")),
    "exporter_address": lambda d: (_("Address"), d.exporter.address or _("not given")),
    "exporter_country": lambda d: (_("Country"), _country_or_blank(d.exporter.country) or _("not given")),
    "exporter_contact": lambda d: (_("Contact"), d.exporter.contact or _("not given")),
    "exporter_customs_id": lambda d: (_("Customs number (EORI)"), d.exporter.customs_id or _("not given")),
    **TRANSACTION_FACTS,
    "item": lambda d: (_("Item"), " ".join(x for x in (d.item.name, d.item.version) if x) or _("[item]")),
    "item_kind": lambda d: (_("Kind"), value_word(ITEM_KINDS, d.item.kind) or _("not given")),
    "item_description": lambda d: (_("Description"), d.item.description or _("not given")),
    "stated_end_use": lambda d: (_("Stated end use"), d.stated_end_use or _("not given")),
    "destination": lambda d: (_("Country of destination"), country(d.destination_country)),
}


def _end_users(r: ReportInput) -> list[Flowable]:
    """The end user and the consignee (every party when neither is recorded)."""
    c, d = r.content, r.dossier
    parties = [p for p in d.parties if p.role in ("end_user", "consignee")] or d.parties
    if not parties:
        return []
    rows = [
        (
            c.role_labels.get(p.role or "", ""),
            p.name or "",
            _country_or_blank(p.country),
            c.sector_labels.get(p.sector or "", ""),
        )
        for p in parties
    ]
    return [table([_("Role"), _("Name"), _("Country"), _("Sector")], rows, [0.17, 0.33, 0.24, 0.26])]


def _parties(r: ReportInput) -> list[Flowable]:
    """Every party, in every role, with its country, sector and address."""
    c, d = r.content, r.dossier
    if not d.parties:
        return [para(_("No parties are recorded."))]
    rows = [
        (
            c.role_labels.get(p.role or "", ""),
            p.name or "",
            _country_or_blank(p.country),
            c.sector_labels.get(p.sector or "", ""),
            p.address or "",
        )
        for p in d.parties
    ]
    return [
        table(
            [_("Role"), _("Name"), _("Country"), _("Sector"), _("Address")],
            rows,
            [0.15, 0.22, 0.17, 0.24, 0.22],  # the sector wide enough for a Dutch compound
        )
    ]


def _red_flags(r: ReportInput) -> list[Flowable]:
    """The red flags not absent, with their resolution, and how many of the content's were not assessed."""
    c, d = r.content, r.dossier
    flags = [f for f in d.red_flags if f.status != "absent"]
    absent = len(d.red_flags) - len(flags)
    story: list[Flowable] = []
    if flags:
        rows = [(c.flag_text(f.id), value_word(RED_FLAG_STATUSES, f.status), f.note or "") for f in flags]
        story.append(table([_("Red flag"), _("Status"), _("Resolution")], rows, [0.55, 0.12, 0.33]))
    else:
        story.append(para(_("No red flags were found present.")))
    story.append(Spacer(1, 2 * mm))
    if absent:
        story.append(
            para(
                ngettext(
                    "{count} further red flag was assessed and found absent.",
                    "{count} further red flags were assessed and found absent.",
                    absent,
                ).format(count=absent)
            )
        )
    if said := unassessed_sentence(c, d):
        story.append(para(said))
    return story


def _screening(r: ReportInput) -> list[Flowable]:
    """Each party's screening against the sanctions lists: list and version, when, the hits and the
    decision on each; a party with a name but no screening under it says so."""
    c, d = r.content, r.dossier
    if not d.parties and not d.screening:
        return []
    rows: list[tuple[str, str, str, str]] = []
    unscreened = set(unscreened_parties(d))
    for i, p in enumerate(d.parties):
        who = _("{role}: {name}").format(
            role=c.role_labels.get(p.role or "", p.role or ""), name=p.name or ""
        )
        records = [rec for rec in d.screening if rec.party == i]
        if i in unscreened:
            rows.append((who, "", "", _("Not screened under its current name.")))
        for rec in records:
            title = list_title(rec.list_id)
            listed = _("{list}, version {version}").format(
                list=title, version=rec.list_version or _("not given")
            )
            if rec.name != p.name:
                listed += _("; screened as “{name}”").format(name=rec.name)
            found = "\n".join(
                _("{entry} {name}: {decision}").format(
                    entry=h.entry, name=h.name, decision=value_word(DISPOSITIONS, h.disposition)
                )
                + (f" ({h.note})" if h.note else "")
                for h in rec.hits
            ) or _("No hit.")
            rows.append((who, listed, formats.short_date((rec.screened_at or "")[:10]), found))
    if not rows:
        return [para(_("No party has been screened against a sanctions list."))]
    return [
        table([_("Party"), _("List and version"), _("Screened"), _("Result")], rows, [0.22, 0.3, 0.13, 0.35]),
        Spacer(1, 2 * mm),
        para(_("Screening compares names: it does not cover ownership or control."), "small"),
    ]


def _holds(r: ReportInput) -> list[Flowable]:
    """The holds (DESIGN.md section 4) by their titles: those not yet settled, and those accepted at
    sign-off with the reason given."""
    c = r.content
    state = holds(r)
    story: list[Flowable] = []
    if state.open:
        story.append(
            para(
                _("Points of our due diligence not yet settled at the date of this letter: {holds}.").format(
                    holds="; ".join(hold_title(c, h) for h in state.open)
                )
            )
        )
    if state.accepted:
        story.append(
            para(
                _("Points of our due diligence accepted at sign-off while still open: {holds}.").format(
                    holds="; ".join(hold_title(c, h) for h in state.accepted)
                )
            )
        )
        story += paras(state.because or "", lead=escape(_("The reason recorded at sign-off: ")))
    if not story:
        story.append(para(_("No point of our due diligence remains open.")))
    return story


def _measures(r: ReportInput) -> list[Flowable]:
    if not r.dossier.mitigations:
        return []
    rows = [(r.content.measure_title(m.id), m.note or "") for m in r.dossier.mitigations]
    return [table([_("Measure"), _("How it applies")], rows, [0.35, 0.65])]


def _doubts(r: ReportInput) -> list[Flowable]:
    """The answers "uncertain" on the assessment's path, each with what the user remains unsure about."""
    story: list[Flowable] = []
    for qid in (p.question for p in r.assessment.path if p.answer == "uncertain"):
        story.append(para(f"<b>{escape(r.content.question(qid).text)}</b>", raw=True))
        story += paras(_rationale(r, qid) or _("[explain what you remain unsure about]"))
    return story


def _enclosure(r: ReportInput) -> list[Flowable]:
    return [
        para(
            _("Due-diligence dossier “{title}”, fingerprint SHA-256 {fingerprint}.").format(
                title=r.dossier.title, fingerprint=r.fingerprint
            )
        )
    ]


def _enclosures(r: ReportInput) -> list[Flowable]:
    """The evidence files: name, description, size and SHA-256 of each."""
    d = r.dossier
    if not d.evidence:
        return []
    rows = [
        (
            e.filename,
            e.description or "",
            size(e.size),
            f"{e.sha256[:32]}\n{e.sha256[32:]}" if e.sha256 else "",
        )
        for e in d.evidence
    ]
    return [
        para(_("The evidence files, each identified by its SHA-256 hash:")),
        table(
            [_("File"), _("Description"), _("Bytes"), _("SHA-256")],
            rows,
            [0.26, 0.3, 0.1, 0.34],
            plain=(2, 3),
            plain_size=6.5,
        ),
    ]


# The blocks a section can show (content.DRAFT_BLOCKS).
_BLOCKS: dict[str, Callable[[ReportInput], list[Flowable]]] = {
    "parties": _parties,
    "end_users": _end_users,
    "red_flags": _red_flags,
    "screening": _screening,
    "holds": _holds,
    "measures": _measures,
    "doubts": _doubts,
    "enclosure": _enclosure,
    "enclosures": _enclosures,
}
