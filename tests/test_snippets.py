"""Small labelled snippets per layout, and regression tests named after the bugs they pin."""

import pytest

from rlist_ingest.pipeline import ingest_source
from rlist_ingest.source import Source, split_lines


def ingest_text(text: str, name: str = "snippet.txt", withhold: bool = True):
    lines, breaks = split_lines(text)
    return ingest_source(Source(path=name, name=name, encoding="utf-8", sha256="0" * 64, lines=lines,
                                page_breaks=breaks), withhold=withhold)


def resp(doc):
    return [(r.seq, r.text, [(i.text, i.office) for i in r.items]) for r in doc.responsibilities]


TAB = "\t"
TAB_CASES = [
    ("duty table without office column",
     "一、部门职责\n部门名称：甲县民政局\n\t序号\n\t主要职责\n\t具体工作事项\n\t备注\n\n"
     "\t1\n\t负责救助\n\t发放补助\n\t\n\n\t\n\t\n\t审核对象\n\t\n",
     [(1, "负责救助", [("发放补助", None), ("审核对象", None)])]),
    ("wrapped cell and blank line inside a row",
     "部门职责登记表\n\t序号\n\t主要职责\n\t具体工作事项\n\t责任科室\n\t备注\n\n"
     "\t1\n\t负责就业\n\t登记复审\n\n审批\n\t就业\n\n股\n\n\t\n",
     [(1, "负责就业", [("登记复审审批", "就业股")])]),
    ("header repeated after a page break keeps the group",
     "一、部门职责\n\t序号\n\t主要职责\n\t具体工作事项\n\t备注\n\n\t1\n\t甲\n\t事项一\n\t\n\n"
     "\t序号\n\t主要职责\n\t具体工作事项\n\t备注\n\n\t1\n\t甲\n\t事项二\n\t\n",
     [(1, "甲", [("事项一", None), ("事项二", None)])]),
]


@pytest.mark.parametrize("label,text,want", TAB_CASES, ids=[c[0] for c in TAB_CASES])
def test_tab_table_snippets(label, text, want):
    assert resp(ingest_text(text).document) == want


def test_tab_boundary_basis_per_party_joined_and_case_split_across_rows():
    text = ("二、与相关部门的职责边界\n\t序号\n\t管理事项\n\t相关部门\n\t职责分工\n\t相关依据\n\t案例\n\n"
            "\t1\n\t工资发放\n\t人社局\n\t审核\n\t《甲法》\n\t案例上半，\n\n"
            "\t\n\t\n\t财政局\n\t拨付\n\t《乙法》\n\t案例下半。\n")
    b = ingest_text(text).document.boundaries
    assert [(x.seq, x.matter, x.basis, x.case) for x in b] == [(1, "工资发放", "《甲法》\n《乙法》", "案例上半，案例下半。")]
    assert [(p.department, p.duty) for p in b[0].parties] == [("人社局", "审核"), ("财政局", "拨付")]


PROSE = """三、事中事后监管制度
(一)甲事项监管 (二)乙事项监管
（一）甲事项监管
为加强监管，特制定如下监管制度：
一、监督检查对象 本县全部用人单位，包括个体工商户和民办非企业单位。
二、监督检查内容
（一）监督检查内容
1、是否依法签订合
同。
（二）监督检查指标
（二）基本医疗保障定点医疗机构、定点零售
药店医疗服务监管
一、主要内容
对违法行为进行细化。
"""


def test_numbered_prose_regimes_parts_and_toc():
    r = ingest_text(PROSE)
    g = r.document.regimes
    assert [(x.seq_label, x.title) for x in g] == [("（一）", "甲事项监管"), ("（二）", "基本医疗保障定点医疗机构、定点零售药店医疗服务监管")]
    assert [(p.label, p.heading) for p in g[0].parts] == [("一、", "监督检查对象"), ("二、", "监督检查内容")]
    assert g[0].parts[0].clauses[0].text.startswith("本县全部用人单位")
    # the wrapped clause is joined; a clause label is not a regime
    assert [c.text for c in g[0].parts[1].clauses] == ["监督检查内容", "是否依法签订合同。", "监督检查指标"]
    assert [x.reason for x in r.residue] == ["table of contents"]


def test_regression_tab_only_line_is_an_empty_cell():
    """A line holding only a TAB is an empty cell; dropping it shifted every later row."""
    text = ("一、部门职责\n\t序号\n\t主要职责\n\t具体工作事项\n\t备注\n\n\t1\n\t甲\n\t事项一\n\t\n\n"
            "\t\n\t\n\t事项二\n\t\n\n\t2\n\t乙\n\t事项三\n\t\n")
    assert resp(ingest_text(text).document) == [(1, "甲", [("事项一", None), ("事项二", None)]),
                                                (2, "乙", [("事项三", None)])]


def test_regression_office_completed_after_break_does_not_swallow_next_row():
    """An office cut by a page break ('人事与福利' / '教育股') completes first; the next row
    after the break must not be read as the cut item's tail. (The reader's own output: its
    first row keeps its office in the item's text, so the quality checks withhold the
    table, as the second test pins.)"""
    text = ("一、部门职责\n\n序号 主要职责 具体工作事项 责任科室 备注\n\n"
            "组织实施公务员管理法规政策和管理办法 人事与福利教育股  \n\n"
            " 1 \n贯彻执行国家、省、市公务员\n管理工作的方针政策。\n\n"
            "负责国家、省、市和县特殊需要人员的选调和安置 人事与福利  \n\n\n\n \n\n教育股 \n"
            "会同有关部门拟订全县公务员培训和在职教育政策、规\n划和标准并组织实施； \n\n人事与福利 \n教育股 \n\n \n\n"
            "2 \n\n组织实施公务员考核制度，拟\n订公务员培训政策。 \n\n负责全县政府机关公务员培训、公务员对口培训 \n人事与福利 \n教育股 \n\n \n")
    got = resp(ingest_text(text, withhold=False).document)
    assert got[0][2][1] == ("负责国家、省、市和县特殊需要人员的选调和安置", "人事与福利教育股")
    assert got[1][2][0] == ("会同有关部门拟订全县公务员培训和在职教育政策、规划和标准并组织实施；", "人事与福利教育股")
    doc = ingest_text(text).document
    assert doc.responsibilities == [] and "without an office where most have one" in doc.quality.warnings[0]


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_line_endings_do_not_change_records(eol):
    text = TAB_CASES[0][1]
    assert resp(ingest_text(text.replace("\n", eol)).document) == TAB_CASES[0][2]


def test_region_from_body_for_any_department_when_title_omits_it():
    text = ("县民政局责任清单\n一、部门职责\n\t序号\n\t主要职责\n\t具体工作事项\n\t备注\n\n"
            "\t1\n\t负责救助\n\t甲县民政局负责发放补助\n\t\n")
    d = ingest_text(text).document
    assert (d.region, d.department) == ("甲县", "甲县民政局")


def test_region_from_department_line():
    d = ingest_text(TAB_CASES[0][1]).document
    assert (d.region, d.department) == ("甲县", "甲县民政局")


def test_regression_duplicated_seq_line_is_not_lost():
    """Found by the fuzzer: a 序号 line printed twice made an empty 主要职责 block whose line
    was marked used although no record kept it."""
    text = ("一、部门职责\n\n序号 主要职责 具体工作事项 责任科室 备注\n\n"
            "负责统筹指导全县人力资源和社会保障法制建设 秘书股  \n\n1 \n1 \n\n"
            "贯彻执行国家、省、市人力资\n源和社会保障工作的方针政策。\n\n"
            "负责办理人大代表建议和政协提案 秘书股  \n")
    r = ingest_text(text)
    lines = text.split("\n")
    covered = {x.line for x in r.residue} | set(r.meta_lines) | {s.line_first for s in r.document.sections}
    for s in r.document.sections:
        covered |= set(s.header_lines)
    for x in r.document.responsibilities:
        covered |= set(range(x.provenance.line_first, x.provenance.line_last + 1))
    assert all(n in covered for n, ln in enumerate(lines, 1) if ln.strip())


def test_regression_empty_block_before_page_break_does_not_crash():
    """Found by the fuzzer: a 序号 with no text followed by a page break and an unnumbered
    block raised IndexError."""
    text = ("一、部门职责\n\n序号 主要职责 具体工作事项 责任科室 备注\n\n"
            "负责统筹指导全县人力资源和社会保障法制建设 秘书股  \n\n1 \n\n\n\n \n\n"
            "贯彻执行国家、省、市人力资\n源和社会保障工作的方针政策。\n\n"
            "负责办理人大代表建议和政协提案 秘书股  \n")
    ingest_text(text)  # must not raise


def test_regression_repeated_header_name_does_not_drop_cells():
    """Found by the fuzzer: a header naming one column twice dropped that column's cells."""
    text = ("四、公共服务事项\n\t序号\n\t服务事项\n\t主要工作内容\n\t主要工作内容\n\t承办机构\n\t联系电话\n\n"
            "\t1\n\t咨询\n\t政策宣传\n\t上门服务\n\t区就业局\n\t7622901\n")
    r = ingest_text(text)
    assert [(s.item, s.content, s.office) for s in r.document.services] == [("咨询", "政策宣传", "区就业局")]
    assert [(x.line, x.reason) for x in r.residue] == [(12, "cell of a second column the header names content")]


def test_regression_content_continuation_row_extends_service_provenance():
    """Found by the fuzzer: a row holding only more 主要工作内容 was appended to the service
    above without extending its provenance, so its line was in no record's range."""
    text = ("四、公共服务事项\n\t序号\n\t服务事项\n\t主要工作内容\n\t承办机构\n\t联系电话\n\n"
            "\t1\n\t咨询\n\t政策宣传\n\t区就业局\n\t7622901\n\n\t\n\t\n\t上门服务\n\t\n\t\n")
    s = ingest_text(text).document.services
    assert [(x.content, x.provenance.line_last) for x in s] == [("政策宣传上门服务", 18)]


def test_regression_centred_heading_longer_than_sixty_columns_is_a_heading():
    """pdftotext centres headings with spaces; a raw-length cut-off of 60 columns made a
    centred 一、部门职责 plain text, and its table was lost as preamble."""
    text = (" " * 56 + "一、部门职责\n部门名称：甲县民政局\n\t序号\n\t主要职责\n\t具体工作事项\n\t备注\n\n"
            "\t1\n\t负责救助\n\t发放补助\n\t\n")
    r = ingest_text(text)
    assert [s.kind for s in r.document.sections] == ["duties"]
    assert resp(r.document) == [(1, "负责救助", [("发放补助", None)])]


@pytest.mark.parametrize("pattern,want", [
    ("^部门名称[:：](.+)$", [(1, "甲县民政局"), (4, "乙局")]),
    # could run on over the line end in the joined text; per line it stops at the key's end
    ("^部门名称[:：]([^。]+)", [(1, "甲县民政局"), (4, "乙局")]),
    ("名称[:：](.+)", []),  # matches mid-line only: regex.match semantics find nothing
])
def test_department_lines_match_each_line_from_its_start(pattern, want):
    from rlist_ingest.meta import _line_matches

    keys = ["部门名称：甲县民政局", "正文", "", "部门名称：乙局", "单位部门名称：丙"]
    text, starts = "\n".join(keys), [0]
    for k in keys[:-1]:
        starts.append(starts[-1] + len(k) + 1)
    assert [(n, m.group(1)) for n, m in _line_matches(pattern, keys, text, starts)] == want
