"""Reading input files: bytes -> decoded text -> numbered lines."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .errors import InputError

# Order matters: BOMs first, then strict UTF-8, then GB18030 (a superset of GBK/GB2312).
_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]
_LINE_BREAK = regex.compile(r"\r\n|\r|\n")


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

    def line(self, n: int) -> str:
        return self.lines[n - 1]


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
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    breaks = set()
    for i, ln in enumerate(lines):
        if "\f" in ln:
            breaks.add(i + 1)
            lines[i] = ln.replace("\f", "")
    return lines, breaks


def read_source(path: str | Path, display_name: str | None = None) -> Source:
    """Read and decode one file into a :class:`Source`."""
    p = Path(path)
    data = p.read_bytes()
    text, enc = decode(data, str(path))
    lines, breaks = split_lines(text)
    return Source(path=str(path), name=display_name or p.name, encoding=enc,
                  sha256=hashlib.sha256(data).hexdigest(), lines=lines, page_breaks=breaks)
