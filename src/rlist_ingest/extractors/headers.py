"""Column headers printed over several lines in a space-columned dump.

A narrow column wraps its header name: ``序`` over ``号``, ``责任科`` over ``室``, or one
character a line (``责 / 任 / 科 / 室``), so the header row is a stack of lines whose
pieces, read down each column, spell the names. :func:`stack_header` finds that stack: the
pieces of up to :data:`MAX_LINES` lines are grouped into columns by their overlap on the
line, each column's pieces joined top to bottom, and the stack whose names the grammar
reads as a header with the most named columns wins.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..grammar import Grammar

_PIECE = regex.compile(r"\S+")
MAX_LINES = 6  # a four-character name one character a line, with a line to spare each side
MAX_PIECE = 8  # header pieces are short; a body line's are not


@dataclass
class Header:
    lines: list[int]  # line numbers of the stack
    heads: list[tuple[int, int, str]]  # per column: first and last character position, name
    kind: str
    fields: list[str | None]
    keys: list[str]  # each line without whitespace (to recognise the header when it repeats)


def pieces_of(line: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _PIECE.finditer(line)]


def columns_of(stack: list[list[tuple[int, int, str]]]) -> list[tuple[int, int, str]]:
    """Pieces of several lines grouped into columns by overlap (or, failing that, the
    nearest column within a character: positions drift), names joined top to bottom."""
    spans: list[list] = []  # [start, end, [(line index, start, text)]]
    for li, pieces in enumerate(stack):
        for s, e, t in pieces:
            hit = [c for c in spans if s < c[1] and e > c[0]]  # overlapping columns
            if not hit:  # else the nearest within a character (positions drift)
                near = [c for c in spans if s <= c[1] and e >= c[0]]
                hit = sorted(near, key=lambda c: abs((c[0] + c[1]) / 2 - (s + e) / 2))[:1]
            if hit:
                c = hit[0]
                for other in hit[1:]:  # a wide piece over two columns: they were one
                    c[0], c[1] = min(c[0], other[0]), max(c[1], other[1])
                    c[2] += other[2]
                    spans.remove(other)
                c[0], c[1] = min(c[0], s), max(c[1], e)
                c[2].append((li, s, t))
            else:
                spans.append([s, e, [(li, s, t)]])
    spans.sort()
    return [(s, e, "".join(t for _, _, t in sorted(ps))) for s, e, ps in spans]


def stack_header(lines: list[tuple[int, str]], grammar: Grammar, start: int) -> Header | None:
    """The header stack that starts at ``lines[start]``, or None. Lines of the stack must
    be consecutive non-blank lines of short pieces."""
    best: Header | None = None
    best_score: tuple[int, int] | None = None
    stack: list[list[tuple[int, int, str]]] = []
    used: list[int] = []
    for n, ln in lines[start:start + MAX_LINES]:
        pieces = pieces_of(ln)
        if not pieces or any(e - s > MAX_PIECE for s, e, _ in pieces):
            break
        stack.append(pieces)
        used.append(n)
        heads = columns_of(stack)
        hit = grammar.header_fields([h[2] for h in heads])
        if hit is None:
            continue
        kind, fields = hit
        named = sum(1 for f in fields if f)
        # More named columns win; with as many, the one with no unnamed column (a header
        # line's stray piece) and then the shorter stack.
        score = (named, named - len(fields))
        if best_score is None or score > best_score:
            best_score = score
            best = Header(list(used), heads, kind, fields, ["".join(ln.split()) for _, ln in lines[start:start + len(used)]])
    return best
