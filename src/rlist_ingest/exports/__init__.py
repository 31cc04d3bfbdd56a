"""Exports of a dataset for the programs analysts use: CSV (one file per table), one Excel
workbook, one SQLite database. Every writer reads the dataset's Parquet tables and the one
table spec (:mod:`tables`): column names in English or Chinese, descriptions, keys.

Values keep their meaning across formats: a list (a cluster's regions) is joined with
``、`` in CSV and Excel and is a JSON array in SQLite; a boolean is ``true``/``false`` in CSV,
TRUE/FALSE in Excel, 1/0 in SQLite; null is an empty cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq

from ..errors import OutputError
from ..outdir import is_dataset
from ..tables import TABLES, TableSpec

FORMATS = ("csv", "xlsx", "sqlite")
# Where `rlist ingest --also` puts each export inside the dataset.
IN_DATASET = {"csv": "exports/csv", "xlsx": "exports/dataset.xlsx", "sqlite": "exports/dataset.db"}
LIST_SEP = "、"


def check_dataset(dataset: Path) -> Path:
    dataset = Path(dataset)
    if not is_dataset(dataset) or not (dataset / "documents.parquet").is_file():
        raise OutputError(str(dataset), "is not a dataset written by `rlist ingest`",
                          "run `rlist ingest FILES --out DIR` first, then `rlist export DIR …`", "not-a-dataset")
    return dataset


def table_batches(dataset: Path, spec: TableSpec, size: int = 65_536) -> Iterator[list[tuple]]:
    """The rows of one table as tuples in the spec's column order, a batch at a time."""
    f = dataset / f"{spec.name}.parquet"
    if not f.is_file():
        return
    for batch in pq.ParquetFile(f).iter_batches(batch_size=size, columns=spec.names):
        cols = [batch.column(i).to_pylist() for i in range(len(spec.names))]
        yield list(zip(*cols, strict=True))


def row_count(dataset: Path, spec: TableSpec) -> int:
    f = dataset / f"{spec.name}.parquet"
    return pq.ParquetFile(f).metadata.num_rows if f.is_file() else 0


def export(dataset: Path, to: str, path: Path, headers: str = "en") -> list[str]:
    """Write ``dataset`` as ``to`` (csv, xlsx, sqlite) at ``path``; returns notes (a table
    split over several sheets, text cut at Excel's cell limit)."""
    return write(check_dataset(dataset), to, path, headers)


def write(dataset: Path, to: str, path: Path, headers: str = "en") -> list[str]:
    """:func:`export` without the dataset check (``rlist ingest --also`` writes into the
    staged dataset, which has no manifest yet)."""
    from . import csv_out, sqlite_out, xlsx_out

    if to == "csv":
        return csv_out.write_csv(dataset, path, headers)
    if to == "xlsx":
        return xlsx_out.write_xlsx(dataset, path, headers)
    if to == "sqlite":
        return sqlite_out.write_sqlite(dataset, path)
    raise ValueError(to)


def check_target(to: str, path: Path) -> Path:
    """Refuse an output location for ``to`` before any work."""
    from . import csv_out, sqlite_out, xlsx_out

    return {"csv": csv_out.check, "xlsx": xlsx_out.check, "sqlite": sqlite_out.check}[to](path)


def dictionary_rows(lang: str = "en") -> list[tuple[str, str, str, str, str]]:
    """(table, column, Chinese name, type, description) of every column: the 说明 sheet,
    the CSV export's columns.csv and docs/data-dictionary.md."""
    return [(t.name, c, zh, _TYPE_NAMES[str(ty)], d) for t in TABLES for c, ty, d, zh in t.columns]


_TYPE_NAMES = {"string": "text", "int64": "integer", "bool": "boolean", "double": "number",
               "list<item: string>": "list of text"}
