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


def heading_kind(key: str, grammar: Grammar) -> str | None:
    """The section kind a line announces, or None if it is not a section heading.
    ``key``: the line without whitespace (``Source.keys``)."""
    if not key or len(key) > 24:  # headings are short
        return None
    kinds = grammar.heading_kinds
    if key in kinds:
        return kinds[key]
    if key[0] in grammar.numbering.cn_digits:
        return kinds.get(grammar.re_section_label.sub("", key, count=1))
    return None


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
    kinds, digits = grammar.heading_kinds, grammar.numbering.cn_digits
    # heading_kind's own first tests, inlined: it is called only for the few lines that
    # pass them (a call per line was half of this function's time).
    heads = [(n, k) for n, key in enumerate(src.keys, 1)
             if key and len(key) <= 24 and (key in kinds or key[0] in digits)
             and (k := heading_kind(key, grammar)) is not None]
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
