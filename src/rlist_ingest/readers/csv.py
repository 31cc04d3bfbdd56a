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
    """(delimiter, share) of the best delimiter: the share of the rows with two or more
    fields that have the commonest field count, which must be three or more. Rows of one
    field (titles, prose an export did not pad) do not count against it, but such rows
    may not be more than four in five. A share of 0: no delimiter gives such rows."""
    best = (",", 0.0)
    for d in DELIMITERS:
        try:
            recs = [r for r in _records(text, d) if any(x.strip() for x in r)]
        except csv.Error:
            continue
        multi = [r for r in recs if len(r) >= 2]
        if len(multi) < max(2, 0.2 * len(recs)):
            continue
        widths = Counter(len(r) for r in multi)
        width, n = widths.most_common(1)[0]
        if width < 3:
            continue
        share = n / len(multi)
        if share > best[1]:
            best = (d, share)
    return best


def looks_like_csv(head: bytes) -> bool:
    """True if the first 64 KiB read as CSV: no TABs, and at least 60% of the rows with
    several fields split into the same three or more by a comma or semicolon."""
    from ..source import decode

    text = None
    for cut in range(4):  # the head may end inside a multi-byte character
        try:
            text, _ = decode(head[:len(head) - cut] if cut else head, "")
            break
        except InputError:
            continue
    if text is None:
        return False
    if "\t" in text or "\x00" in text:
        return False
    lines = text.splitlines()
    # CSV rows of three or more fields have two delimiters each, on a fifth of the rows at
    # least: a text with fewer is no CSV (and most text dumps stop here, unparsed).
    if max(text.count(","), text.count(";")) < 0.4 * max(1, len(lines)):
        return False
    if len(lines) > 1:
        text = "\n".join(lines[:-1])  # the 64 KiB cut may end inside a row
    d, share = dialect(text)
    return share >= 0.6


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
