"""The layout of the report and the drafts (reportlab Platypus), a leaf: it imports no other module of
the project. Fonts (DejaVu Sans, so that Cyrillic, Greek and accented names print) and paragraph
styles; paragraphs of short text (``para``) and of user text of any length (``paras``, cut into
pieces: see below); tables whose cells take user text of any length (``facts``, ``table``,
``Continued``); the page decoration (the running header and footer, "Page X of Y", the DRAFT mark:
``Page``) and the document made of a story (``build``). Every user text is escaped.

Long user texts are cut into pieces of bounded size before they reach reportlab (``spans``).
reportlab lays out a paragraph as a whole: a paragraph that runs over many pages is wrapped again from
its current start at every page break, so one huge text costs time growing with the square of its
length (a 400 kB rationale took 52 s, 1 MB never finished). Cut into pieces of bounded size, every
piece is wrapped a bounded number of times and the time grows linearly. Pieces are printed one under
the other with no space between them: a cut at a line end, after a space or inside a long word reads
as the line break that wrapping would have made anyway, and nothing of the text is lost.

The words the layout itself prints are below (``DRAFT_MARK`` ...); the documents' own words are in
core/report/dossier_report.py and core/report/drafts.py, where they are printed.
"""

from __future__ import annotations

import functools
import gc
import importlib.resources
import io
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple
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
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from core.i18n import N_, _

# The words the layout itself prints (translated where they are printed).
DRAFT_MARK = N_("DRAFT")  # across every page of a document not signed off
DRAFT_LINE = N_("DRAFT: not signed off")  # top left of such a page
PAGE_OF = N_("Page {page} of {pages}")
REFERENCE = N_("Reference {reference}")
FINGERPRINT = N_("Fingerprint SHA-256 {fingerprint}")
BLANK_LINES = N_("[{count:,} blank lines]")  # a long run of blank lines in a user text
SHORTENED = N_("shortened here; in full in {where}")  # a table cell that shows only the start of a text
CONTINUED = N_("continued in note {note} below this table")
NOTE = N_("Note {note} ({where}), continued:")

FONT = "DejaVuSans"


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
def styles() -> dict[str, ParagraphStyle]:
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
    return Paragraph(str(value) if raw else text(value), styles()[style])


class Group(list[Flowable]):
    """Flowables kept in order without KeepTogether (a long rationale may span pages); ``build`` sets
    them in the story one after the other."""


def _flatten(story: Iterable[Any]) -> list[Flowable]:
    out: list[Flowable] = []
    for item in story:
        if isinstance(item, Group):
            out += _flatten(item)
        else:
            out.append(item)
    return out


# ---------------------------------------------------------------------------- long user texts


BLANK_RUN = 4  # a run of this many blank lines or more prints as one line that says how many


def _shown(value: str) -> tuple[str, str]:
    """The text as it is printed, and the mark it uses (or ""): a run of BLANK_RUN or more blank lines
    is one line, the mark (a character the text does not hold) followed by the number of lines, which
    ``_markup`` prints as "[N blank lines]" (BLANK_LINES). Pages of nothing would only hide what follows."""
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
            return f"<font color='#555555'><i>{_(BLANK_LINES).format(count=int(line[1:]))}</i></font>"
        return escape(line) if line.strip() else "&#160;"

    if "\n" not in piece:
        return line_markup(piece)
    return "<br/>".join(line_markup(line) for line in piece.split("\n"))


@functools.cache
def _piece_style(name: str, first: bool, last: bool) -> ParagraphStyle:
    """The style for one piece of a text cut into pieces: no space between the pieces."""
    base = styles()[name]
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
    paragraph (see ``spans``: reportlab's time would grow with the square of one long
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
    for _try in range(12):  # a few tries, each shorter in proportion to how much too tall the last was
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


class Continued:
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
        st = styles()[style]
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
            _(SHORTENED).format(where=self.elsewhere)
            if self.elsewhere
            else _(CONTINUED).format(note=len(self.notes) + 1)
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
            out += _pieces(rest, mark, "note", lead=f"<i>{_(NOTE).format(note=n, where=escape(where))}</i> ")
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


def facts(rows: Iterable[tuple[str, object]], widths: Sequence[float] = (0.3, 0.7)) -> Group:
    """A two-column table of labelled facts, without a header row; a value too long for its cell goes
    on in a note below the table."""
    cells = Continued()
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
    return Group([t, *cells.flowables()])


TABLE_CHUNK = 40


def table(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[float],
    style: str = "cell",
    plain: Sequence[int] = (),
    plain_size: float = 7.5,
) -> Group:
    """A table with a header row. Long tables are made of chunks of TABLE_CHUNK rows, each with the
    header: reportlab re-measures the rest of a table at every page break, so one long table would
    cost time growing with the square of its rows. A text too long for its cell goes on in a note below
    its chunk. Columns in ``plain`` hold short text (ids, numbers, dates, hashes split by "\n"): set
    as plain strings broken into lines that fit, much cheaper to lay out."""
    head = [para(f"<b>{escape(h)}</b>", style, raw=True) for h in header]
    inner = [w * WIDTH - 8 for w in widths]  # GRID's padding: 4 points left and right
    all_rows = list(rows)
    tables = Group()
    for first in range(0, max(len(all_rows), 1), TABLE_CHUNK):
        cells = Continued()
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
                    else cells.cell(
                        c, inner[i], _("{column}, row {row}").format(column=header[i], row=number), style
                    )
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


class Page(NamedTuple):
    """What every page of a document shows besides its story: ``heading`` and the dossier's
    ``reference`` at the top, the reference, "Page X of Y" and the dossier's ``fingerprint`` at the
    foot, and, for a dossier not signed off (``draft``), the DRAFT mark."""

    heading: str
    reference: str
    fingerprint: str
    draft: bool


def _numbered_canvas(page: Page) -> type[Canvas]:
    """A canvas that knows the page count at the end, for "Page X of Y" and the DRAFT mark."""
    draft, heading = page.draft, page.heading
    _register_fonts()
    # the running header and footer: the reference on one line, shortened visibly ("…") if too long
    room = min(
        WIDTH - 110 - stringWidth(f"{heading} · ", FONT, 7.5),  # beside "DRAFT: not signed off"
        WIDTH - 70 - stringWidth(_(REFERENCE).format(reference=""), FONT, 7.5),
    )  # beside "Page X of Y"
    reference = one_line(page.reference, FONT, 7.5, room)
    # the words, in the language of the document being made
    draft_line, draft_mark, page_of, footer = _(DRAFT_LINE), _(DRAFT_MARK), _(PAGE_OF), _(REFERENCE)
    fingerprint = _(FINGERPRINT).format(fingerprint=page.fingerprint)

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
                self.drawString(20 * mm, height - 12 * mm, draft_line)
                self.setFillColor(colors.Color(0.75, 0.22, 0.17, alpha=0.10))
                self.setFont(f"{FONT}-Bold", 110)
                self.translate(width / 2, height / 2)
                self.rotate(45)
                self.drawCentredString(0, -35, draft_mark)
                self.rotate(-45)
                self.translate(-width / 2, -height / 2)
            self.setFillColor(colors.HexColor("#555555"))
            self.setFont(FONT, 7.5)
            self.drawRightString(width - 20 * mm, height - 12 * mm, f"{heading} · {reference}")
            self.setStrokeColor(colors.HexColor("#b8c2cc"))
            self.line(20 * mm, 15 * mm, width - 20 * mm, 15 * mm)
            self.drawString(20 * mm, 11 * mm, footer.format(reference=reference))
            self.drawRightString(width - 20 * mm, 11 * mm, page_of.format(page=self._pageNumber, pages=total))
            self.setFont(FONT, 6.5)
            self.drawString(20 * mm, 7.5 * mm, fingerprint)
            self.restoreState()

    return NumberedCanvas


def build(story: Iterable[Any], page: Page, *, title: str, author: str, invariant: bool = False) -> bytes:
    """The PDF of ``story`` (flowables and ``Group``s) on A4, each page decorated as ``page`` says;
    ``invariant``: the same bytes for the same story (no date or random id in the file)."""
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
        author=author,
        subject=page.heading,
        creator="ddworkbook",
        invariant=1 if invariant else 0,
    )
    collecting = gc.isenabled()
    # Every page is kept until the end (for "Page X of Y"), so the cyclic garbage collector would scan a
    # heap growing with the document again and again, for nothing: a rationale of 1 MB of short lines
    # took 5.9 s instead of 4.3 s, and 10% longer per 100 kB than one of 100 kB.
    gc.disable()
    try:
        doc.build(_flatten(story), canvasmaker=_numbered_canvas(page))
    finally:
        if collecting:
            gc.enable()
    return buffer.getvalue()


# ---------------------------------------------------------------------------- cutting long texts

PIECE_CHARS = 1500  # about a third of an A4 page of body text
PIECE_LINES = 30


def spans(text: str, chars: int = PIECE_CHARS, lines: int = PIECE_LINES) -> list[tuple[int, int]]:
    """Where to cut ``text``: (start, end) of each piece, in order, each at most ``chars`` characters and
    ``lines`` lines. Between two pieces lies at most one character, a line break or a space that the
    cut stands for. Cuts fall, by preference, before a blank line, at a line end, after a space, and
    only in a word longer than a piece between two characters (never before a combining mark)."""
    out: list[tuple[int, int]] = []
    start = 0
    while True:
        end, following = piece(text, start, chars, lines)
        out.append((start, end))
        if end >= len(text) or (following >= len(text) and text[end] != "\n"):
            return out  # (a text ending in a line break that a cut stands for ends in an empty line)
        start = following


def piece(text: str, start: int, chars: int, lines: int) -> tuple[int, int]:
    """The end of the piece of ``text`` that begins at ``start``, and where the next one begins."""
    end = min(start + chars, len(text))
    if text.count("\n", start, end) >= lines:
        end = start
        for _line in range(lines):
            end = text.index("\n", end) + 1
        end -= 1  # the piece ends before its last allowed line's break
    if end >= len(text):
        return len(text), len(text)
    cut, skip = best_cut(text, start, end)
    return cut, cut + skip


def best_cut(text: str, start: int, end: int) -> tuple[int, int]:
    """The best place to cut ``text[start:]`` at or before ``end`` (> start), and how many characters
    the cut consumes (1 for a line break or space, else 0)."""
    if text[end] == "\n":
        return end, 1  # the window ends at a line end
    half = start + (end - start) // 2
    blank = text.rfind("\n\n", start, end + 1)
    if blank > half:
        return blank, 1  # the next piece starts with the blank line
    newline = text.rfind("\n", start + 1, end + 1)
    if newline > start:
        return newline, 1
    space = max(text.rfind(" ", start + 1, end + 1), text.rfind("\t", start + 1, end + 1))
    if space > half:
        return space, 1
    cut = end
    while cut > start + 1 and unicodedata.combining(text[cut]):
        cut -= 1  # keep an accent with its letter
    return cut, 0
