"""Build tests/data/pdf/*.pdf from the hand-made gold (../shared/gold/*.json): the three
lists printed to PDF by programs this project does not shape.

    python -m tests.make_pdf_fixtures [GOLD_DIR]   # needs chromium, soffice, qpdf, CJK fonts
    python -m tests.make_pdf_fixtures --holdout DIR   # the held-out prints (make pdf-holdout)

Chromium prints the lists' HTML (merged 序号/主要职责 and group cells as rowspans) at
several page sizes, with merged cells vertically centred or top-aligned, and with the
table header repeated on every page (``<thead>``) or printed once. LibreOffice prints the
lists' .docx in two CJK fonts, the header row repeated or not, one with page numbers in
its footer; Chromium's own running header and footer are on in one. Each variant below
says which. The held-out variants (other page sizes, fonts, borders, alignments) are
printed only by ``make pdf-holdout``, which scores them: they were not looked at while
the reader was written, so they measure it rather than its tuning. Also writes the bad PDFs of tests/data/pdf/bad/ (an image-only page, an encrypted
file, a truncated one, one with no pages). Review with git status; the PDFs are committed,
so the tests need none of these programs.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.make_format_fixtures import (
    NAMES,
    add_blocks,
    blocks_of,
    body_rows_html,
    header_html,
    soffice_convert,
    write_xlsx,
)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "pdf"

@dataclass
class Print:
    """How Chromium prints a list's HTML."""

    size: str  # CSS page size
    valign: str  # of table cells
    thead: bool  # header row in <thead>: repeated on every page
    pt: float  # font size
    font: str = "Noto Sans CJK SC"
    widths: tuple[int, ...] = ()  # column widths in % (else the browser's)
    furniture: bool = False  # Chromium's own header and footer: date, title, URL, page x/y
    border: str = "1px solid #000"
    collapse: bool = True
    justify: bool = False  # text-align: justify in cells (CJK lines get spread glyphs)


@dataclass
class Office:
    """How LibreOffice prints a list's .docx."""

    font: str
    repeat: bool  # header row repeated on every page
    valign: str
    page: str = "letter"  # letter (python-docx's default), a5, landscape
    page_numbers: bool = False  # a footer with the page number field
    cant_split: bool = False  # rows may not break across pages


CHROMIUM = {
    "a4": Print("A4", "middle", True, 10.5),
    "a5": Print("A5", "top", False, 9),
    "letter": Print("letter", "middle", False, 10),
    "landscape": Print("A4 landscape", "top", True, 11),
    "furniture": Print("A4", "middle", True, 10, furniture=True),
}
LIBREOFFICE = {
    "lo-sans": Office("Noto Sans CJK SC", True, "center"),
    "lo-serif": Office("Noto Serif CJK SC", False, "top"),
    "lo-pageno": Office("Noto Sans CJK SC", False, "center", page_numbers=True),
}
# Held out: never read while the reader was written; `make pdf-holdout` prints and scores them.
HOLDOUT_CHROMIUM = {
    "h-b5-bottom": Print("B5", "bottom", True, 9.5, widths=(5, 25, 50, 12, 8)),
    "h-serif-wide": Print("A4", "middle", False, 12, font="Noto Serif CJK SC", widths=(8, 30, 42, 10, 10)),
    "h-thick": Print("letter", "top", True, 10, border="2px solid #333", furniture=True),
    "h-separate": Print("A4", "middle", True, 10, collapse=False),
    "h-a3": Print("A3", "middle", False, 14),
    "h-justify": Print("A4", "top", True, 10.5, justify=True, widths=(6, 28, 46, 12, 8)),
}
HOLDOUT_LIBREOFFICE = {
    "h-lo-zenhei-a5": Office("WenQuanYi Zen Hei", True, "center", page="a5", page_numbers=True),
    "h-lo-uming-landscape": Office("AR PL UMing CN", False, "top", page="landscape"),
    "h-lo-cantsplit": Office("Noto Serif CJK SC", True, "center", cant_split=True),
}


def write_print_html(blocks, path: Path, v: Print) -> None:
    parts = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>责任清单</title><style>',
             f"@page {{ size: {v.size}; margin: 15mm 12mm; }}",
             f"body {{ font-family: '{v.font}', sans-serif; font-size: {v.pt}pt; }}",
             f"table {{ border-collapse: {'collapse' if v.collapse else 'separate'}; width: 100%; }}",
             f"td, th {{ border: {v.border}; padding: 2px 4px; vertical-align: {v.valign};"
             f"{' text-align: justify; letter-spacing: 0.5px;' if v.justify else ''} }}",
             "th { font-weight: bold; }", "</style></head><body>"]
    for kind, b, _ in blocks:
        if kind == "p":
            parts.append(f"<p>{html.escape(b)}</p>")
            continue
        widths = v.widths if len(v.widths) == len(b.header) else ()
        cols = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>" if widths else ""
        head = header_html(b)
        rows = body_rows_html(b)
        if v.thead:
            parts.append(f"<table>{cols}<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>")
        else:
            parts.append(f"<table>{cols}<tbody>{head}{''.join(rows)}</tbody></table>")
    parts.append("</body></html>\n")
    path.write_text("\n".join(parts), encoding="utf-8")


def chromium_print(src: Path, dest: Path, furniture: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={tmp}/u", *([] if furniture else ["--no-pdf-header-footer"]),
                        f"--print-to-pdf={dest}", src.as_uri()], check=True, capture_output=True, timeout=300)


def write_print_docx(blocks, path: Path, v: Office) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    font, repeat, valign = v.font, v.repeat, v.valign
    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    sec = d.sections[0]
    if v.page == "a5":
        sec.page_width, sec.page_height = Mm(148), Mm(210)
        sec.left_margin = sec.right_margin = Mm(15)
    elif v.page == "landscape":
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    if v.page_numbers:
        p = sec.footer.paragraphs[0]
        p.alignment = 1
        p.add_run("第 ")
        for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
            r = p.add_run()
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            else:
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = text
            r._r.append(el)
        p.add_run(" 页")
    for table in add_blocks(d, blocks):
        if repeat:
            el = OxmlElement("w:tblHeader")
            el.set(qn("w:val"), "true")
            table.rows[0]._tr.get_or_add_trPr().append(el)
        if v.cant_split:
            for row in table.rows:
                row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        va = WD_ALIGN_VERTICAL.CENTER if valign == "center" else WD_ALIGN_VERTICAL.TOP
        for row in table.rows:
            for cell in row.cells:
                cell.vertical_alignment = va
    d.save(path)


def write_bad(out: Path, good: Path) -> None:
    """The bad PDFs: image-only page, encrypted, truncated, zero pages."""
    import pypdfium2 as pdfium

    out.mkdir(parents=True, exist_ok=True)
    data = good.read_bytes()
    (out / "truncated.pdf").write_bytes(data[: len(data) // 3])
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "page.png"
        pdf = pdfium.PdfDocument(str(good))
        pdf[0].render(scale=1).to_pil().convert("L").save(png)
        pdf.close()
        page = Path(tmp) / "scan.html"
        page.write_text(f'<html><body style="margin:0"><img src="{png.as_uri()}" style="width:100%"></body></html>')
        chromium_print(page, out / "scanned.pdf")
    subprocess.run(["qpdf", "--encrypt", "user", "owner", "256", "--", str(good), str(out / "encrypted.pdf")],
                   check=True)
    # A PDF whose page tree is empty: a valid file with no page to read.
    (out / "no_pages.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n")


def write_print_xlsx(blocks, path: Path, by_section: bool) -> None:
    """The list's workbook with thin borders on its tables, wrapped text, set column
    widths and fit to the page width: what Calc prints of a list kept in Excel."""
    import openpyxl
    from openpyxl.styles import Alignment, Border, Side

    write_xlsx(blocks, path, by_section=by_section, hidden_sheet=False)
    wb = openpyxl.load_workbook(path)
    thin = Side(style="thin")
    for ws in wb.worksheets:
        covered = set()
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    covered.add((r, c))
        for row in ws.iter_rows():
            filled = [c for c in row if c.value not in (None, "") or (c.row, c.column) in covered]
            if len(filled) < 2 or (len(filled) == ws.max_column and row[0].row == 1):
                continue
            for c in row[: ws.max_column]:
                c.border = Border(left=thin, right=thin, top=thin, bottom=thin)
                c.alignment = Alignment(wrap_text=True, vertical="center")
        widths = dict(zip("ABCDEF", (6, 28, 40, 12, 16, 16), strict=False))
        for col, w in widths.items():
            ws.column_dimensions[col].width = w
        # Excel stores each row's height; a file saved by Excel has them fitted to the text
        for row in ws.iter_rows():
            lines = 1
            for c in row:
                if isinstance(c.value, str) and c.column_letter in widths:
                    lines = max(lines, -(-len(c.value) * 2 // max(1, widths[c.column_letter] - 1)))
            ws.row_dimensions[row[0].row].height = 15 * lines
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    wb.save(path)


def print_all(gold_dir: Path, out: Path, chromium: dict, office: dict, calc: bool = False) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        gold = json.loads((gold_dir / f"{name}.json").read_text(encoding="utf-8"))
        blocks = blocks_of(gold)
        with tempfile.TemporaryDirectory() as tmp:
            for variant, v in chromium.items():
                src = Path(tmp) / f"{name}.{variant}.html"
                write_print_html(blocks, src, v)
                chromium_print(src, out / f"{name}.{variant}.pdf", v.furniture)
            for variant, v in office.items():
                src = Path(tmp) / f"{name}.{variant}.docx"
                write_print_docx(blocks, src, v)
                soffice_convert(src, "pdf:writer_pdf_Export", out / f"{name}.{variant}.pdf")
            if calc:
                src = Path(tmp) / f"{name}.h-calc.xlsx"
                write_print_xlsx(blocks, src, by_section=name == "xinhe")
                soffice_convert(src, "pdf:calc_pdf_Export", out / f"{name}.h-calc.pdf")
        print(name, "written")


def main(gold_dir: Path, holdout: Path | None = None) -> None:
    if holdout is not None:
        print_all(gold_dir, holdout, HOLDOUT_CHROMIUM, HOLDOUT_LIBREOFFICE, calc=True)
        return
    print_all(gold_dir, OUT, CHROMIUM, LIBREOFFICE)
    if not shutil.which("qpdf"):
        sys.exit("qpdf missing: the bad PDFs need it")
    write_bad(OUT / "bad", OUT / "renxian.lo-sans.pdf")


if __name__ == "__main__":
    args = sys.argv[1:]
    held = Path(args[args.index("--holdout") + 1]) if "--holdout" in args else None
    rest = [a for i, a in enumerate(args) if a != "--holdout" and (i == 0 or args[i - 1] != "--holdout")]
    main(Path(rest[0]) if rest else ROOT.parent / "shared" / "gold", held)
