"""Glyphs to printed lines: the text of a cell or of the prose around tables.

A PDF has no lines, only glyphs at positions. Glyphs whose boxes overlap vertically by
half the smaller height are one line, read left to right. A gap wider than the line's
usual gap (its median: a justified line spreads its slack over every gap) by a fifth of
the font size is a space (PDF printers rarely write space glyphs; CJK text has no gaps, Latin
words and the spaces inside names such as ``民政部 人力资源和社会保障部`` do). Between CJK
and Latin or digits a gap is not a space: Word and LibreOffice widen it themselves
("space between Asian and Western text"), so ``2007年5月`` would read ``2007年 5月``. A
glyph printed twice at the same place (a fake-bold overprint) is read once.
"""

from __future__ import annotations

from dataclasses import dataclass

# A glyph: text, x0, x1, top, bottom, size (pdfplumber's top-left coordinates, in points).
Glyph = tuple[str, float, float, float, float, float]

SPACE_GAP = 0.2  # of the font size


@dataclass(slots=True)
class TextLine:
    """One printed line: its text and its box."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def glyphs_to_lines(glyphs: list[Glyph]) -> list[TextLine]:
    """The lines ``glyphs`` form, top to bottom."""
    if not glyphs:
        return []
    groups: list[list[Glyph]] = []
    bounds: list[list[float]] = []  # top, bottom of each group
    for g in sorted(glyphs, key=lambda g: (g[3], g[1])):
        top, bottom = g[3], g[4]
        h = bottom - top
        placed = False
        for i in range(len(groups) - 1, max(-1, len(groups) - 4), -1):
            b = bounds[i]
            overlap = min(b[1], bottom) - max(b[0], top)
            if overlap >= 0.5 * min(h, b[1] - b[0]) and overlap > 0:
                groups[i].append(g)
                b[0], b[1] = min(b[0], top), max(b[1], bottom)
                placed = True
                break
        if not placed:
            groups.append([g])
            bounds.append([top, bottom])
    out = [_line(gs) for gs in groups]
    out.sort(key=lambda ln: (ln.top, ln.x0))
    return out


def _wide(ch: str) -> bool:
    """CJK and full-width characters (which a printer spaces from Latin text on its own)."""
    return ord(ch[0]) >= 0x2E80


def _line(gs: list[Glyph]) -> TextLine:
    gs.sort(key=lambda g: g[1])
    kept: list[Glyph] = []
    for g in gs:
        if kept and g[0] == kept[-1][0] and abs(g[1] - kept[-1][1]) < 0.3 * g[5]:
            continue  # overprinted
        kept.append(g)
    gaps = [b[1] - a[2] for a, b in zip(kept, kept[1:], strict=False)]
    # A justified line spreads its slack over every gap: a space is a gap wider than the
    # line's usual one.
    usual = max(0.0, sorted(gaps)[len(gaps) // 2]) if gaps else 0.0
    parts: list[str] = [kept[0][0]]
    for prev, g, gap in zip(kept, kept[1:], gaps, strict=False):
        if (gap - usual > SPACE_GAP * max(g[5], prev[5]) and parts[-1] != " " and g[0] != " "
                and _wide(g[0]) == _wide(prev[0][-1])):
            parts.append(" ")
        parts.append(g[0])
    text = "".join(parts).strip()
    return TextLine(text, kept[0][1], max(g[2] for g in kept), min(g[3] for g in kept), max(g[4] for g in kept),
                    max(g[5] for g in kept))
