"""Power tables (权责清单) to powers, their 子项 and the parsed citations, duties and
accountability of their cells.

A power is a group of rows: a row opens one when its 序号 differs from the open power's,
or, without a 序号, when it names another 事项 (a power whose 序号 the list left out). The
rows of a power with several 子项 print either one cell over the whole group (merged, or
only in its first row) or a cell per 子项 row; per group and column the tool decides which
from the cells themselves, so the same list gives the same records from a workbook (merged
ranges) and from a dump (the merged text in the first row, the rest empty): a column with
text in the first row only belongs to the power, any other to the 子项 of its rows.
"""

from __future__ import annotations

import regex

from ..records import POWER_TYPES, Accountability, Basis, Power, PowerDuty, PowerItem
from ..textnorm import clean, join_wrapped
from .citations import split_cases, split_citations, split_duties, split_parties
from .context import Context, parse_seq
from .duties import infer_seqs
from .rows import Row

# Columns that a power or its 子项 may hold, and the record field each one fills.
ATTRS = {"type": "type_printed", "basis": "basis", "subject": "subject", "office": "office", "level": "level",
         "scope": "scope", "duty": "duty", "resp": "resp", "resp_basis": "resp_basis", "parties": "parties_text",
         "cases": "cases_text", "remark": "remark"}
# Cells whose line breaks are structure (a citation per line, numbered items): kept as printed.
STRUCTURED = ("basis", "resp", "resp_basis", "parties", "cases")
_NONE = {"无", "/", "-", "—", "——", "／"}


def _text(row: Row, f: str) -> str:
    c = row.cells.get(f)
    return c.raw if c is not None else ""


def _printed(parts: list[str]) -> str:
    """A cell's text as printed, line breaks kept; runs of spaces in a line (padding, an
    ideographic space) one space, as an HTML export prints them, so formats agree."""
    return "\n".join(" ".join(p.split()) for p in parts if p.strip())


def normalise_type(printed: str | None, synonyms: dict[str, str]) -> str | None:
    """权力类型 as one of the national categories, or None when it names none."""
    if not printed:
        return None
    key = "".join(printed.split()).rstrip("类")
    key = synonyms.get(key, key)
    return key if key in POWER_TYPES else None


def split_level(text: str, level_pat: regex.Pattern) -> tuple[str | None, str | None]:
    """One 实施层级及权限 column: (level, scope). A text that opens with a level (地州市级,
    县市区级…) gives that level and the rest as scope; any other text is scope."""
    key = "".join(text.split())
    m = level_pat.match(key)
    if not m:
        return None, text
    rest = key[m.end():].lstrip("。；;，,：: ")
    return m[0], rest or None


def rows_to_powers(ctx: Context, rows: list[Row]) -> list[Power]:
    """Power-table rows to powers (see the module's docstring)."""
    groups: list[list[Row]] = []
    label = name = None
    for row in rows:
        if not any(c.raw for c in row.cells.values()):
            continue
        s, n = "".join(_text(row, "seq").split()), _text(row, "name")
        if groups and not ((s and s != label) or (n and n != name)):
            groups[-1].append(row)
            continue
        groups.append([row])
        label, name = s or None, n or None
    out = [p for g in groups if (p := _power(ctx, g)) is not None]
    _infer_seqs(out)
    return out


def _infer_seqs(powers: list[Power]) -> None:
    plain = [p for p in powers if p.seq_printed is None]
    for p, (seq, inferred) in zip(plain, infer_seqs([p.seq for p in plain]), strict=True):
        if inferred:
            p.seq, p.seq_inferred = seq, True


def _power(ctx: Context, rows: list[Row]) -> Power | None:
    first = rows[0]
    name_cell = first.cells.get("name")
    lines = sorted({n for r in rows for n in r.lines})
    if name_cell is None or not name_cell.raw:
        ctx.reject(lines, "power row without a 事项名称")
        return None
    seq_cell = first.cells.get("seq")
    seq_raw = "".join(seq_cell.raw.split()) if seq_cell is not None else ""
    seq = parse_seq(seq_raw) if seq_raw else None
    power: dict = {"name": name_cell.raw, "seq": seq, "seq_printed": seq_raw if seq_raw and seq is None else None,
                   "provenance": ctx.prov(lines[0], lines[-1])}
    used = [name_cell, seq_cell]
    if (code := first.cells.get("code")) is not None and code.raw:
        power["code"] = code.raw
        used.append(code)
    # A later row repeating the power's 序号 and name (its group printed again).
    for r in rows[1:]:
        for f in ("seq", "name"):
            c = r.cells.get(f)
            if c is not None and c.raw:
                ctx.drop_cell(c.lines[0], c.raw, f"repeats the {'序号' if f == 'seq' else '事项名称'} of the power above")
    # The 子项 rows: each row naming a 子项 opens an item; rows after it without one are its.
    items: list[tuple[dict, list[Row]]] = []
    head: list[Row] = []
    for r in rows:
        c = r.cells.get("item")
        if c is not None and c.raw:
            if "".join(c.raw.split()) in _NONE:
                ctx.drop_cell(c.lines[0], c.raw, "子项名称 says the power has no 子项")
                used.append(c)
                (items[-1][1] if items else head).append(r)
                continue
            used.append(c)
            items.append(({"name": c.raw}, [r]))
        else:
            (items[-1][1] if items else head).append(r)
    for item, its in items:  # a 子项 spans its rows
        item["provenance"] = ctx.prov(min(r.first for r in its), max(r.last for r in its))
    for f in ATTRS:
        filled = [r for r in rows if _text(r, f)]
        if not filled:
            continue
        if filled == [first] or not items:
            own = filled[0]
            _fill(ctx, power, f, own.cells[f])
            used.append(own.cells[f])
            for r in filled[1:]:
                c = r.cells[f]
                ctx.drop_cell(c.lines[0], c.raw, "a further row of the power with cells of its own but no 子项名称")
                ctx.warn(f"power {power['name'][:20]} has rows of its own without a 子项名称; "
                         "their cells are in the residue")
            continue
        for r in head:
            if _text(r, f):
                _fill(ctx, power, f, r.cells[f])
                used.append(r.cells[f])
        for item, its in items:
            cells = [r.cells[f] for r in its if _text(r, f)]
            if cells:
                _fill(ctx, item, f, cells[0])
                used.append(cells[0])
                for c in cells[1:]:
                    ctx.drop_cell(c.lines[0], c.raw, "a second cell of the 子项 in this column")
    for c in used:
        if c is not None and c.raw:
            ctx.use(*c.lines)
    # A row none of whose cells a record keeps goes to the residue whole, with its reason.
    kept = {id(c) for c in used if c is not None}
    for r in rows[1:]:
        if not any(id(c) in kept for c in r.cells.values() if c.raw):
            ctx.reject(r.lines,
                       "a further row of the power that names no 子项: its cells differ from the power's first row")
    if power.get("type") is None and items:
        # The type its 子项 share, so that a count of powers by type counts this one; its
        # printed text stays the 子项's own (type_printed is only what the power's cell says).
        types = {i.get("type") for i, _ in items}
        if len(types) == 1 and None not in types:
            power["type"] = types.pop()
    if power.get("type") is None and not power.get("type_printed") and not items:
        power["type"] = _sheet_type(ctx, lines[0])
    power["items"] = [PowerItem(**i) for i, _ in items]
    p = Power(**power)
    if p.type is None and p.type_printed:
        ctx.warn(f"权力类型 {p.type_printed!r} names none of the national categories "
                 f"({'、'.join(POWER_TYPES)})")
    return p


def _sheet_type(ctx: Context, line: int) -> str | None:
    """The type a workbook's sheet (or a sheet's text export, by its file name) is named for
    (行政许可（11项）), for a power whose type cell is empty: lists with a sheet per type
    leave the cell blank now and then."""
    rows = ctx.rendering.rows if ctx.rendering is not None else None
    if rows and "!" in rows[line - 1].origin:
        name = rows[line - 1].origin.rsplit("!", 1)[0]
    else:
        name = ctx.src.name.replace("\\", "/").rsplit("/", 1)[-1]
    named = [t for t in POWER_TYPES if t in "".join(name.split())]
    return named[0] if len(named) == 1 else None


def _short(parts: list[str]) -> str:
    """A short cell's text: wrapped lines joined, spaces typed between Chinese characters
    (人 口普查, 科 、社) dropped, whichever form the cell came in."""
    return clean(join_wrapped(parts), True)


def _fill(ctx: Context, rec: dict, f: str, cell) -> None:
    """Set the record field of column ``f`` from ``cell``, and the records parsed from it."""
    g = ctx.grammar
    printed = _printed(cell.parts)
    prov = rec["provenance"]
    if f == "type":
        rec["type_printed"] = cell.raw
        rec["type"] = normalise_type(rec["type_printed"], g.powers.type_synonyms)
    elif f == "level" and "scope" not in ctx.columns:
        rec["level"], rec["scope"] = split_level(_short(cell.parts), g.re_power_level)
    elif f in STRUCTURED:
        rec[ATTRS[f]] = printed
    else:  # a short cell's line breaks are wraps of a narrow column
        rec[ATTRS[f]] = _short(cell.parts)
    if f in ("basis", "resp_basis"):
        rec.setdefault("bases", []).extend(Basis(field=f, provenance=prov, **b) for b in split_citations(printed))
    elif f == "resp":
        rec.setdefault("duties", []).extend(PowerDuty(provenance=prov, **d) for d in split_duties(printed))
    elif f == "parties":
        rec.setdefault("accountability", []).extend(Accountability(provenance=prov, **a) for a in split_parties(printed))
    elif f == "cases":
        rec.setdefault("accountability", []).extend(Accountability(provenance=prov, **a) for a in split_cases(printed))
