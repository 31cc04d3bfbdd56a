"""Tables of the document model (Word, Excel, HTML, CSV), read as the tab-table reader
reads one-row-per-line dumps, but from the model's cells rather than from split text:
a cell keeps its own lines (so a line break inside a cell is joined as a wrapped cell's
lines are) and a merged cell's text stands once, in its first row and column, exactly
as in the rendered text. A paragraph line inside a table section (a note under a table)
is no cell: it goes to the residue."""

from __future__ import annotations

from ..model import raw_text
from .tab_table import Cell, TabTableExtractor


class ModelTableExtractor(TabTableExtractor):
    def lines_to_cells(self, lines, span):
        rows = self.ctx.rendering.rows
        cells: list[Cell] = []
        for r, (n, _) in enumerate(lines):
            row = rows[n - 1]
            if row.cells is None:
                if self.ctx.src.line(n).strip():
                    self.ctx.discard(n, "paragraph inside a table section")
                continue
            for cell, text in row.cells:
                parts = [p for p in cell.parts if p.strip()] if cell is not None and text else [""]
                cells.append(Cell(parts or [""], [n], raw_text(parts or [""]), r))
        return cells

    def starts_table(self, cell: Cell) -> bool:
        rows = self.ctx.rendering.rows
        n = cell.lines[0]
        return n >= 2 and rows[n - 1].block != rows[n - 2].block
