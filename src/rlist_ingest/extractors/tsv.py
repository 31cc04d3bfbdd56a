"""Tab-delimited rows, one table row per line, as a spreadsheet saves them.

A cell that starts with a double quote is quoted if a closing quote follows it before a
TAB or the end of a line; inside, a doubled quote is one quote, and TABs and line breaks
are text (that is how spreadsheets write cells holding them). A quote that is never
closed that way within MAX_QUOTED_LINES lines is text: a list may well start a cell with
"互联网+"政务. Line breaks that were not quoted leave lines without a TAB; those continue
the last cell with text of the row above.

Word's "convert table to text" keeps a cell's paragraph marks unquoted, so one row may
span several lines that each hold a TAB: a row shorter than the table whose last cell has
text, followed by lines whose first cell has text, is one row when their cell counts add
up to exactly the table's width (the widest line of the section), each line's first cell
continuing the cell before it. That is done only where the writer keeps empty cells at a
row's end (some line of the document ends in a TAB, as Word's and Calc's do): a writer that drops
them writes short rows of its own, which stay rows.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

# An open quoted cell that has not closed after this many lines was no quoting after all.
MAX_QUOTED_LINES = 50


class RawCell(NamedTuple):
    parts: list[str]  # the cell's text, one part per source line
    lines: list[int]
    row: int  # index of the row in the section


def one_row_per_line(lines: list[tuple[int, str]]) -> bool:
    """True if more TABs stand between cells on a line than lead a line (the other TAB
    form, where every cell is a line of its own led by a TAB). Counted on the joined text."""
    text = "\n" + "\n".join([ln for _, ln in lines])
    leading = len(_LEADING_TAB.findall(text))
    return text.count("\t") - leading > leading


_LEADING_TAB = regex.compile(r"\n[ \u3000\xa0]*\t")


def keeps_empty_ends(lines: list[tuple[int, str]]) -> bool:
    """True if the writer keeps a row's empty cells at its end: some row, split as the
    reader splits rows (quoted cells may hold TABs and line breaks), ends in an empty cell.
    A writer that drops them makes short rows of its own, so rows are not joined."""
    i = 0
    while i < len(lines):
        line = lines[i][1]
        if "\t" not in line and not line.startswith('"'):
            i += 1
            continue
        fields, i = split_row(lines, i)
        if len(fields) >= 2 and fields[-1][0] == [""]:
            return True
    return False


def lines_to_raw_cells(lines: list[tuple[int, str]], discard, padded: bool | None = None) -> list[RawCell]:
    """The cells of the section's rows, in order. ``discard(line, reason)`` takes the lines
    that belong to no cell. ``padded``: whether the document's writer keeps empty cells at
    a row's end (:func:`keeps_empty_ends` of the whole document; default: of these lines)."""
    cells: list[RawCell] = []
    row = i = 0
    width = _width(lines)
    if padded is None:
        padded = keeps_empty_ends(lines)
    while i < len(lines):
        n, line = lines[i]
        if not line.strip():
            i += 1
            continue
        if "\t" not in line and not (line.startswith('"') and _quoted(lines, i, 0) is not None):
            last = next((c for c in reversed(cells) if c.row == row - 1 and "".join(c.parts).strip()), None)
            if last is None:
                discard(n, "text before the table's first cell")
            else:
                last.parts.append(line)
                last.lines.append(n)
            i += 1
            continue
        fields, i = split_row(lines, i)
        if padded and len(fields) < width:
            fields, i = _continued(lines, i, fields, width)
        cells += [RawCell(parts, at, row) for parts, at in fields]
        row += 1
    return cells


def _width(lines: list[tuple[int, str]]) -> int:
    """Cells in the section's widest row: TABs counted per line, or, where quotes may hide
    TABs inside cells, rows split as the reader splits them."""
    if not any('"' in ln for _, ln in lines):
        return max((ln.count("\t") + 1 for _, ln in lines), default=0)
    width, i = 0, 0
    while i < len(lines):
        if "\t" not in lines[i][1] and not lines[i][1].startswith('"'):
            i += 1
            continue
        fields, i = split_row(lines, i)
        width = max(width, len(fields))
    return width


def _continued(lines, i: int, fields, width: int):
    """``fields`` and the lines from ``lines[i]`` that continue their row (see the module
    doc), if they make up exactly ``width`` cells; else ``fields`` alone."""
    if not "".join(fields[-1][0]).strip():
        return fields, i
    out = [(list(p), list(a)) for p, a in fields]
    j = i
    while len(out) < width and j < len(lines):
        n, line = lines[j]
        if not line.strip():
            break
        if "\t" not in line:  # a paragraph of the open cell
            out[-1][0].append(line)
            out[-1][1].append(n)
            j += 1
            continue
        more, k = split_row(lines, j)
        if not "".join(more[0][0]).strip() or len(out) + len(more) - 1 > width:
            break
        out[-1][0].extend(more[0][0])
        out[-1][1].extend(more[0][1])
        out.extend(more[1:])
        j = k
    return (out, j) if len(out) == width else (fields, i)


def split_row(lines: list[tuple[int, str]], i: int) -> tuple[list[tuple[list[str], list[int]]], int]:
    """The cells (text parts, line numbers) of the row that starts at ``lines[i]``, and the
    index of the line after it."""
    out: list[tuple[list[str], list[int]]] = []
    j, pos = i, 0
    while True:
        n, text = lines[j]
        quoted = _quoted(lines, j, pos) if text.startswith('"', pos) else None
        if quoted is not None:
            parts, at, j, pos = quoted
            out.append((parts, at))
            n, text = lines[j]
            if pos >= len(text):
                return out, j + 1
            pos += 1  # the TAB after the closing quote
            continue
        tab = text.find("\t", pos)
        if tab < 0:
            out.append(([text[pos:]], [n]))
            return out, j + 1
        out.append(([text[pos:tab]], [n]))
        pos = tab + 1


def _quoted(lines: list[tuple[int, str]], j: int, pos: int):
    """The quoted cell whose opening quote is at ``lines[j][1][pos]``: (parts, line
    numbers, line index and position just after the closing quote), or None if it does
    not close before a TAB or a line end within MAX_QUOTED_LINES lines."""
    parts: list[str] = []
    at: list[int] = []
    start, k = j, pos + 1
    while j < len(lines) and j - start <= MAX_QUOTED_LINES:
        n, text = lines[j]
        buf: list[str] = []
        while k < len(text):
            ch = text[k]
            if ch != '"':
                buf.append(ch)
                k += 1
            elif text.startswith('""', k):
                buf.append('"')
                k += 2
            elif k + 1 == len(text) or text[k + 1] == "\t":
                parts.append("".join(buf))
                at.append(n)
                return parts, at, j, k + 1
            else:
                return None  # a lone quote inside the cell: it was text
        parts.append("".join(buf))
        at.append(n)
        j, k = j + 1, 0
    return None
