"""Tables across page breaks: ``new_chain`` starts a table, ``continues`` says whether a
page's first table goes on the previous page's last one, and ``extend`` joins it (the
reader's ``chain_to_table`` then makes the joined pieces one model table).

No table library does this (pdfplumber #922, #142, #232 leave it to the caller). A table
at the top of a page continues the table that ends the previous page when its first row
repeats that table's header (the repeated header is then not a row) or its column edges
match. Where the pieces meet, a cell of the new piece continues the cell above the break:

- when the printer leaves cut cells open (Chromium draws no rule under a cell the break
  cuts), if the cell above is open; a printer does so throughout a document or not at
  all, so this is decided once per document (``leaves_cuts_open``). A row open in every
  cell is one row over the break. A row whose first cell has text on both sides starts
  anew (and text a merged cell spilt into it goes back: ``pull_back_spill``); without a
  repeated header, a rule over the new piece's first row says the same;
- otherwise (LibreOffice and Word close every piece with a rule): a merged cell goes on
  while its group does (the first column empty below the break), and in a group column
  the text below is the rest of it; a one-row cell goes on when its last line reaches the
  column's text edge and the text says it runs on (``.cuts.text_goes_on``), and when all
  the row's cells with text below do, the row itself was cut.

A cut row's pieces are one row; when only merged cells continue, the new piece's rows
join their span.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ...textnorm import squash
from .cuts import opening, text_goes_on
from .lines import TextLine
from .pages import PCell, PTable

COL_TOL = 2.0  # points: column edges this close are the same edge
WRAP_SLACK = 0.6  # of the font size: a last line this close to the text edge is full
# A line cut by a page break may end a character or two short: line breaking keeps a
# character with the punctuation after it (问题，) and moves both to the next page.
CUT_SLACK = 2.2


@dataclass
class Chain:
    """A table printed over one or more pages: its cells on absolute rows."""

    tables: list[PTable]
    n_rows: int
    n_cols: int
    cells: list[PCell]
    header: list[str]
    # For each absolute row, the (page, bbox) pieces it was printed in.
    row_pieces: list[list[tuple[int, tuple[float, float, float, float]]]] = field(default_factory=list)

    @property
    def xs(self) -> list[float]:
        return self.tables[0].xs


def _row_texts(t: PTable, r: int) -> list[str]:
    g = t.grid()
    out = []
    for k in range(t.n_cols):
        c = g.get((r, k))
        out.append(squash("".join(ln.text for ln in c.lines)) if c is not None and c.r0 == r and c.c0 == k else "")
    return out


def _same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs((x - a[0]) - (y - b[0])) <= COL_TOL for x, y in zip(a, b, strict=True))


def continues(chain: Chain, t: PTable) -> bool:
    """Whether ``t``, first on its page, continues ``chain``, last on the page before."""
    if t.page != chain.tables[-1].page + 1:
        return False
    if any(chain.header) and _row_texts(t, 0) == chain.header and t.n_cols == chain.n_cols:
        return True
    return _same_columns(chain.xs, t.xs)


def leaves_cuts_open(pages_tables: list[list[PTable]]) -> bool:
    """Whether this document's printer leaves a cut table open at a page break: some table
    that ends a page has a last-row cell no rule closes, and the next page starts with a
    table."""
    for i, tables in enumerate(pages_tables[:-1]):
        if tables and pages_tables[i + 1]:
            last = tables[-1]
            if any(c.open_bottom for c in last.cells if c.r1 == last.n_rows):
                return True
    return False


def _text_edges(chain: Chain) -> dict[int, float]:
    """Per column, the right end of its wrapped lines: where a full line ends."""
    edge: dict[int, float] = {}
    for c in chain.cells:
        if c.c1 - c.c0 != 1 or len(c.lines) < 2:
            continue
        for ln in c.lines[:-1]:
            if len(ln.text) >= 3:
                edge[c.c0] = max(edge.get(c.c0, 0.0), ln.x1)
    return edge


def _full(c: PCell, edges: dict[int, float], slack: float = WRAP_SLACK) -> bool:
    """Whether the cell's last line ends at its column's text edge (within ``slack`` of
    the font size)."""
    if not c.lines or c.c1 - c.c0 != 1 or c.c0 not in edges:
        return False
    last: TextLine = c.lines[-1]
    return last.x1 >= edges[c.c0] - slack * last.size


def new_chain(t: PTable) -> Chain:
    ch = Chain([t], t.n_rows, t.n_cols, list(t.cells), _row_texts(t, 0))
    ch.row_pieces = [[(t.page, (t.xs[0], t.ys[r], t.xs[-1], t.ys[r + 1]))] for r in range(t.n_rows)]
    return ch


def column_openings(pages_tables: list[list[PTable]]) -> dict[tuple[int, int], Counter]:
    """How the cells of each column open (their first characters), over the document's
    tables, by (table width, column); the first rows of a page (a header, a piece of a
    cut cell) are left out."""
    out: dict[tuple[int, int], Counter] = {}
    for tables in pages_tables:
        for t in tables:
            for c in t.cells:
                if c.r0 >= 2 and c.lines and c.c1 - c.c0 == 1:
                    out.setdefault((t.n_cols, c.c0), Counter())[opening(c.lines[0].text)] += 1
    return out


def pull_back_spill(pairs: list[tuple[PCell, PCell]]) -> None:
    """Text of a cut cell that the printer let spill over the page break into the first
    row below (Chromium paints a merged cell's overflow there): lines at the top of the
    cell below, starting at or above its top and set apart from its own text by a gap
    wider than their line spacing, go back to the open cell above."""
    for a, b in pairs:
        if not a.open_bottom or len(b.lines) < 2 or b.lines[0].top > b.bbox[1] + 0.5 * b.lines[0].size:
            continue
        gaps = [y.top - x.top for x, y in zip(b.lines, b.lines[1:], strict=False)]
        pitch = min(gaps)
        k = next((i + 1 for i, g in enumerate(gaps) if g > 1.5 * pitch), None)
        if k is not None:
            a.lines = a.lines + b.lines[:k]
            b.lines = b.lines[k:]


def break_lines(pages_tables: list[list[PTable]]) -> list[tuple[str, str]]:
    """(last line above, first line below) of the one-row cells that meet at each page
    break between a page's last table and the next page's first, where the cell above
    ends in a full line: the evidence :func:`.cuts.splits_rows` weighs."""
    out = []
    for tables, nxt in zip(pages_tables, pages_tables[1:], strict=False):
        if not tables or not nxt or tables[-1].n_cols != nxt[0].n_cols:
            continue
        a_t, b_t = tables[-1], nxt[0]
        ch = new_chain(a_t)
        edges = _text_edges(ch)
        first = 1 if any(ch.header) and _row_texts(b_t, 0) == ch.header else 0
        below = {(c.c0, c.c1): c for c in b_t.cells if c.r0 == first and c.r1 == first + 1 and c.lines}
        for c in a_t.cells:
            b = below.get((c.c0, c.c1))
            if b is not None and c.c0 > 0 and c.r1 == a_t.n_rows and c.r1 - c.r0 == 1 and _full(c, edges, CUT_SLACK):
                out.append((c.lines[-1].text, b.lines[0].text))
    return out


def extend(chain: Chain, t: PTable, open_cuts: bool, openings: dict[tuple[int, int], Counter] | None = None,
           splits: bool = True) -> None:
    """Join ``t`` to the end of ``chain`` (``continues`` said it goes on)."""
    openings = openings or {}

    def text_on(a: PCell, b: PCell) -> bool:
        return text_goes_on(a.lines[-1].text, b.lines[0].text, openings.get((chain.n_cols, a.c0), Counter()),
                            splits)

    first = 0
    if any(chain.header) and _row_texts(t, 0) == chain.header:
        first = 1  # the repeated header is not a row
    cells = []
    for c in t.cells:
        if c.r1 <= first:
            continue
        c.r0 = max(c.r0, first) - first
        c.r1 -= first
        cells.append(c)
    rows = t.n_rows - first
    if rows <= 0:
        chain.tables.append(t)
        return
    last = chain.n_rows - 1
    above = {}
    for c in chain.cells:
        if c.r0 <= last < c.r1:
            above[(c.c0, c.c1)] = c
    below = {(c.c0, c.c1): c for c in cells if c.r0 == 0}
    edges = _text_edges(chain)
    pairs = [(above[k], below[k]) for k in below if k in above]

    # Whether the row group above goes on below the break: its first cell (the group's
    # key, a 序号) has text above and nothing below.
    key_a, key_b = above.get((0, 1)), below.get((0, 1))
    group_goes_on = key_a is not None and key_b is not None and key_b.empty and not key_a.empty

    # Group columns: those with a merged cell (序号, 主要职责 over their items). While the
    # group goes on, text below the break in a group column is the rest of its cell.
    group_cols = {c.c0 for c in chain.cells if c.r1 - c.r0 > 1 and c.c1 - c.c0 == 1}

    # A row starts anew below the break when its first cell has text on both sides, or,
    # with no header repeated, when a rule closes it at the top.
    new_row = key_a is not None and key_b is not None and not key_a.empty and not key_b.empty
    if open_cuts and new_row:
        pull_back_spill(pairs)

    def goes_on(a: PCell, b: PCell) -> bool:
        if open_cuts:
            return a.open_bottom and not new_row and (first == 1 or b.open_top)
        if b.empty:
            return a.r1 - a.r0 > 1
        if not group_goes_on or a.c0 == 0:
            return False
        if a.c0 in group_cols:
            return True
        # A one-row cell may be the last piece of a merged cell, or a cell that ended
        # with a full line: the text decides.
        return _full(a, edges) and text_on(a, b)

    going = [(a, b) for a, b in pairs if goes_on(a, b)]
    last_row = [c for c in above.values()]
    if open_cuts:
        # A cut row is open in every cell; open cells beside closed ones are merged cells
        # whose span goes on over the break.
        cut_row = bool(last_row) and all(c.open_bottom for c in last_row) and not new_row \
            and (first == 1 or all(b.open_top for _, b in pairs))
    else:
        # A cut row goes on in every column the new piece has text in (one of them ends at
        # the column's edge, the others at most a character or two short), and the text of
        # its one-row cells shows it runs on (:func:`.cuts.text_goes_on`).
        one_row = [(a, b) for a, b in pairs if a.r0 == last and a.r1 == last + 1 and b.r1 == 1 and not b.empty
                   and a.c0 not in group_cols]
        cut_row = bool(one_row) and all(_full(a, edges, CUT_SLACK) and text_on(a, b) for a, b in one_row)
    if cut_row:
        going = pairs
        offset = last
    else:
        offset = last + 1
    joined = {id(b): a for a, b in going}
    for c in cells:
        a = joined.get(id(c))
        if a is not None:
            a.lines = a.lines + c.lines
            a.r1 = max(a.r1, offset + c.r1)
            a.pieces = a.pieces + c.pieces
            a.open_bottom = c.open_bottom
            continue
        c.r0 += offset
        c.r1 += offset
        chain.cells.append(c)
    for r in range(rows):
        piece = (t.page, (t.xs[0], t.ys[r + first], t.xs[-1], t.ys[r + first + 1]))
        if offset + r < len(chain.row_pieces):
            chain.row_pieces[offset + r].append(piece)
        else:
            chain.row_pieces.append([piece])
    chain.n_rows = offset + rows
    chain.tables.append(t)
