"""The drafts for the competent authority: a notification under Art. 5(2), or the annex to a
classification application. Addressed from the content's authorities (CDIU by default)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from core import contract
from core.decision import describe_answer
from core.report import ReportInput
from core.report.render import PADDING, WIDTH, _Continued, _country, facts, para, paras, table

_facts = facts


def _flag_text(r: ReportInput, fid: str) -> str:
    flag = r.content.red_flag(fid)
    return flag.text if flag else fid[len(contract.CUSTOM_PREFIX) :]


def _measure_title(r: ReportInput, mid: str) -> str:
    measure = r.content.measure(mid)
    return measure.title if measure else mid[len(contract.CUSTOM_PREFIX) :]


def draft_story(r: ReportInput, kind: str) -> list[Flowable]:
    c, d, a = r.content, r.dossier, r.assessment
    wording = c.drafts[kind]
    authority = c.authority(d.member_state)
    story: list[Flowable] = []
    sender = [
        x
        for x in (
            d.exporter.name,
            d.exporter.address,
            _country(d.exporter.country) if d.exporter.country else None,
            d.exporter.contact,
        )
        if x
    ]
    story += paras("\n".join(sender) or "[exporter's name and address]", "small")
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
        story.append(para(f"The competent authority of {_country(d.member_state)}<br/>[address]", raw=True))
    story += [
        Spacer(1, 8 * mm),
        para(f"Date: {r.made_on.isoformat()}"),
        *paras(d.reference or "[reference]", lead="Our reference: "),
        para(f"Subject: {wording.subject}", "h3"),
        Spacer(1, 3 * mm),
        para(wording.title, "h1"),
        para("Dear Sir or Madam,"),
        para(wording.opening),
    ]
    if kind == "notification" and a.outcome == "notify_no_legitimate_purpose" and wording.no_purpose:
        story.append(para(wording.no_purpose))

    def answer(qid: str) -> str:
        ans = d.answers.get(qid)
        if ans is None or ans.value is None:
            return "not answered"
        return describe_answer(c, qid, ans.value)

    def rationale(qid: str) -> str:
        ans = d.answers.get(qid)
        return ans.rationale if ans and ans.rationale else ""

    story.append(para("1. The exporter", "h2"))
    story.append(
        _facts(
            [
                ("Name", d.exporter.name or "[name]"),
                ("Address", d.exporter.address or ""),
                ("Country", _country(d.exporter.country) if d.exporter.country else ""),
                ("Contact", d.exporter.contact or ""),
            ]
        )
    )
    story.append(para("2. The item and its capabilities", "h2"))
    rows = [
        ("Item", " ".join(x for x in (d.item.name, d.item.version) if x) or "[item]"),
        ("Kind", d.item.kind or ""),
        ("Description", d.item.description or ""),
        ("Listed in Annex I", f"{answer('annex_i_listed')}. {rationale('annex_i_listed')}".strip()),
        ("Capabilities (Art. 2(20))", answer(contract.CAPABILITIES_Q)),
    ]
    for qid in ("dd_item_description", "dd_item_applications", "dd_item_data"):
        if qid in d.answers:
            rows.append((c.question(qid).label, answer(qid)))
    story.append(_facts(rows))
    story.append(para("3. The end user and the end use", "h2"))
    parties = [p for p in d.parties if p.role in ("end_user", "consignee")] or d.parties
    if parties:
        story.append(
            table(
                ["Role", "Name", "Country", "Sector"],
                [
                    (
                        c.role_labels.get(p.role or "", ""),
                        p.name or "",
                        _country(p.country) if p.country else "",
                        c.sector_labels.get(p.sector or "", ""),
                    )
                    for p in parties
                ],
                [0.18, 0.37, 0.25, 0.2],
            )
        )
    rows = [("Stated end use", d.stated_end_use or "")]
    for qid in ("dd_end_use_purpose", "dd_end_use_credibility", *contract.END_USE_QUESTIONS):
        if qid in d.answers:
            text = answer(qid)
            if rationale(qid):
                text += f". {rationale(qid)}"
            rows.append((c.question(qid).label, text))
    story.append(_facts(rows))
    story.append(para("4. The destination", "h2"))
    rows = [("Country of destination", _country(d.destination_country))]
    for q in c.questions_of("due_diligence", "country"):
        if q.id in d.answers:
            rows.append((q.label, answer(q.id) + (f". {rationale(q.id)}" if rationale(q.id) else "")))
    story.append(_facts(rows))
    story.append(para("5. Due-diligence findings", "h2"))
    flags = [f for f in d.red_flags if f.status != "absent"]
    if flags:
        story.append(
            table(
                ["Red flag", "Status", "Resolution"],
                [(_flag_text(r, f.id), f.status, f.note or "") for f in flags],
                [0.55, 0.12, 0.33],
            )
        )
    else:
        story.append(para("No red flags were found present."))
    if a.warnings:
        story.append(Spacer(1, 2 * mm))
    for w in a.warnings:
        story.append(para(f"{c.warnings[w].title}: {c.warnings[w].text}", "small"))
    if kind == "notification":
        story.append(para("6. Legitimate purpose and measures against misuse", "h2"))
        rows = [(c.question(contract.LEGITIMATE).label, answer(contract.LEGITIMATE))]
        for qid in ("legitimate_purpose_grounds", "legitimate_purpose_explanation"):
            if qid in d.answers:
                rows.append((c.question(qid).label, answer(qid)))
        story.append(_facts(rows))
        if d.mitigations:
            story.append(
                table(
                    ["Measure", "How it applies"],
                    [(_measure_title(r, m.id), m.note or "") for m in d.mitigations],
                    [0.35, 0.65],
                )
            )
    else:
        story.append(para("6. The points of doubt", "h2"))
        doubts = [p.question for p in a.path if p.answer == "uncertain"]
        for qid in doubts:
            story.append(para(f"<b>{escape(c.question(qid).text)}</b>", raw=True))
            story += paras(rationale(qid) or "[explain what you remain unsure about]")
    story.append(para("7. Enclosure", "h2"))
    story.append(para(f"Due-diligence dossier “{d.title}”, fingerprint SHA-256 {r.fingerprint}."))
    story += [Spacer(1, 4 * mm), para(wording.closing), Spacer(1, 4 * mm), para("Yours faithfully,")]
    so = d.sign_off
    cells = _Continued()  # a long name or role goes on below the table
    width = 0.5 * WIDTH - 2 * PADDING
    sign = Table(
        [
            [para("Name", "cell"), cells.cell(so.name if so else "", width, "Name")],
            [para("Role", "cell"), cells.cell(so.role if so else "", width, "Role")],
            [para("Signature", "cell"), para("", "cell")],
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
