"""Regenerate tests/data/pdf_layout/*.txt: real `pdftotext -layout` dumps of real PDFs.

    python -m tests.make_pdf_layout_fixtures      # needs chromium and poppler-utils (pdftotext)

A sample's duty table (its records, as ingested) is printed as an HTML table with merged
序号/主要职责 cells, made a PDF by headless Chromium (several pages, the header repeated
on each), and turned into text by pdftotext -layout. Variants change the column widths,
the font size and the cells' vertical alignment. tests/test_pdf_aligned.py reads the
dumps back and compares with the sample's records. The dumps are committed, so the tests
need neither program.
"""

from __future__ import annotations

import html
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "pdf_layout"
# name: (sample, column widths in %, font size in pt, vertical alignment)
VARIANTS = {
    "xinhe_middle": ("xinhe", (6, 34, 38, 12, 10), 10.5, "middle"),
    "xinhe_top": ("xinhe", (5, 30, 45, 12, 8), 9.5, "top"),
    "hongjiang_middle": ("hongjiang", (6, 38, 44, 6, 6), 10.0, "middle"),
    "hongjiang_top": ("hongjiang", (7, 28, 49, 8, 8), 11.0, "top"),
}


def page(doc, widths, size: float, valign: str) -> str:
    rows = []
    for r in doc.responsibilities:
        items = r.items or [None]
        for j, it in enumerate(items):
            tds = ""
            if j == 0:
                tds += (f'<td rowspan="{len(items)}">{"" if r.seq is None else r.seq}</td>'
                        f'<td rowspan="{len(items)}">{html.escape(r.text)}</td>')
            tds += "".join(f"<td>{html.escape((getattr(it, f) or '') if it else '')}</td>"
                           for f in ("text", "office", "remark"))
            rows.append(f"<tr>{tds}</tr>")
    cols = "".join(f'<col style="width:{w}%">' for w in widths)
    return f"""<html><head><meta charset="utf-8"><style>
body {{ font-family: 'Noto Sans CJK SC', sans-serif; font-size: {size}pt; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 1px solid #000; padding: 3px; vertical-align: {valign}; }}
</style></head><body>
<h3 style="text-align:center">一、部门职责</h3>
<p>部门名称：{html.escape(doc.department or '')}</p>
<table><colgroup>{cols}</colgroup>
<thead><tr><th>序号</th><th>主要职责</th><th>具体工作事项</th><th>责任科室</th><th>备注</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>{boundaries(doc)}{services(doc)}</body></html>"""


def _td(text, rowspan: int = 1) -> str:
    span = f' rowspan="{rowspan}"' if rowspan > 1 else ""
    return f"<td{span}>{html.escape('' if text is None else str(text)).replace(chr(10), '<br>')}</td>"


def boundaries(doc) -> str:
    """The boundary table: 序号, 管理事项, 相关依据 and 案例 merged over the parties' rows."""
    if not doc.boundaries:
        return ""
    rows = []
    for b in doc.boundaries:
        parties = b.parties or [None]
        for j, p in enumerate(parties):
            head = _td(b.seq, len(parties)) + _td(b.matter, len(parties)) if j == 0 else ""
            tail = _td(b.basis, len(parties)) + _td(b.case, len(parties)) if j == 0 else ""
            rows.append(f"<tr>{head}{_td(p.department if p else '')}{_td(p.duty if p else '')}{tail}</tr>")
    return ('<h3>二、与相关部门的职责边界</h3><table><colgroup><col style="width:5%"><col style="width:12%">'
            '<col style="width:10%"><col style="width:28%"><col style="width:22%"><col style="width:23%"></colgroup>'
            "<thead><tr><th>序号</th><th>管理事项</th><th>相关部门</th><th>职责分工</th><th>相关依据</th><th>案例</th></tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>")


def services(doc) -> str:
    """The service table: 序号, 服务事项 and 主要工作内容 merged over the offices' rows."""
    if not doc.services:
        return ""
    groups: list[list] = []
    for s in doc.services:
        if groups and (s.seq, s.item) == (groups[-1][0].seq, groups[-1][0].item):
            groups[-1].append(s)
        else:
            groups.append([s])
    rows = []
    for g in groups:
        for j, s in enumerate(g):
            head = _td(s.seq, len(g)) + _td(s.item, len(g)) + _td(s.content, len(g)) if j == 0 else ""
            rows.append(f"<tr>{head}{_td(s.office)}{_td(s.phone)}</tr>")
    return ('<h3>四、公共服务事项</h3><table><colgroup><col style="width:6%"><col style="width:16%">'
            '<col style="width:48%"><col style="width:18%"><col style="width:12%"></colgroup>'
            "<thead><tr><th>序号</th><th>服务事项</th><th>主要工作内容</th><th>承办机构</th><th>联系电话</th></tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>")


def main() -> int:
    from rlist_ingest.pipeline import ingest_file

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (sample, widths, size, valign) in VARIANTS.items():
            doc = ingest_file(ROOT / "samples" / f"{sample}.txt").document
            src, pdf = Path(tmp) / f"{name}.html", Path(tmp) / f"{name}.pdf"
            src.write_text(page(doc, widths, size, valign), encoding="utf-8")
            subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--no-pdf-header-footer", f"--print-to-pdf={pdf}", str(src)],
                           check=True, capture_output=True, timeout=120)
            subprocess.run(["pdftotext", "-layout", str(pdf), str(OUT / f"{name}.txt")], check=True)
            print(OUT / f"{name}.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
