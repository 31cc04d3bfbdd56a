"""Power lists (权责清单): the real Karamay workbooks (read from ../shared/real/, skipped when
absent), their LibreOffice text exports, hand-made gold for three sheets, and labelled
snippets that need no real data."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from rlist_ingest.assemble.citations import cn_int, split_cases, split_citations, split_duties, split_parties
from rlist_ingest.grammar import load_grammar
from rlist_ingest.model import Table
from rlist_ingest.pipeline import ingest_file
from rlist_ingest.readers import read_model, sniff

from .power_score import score, sheet_powers
from .test_snippets import ingest_text

ROOT = Path(__file__).resolve().parents[1]
KARAMAY = ROOT.parent / "shared" / "real" / "karamay"
GOLD = ROOT / "tests" / "data" / "powers"
WORKBOOKS = sorted(KARAMAY.glob("*.xls*")) if KARAMAY.is_dir() else []
real = pytest.mark.skipif(not WORKBOOKS, reason="../shared/real/karamay is not here (a user's clone)")


def _independent_counts(path: Path) -> dict[str, tuple[int, int]]:
    """Per sheet: distinct 序号 values and 子项名称 cells other than 无, counted with xlrd /
    openpyxl straight from the workbook (not through the tool's reader): the row whose first
    cell is 序号 is the header; a merged 序号 or 子项 has its value in its first cell only."""
    import openpyxl
    import xlrd

    data = path.read_bytes()
    if data[:4] == b"\xd0\xcf\x11\xe0":
        book = xlrd.open_workbook(file_contents=data)
        sheets = [(s.name, [[str(s.cell_value(r, c)).strip() for c in range(s.ncols)] for r in range(s.nrows)])
                  for s in book.sheets()]
    else:
        book = openpyxl.load_workbook(path, data_only=True)
        sheets = [(ws.title, [["" if v is None else str(v).strip() for v in row] for row in ws.iter_rows(values_only=True)])
                  for ws in book.worksheets]
    out = {}
    for name, rows in sheets:
        h = next((i for i, r in enumerate(rows) if r and "".join(r[0].split()) == "序号"), None)
        if h is None:
            continue
        head = ["".join(c.split()) for c in rows[h]]
        sub = head.index("子项名称") if "子项名称" in head else None
        seqs, items = set(), 0
        for r in rows[h + 1:]:
            s = "".join(r[0].split()).removesuffix(".0") if r else ""
            if s and not s.startswith("备注"):
                seqs.add(s)
            if sub is not None and sub < len(r) and r[sub] and "".join(r[sub].split()) not in ("无", "/"):
                items += 1
        out[name] = (len(seqs), items)
    return out


@pytest.fixture(scope="module")
def ingested():
    return {p.name: ingest_file(p) for p in WORKBOOKS}


@real
def test_every_sheet_counts_powers_and_items_like_an_independent_count(ingested):
    for p in WORKBOOKS:
        r = ingested[p.name]
        d = r.document
        assert (d.responsibilities, d.boundaries, d.regimes, d.services) == ([], [], [], []), p.name
        assert d.list_types == ["权责清单"]
        per_sheet = Counter(pw.origin.split("!")[0] for pw in d.powers)
        items = Counter(pw.origin.split("!")[0] for pw in d.powers for _ in pw.items)
        inferred = Counter(pw.origin.split("!")[0] for pw in d.powers if pw.seq_inferred)
        for sheet, (seqs, subs) in _independent_counts(p).items():
            # A power whose 序号 the list left out (its own 事项名称, no number) is a power of
            # its own with an inferred 序号: it adds to the printed values.
            assert per_sheet[sheet] - inferred[sheet] == seqs, (p.name, sheet)
            assert items[sheet] == subs, (p.name, sheet)


def _sq(t: str) -> str:
    # Without whitespace, and without the separator a single 实施层级及权限 column prints
    # between the level and the scope (地州市级。负责…), which the split leaves out.
    return "".join(t.split()).translate(_SEP)


_SEP = str.maketrans("", "", "。；;，,：:")


@real
def test_every_nonempty_cell_is_in_one_record_field_or_the_residue(ingested):
    """Each non-empty cell of the model's tables (header rows and the title aside) is matched,
    as a multiset, by one record field's printed text or one residue entry."""
    for p in WORKBOOKS:
        r = ingested[p.name]
        d = r.document
        model = read_model(p, sniff(p))
        header_lines = {n for s in d.sections for n in s.header_lines}
        from rlist_ingest.model import render

        rendering = render(model)
        header_cells = {id(c) for n in header_lines for c, _ in rendering.rows[n - 1].cells or [] if c is not None}
        cells = Counter(_sq(c.text) for b in model.blocks if isinstance(b, Table) for c in b.cells
                        if _sq(c.text) and id(c) not in header_cells)
        single = any("level" in s.columns and "scope" not in s.columns for s in d.sections)
        fields = Counter()
        for pw in d.powers:
            fields[_sq(pw.name)] += 1
            if pw.seq_printed or (pw.seq is not None and not pw.seq_inferred):
                fields[_sq(pw.seq_printed or str(pw.seq))] += 1
            for rec in [pw, *pw.items]:
                if rec is not pw:
                    fields[_sq(rec.name)] += 1
                vals = [rec.type_printed, rec.basis, rec.subject, rec.office, rec.duty, rec.resp, rec.resp_basis,
                        rec.parties_text, rec.cases_text, rec.remark]
                vals += [(rec.level or "") + (rec.scope or "")] if single else [rec.level, rec.scope]
                fields.update(_sq(v) for v in vals if v and _sq(v))
        residue = Counter()
        for x in r.residue:
            if x.line == 0:
                continue  # a value hidden under a merged cell: no cell of the model
            row = rendering.rows[x.line - 1]
            if row.cells is None:
                continue  # a paragraph (a sheet's title above its table), not a table cell
            if _sq(x.text) not in cells:  # a whole row: its cells
                residue.update(_sq(t) for _, t in row.cells if _sq(t))
            else:
                residue[_sq(x.text)] += 1
        got = fields + residue
        missing = cells - got
        assert not missing, (p.name, list(missing.items())[:3])
        assert not (got - cells), (p.name, list((got - cells).items())[:3])


@real
@pytest.mark.parametrize("gold", sorted(GOLD.glob("*.gold.json")), ids=lambda g: g.name.split(".")[0])
def test_hand_gold_scores_one(gold, ingested):
    g = json.loads(gold.read_text(encoding="utf-8"))
    doc = ingested[g["workbook"]].document.model_dump(mode="json")
    s = score(g, sheet_powers(doc, g["sheet"]))
    assert s["f1"] == 1.0, s


def _content(powers) -> list[dict]:
    drop = {"id", "provenance", "origin", "cluster_id", "cluster_similarity", "foreign_places"}

    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in drop}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x
    return [strip(p.model_dump()) for p in powers]


EXPORTED = ("克拉玛依市人力资源和社会保障局", "附件：克拉玛依市财政局", "克拉玛依市商务局", "国动办", "2025年克拉玛依市统计局",
            "克拉玛依市机关事务管理局")


# 商务局 hides a stale copy of its trailing columns; Calc's text export keeps hidden columns
# and text cannot say which copy was hidden, so its text export is read from the first copy
# (the HTML export, which leaves hidden columns out, matches the workbook).
TEXT_EXPORTED = tuple(s for s in EXPORTED if s != "克拉玛依市商务局")


@real
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("stem", TEXT_EXPORTED)
def test_libreoffice_text_export_gives_the_workbooks_records(stem, tmp_path, ingested):
    """Calc's tab-delimited export (quoted cells with line breaks), one file per sheet, read
    as text: the same powers as the sheet of the workbook."""
    src = next(p for p in WORKBOOKS if p.name.startswith(stem))
    book = tmp_path / ("book" + src.suffix)
    shutil.copy(src, book)
    subprocess.run(["soffice", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):9,34,76,1,,0,false,true,false,false,false,-1", book.name],
                   cwd=tmp_path, check=True, capture_output=True, timeout=180)
    if not list(tmp_path.glob("*.csv")):
        pytest.skip("LibreOffice Calc is not installed (soffice converted nothing)")
    doc = ingested[src.name].document
    for sheet in doc.sheets:
        exported = tmp_path / f"book-{sheet}.csv"
        if not exported.exists():
            exported = tmp_path / "book.csv"
        text = tmp_path / f"{sheet}.txt"
        text.write_bytes(exported.read_bytes())
        got = ingest_file(text).document.powers
        want = [p for p in doc.powers if p.origin.startswith(f"{sheet}!")]
        assert want and _content(got) == _content(want), (src.name, sheet)


# Snippets: no real data needed.

HEADER = "序号\t事项名称\t子项名称\t权力类型\t实施依据\t行使主体\t承办机构\t实施层级及权限\t\t部门职责\t责任事项内容\t责任事项依据\t追责对象范围\t追责情形\t备注"


def test_power_header_is_scored_as_a_power_table_not_services():
    g = load_grammar()
    cells = HEADER.split("\t")
    kind, fields = g.header_fields(cells)
    assert kind == "powers" and fields[7:9] == ["level", "scope"]
    # Another column order (a 财政局's) and other synonyms score the same way.
    other = ["序号", "权力名称", "权力类别", "实施主体", "承办科室", "设定依据", "责任事项", "追责依据", "问责对象", "问责情形", "备注"]
    assert g.header_fields(other)[0] == "powers"
    assert g.header_fields(["序号", "服务事项", "主要内容", "承办机构", "联系电话"])[0] == "services"


def test_power_table_as_text_dump_with_subitems_and_a_missing_seq():
    rows = [
        "克拉玛依市人力资源和社会保障局2024年权责清单",
        HEADER,
        "1\t人力资源服务许可\t\t行政许可\t【法律】《中华人民共和国就业促进法》第四十条：设立职业中介机构。\t市人社局\t人力资源市场科"
        "\t地州市级\t负责市本级\t拟定规划\t直接实施责任：1.规范审批。2.监督检查。\t【法律】《中华人民共和国行政许可法》第三十条、第三十四条"
        "\t1.具体承办人；2.内设机构负责人\t因不履行职责的：1.不予受理的；2.违法收费的\t",
        "2\t民办学校审批\t1.设立审批\t行政许可\t【法律】《中华人民共和国民办教育促进法》第十二条：举办学校。\t市人社局\t职业能力科\t地州市级"
        "\t负责设立\t拟定规则\t1.规范。\t\t1.具体承办人\t1.违法审批的\t",
        "\t\t2.分立审批\t行政许可\t【法律】《中华人民共和国民办教育促进法》第五十三条：分立。\t市人社局\t职业能力科\t地州市级"
        "\t负责分立\t拟定规则\t1.规范。\t\t1.具体承办人\t1.违法审批的\t",
        "\t技能等级认定\t无\t行政确认\t【规章】《职业技能鉴定规定》\t市人社局\t职业能力科\t地州市级\t\t\t\t\t\t\t",
        "4\t工伤认定\t\t行政确认\t【法规】《工伤保险条例》第十七条：申请。\t市人社局\t工伤科\t地州市级\t\t\t\t\t\t\t",
    ]
    r = ingest_text("\n".join(rows) + "\n")
    d = r.document
    assert d.department == "克拉玛依市人力资源和社会保障局" and d.year == 2024 and d.region == "克拉玛依市"
    assert [(p.seq, p.seq_inferred, p.name) for p in d.powers] == [
        (1, False, "人力资源服务许可"), (2, False, "民办学校审批"), (3, True, "技能等级认定"), (4, False, "工伤认定")]
    p1, p2, p3, _ = d.powers
    assert (p1.type, p1.level, p1.scope, p1.office) == ("行政许可", "地州市级", "负责市本级", "人力资源市场科")
    assert [(b.field, b.title, b.article_no) for b in p1.bases] == [
        ("basis", "中华人民共和国就业促进法", 40), ("resp_basis", "中华人民共和国行政许可法", 30),
        ("resp_basis", "中华人民共和国行政许可法", 34)]
    assert [(x.heading, x.label) for x in p1.duties] == [("直接实施责任", "1"), ("直接实施责任", "2")]
    assert [(a.kind, a.text) for a in p1.accountability] == [
        ("party", "具体承办人"), ("party", "内设机构负责人"), ("intro", "因不履行职责的"), ("case", "不予受理的"),
        ("case", "违法收费的")]
    # 子项 rows printing their own cells: the cells are the 子项's; the type, common to both, the power's too.
    assert [i.name for i in p2.items] == ["1.设立审批", "2.分立审批"] and p2.basis is None and p2.type == "行政许可"
    assert [b.article_no for b in p2.items[1].bases] == [53]
    assert p3.items == [] and any(x.text == "无" for x in r.residue)
    assert d.services == [] and d.responsibilities == []


def test_cn_int_and_citation_parsing():
    assert (cn_int("十二"), cn_int("一百零三"), cn_int("八百四十三"), cn_int("23")) == (12, 103, 843, 23)
    text = ("【法律】《中华人民共和国人民防空法》（2009年修正）\n    第二十八条：不得擅自拆除本法第二十一条规定的工程。\n"
            "【规范性文件】《新疆维吾尔自治区人民防空工程建设行政审批管理规定》（新国动规【2023】2号）第二十一条：未经批准。")
    got = [(c["kind"], c["title"], c["edition"], c["article_no"]) for c in split_citations(text)]
    # 第二十一条 inside a quotation is text; 【2023】 is a document number, not a kind.
    assert got == [("法律", "中华人民共和国人民防空法", "（2009年修正）", 28),
                   ("规范性文件", "新疆维吾尔自治区人民防空工程建设行政审批管理规定", "（新国动规【2023】2号）", 21)]
    assert [c["article"] for c in split_citations("《行政许可法》第三十条、三十二条、第三十四条。")] == ["第三十条", "三十二条", "第三十四条"]
    assert split_citations("【法律】《中华人民共和国行政处罚法》（2021年修订）第五章、第六章。")[0]["article"] is None


def test_duty_and_accountability_splitting_keeps_numbers_in_sequence():
    duties = split_duties("直接实施责任：\n1.审批，收费2.5万元以下。\n2.监督。\n指导监督责任：\n3.指导下级。")
    assert [(x["heading"], x["label"], x["text"]) for x in duties] == [
        ("直接实施责任", "1", "审批，收费2.5万元以下"), ("直接实施责任", "2", "监督"), ("指导监督责任", "3", "指导下级")]
    assert [x["text"] for x in split_parties("具体承办人、科室负责人、分管领导")] == ["具体承办人", "科室负责人", "分管领导"]
    assert [x["text"] for x in split_parties("一.具体承办人：\n二.内设机构负责人")] == ["具体承办人", "内设机构负责人"]
    assert [x["kind"] for x in split_cases("有下列情形的：\n1.不受理的；\n2.违法的。")] == ["intro", "case", "case"]


def test_regression_power_table_in_columns_is_not_read_as_duties():
    """A power table printed in space columns (no TAB) crashed the duty reader; it is left
    to the residue with a warning instead."""
    text = "序号 事项名称 子项名称 权力类型 实施依据 行使主体 承办机构\n1 人力资源服务许可 无 行政许可 《就业促进法》 市人社局 市场科\n"
    from rlist_ingest.errors import InputError

    with pytest.raises(InputError) as e:
        ingest_text(text)
    assert e.value.code == "no-records"


def test_diff_of_two_power_lists_reports_citations_as_citations():
    from rlist_ingest.diff import diff_documents
    from rlist_ingest.diff_render import to_markdown, to_text

    rows = ["克拉玛依市人力资源和社会保障局2024年权责清单", HEADER,
            "1\t人力资源服务许可\t\t行政许可\t【法律】《中华人民共和国就业促进法》第四十条：设立职业中介机构。\t市人社局\t市场科"
            "\t地州市级\t负责市本级\t拟定规划\t1.规范审批。\t\t\t\t",
            "2\t工伤认定\t\t行政确认\t【法规】《工伤保险条例》第十七条：申请。\t市人社局\t工伤科\t地州市级\t\t\t\t\t\t\t",
            "3\t社保登记\t\t行政确认\t【法规】《社会保险费征缴暂行条例》第七条：登记。\t市人社局\t社保科\t地州市级\t\t\t\t\t\t\t"]
    a = ingest_text("\n".join(rows) + "\n").document
    rows[2] = rows[2].replace("设立职业中介机构。", "设立职业中介机构。【法律】《中华人民共和国行政许可法》第二十九条：申请。")
    rows[3] = rows[3].replace("工伤科", "工伤保险科")
    del rows[4]
    b = ingest_text("\n".join(rows) + "\n").document
    sec = diff_documents(a, b)["sections"]["powers"]
    assert sec["summary"] == {"a_total": 3, "b_total": 2, "identical": 0, "changed": 2, "only_a": 1, "only_b": 0}
    by_name = {c["a"]["text"]: c["changes"] for c in sec["changed"]}
    assert by_name["人力资源服务许可〔行政许可〕"] == {
        "citations_added": ["实施依据: 【法律】《中华人民共和国行政许可法》第二十九条"]}
    assert by_name["工伤认定〔行政确认〕"] == {"fields": {"office": ["工伤科", "工伤保险科"]}}
    report = diff_documents(a, b)
    assert "citation added: 实施依据: 【法律】《中华人民共和国行政许可法》第二十九条" in to_text(report)
    assert "office: 工伤科 → 工伤保险科" in to_markdown(report)


@real
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("stem", EXPORTED)
def test_libreoffice_html_export_gives_the_workbooks_records(stem, tmp_path, ingested):
    """Calc's HTML export (every sheet a table, hidden columns left out) read by the HTML
    reader: the workbook's powers, in order."""
    src = next(p for p in WORKBOOKS if p.name.startswith(stem))
    book = tmp_path / ("book" + src.suffix)
    shutil.copy(src, book)
    subprocess.run(["soffice", "--headless", "--convert-to", "html", book.name], cwd=tmp_path, check=True,
                   capture_output=True, timeout=180)
    if not (tmp_path / "book.html").exists():
        pytest.skip("LibreOffice Calc is not installed (soffice converted nothing)")
    got = ingest_file(tmp_path / "book.html").document.powers
    assert _content(got) == _content(ingested[src.name].document.powers), src.name


@real
def test_regression_hidden_trailing_columns_do_not_shadow_the_shown_ones(ingested):
    """商务局 hides a stale copy of its four trailing columns: the shown ones are read and the
    hidden ones' cells are in the residue."""
    r = ingested[next(p.name for p in WORKBOOKS if p.name.startswith("克拉玛依市商务局"))]
    assert any("hidden column" in n for n in r.document.notes)
    hidden = [x for x in r.residue if x.reason == "cell of a hidden column"]
    assert hidden and all(x.origin[x.origin.index("!") + 1] in "LMNO" for x in hidden)
    assert not any("second column" in x.reason for x in r.residue)


def _cell_per_line(model) -> str:
    """A workbook as a TAB dump, a cell per line (a table copied out of a word processor):
    each cell a line led by a TAB, its further lines without one, a merged cell's text in
    its first position and empty cells elsewhere."""
    from rlist_ingest.model import Paragraph

    out = []
    for b in model.blocks:
        if isinstance(b, Paragraph):
            out += b.lines
            continue
        g = b.grid()
        for r in range(b.n_rows):
            for k in range(b.n_cols):
                c = g[r][k]
                parts = [x for x in (c.parts if c is not None and (c.r0, c.c0) == (r, k) else []) if x.strip()] or [""]
                out += ["\t" + parts[0], *parts[1:]]
            out.append("")
    return "\n".join(out) + "\n"


# 财政局 prints a footnote paragraph (备注：…) under its table: in a cell-per-line dump a line
# without a TAB continues the cell above, so the note joins the last power's last cell.
TAB_DUMPED = tuple(s for s in TEXT_EXPORTED if s != "附件：克拉玛依市财政局")


@real
@pytest.mark.parametrize("stem", TAB_DUMPED)
def test_tab_dump_cell_per_line_gives_the_workbooks_records(stem, tmp_path, ingested):
    src = next(p for p in WORKBOOKS if p.name.startswith(stem))
    doc = ingested[src.name].document
    if len(doc.sheets) > 1:
        pytest.skip("a TAB dump holds one table")
    dump = tmp_path / "dump.txt"
    dump.write_text(_cell_per_line(read_model(src, sniff(src))), encoding="utf-8")
    assert _content(ingest_file(dump).document.powers) == _content(doc.powers), src.name


def test_same_power_in_two_cities_is_one_cluster(tmp_path):
    import pyarrow.parquet as pq

    from rlist_ingest.batch import ingest_paths

    def write(city, office):
        rows = [f"{city}人力资源和社会保障局2024年权责清单", HEADER,
                f"1\t对{city}用人单位违反劳动合同法的处罚\t\t行政处罚\t【法律】《中华人民共和国劳动合同法》第八十条：处罚。\t{city}人社局"
                f"\t{office}\t地州市级\t\t\t\t\t\t\t",
                f"2\t工伤认定\t\t行政确认\t【法规】《工伤保险条例》第十七条：申请。\t{city}人社局\t工伤科\t地州市级\t\t\t\t\t\t\t",
                f"3\t职业技能等级认定\t\t其他行政权力\t【规章】《职业技能鉴定规定》第五条：认定。\t{city}人社局\t职业能力科\t地州市级\t\t\t\t\t\t\t"]
        p = tmp_path / f"{city}.txt"
        p.write_text("\n".join(rows) + "\n", encoding="utf-8")
        return str(p)

    out = tmp_path / "out"
    report = ingest_paths([write("克拉玛依市", "劳动监察科"), write("乌鲁木齐市", "劳动保障监察科")], out)
    assert not report.errors
    rows = pq.read_table(out / "powers.parquet", columns=["document_id", "name", "type", "cluster_id"]).to_pylist()
    by_name = {}
    for r in rows:
        by_name.setdefault((r["type"], r["name"].replace("克拉玛依市", "").replace("乌鲁木齐市", "")), set()).add(r["cluster_id"])
    # The city in a power's name is folded like any place name: one cluster per power.
    assert len(by_name) == 3 and all(len(c) == 1 for c in by_name.values())
    assert len({r["cluster_id"] for r in rows}) == 3
