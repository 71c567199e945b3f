"""Rendering with reportlab Platypus: the dossier report and the drafts for the authority, on A4, in
DejaVu Sans (so that Cyrillic, Greek and accented names print), with every user text escaped."""

from __future__ import annotations

import functools
import gc
import importlib.resources
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from core import contract, countries
from core.content import Content
from core.decision import describe_answer
from core.dossier import Answer
from core.report import ReportInput, draft_kind
from core.report.longtext import piece, spans
from core.store import Seal

FONT = "DejaVuSans"
Progress = Callable[[str], None]


@functools.cache
def _register_fonts() -> None:
    folder = Path(str(importlib.resources.files("resources") / "fonts"))
    for name, file in (
        (FONT, "DejaVuSans.ttf"),
        (f"{FONT}-Bold", "DejaVuSans-Bold.ttf"),
        (f"{FONT}-Oblique", "DejaVuSans-Oblique.ttf"),
        (f"{FONT}-BoldOblique", "DejaVuSans-BoldOblique.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    faces = {
        "normal": FONT,
        "bold": f"{FONT}-Bold",
        "italic": f"{FONT}-Oblique",
        "boldItalic": f"{FONT}-BoldOblique",
    }
    for face in faces.values():  # each face also names the family, so styles may use any of them
        pdfmetrics.registerFontFamily(face, **faces)


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    _register_fonts()  # paragraphs are parsed when made: the fonts must be known by then
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11, spaceAfter=0),
        "mono": ParagraphStyle("mono", parent=base, fontSize=7.5, leading=9.5, spaceAfter=0),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=f"{FONT}-Bold",
            fontSize=15,
            leading=19,
            spaceBefore=6,
            spaceAfter=8,
            textColor=colors.HexColor("#1f3a5f"),
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=f"{FONT}-Bold",
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=5,
            textColor=colors.HexColor("#1f3a5f"),
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=f"{FONT}-Bold", fontSize=9.5, leading=13, spaceBefore=6, spaceAfter=2
        ),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=f"{FONT}-Bold",
            fontSize=22,
            leading=27,
            spaceAfter=10,
            textColor=colors.HexColor("#1f3a5f"),
        ),
        "outcome": ParagraphStyle(
            "outcome", parent=base, fontName=f"{FONT}-Bold", fontSize=13, leading=17, textColor=colors.white
        ),
        "quote": ParagraphStyle(
            "quote",
            parent=base,
            fontName=f"{FONT}-Oblique",
            fontSize=8.5,
            leading=11.5,
            leftIndent=10,
            textColor=colors.HexColor("#333333"),
        ),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "note": ParagraphStyle("note", parent=base, fontSize=8.5, leading=11, spaceBefore=4, spaceAfter=0),
    }


def text(value: object) -> str:
    """User text made safe for a Paragraph: escaped, line breaks kept."""
    if value is None:
        return ""
    return escape(str(value)).replace("\n", "<br/>")


def para(value: object, style: str = "body", raw: bool = False) -> Paragraph:
    """One paragraph of short text (a label, a sentence of the content); user texts of any length go
    through ``paras``."""
    return Paragraph(str(value) if raw else text(value), _styles()[style])


class _Group(list[Flowable]):
    """Flowables kept in order without KeepTogether (a long rationale may span pages)."""


def _flatten(story: Iterable[Any]) -> list[Flowable]:
    out: list[Flowable] = []
    for item in story:
        if isinstance(item, _Group):
            out += _flatten(item)
        else:
            out.append(item)
    return out


# ---------------------------------------------------------------------------- long user texts


BLANK_RUN = 4  # a run of this many blank lines or more prints as one line that says how many


def _shown(value: str) -> tuple[str, str]:
    """The text as it is printed, and the mark it uses (or ""): a run of BLANK_RUN or more blank lines
    is one line, the mark (a character the text does not hold) followed by the number of lines, which
    ``_markup`` prints as "[N blank lines]". Pages of nothing would only hide what follows."""
    if value.count("\n") < BLANK_RUN - 1:
        return value, ""
    lines = value.split("\n")
    out: list[str] = []
    run = 0
    mark = ""
    for line in [*lines, "end"]:
        if not line.strip():
            run += 1
            continue
        if run >= BLANK_RUN:
            mark = mark or next(ch for ch in map(chr, range(0xE000, 0xF900)) if ch not in value)
            out.append(f"{mark}{run}")
        elif run:
            out += [""] * run
        run = 0
        out.append(line)
    if not mark:
        return value, ""
    return "\n".join(out[:-1]), mark


def _markup(piece: str, mark: str = "") -> str:
    """A piece of user text as Paragraph markup: escaped, every line kept, an empty line as one line
    (a no-break space: reportlab would drop an empty line at either end of a paragraph)."""

    def line_markup(line: str) -> str:
        if mark and line.startswith(mark) and line[1:].isdigit():
            return f"<font color='#555555'><i>[{int(line[1:]):,} blank lines]</i></font>"
        return escape(line) if line.strip() else "&#160;"

    if "\n" not in piece:
        return line_markup(piece)
    return "<br/>".join(line_markup(line) for line in piece.split("\n"))


@functools.cache
def _piece_style(name: str, first: bool, last: bool) -> ParagraphStyle:
    """The style for one piece of a text cut into pieces: no space between the pieces."""
    base = _styles()[name]
    if first and last:
        return base
    return ParagraphStyle(
        f"{name}-{int(first)}{int(last)}",
        parent=base,
        spaceBefore=base.spaceBefore if first else 0,
        spaceAfter=base.spaceAfter if last else 0,
    )


def paras(value: object, style: str = "body", *, lead: str = "", bold: bool = False) -> list[Flowable]:
    """User text of any length as paragraphs of bounded size, set one under the other like one
    paragraph (see core.report.longtext: reportlab's time would grow with the square of one long
    paragraph). ``lead`` is markup put before the text; ``bold`` sets the text in bold."""
    return _pieces(*_shown("" if value is None else str(value)), style, lead, bold)


def _pieces(s: str, mark: str, style: str, lead: str = "", bold: bool = False) -> list[Flowable]:
    cuts = spans(s)
    out: list[Flowable] = []
    for i, (start, end) in enumerate(cuts):
        body = _markup(s[start:end], mark) if s else ""
        if bold:
            body = f"<b>{body}</b>"
        out.append(
            Paragraph((lead if i == 0 else "") + body, _piece_style(style, i == 0, i == len(cuts) - 1))
        )
    return out


CELL_LINES = 20  # a table cell holds at most this many lines (about a third of a page); the rest is
CELL_CHARS = 2500  # printed below the table


def _fits(value: str, style: ParagraphStyle, width: float, lines: int) -> bool:
    """Whether ``value`` surely fits in ``lines`` lines of ``width``, judged without laying it out: a
    line no wider than the cell takes one line; a wider one, wrapped at spaces or inside long words,
    takes fewer than 2 * width of text / width + 2 (any two lines together hold more than one
    line's width)."""
    if len(value) > CELL_CHARS or value.count("\n") >= lines:
        return False
    total = 0.0
    for line in value.split("\n"):
        w = stringWidth(line, style.fontName, style.fontSize)
        total += 1 if w <= width else 2 * w / width + 2
    return total <= lines


def _cell_cut(
    value: str, mark: str, style: ParagraphStyle, width: float, lines: int, marker: str
) -> tuple[int, int]:
    """How much of ``value`` (as ``_shown`` gives it) a table cell of ``width`` shows in ``lines``
    lines: (len, len) when all of it fits, else (cut, rest) where ``value[:cut]`` and ``marker`` fit
    and ``value[rest:]`` is the rest (the character between is the space or line break that the cut
    stands for)."""
    limit = lines * style.leading + 0.5

    def height(n: int, end: str) -> float:
        return float(Paragraph((_markup(value[:n], mark) if n else "") + end, style).wrap(width, 1e9)[1])

    if _fits(value, style, width, lines) or (
        len(value) <= CELL_CHARS and value.count("\n") < lines and height(len(value), "") <= limit
    ):
        return len(value), len(value)
    n = min(len(value), CELL_CHARS)
    for _ in range(12):  # a few tries, each shorter in proportion to how much too tall the last was
        cut, following = piece(value, 0, n, lines - 1)
        if cut == 0:
            break
        h = height(cut, marker)
        if h <= limit:
            return cut, following
        n = min(cut - 1, int(cut * limit / h * 0.9))
        if n < 16:  # (a cell too narrow for that holds only the pointer to the note)
            break
    return 0, 0


class _Continued:
    """Table cells for user texts of any length. A text that does not fit in CELL_LINES lines of its
    cell is printed there as far as it fits, with a pointer to a numbered note below the table that
    goes on with the rest: a row taller than a page cannot be laid out (reportlab's LayoutError), and a
    table stays readable. ``elsewhere`` instead says where the text is printed in full (the cover)."""

    def __init__(self, lines: int = CELL_LINES, elsewhere: str | None = None) -> None:
        self.lines = lines
        self.elsewhere = elsewhere
        self.notes: list[tuple[str, str, str]] = []  # where, the rest of the text as shown, its mark

    def cell(self, value: object, width: float, where: str, style: str = "cell") -> Paragraph:
        given = "" if value is None else str(value)
        st = _styles()[style]
        if (
            len(given) <= CELL_CHARS
            and "\n" not in given
            and (  # the common case, quickly: surely fits
                stringWidth(given, st.fontName, st.fontSize) <= (self.lines - 2) / 2 * width
            )
        ):
            return Paragraph(escape(given), st)
        s, mark = _shown(given)
        pointer = (
            f"shortened here; in full in {self.elsewhere}"
            if self.elsewhere
            else f"continued in note {len(self.notes) + 1} below this table"
        )
        marker = f"<br/><font color='#555555'><i>[{pointer}]</i></font>"
        cut, rest = _cell_cut(s, mark, st, width, self.lines, marker)
        if rest >= len(s):
            return Paragraph(_markup(s[:cut], mark) if s else "", st)
        if not self.elsewhere:
            self.notes.append((where, s[rest:], mark))
        return Paragraph(_markup(s[:cut], mark) + marker if cut else marker.removeprefix("<br/>"), st)

    def flowables(self) -> list[Flowable]:
        out: list[Flowable] = []
        for n, (where, rest, mark) in enumerate(self.notes, 1):
            out += _pieces(rest, mark, "note", lead=f"<i>Note {n} ({escape(where)}), continued:</i> ")
        return out


def _plain_lines(value: str, width: float, size: float) -> str | None:
    """A short plain cell (an id, a number, a date, a hash) broken between characters into lines that
    fit ``width``, or None when it would take more than CELL_LINES lines."""
    if len(value) > 400:
        return None
    if "\n" not in value and stringWidth(value, FONT, size) <= width:
        return value
    lines: list[str] = []
    for source in value.split("\n"):
        if stringWidth(source, FONT, size) <= width:
            lines.append(source)
            continue
        line, used = "", 0.0
        for ch in source:
            w = stringWidth(ch, FONT, size)
            if line and used + w > width:
                lines.append(line)
                line, used = "", 0.0
            line += ch
            used += w
        lines.append(line)
    return "\n".join(lines) if len(lines) <= CELL_LINES else None


def one_line(value: str, font: str, size: float, width: float) -> str:
    """``value`` on one line of at most ``width`` points (for the running header and footer):
    whitespace as single spaces, and a text too long ends in "…" where it is cut."""
    s = " ".join(value.split())
    if stringWidth(s, font, size) <= width:
        return s
    low, high = 0, min(len(s), int(width / size * 10) + 1)
    while low < high:
        mid = (low + high + 1) // 2
        if stringWidth(s[:mid] + "…", font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return s[:low].rstrip() + "…"


GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b8c2cc")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
)
WIDTH = A4[0] - 40 * mm


PADDING = 6  # reportlab's default cell padding, left and right


def facts(rows: Iterable[tuple[str, object]], widths: Sequence[float] = (0.3, 0.7)) -> _Group:
    """A two-column table of labelled facts, without a header row; a value too long for its cell goes
    on in a note below the table."""
    cells = _Continued()
    label_width, value_width = (w * WIDTH - 2 * PADDING for w in widths)
    data = [
        [cells.cell(k, label_width, "label"), v if isinstance(v, Flowable) else cells.cell(v, value_width, k)]
        for k, v in rows
    ]
    t = Table(data or [["", ""]], colWidths=[w * WIDTH for w in widths])
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b8c2cc")),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f3f6f9")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return _Group([t, *cells.flowables()])


TABLE_CHUNK = 40


def table(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[float],
    style: str = "cell",
    plain: Sequence[int] = (),
    plain_size: float = 7.5,
) -> _Group:
    """A table with a header row. Long tables are made of chunks of TABLE_CHUNK rows, each with the
    header: reportlab re-measures the rest of a table at every page break, so one long table would
    cost time growing with the square of its rows. A text too long for its cell goes on in a note below
    its chunk. Columns in ``plain`` hold short text (ids, numbers, dates, hashes split by "\n"): set
    as plain strings broken into lines that fit, much cheaper to lay out."""
    head = [para(f"<b>{escape(h)}</b>", style, raw=True) for h in header]
    inner = [w * WIDTH - 8 for w in widths]  # GRID's padding: 4 points left and right
    all_rows = list(rows)
    tables = _Group()
    for first in range(0, max(len(all_rows), 1), TABLE_CHUNK):
        cells = _Continued()
        chunk = []
        for number, row in enumerate(all_rows[first : first + TABLE_CHUNK], first + 1):
            out: list[object] = []
            for i, c in enumerate(row):
                lines = (
                    None
                    if isinstance(c, Flowable) or i not in plain
                    else (_plain_lines(str(c), inner[i], plain_size))
                )  # None: too long, set as a paragraph
                out.append(
                    c
                    if isinstance(c, Flowable)
                    else lines
                    if lines is not None
                    else cells.cell(c, inner[i], f"{header[i]}, row {number}", style)
                )
            chunk.append(out)
        t = Table([head, *chunk], colWidths=[w * WIDTH for w in widths], repeatRows=1)
        t.setStyle(GRID)
        for column in plain:
            t.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (column, 1), (column, -1), FONT),
                        ("FONTSIZE", (column, 1), (column, -1), plain_size),
                        ("LEADING", (column, 1), (column, -1), plain_size + 2),
                    ]
                )
            )
        tables += [t, *cells.flowables()]
    return tables


def _numbered_canvas(r: ReportInput, heading: str) -> type[Canvas]:
    """A canvas that knows the page count at the end, for "Page X of Y" and the DRAFT mark."""
    draft = not r.finalised
    _register_fonts()
    # the running header and footer: the reference on one line, shortened visibly ("…") if too long
    room = min(
        WIDTH - 110 - stringWidth(f"{heading} · ", FONT, 7.5),  # beside "DRAFT: not signed off"
        WIDTH - 70 - stringWidth("Reference ", FONT, 7.5),
    )  # beside "Page X of Y"
    reference = one_line(r.dossier.reference or r.dossier.id or "no reference", FONT, 7.5, room)

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = A4
            self.saveState()
            if draft:
                self.setFillColor(colors.HexColor("#c0392b"))
                self.setFont(f"{FONT}-Bold", 9)
                self.drawString(20 * mm, height - 12 * mm, "DRAFT: not signed off")
                self.setFillColor(colors.Color(0.75, 0.22, 0.17, alpha=0.10))
                self.setFont(f"{FONT}-Bold", 110)
                self.translate(width / 2, height / 2)
                self.rotate(45)
                self.drawCentredString(0, -35, "DRAFT")
                self.rotate(-45)
                self.translate(-width / 2, -height / 2)
            self.setFillColor(colors.HexColor("#555555"))
            self.setFont(FONT, 7.5)
            self.drawRightString(width - 20 * mm, height - 12 * mm, f"{heading} · {reference}")
            self.setStrokeColor(colors.HexColor("#b8c2cc"))
            self.line(20 * mm, 15 * mm, width - 20 * mm, 15 * mm)
            self.drawString(20 * mm, 11 * mm, f"Reference {reference}")
            self.drawRightString(width - 20 * mm, 11 * mm, f"Page {self._pageNumber} of {total}")
            self.setFont(FONT, 6.5)
            self.drawString(20 * mm, 7.5 * mm, f"Fingerprint SHA-256 {r.fingerprint}")
            self.restoreState()

    return NumberedCanvas


def _build(story: list[Flowable], r: ReportInput, title: str, heading: str, invariant: bool) -> bytes:
    _register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=title,
        author=r.dossier.exporter.name or "ddworkbook",
        subject=heading,
        creator="ddworkbook",
        invariant=1 if invariant else 0,
    )
    collecting = gc.isenabled()
    # Every page is kept until the end (for "Page X of Y"), so the cyclic garbage collector would scan a
    # heap growing with the document again and again, for nothing: a rationale of 1 MB of short lines
    # took 5.9 s instead of 4.3 s, and 10% longer per 100 kB than one of 100 kB.
    gc.disable()
    try:
        doc.build(_flatten(story), canvasmaker=_numbered_canvas(r, heading))
    finally:
        if collecting:
            gc.enable()
    return buffer.getvalue()


# ---------------------------------------------------------------------------- the dossier report


def _country(code: str | None) -> str:
    if not code:
        return "not given"
    return f"{countries.display(code)} ({code})"


def _answer_value(c: Content, qid: str, answer: Answer | None) -> str:
    if answer is None or answer.value is None:
        return "Not answered"
    if c.has_question(qid):
        q = c.question(qid)
        if q.kind == "country" and isinstance(answer.value, str):
            return _country(answer.value)
        return describe_answer(c, qid, answer.value)
    return str(answer.value)


def _authority_name(c: Content, member_state: str) -> str:
    authority = c.authority(member_state)
    return authority.name if authority else f"the competent authority of {_country(member_state)}"


def _cover(r: ReportInput) -> list[Flowable]:
    c, d, a = r.content, r.dossier, r.assessment
    outcome = c.outcomes[a.outcome]
    story: list[Flowable] = [
        Spacer(1, 20 * mm),
        para("Due-diligence dossier", "h2"),
        *paras(d.title, "title"),
    ]
    facts = [
        ("Reference", d.reference or "not given"),
        (
            "Exporter",
            ", ".join(
                x
                for x in (
                    d.exporter.name,
                    d.exporter.address,
                    _country(d.exporter.country) if d.exporter.country else None,
                )
                if x
            )
            or "not given",
        ),
        ("Item", " ".join(x for x in (d.item.name, d.item.version) if x) or "not given"),
        ("Kind of item", d.item.kind or "not given"),
        ("Destination", _country(d.destination_country)),
        ("Competent authority", _authority_name(c, d.member_state)),
        ("Status", "FINALISED" if r.finalised else "DRAFT: not signed off"),
        ("Report date", r.made_on.isoformat()),
    ]
    if d.sign_off:
        facts.insert(-1, ("Signed off", f"{d.sign_off.name}, {d.sign_off.role}, {d.sign_off.date}"))
    # the cover keeps to a page: a long text is shortened, visibly, and printed in full further on
    short = {"Signed off": _Continued(6, "section 7")}
    cells = _Continued(6, "section 2")
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
    box = Table([[para(f"Outcome: {outcome.title}", "outcome")]], colWidths=[WIDTH])
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
            f"Fingerprint of the recorded dossier (SHA-256 of its canonical JSON): {r.fingerprint}", "small"
        ),
        para(
            "This report was made with ddworkbook from the record above. The guidance in it is the "
            "exporter's own assessment, not a decision of the competent authority.",
            "small",
        ),
        PageBreak(),
    ]
    return story


def _determination(r: ReportInput) -> list[Flowable]:
    c, a = r.content, r.assessment
    story: list[Flowable] = [
        para("1. The determination", "h1"),
        para(f"<b>{escape(c.outcomes[a.outcome].title)}</b>", raw=True),
        para(f"Decided at: {c.step(a.decided_at).title}"),
        para(a.explanation),
    ]
    if a.path:
        story.append(para("The answers that led there", "h2"))
        story.append(
            table(
                ["Question", "Answer"],
                [(c.question(p.question).text, describe_answer(c, p.question, p.answer)) for p in a.path],
                [0.72, 0.28],
            )
        )
    if a.missing:
        story.append(para("Still to answer", "h2"))
        story += [para(f"• {c.question(m).text}") for m in a.missing]
    story.append(para("Warnings", "h2"))
    if a.warnings:
        for w in a.warnings:
            story.append(
                para(f"<b>{escape(c.warnings[w].title)}.</b> {escape(c.warnings[w].text)}", raw=True)
            )
    else:
        story.append(para("None."))
    return story


def _transaction(r: ReportInput) -> list[Flowable]:
    d = r.dossier
    story: list[Flowable] = [CondPageBreak(60 * mm), para("2. The transaction and the parties", "h1")]
    rows = [
        ("Title", d.title),
        ("Reference", d.reference or ""),
        ("Exporter", d.exporter.name or ""),
        ("Exporter address", d.exporter.address or ""),
        ("Exporter country", _country(d.exporter.country) if d.exporter.country else ""),
        ("Exporter contact", d.exporter.contact or ""),
        ("Item", d.item.name or ""),
        ("Version", d.item.version or ""),
        ("Kind", d.item.kind or ""),
        ("Description", d.item.description or ""),
        ("Destination", _country(d.destination_country)),
        ("Member state", _country(d.member_state)),
        ("Stated end use", d.stated_end_use or ""),
    ]
    story.append(facts(rows, [0.25, 0.75]))
    story.append(para("Parties", "h2"))
    if d.parties:
        roles, sectors = r.content.role_labels, r.content.sector_labels
        story.append(
            table(
                ["Role", "Name", "Country", "Sector", "Address"],
                [
                    (
                        roles.get(p.role or "", ""),
                        p.name or "",
                        _country(p.country) if p.country else "",
                        sectors.get(p.sector or "", ""),
                        p.address or "",
                    )
                    for p in d.parties
                ],
                [0.14, 0.26, 0.2, 0.18, 0.22],
            )
        )
    else:
        story.append(para("No parties recorded."))
    return story


def _questions(r: ReportInput, progress: Progress | None) -> list[Flowable]:
    c, d = r.content, r.dossier
    evidence = {e.id: e for e in d.evidence}
    story: list[Flowable] = [
        PageBreak(),
        para("3. The questions, step by step", "h1"),
        para(
            "Every question of the workbook with the answer given, the rationale "
            "in full and the evidence cited. Questions that do not apply are "
            "marked so.",
            "small",
        ),
    ]
    values = {k: a.value for k, a in d.answers.items()}
    for step in c.question_steps():  # in the wizard's order
        if progress:
            progress(f"questions: {step.id}")
        story.append(para(step.title, "h2"))
        for section, questions in c.groups(step.id):
            if section:
                story.append(para(section.title, "h3"))
            for q in questions:
                answer = d.answers.get(q.id)
                relevant = c.is_relevant(q, values)
                block: list[Flowable] = [para(f"<b>{escape(q.text)}</b>", raw=True)]
                shown = _answer_value(c, q.id, answer) if relevant or answer else "Does not apply"
                block += _answer_block(
                    shown, answer.rationale if answer else None, answer.evidence if answer else (), evidence
                )
                story.append(_kept(block))
    custom = [(text, a) for k, a in d.answers.items() if (text := contract.custom_text(k)) is not None]
    if custom:
        story.append(para("Other answers recorded", "h2"))
        for text, answer in custom:
            block = [
                *paras(text, bold=True),
                *_answer_block(
                    "Not answered" if answer.value is None else str(answer.value),
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
    block = paras(shown, lead="Answer: ", bold=True)
    if rationale:
        block += paras(rationale, lead="Rationale: ")
    if cited:
        block += paras(
            "; ".join(f"{e} ({evidence[e].filename})" if e in evidence else e for e in cited),
            "small",
            lead="Evidence: ",
        )
    return [*block, Spacer(1, 3)]


def _kept(block: list[Flowable]) -> Flowable | _Group:
    """A question with its answer, kept on one page when short; a longer one runs on over pages."""
    return KeepTogether(block) if len(block) < 5 else _Group(block)


def _findings(r: ReportInput) -> list[Flowable]:
    c, d = r.content, r.dossier
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        para("4. Due-diligence findings", "h1"),
        para("Red flags", "h2"),
    ]
    if d.red_flags:
        rows: list[tuple[object, ...]] = []
        for f in d.red_flags:
            rows.append(
                (
                    c.flag_text(f.id),
                    f.status.capitalize(),
                    f.note or ("resolution not recorded" if f.status != "absent" else ""),
                )
            )
        story.append(table(["Red flag", "Status", "Resolution or note"], rows, [0.5, 0.12, 0.38]))
    else:
        story.append(para("No red flags were assessed."))
    story.append(para("Mitigation measures", "h2"))
    if d.mitigations:
        rows = []
        for m in d.mitigations:
            measure = c.measure(m.id)
            rows.append((c.measure_title(m.id), m.note or (measure.description if measure else "")))
        story.append(table(["Measure", "How it applies"], rows, [0.35, 0.65]))
    else:
        story.append(para("No mitigation measures recorded."))
    return story


def _sha_cell(sha: str | None) -> str:
    """A SHA-256 in two lines of 32: a 64-character word would be split by measuring at every layout."""
    return f"{sha[:32]}\n{sha[32:]}" if sha else "not recorded"


def _evidence(r: ReportInput) -> list[Flowable]:
    d = r.dossier
    story: list[Flowable] = [CondPageBreak(50 * mm), para("5. Evidence index", "h1")]
    if not d.evidence:
        return [*story, para("No evidence recorded.")]
    rows: list[tuple[object, ...]] = []
    for e in d.evidence:
        size = f"{e.size:,}".replace(",", " ") if e.size is not None else ""
        held = (
            ""
            if not r.journal_available
            else (" (file in workbook)" if e.id in r.evidence_in_workbook else " (not held)")
        )
        rows.append(
            (
                e.id,
                e.filename + held,
                e.description or "",
                size,
                _sha_cell(e.sha256),
                (e.added_at or "")[:19].replace("T", "\n"),
            )
        )
    story.append(
        table(
            ["Id", "File", "Description", "Bytes", "SHA-256", "Added"],
            rows,
            [0.07, 0.19, 0.19, 0.09, 0.33, 0.13],
            plain=(0, 3, 4, 5),
            plain_size=6.5,
        )
    )
    return story


def _history(r: ReportInput) -> list[Flowable]:
    story: list[Flowable] = [CondPageBreak(50 * mm), para("6. Change history", "h1")]
    if not r.journal_available:
        return [
            *story,
            para(
                "This report was made from a dossier file, which carries no change "
                "history. The workbook the dossier is kept in holds its journal."
            ),
        ]
    entries = list(r.journal)
    story.append(
        para(
            f"{len(entries)} recorded change{'s' if len(entries) != 1 else ''}; each entry of "
            "the workbook's journal is hash-chained to the one before."
        )
    )
    shown = entries if len(entries) <= 60 else entries[:10] + entries[-50:]
    rows = [(e.at[:19].replace("T", " "), e.actor, e.action, e.field or "") for e in shown]
    story.append(table(["When (UTC)", "Who", "What", "Field"], rows, [0.25, 0.2, 0.15, 0.4]))
    if len(entries) > 60:
        story.append(para(f"The first 10 and the last 50 of {len(entries)} entries are shown.", "small"))
    return story


def _sign_off(r: ReportInput) -> list[Flowable]:
    d = r.dossier
    so = d.sign_off
    rows = [
        ("Name", so.name if so else ""),
        ("Role", so.role if so else ""),
        ("Date", so.date if so else ""),
        ("Signature", ""),
    ]
    cells = _Continued()  # a long name or role goes on below the table
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
    story: list[Flowable] = [CondPageBreak(70 * mm), para("7. Sign-off", "h1")]
    if r.finalised and r.retention_until:
        story.append(
            para(
                f"Finalised. The record is kept until at least {r.retention_until}: five years "
                "from the end of the calendar year of export (Article 27(3))."
            )
        )
    elif not r.finalised:
        story.append(para("Not yet signed off: this is a draft."))
    story += [t, *cells.flowables()]
    if r.seal is None:
        return story
    return [KeepTogether([*story[1:], *_seal(r.seal)])]  # the sign-off and its seal on one page


def _hex(digest: str, before: str = "") -> Paragraph:
    """A SHA-256 in groups of eight, in a fixed-width face: easy to read out and to type back."""
    style = ParagraphStyle("hex", parent=_styles()["mono"], fontName="Courier", fontSize=7.5)
    return Paragraph(before + " ".join(digest[i : i + 8] for i in range(0, len(digest), 8)), style)


def _seal(seal: Seal) -> list[Flowable]:
    head = f"entry {seal.seq - 1}" if seal.seq > 1 else "empty: no entry before the sign-off"
    rows = [
        ("Fingerprint of the signed dossier (SHA-256)", _hex(seal.sealed_fingerprint)),
        ("Journal head at sign-off", _hex(seal.prev_hash, f"{head}<br/>")),
        (f"Seal: journal entry {seal.seq} of {seal.at[:10]}", _hex(seal.seal)),
    ]
    return [
        Spacer(1, 6 * mm),
        para("Seal", "h3"),
        *facts(rows, (0.28, 0.72)),
        Spacer(1, 2 * mm),
        para(
            "The seal is the hash of the journal entry that recorded this sign-off: it commits to the signed "
            "dossier's fingerprint and, through the journal head, to every change recorded before it. Years "
            "later, whoever keeps the workbook can check that it still holds this signed-off record, "
            "unchanged, "
            f"with: ddworkbook verify --seal {seal.seal}",
            "small",
        ),
    ]


def _legal(r: ReportInput, cited: Iterable[str]) -> list[Flowable]:
    c = r.content
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        para("8. Legal references", "h1"),
        para(
            f"{c.regulation}, consolidated text, corpus version {c.corpus_version}. "
            "Only the Official Journal of the European Union is authentic.",
            "small",
        ),
    ]
    refs = list(dict.fromkeys(cited))
    articles = sorted(
        (x for x in refs if x.startswith("art:")), key=lambda x: [int(p) for p in x[4:].split(".")]
    )
    annex = [x for x in refs if x.startswith("annex:")]
    guides = [x for x in refs if x.startswith("guide:")]
    for ref in articles:
        cite = c.cite(ref)
        story.append(para(cite.title, "h3"))
        article = next(a for a in c.articles if f"art:{a.id}" == ref)
        if article.text:
            story.append(para(f"“{article.text}”", "quote"))
        else:
            story.append(
                para(f"{article.summary} (our summary; the official text is not quoted here)", "quote")
            )
    if annex:
        story.append(para("Annex I entries considered", "h3"))
        for ref in annex:
            entry = next(e for e in c.annex_entries if f"annex:{e.code}" == ref)
            story.append(para(f"<b>{escape(entry.code)}</b> {escape(entry.text)}", "small", raw=True))
    if guides:
        story.append(para("Guidance", "h3"))
        for ref in guides:
            g = next(x for x in c.guides if f"guide:{x.id}" == ref)
            story.append(para(f"{g.title} ({g.publisher}{', ' + g.date if g.date else ''})", "small"))
    return story


def render_report(r: ReportInput, *, invariant: bool = False, progress: Progress | None = None) -> bytes:
    """The dossier report as PDF bytes."""
    c = r.content
    if progress:
        progress("cover and determination")
    story: list[Any] = [
        *_cover(r),
        *_determination(r),
        *_transaction(r),
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
        progress("laying out pages")
    return _build(story, r, f"Due-diligence dossier: {r.dossier.title}", "Due-diligence dossier", invariant)


# ---------------------------------------------------------------------------- drafts for the authority


def render_draft(r: ReportInput, *, invariant: bool = False) -> bytes | None:
    """The draft for the competent authority that the outcome calls for, or None."""
    kind = draft_kind(r.assessment.outcome)
    if kind is None:
        return None
    from core.report.drafts import draft_story

    heading = (
        "Notification under Article 5(2)"
        if kind == "notification"
        else "Annex to a classification application"
    )
    return _build(draft_story(r, kind), r, f"{heading}: {r.dossier.title}", heading, invariant)


def write(path: Path, data: bytes) -> Path:
    from core.store import write_atomically

    write_atomically(path, iter([data]))
    return path


__all__ = ["facts", "one_line", "para", "paras", "render_draft", "render_report", "table", "text", "write"]
