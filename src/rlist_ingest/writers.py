"""Writers: canonical per-document JSON, Parquet tables, datapackage.json, residue and errors."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import regex

from .records import Document
from .tables import TABLES, cluster_rows, datapackage, document_rows


def document_json(doc: Document) -> str:
    """The canonical per-document JSON text (gold field names, plus IDs and provenance)."""
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_parquet(results, out: Path, clusters=()) -> None:
    """One Parquet file per table, rows in document order."""
    merged: dict[str, list[dict]] = {t.name: [] for t in TABLES}
    for r in sorted(results, key=lambda r: (r.document.source, r.document.id)):
        for name, rows in document_rows(r.document).items():
            merged[name].extend(rows)
    merged["boilerplate_clusters"] = cluster_rows(clusters)
    for t in TABLES:
        table = pa.Table.from_pylist(merged[t.name], schema=t.schema())
        pq.write_table(table, out / f"{t.name}.parquet", compression="zstd")


_UNSAFE = regex.compile(r"[^\w.\-]+")


def output_stem(source: str) -> str:
    """A file name derived from an input name that cannot leave the output directory."""
    stem = _UNSAFE.sub("_", Path(source.replace("\\", "/")).stem).lstrip("._")
    return stem[:120] or "document"


def write_dataset(results, errors, out: Path, notices=(), clusters=()) -> None:
    """Write documents/<stem>.json, the Parquet tables, datapackage.json, residue.jsonl and
    errors.jsonl under ``out``.

    Everything is written to a temporary sibling directory first and swapped in only when
    complete, so a run killed midway leaves the previous dataset intact."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        used: set[str] = set()
        for r in sorted(results, key=lambda r: (r.document.source, r.document.id)):
            stem = output_stem(r.document.source)
            if stem in used:
                stem = f"{stem}-{r.document.id[:8]}"
            used.add(stem)
            write_text(tmp / "documents" / f"{stem}.json", document_json(r.document))
        (tmp / "documents").mkdir(exist_ok=True)
        write_parquet(results, tmp, clusters)
        write_text(tmp / "datapackage.json", json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n")
        residue = "".join(json.dumps(x.model_dump(), ensure_ascii=False) + "\n"
                          for r in results for x in r.residue)
        write_text(tmp / "residue.jsonl", residue)
        problems = [e if isinstance(e, dict) else {"severity": "error", **e.as_dict()} for e in errors]
        problems += [n if isinstance(n, dict) else n.as_dict() for n in notices]
        write_text(tmp / "errors.jsonl", "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in problems))
        _swap(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _swap(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp`` with renames only (atomic on one filesystem)."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
    os.replace(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
