"""Boundary and service tables in space-columned PDF text.

Boundary table: each party is a department line (a short line ending with a department
suffix) and its duty lines. The merged 序号/管理事项 cell is printed before the group's
last party, and the merged 相关依据 cell (a citation) after it, closing the group.

Service table: a row starts with its 序号 and 服务事项 on one line, then 主要内容 lines,
then short cells: any unlabelled column's cell (residue) and the office fragments. Text
after a page break that continues no new row is the previous row's content.
"""

from __future__ import annotations

from typing import Any

import regex

from ..model import Cell, Row, Table, rows_to_table
from .base import parse_seq
from .tokens import PB, Tok, is_seq

_PHONE = regex.compile(r"^[\d\-－—()（）]{7,}$")


def boundaries_from_tokens(ex: Any, toks: list[Tok]) -> Table:
    """Group the tokens into boundaries (序号, 管理事项, parties, 相关依据): the boundary
    table handed to assembly. ``ex``: the reading extractor (its context and grammar)."""
    ctx, g = ex.ctx, ex.g
    lines_of: dict[int, int] = {}
    for t in toks:
        lines_of[t.n] = lines_of.get(t.n, 0) + 1

    def is_dept(t: Tok) -> bool:
        return (t.text != PB and lines_of[t.n] == 1 and len(t.text) <= 8
                and g.ends_with_any(t.text, g.cells.department_suffixes))

    out: list[Row] = []
    pending: list[dict] = []  # parties seen before their group's 序号
    cur: dict | None = None  # the boundary being filled: seq, matter, parties, basis
    field = None
    party = None
    for t in toks:
        if t.text == PB:
            continue
        if is_seq(t) and field != "basis":
            cur = {"seq": t, "matter": [], "parties": pending, "basis": []}
            pending = []
            field = "matter"
            continue
        if is_dept(t):
            party = {"dept": t, "duty": []}
            (cur["parties"] if cur and field in ("matter", "duty") else pending).append(party)
            if cur and field == "basis":
                _close(ex, cur, out)
                cur, field = None, None
                pending = [party]
            field = "duty" if field != "matter" or cur is None else "duty"
            continue
        if field == "duty" and g.re_basis_start.search(t.text) and cur is not None:
            field = "basis"
        if field == "matter" and cur is not None:
            cur["matter"].append(t)
        elif field == "basis" and cur is not None:
            cur["basis"].append(t)
        elif party is not None:
            party["duty"].append(t)
        else:
            ctx.discard(t.n, "boundary text before any department")
    if cur:
        _close(ex, cur, out)
    for p in pending:
        for tok in [p["dept"], *p["duty"]]:
            ctx.discard(tok.n, "boundary party without a 序号/管理事项")
    return rows_to_table("boundaries", ["seq", "matter", "department", "duty", "basis"], out, ["seq", "matter"])


def _close(ex: Any, cur: dict, out: list[Row]) -> None:
    """A boundary group as table rows: 序号 and 管理事项 one merged cell over its parties'
    rows (the PDF prints them among the parties), and the 相关依据 that closes the group a
    row of its own."""
    head = {"seq": _cell([cur["seq"]])}
    if cur["matter"]:
        head["matter"] = _cell(cur["matter"])
    if not cur["parties"]:
        out.append(Row(head, [cur["seq"].n]))
    for k, p in enumerate(cur["parties"]):
        cells = dict(head) if k == 0 else {}
        cells["department"] = _cell([p["dept"]])
        if p["duty"]:
            cells["duty"] = _cell(p["duty"])
        out.append(Row(cells, [p["dept"].n] + [t.n for t in p["duty"]]))
    if cur["basis"]:
        out.append(Row({"basis": _cell(cur["basis"])}, [t.n for t in cur["basis"]]))


def _cell(toks: list[Tok]) -> Cell:
    """A cell of pieces: their texts, lines and raw text (list comprehensions: joining a
    generator was a tenth of this reader's time)."""
    parts = [t.text for t in toks]
    return Cell(parts, [t.n for t in toks], "".join(parts))


def services_from_lines(ex: Any, body: list[tuple[int, str]]) -> Table:
    """Split the service rows into their cells: the service table handed to assembly."""
    ctx, g = ex.ctx, ex.g
    rows: list[dict] = []
    for n, line in body:
        s = line.strip()
        if not s:
            continue
        first, _, rest = s.partition(" ")
        if parse_seq(first) is not None and rest.strip():
            rows.append({"seq": parse_seq(first), "item": rest.strip(), "lines": [n], "cells": []})
        elif rows:
            rows[-1]["lines"].append(n)
            rows[-1]["cells"].append((n, s))
        else:
            ctx.discard(n, "service text before the first numbered row")
    widest = max((len(c) for r in rows for _, c in r["cells"]), default=0)
    out: list[Row] = []
    for row in rows:
        cells = row["cells"]
        kinds = []
        for _, c in cells:
            key = "".join(c.split())
            kinds.append("phone" if _PHONE.match(key) else "short" if len(key) <= widest * 0.45 else "long")
        office_idx = _service_office(g, cells, kinds)
        extra = []
        if office_idx:
            # Short cells right before the office, after a finished content sentence, belong
            # to a column the header does not name (e.g. a 时间 column printed as '全年').
            k = office_idx[0] - 1
            while k >= 0 and kinds[k] == "short" and (k == 0 or g.re_sentence_end.search(cells[k - 1][1])):
                extra.insert(0, k)
                k -= 1
        for k in extra:
            ctx.discard(cells[k][0], "cell of a column the header does not name")
        content = [(n, c) for k, (n, c) in enumerate(cells) if k not in office_idx and k not in extra
                   and kinds[k] != "phone"]
        phones = [(n, "".join(c.split())) for k, (n, c) in enumerate(cells) if kinds[k] == "phone"]
        first = row["lines"][0]
        got = {"seq": Cell([str(row["seq"])], [first], str(row["seq"])), "item": Cell([row["item"]], [first], row["item"])}
        if content:
            got["content"] = Cell([c for _, c in content], [n for n, _ in content], "".join(c for _, c in content))
        if office_idx:
            got["office"] = Cell([cells[k][1] for k in office_idx], [cells[k][0] for k in office_idx],
                                 "".join(cells[k][1] for k in office_idx))
        if phones:  # one phone a service entry; a second one stays in the residue
            got["phone"] = Cell([phones[0][1]], [phones[0][0]], phones[0][1])
        out.append(Row(got, row["lines"]))
    return rows_to_table("services", ["seq", "item", "content", "office", "phone"], out, ["seq", "item", "content"])


def _service_office(g, cells, kinds) -> list[int]:
    """Indices of the office cell's fragments: the last short cell ending with an office
    suffix, and the wrapped fragments right before it (each as wide as the first)."""
    ends = [k for k, kd in enumerate(kinds) if kd == "short"
            and g.ends_with_any("".join(cells[k][1].split()), g.cells.office_suffixes)]
    if not ends:
        return []
    e = ends[-1]
    idx = [e]
    k = e - 1
    while k >= 0 and kinds[k] == "short" and not g.ends_with_any(cells[k][1], g.cells.office_suffixes):
        if idx[:-1] and len(cells[k][1]) < len(cells[idx[0]][1]) - 1:
            break
        if len(idx) == 1 and len(cells[k][1]) < 4:
            break
        idx.insert(0, k)
        k -= 1
    return idx
