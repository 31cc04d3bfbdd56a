"""Render duty tables the way ``pdftotext -layout`` prints a ruled table (synthetic corpora).

Columns sit at fixed character positions, two spaces apart: 序号, 主要职责, 具体工作事项,
责任科室 (left out in the ``no-office`` variant) and 备注. A header name wider than its column
wraps over lines (序 / 号, 责任科 / 室) in the ``wrapped`` variant; otherwise columns are
at least as wide as their names. A row is as tall as its tallest cell; every cell sits at
the top, in the middle or at the bottom of its rows (``align``, one for the table, as a
word processor's table style sets it): a row's shorter cells within the row, the merged 序号
and 主要职责 cells of a group within the group's rows; a merged cell taller than its rows
makes the group's last row taller. Pages hold about ``page_lines`` lines; a page break (form feed) falls between
groups and the header repeats after it.
"""

from __future__ import annotations

import random

from .pdf_duties import Group, wrap

ALIGNS = ("top", "middle", "bottom")


def _header(names: list[str], widths: list[int]) -> list[list[str]]:
    """Each column's header lines: the name wrapped at the column width."""
    return [wrap(n, w) for n, w in zip(names, widths, strict=True)]


def _grid(cols: list[list[str]], starts: list[int], height: int, offsets: list[int]) -> list[str]:
    """``height`` lines with each column's lines placed at its start, from its offset down."""
    out = []
    for y in range(height):
        line = ""
        for lines, x, off in zip(cols, starts, offsets, strict=True):
            k = y - off
            if 0 <= k < len(lines) and lines[k]:
                line = line.ljust(x) + lines[k]
        out.append(line.rstrip())
    return out


def _offset(align: str, room: int, lines: int) -> int:
    """First line of a cell of ``lines`` lines in ``room`` lines, at ``align``."""
    return 0 if align == "top" else room - lines if align == "bottom" else (room - lines) // 2


def render_layout(groups: list[Group], *, office: bool = True, align: str = "top", wrapped: bool = False,
                  w_item: int = 24, w_main: int = 14, w_office: int = 6, page_lines: int = 45,
                  missing: set[int] = frozenset(), rng: random.Random | None = None) -> list[str]:
    """The duty table as lines (column header first)."""
    rng = rng or random.Random(0)
    names = ["序号", "主要职责", "具体工作事项"] + (["责任科室"] if office else []) + ["备注"]
    if wrapped:
        widths = [1, w_main, w_item] + ([min(w_office, 3)] if office else []) + [1]
    else:
        widths = [2, max(4, w_main), max(6, w_item)] + ([max(4, w_office)] if office else []) + [2]
    starts, x = [], 0
    for w in widths:
        starts.append(x)
        x += w + 2
    head_cols = _header(names, widths)
    head = _grid(head_cols, starts, max(len(c) for c in head_cols), [0] * len(widths))
    item_col, off_col = 2, 3 if office else None
    out = list(head)
    used = len(head)
    for g in groups:
        rows = []
        for text, unit in g.items:
            cells = [[], [], wrap(text, widths[item_col])]
            if office:
                cells.append(wrap(unit, widths[off_col]))
            cells.append([])
            rows.append(cells)
        heights = [max(len(c) for c in r) for r in rows]
        main = wrap(g.text, widths[1])
        if len(main) > sum(heights):  # the merged cell is taller: the last row grows
            heights[-1] += len(main) - sum(heights)
        total = sum(heights)
        if used + total > page_lines and used > len(head):
            out.append("\f" + head[0])
            out.extend(head[1:])
            used = len(head)
        off = _offset(align, total, len(main))
        seq = [] if g.seq in missing else [str(g.seq)]
        seq_off = _offset(align, total, 1)
        block: list[list[str]] = [[""] * total for _ in widths]
        y = 0
        for cells, h in zip(rows, heights, strict=True):
            for k, lines in enumerate(cells):
                at = _offset(align, h, len(lines))
                for i, ln in enumerate(lines):
                    block[k][y + at + i] = ln
            y += h
        for i, ln in enumerate(main):
            block[1][off + i] = ln
        for ln in seq:
            block[0][seq_off] = ln
        out.extend(_grid(block, starts, total, [0] * len(widths)))
        used += total
    return out
