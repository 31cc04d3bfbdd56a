"""The pieces of space-columned PDF text, shared by the duty-table reader
(:mod:`.pdf_columns`) and the boundary and service readers (:mod:`.pdf_tables`): lines
split into pieces (:func:`tokenize`, with page-break tokens) and the column widths
measured from them (:class:`Widths`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .base import parse_seq

PB = "\f"  # page-break token text


@dataclass
class Tok:
    n: int
    text: str
    lead: int = 0  # leading spaces when the token starts its line

    @property
    def eff(self) -> float:
        """Width in characters, counting an indented first line's indent."""
        return len(self.text) + self.lead / 2



def is_seq(t: Tok) -> bool:
    """A 序号 piece: a short number, not a page break."""
    return t.text != PB and len(t.text) <= 3 and parse_seq(t.text) is not None


@dataclass
class Widths:
    item: int
    main: int
    office: int

    @classmethod
    def measure(cls, toks: list[Tok], office_suffixes: list[str] = ()) -> Widths:
        """Column widths from the piece lengths: items are the widest common pieces, 主要职责
        lines the commonest middle width, and the office column the commonest width of a
        wrapped office fragment (a piece that completes an office name with the next one)."""
        toks = [t for t in toks if t.text != PB]
        lens = Counter(len(t.text) for t in toks)
        if not lens:
            return cls(24, 13, 6)
        top = max(lens)
        item = max((n for n in lens if n >= 0.75 * top), key=lambda n: (lens[n], n))
        main_c = {n: c for n, c in lens.items() if item / 3 <= n <= item * 2 / 3}
        main = max(main_c, key=lambda n: (main_c[n], n)) if main_c else item // 2

        def ends(s):
            return any(s.endswith(x) for x in office_suffixes)

        per_line = Counter(t.n for t in toks)
        seen = Counter(t.text for t in toks)  # office fragments repeat from row to row
        frags = Counter(len(a.text) for a, b in zip(toks, toks[1:], strict=False)
                        if 3 <= len(a.text) <= main * 0.7 and seen[a.text] >= 2 and per_line[a.n] == 1 and per_line[b.n] == 1
                        and not ends(a.text) and len(b.text) <= len(a.text)
                        and ends(a.text + b.text) and not ends(b.text[:-1] or "x"))
        if not frags:
            frags = Counter({n: c for n, c in lens.items() if 3 <= n <= main / 2 + 1})
        office = max(frags, key=lambda n: (frags[n], n)) if frags else max(3, main // 2)
        return cls(item, main, office)


def tokenize(lines: list[tuple[int, str]], page_breaks: set[int]) -> list[Tok]:
    """Split lines into column pieces; emit a PB token at each page break."""
    toks: list[Tok] = []
    empties = 0
    for n, line in lines:
        if n in page_breaks:
            toks.append(Tok(n, PB))
        if not line:
            empties += 1
            continue
        if not line.strip():
            if empties >= 2:
                toks.append(Tok(n, PB))
            empties = 0
            continue
        empties = 0
        lead = len(line) - len(line.lstrip(" "))
        for k, piece in enumerate(line.split()):
            toks.append(Tok(n, piece, lead if k == 0 else 0))
    return toks
