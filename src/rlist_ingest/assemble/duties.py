"""Duty tables (部门职责) to responsibilities and their work items, and the 序号 a
printed table leaves out."""

from __future__ import annotations

from ..records import WORK_ITEMS, Responsibility
from .context import Context, parse_seq
from .rows import Row, txt


def rows_to_responsibilities(ctx: Context, rows: list[Row]) -> list[Responsibility]:
    """Duty-table rows to responsibilities. A row with a 序号 or 主要职责 opens a
    responsibility unless it repeats the open one (a row group cut by a page break)."""
    out: list[Responsibility] = []
    items: dict[int, list[dict]] = {}  # id(responsibility) -> its work items, validated at the end
    for row in rows:
        seq_cell = row.get("seq")
        seq = parse_seq(seq_cell.raw) if seq_cell else None
        duty = txt(ctx, row, "duty")
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
        item = txt(ctx, row, "item")
        if item:
            items.setdefault(id(cur), []).append({"text": item, "office": txt(ctx, row, "office"),
                                                  "remark": txt(ctx, row, "remark"),
                                                  "provenance": ctx.prov(row.first, row.last)})
        cur.provenance = ctx.prov(cur.provenance.line_first, row.last)
    for r in out:
        if id(r) in items:  # one validation call per responsibility (records.WORK_ITEMS)
            r.items = WORK_ITEMS.validate_python(items[id(r)])
    return out


def infer_seqs(seqs: list[int | None]) -> list[tuple[int | None, bool]]:
    """(序号, inferred) per group: a missing 序号 is the previous one plus one, if that
    stays below the next printed one (two unnumbered groups between 11 and 14 are 12 and
    13); otherwise it stays None."""
    seqs = list(seqs)
    out = []
    for idx, seq in enumerate(seqs):
        inferred = seq is None
        if inferred:
            prev = next((s for s in reversed(seqs[:idx]) if s is not None), 0)
            gap = next((k for k, s in enumerate(seqs[idx:]) if s is not None), None)
            seq = prev + 1 if gap is None or prev + 1 < (seqs[idx + gap] or 0) else None
            seqs[idx] = seq
        out.append((seq, inferred and seq is not None))
    return out


def group_to_responsibility(ctx: Context, seq: int | None, inferred: bool, text_parts: list[str],
                            text_lines: list[int], rows: list[tuple[list[str], list[str], list[int]]]
                            ) -> Responsibility | None:
    """One responsibility from a merged 主要职责 cell read as a block (its text parts and
    lines, those of its 序号 included) and its group's rows (item parts, office parts,
    lines). A block without text is rejected with its rows."""
    text = ctx.text(text_parts)
    if not text:
        ctx.reject(text_lines + [n for _, _, ls in rows for n in ls], "序号 with no 主要职责 text")
        return None
    ctx.use(*text_lines)
    items = []
    for item, office, ls in rows:
        ctx.use(*ls)
        items.append({"text": ctx.text(item), "office": ctx.text(office) or None,
                      "provenance": ctx.prov(min(ls), max(ls))})
    all_lines = text_lines + [n for _, _, ls in rows for n in ls]
    return Responsibility(seq=seq, seq_inferred=inferred, text=text,
                          items=WORK_ITEMS.validate_python(items),  # one call per block
                          provenance=ctx.prov(min(all_lines), max(all_lines)))
