"""Small writers shared by the dataset stream: canonical document JSON, text files, safe names."""

from __future__ import annotations

import json
from pathlib import Path

import regex

from .records import Document


def document_json(doc: Document) -> str:
    """The canonical per-document JSON text (gold field names, plus IDs and provenance)."""
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


_UNSAFE = regex.compile(r"[^\w.\-]+")


def output_stem(source: str) -> str:
    """A file name derived from an input name that cannot leave the output directory."""
    stem = _UNSAFE.sub("_", Path(source.replace("\\", "/")).stem).lstrip("._")
    return stem[:120] or "document"
