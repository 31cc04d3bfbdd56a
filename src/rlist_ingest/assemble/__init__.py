"""Record assembly: one module per section kind turns rows (or, for regimes, numbered
paragraphs) into records, whatever reader produced them. ``ASSEMBLERS`` maps a table
kind to its assembler, as ``extractors.EXTRACTORS`` maps a layout to its reader."""

from __future__ import annotations

from ..model import ProseLines, Table
from .boundaries import rows_to_boundaries
from .context import Context, SectionResult
from .duties import rows_to_responsibilities
from .powers import rows_to_powers
from .regimes import RegimeAssembler
from .rows import table_to_rows
from .services import rows_to_services

# table kind -> (assembler, the SectionResult list it fills)
ASSEMBLERS = {
    "duties": (rows_to_responsibilities, "responsibilities"),
    "boundaries": (rows_to_boundaries, "boundaries"),
    "services": (rows_to_services, "services"),
    "powers": (rows_to_powers, "powers"),
}


def assemble(ctx: Context, handed: list[Table | ProseLines]) -> SectionResult:
    """The records of what a section's reader handed over: tables by their kind's
    assembler, numbered prose by the regime assembler."""
    out = SectionResult()
    for h in handed:
        if isinstance(h, ProseLines):
            out.extend(RegimeAssembler(ctx).rows_to_records(h))
        else:
            table_records(ctx, h, out)
    return out


def table_records(ctx: Context, table: Table, out: SectionResult) -> None:
    """Add the records of a handed-over table to ``out``, by its kind."""
    fn, field = ASSEMBLERS[table.kind]
    getattr(out, field).extend(fn(ctx, table_to_rows(table)))
