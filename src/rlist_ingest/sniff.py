"""Split a document into sections and decide which layout each one uses.

A section starts at a heading the grammar knows (``一、部门职责``, ``与相关部门的职责边界``,
``四、事中事后监督管理制度``...). Its layout is read off its lines: TAB-led cells are a
table dump, numbered prose sections are prose, anything else tabular is a PDF text dump.
"""

from __future__ import annotations

from dataclasses import dataclass

from .grammar import Grammar
from .records import Layout
from .source import Source


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


def detect_layout(src: Source, first: int, last: int, kind: str) -> Layout | None:
    lines = [ln for ln, key in zip(src.lines[first - 1:last], src.keys[first - 1:last], strict=True) if key]
    if not lines:
        return None
    tabbed = sum(1 for ln in lines if ln.lstrip(" \u3000\xa0").startswith("\t"))
    if tabbed >= max(2, len(lines) * 0.3):
        return "tab_table"
    if kind == "regimes":
        return "numbered_prose"
    return "pdf_columns"


def split_sections(src: Source, grammar: Grammar) -> list[SectionSpan]:
    """Sections in document order; lines before the first heading form a ``preamble``."""
    heads = headings(src.keys, grammar)
    spans: list[SectionSpan] = []
    first_head = heads[0][0] if heads else len(src.lines) + 1
    if first_head > 1:
        spans.append(SectionSpan("preamble", None, None, 1, first_head - 1))
    for i, (n, kind) in enumerate(heads):
        end = heads[i + 1][0] - 1 if i + 1 < len(heads) else len(src.lines)
        spans.append(SectionSpan(kind, src.line(n).strip(), n, n + 1, end))
    for s in spans:
        if s.kind != "preamble":
            s.layout = detect_layout(src, s.first, s.last, s.kind)
    return spans
