"""Writers: canonical per-document JSON, residue JSONL (Parquet and datapackage below)."""

from __future__ import annotations

import json
from pathlib import Path

from .records import Document


def document_json(doc: Document) -> str:
    """The canonical per-document JSON text (gold field names, plus IDs and provenance)."""
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_dataset(results, errors, out: Path) -> None:
    """Write documents/<stem>.json, residue.jsonl and errors.jsonl under ``out``."""
    out = Path(out)
    for r in results:
        write_text(out / "documents" / f"{Path(r.document.source).stem}.json", document_json(r.document))
    residue = "".join(json.dumps(x.model_dump(), ensure_ascii=False) + "\n"
                      for r in results for x in r.residue)
    write_text(out / "residue.jsonl", residue)
    write_text(out / "errors.jsonl", "".join(json.dumps(e.as_dict(), ensure_ascii=False) + "\n" for e in errors))
