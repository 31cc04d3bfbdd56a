"""The rows record assembly reads: cells keyed by canonical field, each with its text
parts and source lines. Readers of tables (TAB dumps, tab-delimited rows, columns-in-place
PDF text, the document model's tables) hand their rows over in this form."""

from __future__ import annotations

from dataclasses import dataclass, field

from .context import Context, LineSpan


@dataclass(slots=True)
class Cell(LineSpan):
    parts: list[str]
    lines: list[int]
    raw: str = ""  # the parts stripped and joined; set once lines_to_cells has all parts
    row: int = -1  # one-row-per-line form: the index of the row the cell is in


@dataclass
class Row:
    cells: dict[str, Cell]
    lines: list[int] = field(default_factory=list)

    def get(self, f: str) -> Cell | None:
        return self.cells.get(f)

    @property
    def first(self) -> int:
        return min(self.lines)

    @property
    def last(self) -> int:
        return max(self.lines)



def txt(ctx: Context, row: Row, f: str) -> str | None:
    """The joined, cleaned text of a row's cell for field ``f`` (its lines marked used), or None."""
    c = row.get(f)
    if c is None:
        return None
    t = ctx.text(c.parts)
    if t:
        ctx.use(*c.lines)
    return t or None
