"""Long user texts cut into pieces of bounded size before they reach reportlab.

reportlab lays out a paragraph as a whole: a paragraph that runs over many pages is wrapped again from
its current start at every page break, so one huge text costs time growing with the square of its
length (a 400 kB rationale took 52 s, 1 MB never finished). Cut into pieces of bounded size, every
piece is wrapped a bounded number of times and the time grows linearly. Pieces are printed one under
the other with no space between them: a cut at a line end, after a space or inside a long word reads
as the line break that wrapping would have made anyway, and nothing of the text is lost.
"""

from __future__ import annotations

import unicodedata

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
        for _ in range(lines):
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
