"""Command-line interface. Thin: options in, library call, one message and an exit code out."""

from __future__ import annotations

import glob
from pathlib import Path

import typer

from . import __version__
from .batch import ingest_paths, recluster
from .cluster import DEFAULT_THRESHOLD
from .errors import RlistError
from .source import DEFAULT_MAX_BYTES

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="rlist: responsibility lists (责任清单) to validated datasets.\n\n"
         "Example:  rlist ingest samples/*.txt --out out/",
)


def _version(value: bool):
    if value:
        typer.echo(f"rlist-ingest {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Show the version and exit.")):
    """rlist: responsibility lists (责任清单) to validated datasets."""


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Input text files (globs are expanded)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output directory."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary table."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first failed file or notice."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                                  help="Largest input file accepted, in bytes."),
    threshold: float = typer.Option(DEFAULT_THRESHOLD, "--threshold", min=0.0, max=1.0,
                                    help="Boilerplate link threshold (character 4-gram Jaccard)."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes (0: all cores)."),
    engine: str = typer.Option("local", "--engine", help="local (processes on this machine) or dask."),
    scheduler: str = typer.Option(None, "--scheduler",
                                  help="Dask scheduler address (with --engine dask; default: a LocalCluster)."),
):
    """Ingest responsibility lists into JSON per document, Parquet tables and a residue report.

    Example:  rlist ingest samples/*.txt --out out/

    Exit status: 0 all files ingested, 1 a file failed (the others are still written;
    see OUT/errors.jsonl), 2 usage error.
    """
    expanded: list[str] = []
    for p in paths:
        hits = sorted(glob.glob(p)) if any(ch in p for ch in "*?[") else [p]
        if not hits:
            typer.echo(f"{p}: expected at least one file, got a pattern that matches nothing", err=True)
            raise typer.Exit(2)
        expanded += hits
    if engine not in ("local", "dask"):
        typer.echo(f"--engine: expected local or dask, got {engine!r}", err=True)
        raise typer.Exit(2)
    try:
        report = ingest_paths(expanded, out, progress=not quiet, strict=strict, max_bytes=max_bytes,
                              threshold=threshold, jobs=jobs or None, engine=engine, scheduler=scheduler)
    except RlistError as e:  # the dask extra missing, or the scheduler unreachable
        typer.echo(str(e), err=True)
        raise typer.Exit(2) from None
    if not quiet:
        typer.echo(report.summary_table())
    for e in report.errors:
        typer.echo(e.render(), err=True)
    for n in report.notices:
        typer.echo(n.render(), err=True)
    if report.stopped_early:
        typer.echo("stopped at the first problem (--strict)", err=True)
    raise typer.Exit(1 if report.errors or (strict and report.notices) else 0)


@app.command()
def synth(
    n: int = typer.Option(100, "--n", min=1, help="Number of documents."),
    seed: int = typer.Option(0, "--seed", help="Random seed (the same seed writes the same corpus)."),
    out: Path = typer.Option(Path("synth"), "--out", "-o", help="Directory for the corpus."),
):
    """Write a synthetic corpus from the samples' records, with expected records for scoring.

    Real county names, TAB and PDF layouts (varied column widths, page lengths, merged-cell
    positions, missing 序号), dropped/shuffled/edited records, UTF-8 and GB18030 files;
    OUT/expected/<name>.json holds what a correct ingest produces.

    Example:  rlist synth --n 1000 --seed 1 --out synth/ && rlist ingest 'synth/*.txt' -o synth-out/
    """
    from .synth.corpus import write_corpus

    summary = write_corpus(n, seed, out)
    typer.echo(", ".join(f"{k} {v}" for k, v in summary.items()))


@app.command()
def cluster(
    out: Path = typer.Argument(Path("out"), help="Dataset directory written by `rlist ingest`."),
    threshold: float = typer.Option(DEFAULT_THRESHOLD, "--threshold", min=0.0, max=1.0,
                                    help="Boilerplate link threshold (character 4-gram Jaccard)."),
):
    """Recompute boilerplate clusters of an existing dataset and rewrite its tables.

    Example:  rlist cluster out/ --threshold 0.6
    """
    try:
        report = recluster(out, threshold)
    except RlistError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2) from None
    multi = sum(1 for c in report.clusters if c["documents"] > 1)
    typer.echo(f"{len(report.clusters)} clusters, {multi} shared by several documents")
    typer.echo(report.summary_table())


@app.command()
def diff(
    a: str = typer.Argument(..., help="First list: an input file, or a document id/name in --dataset."),
    b: str = typer.Argument(..., help="Second list: an input file, or a document id/name in --dataset."),
    fmt: str = typer.Option("terminal", "--format", "-f", help="terminal, json, markdown or html."),
    dataset: Path = typer.Option(Path("out"), "--dataset", "-d", help="Dataset to find document ids in."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    min_similarity: float = typer.Option(0.5, "--min-similarity", min=0.0, max=1.0,
                                         help="Aligned records less similar than this count as unmatched."),
):
    """Show what one list has that another lacks, record by record.

    Exit status: 0 the lists match, 1 they differ, 2 error.

    Example:  rlist diff samples/xinhe.txt samples/renxian.txt --format html -o diff.html
    """
    from .diff import diff_documents, differs, load_document
    from .diff_render import to_html, to_json, to_markdown, to_terminal

    if fmt not in ("terminal", "json", "markdown", "html"):
        typer.echo(f"--format: expected terminal, json, markdown or html, got {fmt!r}", err=True)
        raise typer.Exit(2)
    try:
        report = diff_documents(load_document(a, dataset), load_document(b, dataset), min_similarity)
    except RlistError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2) from None
    if fmt == "terminal" and output is None:
        to_terminal(report)
    else:
        text = {"json": to_json, "markdown": to_markdown, "html": to_html,
                "terminal": to_markdown}[fmt](report)
        if output is None:
            typer.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
    raise typer.Exit(1 if differs(report) else 0)


if __name__ == "__main__":  # pragma: no cover
    app()
