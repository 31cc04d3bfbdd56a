"""The pieces of space-columned PDF text, shared by the duty-table reader
(:mod:`.pdf_columns`) and the boundary and service readers (:mod:`.pdf_tables`)."""

from __future__ import annotations

from dataclasses import dataclass

from .base import parse_seq

PB = "\f"  # page-break token text


@dataclass
class Tok:
    n: int
    text: str
    lead: int = 0  # leading spaces when the token starts its line

    @property
    def eff(self) -> float:
        """Width in characters, counting an indented first line's indent."""
        return len(self.text) + self.lead / 2



def is_seq(t: Tok) -> bool:
    """A 序号 piece: a short number, not a page break."""
    return t.text != PB and len(t.text) <= 3 and parse_seq(t.text) is not None
