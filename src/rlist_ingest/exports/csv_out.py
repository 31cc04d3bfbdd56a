"""CSV export: one file per table, for Excel, WPS and anything else that reads CSV.

UTF-8 with a byte-order mark (Excel on Chinese Windows reads BOM-less UTF-8 as the
system code page, i.e. mojibake), CRLF line ends and RFC 4180 quoting, so a cell with a
line break stays one cell. ``columns.csv`` is the data dictionary. The folder is the
export's own: new, empty, or one an earlier export wrote (its manifest names the files)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from ..outdir import check_out, read_manifest, write_manifest
from ..tables import TABLES
from . import LIST_SEP, dictionary_rows, table_batches

MARKER = ".rlist-export.json"
TOOL = "rlist-ingest export csv"


def cell(v) -> str:
    """A value as CSV text."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return LIST_SEP.join(v)
    return str(v)


def check(path: Path) -> Path:
    if read_manifest(path, MARKER, TOOL) is None:
        return check_out(path, "-o", kind="an rlist CSV export", earlier="an earlier CSV export")
    return Path(path)


def _open(path: Path):
    return open(path, "w", encoding="utf-8-sig", newline="")


def write_csv(dataset: Path, out: Path, headers: str = "en") -> list[str]:
    """Write every table of ``dataset`` as ``out/<table>.csv`` and the dictionary as
    ``out/columns.csv``. Files are built in a staging folder and renamed into place."""
    out = Path(check(out))
    out.mkdir(exist_ok=True)
    stage = out / ".rlist-export-staging"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    files = []
    try:
        for t in TABLES:
            with _open(stage / f"{t.name}.csv") as fh:
                w = csv.writer(fh, lineterminator="\r\n")
                w.writerow(t.headers(headers))
                for rows in table_batches(dataset, t):
                    w.writerows([[cell(v) for v in r] for r in rows])
            files.append(f"{t.name}.csv")
        with _open(stage / "columns.csv") as fh:
            w = csv.writer(fh, lineterminator="\r\n")
            w.writerow(["table", "column", "中文名", "type", "description"])
            w.writerows(dictionary_rows())
        files.append("columns.csv")
        old = read_manifest(out, MARKER, TOOL) or []
        write_manifest(out, sorted(set(old) | set(files)), MARKER, TOOL)
        for f in files:
            (stage / f).replace(out / f)
        for f in set(old) - set(files):
            (out / f).unlink(missing_ok=True)
        write_manifest(out, files, MARKER, TOOL)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return []
