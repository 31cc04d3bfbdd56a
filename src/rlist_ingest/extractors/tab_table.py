"""TAB-separated table dumps, in either of two forms.

- One cell per line, each line starting with a TAB (a table copied out of a word
  processor). A non-TAB line continues the cell above it (cells may hold line breaks).
  Rows are read by counting cells against the header, so blank lines inside or between
  rows do not matter.
- One row per line, cells separated by TABs (a spreadsheet saved as tab-delimited text;
  quoting in :mod:`.tsv`). A row with fewer cells than the header has empty cells at the
  end.

A header repeated after a page break is skipped without ending the row group it
interrupts.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Cell, Row, raw_text, rows_to_table
from .base import Extractor
from .tsv import keeps_empty_ends, lines_to_raw_cells, one_row_per_line


@dataclass
class ReadTable:
    """A table as the reader collects it: kind, fields and decoded rows."""

    kind: str
    fields: list[str | None]
    rows: list[Row]


class TabTableExtractor(Extractor):
    """Reads one or more TAB-dumped tables of a section."""

    def lines_to_cells(self, lines, span):
        if one_row_per_line(lines):
            src = self.ctx.src
            if src.keeps_empty_ends is None:  # once per document: one writer wrote it all
                src.keeps_empty_ends = keeps_empty_ends(list(enumerate(src.lines, 1)))
            cells = [Cell(c.parts, c.lines, "", c.row)
                     for c in lines_to_raw_cells(lines, self.ctx.discard, src.keeps_empty_ends)]
        else:
            cells = []
            for n, line in lines:
                line = line.lstrip(" \u3000\xa0") if line.lstrip(" \u3000\xa0").startswith("\t") else line
                if line.startswith("\t"):
                    for piece in line.split("\t")[1:]:
                        cells.append(Cell([piece], [n]))
                elif not line.strip():
                    continue
                elif cells:
                    cells[-1].parts.append(line)
                    cells[-1].lines.append(n)
                else:
                    self.ctx.discard(n, "text before the table's first cell")
        # A plain attribute, not a cached_property: read many times, and the first read of
        # a cached_property (Python code taking a lock) cost 3% of ingest.
        for c in cells:
            c.raw = raw_text(c.parts)
        return cells

    def _header_at(self, cells: list[Cell], i: int) -> tuple[str, list[str | None], int] | None:
        """The header of cell-per-line form starting at ``i``: its table kind, fields and
        width in cells.

        First the header block, if its cells are one per line with no blank line between
        them, a blank line after, and each one a name or a label-like cell: a header may
        name columns the grammar does not know (办理时限, 监督电话); their cells go to the
        residue. Otherwise the longest run of known header names that forms a header."""
        if not self.g.is_header_name(cells[i].raw):
            return None
        k = i + 1
        # An empty header cell is a merged header's second column (实施层级及权限) or a column
        # the header leaves unnamed; the blank line after the block says where it ends.
        while k < len(cells) and cells[k].first == cells[k - 1].last + 1 and (
                _label_like(self.g, cells[k].raw) or not cells[k].raw):
            k += 1
        ends_block = k == len(cells) or cells[k].first > cells[k - 1].last + 1
        if ends_block and k - i >= 2 and (hit := self.g.header_fields([c.raw for c in cells[i:k]])):
            return hit[0], hit[1], k - i
        j = i + 1
        while j < len(cells) and self.g.is_header_name(cells[j].raw):
            j += 1
        for end in range(j, i + 1, -1):
            hit = self.g.header_fields([c.raw for c in cells[i:end]])
            if hit:
                return hit[0], hit[1], end - i
        return None

    def cells_to_rows(self, cells, span):
        tables: list[ReadTable] = []
        i, table = 0, None
        while i < len(cells):
            # One row per line: the row's cells, without the empty ones at its end.
            line_row = cells[i].row >= 0
            end = i + 1
            while line_row and end < len(cells) and cells[end].row == cells[i].row:
                end += 1
            filled = end
            while line_row and filled > i + 1 and not cells[filled - 1].raw:
                filled -= 1
            if line_row:  # a row is a header as a whole (unknown names included) or not at all
                hit = self.g.header_fields([c.raw for c in cells[i:filled]]) if filled - i >= 2 else None
                head = hit and (hit[0], hit[1], filled - i)
            else:
                head = self._header_at(cells, i)
            if head:
                kind, fields, width = head
                if table is not None and table.kind == kind and table.fields == fields \
                        and not self.starts_table(cells[i]):
                    for c in cells[i:i + width]:
                        for n in c.lines:
                            self.ctx.discard(n, "repeated column header")
                else:
                    table = ReadTable(kind, fields, [])
                    tables.append(table)
                    self.ctx.header(sorted({n for c in cells[i:i + width] for n in c.lines}), fields)
                i = end if line_row else i + width
                continue
            if table is None:
                for c in cells[i:end if line_row else i + 1]:
                    for n in c.lines:
                        self.ctx.discard(n, "cell before any column header")
                i = end if line_row else i + 1
                continue
            width = len(table.fields)
            if line_row:
                chunk = cells[i:min(end, i + width)]
                chunk += [Cell([""], [chunk[-1].lines[-1]], "", chunk[-1].row) for _ in range(width - len(chunk))]
                for c in cells[i + width:end]:
                    if c.raw:
                        self._drop(c, "cell of a column the header does not name")
                table.rows.append(self._row(table, chunk))
                i = end
                continue
            chunk = cells[i:i + width]
            if len(chunk) < width and any(c.raw for c in chunk):
                for c in chunk:
                    for n in c.lines:
                        self.ctx.discard(n, f"incomplete row: {len(chunk)} of {width} cells")
            elif len(chunk) == width:
                table.rows.append(self._row(table, chunk))
            i += width
        return tables

    def starts_table(self, cell: Cell) -> bool:
        """True if ``cell`` opens a table of its own although its header repeats the one
        before (a model's next table: a workbook's next sheet). In a dump a repeated header
        is a page's."""
        return False

    def _drop(self, c: Cell, reason: str) -> None:
        if c.row >= 0:  # its line holds the row's other cells
            self.ctx.drop_cell(c.lines[0], c.raw, reason)
        else:
            for n in c.lines:
                self.ctx.discard(n, reason)

    def _row(self, table: ReadTable, chunk: list[Cell]) -> Row:
        row = Row({}, [])
        for f, c in zip(table.fields, chunk, strict=True):
            if f and f not in row.cells:
                row.cells[f] = c
            elif f and c.raw and not row.cells[f].raw:  # a header naming a column twice: the filled one
                row.cells[f] = c
            elif c.raw:
                self._drop(c, f"cell of a second column the header names {f}" if f else
                           "cell of a column the header does not name")
        # One row per line: its cells share lines.
        row.lines = sorted({n for c in chunk for n in c.lines}) if chunk[0].row >= 0 else \
            [n for c in chunk for n in c.lines]
        return row

    def rows_to_tables(self, tables, span):
        return [rows_to_table(t.kind, t.fields, t.rows, self.g.tables[t.kind].merged) for t in tables]


def _label_like(g, text: str) -> bool:
    """A column header name, known or not: short, without digits or sentence punctuation."""
    return g.is_header_name(text) or (0 < len(text) <= 8 and not any(ch.isdigit() for ch in text)
                                      and not g.re_sentence_end.search(text) and not set(text) & _PUNCT)


_PUNCT = set("，,；;：:。、")
