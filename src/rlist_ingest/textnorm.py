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
_ASCII_WORD_END = regex.compile(r"[A-Za-z0-9]$")
_ASCII_WORD_START = regex.compile(r"^[A-Za-z0-9]")


def remove_pdf_spacing(text: str) -> str:
    """Remove whitespace runs adjacent to a CJK character or full-width punctuation."""
    return _SPACE_NEAR_WIDE.sub("", text)


def join_wrapped(parts: list[str]) -> str:
    """Join the lines of one wrapped cell: CJK needs no separator, Latin words keep a space."""
    out = ""
    for p in (x.strip() for x in parts):
        if not p:
            continue
        if out and _ASCII_WORD_END.search(out) and _ASCII_WORD_START.search(p):
            out += " " + p
        else:
            out += p
    return out


def squash(text: str) -> str:
    """All whitespace removed: the comparison key used for headers and matching."""
    return "".join(text.split())


def has_pdf_spacing(lines: list[str], threshold: float = 0.05) -> bool:
    """True if enough lines show spaces between CJK characters to call the text PDF-derived."""
    nonblank = [ln for ln in lines if ln.strip()]
    if not nonblank:
        return False
    hits = sum(1 for ln in nonblank if _HAN_SPACE_HAN.search(ln.strip()))
    return hits / len(nonblank) >= threshold


def clean(text: str, pdf_spacing: bool) -> str:
    """Final form of a cell or clause text."""
    text = text.strip()
    return remove_pdf_spacing(text) if pdf_spacing else text
