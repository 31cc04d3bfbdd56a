"""Small writers shared by the dataset stream: canonical document JSON, text files, safe names."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import regex

from .records import Document


def document_json_bytes(doc: Document) -> bytes:
    """The canonical per-document JSON (gold field names, plus IDs and provenance) as UTF-8.
    pydantic's serialiser writes the same text as ``json.dumps(..., indent=2)`` six times
    faster (with an indent, the json module falls back to its pure-Python encoder); kept as
    bytes, it is written without a decode and re-encode (a quarter of the cost)."""
    return doc.__pydantic_serializer__.to_json(doc, indent=2) + b"\n"


def document_json(doc: Document) -> str:
    """:func:`document_json_bytes` as text."""
    return document_json_bytes(doc).decode("utf-8")


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


_UNSAFE = regex.compile(r"[^\w.\-]+")


def output_stem(source: str) -> str:
    """A file name derived from an input's ``source`` that cannot leave the output directory
    (``a/list.txt`` -> ``a_list``, so that same-named files of two folders stay apart)."""
    p = PurePosixPath(source.replace("\\", "/"))
    stem = _UNSAFE.sub("_", str(p.with_suffix("")) if p.suffix else str(p)).lstrip("._")
    return stem[:120] or "document"
