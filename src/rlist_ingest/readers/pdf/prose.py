"""Prose lines outside tables to paragraphs: ``lines_to_paragraphs``.

A PDF wraps a paragraph at the text's right edge. A line that reaches that edge goes on
in the next line when the next line starts at the left edge (not indented as a new
paragraph's first line is), is close below it (or starts the next page) and does not
open with a numbering label (``一、``, ``（二）``, ``3.``, ``第四条``: a heading or a new
item). Every other line ends its paragraph, so headings and short lines stay lines.
"""

from __future__ import annotations

import regex

from ...textnorm import join_wrapped
from .lines import TextLine

_LABEL = regex.compile(r"^\s*(?:[（(][一二三四五六七八九十百\d]+[）)]|[一二三四五六七八九十百]+[、.．]|\d+[、.．)）]"
                       r"|第[一二三四五六七八九十百零\d]+[章节条部分])")
EDGE_SLACK = 1.5  # of the font size: a line ending this close to the right edge is full
INDENT = 0.6  # of the font size: a line starting further in than this is indented
LEADING = 1.2  # of the font size: the largest gap between two lines of one paragraph


def _goes_on(prev: tuple[int, TextLine], cur: tuple[int, TextLine], widths) -> bool:
    (p0, a), (p1, b) = prev, cur
    left, right = widths[p0]
    if a.x1 < right - EDGE_SLACK * a.size:
        return False
    if b.x0 > widths[p1][0] + INDENT * b.size or abs(a.size - b.size) > 0.5:
        return False
    if p1 == p0 and b.top - a.bottom > LEADING * a.size:
        return False
    if p1 not in (p0, p0 + 1):
        return False
    return not _LABEL.match(b.text)


def lines_to_paragraphs(lines: list[tuple[int, TextLine]], widths) -> list[tuple[str, list]]:
    """(text, [(page, bbox), ...]) per paragraph of ``lines`` (page, line), in order."""
    out: list[tuple[str, list]] = []
    run: list[tuple[int, TextLine]] = []

    def flush():
        if run:
            pieces: dict[int, list[float]] = {}
            for p, ln in run:
                b = pieces.get(p)
                if b is None:
                    pieces[p] = [ln.x0, ln.top, ln.x1, ln.bottom]
                else:
                    b[0], b[1], b[2], b[3] = min(b[0], ln.x0), min(b[1], ln.top), max(b[2], ln.x1), max(b[3], ln.bottom)
            out.append((join_wrapped([ln.text for _, ln in run]), [(p, tuple(b)) for p, b in pieces.items()]))
            run.clear()

    for item in lines:
        if run and not _goes_on(run[-1], item, widths):
            flush()
        run.append(item)
    flush()
    return out
