"""PDF files, read from their text layer with pdfplumber (MIT; pdfminer.six underneath).

Each page becomes tables and prose lines (:mod:`.pages`); pages are read one at a time
and closed, so memory stays flat on long lists. Then, over the whole document:

- page furniture (running headers and footers, page numbers) is found and left out, to
  the residue with its reason (:mod:`.furniture`);
- a table that starts a page and continues the one that ended the page before is joined
  to it, its repeated header dropped and its cut rows and cut merged cells re-joined
  (:mod:`.stitch`);
- prose lines outside tables become paragraphs with the PDF's line wraps joined
  (:mod:`.prose`);
- glyphs mapped to CJK radicals are folded to the ideographs they stand for (:mod:`.glyphs`).

Origins name the page and the box in points from the page's top left:
``p3 [40,120,555,160]``; a cell or row printed over a page break names each piece.
A PDF without text (a scan), an encrypted, damaged or empty one is refused with a code.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ...errors import InputError
from ...model import Cell, Doc, Paragraph, Skipped, Table
from .cuts import splits_rows
from .furniture import page_furniture
from .pages import PageContent, page_to_content
from .prose import lines_to_paragraphs
from .stitch import Chain, break_lines, column_openings, continues, extend, leaves_cuts_open, new_chain


def _box(b) -> str:
    return "[" + ",".join(str(round(v)) for v in b) + "]"


def origin_of(pieces) -> str:
    """``p3 [x0,top,x1,bottom]``, pieces on several pages joined by `` + ``."""
    return " + ".join(f"p{p} {_box(b)}" for p, b in pieces)


def _damaged(path: Path, what: str) -> InputError:
    return InputError(str(path), None, "a readable PDF", f"a damaged or truncated PDF ({what})",
                      hint="check the download (the file may be cut short), or open it and save it again",
                      code="bad-pdf")


def _open(path: Path):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(path)
        pages = pdf.pages
    except Exception as e:  # pdfminer raises many kinds on damaged files; pdfplumber wraps them
        inner = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
            raise InputError(str(path), None, "a PDF that opens without a password", "an encrypted PDF",
                             hint="supply the unencrypted file (open it with its password and print or save a copy)",
                             code="encrypted") from e
        raise _damaged(path, type(inner).__name__) from e
    return pdf, pages


def read(path: Path) -> Doc:
    """The document model of a PDF."""
    pdf, pages = _open(path)
    contents: list[PageContent] = []
    try:
        if not pages:
            raise InputError(str(path), None, "a PDF with pages", "a PDF with no pages", hint="check the download",
                             code="no-pages")
        for i, page in enumerate(pages):
            try:
                contents.append(page_to_content(page, i + 1))
            except Exception as e:
                raise _damaged(path, f"page {i + 1}: {type(e).__name__}") from e
            finally:
                page.close()
    finally:
        pdf.close()
    return contents_to_doc(contents, str(path))


def contents_to_doc(contents: list[PageContent], path: str) -> Doc:
    """Pages' tables and lines to the document model."""
    doc = Doc(format="pdf")
    if not any(c.tables or c.lines for c in contents):
        scanned = any(c.images for c in contents)
        raise InputError(path, None, "a PDF with a text layer",
                         "pages that are images only (a scan)" if scanned else "pages with no text",
                         hint="run OCR on it first (for example ocrmypdf -l chi_sim in.pdf out.pdf), or find the "
                              "list's Word, Excel or web page", code="no-text-layer")
    doc.notes.append(f"{len(contents)} page{'s' if len(contents) != 1 else ''} read")
    for c in contents:
        if not c.tables and not c.lines:
            why = "an image only: no text layer" if c.images else "no text"
            doc.notes.append(f"page {c.number} has {why}")
            doc.skipped.append(Skipped(f"p{c.number}", "", f"page {c.number}: {why} (not read)"))
    furniture = page_furniture(contents)
    for page_no, ln in furniture:
        doc.skipped.append(Skipped(f"p{page_no} {_box((ln.x0, ln.top, ln.x1, ln.bottom))}", ln.text,
                                   "page header or footer"))
    dropped = {(p, id(ln)) for p, ln in furniture}
    for c in contents:
        stray = stray_lines(c, {id(ln) for p, ln in furniture if p == c.number})
        if stray:
            doc.notes.append(f"page {c.number}: {stray} line{'s' if stray != 1 else ''} printed outside a table but "
                             "inside one of its columns (a cell's text painted past the table's edge); check the "
                             "records next to them")
    # Each page's content in reading order: (top, kind, item).
    flow: list[list[tuple]] = []
    for c in contents:
        items = [(t.bbox[1], 0, t) for t in c.tables]
        items += [(ln.top, 1, ln) for ln in c.lines if (c.number, id(ln)) not in dropped]
        items.sort(key=lambda x: (x[0], x[1]))
        flow.append(items)
    pages_tables = [c.tables for c in contents]
    open_cuts = leaves_cuts_open(pages_tables)
    openings = None if open_cuts else column_openings(pages_tables)
    splits = open_cuts or splits_rows(break_lines(pages_tables))
    blocks: list = []  # Chain or list of (page, TextLine)
    joins = 0
    for c, items in zip(contents, flow, strict=True):
        for n, (_, kind, item) in enumerate(items):
            if kind == 0:
                prev = blocks[-1] if blocks else None
                if n == 0 and isinstance(prev, Chain) and continues(prev, item):
                    extend(prev, item, open_cuts, openings, splits)
                    joins += 1
                else:
                    blocks.append(new_chain(item))
            else:
                if blocks and isinstance(blocks[-1], list):
                    blocks[-1].append((c.number, item))
                else:
                    blocks.append([(c.number, item)])
    if not any(pages_tables):
        doc.notes.append("no ruled table found: a table printed without ruling lines is not read as a table "
                         "(its lines go to the residue); the list's Word, Excel or web page would be")
    if joins:
        doc.notes.append(f"{joins} table piece{'s' if joins != 1 else ''} joined across page breaks"
                         + ("" if open_cuts else " (the printer closes cut cells: their text decided"
                            + ("" if splits else "; it keeps rows whole") + ")"))
    widths = _text_width(contents)
    n_table = 0
    for b in blocks:
        if isinstance(b, Chain):
            n_table += 1
            doc.blocks.append(chain_to_table(b, n_table))
        else:
            for text, pieces in lines_to_paragraphs(b, widths):
                doc.blocks.append(Paragraph([text], origin_of(pieces)))
    return doc


def stray_lines(c: PageContent, furniture: set[int]) -> int:
    """Prose lines just above a page's first table or below its last that sit inside one
    of the table's columns other than the first: text a printer painted past the table's
    edge (LibreOffice Calc paints a merged cell cut by a page break whole on both pages)."""
    if not c.tables:
        return 0
    first, last = c.tables[0], c.tables[-1]
    n = 0
    for ln in c.lines:
        if id(ln) in furniture:
            continue
        for t, near in ((first, ln.bottom <= first.bbox[1] + 1), (last, ln.top >= last.bbox[3] - 1)):
            if near and any(t.xs[k] - 1 <= ln.x0 and ln.x1 <= t.xs[k + 1] + 1 and ln.x0 > t.xs[0] + ln.size
                            for k in range(1, t.n_cols)):
                n += 1
                break
    return n


def _text_width(contents: list[PageContent]) -> dict[int, tuple[float, float]]:
    """Per page, the left and right ends of its text: the widest of its tables and lines
    over all pages of that width (a short page's lines do not set its margins)."""
    by_width: dict[int, list[float]] = {}
    for c in contents:
        key = round(c.width)
        xs = by_width.setdefault(key, [c.width, 0.0])
        for t in c.tables:
            xs[0], xs[1] = min(xs[0], t.bbox[0]), max(xs[1], t.bbox[2])
        for ln in c.lines:
            xs[0], xs[1] = min(xs[0], ln.x0), max(xs[1], ln.x1)
    return {c.number: tuple(by_width[round(c.width)]) for c in contents}


def chain_to_table(ch: Chain, n: int) -> Table:
    cells = []
    for c in sorted(ch.cells, key=lambda c: (c.r0, c.c0)):
        cells.append(Cell([ln.text for ln in c.lines], r0=c.r0, r1=c.r1, c0=c.c0, c1=c.c1,
                          origin=origin_of(c.pieces)))
    pages = sorted({t.page for t in ch.tables})
    where = f"p{pages[0]}" + (f"-{pages[-1]}" if len(pages) > 1 else "")
    rows = [f"t{n} r{r + 1} " + origin_of(p) for r, p in enumerate(ch.row_pieces)]
    return Table(ch.n_rows, ch.n_cols, cells, f"{where} t{n}", rows)
