"""Small labelled inputs per reader: merged cells as spans, line breaks inside cells,
encodings and dialects, what is left out; bad inputs give one documented error each."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile

import pytest

from rlist_ingest.errors import InputError
from rlist_ingest.model import Table, render
from rlist_ingest.pipeline import ingest_file
from rlist_ingest.readers import read_model, sniff
from tests.conftest import ROOT

BAD = ROOT / "tests" / "data" / "formats" / "bad"
FORMATS = ROOT / "tests" / "data" / "formats"


def _tables(doc):
    return [b for b in doc.blocks if isinstance(b, Table)]


def test_html_rowspan_colspan_br_and_gbk_charset(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            '<script>var a="序号";</script><style>p{}</style></head><body><nav>首页</nav>'
            '<h1>甲县人社局责任清单</h1><table><tr><th>序号</th><th>主要职责</th><th>具体工作事项</th></tr>'
            '<tr><td rowspan="2">1</td><td rowspan="2">负责就业<br>统筹</td><td>登记</td></tr>'
            '<tr><td>发放<p>补贴</p></td></tr><tr><td colspan="3">注：以上</td></tr></table><p>尾注</p></body></html>')
    p = tmp_path / "a.htm"
    p.write_bytes(page.encode("gb18030"))
    assert sniff(p) == "html"
    doc = read_model(p, "html")
    assert doc.encoding == "gb18030"
    # a row whose one cell spans the table is a paragraph, as a spreadsheet's is
    assert [b.lines for b in doc.blocks if not isinstance(b, Table)] == [["甲县人社局责任清单"], ["注：以上"], ["尾注"]]
    (t,) = _tables(doc)
    spans = {(c.r0, c.r1, c.c0, c.c1): c.parts for c in t.cells}
    assert spans[(1, 3, 0, 1)] == ["1"] and spans[(1, 3, 1, 2)] == ["负责就业", "统筹"]
    assert spans[(2, 3, 2, 3)] == ["发放", "补贴"] and t.n_rows == 3
    assert render(doc).lines[2:4] == ["1\t负责就业统筹\t登记", "\t\t发放补贴"]


def test_docx_vmerge_and_gridspan_are_spans(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("部门名称：甲县人社局")
    t = d.add_table(rows=4, cols=3)
    for c, h in enumerate(["序号", "主要职责", "具体工作事项"]):
        t.cell(0, c).text = h
    t.cell(1, 0).text, t.cell(1, 1).text = "1", "负责就业"
    t.cell(1, 2).text, t.cell(2, 2).text = "登记", "发放\n补贴"
    t.cell(1, 0).merge(t.cell(2, 0))
    t.cell(1, 1).merge(t.cell(2, 1))
    t.cell(3, 0).merge(t.cell(3, 2)).text = "注"
    p = tmp_path / "x.bin"  # the name says nothing: the content decides
    d.save(p)
    assert sniff(p) == "docx"
    doc = read_model(p, "docx")
    (tab,) = _tables(doc)
    spans = {(c.r0, c.r1, c.c0, c.c1): c.parts for c in tab.cells}
    assert spans[(1, 3, 0, 1)] == ["1"] and spans[(1, 3, 1, 2)] == ["负责就业"]
    assert spans[(2, 3, 2, 3)] == ["发放", "补贴"] and spans[(3, 4, 0, 3)] == ["注"]
    assert doc.blocks[0].lines == ["部门名称：甲县人社局"] and doc.blocks[0].origin == "p1"


def test_xlsx_merges_integral_floats_hidden_rows(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表1"
    ws["A1"] = "甲县人社局责任清单"
    ws.merge_cells("A1:C1")
    for c, h in enumerate(["序号", "主要职责", "具体工作事项"], 1):
        ws.cell(2, c, h)
    ws["A3"], ws["B3"], ws["C3"], ws["C4"] = 1.0, "负责就业\n统筹", "登记", "发放"
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.row_dimensions[4].hidden = True
    p = tmp_path / "a.xlsx"
    wb.save(p)
    doc = read_model(p, "xlsx")
    assert doc.sheets == ["表1"] and any("hidden row" in n for n in doc.notes)
    assert doc.blocks[0].lines == ["甲县人社局责任清单"] and doc.blocks[0].origin == "表1!A1:C1"
    (t,) = _tables(doc)
    cells = {c.origin: (c.r1 - c.r0, c.parts) for c in t.cells}
    assert cells["表1!A3:A4"] == (2, ["1"]) and cells["表1!B3:B4"] == (2, ["负责就业", "统筹"])


def test_csv_semicolons_quoted_line_breaks_gb18030(tmp_path):
    text = ('部门名称：甲县人社局;;\n序号;主要职责;具体工作事项\n1;"负责就业\n统筹";登记\n;;"发放;补贴"\n')
    p = tmp_path / "a.csv"
    p.write_bytes(text.encode("gb18030"))
    assert sniff(p) == "csv"
    doc = read_model(p, "csv")
    assert doc.encoding == "gb18030" and "';'" in doc.notes[0]
    (t,) = _tables(doc)
    assert [c.parts for c in t.cells if c.r0 == 1] == [["1"], ["负责就业", "统筹"], ["登记"]]
    assert [c.parts for c in t.cells if c.r0 == 2] == [["发放;补贴"]]


def test_tab_delimited_and_prose_stay_text(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("序号\t主要职责\t具体工作事项\n1\t负责，就业\t登记\n", encoding="utf-8")
    assert sniff(p) == "text"
    q = tmp_path / "b.txt"
    q.write_text("（一）某某监管\n一、监督检查对象，包括企业, 个体户, 社会组织等。\n", encoding="utf-8")
    assert sniff(q) == "text"


@pytest.mark.parametrize(("name", "code", "got"), [
    ("not_a_zip.docx", "not-docx", "neither a zip nor an OLE file"),
    ("zip_not_docx.docx", "not-docx", "a zip archive that is neither a Word nor an Excel file"),
    ("truncated.docx", "not-docx", "a damaged or truncated zip archive"),
    ("empty_sheets.xlsx", "empty-workbook", "only empty sheets"),
    ("protected.xlsx", "encrypted", "a password-protected Office file"),
    ("no_table.html", "not-a-list", "no section, table or regime the grammar knows"),
])
def test_bad_input_gives_one_message_with_code(name, code, got):
    with pytest.raises(InputError) as e:
        ingest_file(BAD / name)
    assert e.value.code == code and got in e.value.got and e.value.hint
    assert e.value.render().startswith(str(BAD / name)) and e.value.render().endswith(f"[{code}]")


def test_bad_inputs_do_not_stop_the_batch(tmp_path):
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "rlist_ingest.entry", "ingest", str(BAD), str(FORMATS / "xinhe.html"),
                          "--out", str(out), "-q"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert sum(f"[{c}]" in run.stderr for c in ("not-docx", "empty-workbook", "encrypted", "not-a-list")) == 4
    assert (out / "documents" / "xinhe.json").exists() and (out / "text" / "xinhe.txt").exists()
    errors = [line for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines() if '"code"' in line]
    assert len(errors) == 6


def test_nested_docx_table_is_flattened_and_noted(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "外"
    inner = t.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "内一", "内二"
    p = tmp_path / "n.docx"
    d.save(p)
    doc = read_model(p, "docx")
    (tab,) = _tables(doc)
    assert [c.parts for c in tab.cells] == [["外"], ["内一", "内二"]]
    assert any("nested" in n for n in doc.notes)


def test_zip_bomb_member_is_refused(tmp_path):
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<a/>")
    from rlist_ingest.readers import docx as docx_reader

    old = docx_reader.MAX_XML
    docx_reader.MAX_XML = 2
    try:
        with pytest.raises(InputError) as e:
            read_model(p, "docx")
    finally:
        docx_reader.MAX_XML = old
    assert e.value.code == "too-large"


def test_readers_import_nothing_from_the_records_layer():
    """Readers produce the document model; records, extractors and the pipeline are above them."""
    banned = {"records", "extractors", "pipeline", "tables", "stream", "batch"}
    for path in sorted((ROOT / "src" / "rlist_ingest" / "readers").glob("*.py")) + \
            [ROOT / "src" / "rlist_ingest" / "model.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                mod = node.module.split(".")
                assert not set(mod) & banned, f"{path.name} imports {node.module}"
            elif isinstance(node, ast.Import):
                for a in node.names:
                    assert not set(a.name.split(".")) & banned, f"{path.name} imports {a.name}"


def test_html_layout_table_around_the_list_keeps_the_list_a_table(tmp_path):
    """Older portals lay the whole page out in a table; the list's table sits in one of its
    cells. The data table must stay a table, not be flattened into the outer cell."""
    page = ('<html><body><table width="960"><tr><td>导航 首页</td></tr><tr><td>'
            '<p>一、部门职责</p><table border="1"><caption>表1</caption>'
            '<tr><td>序号</td><td>主要职责</td><td>具体工作事项</td></tr>'
            '<tr><td>1</td><td>负责就业</td><td>登记</td></tr></table></td></tr></table></body></html>')
    p = tmp_path / "a.html"
    p.write_text(page, encoding="utf-8")
    doc = read_model(p, "html")
    paras = [b.lines[0] for b in doc.blocks if not isinstance(b, Table)]
    assert paras == ["导航 首页", "一、部门职责", "表1"]
    (t,) = _tables(doc)
    assert (t.n_rows, t.n_cols) == (2, 3) and not doc.notes


def test_csv_without_padding_prose_rows_is_still_csv(tmp_path):
    """A hand-made CSV: titles and prose as one-field rows outnumber the table rows."""
    rows = ["甲县人社局责任清单", "部门名称：甲县人社局", "一、部门职责", "序号,主要职责,具体工作事项", "1,负责就业,登记",
            "2,负责社保,参保", "三、事中事后监管制度", "（一）某某监管", "一、监督检查对象", "企业。", "二、监督检查内容", "执行。"]
    p = tmp_path / "a.csv"
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert sniff(p) == "csv"
    q = tmp_path / "b.txt"  # prose whose lines happen to hold ASCII commas
    q.write_text("（一）某某监管\n一、对象,包括企业, 个体户\n二、内容\n按规定执行, 及时处理。\n", encoding="utf-8")
    assert sniff(q) == "text"


def test_doc_without_libreoffice_is_refused_with_a_hint(monkeypatch):
    from rlist_ingest.readers import doc as doc_reader

    monkeypatch.setattr(doc_reader, "soffice", lambda: None)
    with pytest.raises(InputError) as e:
        ingest_file(FORMATS / "xinhe.doc")
    assert e.value.code == "needs-libreoffice" and "libreoffice-writer-nogui" in e.value.hint


def _numbered_docx(path):
    """A list whose headings, regimes and parts are Word list numbering, not text."""
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="91"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/><w:suff w:val="nothing"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%2、"/>'
        '</w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))

    def para(text, num=None, lvl=0):
        p = d.add_paragraph(text)
        if num:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {w}><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr>'))

    para("甲县人力资源和社会保障局责任清单")
    para("部门名称：甲县人力资源和社会保障局")
    para("部门职责", 90)
    t = d.add_table(rows=2, cols=3)
    for c, v in enumerate(["序号", "主要职责", "具体工作事项"]):
        t.cell(0, c).text = v
    for c, v in enumerate(["1", "负责就业工作", "登记失业人员"]):
        t.cell(1, c).text = v
    para("事中事后监管制度", 90)
    for title in ("特殊工时审批监管", "劳务派遣许可监管"):
        para(title, 91, 0)
        for head in ("监督检查对象", "监督检查内容"):
            para(head, 91, 1)
            para("按照有关规定执行。")
    d.save(path)


def test_docx_list_numbering_is_printed_before_the_text(tmp_path):
    p = tmp_path / "numbered.docx"
    _numbered_docx(p)
    lines = [b.lines[0] for b in read_model(p, "docx").blocks if not isinstance(b, Table)]
    assert lines[2] == "一、部门职责" and lines[3] == "二、事中事后监管制度"
    assert lines[4:7] == ["（一）特殊工时审批监管", "一、监督检查对象", "按照有关规定执行。"]
    assert lines[9] == "（二）劳务派遣许可监管" and lines[10] == "一、监督检查对象"  # level 1 restarts
    doc = ingest_file(p).document
    assert [(g.seq_label, g.title, [x.label for x in g.parts]) for g in doc.regimes] == [
        ("（一）", "特殊工时审批监管", ["一、", "二、"]), ("（二）", "劳务派遣许可监管", ["一、", "二、"])]


def test_chinese_counting():
    from rlist_ingest.readers.docx_numbering import chinese, fmt

    assert [chinese(n) for n in (1, 10, 11, 20, 21, 99, 100, 105, 110, 1001)] == [
        "一", "十", "十一", "二十", "二十一", "九十九", "一百", "一百零五", "一百一十", "一千零一"]
    assert (fmt(3, "decimal"), fmt(3, "upperRoman"), fmt(28, "lowerLetter"), fmt(2, "decimalEnclosedCircle")) == \
        ("3", "III", "ab", "②")


def test_html_ordered_list_items_get_their_printed_numbers(tmp_path):
    p = tmp_path / "ol.html"
    p.write_text('<html><body><ol style="list-style-type: cjk-ideographic"><li>部门职责</li><li>职责边界</li></ol>'
                 '<ol start="3"><li>甲</li></ol><ul><li>乙</li></ul></body></html>', encoding="utf-8")
    lines = [b.lines[0] for b in read_model(p, "html").blocks]
    assert lines == ["一、部门职责", "二、职责边界", "3.甲", "乙"]


def test_csv_sniffed_when_the_head_ends_inside_a_character(tmp_path):
    """Regression: a CSV whose sniffed head ended mid-character was taken for text."""
    p = tmp_path / "a.csv"
    rows = ["序号,主要职责,具体工作事项"] + [f"{i},负责就业工作{i},登记失业人员{i}" for i in range(1, 3000)]
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    from rlist_ingest.readers.csv import looks_like_csv

    data = p.read_bytes()
    cut = next(n for n in range(16384, 16390) if data[n - 1] >= 0x80 and (data[n] & 0xC0) == 0x80)
    assert looks_like_csv(data[:cut]) and sniff(p) == "csv"


def test_opendocument_is_refused_with_a_hint(tmp_path):
    p = tmp_path / "list.odt"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(InputError) as e:
        ingest_file(p)
    assert e.value.code == "unsupported-format" and "OpenDocument" in e.value.got and ".docx" in e.value.hint
