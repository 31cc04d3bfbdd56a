"""Reading input files: bytes -> decoded text -> numbered lines."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import regex

from .errors import InputError
from .textnorm import squash

# Order matters: BOMs first, then strict UTF-8, then GB18030 (a superset of GBK/GB2312).
_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]
_LINE_BREAK = regex.compile(r"\r\n|\r|\n")
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
# Leading bytes of formats that are often dropped into a folder of text dumps by mistake.
_MAGIC = [(b"%PDF", "a PDF file", "extract its text first, e.g. `pdftotext -layout file.pdf`"),
          (b"\x89PNG", "a PNG image", "this is an image; OCR it or find the text version"),
          (b"\xff\xd8\xff", "a JPEG image", "this is an image; OCR it or find the text version"),
          (b"PK\x03\x04", "a zip archive (or .docx/.xlsx)", "unpack it or save the document as text"),
          (b"\xd0\xcf\x11\xe0", "an OLE file (.doc/.xls)", "save the document as text"),
          (b"\x1f\x8b", "a gzip archive", "decompress it first")]


@dataclass
class Source:
    """A decoded input file. ``lines[i]`` is source line ``i + 1``."""

    path: str
    name: str
    encoding: str
    sha256: str
    lines: list[str]
    pdf_spacing: bool = False
    page_breaks: set[int] = field(default_factory=set)
    keeps_empty_ends: bool | None = None  # its writer keeps a row's empty end cells (extractors/tsv.py)
    nbytes: int = 0  # size of the file as read

    def line(self, n: int) -> str:
        return self.lines[n - 1]

    @cached_property
    def keys(self) -> list[str]:
        """Each line with all whitespace removed: the form headings, metadata lines and
        column headers are matched in (computed once, used by several stages)."""
        return [squash(ln) for ln in self.lines]


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode bytes, returning (text, encoding name). Raises InputError if no encoding fits."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as e:
                raise InputError(path, None, f"valid {enc} after its byte-order mark",
                                 f"undecodable bytes at offset {e.start}",
                                 hint="re-save the file as UTF-8") from e
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise InputError(path, None, "UTF-8, GB18030/GBK or UTF-16 text", "bytes that decode as none of them",
                     hint="convert the file to UTF-8 text (is it a PDF or an image?)")


def split_lines(text: str) -> tuple[list[str], set[int]]:
    """Split on CRLF, CR or LF. Form feeds (pdftotext page breaks) are removed from the
    line and remembered as page breaks so that line numbers stay those of the file."""
    # str.split is several times faster than the regex, and LF-only text is the common case.
    lines = text.split("\n") if "\r" not in text else _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    breaks = set()
    if "\f" in text:
        for i, ln in enumerate(lines):
            if "\f" in ln:
                breaks.add(i + 1)
                lines[i] = ln.replace("\f", "")
    return lines, breaks


def text_id(lines: list[str]) -> str:
    """Document ID from the decoded text, so that the same list saved in another encoding
    or with other line endings gets the same ID (and so the same record IDs)."""
    return hashlib.sha256("\n".join(ln.rstrip() for ln in lines).encode("utf-8")).hexdigest()[:16]


def check_bytes(data: bytes, path: str) -> None:
    """Reject inputs that are not text, with a reason and a hint."""
    if not data.strip():
        raise InputError(path, None, "a non-empty text file",
                         "an empty file" if not data else "only whitespace",
                         hint="check the conversion step that produced it")
    for magic, what, hint in _MAGIC:
        if data.startswith(magic):
            raise InputError(path, None, "a text file", what, hint=hint)
    if not any(data.startswith(b) for b, _ in _BOMS) and b"\x00" in data[:65536]:
        raise InputError(path, None, "a text file", "binary data (NUL bytes)",
                         hint="this is not text; convert it to UTF-8 text first")


def check_size(path: str | Path, max_bytes: int) -> None:
    """Refuse a file over ``max_bytes`` before reading it (every format)."""
    size = Path(path).stat().st_size
    if size > max_bytes:
        raise InputError(str(path), None, f"at most {max_bytes:,} bytes", f"{size:,} bytes",
                         hint="raise the limit with --max-bytes if this really is one list", code="too-large")


def read_source(path: str | Path, display_name: str | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read and decode one file into a :class:`Source`; raises InputError on bad input."""
    p = Path(path)
    if p.is_dir():
        raise InputError(str(path), None, "a text file", "a directory",
                         hint=f"pass the files inside it, e.g. {p}/*.txt")
    check_size(p, max_bytes)
    data = p.read_bytes()
    check_bytes(data, str(path))
    text, enc = decode(data, str(path))
    lines, breaks = split_lines(text)
    return Source(path=str(path), name=display_name or p.name, encoding=enc,
                  sha256=hashlib.sha256(data).hexdigest(), lines=lines, page_breaks=breaks, nbytes=len(data))
