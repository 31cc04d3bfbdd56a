"""Batch ingest: many files in, one dataset out, one bad file never stops the rest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .pipeline import IngestResult, ingest_file
from .writers import write_dataset

PROGRESS_MIN = 20


@dataclass
class BatchReport:
    results: list[IngestResult] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    def summary_table(self) -> str:
        """A plain-text table: one row per document."""
        head = ["document", "layouts", "resp", "items", "bound", "parties", "regimes", "parts",
                "services", "residue", "region", "department"]
        rows = [head]
        for r in self.results:
            d = r.document
            rows.append([
                d.source, "+".join(d.layouts), str(len(d.responsibilities)),
                str(sum(len(x.items) for x in d.responsibilities)), str(len(d.boundaries)),
                str(sum(len(b.parties) for b in d.boundaries)), str(len(d.regimes)),
                str(sum(len(g.parts) for g in d.regimes)), str(len(d.services)), str(len(r.residue)),
                d.region or "-", d.department or "-",
            ])
        for e in self.errors:
            rows.append([Path(e.file).name, "FAILED"] + [""] * (len(head) - 2))
        widths = [max(_width(row[i]) for row in rows) for i in range(len(head))]
        return "\n".join("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)).rstrip()
                         for row in rows)


def _width(s: str) -> int:
    # CJK characters take two terminal columns.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def ingest_paths(paths: list[str], out: Path, progress: bool = False) -> BatchReport:
    """Ingest every path; failures become InputErrors in the report, the rest is written.

    With ``progress`` and more than ``PROGRESS_MIN`` files, a progress bar (count, rate,
    ETA) is drawn on stderr.
    """
    report = BatchReport()
    bar = None
    if progress and len(paths) > PROGRESS_MIN:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                       TimeRemainingColumn(),
                       console=Console(stderr=True), transient=True)
        task = bar.add_task("ingest", total=len(paths))
        bar.start()
    try:
        for p in paths:
            try:
                report.results.append(ingest_file(p))
            except InputError as e:
                report.errors.append(e)
            except OSError as e:
                report.errors.append(InputError(p, None, "a readable file",
                                                f"{type(e).__name__} ({e.strerror})",
                                                hint="check the path and its permissions"))
            if bar is not None:
                bar.advance(task)
    finally:
        if bar is not None:
            bar.stop()
    write_dataset(report.results, report.errors, out)
    return report
