"""The extractor contract: one driver method, three transform hooks.

``extract`` runs ``lines_to_cells -> cells_to_rows -> rows_to_records`` over a section.
The first two decode the layout; ``rows_to_records`` hands the rows to the record
assembly of the section's kind (:mod:`rlist_ingest.assemble`), which builds the records.
The shared state (:class:`Context`) lives in :mod:`rlist_ingest.assemble.context`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from ..assemble.context import Context, SectionResult, parse_seq
from ..model import LineSpan
from ..sniff import SectionSpan

__all__ = ["Context", "Extractor", "LineSpan", "SectionResult", "parse_seq"]


class Extractor(ABC):
    """Base class of the layout extractors."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.g = ctx.grammar

    def section_lines(self, span: SectionSpan) -> list[tuple[int, str]]:
        """(line number, raw text) of the section's lines not consumed elsewhere."""
        skip = self.ctx.skip
        return [(n, t) for n, t in enumerate(self.ctx.src.lines[span.first - 1:span.last], span.first)
                if n not in skip]

    def extract(self, span: SectionSpan) -> SectionResult:
        """Driver: run the three transforms over one section."""
        cells = self.lines_to_cells(self.section_lines(span), span)
        rows = self.cells_to_rows(cells, span)
        return self.rows_to_records(rows, span)

    @abstractmethod
    def lines_to_cells(self, lines: list[tuple[int, str]], span: SectionSpan) -> Any: ...

    @abstractmethod
    def cells_to_rows(self, cells: Any, span: SectionSpan) -> Any: ...

    @abstractmethod
    def rows_to_records(self, rows: Any, span: SectionSpan) -> SectionResult: ...


