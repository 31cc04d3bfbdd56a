"""Build the per-format fixtures of tests/data/formats/ from the hand-made gold of the
three samples (../shared/gold/*.json): the lists as a county portal, Word or Excel would
hold them, with 序号/主要职责 (and the boundary and service groups) as real merged cells.

    python tests/make_format_fixtures.py [GOLD_DIR]

Writes <name>.html (hongjiang and renxian UTF-8, xinhe GBK with navigation, scripts and a
footer around the tables), <name>.docx (python-docx, vMerge), <name>.xlsx (openpyxl,
merged ranges; xinhe one sheet per section plus a hidden sheet), <name>.csv (merged
cells' text in their first row). Then LibreOffice, a renderer this project does not
shape, converts: .docx -> .doc, .xlsx -> .xls, and the HTML pages -> <name>.lo.docx
(Writer) and <name>.lo.xlsx (Calc), the .docx -> <name>.lo.html (Writer's XHTML export), and
the .xlsx -> <name>.calc.html (Calc's web page: the whole sheet one table, titles and prose
as one-cell rows) and <name>.lo.csv (Calc's CSV export; not xinhe, whose workbook has
three sheets). Review with git status; the fixtures are committed.
"""

from __future__ import annotations

import csv
import html
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "formats"
NAMES = ["hongjiang", "xinhe", "renxian"]


@dataclass
class T:
    """A table: header, rows of texts (None under a merged cell), merges (r0, c0, r1, c1)."""

    header: list[str]
    rows: list[list[str | None]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    section: str = ""


def blocks_of(gold: dict) -> list[tuple[str, str | T]]:
    """("p", text) and ("t", T) blocks, each tagged with its section for sheet splitting."""
    dept = gold["department"]
    out: list[tuple[str, str | T, str]] = [("p", f"{dept}责任清单", "duties"), ("p", f"部门名称：{dept}", "duties")]
    n = 1
    cn = "一二三四五六七八九十"

    def heading(title, sec):
        nonlocal n
        out.append(("p", f"{cn[n - 1]}、{title}", sec))
        n += 1

    if gold["responsibilities"]:
        heading("部门职责", "duties")
        t = T(["序号", "主要职责", "具体工作事项", "责任科室", "备注"], section="duties")
        for r in gold["responsibilities"]:
            items = r["items"] or [{"text": "", "office": None, "remark": None}]
            top = len(t.rows)
            for i, it in enumerate(items):
                t.rows.append([str(r["seq"]) if i == 0 and r["seq"] is not None else None,
                               r["text"] if i == 0 else None, it["text"], it.get("office") or "",
                               it.get("remark") or ""])
            if len(items) > 1:
                t.merges += [(top, 0, top + len(items) - 1, 0), (top, 1, top + len(items) - 1, 1)]
        out.append(("t", t, "duties"))
    if gold["boundaries"]:
        heading("与相关部门的职责边界", "boundaries")
        t = T(["序号", "管理事项", "相关部门", "职责分工", "相关依据", "案例"], section="boundaries")
        for b in gold["boundaries"]:
            parties = b["parties"] or [{"department": "", "duty": ""}]
            top, k = len(t.rows), len(parties)
            for i, p in enumerate(parties):
                t.rows.append([str(b["seq"]) if i == 0 else None, (b["matter"] or "") if i == 0 else None,
                               p["department"], p.get("duty") or "", (b.get("basis") or "") if i == 0 else None,
                               (b.get("case") or "") if i == 0 else None])
            if k > 1:
                t.merges += [(top, c, top + k - 1, c) for c in (0, 1, 4, 5)]
        out.append(("t", t, "boundaries"))
    if gold["regimes"]:
        heading("事中事后监管制度", "regimes")
        for g in gold["regimes"]:
            out.append(("p", f"{g['seq_label']}{g['title']}", "regimes"))
            for p in g["parts"]:
                out.append(("p", f"{p['label']}{p['heading']}", "regimes"))
                out.append(("p", "按照有关法律法规和规定执行。", "regimes"))
    if gold["services"]:
        heading("公共服务事项", "services")
        t = T(["序号", "服务事项", "主要内容", "承办机构", "联系电话"], section="services")
        groups: list[list[dict]] = []
        for s in gold["services"]:
            key = (s["seq"], s["item"], s.get("content"))
            if groups and (groups[-1][0]["seq"], groups[-1][0]["item"], groups[-1][0].get("content")) == key:
                groups[-1].append(s)
            else:
                groups.append([s])
        for grp in groups:
            top = len(t.rows)
            for i, s in enumerate(grp):
                t.rows.append([str(s["seq"]) if i == 0 and s["seq"] is not None else None,
                               s["item"] if i == 0 else None, (s.get("content") or "") if i == 0 else None,
                               s.get("office") or "", s.get("phone") or ""])
            if len(grp) > 1:
                t.merges += [(top, c, top + len(grp) - 1, c) for c in (0, 1, 2)]
        out.append(("t", t, "services"))
    return out


def covered(t: T) -> dict[tuple[int, int], tuple[int, int]]:
    """Anchor (r, c) -> (rowspan, colspan) of the body's merges."""
    return {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in t.merges}


def header_html(t: T) -> str:
    return "<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in t.header) + "</tr>"


def body_rows_html(t: T) -> list[str]:
    """The body's <tr> rows, merged cells as rowspan/colspan, line breaks as <br>."""
    spans = covered(t)
    hidden = {(r, c) for (r0, c0), (rs, cs) in spans.items() for r in range(r0, r0 + rs)
              for c in range(c0, c0 + cs) if (r, c) != (r0, c0)}
    rows = []
    for r, row in enumerate(t.rows):
        tds = []
        for c, text in enumerate(row):
            if (r, c) in hidden:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            attr = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            tds.append(f"<td{attr}>{'<br>'.join(html.escape(x) for x in (text or '').split(chr(10)))}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return rows


def write_html(blocks, path: Path, encoding: str, noise: bool) -> None:
    parts = [f'<!DOCTYPE html>\n<html><head><meta charset="{encoding}"><title>责任清单</title>',
             "<style>td{border:1px solid #000}</style>"]
    if noise:
        parts.append("<script>var _hm = []; document.write('统计代码');</script>")
    parts.append("</head><body>")
    if noise:
        parts.append('<nav><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 权责清单</nav>'
                     "<header><div>某某县人民政府门户网站</div></header>")
    parts.append('<div class="article">')
    for kind, b, _ in blocks:
        if kind == "p":
            parts.append(f"<p>{html.escape(b)}</p>")
            continue
        rows = [header_html(b), *body_rows_html(b)]
        parts.append('<table border="1" cellspacing="0"><tbody>' + "".join(rows) + "</tbody></table>")
    parts.append("</div>")
    if noise:
        parts.append("<footer>版权所有：某某县人民政府 备案号：冀ICP备00000000号</footer>")
    parts.append("</body></html>\n")
    path.write_bytes("\n".join(parts).encode("gb18030" if encoding == "gbk" else encoding))


def add_blocks(d, blocks) -> list:
    """The blocks as python-docx paragraphs and tables (merges as vMerge/gridSpan), ended
    with an empty paragraph; returns the tables."""
    tables = []
    for kind, b, _ in blocks:
        if kind == "p":
            d.add_paragraph(b)
            continue
        table = d.add_table(rows=len(b.rows) + 1, cols=len(b.header))
        table.style = "Table Grid"
        for c, h in enumerate(b.header):
            table.cell(0, c).text = h
        for r, row in enumerate(b.rows, 1):
            for c, v in enumerate(row):
                if v:
                    table.cell(r, c).text = v
        for r0, c0, r1, c1 in b.merges:
            table.cell(r0 + 1, c0).merge(table.cell(r1 + 1, c1))
        tables.append(table)
    # Word ends a body with a paragraph; LibreOffice's .doc export loses a table that
    # ends one (its text arrives as one paragraph).
    d.add_paragraph("")
    return tables


def write_docx(blocks, path: Path) -> None:
    import docx

    d = docx.Document()
    add_blocks(d, blocks)
    d.save(path)


def write_xlsx(blocks, path: Path, by_section: bool, hidden_sheet: bool) -> None:
    import openpyxl
    from openpyxl.styles import Alignment

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "责任清单"
    sheets = {}
    row = 1
    width = max(len(b.header) for k, b, _ in blocks if k == "t")
    for kind, b, sec in blocks:
        if by_section:
            if sec not in sheets:
                sheets[sec] = (ws if not sheets else wb.create_sheet(sec)), 1
                if sheets[sec][0] is ws:
                    ws.title = sec
            ws, row = sheets[sec]
        if kind == "p":
            ws.cell(row, 1, b)
            if row == 1:  # the title over the table's width
                ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
            row += 1
        else:
            for c, h in enumerate(b.header, 1):
                ws.cell(row, c, h)
            for r, vals in enumerate(b.rows):
                for c, v in enumerate(vals, 1):
                    if v:
                        cell = ws.cell(row + 1 + r, c, int(v) if c == 1 and v.isdigit() else v)
                        cell.alignment = Alignment(wrap_text=True, vertical="center")
            for r0, c0, r1, c1 in b.merges:
                ws.merge_cells(start_row=row + 1 + r0, start_column=c0 + 1, end_row=row + 1 + r1, end_column=c1 + 1)
            row += len(b.rows) + 2  # an empty row after each table
        if by_section:
            sheets[sec] = ws, row
    if hidden_sheet:
        h = wb.create_sheet("编码表")
        h.cell(1, 1, "科室编码")
        h.cell(1, 2, "旧版清单草稿，不公开")
        h.sheet_state = "hidden"
    wb.save(path)


def write_csv(blocks, path: Path) -> None:
    width = max(len(b.header) for k, b, _ in blocks if k == "t")
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        for kind, b, _ in blocks:
            if kind == "p":
                w.writerow([b] + [""] * (width - 1))
                continue
            w.writerow(b.header + [""] * (width - len(b.header)))
            for vals in b.rows:
                w.writerow([v or "" for v in vals] + [""] * (width - len(vals)))


def soffice_convert(src: Path, fmt: str, dest: Path, infilter: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/p"]
        if infilter:
            cmd.append(f"--infilter={infilter}")
        cmd += ["--convert-to", fmt, "--outdir", tmp, str(src)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=300)
        got = next(p for p in Path(tmp).iterdir() if p.is_file())
        shutil.move(got, dest)


def main(gold_dir: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        gold = json.loads((gold_dir / f"{name}.json").read_text(encoding="utf-8"))
        blocks = blocks_of(gold)
        write_html(blocks, OUT / f"{name}.html", "gbk" if name == "xinhe" else "utf-8", noise=name == "xinhe")
        write_docx(blocks, OUT / f"{name}.docx")
        write_xlsx(blocks, OUT / f"{name}.xlsx", by_section=name == "xinhe", hidden_sheet=name == "xinhe")
        write_csv(blocks, OUT / f"{name}.csv")
        if shutil.which("soffice"):
            soffice_convert(OUT / f"{name}.docx", "doc", OUT / f"{name}.doc")
            soffice_convert(OUT / f"{name}.xlsx", "xls", OUT / f"{name}.xls")
            soffice_convert(OUT / f"{name}.html", "docx:MS Word 2007 XML", OUT / f"{name}.lo.docx",
                            infilter="HTML (StarWriter)")
            soffice_convert(OUT / f"{name}.html", "xlsx:Calc MS Excel 2007 XML", OUT / f"{name}.lo.xlsx",
                            infilter="HTML (StarCalc)")
            soffice_convert(OUT / f"{name}.docx", "html:XHTML Writer File:UTF8", OUT / f"{name}.lo.html")
            soffice_convert(OUT / f"{name}.xlsx", "html:HTML (StarCalc)", OUT / f"{name}.calc.html")
            if name != "xinhe":  # Calc's CSV export writes the first sheet only; xinhe has three
                soffice_convert(OUT / f"{name}.xlsx", "csv:Text - txt - csv (StarCalc):44,34,76", OUT / f"{name}.lo.csv")
        print(name, "written")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "gold")
