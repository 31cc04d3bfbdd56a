"""The extractor contract: one driver method, three transform hooks.

``extract`` runs ``lines_to_cells -> cells_to_rows -> rows_to_records`` over a section and
returns records. Extractors mark every line they consume with :meth:`Context.use` and
every line they knowingly discard with :meth:`Context.discard`; the pipeline lists any
other non-blank line as residue, so nothing is lost silently.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from ..grammar import Grammar
from ..records import Boundary, Provenance, Regime, ResidueLine, Responsibility, Service
from ..sniff import SectionSpan
from ..source import Source
from ..textnorm import clean, join_wrapped


@dataclass
class Context:
    """Per-document state shared by the extractors of its sections."""

    src: Source
    grammar: Grammar
    used: set[int] = field(default_factory=set)
    residue: dict[int, ResidueLine] = field(default_factory=dict)
    skip: set[int] = field(default_factory=set)  # lines already consumed (e.g. metadata)
    # Cells that no record keeps, on lines whose other cells a record does (one row per line).
    dropped: list[ResidueLine] = field(default_factory=list)
    header_lines: list[int] = field(default_factory=list)  # column headers of the current section
    columns: list[str] = field(default_factory=list)
    rendering: Any = None  # model.Rendering when the source is a rendered document model

    def header(self, lines: list[int], fields: list[str | None]) -> None:
        """Record a column header: its lines are used by the section, not by a record."""
        self.use(*lines)
        self.header_lines.extend(lines)
        if not self.columns:
            self.columns = [f or "?" for f in fields]

    def use(self, *lines: int) -> None:
        self.used.update(lines)

    def discard(self, line: int, reason: str) -> None:
        if line not in self.used and line not in self.residue:
            self.residue[line] = ResidueLine(file=self.src.name, line=line,
                                             text=self.src.line(line), reason=reason)

    def drop_cell(self, line: int, text: str, reason: str) -> None:
        """A cell that no record keeps, on a line that may hold cells that one does: into
        the residue with the cell's own text, so a shared line does not hide it."""
        self.dropped.append(ResidueLine(file=self.src.name, line=line, text=text, reason=reason))

    def reject(self, lines, reason: str) -> None:
        """Lines of a row that yields no record after all: into the residue, even if a cell
        of theirs was already taken as used."""
        lines = [n for n in lines if self.src.line(n).strip()]
        self.used.difference_update(lines)
        for n in lines:
            self.discard(n, reason)

    def prov(self, first: int, last: int) -> Provenance:
        # max(): a record's last line is never before its first.
        return Provenance(self.src.name, first, max(first, last))

    def text(self, parts: list[str]) -> str:
        """Joined, cleaned text of wrapped lines."""
        return clean(join_wrapped(parts), self.src.pdf_spacing)


class LineSpan:
    """``first`` and ``last`` of a ``lines`` list: the source lines of a cell or block."""

    __slots__ = ()
    lines: list[int]

    @property
    def first(self) -> int:
        return self.lines[0]

    @property
    def last(self) -> int:
        return self.lines[-1]


@dataclass
class SectionResult:
    responsibilities: list[Responsibility] = field(default_factory=list)
    boundaries: list[Boundary] = field(default_factory=list)
    regimes: list[Regime] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.responsibilities or self.boundaries or self.regimes or self.services)

    def extend(self, other: SectionResult) -> None:
        self.responsibilities += other.responsibilities
        self.boundaries += other.boundaries
        self.regimes += other.regimes
        self.services += other.services


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


def parse_seq(text: str) -> int | None:
    """A 序号 cell as an int (full-width digits allowed), or None if it is not a number."""
    t = "".join(text.split())
    if t and t.isdigit():
        try:
            return int(t)
        except ValueError:
            return None
    return None
