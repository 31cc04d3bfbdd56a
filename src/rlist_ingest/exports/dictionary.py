"""docs/data-dictionary.md, generated from the table spec (:mod:`tables`).

``python -m rlist_ingest.exports.dictionary docs/data-dictionary.md`` (``make golden``)
rewrites it; ``tests/test_exports.py`` fails when the file drifts from the spec."""

from __future__ import annotations

import sys
from pathlib import Path

from ..tables import TABLES
from . import dictionary_rows


def markdown() -> str:
    """The data dictionary: every table, its keys and its columns with their Chinese names."""
    types = {(t, c): ty for t, c, _, ty, _ in dictionary_rows()}
    out = ["# Data dictionary", "",
           "<!-- Generated from src/rlist_ingest/tables.py by `make golden`; do not edit by hand. -->", "",
           "Every table of a dataset (`OUT/<table>.parquet`, and the same in `rlist export`'s CSV, Excel and "
           "SQLite files). The Chinese name is the column's header with `--headers zh`.", ""]
    for t in TABLES:
        out += [f"## `{t.name}`", "", t.description, "", f"Primary key: `{t.primary_key}`."]
        if t.foreign_keys:
            out.append("Foreign keys: " + ", ".join(f"`{c}` → `{rt}.{rc}`" for c, rt, rc in t.foreign_keys) + ".")
        out += ["", "| column | 中文名 | type | description |", "|---|---|---|---|"]
        out += [f"| `{c}` | {zh} | {types[(t.name, c)]} | {_cell(d)} |" for c, _, d, zh in t.columns]
        out.append("")
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(markdown(), encoding="utf-8")
