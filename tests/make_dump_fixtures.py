"""Build tests/data/dumps/*.txt: the text dumps users make of the lists with real tools.

    python -m tests.make_dump_fixtures      # needs pdftotext (poppler-utils) and soffice

- ``NAME.VARIANT.{default,raw,layout}.txt``: poppler's ``pdftotext`` in its three modes over
  every PDF of tests/data/pdf (printed by Chromium and LibreOffice, see make_pdf_fixtures).
- ``NAME.calc.txt`` / ``NAME.lo-calc.txt``: LibreOffice Calc's "Text CSV" export with TAB
  as the separator of the lists' workbooks (tests/data/formats/NAME.xlsx and NAME.lo.xlsx),
  sheet by sheet in workbook order. Calc pads every row to the sheet's used width, so prose
  rows end in TABs.
- ``NAME.t2t.txt`` / ``NAME.lo-t2t.txt``: Word's "convert table to text" (separate text with
  tabs) of the lists' .docx. LibreOffice's own table-to-text crashes headless here, so this
  applies Word's documented rule to the document as LibreOffice and python-docx wrote it: a
  row is one paragraph, its cells joined by TABs, a cell's paragraph marks kept (so a row
  whose cells hold several paragraphs spans several lines), a continued vertical merge an
  empty cell. ``NAME.t2t-paras.txt``: the same with each cell's sentences typed as
  paragraphs of their own, so a row's cells spread over several lines.

Review with git status; the dumps are committed, so the tests need none of these programs.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import regex
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
PDFS = ROOT / "tests" / "data" / "pdf"
FORMATS = ROOT / "tests" / "data" / "formats"
OUT = ROOT / "tests" / "data" / "dumps"
MODES = {"default": [], "raw": ["-raw"], "layout": ["-layout"]}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def pdftotext(pdf: Path, mode: str, dest: Path) -> None:
    subprocess.run(["pdftotext", *MODES[mode], "-enc", "UTF-8", str(pdf), str(dest)], check=True, timeout=120)


def calc_tab_export(xlsx: Path, dest: Path) -> None:
    """Every sheet of ``xlsx`` as Calc writes it to TAB-separated text, in sheet order."""
    with tempfile.TemporaryDirectory() as tmp:
        # 9 = TAB, 34 = '"' quotes, 76 = UTF-8; the 12th token -1 exports every sheet to its own file
        opts = "9,34,76,1,,0,false,true,false,false,false,-1"
        subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/p",
                        "--convert-to", f"csv:Text - txt - csv (StarCalc):{opts}", "--outdir", tmp, str(xlsx)],
                       check=True, capture_output=True, timeout=300)
        import openpyxl
        sheets = openpyxl.load_workbook(xlsx, read_only=True).sheetnames
        parts = []
        for s in sheets:
            f = Path(tmp) / f"{xlsx.stem}-{s}.csv"
            if f.exists():
                parts.append(f.read_text(encoding="utf-8"))
        dest.write_text("".join(parts), encoding="utf-8")


def _para_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def _sentences(text: str) -> list[str]:
    """A cell's text as its author typed it with Enter after each sentence."""
    return [p for p in regex.split(r"(?<=[。；])(?=.)", text) if p] or [text]


def word_table_to_text(docx: Path, dest: Path, paragraphs: bool = False) -> None:
    """Word's table-to-text with TABs over every table of ``docx`` (see the module doc);
    ``paragraphs``: each cell's sentences in paragraphs of their own."""
    with zipfile.ZipFile(docx) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
    out: list[str] = []
    for el in body:
        if el.tag == f"{W}p":
            out.append(_para_text(el))
        elif el.tag == f"{W}tbl":
            for tr in el.iter(f"{W}tr"):
                cells = []
                for tc in tr.findall(f"{W}tc"):
                    vm = tc.find(f"{W}tcPr/{W}vMerge")
                    if vm is not None and vm.get(f"{W}val") != "restart":
                        cells.append("")
                    else:
                        paras = [_para_text(p) for p in tc.findall(f"{W}p")]
                        if paragraphs:
                            paras = [x for p in paras for x in _sentences(p)]
                        cells.append("\n".join(paras))
                out.append("\t".join(cells))
    dest.write_text("\n".join(out) + "\n", encoding="utf-8")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for pdf in sorted(PDFS.glob("*.pdf")):
        for mode in MODES:
            pdftotext(pdf, mode, OUT / f"{pdf.stem}.{mode}.txt")
    for name in ("hongjiang", "xinhe", "renxian"):
        for suffix, tag in (("xlsx", "calc"), ("lo.xlsx", "lo-calc")):
            calc_tab_export(FORMATS / f"{name}.{suffix}", OUT / f"{name}.{tag}.txt")
        for suffix, tag in (("docx", "t2t"), ("lo.docx", "lo-t2t")):
            word_table_to_text(FORMATS / f"{name}.{suffix}", OUT / f"{name}.{tag}.txt")
        word_table_to_text(FORMATS / f"{name}.docx", OUT / f"{name}.t2t-paras.txt", paragraphs=True)
    print(len(list(OUT.glob("*.txt"))), "dumps written to", OUT)


if __name__ == "__main__":
    if not shutil.which("pdftotext") or not shutil.which("soffice"):
        raise SystemExit("needs pdftotext (poppler-utils) and soffice (LibreOffice)")
    main()
