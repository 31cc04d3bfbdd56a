"""Command-line interface. Thin: options in, library call, one message and an exit code out.

Exit codes (README, "Exit codes"): 0 done; 1 some input failed, nothing was ingested, a
``--strict`` stop, or (``diff``) the lists differ; 2 usage or environment error (bad
arguments, a refused ``--out``, a full disk), nothing published; 3 internal error;
130 interrupted (SIGINT); 143 terminated (SIGTERM).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from . import __version__
from .cluster import DEFAULT_THRESHOLD
from .errors import RlistError, os_error_message
from .source import DEFAULT_MAX_BYTES

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

# typer prints an argument's Python type after its name ("FILES <list[str]>"); the metavar
# already says what to give, and a reader of the help has no use for Python types.
typer.core.TyperArgument.display_type_rich = lambda self, ctx: None

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,  # click's formatter: paragraphs re-flowed whole, flags without a type
    pretty_exceptions_enable=False,
    help="rlist: responsibility lists (责任清单) to validated datasets.\n\n"
         "Example:  rlist ingest samples/*.txt --out out/",
)


def _fail(message: str, code: int = EXIT_USAGE):
    typer.echo(f"rlist: {message}", err=True)
    raise typer.Exit(code)


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
    paths: list[str] = typer.Argument(..., metavar="FILES",
                                      help="Input files, glob patterns ('**' recurses) or directories (read "
                                           "recursively). A name that exists is taken literally."),
    out: Path = typer.Option(Path("out"), "--out", "-o", metavar="DIR",
                             help="Output directory: new, empty, or a dataset an earlier run wrote."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary table."),
    strict: bool = typer.Option(False, "--strict",
                                help="Stop at the first failed file or notice (a quality warning is one); nothing is published."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1, metavar="N",
                                  help="Largest input file accepted, in bytes."),
    threshold: float = typer.Option(DEFAULT_THRESHOLD, "--threshold", min=0.0, max=1.0, metavar="X",
                                    help="Boilerplate link threshold (character 4-gram Jaccard)."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, metavar="N", help="Worker processes (0: all cores)."),
    engine: str = typer.Option("local", "--engine", metavar="NAME",
                               help="local (processes on this machine) or dask."),
    scheduler: str = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                  help="Dask scheduler address (with --engine dask; default: a LocalCluster)."),
    also: str = typer.Option(None, "--also", metavar="FORMATS",
                             help="Also write exports into DIR/exports/: csv, xlsx, sqlite, comma-separated "
                                  "(as `rlist export`, English headers)."),
    region: str = typer.Option(None, "--region", metavar="NAME",
                               help="The list's region, if the file does not say it (one input file only)."),
    department: str = typer.Option(None, "--department", metavar="NAME",
                                   help="The list's department (one input file only)."),
):
    """Ingest responsibility lists into JSON per document, Parquet tables and a residue report.

    Reads PDF, Word (.docx; .doc through LibreOffice), Excel (.xlsx, .xls), HTML, CSV and
    text dumps, told apart by their content; DIR/text/ holds the text every line number
    refers to.

    The dataset is built aside and published at the end: only the files the tool wrote
    are replaced, and nothing else in DIR is touched. A run that ingests nothing, stops
    under --strict or is interrupted leaves a previous dataset as it was.

    Exit status: 0 all files ingested; 1 a file failed (the others are written; see
    DIR/errors.jsonl), or no document was ingested, or --strict stopped; 2 usage or
    output error; 130 interrupted.

    \b
    Example:
      rlist ingest samples/*.txt --out out/
      rlist ingest lists/ --out out/  # .txt .pdf .docx .doc .xlsx .xls .html .csv
    """
    from .batch import ingest_paths
    from .inputs import expand
    from .outdir import check_out

    if engine not in ("local", "dask"):
        _fail(f"--engine: expected local or dask, got {engine!r}")
    formats = _formats(also) if also else []
    overrides = {k: v for k, v in (("region", region), ("department", department)) if v}
    try:
        inputs = expand(paths)
        check_out(out)
    except RlistError as e:
        _fail(str(e))
    for note in inputs.notes:
        typer.echo(note, err=True)
    try:
        report = ingest_paths(inputs.paths, out, progress=not quiet, strict=strict, max_bytes=max_bytes,
                              threshold=threshold, jobs=jobs or None, engine=engine, scheduler=scheduler,
                              names=inputs.names, overrides=overrides, also=formats)
    except RlistError as e:  # the dask extra missing, the scheduler unreachable, an output conflict
        _fail(str(e))
    except OSError as e:  # disk full, permission denied while writing
        _fail(os_error_message(e, str(out)) + "; nothing published")
    if not quiet and report.results:
        typer.echo(report.summary_table())
    for e in report.errors:
        typer.echo(e.render(), err=True)
    for n in report.notices:
        typer.echo(n.render(), err=True)
    for n in report.export_notes:
        typer.echo(f"note: {n}", err=True)
    typer.echo(report.outcome(), err=not report.published)
    failed = report.errors or not report.published or (strict and report.notices)
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


def _formats(text: str) -> list[str]:
    from .exports import FORMATS

    out = [x.strip() for x in text.split(",") if x.strip()]
    bad = [x for x in out if x not in FORMATS]
    if bad or not out:
        _fail(f"--also: expected a comma-separated list of {', '.join(FORMATS)}, got {text!r}")
    return list(dict.fromkeys(out))


@app.command()
def export(
    dataset: Path = typer.Argument(Path("out"), metavar="DIR", help="Dataset directory written by `rlist ingest`."),
    to: str = typer.Option(..., "--to", "-t", metavar="FORMAT", help="csv (a folder of one file per table), "
                           "xlsx (one workbook) or sqlite (one database, with full-text search)."),
    output: Path = typer.Option(..., "--output", "-o", metavar="PATH",
                                help="Where to write: a folder for csv (new, empty or an earlier CSV export), a "
                                     "file for xlsx and sqlite (new, or one an earlier export wrote)."),
    headers: str = typer.Option("en", "--headers", metavar="LANG",
                                help="Column names in csv and xlsx: en (as in Parquet) or zh (序号, 主要职责…)."),
):
    """Export a dataset for Excel, WPS, datasette or sqlite3.

    CSV: UTF-8 with BOM, CRLF, quoted multi-line cells, columns.csv the data
    dictionary.

    Excel: a sheet per table, and a sheet 说明 that describes every column; the
    header row frozen, filters on. SQLite: keys declared and indexed, a trigram full-text index per table
    (TABLE_fts), column descriptions in _columns and in NAME.metadata.json for datasette.

    \b
    Example:
      rlist export out/ --to xlsx -o lists.xlsx --headers zh
      rlist export out/ --to sqlite -o lists.db
      datasette lists.db -m lists.metadata.json
    """
    from .exports import FORMATS, check_dataset, check_target
    from .exports import export as run_export

    if to not in FORMATS:
        _fail(f"--to: expected one of {', '.join(FORMATS)}, got {to!r}")
    if headers not in ("en", "zh"):
        _fail(f"--headers: expected en or zh, got {headers!r}")
    try:
        check_dataset(dataset)
        check_target(to, output)
        notes = run_export(dataset, to, output, headers)
    except RlistError as e:
        _fail(str(e))
    except OSError as e:
        _fail(os_error_message(e, str(output)))
    for n in notes:
        typer.echo(f"note: {n}", err=True)
    typer.echo(f"wrote {output} ({to})")


@app.command()
def synth(
    n: int = typer.Option(100, "--n", min=1, metavar="N", help="Number of documents."),
    seed: int = typer.Option(0, "--seed", metavar="N",
                             help="Random seed (the same seed writes the same corpus)."),
    out: Path = typer.Option(Path("synth"), "--out", "-o", metavar="DIR",
                             help="Directory for the corpus: new, empty, or an earlier corpus (replaced)."),
):
    """Write a synthetic corpus from the samples' records, with expected records for scoring.

    Real county names, TAB and PDF layouts (varied column widths, page lengths,
    merged-cell positions, missing 序号; pdftotext -layout tables with merged cells at the
    top, middle or bottom, with or without 责任科室, flat or wrapped headers),
    dropped/shuffled/edited records, UTF-8 and GB18030 files; DIR/expected/NAME.json holds
    what a correct ingest produces, its "layout" naming the variant. A DIR
    holding anything but an earlier corpus is refused; an earlier corpus's files are
    replaced.

    \b
    Example:
      rlist synth --n 1000 --seed 1 --out synth/
      rlist ingest 'synth/*.txt' -o synth-out/
    """
    from .synth.corpus import write_corpus

    try:
        summary = write_corpus(n, seed, out)
    except RlistError as e:
        _fail(str(e))
    except OSError as e:
        _fail(os_error_message(e, str(out)))
    typer.echo(", ".join(f"{k} {v}" for k, v in summary.items()))


@app.command()
def cluster(
    out: Path = typer.Argument(Path("out"), metavar="DIR", help="Dataset directory written by `rlist ingest`."),
    threshold: float = typer.Option(DEFAULT_THRESHOLD, "--threshold", min=0.0, max=1.0, metavar="X",
                                    help="Boilerplate link threshold (character 4-gram Jaccard)."),
):
    """Recompute boilerplate clusters of an existing dataset and rewrite its tables.

    Only the dataset's own files are rewritten; other files in DIR are left alone.

    \b
    Example:
      rlist cluster out/ --threshold 0.6
    """
    from .batch import recluster

    try:
        report = recluster(out, threshold)
    except RlistError as e:
        _fail(str(e))
    except OSError as e:
        _fail(os_error_message(e, str(out)) + "; dataset left as it was")
    multi = sum(1 for c in report.clusters if c["document_count"] > 1)
    typer.echo(f"{len(report.clusters)} clusters, {multi} shared by several documents")
    typer.echo(report.summary_table())


@app.command()
def diff(
    a: str = typer.Argument(..., metavar="A", help="First list: an input file, or a document id, "
                                                  "source or region name in --dataset."),
    b: str = typer.Argument(..., metavar="B", help="Second list, as A."),
    fmt: str = typer.Option(None, "--format", "-f", metavar="FORMAT",
                            help="terminal, json, markdown, html or text (default: from the -o file's "
                                 "extension, else terminal)."),
    dataset: Path = typer.Option(Path("out"), "--dataset", "-d", metavar="DIR",
                                 help="Dataset to find document ids and names in."),
    output: str = typer.Option(None, "--output", "-o", metavar="FILE",
                               help="Write to this file (- for standard output)."),
    min_similarity: float = typer.Option(0.5, "--min-similarity", min=0.0, max=1.0, metavar="X",
                                         help="Aligned records less similar than this count as unmatched."),
    identical: bool = typer.Option(False, "--identical", help="HTML: list identical records too (with place-name "
                                                              "substitutions marked)."),
):
    """Show what one list has that another lacks, record by record.

    The format follows the output file's extension (.html, .md, .json, .txt); a
    --format that contradicts it is refused. Without colour (piped output, NO_COLOR,
    TERM=dumb) changed text is marked [-deleted-]{+inserted+}.

    Exit status: 0 the lists match, 1 they differ, 2 error. For every pair of a
    dataset's documents at once: rlist compare DIR --pairs pairs.jsonl.

    \b
    Example:
      rlist diff samples/xinhe.txt samples/renxian.txt -o diff.html --identical
    """
    from .diff import diff_documents, differs, load_document
    from .diff_render import choose_format, write_report

    try:
        fmt = choose_format(fmt, output)
        report = diff_documents(load_document(a, dataset), load_document(b, dataset), min_similarity)
        write_report(report, fmt, output, identical)
    except RlistError as e:
        _fail(str(e))
    except OSError as e:
        _fail(os_error_message(e, output or ""))
    raise typer.Exit(EXIT_FAILED if differs(report) else EXIT_OK)


@app.command()
def report(
    dataset: Path = typer.Argument(Path("out"), metavar="DIR", help="Dataset directory written by `rlist ingest`."),
    output: Path = typer.Option(Path("report.html"), "--output", "-o", metavar="FILE",
                                help="The HTML file (new, or one an earlier `rlist report` wrote)."),
):
    """Write one self-contained HTML page about a dataset.

    Per document: region, department, format, counts per kind, residue, warnings, local
    share. A county x county heatmap of shared text, local share per county, the most
    widely copied texts with their members, texts that name another county, and for
    power lists powers per type and department and the laws cited most. No network is
    needed to view it.

    \b
    Example:
      rlist report out/ -o report.html
    """
    from .exports import check_dataset
    from .report import check, write_report

    try:
        check_dataset(dataset)
        check(output)
        data = write_report(dataset, output)
    except RlistError as e:
        _fail(str(e))
    except OSError as e:
        _fail(os_error_message(e, str(output)))
    typer.echo(f"wrote {output}: {len(data['documents'])} documents, {len(data['matrix'].regions)} regions")


@app.command()
def compare(
    dataset: Path = typer.Argument(Path("out"), metavar="DIR", help="Dataset directory written by `rlist ingest`."),
    output: Path = typer.Option(Path("compare.csv"), "--output", "-o", metavar="FILE",
                                help="The county x county matrix: .csv (wide, shares) or .parquet (long: "
                                     "region_a, region_b, records_a, shared_records, share)."),
    pairs: Path = typer.Option(None, "--pairs", metavar="FILE",
                               help="Also diff every pair of documents, one JSON report per line (as "
                                    "`rlist diff --format json`, without the text of identical records)."),
    min_similarity: float = typer.Option(0.5, "--min-similarity", min=0.0, max=1.0, metavar="X",
                                         help="With --pairs: aligned records less similar than this count as unmatched."),
):
    """Write the county x county matrix of shared text (the numbers of the report's heatmap).

    Cell (A, B) is the share of A's text records whose boilerplate cluster also has a
    member in region B. A record in a pair that `rlist diff A B` calls identical always
    counts as shared.

    \b
    Example:
      rlist compare out/ -o matrix.csv
      rlist compare out/ -o matrix.parquet --pairs pairs.jsonl
    """
    from .compare import check, diff_all, region_matrix, write_matrix
    from .exports import check_dataset

    try:
        check_dataset(dataset)
        check(output)
        if pairs is not None:
            check(pairs)
        mx = region_matrix(dataset)
        write_matrix(mx, output)
        n = diff_all(dataset, pairs, min_similarity) if pairs is not None else None
    except RlistError as e:
        _fail(str(e))
    except OSError as e:
        _fail(os_error_message(e, str(output)))
    typer.echo(f"wrote {output}: {len(mx.regions)} regions" + (f"; {pairs}: {n} pairs" if n is not None else ""))


def run() -> None:
    """The app with every exception turned into one line and an exit code (the console
    entry point, :mod:`entry`, installs the signal handlers first)."""
    try:
        app()
    except SystemExit:
        _quiet_exit()
        raise
    except OSError as e:
        typer.echo(f"rlist: {os_error_message(e)}", err=True)
        _quiet_exit()
        sys.exit(EXIT_USAGE)
    except Exception as e:  # a bug: one line, the traceback only on request
        if os.environ.get("RLIST_DEBUG"):
            raise
        typer.echo(f"rlist: internal error: {type(e).__name__}: {e} (a bug; RLIST_DEBUG=1 shows the "
                   "traceback; please report it)", err=True)
        _quiet_exit()
        sys.exit(EXIT_INTERNAL)


def _quiet_exit() -> None:
    """The work is done and reported: ignore SIGINT and SIGTERM for the last moments. The
    interpreter restores the default handlers while it shuts down (but leaves an ignored
    signal ignored), and any thread may take a process signal (pyarrow's pools too), so a
    Ctrl-C then would kill the process silently, with another status than the one reported."""
    from . import signals

    if signals.INSTALLED:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


if __name__ == "__main__":  # pragma: no cover
    from .entry import main as _main

    _main()
