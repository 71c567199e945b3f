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
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from core.content import DraftRow, DraftText
from core.decision import describe_answer
from core.dossier import Dossier
from core.i18n import _, formats
from core.report import ITEM_KINDS, RED_FLAG_STATUSES, ReportInput, country, value_word
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
        story.append(para(f"{number}. {section.title}", "h2"))
        for block in section.before:
            story += _BLOCKS[block](r)
        if section.table:
            rows = [_FACTS[f](d) for f in section.facts]
            rows += [row for spec in section.rows if (row := _answer_row(r, spec)) is not None]
            story.append(facts(rows))
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
    elif row.rationale == "after" and rationale:
        text += f". {rationale}"
    return (row.label or r.content.question(row.question).label, text)


def _country_or_blank(code: str | None) -> str:
    return country(code) if code else ""


# The dossier's facts a section's table can show (content.DRAFT_FACTS): label and value.
_FACTS: dict[str, Callable[[Dossier], tuple[str, str]]] = {
    "exporter_name": lambda d: (_("Name"), d.exporter.name or _("[name]")),
    "exporter_address": lambda d: (_("Address"), d.exporter.address or ""),
    "exporter_country": lambda d: (_("Country"), _country_or_blank(d.exporter.country)),
    "exporter_contact": lambda d: (_("Contact"), d.exporter.contact or ""),
    "item": lambda d: (_("Item"), " ".join(x for x in (d.item.name, d.item.version) if x) or _("[item]")),
    "item_kind": lambda d: (_("Kind"), value_word(ITEM_KINDS, d.item.kind)),
    "item_description": lambda d: (_("Description"), d.item.description or ""),
    "stated_end_use": lambda d: (_("Stated end use"), d.stated_end_use or ""),
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
    return [table([_("Role"), _("Name"), _("Country"), _("Sector")], rows, [0.18, 0.37, 0.25, 0.2])]


def _red_flags(r: ReportInput) -> list[Flowable]:
    flags = [f for f in r.dossier.red_flags if f.status != "absent"]
    if not flags:
        return [para(_("No red flags were found present."))]
    rows = [(r.content.flag_text(f.id), value_word(RED_FLAG_STATUSES, f.status), f.note or "") for f in flags]
    return [table([_("Red flag"), _("Status"), _("Resolution")], rows, [0.55, 0.12, 0.33])]


def _warnings(r: ReportInput) -> list[Flowable]:
    warnings = r.content.warnings
    story: list[Flowable] = [Spacer(1, 2 * mm)] if r.assessment.warnings else []
    return story + [para(f"{warnings[w].title}: {warnings[w].text}", "small") for w in r.assessment.warnings]


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


# The blocks a section can show (content.DRAFT_BLOCKS).
_BLOCKS: dict[str, Callable[[ReportInput], list[Flowable]]] = {
    "end_users": _end_users,
    "red_flags": _red_flags,
    "warnings": _warnings,
    "measures": _measures,
    "doubts": _doubts,
    "enclosure": _enclosure,
}
