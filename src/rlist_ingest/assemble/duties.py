"""Duty tables (部门职责) to responsibilities and their work items, and the 序号 a
printed table leaves out."""

from __future__ import annotations

from ..records import WORK_ITEMS, Responsibility
from .context import Context, parse_seq
from .rows import Row, txt


def rows_to_responsibilities(ctx: Context, rows: list[Row]) -> list[Responsibility]:
    """Duty-table rows to responsibilities. A row with a 序号 or 主要职责 (a merged cell's
    first row) opens a responsibility unless it repeats the open one (a row group cut by a
    page break). A responsibility spans its rows and its merged cells, wherever a reader
    found them; an item spans its row. A numbered row without 主要职责 text opens nothing,
    and the rows of its group go to the residue with it rather than to the responsibility
    before. Missing 序号 are inferred from their neighbours (:func:`infer_seqs`)."""
    out: list[Responsibility] = []
    items: dict[int, list[dict]] = {}  # id(responsibility) -> its work items, validated at the end
    span: dict[int, list[int]] = {}  # id(responsibility) -> [first line, last line]
    dead = False  # inside the group of a numbered row that had no 主要职责 text
    for row in rows:
        seq_cell, duty_cell = row.cells.get("seq"), row.cells.get("duty")
        seq = parse_seq(seq_cell.raw) if seq_cell else None
        duty = txt(ctx, row, "duty")
        cur = out[-1] if out else None
        starts = seq is not None or duty is not None
        lo, hi = row.first, row.last  # each a min()/max() over the row's lines: once a row
        merged = [n for c in (seq_cell, duty_cell) if c is not None and c.raw for n in c.lines] \
            if starts else ()
        if starts and not (cur and (seq is None or seq == cur.seq) and (duty is None or duty == cur.text)):
            dead = not duty
            if dead:
                ctx.reject(row.lines + merged, "numbered row without a 主要职责 text")
                continue
            cur = Responsibility(seq=seq, text=duty, provenance=ctx.prov(lo, hi))
            span[id(cur)] = [min(lo, *merged) if merged else lo, hi]
            out.append(cur)
        elif dead:
            ctx.reject(row.lines, "row of a numbered row without a 主要职责 text")
            continue
        if cur is None:
            ctx.reject(row.lines, "work item before the first responsibility")
            continue
        if seq_cell and seq is not None:
            ctx.use(*seq_cell.lines)
        item = txt(ctx, row, "item")
        if item:
            items.setdefault(id(cur), []).append({"text": item, "office": txt(ctx, row, "office"),
                                                  "remark": txt(ctx, row, "remark"),
                                                  "provenance": ctx.prov(lo, hi)})
        s = span[id(cur)]
        s[1] = max(s[1], hi, *merged)
    for r, (seq, inferred) in zip(out, infer_seqs([r.seq for r in out]), strict=True):
        if inferred:
            r.seq, r.seq_inferred = seq, True
        r.provenance = ctx.prov(*span[id(r)])
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
