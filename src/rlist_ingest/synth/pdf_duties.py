"""Render duty tables the way pdftotext prints a Word table (synthetic corpora, tests).

Rows: item lines wrapped at ``w_item``, then office lines wrapped at ``w_office`` (or on
the item's line when both fit), then a one-space line for the empty 备注 cell. The merged
主要职责 cell (序号 + text wrapped at ``w_main``) is printed before the group's last row on
each page ("last") or before its first row ("first"); a group crossing a page prints its
text in two pieces. A page break is three empty lines and a one-space line.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SYL = list("统筹建立覆盖城乡社会保障体系组织实施就业创业政策规划标准负责全县人事工资福利档案培训监督管理审核服务")
OFFICES = ["秘书股", "人事与福利教育股", "就业培训中心", "劳动监察大队", "基金和财务股", "城乡居民社会养老保险股"]


@dataclass
class Group:
    seq: int
    text: str
    items: list[tuple[str, str]]  # (text, office)


def make_groups(rng: random.Random, n: int) -> list[Group]:
    def phrase(lo, hi):
        return "".join(rng.choice(SYL) for _ in range(rng.randint(lo, hi)))

    groups = []
    for s in range(1, n + 1):
        text = "，".join(phrase(6, 14) for _ in range(rng.randint(2, 6))) + "。"
        items = [(phrase(8, 20) + ("；" + phrase(6, 24) if rng.random() < 0.5 else ""), rng.choice(OFFICES))
                 for _ in range(rng.randint(1, 7))]
        groups.append(Group(s, text, items))
    return groups


def wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def render(groups: list[Group], w_item=24, w_main=13, w_office=6, page_rows=12, position="last",
           missing: set[int] = frozenset(), rng: random.Random | None = None) -> str:
    """A whole document: title, section heading, then the duty table."""
    head = ["县人力资源和社会保障局责任清单 ", "一、部门职责 ", ""]
    return "\n".join(head + render_lines(groups, w_item, w_main, w_office, page_rows, position, missing,
                                         rng)) + "\n"


def render_lines(groups: list[Group], w_item=24, w_main=13, w_office=6, page_rows=12, position="last",
                 missing: set[int] = frozenset(), rng: random.Random | None = None) -> list[str]:
    """The duty table alone (column header first), as lines."""
    rng = rng or random.Random(0)
    out = ["序号 主要职责 具体工作事项 责任科室 备注 ", ""]
    rows_on_page = 0

    def page_break():
        out.extend(["", "", "", " ", ""])

    def emit_row(text, office):
        il, ol = wrap(text, w_item), wrap(office, w_office)
        if len(il) == 1 and len(ol) == 1 and rng.random() < 0.5:
            out.append(f"{il[0]} {ol[0]}  ")
            out.append("")
            return
        out.extend(ln + " " for ln in il)
        out.append("")
        out.extend(ol)
        out.extend([" ", ""])

    def emit_chunk(lines, seq):
        if seq is not None:
            out.extend([f"{seq} ", ""])
        out.extend(lines)
        out.append("")

    for g in groups:
        seq = None if g.seq in missing else g.seq
        # Split the group's rows by page.
        pages, cur = [], []
        for it in g.items:
            if rows_on_page == page_rows:
                pages.append(cur)
                cur, rows_on_page = [], 0
                pages.append(None)  # page break marker
            cur.append(it)
            rows_on_page += 1
        pages.append(cur)
        segs = [p for p in pages if p]
        lines = wrap(g.text, w_main)
        # Text pieces per page segment, proportional to rows, at least one line each.
        pieces, start = [], 0
        for k, seg in enumerate(segs):
            take = len(lines) - start if k == len(segs) - 1 else max(1, min(
                len(lines) - start - (len(segs) - k - 1), round(len(lines) * len(seg) / len(g.items))))
            pieces.append(lines[start:start + take])
            start += take
        seg_i = 0
        for p in pages:
            if p is None:
                page_break()
                continue
            if not p:
                continue
            piece = pieces[seg_i]
            first_seg = seg_i == 0
            seg_i += 1
            for r, (text, office) in enumerate(p):
                at = 0 if position == "first" else len(p) - 1
                if r == at and piece:
                    emit_chunk(piece, seq if first_seg else None)
                emit_row(text, office)
    page_break()
    return out
