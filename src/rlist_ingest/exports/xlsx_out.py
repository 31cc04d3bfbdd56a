"""Excel export: one workbook, a sheet per table and a 说明 sheet (the data dictionary).

Written by XlsxWriter in constant-memory mode (row by row, whatever the dataset's size).
Header row frozen, filters on, column widths from the data, long text wrapped, ids and
keys kept as columns so VLOOKUP/XLOOKUP joins work. A table longer than a sheet
(1,048,575 rows under the header) continues on ``name (2)``, ``name (3)``…, and the
说明 sheet says so. Text longer than Excel's cell limit (32,767 characters) is cut there,
and the 说明 sheet names the cells (the Parquet and CSV files keep it whole)."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import xlsxwriter

from .. import __version__
from ..outfile import check_file, write_atomically
from ..tables import TABLES
from . import LIST_SEP, dictionary_rows, row_count, table_batches

MAX_ROWS = 1_048_575  # data rows per sheet, under the header
MAX_CELL = 32_767
GENERATOR = f"rlist-ingest {__version__}"
_MARK = b"rlist-ingest"
_KIND = {"string": "s", "int64": "n", "double": "n", "bool": "b"}


def _is_ours(p: Path) -> bool:
    import zipfile

    with zipfile.ZipFile(p) as z:
        return _MARK in z.read("docProps/core.xml") or _MARK in z.read("docProps/app.xml")


def check(path: Path) -> Path:
    return check_file(path, _is_ours, "rlist export", "dataset.xlsx")


def write_xlsx(dataset: Path, path: Path, headers: str = "en", max_rows: int = MAX_ROWS) -> list[str]:
    """Write the workbook; returns its notes (split tables, cut cells)."""
    path = check(path)
    notes: list[str] = []
    write_atomically(path, lambda tmp: _write(dataset, tmp, headers, max_rows, notes))
    return notes


def _width(values: list, header: str) -> float:
    longest = max([len(header)] + [len(v) if isinstance(v, str) else len(str(v)) for v in values if v is not None])
    return min(60, max(8, longest * 1.8 + 2))  # CJK characters are about two columns wide


def _write(dataset: Path, tmp: Path, headers: str, max_rows: int, notes: list[str]) -> None:
    wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    # A fixed creation time (SOURCE_DATE_EPOCH's when set), so that a rerun writes the same bytes.
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    created = datetime.datetime.fromtimestamp(int(epoch) if epoch.isdigit() else 0, datetime.UTC).replace(tzinfo=None)
    wb.set_properties({"title": "rlist-ingest dataset", "author": GENERATOR, "comments": GENERATOR,
                       "created": created})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    top = wb.add_format({"valign": "top"})
    about = wb.add_worksheet("说明")  # first: what a reader opens the workbook to
    split, cut = [], []
    for t in TABLES:
        n = row_count(dataset, t)
        names = t.headers(headers)
        kinds = [_KIND.get(str(ty), "l") for _, ty, _, _ in t.columns]
        sheets = max(1, -(-n // max_rows))
        if sheets > 1:
            split.append(f"{t.name}: {n} rows over {sheets} sheets ({t.name}, {t.name} (2) …)")
        batches = table_batches(dataset, t)
        pending: list[tuple] = []
        for k in range(sheets):
            ws = wb.add_worksheet(t.name if k == 0 else f"{t.name} ({k + 1})")
            write_string, write_number, write_boolean = ws.write_string, ws.write_number, ws.write_boolean
            ws.freeze_panes(1, 0)
            rows_here = min(max_rows, n - k * max_rows) if n else 0
            ws.autofilter(0, 0, max(rows_here, 1), len(names) - 1)
            first = True
            r = 0
            while r < rows_here:
                if not pending:
                    pending = next(batches)
                take, pending = pending[:rows_here - r], pending[rows_here - r:]
                if first:  # widths from the first rows, set before any row (constant-memory mode)
                    for c, name in enumerate(names):
                        w = _width([row[c] for row in take[:500]], name)
                        ws.set_column(c, c, w, wrap if w >= 60 else top)
                    first = False
                    ws.write_row(0, 0, names, head)
                for row in take:
                    r += 1
                    for c, v in enumerate(row):
                        if v is None:
                            continue
                        kind = kinds[c]
                        if kind == "s":  # the typed writers: ws.write's dispatch was a third of the time
                            if len(v) > MAX_CELL:
                                cut.append(f"{ws.name}!{xlsxwriter.utility.xl_rowcol_to_cell(r, c)}")
                                v = v[:MAX_CELL]
                            write_string(r, c, v)
                        elif kind == "n":
                            write_number(r, c, v)
                        elif kind == "b":
                            write_boolean(r, c, v)
                        else:
                            write_string(r, c, LIST_SEP.join(v)[:MAX_CELL])
            if first:
                ws.write_row(0, 0, names, head)
    notes += split + ([f"{len(cut)} cells cut at {MAX_CELL} characters: {', '.join(cut[:20])}"] if cut else [])
    about.set_column(0, 0, 22)
    about.set_column(1, 2, 20)
    about.set_column(3, 3, 12)
    about.set_column(4, 4, 90, wrap)
    about.write_row(0, 0, ["table 表", "column 列", "中文名", "type 类型", "description 说明"], head)
    about.freeze_panes(1, 0)
    rows = dictionary_rows()
    for i, row in enumerate(rows, 1):
        about.write_row(i, 0, row)
    about.autofilter(0, 0, len(rows), 4)
    r = len(rows) + 2
    for line in [f"Written by {GENERATOR}. One sheet per table; ids join the sheets (VLOOKUP/XLOOKUP on "
                 "document_id, responsibility_id…).", *notes]:
        about.write(r, 0, line)
        r += 1
    wb.close()
