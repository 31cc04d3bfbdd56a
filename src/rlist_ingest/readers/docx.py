"""Word .docx, read from ``word/document.xml`` with lxml.

Paragraphs and tables come in document order (content controls ``w:sdt`` are looked
into); automatic numbering (一、, （一）, 1、 as list levels) is printed before the text
(:mod:`.docx_numbering`); of ``mc:AlternateContent`` only the choice is read (its fallback
repeats it). Table cells are laid on the grid by ``w:gridBefore`` and ``w:gridSpan``; a cell
with ``w:vMerge`` (not ``restart``) extends the open cell of its column downwards, as
Word draws it. python-docx's ``row.cells`` repeats a merged cell on every row it covers,
which is why the XML is read directly. A table nested in a cell is flattened: its cells'
paragraphs become lines of the outer cell (noted in the document). Deleted text of
tracked changes (``w:delText``) is not text.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import InputError
from ..model import Cell, Doc, Paragraph, Table
from .docx_numbering import Numbering

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MAX_XML = 256 * 1024 * 1024  # uncompressed document.xml: a zip bomb is refused, not read


def read(path: Path) -> Doc:
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > MAX_XML:
                raise InputError(str(path), None, f"a document.xml of at most {MAX_XML:,} bytes",
                                 f"{info.file_size:,} bytes", hint="this is not an ordinary list", code="too-large")
            try:
                data = z.read(info)
                parts = {name: z.read(name) for name in ("word/numbering.xml", "word/styles.xml")
                         if name in z.namelist() and z.getinfo(name).file_size <= MAX_XML}
            except Exception as e:  # noqa: BLE001 - a damaged member: bad CRC, zlib errors, bad headers
                raise InputError(str(path), None, "a Word document (.docx)",
                                 f"a damaged zip member ({type(e).__name__})",
                                 hint="open it in Word or LibreOffice and save it again", code="bad-docx") from e
    except KeyError as e:
        raise InputError(str(path), None, "a Word document (.docx)", "a zip without word/document.xml",
                         hint="open it in Word or LibreOffice and save it as .docx", code="not-docx") from e
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as e:
        raise InputError(str(path), None, "a Word document (.docx)", f"a damaged zip ({e})",
                         hint="open it in Word or LibreOffice and save it again", code="bad-docx") from e
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, huge_tree=False))
    except etree.XMLSyntaxError as e:
        raise InputError(str(path), None, "well-formed document XML", f"an XML error ({e})",
                         hint="open it in Word or LibreOffice and save it again", code="bad-docx") from e
    for fallback in list(root.iter(f"{MC}Fallback")):  # the same content as its mc:Choice
        fallback.getparent().remove(fallback)
    numbering = Numbering(*(_parse_part(parts.get(n), etree) for n in ("word/numbering.xml", "word/styles.xml")))
    body = root.find(f"{W}body")
    if body is None:
        raise InputError(str(path), None, "a Word document body", "no w:body element",
                         hint="open it in Word or LibreOffice and save it again", code="bad-docx")
    doc = Doc(format="docx", encoding="utf-8")
    counters = {"p": 0, "t": 0}
    for el in _blocks(body):
        if el.tag == f"{W}p":
            counters["p"] += 1
            lines = _para_lines(el, numbering)
            if any(ln.strip() for ln in lines):
                doc.blocks.append(Paragraph(lines, f"p{counters['p']}"))
        else:
            counters["t"] += 1
            doc.blocks.append(_table(el, counters["t"], doc, numbering))
    return doc


def _blocks(parent):
    """Body-level paragraphs and tables in order, looking through content controls."""
    for el in parent:
        if el.tag in (f"{W}p", f"{W}tbl"):
            yield el
        elif el.tag == f"{W}sdt":
            content = el.find(f"{W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def _parse_part(data: bytes | None, etree):
    if not data:
        return None
    try:
        return etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, huge_tree=False))
    except etree.XMLSyntaxError:
        return None  # numbering or styles damaged: the text is still read, without numbers


def _para_lines(p, numbering: Numbering) -> list[str]:
    """A paragraph's text, its automatic number first; ``w:br`` and ``w:cr`` break it
    into lines, ``w:tab`` is a space."""
    label = numbering.label(p)
    lines, buf = [], [label] if label else []
    for el in p.iter(f"{W}t", f"{W}br", f"{W}cr", f"{W}tab", f"{W}noBreakHyphen"):
        if el.tag == f"{W}t":
            buf.append(el.text or "")
        elif el.tag == f"{W}tab":
            buf.append(" ")
        elif el.tag == f"{W}noBreakHyphen":
            buf.append("-")
        else:
            lines.append("".join(buf))
            buf = []
    lines.append("".join(buf))
    return lines


def _cell_lines(tc, doc: Doc, numbering: Numbering) -> list[str]:
    lines: list[str] = []
    for el in _blocks(tc):
        if el.tag == f"{W}p":
            lines += [ln for ln in _para_lines(el, numbering) if ln.strip()]
        else:  # a nested table: its cells' text, row by row
            if not any("nested table" in n for n in doc.notes):
                doc.notes.append("nested table(s) flattened into the text of their outer cell")
            for tr in el.iter(f"{W}tr"):
                for inner in tr.findall(f"{W}tc"):
                    lines += _cell_lines(inner, doc, numbering)
    return lines


def _val(el, name: str) -> str | None:
    x = el.find(name)
    return None if x is None else x.get(f"{W}val")


def _table(tbl, t: int, doc: Doc, numbering: Numbering) -> Table:
    cells: list[Cell] = []
    open_by_col: dict[int, Cell] = {}  # column -> the cell a vMerge continues
    origins: list[str] = []
    n_cols = 0
    rows = [tr for tr in tbl if tr.tag == f"{W}tr"]
    for r, tr in enumerate(rows):
        col = 0
        trpr = tr.find(f"{W}trPr")
        if trpr is not None and (before := _val(trpr, f"{W}gridBefore")):
            col += _int(before)
        tcs = [el for el in tr if el.tag == f"{W}tc"]
        for sdt in (el for el in tr if el.tag == f"{W}sdt"):  # cells inside content controls
            tcs += sdt.findall(f"{W}sdtContent/{W}tc")
        for k, tc in enumerate(tcs, 1):
            pr = tc.find(f"{W}tcPr")
            span = _int(_val(pr, f"{W}gridSpan")) if pr is not None and pr.find(f"{W}gridSpan") is not None else 1
            vm = pr.find(f"{W}vMerge") if pr is not None else None
            lines = _cell_lines(tc, doc, numbering)
            if vm is not None and vm.get(f"{W}val", "continue") != "restart" and col in open_by_col \
                    and open_by_col[col].r1 == r:
                cell = open_by_col[col]
                cell.r1 = r + 1
                lines = [ln for ln in lines if ln.strip()]
                if lines:  # text in a continued cell: Word shows it nowhere, but keep it
                    cell.parts += lines
            else:
                cell = Cell(lines, r0=r, r1=r + 1, c0=col, c1=col + span, origin=f"t{t} r{r + 1} c{k}")
                cells.append(cell)
                for c in range(col, col + span):
                    open_by_col.pop(c, None)
                open_by_col[col] = cell
            col += span
        n_cols = max(n_cols, col)
        origins.append(f"t{t} r{r + 1}")
    for c in cells:
        c.c1 = min(c.c1, n_cols)
    return Table(len(rows), n_cols, cells, f"t{t}", origins)


def _int(v: str | None) -> int:
    try:
        return max(1, int(v or 1))
    except ValueError:
        return 1
