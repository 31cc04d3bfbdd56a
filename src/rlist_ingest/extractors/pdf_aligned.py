"""PDF text dumps with columns kept in place (``pdftotext -layout``).

Every line is cut into pieces at spaces, and each piece goes to a column by where it
starts: a column's left edge is the commonest start of the pieces whose centre lies
nearest its header name (headers are often centred, cell text is left-aligned), and a
piece belongs to the rightmost column whose edge is at or before its start. A cell
wraps onto the next line while its line fills the column (a cell's last line is the
short one). The header may wrap too (责任科 / 室), and repeats after page breaks.

Rows come from the fullest required per-row column (具体工作事项 in a duty table). Merged cells (the
table's ``merged`` columns in the grammar: 序号 and 主要职责) span a group of rows and are
printed at its top, middle or bottom, on the page where their text sits. Rows are cut
into groups, in order, so that the blocks sit best at one and the same place in their
groups (dynamic programming over the cut points; the alignment that fits best wins).
When the best alignment is top or bottom and still leaves the merged cells off their
place by more than ``MISFIT_MAX`` lines a group on average, or a group has no row on its
block's page, the rows are not these and the table is withheld with a warning (precision
first); at a top or bottom alignment a group off by a line or more is withheld with its
neighbours. The table's rows then go through the same record builders as TAB tables.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

import regex

from ..model import Cell, Row, rows_to_table
from ..sniff import SectionSpan
from ..textnorm import join_wrapped
from .base import Extractor, LineSpan
from .headers import stack_header
from .wrapping import wraps

_PIECE = regex.compile(r"\S+")
BIG = 10_000
_UNIT_FIELDS = {"office", "department"}  # one unit a row
# What a group starting inside a doubtful wrap costs, in lines of misplacement: a top or
# bottom block sits exactly on its group's first or last line, a middle one only roughly.
SOFT_CUT = {"top": 0.5, "bottom": 0.5, "middle": 2.5}
# A line opens a new unit name when names in its column open with its first character at
# least this often.
SEEN_OPENING = 2
# A table whose merged cells, at the top or bottom alignment that fits them best, sit on
# average further than this (in lines) from their place is withheld: a top or bottom block
# sits exactly on its group's first or last line when the rows are right (measured on
# Chromium and LibreOffice prints: tables read right fit within 0.1, wrong ones from 0.3).
# A centred block sits only roughly in the middle, so there only a group left without rows
# on its block's page tells.
MISFIT_MAX = 0.25


@dataclass
class Block(LineSpan):
    """Consecutive lines of one cell in one column."""

    col: int
    parts: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    # It may continue the block above: that one's last line filled the column exactly,
    # which a wrapped line and a cell's last line both do.
    soft: bool = False

    def cell(self) -> Cell:
        return Cell(self.parts, self.lines, "".join(self.parts))


class PdfAlignedExtractor(Extractor):
    """Reads duty, boundary and service tables printed by ``pdftotext -layout``."""

    def lines_to_cells(self, lines, span: SectionSpan):
        """Per line, the text of each column: ``[(line, {column: text})]``."""
        header = self._find_header(lines)
        if header is None:
            for n, ln in lines:
                if ln.strip():
                    self.ctx.discard(n, "no column header found in a table section")
            return None
        top, n0, heads = header
        self.breaks = sorted(self.ctx.src.page_breaks)
        body: list[tuple[int, list[tuple[int, str]]]] = []
        tail = True  # lines right after the header may finish its wrapped names
        repeat = False  # right after a repeated header: its wrapped names repeat too
        tails: set[str] = set()
        repeated = self._repeats([(n, ln) for n, ln in lines if n > n0])
        for n, ln in lines:
            if n <= n0 or not ln.strip():
                if n < top and ln.strip():
                    self.ctx.discard(n, "text before the column header")
                continue
            pieces = [(m.start(), m.group()) for m in _PIECE.finditer(ln)]
            key = "".join(p for _, p in pieces)
            if key == self.header_key or n in repeated:
                self.ctx.discard(n, "repeated column header")
                repeat = True
                continue
            if repeat and key in tails:
                self.ctx.discard(n, "repeated column header")
                continue
            if tail and self._header_tail(heads, pieces):
                heads = self._extend_header(heads, pieces)
                tails.add(key)
                self.ctx.header([n], self.fields)
                continue
            tail = repeat = False
            body.append((n, pieces))
        return self._assign(heads, body)

    def _find_header(self, lines):
        """The first column header of the section: one line, or a stack of lines whose
        names wrap (see :mod:`.headers`). Sets the table kind, fields and header keys."""
        for i, (_, ln) in enumerate(lines):
            if not ln.strip():
                continue
            h = stack_header(lines, self.g, i)
            if h is not None:
                self.kind, self.fields, self.header_keys = h.kind, h.fields, h.keys
                self.header_key = "".join(h.keys)
                self.ctx.header(h.lines, self.fields)
                return h.lines[0], h.lines[-1], h.heads
        return None

    def _repeats(self, lines) -> set[int]:
        """Lines of the header printed again after a page break (the whole stack)."""
        keys, out = self.header_keys, set()
        text = [(n, "".join(ln.split())) for n, ln in lines if ln.strip()]
        for i in range(len(text)):
            if text[i][1] == keys[0] and [k for _, k in text[i:i + len(keys)]] == keys:
                out.update(n for n, _ in text[i:i + len(keys)])
        return out

    def _column_of(self, heads, start: int, text: str) -> int:
        centre = start + len(text) / 2
        return min(range(len(heads)), key=lambda i: abs((heads[i][0] + heads[i][1]) / 2 - centre))

    def _extend_header(self, heads, pieces):
        """Header names completed by the line below them; the fields read again."""
        names = [h[2] for h in heads]
        for start, text in pieces:
            names[self._column_of(heads, start, text)] += text
        hit = self.g.header_fields(names)
        if hit and hit[0] == self.kind:
            self.fields = hit[1]
            self.ctx.columns = [f or "?" for f in self.fields]
        return [(s, e, name) for (s, e, _), name in zip(heads, names, strict=True)]

    def _header_tail(self, heads, pieces) -> bool:
        """A line of short pieces under header names that they complete (责任科 + 室)."""
        if not pieces or len(pieces) > len(heads):
            return False
        for start, text in pieces:
            k = self._column_of(heads, start, text)
            if len(text) > 3 or self.g.header_field(self.kind, heads[k][2]) and \
                    not self.g.header_field(self.kind, heads[k][2] + text):
                return False
        return True

    def _assign(self, heads, body):
        """Pieces to columns. Positions drift by a character or two from line to line (a
        line of wide characters is squeezed), so each line's pieces are matched to columns
        in order, each near a column's left edge and no longer than the column is wide."""
        starts: dict[int, Counter] = {k: Counter() for k in range(len(heads))}
        lengths: dict[int, Counter] = {k: Counter() for k in range(len(heads))}
        for _, pieces in body:
            for start, text in pieces:
                k = self._column_of(heads, start, text)
                starts[k][start] += 1
                lengths[k][len(text)] += 1
        edges, self.widths = [], []
        for k, (s, _, _) in enumerate(heads):
            edge = min(starts[k], key=lambda x: (-starts[k][x], x)) if starts[k] else s
            edges.append(max(edge, edges[-1] + 1) if edges else edge)
            long = {n: c for n, c in lengths[k].items() if n >= max(lengths[k], default=0) / 2}
            self.widths.append(max(long, key=lambda n: (long[n], n)) if long else len(heads[k][2]))
        return [(n, self._match(pieces, edges)) for n, pieces in body]

    def _match(self, pieces, edges) -> dict[int, str]:
        """The columns of one line's pieces: non-decreasing in line order, at least cost
        (distance from the column's edge; a piece wider than its column costs BIG)."""
        ncol, inf = len(edges), float("inf")
        cost = [[abs(start - edges[k]) + (BIG if len(text) > self.widths[k] + 2 else 0) for k in range(ncol)]
                for start, text in pieces]
        f = [cost[0][:]]
        back = [[0] * ncol]
        for i in range(1, len(pieces)):
            row, brow, best, arg = [], [], inf, 0
            for k in range(ncol):
                if f[-1][k] < best:
                    best, arg = f[-1][k], k
                row.append(best + cost[i][k])
                brow.append(arg)
            f.append(row)
            back.append(brow)
        k = min(range(ncol), key=lambda c: f[-1][c])
        cols: dict[int, list[str]] = {}
        for i in range(len(pieces) - 1, -1, -1):
            cols.setdefault(k, []).insert(0, pieces[i][1])
            k = back[i][k]
        return {c: join_wrapped(v) for c, v in cols.items()}

    def cells_to_rows(self, cells, span):
        """Rows of the table (``tab_table.Row``), the merged cells on each group's first row."""
        if cells is None:
            return None
        fields = self.fields
        merged = [k for k, f in enumerate(fields) if f in self.g.tables[self.kind].merged]
        per_row = [k for k, f in enumerate(fields) if f and k not in merged]
        unnamed = [k for k, f in enumerate(fields) if not f]
        blocks = {k: self._blocks(cells, k, self.widths[k]) for k in range(len(fields))}
        for k in unnamed:
            for b in blocks[k]:
                for n in b.lines:
                    self.ctx.drop_cell(n, "".join(b.parts), "cell of a column the header does not name")
        if not per_row:
            return []
        # The row anchor: a required per-row column (具体工作事项, 职责分工), the fullest one.
        required = [k for k in per_row if fields[k] in self.g.tables[self.kind].required] or per_row
        main = max(required, key=lambda k: sum(len("".join(b.parts)) for b in blocks[k]))
        # Rows of the main column cut at every doubtful wrap too; the groups decide
        # (a group starts a row), then what is left of the doubtful wraps is joined.
        atoms = self._blocks(cells, main, self.widths[main], split_doubtful=True)
        rows = [Row({fields[main]: b.cell()}, list(b.lines)) for b in atoms]
        for k in per_row:
            if k != main:
                for b in blocks[k]:
                    self._attach(rows, fields[k], b)
        groups = self._group_blocks(merged, blocks)
        cuts = self._cut(rows, groups, [a.soft for a in atoms]) if groups else []
        misfit = sum(self.off) / len(groups) if groups else 0.0  # lines off per group
        if groups and (misfit >= BIG or self.align != "middle" and misfit > MISFIT_MAX):
            # The merged cells sit at no one place in their groups: the rows are not these.
            lines = sorted({n for n, _ in cells} | {n for r in rows for n in r.lines})
            self.ctx.reject(lines, "withheld: the table's merged cells fit no alignment in its rows "
                                   f"({misfit:.2f} lines off per group)")
            self.ctx.warn(f"{span.heading or span.kind}: its merged cells (序号, 主要职责) sit at no one place in "
                          f"their groups ({misfit:.2f} lines off per group), so its rows cannot be told "
                          "apart; the table is withheld, its lines are in the residue")
            return []
        doubt = self._doubtful_groups(rows, groups, cuts)
        for (g_blocks, _), start in zip(groups, cuts, strict=True):
            if start < len(rows):
                row = rows[start]
                for b in g_blocks:
                    row.cells[fields[b.col]] = b.cell()
                    row.lines = sorted(set(row.lines) | set(b.lines))
            else:  # a merged cell with no row of its own left: a row of merged cells only
                rows.append(Row({fields[b.col]: b.cell() for b in g_blocks},
                                sorted({n for b in g_blocks for n in b.lines})))
                atoms.append(Block(main))
        out = self._join_doubtful(rows, atoms, set(cuts), fields[main], {fields[k] for k in per_row})
        if doubt:
            kept = [r for r in out if not doubt & set(r.lines)]
            self.ctx.reject(sorted({n for r in out if doubt & set(r.lines) for n in r.lines}),
                            "withheld: a group whose merged cells miss their place in its rows, or its neighbour")
            self.ctx.warn(f"{span.heading or span.kind}: {len(out) - len(kept)} row(s) of groups whose merged cells "
                          "miss their place in the rows found (and of their neighbours) withheld; their lines are "
                          "in the residue")
            out = kept
        return out

    def _doubtful_groups(self, rows: list[Row], groups, cuts: list[int]) -> set[int]:
        """Lines of the groups to withhold: at a top or bottom alignment a merged block sits
        exactly at its group's first or last row, so a group off by a line or more, and the
        neighbours it may have taken rows from or given them to, were not read right."""
        if not groups or self.align == "middle":
            return set()
        bad = {k for k, off in enumerate(self.off) if off >= 1}
        spans = _group_spans(cuts, len(rows))
        lines: set[int] = set()
        for k in bad | {k + d for k in bad for d in (-1, 1)}:
            if 0 <= k < len(groups):
                lines |= {n for r in rows[slice(*spans[k])] for n in r.lines}
                lines |= {n for b in groups[k][0] for n in b.lines}
        return lines

    def _join_doubtful(self, rows: list[Row], atoms: list[Block], starts: set[int], main: str,
                       per_row: set[str]) -> list[Row]:
        """Join a row cut at a doubtful wrap to the row above, unless a group starts there
        or both name a unit (two offices, two departments: two rows)."""
        out: list[Row] = []
        others = (per_row - {main}) & _UNIT_FIELDS
        for i, (row, atom) in enumerate(zip(rows, atoms, strict=True)):
            prev = out[-1] if out else None
            if atom.soft and i not in starts and prev is not None and main in prev.cells and \
                    not (others & set(prev.cells) and others & set(row.cells)):
                a, b = prev.cells[main], row.cells[main]
                prev.cells[main] = Cell(a.parts + b.parts, a.lines + b.lines, a.raw + b.raw)
                for f, c in row.cells.items():
                    prev.cells.setdefault(f, c)
                prev.lines = sorted(set(prev.lines) | set(row.lines))
            else:
                out.append(row)
        return out

    def _blocks(self, cells, k: int, width: int, split_doubtful: bool = False) -> list[Block]:
        """The cells of column ``k``: a cell goes on to the next line while its line fills
        the column (see :func:`.wrapping.wraps`). With ``split_doubtful``, a line that fills it
        exactly starts a new block marked ``soft``."""
        out: list[Block] = []
        prev, gap = None, 0
        # A unit's name is whole once it ends with a unit suffix (股, 科, 局...).
        field = self.fields[k]
        names = self.g.cells.office_suffixes if field == "office" else \
            self.g.cells.department_suffixes if field == "department" else None
        starts = self._unit_openings(cells, k, width, names) if names else None
        for n, cols in cells:
            text = cols.get(k)
            if text is None:
                # Columns are typeset on their own baselines, so a wrapped cell may skip a
                # line of the dump where another column's line falls between two of its own.
                # A cell that ended its sentence does not go on past such a line.
                gap += 1
                if gap > 1 or prev is not None and self.g.re_sentence_end.search(prev):
                    prev = None
                continue
            gap = 0
            if prev is None:
                w = 0
            elif names and self.g.ends_with_any(prev, names):
                # A name ends at its suffix, unless its line fills the column, the suffix also
                # ends words inside names (the grammar's weak_unit_ends) and the next line
                # does not open the way this column's names open (区人力资源和社会 | 保障局:
                # no name here opens with 保).
                w = 1 if len(prev) >= width and prev.endswith(tuple(self.g.cells.weak_unit_ends)) and \
                    starts[text[:1]] < SEEN_OPENING and text != prev else 0
            else:
                w = wraps(prev, text, width)
            if w == 1 or w == 2 and not split_doubtful:
                out[-1].parts.append(text)
                out[-1].lines.append(n)
            else:
                out.append(Block(k, [text], [n], soft=w == 2))
            prev = text
        return out

    def _unit_openings(self, cells, k: int, width: int, names) -> Counter:
        """First characters of the unit names of column ``k`` where a name plainly starts:
        at the column's first line, after a line without it, or after a short line that
        ends with a unit suffix."""
        out: Counter = Counter()
        prev = None
        for _, cols in cells:
            text = cols.get(k)
            if text is not None and (prev is None or len(prev) < width and self.g.ends_with_any(prev, names)):
                out[text[:1]] += 1
            prev = text
        return out

    def _page(self, n: int) -> int:
        return bisect.bisect_right(self.breaks, n)

    def _attach(self, rows: list[Row], f: str, b: Block) -> None:
        """A per-row cell (责任科室) goes to the row beside it, or the nearest one above."""
        def dist(r: Row) -> tuple[int, int]:
            lo, hi = r.first, r.last
            return (0 if lo <= b.first <= hi or lo <= b.last <= hi else min(abs(b.first - hi), abs(b.last - lo)),
                    0 if lo <= b.first else 1)
        row = min(rows, key=dist) if rows else None
        if row is None or f in row.cells:
            self.ctx.drop_cell(b.first, "".join(b.parts), "cell beside no row of its table")
            return
        row.cells[f] = b.cell()
        row.lines = sorted(set(row.lines) | set(b.lines))

    def _group_blocks(self, merged: list[int], blocks) -> list[tuple[list[Block], tuple[int, int]]]:
        """One group per block of the widest merged column (主要职责); the other merged cells
        (序号) join the group whose block is nearest. Each with its line span."""
        if not merged:
            return []
        lead = max(merged, key=lambda k: sum(len("".join(b.parts)) for b in blocks[k]))
        seq = next((k for k in merged if self.fields[k] == "seq" and k != lead), None)
        if seq is not None:
            # One merged cell holds one 序号: a block over two was two cells run together.
            numbers = sorted(b.first for b in blocks[seq])
            for k in merged:
                if k != seq:
                    blocks[k] = [x for b in blocks[k] for x in _split_glued(b, numbers)]
        groups = [([b], (b.first, b.last)) for b in blocks[lead]]
        if not groups:
            return []
        for k in merged:
            if k == lead:
                continue
            for b in blocks[k]:
                g = min(groups, key=lambda g: max(g[1][0] - b.last, b.first - g[1][1], 0))
                g[0].append(b)
        return [(sorted(bs, key=lambda b: b.col), span) for bs, span in groups]

    def _cut(self, rows: list[Row], groups, soft: list[bool]) -> list[int]:
        """Index of each group's first row: the cut that places every group's merged block
        best at one alignment (top, middle or bottom) of its rows on the block's page. The
        alignment is chosen with doubtful wraps costly to cut alike; then the cut is made
        with that alignment's own price for them."""
        pages = [self._page(r.first) for r in rows]
        align = min(("top", "middle", "bottom"),
                    key=lambda a: self._dp(rows, pages, groups, a, soft, SOFT_CUT["middle"])[0])
        cuts = self._dp(rows, pages, groups, align, soft, SOFT_CUT[align])[1]
        self.align, self.off = align, self._misplaced(rows, pages, groups, align, cuts)
        return cuts

    def _misplaced(self, rows, pages, groups, align: str, cuts: list[int]) -> list[float]:
        """Per group, lines by which its merged block misses its place at ``align`` in the
        rows the cut gives it (on the block's page)."""
        out = []
        for (_, (lo, hi)), (a, z) in zip(groups, _group_spans(cuts, len(rows)), strict=True):
            mine = [r for r, p in zip(rows[a:z], pages[a:z], strict=True) if p == self._page(lo)]
            out.append(_place(align, mine[0].first, mine[-1].last, lo, hi) if mine else BIG)
        return out

    def _dp(self, rows, pages, groups, align: str, soft: list[bool], soft_cost: float) -> tuple[float, list[int]]:
        m, n = len(groups), len(rows)
        inf = float("inf")
        f = [[inf] * (n + 1) for _ in range(m + 1)]
        back = [[0] * (n + 1) for _ in range(m + 1)]
        f[0][0] = 0.0
        for k in range(1, m + 1):
            lo, hi = groups[k - 1][1]
            page, prev, cur = self._page(lo), f[k - 1], f[k]
            for j in range(1, n + 1):
                last = first = None  # the group's rows on the block's page, for rows[i:j]
                for i in range(j - 1, -1, -1):
                    if pages[i] == page:
                        first = rows[i].first
                        if last is None:
                            last = rows[i].last
                    if prev[i] == inf:
                        continue
                    c = BIG if first is None else _place(align, first, last, lo, hi)
                    if soft[i]:  # a group starting inside a doubtful wrap needs the evidence
                        c += soft_cost
                    if prev[i] + c < cur[j]:
                        cur[j], back[k][j] = prev[i] + c, i
        cuts, j = [], n
        for k in range(m, 0, -1):
            j = back[k][j]
            cuts.append(j)
        return f[m][n], cuts[::-1]

    def rows_to_tables(self, rows, span):
        return [rows_to_table(self.kind, self.fields, rows, self.g.tables[self.kind].merged)] if rows else []


def _place(align: str, first: int, last: int, lo: int, hi: int) -> float:
    """Lines by which a merged block on lines ``lo..hi`` misses its place at ``align`` in a
    group whose rows (on the block's page) are on lines ``first..last``."""
    if align == "top":
        return abs(first - lo)
    if align == "bottom":
        return abs(last - hi)
    return abs((first + last - lo - hi) / 2)


def _group_spans(cuts: list[int], n: int) -> list[tuple[int, int]]:
    """(first row, row after the last) of each group, from the groups' first rows."""
    return list(zip(cuts, [*cuts[1:], n], strict=True))


def _split_glued(b: Block, numbers: list[int]) -> list[Block]:
    """Cut a merged cell's block that holds several 序号 lines: at each later 序号 line if
    the block starts on one (top-aligned cells), else at the line gap between two of them
    (or, with no gap, at the later 序号 line)."""
    inside = [n for n in numbers if b.first <= n <= b.last]
    if len(inside) < 2:
        return [b]
    cuts = set()
    for a, z in zip(inside, inside[1:], strict=False):
        if b.first in inside:
            cuts.add(z)
            continue
        gap = next((n for m, n in zip(b.lines, b.lines[1:], strict=False) if a <= m and n <= z and n > m + 1), z)
        cuts.add(gap)
    out = [Block(b.col, [], [], b.soft)]
    for part, n in zip(b.parts, b.lines, strict=True):
        if n in cuts and out[-1].lines:
            out.append(Block(b.col))
        out[-1].parts.append(part)
        out[-1].lines.append(n)
    return out
