"""The contract of the text-layout readers: one driver method, three transform hooks.

``read`` runs ``lines_to_cells -> cells_to_rows -> rows_to_tables`` over a section and
returns what it hands to record assembly: :class:`~rlist_ingest.model.Table` objects
(fields per column, merged cells as spans) or, for numbered prose,
:class:`~rlist_ingest.model.ProseLines`. The pipeline passes them to
:func:`rlist_ingest.assemble.assemble`; readers build no records. The shared state
(:class:`Context`: used lines, residue) lives in :mod:`rlist_ingest.assemble.context`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from ..assemble.context import Context, SectionResult, parse_seq
from ..model import LineSpan, ProseLines, Table
from ..sniff import SectionSpan

__all__ = ["INTERLEAVED", "INTERLEAVED_WARNING", "Context", "Extractor", "LineSpan", "SectionResult", "parse_seq"]

INTERLEAVED = "table columns interleaved line by line (a pdftotext default or -raw dump): not read"
INTERLEAVED_WARNING = ("its table is printed column by column, as pdftotext's default and -raw modes dump a "
                       "PDF's table; the table cannot be read from this text and its lines are in the residue: "
                       "ingest the PDF itself (or its pdftotext -layout dump)")


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

    def read(self, span: SectionSpan) -> list[Table | ProseLines]:
        """Driver: run the three transforms over one section."""
        cells = self.lines_to_cells(self.section_lines(span), span)
        rows = self.cells_to_rows(cells, span)
        return self.rows_to_tables(rows, span)

    @abstractmethod
    def lines_to_cells(self, lines: list[tuple[int, str]], span: SectionSpan) -> Any: ...

    @abstractmethod
    def cells_to_rows(self, cells: Any, span: SectionSpan) -> Any: ...

    @abstractmethod
    def rows_to_tables(self, rows: Any, span: SectionSpan) -> list[Table | ProseLines]: ...


