"""A sheet of cells (spreadsheet, CSV) to blocks: title and prose rows become paragraphs,
runs of rows with several filled cells become tables with their merges as spans.

A row with two or more filled cells is a table row. A row with one filled cell is a table
row when it follows a table row and the cell is not in the first column (an item whose
merged 序号/主要职责 is above it) or is short (a 序号 alone); otherwise, and always when
the cell is merged across the sheet's width, it is a paragraph (titles above the table,
headings between tables, the regimes' prose).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Block, Cell, Paragraph, Table


@dataclass(slots=True)
class Anchor:
    """A filled cell of a sheet: 0-based row and column, its span and its lines."""

    r: int
    c: int
    rows: int
    cols: int
    lines: list[str]


def in_hidden_columns(c: int, width: int, hidden: set[int]) -> bool:
    """True if a cell at column ``c`` spanning ``width`` columns lies in hidden columns only.
    A hidden column is left out, as a hidden sheet is (a list may hide a stale copy of its
    trailing columns); a cell merged on into shown columns shows (a title over the sheet)."""
    return c in hidden and all(k in hidden for k in range(c, c + width))


def hidden_columns_note(title: str, hidden: set[int], used: set[int]) -> str | None:
    """The reader's note on a sheet's hidden columns that hold cells, or None."""
    n = len(hidden & used)
    return f"sheet {title}: {n} hidden column(s) left out, their cells in the residue" if n else None


def sheet_to_blocks(anchors: list[Anchor], where: Callable[[int, int], str],
                    span_of: Callable[[int, int, int, int], str]) -> list[Block]:
    """Blocks of one sheet. ``where(r, c)`` names a cell (``Sheet1!C7``); ``span_of(r0, c0,
    r1, c1)`` names a range (both inclusive)."""
    by_row: dict[int, list[Anchor]] = {}
    for a in anchors:
        if any(ln.strip() for ln in a.lines):
            by_row.setdefault(a.r, []).append(a)
    if not by_row:
        return []
    first_col = min(a.c for a in anchors)
    full = max(2, max(a.c + a.cols for a in anchors) - first_col)
    rows = sorted(by_row)
    kinds: dict[int, str] = {}
    prev = "para"
    for r in rows:
        cells = by_row[r]
        if len(cells) >= 2:
            kinds[r] = "row"
        else:
            a = cells[0]
            spans_all = a.c == first_col and a.cols >= full
            in_table = prev == "row" and (a.c > first_col or len("".join(a.lines).strip()) <= 4)
            kinds[r] = "row" if in_table and not spans_all else "para"
        prev = kinds[r]
    blocks: list[Block] = []
    run: list[int] = []

    def flush():
        if not run:
            return
        r_lo, r_hi = run[0], run[-1]
        cells, origins = [], []
        members = [a for r in run for a in by_row[r]]
        c_lo = min(a.c for a in members)
        width = max(a.c + a.cols for a in members) - c_lo
        index = {r: i for i, r in enumerate(range(r_lo, r_hi + 1))}
        for a in members:
            r1 = min(a.r + a.rows, r_hi + 1)
            cells.append(Cell(a.lines, r0=index[a.r], r1=index[a.r] + (r1 - a.r), c0=a.c - c_lo,
                              c1=a.c - c_lo + a.cols, origin=where(a.r, a.c) if a.rows == a.cols == 1 else
                              span_of(a.r, a.c, a.r + a.rows - 1, a.c + a.cols - 1)))
        for r in range(r_lo, r_hi + 1):
            origins.append(span_of(r, c_lo, r, c_lo + width - 1))
        blocks.append(Table(r_hi - r_lo + 1, width, cells, span_of(r_lo, c_lo, r_hi, c_lo + width - 1), origins))
        run.clear()

    for r in rows:
        if kinds[r] == "row":
            if run and r != run[-1] + 1 and any(kinds.get(x) == "para" for x in range(run[-1] + 1, r)):
                flush()
            run.append(r)
        else:
            flush()
            a = by_row[r][0]
            blocks.append(Paragraph(a.lines, where(a.r, a.c) if a.rows == a.cols == 1 else
                                    span_of(a.r, a.c, a.r + a.rows - 1, a.c + a.cols - 1)))
    flush()
    return blocks


def col_letters(c: int) -> str:
    """0-based column index to its spreadsheet letters (0 -> A, 26 -> AA)."""
    out = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        out = chr(65 + rem) + out
    return out


def number_text(v: float) -> str:
    """A number cell as text: integral floats without their ``.0`` (序号 1.0 -> 1)."""
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)
