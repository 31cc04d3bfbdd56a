"""Page furniture: running headers and footers and page numbers, left out of the text.

A line is furniture when it sits in the page's top or bottom tenth apart from the body
(nothing else within two of its line heights on that side) and either reads as a page
number (``3``, ``- 3 -``, ``第3页``, ``3/12``, ``第 3 页 共 12 页``, ``Page 3 of 12``) or
recurs: the same text, digits aside, at the same height on at least two pages and at
least a third of them. Body text that happens to end two pages at the same height is not
apart from the lines above it, so it stays.
"""

from __future__ import annotations

import regex

from .lines import TextLine
from .pages import PageContent

_PAGE_NO = regex.compile(r"^[\s\-—–·.]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*[,，]?\s*共\s*\d{1,4}\s*页)?"
                         r"[\s\-—–·.]*$|^\s*page\s+\d{1,4}(?:\s+of\s+\d{1,4})?\s*$", regex.I)
ZONE = 0.1  # of the page height
APART = 2.0  # line heights
SAME_Y = 3.0  # points


def _key(text: str) -> str:
    return regex.sub(r"\d+", "#", "".join(text.split()))


def page_furniture(contents: list[PageContent]) -> list[tuple[int, TextLine]]:
    """(page, line) of every furniture line."""
    candidates: list[tuple[PageContent, TextLine, str]] = []
    for c in contents:
        body_tops = [t.bbox[1] for t in c.tables] + [ln.top for ln in c.lines]
        body_bottoms = [t.bbox[3] for t in c.tables] + [ln.bottom for ln in c.lines]
        for ln in c.lines:
            h = max(ln.bottom - ln.top, 1.0)
            if ln.bottom <= ZONE * c.height:
                below = [t for t in body_tops if t > ln.bottom - 0.5]
                if all(t - ln.bottom >= APART * h for t in below if t != ln.top):
                    candidates.append((c, ln, "top"))
            elif ln.top >= (1 - ZONE) * c.height:
                above = [b for b in body_bottoms if b < ln.top + 0.5]
                if all(ln.top - b >= APART * h for b in above if b != ln.bottom):
                    candidates.append((c, ln, "bottom"))
    seen: dict[tuple[str, str], set[int]] = {}
    for c, ln, side in candidates:
        seen.setdefault((side, _key(ln.text)), set()).add(c.number)
    need = max(2, -(-len(contents) // 3))
    out = []
    for c, ln, side in candidates:
        pages = seen[(side, _key(ln.text))]
        recurs = len(pages) >= need and _same_height(candidates, side, _key(ln.text), ln)
        if _PAGE_NO.match(ln.text) or recurs:
            out.append((c.number, ln))
    return out


def _same_height(candidates, side: str, key: str, ln: TextLine) -> bool:
    hits = [x for c, x, s in candidates if s == side and _key(x.text) == key and abs(x.top - ln.top) <= SAME_Y]
    return len(hits) >= 2
