"""The document model every binary reader produces: ordered blocks of paragraphs and tables.

A :class:`Table` holds :class:`Cell` objects with start and end offsets (``r0 <= r < r1``,
``c0 <= c < c1``), so a merged cell is one cell with a span, as docling-core's
``TableCell`` has it; :meth:`Table.grid` gives every position the cell covering it.
Every block and cell carries its ``origin`` in the format's own terms (``Sheet1!C7``,
``t2 r5 c3`` for a docx table cell, an HTML element path, a CSV line).

:func:`render` turns a model into the canonical text: paragraph lines as they are, one
line per table row with the cells separated by TABs (a merged cell's text in its top-left
position, empty below and to the right). Record provenance, residue and IDs refer to that
text, so every format of the same list gives the same lines and the same record IDs, and
``OUT/text/<stem>.txt`` lets anyone look a record up by line. This module knows nothing of
records (``tests/test_readers_model.py`` checks that readers import nothing from them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .textnorm import join_wrapped


class LineSpan:
    """``first`` and ``last`` of a ``lines`` list: the source lines of a cell or block."""

    __slots__ = ()
    lines: list[int]

    @property
    def first(self) -> int:
        return self.lines[0]

    @property
    def last(self) -> int:
        return self.lines[-1]


def raw_text(parts: list[str]) -> str:
    """A cell's parts stripped and joined: the form header matching compares."""
    return parts[0].strip() if len(parts) == 1 else "".join([p.strip() for p in parts])


@dataclass(slots=True)
class Cell(LineSpan):
    """One table cell: its text as ``parts`` (one per printed line), at rows ``r0..r1-1``
    and columns ``c0..c1-1`` of its table. For tables read from text (a dump's lines, or
    the rendered text of a model): ``lines``, the source lines of the parts; ``raw``, the
    parts stripped and joined, as header matching compares them; ``row``, the text row
    the cell was read on in a one-row-per-line dump (-1 otherwise)."""

    parts: list[str]
    lines: list[int] = field(default_factory=list)
    raw: str = ""
    row: int = -1
    r0: int = 0
    r1: int = 1
    c0: int = 0
    c1: int = 1
    origin: str = ""

    @property
    def text(self) -> str:
        return "\n".join(self.parts)


@dataclass
class Table:
    """A grid of cells, merged cells as spans. ``n_rows``/``n_cols`` bound every cell."""

    n_rows: int
    n_cols: int
    cells: list[Cell]
    origin: str = ""
    row_origins: list[str] = field(default_factory=list)  # one per row, for provenance
    # Set when a reader hands the table to record assembly: its kind (duties, boundaries,
    # services), the canonical field of each column (None: a column the header does not
    # name) and each row's source lines (a row's provenance; its merged cells have their own).
    kind: str | None = None
    fields: list[str | None] = field(default_factory=list)
    row_lines: list[list[int]] = field(default_factory=list)
    # The rows a text reader decoded the table from (field -> cell): assembly walks them
    # as they are rather than rebuilding them from the grid.
    rows: list[Row] | None = None

    def grid(self) -> list[list[Cell | None]]:
        """Every position's covering cell (a merged cell at each of its positions)."""
        g: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.r0, c.r1):
                for k in range(c.c0, c.c1):
                    g[r][k] = c
        return g


@dataclass
class Row:
    """A decoded table row as a reader builds it: cells keyed by canonical field, and the
    row's own source lines (its provenance; a merged cell keeps its own lines)."""

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
        cells_of = row.cells
        starts = False
        for f in merged:
            c = cells_of.get(f)
            if c is not None and c.raw:
                starts = True
                break
        if starts:
            open_cells = []
        for f, c in cells_of.items():
            if not starts and f in merged and open_cells and not c.raw:
                continue  # under the group's merged cell (its line stays in the row's lines)
            c.r0, c.r1 = r, r + 1
            c.c0 = col.get(f, 0)
            c.c1 = c.c0 + 1
            cells.append(c)
            if f in merged and c.raw:
                open_cells.append(c)
        if not starts:
            for c in open_cells:
                c.r1 = r + 1
    return Table(len(rows), len(fields), cells, kind=kind, fields=list(fields), row_lines=[r.lines for r in rows],
                 rows=rows)


@dataclass(slots=True)
class Line:
    """A source line of prose: its number and stripped text."""

    n: int
    text: str


@dataclass
class ProseLines:
    """Numbered prose as a reader hands it to regime assembly: (line, tag) per line, the
    tag one of ``regime``, ``part``, ``toc``, ``body``."""

    lines: list[tuple[Line, str]]
    kind: str = "regimes"


@dataclass
class Paragraph:
    """Running text outside tables: one entry of ``lines`` per printed line."""

    lines: list[str]
    origin: str = ""


Block = Paragraph | Table


@dataclass
class Skipped:
    """Content a reader saw but leaves out of the blocks (a hidden sheet's cells): it goes
    to the residue with its reason, so nothing is lost."""

    origin: str
    text: str
    reason: str


@dataclass
class Doc:
    """One file read into blocks, with what the reader noted about it."""

    format: str  # docx, doc, xlsx, xls, html, csv
    blocks: list[Block] = field(default_factory=list)
    encoding: str = "utf-8"  # of the text inside the file
    sheets: list[str] = field(default_factory=list)  # workbook sheets read, in order
    notes: list[str] = field(default_factory=list)  # hidden sheets and rows, dialects, conversions
    skipped: list[Skipped] = field(default_factory=list)


@dataclass
class RenderedRow:
    """What one line of the rendered text is: a table row's cells, or a paragraph line."""

    origin: str
    cells: list[tuple[Cell | None, str]] | None = None  # (cell anchored here or None, its text)
    block: int = -1  # index of the model block the line renders


@dataclass
class Rendering:
    lines: list[str]
    rows: list[RenderedRow]  # rows[i] describes lines[i]


def one_line(cell_lines: list[str]) -> str:
    """A cell's text on one line of the rendered text, joined as a wrapped cell is joined,
    TABs and line breaks made spaces so the line keeps its shape. A cell that starts with
    a double quote is quoted the way the tab-delimited reader unquotes it."""
    t = join_wrapped([ln.replace("\t", " ") for ln in cell_lines if ln.strip()]) if cell_lines else ""
    t = t.replace("\r", " ").replace("\n", " ")
    if t.startswith('"'):
        t = '"' + t.replace('"', '""') + '"'
    return t


def render(doc: Doc) -> Rendering:
    """The canonical text of a model: paragraph lines, then one line per non-empty table
    row (cells TAB-separated, every row as wide as its table). Empty paragraphs and
    empty rows give no line."""
    lines: list[str] = []
    rows: list[RenderedRow] = []
    for bi, b in enumerate(doc.blocks):
        if isinstance(b, Paragraph):
            for i, ln in enumerate(b.lines):
                t = ln.replace("\t", " ").rstrip()
                if t.strip():
                    lines.append(t)
                    rows.append(RenderedRow(b.origin if len(b.lines) == 1 else f"{b.origin} line {i + 1}", block=bi))
            continue
        grid = b.grid()
        for r in range(b.n_rows):
            cells: list[tuple[Cell | None, str]] = []
            for k in range(b.n_cols):
                c = grid[r][k]
                anchored = c is not None and c.r0 == r and c.c0 == k
                cells.append((c if anchored else None, one_line(c.parts) if anchored else ""))
            if not any(t for _, t in cells):
                continue
            lines.append("\t".join(t for _, t in cells))
            rows.append(RenderedRow(b.row_origins[r] if r < len(b.row_origins) else b.origin, cells, bi))
    return Rendering(lines, rows)


def describe(doc: Doc) -> str:
    """A compact text view of a model, one line per paragraph line and per cell, spans and
    origins shown (``tests/golden/formats/*.model.txt``, reviewed with git diff)."""
    out = [f"format {doc.format}, encoding {doc.encoding}" + (f", sheets {'|'.join(doc.sheets)}" if doc.sheets else "")]
    out += [f"note {n}" for n in doc.notes]
    out += [f"skipped {s.origin}: {s.text} ({s.reason})" for s in doc.skipped]
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            out += [f"P {b.origin}: {ln}" for ln in b.lines]
            continue
        out.append(f"T {b.origin} {b.n_rows}x{b.n_cols}")
        for c in sorted(b.cells, key=lambda c: (c.r0, c.c0)):
            span = f"r{c.r0}" + (f"-{c.r1 - 1}" if c.r1 - c.r0 > 1 else "") + f" c{c.c0}" + \
                (f"-{c.c1 - 1}" if c.c1 - c.c0 > 1 else "")
            out.append(f"  {span} {c.origin}: " + " | ".join(c.parts))
    return "\n".join(out) + "\n"
