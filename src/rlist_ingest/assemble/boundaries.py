"""Boundary tables (与相关部门的职责边界) to boundaries and their parties."""

from __future__ import annotations

from ..records import Boundary, BoundaryParty
from .context import Context, parse_seq
from .rows import Row, txt


def rows_to_boundaries(ctx: Context, rows: list[Row]) -> list[Boundary]:
    """Boundary rows: a numbered row opens a boundary; every row with a department adds a
    party. The schema has one basis and case per boundary: per-row 相关依据 cells are joined
    with a newline, per-row 案例 cells are joined as one wrapped text."""
    out: list[Boundary] = []
    cases: list[list[str]] = []
    for row in rows:
        seq_cell = row.get("seq")
        seq = parse_seq(seq_cell.raw) if seq_cell else None
        matter = txt(ctx, row, "matter")
        if seq is not None or matter is not None or not out:
            if seq_cell and seq is not None:
                ctx.use(*seq_cell.lines)
            out.append(Boundary(seq=seq, matter=matter, provenance=ctx.prov(row.first, row.last)))
            cases.append([])
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
        b.provenance = ctx.prov(b.provenance.line_first, row.last)
    for b, parts in zip(out, cases, strict=True):
        b.case = ctx.text(parts) or None
    return out


def group_to_boundary(ctx: Context, seq_text: str, seq_line: int, matter: list[tuple[str, int]],
                      basis: list[tuple[str, int]],
                      parties: list[tuple[tuple[str, int], list[tuple[str, int]]]]) -> Boundary:
    """One boundary from a group read as blocks (text, line) pieces: its 序号, 管理事项,
    相关依据 and parties (department piece, duty pieces); provenance spans all of them."""
    out_parties = []
    lines = [seq_line] + [n for _, n in matter + basis]
    for (dept, dept_line), duty in parties:
        pl = [dept_line] + [n for _, n in duty]
        lines += pl
        out_parties.append(BoundaryParty(department=dept, duty=ctx.text([t for t, _ in duty]) or None,
                                         provenance=ctx.prov(min(pl), max(pl))))
    ctx.use(*lines)
    return Boundary(seq=parse_seq(seq_text), matter=ctx.text([t for t, _ in matter]) or None,
                    basis=ctx.text([t for t, _ in basis]) or None, parties=out_parties,
                    provenance=ctx.prov(min(lines), max(lines)))
