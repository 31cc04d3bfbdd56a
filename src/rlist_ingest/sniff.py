"""Split a document into sections and decide which layout each one uses.

A section starts at a heading the grammar knows (``一、部门职责``, ``与相关部门的职责边界``,
``四、事中事后监督管理制度``...), or, where a list has no heading, at a table's column header
(``序号 主要职责 具体工作事项``) of a kind other than the section it stands in, or, before
any section, at a regime （一） whose next line is its first part 一、. Its layout is
read off its lines: TAB-separated cells are a table dump, numbered prose sections are
prose, anything else tabular is a PDF text dump.
"""

from __future__ import annotations

from dataclasses import dataclass

from .grammar import Grammar
from .records import Layout
from .source import Source
from .textnorm import is_aligned


@dataclass
class SectionSpan:
    kind: str  # duties | boundaries | regimes | services | preamble
    heading: str | None
    heading_line: int | None
    first: int  # first body line (1-based)
    last: int  # last body line (inclusive)
    layout: Layout | None = None


def headings(keys: list[str], grammar: Grammar) -> list[tuple[int, str]]:
    """(line number, section kind) of each line that is a section heading.
    ``keys``: the lines without whitespace (``Source.keys``). One loop over the lines, not
    a call per line: that call was half the time of sectioning."""
    kinds, digits, label = grammar.heading_kinds, grammar.numbering.cn_digits, grammar.re_section_label
    out = []
    for n, key in enumerate(keys, 1):
        if not key or len(key) > 24:  # headings are short
            continue
        kind = kinds.get(key)
        if kind is None and key[0] in digits:
            kind = kinds.get(label.sub("", key, count=1))
        if kind is not None:
            out.append((n, kind))
    return out


def table_headers(src: Source, grammar: Grammar, runs: list[tuple[int, int]] | None = None) -> list[tuple[int, str]]:
    """(first line, table kind) of each column header: a line of header names separated by
    TABs or spaces (a TSV row, a PDF text line), or a run of lines holding one header name
    each (a table dumped one cell per line; ``runs`` collects their first and last lines)."""
    names, prefixes, keys = grammar.header_names, grammar.header_name_prefixes, src.keys
    out: list[tuple[int, str]] = []
    run: list[int] = []  # lines of one name each, in a row (blank lines between allowed)
    lines, skip = src.lines, 0
    for n, key in enumerate(keys, 1):
        if n <= skip:
            continue
        # A header cell over several lines in a cell-per-line dump (\t事项 / 名称): the lines
        # without a TAB continue the cell.
        if key and (key[:2] in prefixes or len(key) < 2) and _led(lines[n - 1]) \
                and (more := _cell_lines(lines, keys, n, names)):
            run.append(n)
            run.extend(-m for m in more)
            skip = more[-1]
            continue
        # Two cheap tests first: most lines are long or start with no header name.
        if not key or key[:2] not in prefixes:
            if key and run:
                _close_run(run, keys, grammar, out, runs)
            continue
        if key in names:
            run.append(n)
            continue
        if run:
            _close_run(run, keys, grammar, out, runs)
        if len(key) <= 200:  # a 权责清单 header names 15 columns
            cells = src.lines[n - 1].split()
            if len(cells) >= 2 and cells[0] in names and (hit := grammar.header_fields(cells)):
                out.append((n, hit[0]))
            elif '\t"' in src.lines[n - 1] and (hit := _quoted_header(src, n, grammar)):
                out.append((n, hit))
    if run:
        _close_run(run, keys, grammar, out, runs)
    return out


def _quoted_header(src: Source, n: int, grammar: Grammar) -> str | None:
    """The table kind of a tab-delimited header row starting at line ``n`` whose cells are
    quoted over several lines (事项\n名称 in a spreadsheet's text export), or None."""
    from .extractors.tsv import split_row

    fields, _ = split_row(list(enumerate(src.lines[n - 1:n + 40], n)), 0)
    cells = ["".join("".join(parts).split()) for parts, _ in fields]
    hit = grammar.header_fields(cells) if len(cells) >= 2 and cells[0] in grammar.header_names else None
    return hit[0] if hit else None


def _led(line: str) -> bool:
    """True if a TAB leads the line (a cell of a cell-per-line dump)."""
    return line.lstrip(" \u3000\xa0").startswith("\t")


def _cell_lines(lines: list[str], keys: list[str], n: int, names) -> list[int]:
    """The lines after ``n`` (without a TAB, at most three) that make line ``n``'s cell a
    header name, or []."""
    text, out = keys[n - 1], []
    for m in range(n + 1, min(n + 4, len(keys) + 1)):
        if not keys[m - 1] or _led(lines[m - 1]):
            break
        text += keys[m - 1]
        out.append(m)
        if text in names:
            return out
    return []


def _close_run(run: list[int], keys: list[str], grammar: Grammar, out: list[tuple[int, str]],
               runs: list[tuple[int, int]] | None) -> None:
    cells: list[str] = []
    for n in run:  # a negative line continues the cell before it
        if n < 0:
            cells[-1] += keys[-n - 1]
        else:
            cells.append(keys[n - 1])
    if len(cells) >= 2 and (hit := grammar.header_fields(cells)):
        out.append((run[0], hit[0]))
        if runs is not None:
            runs.append((run[0], abs(run[-1])))
    run.clear()


def first_regime(src: Source, grammar: Grammar, before: int) -> int | None:
    """The first line before ``before`` that opens a regime without a section heading: a
    regime label （一） whose next numbered line is a first part 一、 (in a list that is
    all regimes, such as a stand-alone 事中事后监管制度)."""
    regime, part, first = grammar.re_regime_label, grammar.re_part_label, grammar.numbering.cn_digits[0]
    keys = src.keys
    labelled = (regime, part, *grammar.re_clause_labels)
    for n in range(1, before):
        key = keys[n - 1]
        if not (key and key[0] in "（(" and regime.match(key)):
            continue
        # The next numbered line decides, as in the prose extractor: a first part, not a
        # sibling regime or a clause.
        nxt = next((k for k in keys[n:before - 1] if k and any(p.match(k) for p in labelled)), "")
        if part.match(nxt) and nxt.startswith(first):
            return n
    return None


def detect_layout(src: Source, first: int, last: int, kind: str) -> Layout | None:
    lines = [ln for ln, key in zip(src.lines[first - 1:last], src.keys[first - 1:last], strict=True) if key]
    if not lines:
        return None
    # Trailing TABs are a spreadsheet's padding of every row to the sheet's width (Calc's
    # text export), prose rows included: a line is a table row if TABs part its text.
    tabbed = sum(1 for ln in lines if "\t" in ln.rstrip())
    # A cell-per-line dump leads each cell's first line with a TAB (an empty cell is a lone
    # TAB); its cells' further lines have none. No PDF text dump starts a line with a TAB.
    led = sum(1 for ln in lines if _led(ln))
    led_table = led >= max(2, len(lines) * 0.1) or (led >= 2 and _led(lines[0]))
    if tabbed >= max(2, len(lines) * 0.3) or led_table or (tabbed >= 2 and _quoted_rows(lines)):
        return "tab_table"
    if kind == "regimes":
        return "numbered_prose"
    return "pdf_aligned" if is_aligned(lines) else "pdf_columns"


def _quoted_rows(lines: list[str]) -> bool:
    """True if, read as tab-delimited rows whose quoted cells hold line breaks (a
    spreadsheet's text export of cells with several lines), most rows have several cells."""
    if not any('\t"' in ln or ln.startswith('"') for ln in lines):
        return False
    from .extractors.tsv import split_row

    numbered, i, rows, tabbed = list(enumerate(lines, 1)), 0, 0, 0
    while i < len(numbered):
        fields, i = split_row(numbered, i)
        rows += 1
        tabbed += len(fields) >= 2
    return tabbed >= max(2, rows * 0.3)


def split_sections(src: Source, grammar: Grammar) -> list[SectionSpan]:
    """Sections in document order; lines before the first heading form a ``preamble``.
    A section opened by a column header has no heading: its header is its first line."""
    runs: list[tuple[int, int]] = []
    tables = table_headers(src, grammar, runs)
    # A heading's words inside a header dumped a cell per line (部门职责, a power table's
    # column) are a column's name, not a section.
    heads = [(n, k) for n, k in headings(src.keys, grammar) if not any(a < n <= b for a, b in runs)]
    starts = section_starts(heads, tables)
    regime = first_regime(src, grammar, starts[0][0] if starts else len(src.lines) + 1)
    if regime is not None:
        starts.insert(0, (regime, "regimes", False))
    spans: list[SectionSpan] = []
    first_start = starts[0][0] if starts else len(src.lines) + 1
    if first_start > 1:
        spans.append(SectionSpan("preamble", None, None, 1, first_start - 1))
    for i, (n, kind, is_heading) in enumerate(starts):
        end = starts[i + 1][0] - 1 if i + 1 < len(starts) else len(src.lines)
        if is_heading:
            spans.append(SectionSpan(kind, src.line(n).strip(), n, n + 1, end))
        else:
            spans.append(SectionSpan(kind, None, None, n, end))
    for s in spans:
        if s.kind != "preamble":
            s.layout = detect_layout(src, s.first, s.last, s.kind)
    return spans


def section_starts(heads: list[tuple[int, str]], tables: list[tuple[int, str]]) -> list[tuple[int, str, bool]]:
    """(line, kind, is a heading) of each section start: every heading, and each column
    header of another kind than the section it stands in (before any heading, none). A
    header of the section's own kind belongs to its table (or repeats it after a page
    break)."""
    out: list[tuple[int, str, bool]] = []
    for n, is_table, kind in sorted([(n, False, k) for n, k in heads] + [(n, True, k) for n, k in tables]):
        if not is_table:
            out.append((n, kind, True))
        elif kind != (out[-1][1] if out else None):
            out.append((n, kind, False))
    return out
