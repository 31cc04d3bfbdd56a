"""One PDF page to its tables and its prose lines: ``page_to_content``.

Tables are found from ruling lines with pdfplumber's table finder (``lines`` strategy:
the edges of drawn lines and of filled rectangles, so LibreOffice's and Word's lines and
Chromium's rectangle borders both count). A table cut by a page break may be left open
by its printer: the column rules run on to the page's bottom (or start at its top) with
no rule across, and the finder, which needs four corners, drops the open cells. So rules
are added where each group of column rules ends (``close_tables``) before the finder runs
once; the cells that had no rule of their own there are marked open, which is how the
document stitcher knows a cell goes on over the page break.

Each glyph goes to the cell under a point a third of the way down its box, so a line
whose glyphs overflow the cell's bottom rule is pulled back into the cell it starts in.
Glyphs outside every table are the page's prose.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .glyphs import fold, needs_fold
from .lines import Glyph, TextLine, glyphs_to_lines

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom (points, from the page's top left)
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
EDGE_TOL = 2.0  # points: a rule this close to a cell's side closes it
GLYPH_ANCHOR = 1 / 3  # of a glyph's height: the point that decides its cell


@dataclass
class PCell:
    """A table cell on one page: grid offsets, box, printed lines, and whether a rule
    closes it at the top and the bottom of its table."""

    r0: int
    r1: int
    c0: int
    c1: int
    bbox: BBox
    lines: list[TextLine] = field(default_factory=list)
    open_top: bool = False
    open_bottom: bool = False
    glyphs: list[Glyph] = field(default_factory=list)
    # Pages and boxes of the cell's pieces once the stitcher joins pieces across pages.
    pieces: list[tuple[int, BBox]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.lines


@dataclass
class PTable:
    """A table found on one page: its column edges ``xs``, row edges ``ys`` and cells."""

    page: int
    bbox: BBox
    xs: list[float]
    ys: list[float]
    cells: list[PCell]

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def grid(self) -> dict[tuple[int, int], PCell]:
        g = {}
        for c in self.cells:
            for r in range(c.r0, c.r1):
                for k in range(c.c0, c.c1):
                    g[(r, k)] = c
        return g


@dataclass
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    tables: list[PTable]
    lines: list[TextLine]  # prose: text outside tables
    images: int = 0


def _coverage(h_edges: list[dict], y: float, a: float, b: float) -> float:
    """How much of [a, b] the horizontal rules at height ``y`` cover."""
    spans = sorted((max(a, e["x0"]), min(b, e["x1"])) for e in h_edges
                   if abs(e["top"] - y) <= EDGE_TOL and e["x1"] > a and e["x0"] < b)
    total, end = 0.0, a
    for lo, hi in spans:
        lo = max(lo, end)
        if hi > lo:
            total += hi - lo
            end = hi
    return total


def _rule(y: float, x0: float, x1: float) -> dict:
    return {"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0}


def close_tables(v_edges: list[dict], h_edges: list[dict]) -> list[dict]:
    """Rules to add where a set of column rules ends with no rule across them: the top
    and bottom of each group of vertical rules that touch or overlap (one table, or one
    page's piece of it), wherever the page's horizontal rules leave them open."""
    vs = sorted((e for e in v_edges if e["bottom"] - e["top"] > 1.0), key=lambda e: e["top"])
    groups: list[list[float]] = []  # top, bottom, x0, x1 of each group
    xs_of: list[set[int]] = []  # its distinct x positions
    for e in vs:
        for g, xs in zip(groups, xs_of, strict=True):
            if e["top"] <= g[1] + EDGE_TOL and e["bottom"] >= g[0] - EDGE_TOL:
                g[0], g[1] = min(g[0], e["top"]), max(g[1], e["bottom"])
                g[2], g[3] = min(g[2], e["x0"]), max(g[3], e["x0"])
                xs.add(round(e["x0"]))
                break
        else:
            groups.append([e["top"], e["bottom"], e["x0"], e["x0"]])
            xs_of.append({round(e["x0"])})
    extra = []
    for (top, bottom, x0, x1), xs in zip(groups, xs_of, strict=True):
        if len(xs) < 2 or x1 - x0 < 4 * EDGE_TOL:
            continue
        for y in (top, bottom):
            if _coverage(h_edges, y, x0, x1) < 0.98 * (x1 - x0):
                extra.append(_rule(y, x0, x1))
    return extra


def _edges_index(values: list[float], tol: float = 3.0) -> list[float]:
    # 3 points: cells drawn as separate boxes (border-collapse: separate, or cellspacing)
    # leave a gap this wide between neighbours; no real row or column is that thin.
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _nearest(edges: list[float], v: float) -> int:
    i = bisect_right(edges, v)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - v < v - edges[i - 1] else i - 1


def merge_adjacent(found) -> list[tuple[tuple[float, float, float, float], list[tuple]]]:
    """(bbox, cell boxes) of each table, tables that touch side by side or overlap made one:
    cells drawn as separate boxes can leave a merged cell's piece and its neighbours as
    tables of their own."""
    groups = [[tuple(t.bbox), [tuple(c) for c in t.cells]] for t in found]
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                a, b = groups[i][0], groups[j][0]
                v_overlap = min(a[3], b[3]) - max(a[1], b[1])
                h_gap = max(a[0], b[0]) - min(a[2], b[2])
                if v_overlap > 0 and h_gap <= 2 * EDGE_TOL:
                    groups[i] = [(min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])),
                                 groups[i][1] + groups[j][1]]
                    del groups[j]
                    merged = True
                    break
            if merged:
                break
    return [(g[0], g[1]) for g in groups]


def _table(page_no: int, bbox, boxes: list[tuple], h_edges: list[dict]) -> PTable | None:
    if not boxes:
        return None
    xs = _edges_index([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _edges_index([b[1] for b in boxes] + [b[3] for b in boxes])
    if len(xs) < 2 or len(ys) < 2:
        return None
    cells = []
    seen = set()
    for b in boxes:
        r0, r1, c0, c1 = _nearest(ys, b[1]), _nearest(ys, b[3]), _nearest(xs, b[0]), _nearest(xs, b[2])
        if r1 <= r0 or c1 <= c0 or (r0, c0) in seen:
            continue
        seen.add((r0, c0))
        cells.append(PCell(r0, r1, c0, c1, b))
    table = PTable(page_no, tuple(bbox), xs, ys, cells)
    last = len(ys) - 1
    for c in cells:
        w = c.bbox[2] - c.bbox[0]
        if c.r0 == 0:
            c.open_top = _coverage(h_edges, c.bbox[1], c.bbox[0] + 1, c.bbox[2] - 1) < 0.9 * (w - 2)
        if c.r1 == last:
            c.open_bottom = _coverage(h_edges, c.bbox[3], c.bbox[0] + 1, c.bbox[2] - 1) < 0.9 * (w - 2)
    return table


def page_glyphs(page) -> list[Glyph]:
    out = []
    for c in page.chars:
        text = c["text"]
        if not text.strip():
            continue
        if needs_fold(text):
            text = fold(text)
        out.append((text, c["x0"], c["x1"], c["top"], c["bottom"], c["size"]))
    return out


def page_to_content(page, number: int) -> PageContent:
    """The tables and prose lines of one pdfplumber page."""
    glyphs = page_glyphs(page)
    tables: list[PTable] = []
    if page.rects or page.lines:
        edges = page.edges
        v_edges = [e for e in edges if e["orientation"] == "v"]
        h_edges = [e for e in edges if e["orientation"] == "h"]
        extra = close_tables(v_edges, h_edges)
        found = page.find_tables({**TABLE_SETTINGS, "explicit_horizontal_lines": extra} if extra else TABLE_SETTINGS)
        for bbox, boxes in merge_adjacent(found):
            pt = _table(number, bbox, boxes, h_edges)
            if pt is not None:
                tables.append(pt)
    prose: list[Glyph] = []
    grids = [t.grid() for t in tables]
    for g in glyphs:
        xc = (g[1] + g[2]) / 2
        y = g[3] + GLYPH_ANCHOR * (g[4] - g[3])
        for t, grid in zip(tables, grids, strict=True):
            x0, top, x1, bottom = t.bbox
            if x0 <= xc <= x1 and top <= y <= bottom:
                r = min(max(bisect_right(t.ys, y) - 1, 0), t.n_rows - 1)
                k = min(max(bisect_right(t.xs, xc) - 1, 0), t.n_cols - 1)
                cell = grid.get((r, k))
                if cell is not None:
                    cell.glyphs.append(g)
                    break
        else:
            prose.append(g)
    for t in tables:
        t.cells = [piece for c in t.cells for piece in split_at_edges(t, c)]
        for c in t.cells:
            c.lines = glyphs_to_lines(c.glyphs)
            c.glyphs = []
            c.pieces = [(number, c.bbox)]
    for t in tables:
        pull_back_into_cell_above(t)
    lines = pull_back_overflow(tables, glyphs_to_lines(prose))
    return PageContent(number, float(page.width), float(page.height), tables, lines, len(page.images))


def split_at_edges(t: PTable, c: PCell) -> list[PCell]:
    """A cell spanning columns whose text falls apart at one of the table's column edges
    (no glyph crosses it, glyphs on both sides) is two cells whose rule the printer left
    out (a cut row's pieces drawn as one box); a merged cell's text runs across the edge."""
    if c.c1 - c.c0 < 2 or not c.glyphs:
        return [c]
    for k in range(c.c0 + 1, c.c1):
        x = t.xs[k]
        if any(g[1] < x - 0.5 and g[2] > x + 0.5 for g in c.glyphs):
            continue
        left = [g for g in c.glyphs if (g[1] + g[2]) / 2 < x]
        right = [g for g in c.glyphs if (g[1] + g[2]) / 2 >= x]
        if left and right:
            a = PCell(c.r0, c.r1, c.c0, k, (c.bbox[0], c.bbox[1], x, c.bbox[3]), open_top=c.open_top,
                      open_bottom=c.open_bottom, glyphs=left)
            b = PCell(c.r0, c.r1, k, c.c1, (x, c.bbox[1], c.bbox[2], c.bbox[3]), open_top=c.open_top,
                      open_bottom=c.open_bottom, glyphs=right)
            return split_at_edges(t, a) + split_at_edges(t, b)
    return [c]


def pull_back_into_cell_above(t: PTable) -> None:
    """Lines that start a fifth of their height above their cell's top rule and go on the
    text of the cell above (same columns, aligned with it, at its line spacing) are that
    cell's: the cell above overflowed its bottom rule by more than the glyph anchor allows."""
    above = {(c.r1, c.c0, c.c1): c for c in t.cells}
    for c in t.cells:
        up = above.get((c.r0, c.c0, c.c1))
        if up is None or not up.lines:
            continue
        moved = 0
        for ln in c.lines:
            last = up.lines[-1]
            pitch = last.top - up.lines[-2].top if len(up.lines) >= 2 else 1.2 * last.size
            # a fifth of the glyph above the rule: more than a font's ascent overshoots by
            if (ln.top < c.bbox[1] - 0.2 * (ln.bottom - ln.top) and abs((ln.top - last.top) - pitch) <= 0.3 * ln.size
                    and abs(ln.x0 - min(x.x0 for x in up.lines)) <= ln.size):
                up.lines.append(ln)
                moved += 1
            else:
                break
        if moved:
            c.lines = c.lines[moved:]


def pull_back_overflow(tables: list[PTable], lines: list[TextLine]) -> list[TextLine]:
    """Lines printed wholly below a table's bottom rule that go on a bottom-row cell's text
    (inside its column, aligned with its lines, at their line spacing, same size) are that
    cell's: a merged cell cut by a page break can spill its last lines past the rule."""
    if not tables:
        return lines
    kept = []
    for ln in lines:
        home = None
        for t in tables:
            if not (t.bbox[3] - 1 <= ln.top <= t.bbox[3] + 2 * ln.size):
                continue
            for c in t.cells:
                if c.r1 != t.n_rows or not c.lines:
                    continue
                last = c.lines[-1]
                if (c.bbox[0] - 1 <= ln.x0 and ln.x1 <= c.bbox[2] + 1 and abs(last.size - ln.size) < 0.5
                        and 0 <= ln.top - last.bottom <= 0.8 * ln.size
                        and abs(ln.x0 - min(x.x0 for x in c.lines)) <= ln.size):
                    home = c
                    break
            if home is not None:
                break
        if home is not None:
            home.lines.append(ln)
        else:
            kept.append(ln)
    return kept

