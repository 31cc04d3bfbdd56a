"""Legacy Excel .xls workbooks, read with xlrd (``formatting_info=True``, which gives the
merged ranges and sheet visibility). Same rules as :mod:`.xlsx`: visible sheets in order,
merged ranges as spans, hidden sheets' cells to the residue."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ..errors import InputError
from ..model import Doc, Skipped
from .grid import Anchor, col_letters, hidden_columns_note, in_hidden_columns, number_text, sheet_to_blocks


def read(path: Path) -> Doc:
    import xlrd

    try:
        with open(os.devnull, "w") as quiet:  # xlrd prints its warnings to stdout otherwise
            wb = xlrd.open_workbook(str(path), formatting_info=True, on_demand=False, logfile=quiet)
    except xlrd.biffh.XLRDError as e:
        if "encrypt" in str(e).lower():
            raise InputError(str(path), None, "an unprotected workbook", "a password-protected .xls",
                             hint="open it with its password and save a copy without one", code="encrypted") from e
        raise InputError(str(path), None, "an Excel workbook (.xls)", f"a file xlrd cannot read ({e})",
                         hint="open it in Excel or LibreOffice and save it again", code="bad-xls") from e
    except Exception as e:  # noqa: BLE001 - a damaged workbook makes xlrd raise anything
        raise InputError(str(path), None, "an Excel workbook (.xls)", f"a damaged file ({type(e).__name__})",
                         hint="open it in Excel or LibreOffice and save it again", code="bad-xls") from e
    doc = Doc(format="xls", encoding="utf-16-le")
    for ws in wb.sheets():
        title = ws.name
        values = {}
        for r in range(ws.nrows):
            for c in range(ws.ncols):
                t = _text(ws.cell(r, c), wb.datemode, xlrd)
                if t.strip():
                    values[(r, c)] = t
        if ws.visibility:
            state = "hidden" if ws.visibility == 1 else "very hidden"
            for (r, c), t in sorted(values.items()):
                doc.skipped.append(Skipped(f"{title}!{col_letters(c)}{r + 1}", t, f"cell of the {state} sheet {title}"))
            doc.notes.append(f"sheet {title} is {state}: its cells are in the residue, not read")
            continue
        merged = {(rlo, clo): (rhi - rlo, chi - clo) for rlo, rhi, clo, chi in ws.merged_cells}
        covered = {(r, c) for (r0, c0), (nr, nc) in merged.items() for r in range(r0, r0 + nr)
                   for c in range(c0, c0 + nc) if (r, c) != (r0, c0)}
        hidden = [r for r, info in ws.rowinfo_map.items() if info.hidden and any(k[0] == r for k in values)]
        if hidden:
            doc.notes.append(f"sheet {title}: {len(hidden)} hidden row(s) read as content (first: row {min(hidden) + 1})")
        gone = {c for c, info in ws.colinfo_map.items() if info.hidden}
        anchors = []
        for (r, c), t in sorted(values.items()):
            if in_hidden_columns(c, merged.get((r, c), (1, 1))[1], gone):
                if (r, c) not in covered:
                    doc.skipped.append(Skipped(f"{title}!{col_letters(c)}{r + 1}", t, "cell of a hidden column"))
                continue
            if (r, c) in covered:
                doc.skipped.append(Skipped(f"{title}!{col_letters(c)}{r + 1}", t, "value hidden under a merged cell"))
                continue
            nr, nc = merged.get((r, c), (1, 1))
            anchors.append(Anchor(r, c, nr, nc, t.replace("\r\n", "\n").split("\n")))
        if note := hidden_columns_note(title, gone, {c for _, c in values}):
            doc.notes.append(note)
        doc.sheets.append(title)
        doc.blocks += sheet_to_blocks(anchors, lambda r, c, t=title: f"{t}!{col_letters(c)}{r + 1}",
                                      lambda r0, c0, r1, c1, t=title:
                                      f"{t}!{col_letters(c0)}{r0 + 1}:{col_letters(c1)}{r1 + 1}")
    if not doc.blocks:
        raise InputError(str(path), None, "a workbook with a filled sheet", "only empty sheets",
                         hint="check that this is the list's workbook; hidden sheets are not read", code="empty-workbook")
    return doc


def _text(cell, datemode, xlrd) -> str:
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return number_text(cell.value)
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            d = xlrd.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return number_text(cell.value)
        return d.date().isoformat() if d.time() == dt.time() else d.isoformat(sep=" ")
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if cell.ctype in (xlrd.XL_CELL_TEXT,):
        return str(cell.value)
    return ""
