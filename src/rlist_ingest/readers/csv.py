"""CSV files: comma- or semicolon-separated rows, quoted cells (which may hold line
breaks), in any encoding the text reader accepts. The delimiter is sniffed from the
rows (the one that splits most rows into the same number of fields); TAB-delimited
text is left to the text reader, which reads it already. Rows become blocks as a
spreadsheet's do (:mod:`.grid`); a cell's origin is its CSV record and column.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from ..errors import InputError
from ..model import Doc
from .grid import Anchor, sheet_to_blocks

DELIMITERS = (",", ";")


def _records(text: str, delim: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delim, quotechar='"', doublequote=True,
                           skipinitialspace=False, strict=False))


def dialect(text: str) -> tuple[str, float]:
    """(delimiter, share of non-empty rows with the modal field count) of the best
    delimiter; a share of 0 when no delimiter gives rows of three or more fields."""
    best = (",", 0.0)
    for d in DELIMITERS:
        try:
            recs = [r for r in _records(text, d) if any(x.strip() for x in r)]
        except csv.Error:
            continue
        if not recs:
            continue
        widths = Counter(len(r) for r in recs)
        width, n = widths.most_common(1)[0]
        if width < 3:
            continue
        share = sum(c for w, c in widths.items() if w == width) / len(recs)
        if share > best[1]:
            best = (d, share)
    return best


def looks_like_csv(head: bytes) -> bool:
    """True if the first 64 KiB read as CSV: no TAB-separated rows, and at least half the
    rows split into the same three or more fields by a comma or semicolon."""
    from ..source import decode

    try:
        text, _ = decode(head, "")
    except InputError:
        return False
    if "\t" in text or "\x00" in text:
        return False
    lines = text.splitlines()
    if len(lines) > 1:
        text = "\n".join(lines[:-1])  # the 64 KiB cut may end inside a row
    d, share = dialect(text)
    return share >= 0.5


def read(path: Path) -> Doc:
    from ..source import check_bytes, decode

    data = path.read_bytes()
    check_bytes(data, str(path))
    text, enc = decode(data, str(path))
    delim, share = dialect(text)
    if share == 0:
        raise InputError(str(path), None, "CSV rows of three or more fields", "no such rows",
                         hint="save the table as CSV with commas or semicolons, or as tab-delimited text",
                         code="not-csv")
    anchors = []
    try:
        recs = _records(text, delim)
    except csv.Error as e:
        raise InputError(str(path), None, "well-formed CSV", str(e), hint="re-export the table", code="bad-csv") from e
    for r, rec in enumerate(recs):
        for c, v in enumerate(rec):
            if v.strip():
                anchors.append(Anchor(r, c, 1, 1, v.replace("\r\n", "\n").split("\n")))
    doc = Doc(format="csv", encoding=enc, notes=[f"CSV delimiter {delim!r}"])
    doc.blocks = sheet_to_blocks(anchors, lambda r, c: f"row {r + 1} col {c + 1}",
                                 lambda r0, c0, r1, c1: f"rows {r0 + 1}-{r1 + 1} cols {c0 + 1}-{c1 + 1}"
                                 if r0 != r1 else f"row {r0 + 1} cols {c0 + 1}-{c1 + 1}")
    return doc
