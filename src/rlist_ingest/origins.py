"""Origins for records and residue of a document read through the model: the format's
own coordinates of the rendered lines a record spans (``Sheet1!A5:E9``, ``t1 r3-r7``,
``t1 r3-r7 p2 [40,120,555,380]`` for a PDF, an HTML element path), next to the lines of
the rendered text."""

from __future__ import annotations

import regex

from .kinds import records
from .records import ResidueLine

_A1 = regex.compile(r"^(?P<sheet>.*)!(?P<c0>[A-Z]+)(?P<r0>\d+)(?::(?P<c1>[A-Z]+)(?P<r1>\d+))?$")
_DOCX = regex.compile(r"^t(?P<t>\d+) r(?P<r>\d+)(?: c\d+)?$")
_PDF_PIECES = r"(?P<pieces>p\d+ \[[\d,.\-]+\](?: \+ p\d+ \[[\d,.\-]+\])*)"  # p3 [..] + p4 [..]
_PDF_ROW = regex.compile(r"^t(?P<t>\d+) r(?P<r>\d+) " + _PDF_PIECES + "$")
_PDF_PARA = regex.compile("^" + _PDF_PIECES + "$")
_PIECE = regex.compile(r"p(?P<p>\d+) \[(?P<box>[\d,.\-]+)\]")


def _pdf_span(a, b) -> str:
    """PDF rows ``t1 r5 p2 [x0,top,x1,bottom]`` .. ``t1 r9 p3 [...]``: one row range and,
    per page, the box around both ends' pieces."""
    boxes: dict[int, list[float]] = {}
    for m in (*_PIECE.finditer(a["pieces"]), *_PIECE.finditer(b["pieces"])):
        x0, top, x1, bottom = (float(v) for v in m["box"].split(","))
        box = boxes.setdefault(int(m["p"]), [x0, top, x1, bottom])
        box[:] = [min(box[0], x0), min(box[1], top), max(box[2], x1), max(box[3], bottom)]
    pieces = " + ".join(f"p{p} [{','.join(str(round(v)) for v in box)}]" for p, box in sorted(boxes.items()))
    return f"t{a['t']} r{a['r']}-r{b['r']} {pieces}" if "t" in a.groupdict() else pieces


def span_origin(first: str, last: str) -> str:
    """One origin for the rendered lines from ``first``'s to ``last``'s."""
    if first == last:
        return first
    a, b = _A1.match(first), _A1.match(last)
    if a and b and a["sheet"] == b["sheet"]:
        c0 = min(a["c0"], b["c0"], key=lambda s: (len(s), s))
        c1 = max(a["c1"] or a["c0"], b["c1"] or b["c0"], key=lambda s: (len(s), s))
        return f"{a['sheet']}!{c0}{a['r0']}:{c1}{b['r1'] or b['r0']}"
    a, b = _DOCX.match(first), _DOCX.match(last)
    if a and b and a["t"] == b["t"]:
        return f"t{a['t']} r{a['r']}-r{b['r']}"
    a, b = _PDF_ROW.match(first), _PDF_ROW.match(last)
    if a and b and a["t"] == b["t"]:
        return _pdf_span(a, b)
    a, b = _PDF_PARA.match(first), _PDF_PARA.match(last)
    if a and b:
        return _pdf_span(a, b)
    return f"{first} .. {last}"


def add_origins(result, rendering, model) -> None:
    """Set ``origin`` on every record and every residue entry;
    add the reader's skipped content (hidden sheets) to the residue."""
    rows = rendering.rows
    for rec in records(result.document):
        p = rec.provenance
        rec.__dict__["origin"] = span_origin(rows[p.line_first - 1].origin, rows[p.line_last - 1].origin)
    out = []
    for r in result.residue:
        row = rows[r.line - 1] if 1 <= r.line <= len(rows) else None
        origin = row.origin if row else None
        if row and row.cells:
            origin = next((c.origin for c, t in row.cells if c is not None and t and t == r.text), origin)
        out.append(r.model_copy(update={"origin": origin}))
    name = result.document.source
    out += [ResidueLine(file=name, line=0, text=s.text, reason=s.reason, origin=s.origin) for s in model.skipped]
    result.residue = out
