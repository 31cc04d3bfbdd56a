"""Tables handed to record assembly, and the rows the assemblers walk.

A reader hands over a :class:`rlist_ingest.model.Table` whose columns carry canonical
fields and whose merged cells are spans. :func:`rows_to_table` builds one from rows a
reader decoded (merged columns spanning each group); :func:`table_to_rows` gives the
assemblers each row as a field -> cell map, a merged cell in its first row only."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Cell, Table
from .context import Context

__all__ = ["Cell", "Row", "rows_to_table", "table_to_rows", "txt"]


@dataclass
class Row:
    cells: dict[str, Cell]
    lines: list[int] = field(default_factory=list)

    def get(self, f: str) -> Cell | None:
        return self.cells.get(f)

    @property
    def first(self) -> int:
        return min(self.lines)

    @property
    def last(self) -> int:
        return max(self.lines)



def rows_to_table(kind: str, fields: list[str | None], rows: list[Row], merged: list[str]) -> Table:
    """A table of ``rows`` (cells keyed by field). A cell of a ``merged`` column spans the
    rows below it up to the next row that has a cell in any merged column: a group's 序号
    and 主要职责 over its items, as a merged cell is printed once per group."""
    col = {f: k for k, f in reversed(list(enumerate(fields))) if f}
    cells: list[Cell] = []
    open_cells: list[Cell] = []
    for r, row in enumerate(rows):
        starts = any(_filled(row.cells[f]) for f in merged if f in row.cells)
        if starts:
            open_cells = []
        for f, c in row.cells.items():
            if not starts and f in merged and open_cells and not _filled(c):
                continue  # under the group's merged cell (its line stays in the row's lines)
            c.r0, c.r1 = r, r + 1
            c.c0 = col.get(f, 0)
            c.c1 = c.c0 + 1
            cells.append(c)
            if f in merged and _filled(c):
                open_cells.append(c)
        if not starts:
            for c in open_cells:
                c.r1 = r + 1
    return Table(len(rows), len(fields), cells, kind=kind, fields=list(fields), row_lines=[r.lines for r in rows])


def _filled(c: Cell) -> bool:
    return bool(c.raw) or any(p.strip() for p in c.parts)


def table_to_rows(t: Table) -> list[Row]:
    """Each row of a handed-over table as a field -> cell map; a merged cell is in its
    first row only; cells of unnamed columns are left out (their readers sent them to
    the residue)."""
    rows = [Row({}, lines) for lines in t.row_lines]
    for c in t.cells:
        f = t.fields[c.c0] if c.c0 < len(t.fields) else None
        if f and f not in rows[c.r0].cells:
            rows[c.r0].cells[f] = c
    return rows


def txt(ctx: Context, row: Row, f: str) -> str | None:
    """The joined, cleaned text of a row's cell for field ``f`` (its lines marked used), or None."""
    c = row.get(f)
    if c is None:
        return None
    t = ctx.text(c.parts)
    if t:
        ctx.use(*c.lines)
    return t or None
