"""SQLite export, for datasette, sqlite-utils and anyone with ``sqlite3``.

The tables with their primary and foreign keys declared, an index on every foreign key,
and per table a full-text index ``<table>_fts`` (FTS5, ``trigram`` tokenizer: it matches
any Chinese substring of three characters or more, where a word tokenizer would need a
segmenter) over its text columns, as an external-content table that datasette and
sqlite-utils recognise. Column descriptions are in the ``_columns`` table and in
``<name>.metadata.json`` beside the database (``datasette DB -m NAME.metadata.json``).
Lists are JSON arrays (``json_each`` reads them), booleans 1/0."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from .. import __version__
from ..outfile import check_file, write_atomically
from ..tables import TABLES, TableSpec
from . import dictionary_rows, table_batches

_SQL_TYPES = {"string": "TEXT", "int64": "INTEGER", "bool": "INTEGER", "double": "REAL", "list<item: string>": "TEXT"}
# Text columns left out of the full-text index: ids, hashes and file coordinates.
_NOT_SEARCHED = {"source", "origin", "sha256", "encoding", "format", "sheets", "layouts", "kind", "kinds", "field",
                 "region_level", "list_types", "canonical_text", "documents"}
MARK_TABLE = "_rlist_export"


def _is_ours(p: Path) -> bool:
    con = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
    try:
        return con.execute(f"SELECT tool FROM {MARK_TABLE}").fetchone()[0] == "rlist-ingest"
    finally:
        con.close()


def check(path: Path) -> Path:
    return check_file(path, _is_ours, "rlist export", "dataset.db")


def metadata_path(path: Path) -> Path:
    return path.with_name(path.stem + ".metadata.json")


def search_columns(t: TableSpec) -> list[str]:
    """The text columns of a table that its full-text index covers."""
    keys = {t.primary_key} | {c for c, _, _ in t.foreign_keys}
    return [c for c, ty, _, _ in t.columns
            if str(ty) == "string" and c not in keys and not c.endswith("_id") and c not in _NOT_SEARCHED]


def _ddl(t: TableSpec) -> str:
    cols = [f'"{c}" {_SQL_TYPES[str(ty)]}' + (" PRIMARY KEY" if c == t.primary_key else "")
            for c, ty, _, _ in t.columns]
    fks = [f'FOREIGN KEY ("{c}") REFERENCES "{rt}"("{rc}")' for c, rt, rc in t.foreign_keys]
    return f'CREATE TABLE "{t.name}" (\n  ' + ",\n  ".join(cols + fks) + "\n)"


def _value(v):
    if isinstance(v, list):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, bool):
        return int(v)
    return v


def write_sqlite(dataset: Path, path: Path) -> list[str]:
    """Write the database (and its datasette metadata beside it)."""
    path = check(path)
    meta = metadata_path(path)
    if meta.exists():
        check_file(meta, lambda p: json.loads(p.read_text(encoding="utf-8")).get("source") == "rlist-ingest",
                   "rlist export", "dataset.db")
    write_atomically(path, lambda tmp: _write(dataset, tmp))
    db = path.stem
    tables = {t.name: {"description": t.description,
                       "columns": {c: f"{zh} — {d}" for c, _, d, zh in t.columns}} for t in TABLES}
    for t in TABLES:
        if search_columns(t):
            tables[t.name]["fts_table"] = f"{t.name}_fts"
    doc = {"title": "责任清单 / 权责清单 dataset", "source": "rlist-ingest",
           "description": f"Written by rlist-ingest {__version__}.", "databases": {db: {"tables": tables}}}
    write_atomically(meta, lambda tmp: tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n",
                                                      encoding="utf-8"))
    return []


def _write(dataset: Path, tmp: Path) -> None:
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.execute(f"CREATE TABLE {MARK_TABLE} (tool TEXT, version TEXT)")
        con.execute(f"INSERT INTO {MARK_TABLE} VALUES ('rlist-ingest', ?)", (__version__,))
        con.execute('CREATE TABLE "_columns" ("table" TEXT, "column" TEXT, "zh" TEXT, "type" TEXT, '
                    '"description" TEXT, PRIMARY KEY ("table", "column"))')
        con.executemany('INSERT INTO "_columns" VALUES (?, ?, ?, ?, ?)', dictionary_rows())
        for t in TABLES:
            con.execute(_ddl(t))
            marks = ", ".join("?" * len(t.names))
            for rows in table_batches(dataset, t):
                con.executemany(f'INSERT INTO "{t.name}" VALUES ({marks})', [[_value(v) for v in r] for r in rows])
            for c, _, _ in t.foreign_keys:
                con.execute(f'CREATE INDEX "idx_{t.name}_{c}" ON "{t.name}"("{c}")')
            if cols := search_columns(t):
                q = ", ".join(f'"{c}"' for c in cols)
                con.execute(f'CREATE VIRTUAL TABLE "{t.name}_fts" USING fts5({q}, content="{t.name}", '
                            "tokenize='trigram')")
                con.execute(f'INSERT INTO "{t.name}_fts"(rowid, {q}) SELECT rowid, {q} FROM "{t.name}"')
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
