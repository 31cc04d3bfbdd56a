"""Writers: canonical per-document JSON, Parquet tables, datapackage.json, residue and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .records import Document
from .tables import TABLES, datapackage, document_rows


def document_json(doc: Document) -> str:
    """The canonical per-document JSON text (gold field names, plus IDs and provenance)."""
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_parquet(results, out: Path) -> None:
    """One Parquet file per table, rows in document order."""
    merged: dict[str, list[dict]] = {t.name: [] for t in TABLES}
    for r in sorted(results, key=lambda r: r.document.source):
        for name, rows in document_rows(r.document).items():
            merged[name].extend(rows)
    for t in TABLES:
        table = pa.Table.from_pylist(merged[t.name], schema=t.schema())
        pq.write_table(table, out / f"{t.name}.parquet", compression="zstd")


def write_dataset(results, errors, out: Path) -> None:
    """Write documents/<stem>.json, the Parquet tables, datapackage.json, residue.jsonl
    and errors.jsonl under ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for r in results:
        write_text(out / "documents" / f"{Path(r.document.source).stem}.json", document_json(r.document))
    write_parquet(results, out)
    write_text(out / "datapackage.json", json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n")
    residue = "".join(json.dumps(x.model_dump(), ensure_ascii=False) + "\n"
                      for r in results for x in r.residue)
    write_text(out / "residue.jsonl", residue)
    write_text(out / "errors.jsonl", "".join(json.dumps(e.as_dict(), ensure_ascii=False) + "\n" for e in errors))
