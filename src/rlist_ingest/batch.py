"""Batch ingest: many files in, one dataset out, one bad file never stops the rest."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .cluster import DEFAULT_THRESHOLD
from .errors import InputError, OutputError, UsageError
from .inputs import display_names
from .kinds import SUMMARY_KEYS
from .outdir import MANIFEST, is_dataset
from .parallel import dask_engine, default_jobs, ingest_one, local_engine, payload
from .source import DEFAULT_MAX_BYTES
from .stream import DatasetStream

PROGRESS_MIN = 20
COLUMNS = ["document", "layouts", *SUMMARY_KEYS, "residue", "warn", "local", "region", "department"]


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
    results: list[dict] = field(default_factory=list)  # one summary per ingested document
    errors: list[InputError] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    stopped_early: bool = False
    clusters: list[dict] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    out: Path | None = None
    published: bool = False  # False: the run wrote nothing (see ``kept``)
    kept: bool = False  # a previous dataset in ``out`` was left as it was
    also: list[str] = field(default_factory=list)  # exports written into out/exports/
    export_notes: list[str] = field(default_factory=list)

    def outcome(self) -> str:
        """One line: where the output went, or why nothing was written."""
        if self.published:
            return (f"wrote {self.out}: {len(self.results)} document{'s' if len(self.results) != 1 else ''} "
                    "in documents/, tables *.parquet, residue.jsonl, errors.jsonl, datapackage.json"
                    + (f", exports/ ({', '.join(self.also)})" if self.also else ""))
        why = "stopped at the first problem (--strict)" if self.stopped_early else "no document was ingested"
        return f"{why}; " + (f"previous dataset in {self.out} kept" if self.kept else f"nothing written to {self.out}")

    def summary_table(self) -> str:
        """A plain-text table: one row per document."""
        rows = [COLUMNS]
        for s in self.results:
            share = s.get("local_share")
            rows.append([s["source"], s["layouts"], *(str(s[k]) for k in (*SUMMARY_KEYS, "residue")),
                         str(len(s.get("warnings", []))),
                         "-" if share is None else f"{share:.0%}", s["region"] or "-", s["department"] or "-"])
        for e in self.errors:
            rows.append([Path(e.file).name, "FAILED"] + [""] * (len(COLUMNS) - 2))
        widths = [max(_width(row[i]) for row in rows) for i in range(len(COLUMNS))]
        return "\n".join("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)).rstrip()
                         for row in rows)


def _width(s: str) -> int:
    # CJK characters take two terminal columns.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


class _Progress:
    """A progress bar with count, rate and ETA on stderr, for large batches."""

    def __init__(self, total: int, enabled: bool):
        self.bar = None
        if enabled and total > PROGRESS_MIN:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[rate]}"), TextColumn("ETA"), TimeRemainingColumn(),
                                console=Console(stderr=True), transient=True)
            self.task = self.bar.add_task("ingest", total=total, rate="")
            self.start, self.done, self.mb = time.perf_counter(), 0, 0.0
            self.bar.start()

    def advance(self, nbytes: int) -> None:
        if self.bar is not None:
            self.done += 1
            self.mb += nbytes / 1e6
            dt = max(1e-9, time.perf_counter() - self.start)
            self.bar.update(self.task, advance=1, rate=f"{self.done / dt:.1f} docs/s {self.mb / dt:.1f} MB/s")

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def ingest_paths(paths: list[str], out: Path, progress: bool = False, strict: bool = False,
                 max_bytes: int = DEFAULT_MAX_BYTES, threshold: float = DEFAULT_THRESHOLD,
                 jobs: int | None = None, engine: str = "local", scheduler: str | None = None,
                 names: list[str] | None = None, overrides: dict | None = None,
                 also: list[str] | None = None) -> BatchReport:
    """Ingest every path into the dataset ``out``; bad files become errors in the report.

    Files are ingested by ``jobs`` worker processes (default: all cores) or on a Dask
    cluster (``engine="dask"``), and streamed to disk, so memory stays bounded. ``names``
    are the files' ``source`` values (default: :func:`inputs.display_names`). A file whose
    bytes, or whose decoded text, were already ingested in the batch is skipped with a
    notice. With ``strict``, the batch stops at the first error or notice. A run that
    ingests no document, or stops under ``strict``, publishes nothing: a previous dataset
    in ``out`` stays as it was (``report.kept``). ``overrides`` (region, department) apply
    to a single file. ``also``: exports (csv, xlsx, sqlite) written into ``out/exports/``
    and published with the dataset.
    """
    jobs = jobs or default_jobs()
    paths = list(paths)
    names = names or display_names(paths)
    if overrides and len(paths) != 1:
        raise UsageError("--region/--department", f"name one list's region and department, got {len(paths)} "
                         "input files", "give one input file with them", "override-many")
    report = BatchReport(also=list(also or []))
    stream = DatasetStream(out)
    report.out = stream.out
    # Document id (a hash of the decoded text) -> (path, sha256): the same bytes always
    # give the same id, so one map catches both kinds of copy.
    seen: dict[str, tuple[str, str]] = {}
    bar = _Progress(len(paths), progress)
    ctx = dask_engine(jobs, scheduler) if engine == "dask" else local_engine(jobs)
    if overrides:
        ctx = _single(overrides)
    t0 = time.perf_counter()
    try:
        with ctx as (run, pmap):
            # Workers of the local engine write canonical JSON straight into the dataset.
            stage = stream.stage if engine == "local" else None
            for p in run(paths, max_bytes, stage, names):
                bar.advance(p.get("bytes", 0))
                problems = len(report.errors) + len(report.notices)
                if "error" in p:
                    e = p["error"]
                    report.errors.append(InputError(e["file"], e["line"], e["expected"], e["got"], e["text"], e["hint"],
                                                    e.get("code")))
                elif p["doc_id"] in seen:
                    stream.drop(p)
                    first, sha = seen[p["doc_id"]]
                    report.notices.append(Notice(p["path"], None, f"same bytes as {first}; ingested once"
                                                 if sha == p["sha256"] else f"same text as {first} (the same list "
                                                 "in another format or encoding, or with other line endings); "
                                                 "ingested once"))
                else:
                    seen[p["doc_id"]] = (p["path"], p["sha256"])
                    stream.add(p)
                    report.results.append(p["summary"])
                    report.notices += _document_notices(p["summary"])
                if strict and len(report.errors) + len(report.notices) > problems:
                    report.stopped_early = True
                    break
            bar.stop()
            if report.stopped_early or not report.results:
                report.kept = stream.had_dataset
                stream.abort()
                return report
            t1 = time.perf_counter()
            problems = [{"severity": "error", **e.as_dict()} for e in report.errors] + [n.as_dict() for n in report.notices]
            report.clusters, shares = stream.finish(problems, threshold, pmap, inputs=len(paths),
                                                    before_publish=_exporter(also, report))
            report.timings = {"ingest_s": round(t1 - t0, 2), **stream.timings,
                              "total_s": round(time.perf_counter() - t0, 2)}
    except BaseException:
        bar.stop()
        stream.abort()
        raise
    report.published = True
    for s in report.results:
        s["local_share"] = shares.get(s["doc_id"])
    return report


@contextmanager
def _single(overrides: dict):
    """The engine for one file with the user's region/department."""
    yield (lambda paths, max_bytes, stage, names:
           (ingest_one(p, max_bytes, stage, n, overrides) for p, n in zip(paths, names, strict=True))), map


def _exporter(also: list[str] | None, report: BatchReport):
    """The exports `--also` asks for, written into the staged dataset before it is published."""
    if not also:
        return None
    from .exports import IN_DATASET, write

    def run(staged: Path) -> None:
        (staged / "exports").mkdir(exist_ok=True)
        for to in also:
            report.export_notes += write(staged, to, staged / IN_DATASET[to])
    return run


def _document_notices(summary: dict) -> list[Notice]:
    """Notices about an ingested document: a truncated last row, reader notes, quality
    warnings, sections without records."""
    out = []
    if summary["truncated_at"]:
        out.append(Notice(summary["source"], summary["truncated_at"], "expected a complete last row, got an "
                          "incomplete row (file truncated?); the incomplete row is in residue.jsonl"))
    out += [Notice(summary["source"], None, f"note: {n}") for n in summary.get("notes", [])]
    # What the reader doubts (quality.py): a notice each, so --strict stops on it.
    out += [Notice(summary["source"], None, f"warning: {w}") for w in summary.get("warnings", [])]
    for kind, heading, line in summary["empty_sections"]:
        out.append(Notice(summary["source"], line, f"{'table' if kind != 'regimes' else 'text'} under "
                          f"{heading or 'the ' + kind + ' header'} yielded no records; its lines are in residue.jsonl"))
    return out


def recluster(out: Path, threshold: float = DEFAULT_THRESHOLD) -> BatchReport:
    """Re-run boilerplate clustering on an existing dataset directory and rewrite it."""
    from .records import Document, ResidueLine

    out = Path(out)
    docs_dir = out / "documents"
    if not is_dataset(out) or not docs_dir.is_dir():
        raise OutputError(str(out), "is not a dataset written by `rlist ingest` (no manifest "
                          f"{MANIFEST} or no documents/ folder)", "run `rlist ingest FILES --out DIR` first",
                          "not-a-dataset")
    residue: dict[str, list[ResidueLine]] = {}
    res_file = out / "residue.jsonl"
    if res_file.exists():
        for line in res_file.read_text(encoding="utf-8").splitlines():
            x = ResidueLine.model_validate_json(line)
            residue.setdefault(x.document_id or x.file, []).append(x)
    err_file = out / "errors.jsonl"
    problems = [json.loads(x) for x in err_file.read_text(encoding="utf-8").splitlines()] if err_file.exists() else []
    try:  # the input count of the run that made the dataset (failed files included)
        inputs = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["rlist"]["inputs"]
    except (OSError, ValueError, KeyError, TypeError):
        inputs = None
    report = BatchReport()
    stream = DatasetStream(out)
    try:
        for f in _in_dataset_order(out, docs_dir):
            doc = Document.model_validate_json(f.read_text(encoding="utf-8"))
            _clear_clusters(doc)
            text = out / "text" / f"{f.stem}.txt"
            lines = text.read_text(encoding="utf-8").removesuffix("\n").split("\n") if text.is_file() else None
            p = payload(doc, residue.get(doc.id, residue.get(doc.source, [])), str(f), lines=lines or None,
                        notes=doc.notes)
            stream.add(p)
            report.results.append(p["summary"])
        report.clusters, shares = stream.finish(problems, threshold, inputs=inputs)
    except BaseException:
        stream.abort()
        raise
    report.out, report.published = stream.out, True
    for s in report.results:
        s["local_share"] = shares.get(s["doc_id"])
    return report


def _clear_clusters(doc) -> None:
    """Forget a stored document's cluster fields, so the new clustering fills them (the
    dataset writer fills the slots a fresh ingest leaves empty)."""
    from .kinds import walk

    for _, rec, _, _ in walk(doc):
        if "cluster_id" in rec.__dict__:
            rec.__dict__["cluster_id"] = None
            rec.__dict__["cluster_similarity"] = None
    doc.local_share = None


def _in_dataset_order(out: Path, docs_dir: Path) -> list[Path]:
    """The document JSON files in the order the documents were added (documents.parquet's
    rows): the order decides which of two lists with one file name keeps the plain name."""
    import pyarrow.parquet as pq
    import regex

    files = sorted(docs_dir.glob("*.json"))
    ids = {}
    for f in files:
        with open(f, "rb") as fh:
            m = regex.search(rb'"id": "([0-9a-f]{16})"', fh.read(200))
        ids[f] = m[1].decode() if m else ""
    try:
        order = {d: i for i, d in enumerate(pq.read_table(out / "documents.parquet", columns=["document_id"])
                                            ["document_id"].to_pylist())}
    except (OSError, ValueError, KeyError):
        order = {}
    return sorted(files, key=lambda f: (order.get(ids[f], len(order)), f.name))
