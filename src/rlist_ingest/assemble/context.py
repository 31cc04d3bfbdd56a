"""The per-document state that record assembly shares with the readers of text layouts:
which lines are used, which are residue and why, provenance; and the section's result.

Every line a reader or an assembler consumes is marked with :meth:`Context.use`, every line
it knowingly discards with :meth:`Context.discard`; the pipeline lists any other non-blank
line as residue, so nothing is lost silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..grammar import Grammar
from ..kinds import TOP_LEVEL
from ..records import Boundary, Power, Provenance, Regime, ResidueLine, Responsibility, Service
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
    warnings: list[str] = field(default_factory=list)  # what a reader doubts, in words
    interleaved: bool = False  # a table was printed column by column (pdftotext reading order)

    def header(self, lines: list[int], fields: list[str | None]) -> None:
        """Record a column header: its lines are used by the section, not by a record."""
        self.use(*lines)
        self.header_lines.extend(lines)
        if not self.columns:
            self.columns = [f or "?" for f in fields]

    def warn(self, message: str, interleaved: bool = False) -> None:
        """A doubt about the document, in words: it goes to the document's quality block."""
        if message not in self.warnings:
            self.warnings.append(message)
        self.interleaved = self.interleaved or interleaved

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


@dataclass
class SectionResult:
    responsibilities: list[Responsibility] = field(default_factory=list)
    boundaries: list[Boundary] = field(default_factory=list)
    regimes: list[Regime] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    powers: list[Power] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not any(getattr(self, k) for k in TOP_LEVEL)

    def extend(self, other: SectionResult) -> None:
        for k in TOP_LEVEL:
            getattr(self, k).extend(getattr(other, k))


def parse_seq(text: str) -> int | None:
    """A 序号 cell as an int (full-width digits allowed), or None if it is not a number."""
    t = "".join(text.split())
    if t and t.isdigit():
        try:
            return int(t)
        except ValueError:
            return None
    return None
