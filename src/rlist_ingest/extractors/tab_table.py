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

from dataclasses import dataclass, field

from ..records import WORK_ITEMS, Boundary, BoundaryParty, Responsibility, Service
from .base import Context, Extractor, LineSpan, SectionResult, parse_seq
from .tsv import lines_to_raw_cells, one_row_per_line


@dataclass(slots=True)
class Cell(LineSpan):
    parts: list[str]
    lines: list[int]
    raw: str = ""  # the parts stripped and joined; set once lines_to_cells has all parts
    row: int = -1  # one-row-per-line form: the index of the row the cell is in


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


@dataclass
class Table:
    kind: str
    fields: list[str | None]
    rows: list[Row]


class TabTableExtractor(Extractor):
    """Reads one or more TAB-dumped tables of a section."""

    def lines_to_cells(self, lines, span):
        if one_row_per_line(lines):
            cells = [Cell(c.parts, c.lines, "", c.row) for c in lines_to_raw_cells(lines, self.ctx.discard)]
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
            c.raw = c.parts[0].strip() if len(c.parts) == 1 else "".join([p.strip() for p in c.parts])
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
        while k < len(cells) and cells[k].first == cells[k - 1].last + 1 and _label_like(self.g, cells[k].raw):
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
        tables: list[Table] = []
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
                if table is not None and table.kind == kind and table.fields == fields:
                    for c in cells[i:i + width]:
                        for n in c.lines:
                            self.ctx.discard(n, "repeated column header")
                else:
                    table = Table(kind, fields, [])
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

    def _drop(self, c: Cell, reason: str) -> None:
        if c.row >= 0:  # its line holds the row's other cells
            self.ctx.drop_cell(c.lines[0], c.raw, reason)
        else:
            for n in c.lines:
                self.ctx.discard(n, reason)

    def _row(self, table: Table, chunk: list[Cell]) -> Row:
        row = Row({}, [])
        for f, c in zip(table.fields, chunk, strict=True):
            if f and f not in row.cells:
                row.cells[f] = c
            elif c.raw:  # a column the header does not name, or names twice
                self._drop(c, "cell of a column the header does not name")
        # One row per line: its cells share lines.
        row.lines = sorted({n for c in chunk for n in c.lines}) if chunk[0].row >= 0 else \
            [n for c in chunk for n in c.lines]
        return row

    def rows_to_records(self, tables, span):
        out = SectionResult()
        for t in tables:
            table_records(self.ctx, t.kind, t.rows, out)
        return out


def table_records(ctx: Context, kind: str, rows: list[Row], out: SectionResult) -> None:
    """Add the records of a table's rows to ``out``, by table kind (also used by the
    columns-in-place PDF reader)."""
    if kind == "duties":
        out.responsibilities.extend(rows_to_responsibilities(ctx, rows))
    elif kind == "boundaries":
        out.boundaries.extend(rows_to_boundaries(ctx, rows))
    else:
        out.services.extend(rows_to_services(ctx, rows))


def _label_like(g, text: str) -> bool:
    """A column header name, known or not: short, without digits or sentence punctuation."""
    return g.is_header_name(text) or (0 < len(text) <= 8 and not any(ch.isdigit() for ch in text)
                                      and not g.re_sentence_end.search(text) and not set(text) & _PUNCT)


_PUNCT = set("，,；;：:。、")


def _txt(ctx: Context, row: Row, f: str) -> str | None:
    c = row.get(f)
    if c is None:
        return None
    t = ctx.text(c.parts)
    if t:
        ctx.use(*c.lines)
    return t or None


def rows_to_responsibilities(ctx: Context, rows: list[Row]) -> list[Responsibility]:
    """Duty-table rows to responsibilities. A row with a 序号 or 主要职责 opens a
    responsibility unless it repeats the open one (a row group cut by a page break)."""
    out: list[Responsibility] = []
    items: dict[int, list[dict]] = {}  # id(responsibility) -> its work items, validated at the end
    for row in rows:
        seq_cell = row.get("seq")
        seq = parse_seq(seq_cell.raw) if seq_cell else None
        duty = _txt(ctx, row, "duty")
        cur = out[-1] if out else None
        starts = seq is not None or duty is not None
        if starts and not (cur and (seq is None or seq == cur.seq) and (duty is None or duty == cur.text)):
            cur = Responsibility(seq=seq, text=duty or "", provenance=ctx.prov(row.first, row.last)) \
                if duty else None
            if cur is None:
                ctx.reject(row.lines, "numbered row without a 主要职责 text")
                continue
            out.append(cur)
        if cur is None:
            ctx.reject(row.lines, "work item before the first responsibility")
            continue
        if seq_cell and seq is not None:
            ctx.use(*seq_cell.lines)
        item = _txt(ctx, row, "item")
        if item:
            items.setdefault(id(cur), []).append({"text": item, "office": _txt(ctx, row, "office"),
                                                  "remark": _txt(ctx, row, "remark"),
                                                  "provenance": ctx.prov(row.first, row.last)})
        cur.provenance = ctx.prov(cur.provenance.line_first, row.last)
    for r in out:
        if id(r) in items:  # one validation call per responsibility (records.WORK_ITEMS)
            r.items = WORK_ITEMS.validate_python(items[id(r)])
    return out


def rows_to_boundaries(ctx: Context, rows: list[Row]) -> list[Boundary]:
    """Boundary rows: a numbered row opens a boundary; every row with a department adds a
    party. The schema has one basis and case per boundary: per-row 相关依据 cells are joined
    with a newline, per-row 案例 cells are joined as one wrapped text."""
    out: list[Boundary] = []
    cases: list[list[str]] = []
    for row in rows:
        seq_cell = row.get("seq")
        seq = parse_seq(seq_cell.raw) if seq_cell else None
        matter = _txt(ctx, row, "matter")
        if seq is not None or matter is not None or not out:
            if seq_cell and seq is not None:
                ctx.use(*seq_cell.lines)
            out.append(Boundary(seq=seq, matter=matter, provenance=ctx.prov(row.first, row.last)))
            cases.append([])
        b = out[-1]
        dept = _txt(ctx, row, "department")
        basis = _txt(ctx, row, "basis")
        duty = _txt(ctx, row, "duty")
        if dept or duty:
            b.parties.append(BoundaryParty(department=dept or "", duty=duty, basis=basis,
                                           provenance=ctx.prov(row.first, row.last)))
        if basis:
            b.basis = basis if not b.basis else b.basis + "\n" + basis
        case_cell = row.get("case")
        if case_cell and case_cell.raw:
            ctx.use(*case_cell.lines)
            cases[-1].extend(case_cell.parts)
        b.provenance = ctx.prov(b.provenance.line_first, row.last)
    for b, parts in zip(out, cases, strict=True):
        b.case = ctx.text(parts) or None
    return out


def rows_to_services(ctx: Context, rows: list[Row]) -> list[Service]:
    """Service rows. A row with no 序号 and no 服务事项 but its own 承办机构/电话 is another
    office of the service above (one entry per office/phone pair)."""
    out: list[Service] = []
    for row in rows:
        seq_cell = row.get("seq")
        seq = parse_seq(seq_cell.raw) if seq_cell else None
        if seq_cell and seq is not None:
            ctx.use(*seq_cell.lines)
        item, content = _txt(ctx, row, "item"), _txt(ctx, row, "content")
        office, phone = _txt(ctx, row, "office"), _txt(ctx, row, "phone")
        prov = ctx.prov(row.first, row.last)
        if seq is not None or item:
            out.append(Service(seq=seq, item=item or "", content=content, office=office, phone=phone,
                               provenance=prov))
        elif out and (office or phone):
            prev = out[-1]
            out.append(Service(seq=prev.seq, item=prev.item, content=content or prev.content,
                               office=office, phone=phone, provenance=prov))
        elif out and content:
            prev = out[-1]
            prev.content = (prev.content or "") + content
            prev.provenance = ctx.prov(prev.provenance.line_first, row.last)
        else:
            ctx.reject(row.lines, "service row without an item")
    return out
