"""Service tables (公共服务事项) to service entries, one per office/phone pair."""

from __future__ import annotations

from ..records import Service
from .context import Context, parse_seq
from .rows import Row, txt


def rows_to_services(ctx: Context, rows: list[Row]) -> list[Service]:
    """Service rows. A row with no 序号 and no 服务事项 but its own 承办机构/电话 is another
    office of the service above (one entry per office/phone pair)."""
    out: list[Service] = []
    for row in rows:
        seq_cell = row.get("seq")
        seq = parse_seq(seq_cell.raw) if seq_cell else None
        if seq_cell and seq is not None:
            ctx.use(*seq_cell.lines)
        item, content = txt(ctx, row, "item"), txt(ctx, row, "content")
        office, phone = txt(ctx, row, "office"), txt(ctx, row, "phone")
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
