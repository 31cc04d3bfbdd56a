"""HTML pages, parsed with lxml.

The charset comes from a byte-order mark, then the page's ``<meta charset>`` or
``http-equiv`` declaration (GBK and GB2312 are read as GB18030, their superset), then
UTF-8 if the bytes decode, else GB18030. Tables are laid on a grid by ``rowspan`` and
``colspan``; inside a cell, ``<br>`` and block elements (``p``, ``div``, ``li``…) break
lines. Text outside tables becomes paragraphs, one line per block element or ``<br>``.
Scripts, styles, forms and navigation (``nav``, ``header``, ``footer``, ``aside``) are
not content. A table whose cells hold a table is a page laid out in a table (common on
older portals): its cells are read as the page's content, so the data table inside
stays a table. A data table is read as a sheet is (:mod:`.grid`): one-cell rows (a
title, a heading, prose a spreadsheet exported to HTML) become paragraphs. A table's
caption is a paragraph before it. An ordered list's items get the number a
browser prints (``1.``; ``一、`` for CJK list styles).
"""

from __future__ import annotations

from pathlib import Path

import regex

from ..errors import InputError
from ..model import Block, Doc, Paragraph
from .grid import Anchor, sheet_to_blocks

_META = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", regex.I)
_SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "select",
         "button", "head", "title", "iframe", "object", "svg"}
_BLOCK = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
          "blockquote", "pre", "dd", "dt", "dl", "center", "caption", "table", "tbody", "thead", "tfoot", "main",
          "address", "hr", "figure", "figcaption", "body"}
_ALIASES = {"gbk": "gb18030", "gb2312": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030"}
MAX_SPAN = 1000  # rowspan/colspan beyond this are page errors, not layout


def decode_html(data: bytes, path: str) -> tuple[str, str]:
    """The page's text and the charset it was decoded with."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    m = _META.search(data[:8192])
    if m:
        enc = m.group(1).decode("ascii").lower()
        enc = _ALIASES.get(enc, enc)
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise InputError(path, None, "an HTML page in UTF-8, GBK or its declared charset",
                     "bytes that decode as none of them", hint="re-save the page as UTF-8", code="bad-encoding")


def read(path: Path) -> Doc:
    import lxml.html
    from lxml import etree

    text, enc = decode_html(path.read_bytes(), str(path))
    text = regex.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses a str with an encoding declaration
    try:
        root = lxml.html.document_fromstring(text) if text.strip() else None
    except (etree.ParserError, ValueError) as e:
        raise InputError(str(path), None, "an HTML page", f"markup lxml cannot parse ({e})",
                         hint="save the page again from a browser", code="bad-html") from e
    if root is None:
        raise InputError(str(path), None, "an HTML page", "an empty file", hint="check the download", code="empty")
    doc = Doc(format="html", encoding=enc)
    tree = root.getroottree()
    body = root.find("body")
    walker = _Walker(doc, tree)
    walker.walk(body if body is not None else root)
    walker.flush()
    return doc


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


class _Walker:
    """Collects paragraphs between tables; a table is emitted as soon as it is met."""

    def __init__(self, doc: Doc, tree):
        self.doc, self.tree = doc, tree
        self.buf: list[str] = []
        self.start = None  # element of the paragraph's first text

    def newline(self):
        t = " ".join("".join(self.buf).split())
        if t:
            self.doc.blocks.append(Paragraph([t], self.tree.getpath(self.start) if self.start is not None else ""))
        self.buf, self.start = [], None

    def flush(self):
        self.newline()

    def walk(self, el):
        tag = _tag(el)
        if tag in _SKIP or not tag:
            return
        if tag == "table":
            self.flush()
            if _is_layout(el):  # a page laid out in a table: its cells are the page's content
                for tr in _rows(el):
                    for td in tr:
                        if _tag(td) in ("td", "th"):
                            self.walk(td)
                            self.flush()
                return
            for cap in el.findall("caption"):
                self.walk(cap)
                self.flush()
            self.doc.blocks += _table(el, self.tree, self.doc)
            return
        if tag == "br":
            self.newline()
            return
        block = tag in _BLOCK
        if block:
            self.newline()
        if tag == "li" and (label := ol_label(el)):
            self.start = el
            self.buf.append(label)
        if el.text and el.text.strip():
            self.start = self.start if self.start is not None else el
            self.buf.append(el.text)
        elif el.text:
            self.buf.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                if child.tail.strip() and self.start is None:
                    self.start = el
                self.buf.append(child.tail)
        if block:
            self.newline()


def _cell_lines(el, doc: Doc) -> list[str]:
    lines: list[str] = []
    buf: list[str] = []

    def brk():
        t = " ".join("".join(buf).split())
        if t:
            lines.append(t)
        buf.clear()

    def go(e):
        tag = _tag(e)
        if tag in _SKIP or not tag:
            if e.tail:
                buf.append(e.tail)
            return
        if tag == "br":
            brk()
        else:
            if tag in _BLOCK:
                brk()
            if tag == "table" and not any("nested" in n for n in doc.notes):
                doc.notes.append("nested table(s) flattened into the text of their outer cell")
            if tag in ("td", "th"):
                brk()
            if e.text:
                buf.append(e.text)
            for ch in e:
                go(ch)
            if tag in _BLOCK or tag in ("td", "th"):
                brk()
        if e.tail:
            buf.append(e.tail)

    if el.text:
        buf.append(el.text)
    for ch in el:
        go(ch)
    brk()
    return lines


def _rows(table):
    """The table's own rows (not those of nested tables), thead/tbody/tfoot in order."""
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if _tag(tr) == "tr")


_CJK_LISTS = ("cjk-ideographic", "simp-chinese-informal", "simp-chinese-formal", "trad-chinese-informal",
              "cjk-decimal")


def ol_label(li) -> str:
    """The number a browser prints before an item of an ordered list: decimal ``3.`` by
    default (``start`` and ``type`` honoured), ``三、`` for CJK list styles."""
    from .docx_numbering import chinese

    ol = li.getparent()
    if ol is None or _tag(ol) != "ol":
        return ""
    items = [x for x in ol if _tag(x) == "li"]
    try:
        n = int(ol.get("start", "1")) + items.index(li)
    except ValueError:
        n = items.index(li) + 1
    style = (ol.get("style", "") + ";" + li.get("style", "")).lower()
    if any(k in style for k in _CJK_LISTS):
        return chinese(n) + "、"
    if "list-style-type:none" in style.replace(" ", "") or "list-style:none" in style.replace(" ", ""):
        return ""
    kind = ol.get("type", "1")
    if kind in ("a", "A"):
        from .docx_numbering import fmt

        return fmt(n, "lowerLetter" if kind == "a" else "upperLetter") + "."
    return f"{n}."


def _is_layout(table) -> bool:
    """A table used for page layout, not data: one of its own cells holds a table."""
    return any(cell.find(".//table") is not None for tr in _rows(table) for cell in tr
               if _tag(cell) in ("td", "th"))


def _span(el, name: str) -> int:
    try:
        return min(MAX_SPAN, max(1, int(str(el.get(name, "1")).strip() or 1)))
    except ValueError:
        return 1


def _table(el, tree, doc: Doc) -> list[Block]:
    """The blocks of one table: its cells laid on a grid by rowspan and colspan, then read
    as a sheet is (:mod:`.grid`), so that a spreadsheet saved as a web page (title,
    headings and prose as one-cell rows of the one table) gives the blocks its workbook
    gives."""
    taken: set[tuple[int, int]] = set()
    anchors: list[Anchor] = []
    where: dict[tuple[int, int], tuple[str, int, int]] = {}  # (r, c) -> (td path, rows, cols)
    rows = list(_rows(el))
    row_paths = [tree.getpath(tr) for tr in rows]
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if _tag(td) not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rs, cs = _span(td, "rowspan"), _span(td, "colspan")
            rs = min(rs, len(rows) - r)
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    taken.add((rr, cc))
            anchors.append(Anchor(r, c, rs, cs, _cell_lines(td, doc)))
            where[(r, c)] = (tree.getpath(td), rs, cs)
            c += cs
    table_path = tree.getpath(el)

    def cell(r: int, c: int) -> str:
        return where[(r, c)][0]

    def span(r0: int, c0: int, r1: int, c1: int) -> str:
        hit = where.get((r0, c0))
        if hit and (hit[1], hit[2]) == (r1 - r0 + 1, c1 - c0 + 1):
            return hit[0]  # a merged cell
        if r0 == r1:
            return row_paths[r0]
        return table_path if (r0, r1) == (0, len(rows) - 1) else f"{table_path} tr {r0 + 1}-{r1 + 1}"

    return sheet_to_blocks(anchors, cell, span)
