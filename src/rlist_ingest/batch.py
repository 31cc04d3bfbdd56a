"""Batch ingest: many files in, one dataset out, one bad file never stops the rest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .boilerplate import annotate
from .cluster import DEFAULT_THRESHOLD
from .errors import InputError
from .pipeline import IngestResult, ingest_file
from .source import DEFAULT_MAX_BYTES
from .writers import write_dataset

PROGRESS_MIN = 20


@dataclass
class Notice:
    """A problem that did not stop a file from being ingested (reported, exit status 0)."""

    file: str
    line: int | None
    message: str

    def render(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: notice: {self.message}"

    def as_dict(self) -> dict:
        return {"severity": "notice", "file": self.file, "line": self.line, "message": self.render()}


@dataclass
class BatchReport:
    results: list[IngestResult] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    stopped_early: bool = False
    clusters: list = field(default_factory=list)

    def summary_table(self) -> str:
        """A plain-text table: one row per document."""
        head = ["document", "layouts", "resp", "items", "bound", "parties", "regimes", "parts",
                "services", "residue", "local", "region", "department"]
        rows = [head]
        for r in self.results:
            d = r.document
            rows.append([
                d.source, "+".join(d.layouts), str(len(d.responsibilities)),
                str(sum(len(x.items) for x in d.responsibilities)), str(len(d.boundaries)),
                str(sum(len(b.parties) for b in d.boundaries)), str(len(d.regimes)),
                str(sum(len(g.parts) for g in d.regimes)), str(len(d.services)), str(len(r.residue)),
                "-" if d.local_share is None else f"{d.local_share:.0%}", d.region or "-", d.department or "-",
            ])
        for e in self.errors:
            rows.append([Path(e.file).name, "FAILED"] + [""] * (len(head) - 2))
        widths = [max(_width(row[i]) for row in rows) for i in range(len(head))]
        return "\n".join("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)).rstrip()
                         for row in rows)


def _width(s: str) -> int:
    # CJK characters take two terminal columns.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _truncation_notice(r: IngestResult) -> Notice | None:
    """A file whose last lines are an incomplete table row was probably cut off."""
    tail = [x for x in r.residue if x.reason.startswith("incomplete row")]
    last = r.document.line_count
    if tail and tail[-1].line >= last - 2:
        return Notice(r.document.source, tail[0].line,
                      f"expected a complete last row, got {tail[0].reason} (file truncated?); "
                      "the incomplete row is in residue.jsonl")
    return None


def recluster(out: Path, threshold: float = DEFAULT_THRESHOLD) -> BatchReport:
    """Re-run boilerplate clustering on an existing dataset directory and rewrite it."""
    import json

    from .pipeline import IngestResult
    from .records import Document, ResidueLine

    out = Path(out)
    docs_dir = out / "documents"
    if not docs_dir.is_dir():
        raise InputError(str(out), None, "a dataset directory written by `rlist ingest`",
                         "no documents/ folder", hint="run `rlist ingest FILES --out DIR` first")
    residue: dict[str, list[ResidueLine]] = {}
    res_file = out / "residue.jsonl"
    if res_file.exists():
        for line in res_file.read_text(encoding="utf-8").splitlines():
            x = ResidueLine.model_validate_json(line)
            residue.setdefault(x.file, []).append(x)
    report = BatchReport()
    for p in sorted(docs_dir.glob("*.json")):
        doc = Document.model_validate_json(p.read_text(encoding="utf-8"))
        report.results.append(IngestResult(document=doc, residue=residue.get(doc.source, [])))
    err_file = out / "errors.jsonl"
    problems = [json.loads(x) for x in err_file.read_text(encoding="utf-8").splitlines()] if err_file.exists() else []
    report.clusters = annotate([r.document for r in report.results], threshold)
    write_dataset(report.results, [x for x in problems if x.get("severity") == "error"], out,
                  [x for x in problems if x.get("severity") != "error"], report.clusters)
    return report


def ingest_paths(paths: list[str], out: Path, progress: bool = False, strict: bool = False,
                 max_bytes: int = DEFAULT_MAX_BYTES, threshold: float = DEFAULT_THRESHOLD) -> BatchReport:
    """Ingest every path; failures become InputErrors in the report, the rest is written.

    A file whose bytes were already ingested in this batch is skipped with a notice.
    With ``strict``, the batch stops at the first error or notice (what was ingested up to
    then is still written). With ``progress`` and more than ``PROGRESS_MIN`` files, a
    progress bar (count and ETA) is drawn on stderr.
    """
    report = BatchReport()
    seen: dict[str, str] = {}
    bar = task = None
    if progress and len(paths) > PROGRESS_MIN:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                       console=Console(stderr=True), transient=True)
        task = bar.add_task("ingest", total=len(paths))
        bar.start()
    try:
        for p in paths:
            problems = len(report.errors) + len(report.notices)
            try:
                res = ingest_file(p, max_bytes=max_bytes)
                sha = res.document.sha256
                if sha in seen:
                    report.notices.append(Notice(p, None, f"same bytes as {seen[sha]}; ingested once"))
                else:
                    seen[sha] = p
                    report.results.append(res)
                    if n := _truncation_notice(res):
                        report.notices.append(n)
            except InputError as e:
                report.errors.append(e)
            except OSError as e:
                report.errors.append(InputError(p, None, "a readable file",
                                                f"{type(e).__name__} ({e.strerror})",
                                                hint="check the path and its permissions"))
            if bar is not None:
                bar.advance(task)
            if strict and len(report.errors) + len(report.notices) > problems:
                report.stopped_early = True
                break
    finally:
        if bar is not None:
            bar.stop()
    report.clusters = annotate([r.document for r in report.results], threshold) if report.results else []
    write_dataset(report.results, report.errors, out, report.notices, report.clusters)
    return report
