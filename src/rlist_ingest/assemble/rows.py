"""The rows the assemblers walk: :func:`table_to_rows` gives each row of a handed-over
:class:`rlist_ingest.model.Table` as a field -> cell map, a merged cell in its first row
only (readers build the tables with :func:`rlist_ingest.model.rows_to_table`)."""

from __future__ import annotations

from ..model import Cell, Row, Table, rows_to_table
from .context import Context

__all__ = ["Cell", "Row", "rows_to_table", "table_to_rows", "txt"]


def table_to_rows(t: Table) -> list[Row]:
    """Each row of a handed-over table as a field -> cell map; a merged cell is in its
    first row only; cells of unnamed columns are left out (their readers sent them to
    the residue)."""
    if t.rows is not None:
        return t.rows
    rows = [Row({}, lines) for lines in t.row_lines]
    for c in t.cells:
        f = t.fields[c.c0] if c.c0 < len(t.fields) else None
        if f and f not in rows[c.r0].cells:
            rows[c.r0].cells[f] = c
    return rows


def txt(ctx: Context, row: Row, f: str) -> str | None:
    """The joined, cleaned text of a row's cell for field ``f`` (its lines marked used), or None."""
    c = row.cells.get(f)
    if c is None:
        return None
    t = ctx.text(c.parts)
    if t:
        ctx.use(*c.lines)
    return t or None
