"""Build tests/data/pdf/*.pdf from the hand-made gold (../shared/gold/*.json): the three
lists printed to PDF by programs this project does not shape.

    python -m tests.make_pdf_fixtures [GOLD_DIR]   # needs chromium, soffice, fonts-noto-cjk

Chromium prints the lists' HTML (merged 序号/主要职责 and group cells as rowspans) at
several page sizes, with merged cells vertically centred or top-aligned, and with the
table header repeated on every page (``<thead>``) or printed once. LibreOffice prints the
lists' .docx in two CJK fonts, the header row repeated or not. Each variant below says
which. Also writes the bad PDFs of tests/data/pdf/bad/ (an image-only page, an encrypted
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
from pathlib import Path

from tests.make_format_fixtures import NAMES, blocks_of, covered, soffice_convert

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "pdf"

# variant: (page size, vertical alignment of cells, header in <thead>, font size pt)
CHROMIUM = {
    "a4": ("A4", "middle", True, 10.5),
    "a5": ("A5", "top", False, 9),
    "letter": ("letter", "middle", False, 10),
    "landscape": ("A4 landscape", "top", True, 11),
}
# variant: (CJK font, header row repeated, vertical alignment)
LIBREOFFICE = {
    "lo-sans": ("Noto Sans CJK SC", True, "center"),
    "lo-serif": ("Noto Serif CJK SC", False, "top"),
}


def write_print_html(blocks, path: Path, size: str, valign: str, thead: bool, pt: float) -> None:
    parts = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>责任清单</title><style>',
             f"@page {{ size: {size}; margin: 15mm 12mm; }}",
             f"body {{ font-family: 'Noto Sans CJK SC', sans-serif; font-size: {pt}pt; }}",
             "table { border-collapse: collapse; width: 100%; }",
             f"td, th {{ border: 1px solid #000; padding: 2px 4px; vertical-align: {valign}; }}",
             "th { font-weight: bold; }", "</style></head><body>"]
    for kind, b, _ in blocks:
        if kind == "p":
            parts.append(f"<p>{html.escape(b)}</p>")
            continue
        spans = covered(b)
        hidden = {(r, c) for (r0, c0), (rs, cs) in spans.items() for r in range(r0, r0 + rs)
                  for c in range(c0, c0 + cs) if (r, c) != (r0, c0)}
        head = "<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in b.header) + "</tr>"
        rows = []
        for r, row in enumerate(b.rows):
            tds = []
            for c, v in enumerate(row):
                if (r, c) in hidden:
                    continue
                rs, cs = spans.get((r, c), (1, 1))
                attr = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                tds.append(f"<td{attr}>{'<br>'.join(html.escape(x) for x in (v or '').split(chr(10)))}</td>")
            rows.append("<tr>" + "".join(tds) + "</tr>")
        if thead:
            parts.append(f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>")
        else:
            parts.append(f"<table><tbody>{head}{''.join(rows)}</tbody></table>")
    parts.append("</body></html>\n")
    path.write_text("\n".join(parts), encoding="utf-8")


def chromium_print(src: Path, dest: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={tmp}/u", "--no-pdf-header-footer", f"--print-to-pdf={dest}",
                        src.as_uri()], check=True, capture_output=True, timeout=300)


def write_print_docx(blocks, path: Path, font: str, repeat: bool, valign: str) -> None:
    import docx
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    for kind, b, _ in blocks:
        if kind == "p":
            d.add_paragraph(b)
            continue
        table = d.add_table(rows=len(b.rows) + 1, cols=len(b.header))
        table.style = "Table Grid"
        for c, h in enumerate(b.header):
            table.cell(0, c).text = h
        if repeat:
            tr_pr = table.rows[0]._tr.get_or_add_trPr()
            el = OxmlElement("w:tblHeader")
            el.set(qn("w:val"), "true")
            tr_pr.append(el)
        for r, row in enumerate(b.rows, 1):
            for c, v in enumerate(row):
                if v:
                    table.cell(r, c).text = v
        for r0, c0, r1, c1 in b.merges:
            table.cell(r0 + 1, c0).merge(table.cell(r1 + 1, c1))
        va = WD_ALIGN_VERTICAL.CENTER if valign == "center" else WD_ALIGN_VERTICAL.TOP
        for row in table.rows:
            for cell in row.cells:
                cell.vertical_alignment = va
    d.add_paragraph("")
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


def main(gold_dir: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        gold = json.loads((gold_dir / f"{name}.json").read_text(encoding="utf-8"))
        blocks = blocks_of(gold)
        with tempfile.TemporaryDirectory() as tmp:
            for variant, (size, valign, thead, pt) in CHROMIUM.items():
                src = Path(tmp) / f"{name}.{variant}.html"
                write_print_html(blocks, src, size, valign, thead, pt)
                chromium_print(src, OUT / f"{name}.{variant}.pdf")
            for variant, (font, repeat, valign) in LIBREOFFICE.items():
                src = Path(tmp) / f"{name}.{variant}.docx"
                write_print_docx(blocks, src, font, repeat, valign)
                soffice_convert(src, "pdf:writer_pdf_Export", OUT / f"{name}.{variant}.pdf")
        print(name, "written")
    write_bad(OUT / "bad", OUT / "renxian.a4.pdf")
    if not shutil.which("qpdf"):
        print("qpdf missing: encrypted.pdf not written")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "gold")
