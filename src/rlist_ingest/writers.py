"""Small writers shared by the dataset stream: canonical document JSON, text files, safe names."""

from __future__ import annotations

from pathlib import Path

import regex

from .records import Document


def document_json(doc: Document) -> str:
    """The canonical per-document JSON text (gold field names, plus IDs and provenance).
    pydantic's serialiser writes the same text as ``json.dumps(..., indent=2)`` six times
    faster (with an indent, the json module falls back to its pure-Python encoder)."""
    return doc.model_dump_json(indent=2) + "\n"


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


_UNSAFE = regex.compile(r"[^\w.\-]+")


def output_stem(source: str) -> str:
    """A file name derived from an input name that cannot leave the output directory."""
    stem = _UNSAFE.sub("_", Path(source.replace("\\", "/")).stem).lstrip("._")
    return stem[:120] or "document"
