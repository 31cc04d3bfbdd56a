"""Boundary tables (与相关部门的职责边界) to boundaries and their parties."""

from __future__ import annotations

from ..records import Boundary, BoundaryParty
from .context import Context, parse_seq
from .rows import Row, txt


def rows_to_boundaries(ctx: Context, rows: list[Row]) -> list[Boundary]:
    """Boundary rows: a numbered row opens a boundary; every row with a department adds a
    party. The schema has one basis and case per boundary: per-row 相关依据 cells are joined
    with a newline, per-row 案例 cells are joined as one wrapped text. A boundary spans its
    rows and its merged cells (序号, 管理事项), wherever a reader found them."""
    out: list[Boundary] = []
    cases: list[list[str]] = []
    spans: list[list[int]] = []
    for row in rows:
        seq_cell, matter_cell = row.cells.get("seq"), row.cells.get("matter")
        seq = parse_seq(seq_cell.raw) if seq_cell else None
        matter = txt(ctx, row, "matter")
        merged = [n for c in (seq_cell, matter_cell) if c is not None and c.raw for n in c.lines]
        if seq is not None or matter is not None or not out:
            if seq_cell and seq is not None:
                ctx.use(*seq_cell.lines)
            out.append(Boundary(seq=seq, matter=matter, provenance=ctx.prov(row.first, row.last)))
            cases.append([])
            spans.append([min([row.first, *merged]), row.last])
        b = out[-1]
        dept = txt(ctx, row, "department")
        basis = txt(ctx, row, "basis")
        duty = txt(ctx, row, "duty")
        if dept or duty:
            b.parties.append(BoundaryParty(department=dept or "", duty=duty, basis=basis,
                                           provenance=ctx.prov(row.first, row.last)))
        if basis:
            b.basis = basis if not b.basis else b.basis + "\n" + basis
        case_cell = row.get("case")
        if case_cell and case_cell.raw:
            ctx.use(*case_cell.lines)
            cases[-1].extend(case_cell.parts)
        spans[-1][1] = max(spans[-1][1], row.last, *merged)
    for b, parts, span in zip(out, cases, spans, strict=True):
        b.case = ctx.text(parts) or None
        b.provenance = ctx.prov(*span)
    return out
