"""Text normalisation shared by all layouts.

PDF text extraction puts spaces between CJK characters ("社 会 保 险 基") and wraps
cells at fixed widths; these helpers undo that without touching real content.
"""

from __future__ import annotations

import regex

# CJK ideographs plus full-width punctuation and brackets: a space next to one of these
# is layout, not content, in PDF-derived text.
_WIDE = r"\p{Han}\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014"
_SPACE_NEAR_WIDE = regex.compile(rf"(?<=[{_WIDE}])[^\S\n]+|[^\S\n]+(?=[{_WIDE}])")
_HAN_SPACE_HAN = regex.compile(r"\p{Han}[ \u3000]\p{Han}")
_ASCII_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def remove_pdf_spacing(text: str) -> str:
    """Remove whitespace runs adjacent to a CJK character or full-width punctuation."""
    return _SPACE_NEAR_WIDE.sub("", text)


def join_wrapped(parts: list[str]) -> str:
    """Join the lines of one wrapped cell: CJK needs no separator, Latin words keep a space."""
    if len(parts) == 1:
        return parts[0].strip()
    out: list[str] = []
    prev = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if prev and prev[-1] in _ASCII_WORD and p[0] in _ASCII_WORD:
            out.append(" ")
        out.append(p)
        prev = p
    return "".join(out)


def squash(text: str) -> str:
    """All whitespace removed: the comparison key used for headers and matching."""
    return "".join(text.split())


def has_pdf_spacing(lines: list[str], threshold: float = 0.05) -> bool:
    """True if enough lines show spaces between CJK characters to call the text PDF-derived."""
    nonblank = sum(1 for ln in lines if ln and not ln.isspace())
    if not nonblank:
        return False
    need = threshold * nonblank
    hits = 0
    search = _HAN_SPACE_HAN.search
    for ln in lines:
        # Most lines of a non-PDF text have no space at all; a PDF text stops early.
        if (" " in ln or "\u3000" in ln) and search(ln):
            hits += 1
            if hits >= need:
                return True
    return False


def clean(text: str, pdf_spacing: bool) -> str:
    """Final form of a cell or clause text."""
    text = text.strip()
    return remove_pdf_spacing(text) if pdf_spacing else text


def is_aligned(lines: list[str]) -> bool:
    """True if most lines keep columns in place with runs of spaces (pdftotext -layout),
    not single spaces between pieces (pdftotext's reading order)."""
    text = [ln.rstrip() for ln in lines if ln.strip()]
    # A run of three spaces inside or at the start of a line (substring tests in C).
    return bool(text) and sum(1 for ln in text if "   " in ln) >= 0.4 * len(text)
