"""Excel .xlsx workbooks, read with openpyxl in normal mode (read-only mode has no merged
ranges). Each visible sheet in order; a merged range is one cell with its span, its value
taken from the range's top-left cell. Hidden sheets are not read as content: their cells
go to the residue, with the sheet named. Hidden rows are read and noted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import InputError
from ..model import Doc, Skipped
from .grid import Anchor, col_letters, hidden_columns_note, in_hidden_columns, number_text, sheet_to_blocks


def cell_text(v) -> str:
    """A cell value as text: integral numbers without ``.0``, dates in ISO form."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return number_text(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    return str(v)


def read(path: Path) -> Doc:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as e:  # noqa: BLE001 - a damaged workbook makes openpyxl raise anything
        raise InputError(str(path), None, "an Excel workbook (.xlsx)",
                         f"a file openpyxl cannot open ({type(e).__name__}: {str(e)[:80]})",
                         hint="open it in Excel or LibreOffice and save it again as .xlsx",
                         code="bad-xlsx") from e
    doc = Doc(format="xlsx", encoding="utf-8")
    for ws in wb.worksheets:
        grid = {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None}
        merged = {(m.min_row, m.min_col): (m.max_row - m.min_row + 1, m.max_col - m.min_col + 1)
                  for m in ws.merged_cells.ranges}
        covered = {(r, c) for (r0, c0), (nr, nc) in merged.items() for r in range(r0, r0 + nr)
                   for c in range(c0, c0 + nc) if (r, c) != (r0, c0)}
        title = ws.title
        if ws.sheet_state != "visible":
            for (r, c), v in sorted(grid.items()):
                if cell_text(v).strip():
                    doc.skipped.append(Skipped(f"{title}!{col_letters(c - 1)}{r}", cell_text(v),
                                               f"cell of the {ws.sheet_state} sheet {title}"))
            doc.notes.append(f"sheet {title} is {ws.sheet_state}: its cells are in the residue, not read")
            continue
        hidden = [r for r, d in ws.row_dimensions.items() if d.hidden and any(k[0] == r for k in grid)]
        if hidden:
            doc.notes.append(f"sheet {title}: {len(hidden)} hidden row(s) read as content (first: row {min(hidden)})")
        gone = {c for d in ws.column_dimensions.values() if d.hidden and d.min for c in range(d.min, (d.max or d.min) + 1)}
        if note := hidden_columns_note(title, gone, {c for _, c in grid}):
            doc.notes.append(note)
        anchors = []
        for (r, c), v in grid.items():
            if (r, c) in covered:  # openpyxl empties a merge's other cells as it loads
                continue
            if in_hidden_columns(c, merged.get((r, c), (1, 1))[1], gone):
                if cell_text(v).strip():
                    doc.skipped.append(Skipped(f"{title}!{col_letters(c - 1)}{r}", cell_text(v), "cell of a hidden column"))
                continue
            nr, nc = merged.get((r, c), (1, 1))
            anchors.append(Anchor(r - 1, c - 1, nr, nc, cell_text(v).replace("\r\n", "\n").split("\n")))
        anchors.sort(key=lambda a: (a.r, a.c))
        blocks = sheet_to_blocks(anchors, lambda r, c, t=title: f"{t}!{col_letters(c)}{r + 1}",
                                 lambda r0, c0, r1, c1, t=title: f"{t}!{col_letters(c0)}{r0 + 1}:{col_letters(c1)}{r1 + 1}")
        doc.sheets.append(title)
        doc.blocks += blocks
    if not doc.blocks:
        raise InputError(str(path), None, "a workbook with a filled sheet", "only empty sheets"
                         + (" (and hidden ones)" if doc.skipped else ""),
                         hint="check that this is the list's workbook; hidden sheets are not read", code="empty-workbook")
    return doc
