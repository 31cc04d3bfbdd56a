"""Layout variants the samples do not show: lists without section headings, and TAB tables
saved one row per line (a spreadsheet's tab-delimited text)."""

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rlist_ingest.extractors.tsv import lines_to_raw_cells
from rlist_ingest.grammar import load_grammar
from rlist_ingest.pipeline import ingest_source
from rlist_ingest.sniff import split_sections
from rlist_ingest.source import read_source
from tests.conftest import SAMPLE_NAMES, SAMPLES
from tests.test_snippets import ingest_text, resp

TABLE_KINDS = ("duties", "boundaries", "services")


def _records(doc) -> dict:
    """The document's records and metadata, without IDs (they hash the document text)."""
    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k != "id"}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    return strip(doc.model_dump(exclude={"id", "sha256", "sections", "quality"}))


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_tables_are_found_by_their_column_header_when_headings_are_missing(name):
    """Blank every table section's heading (line numbers stay): the column headers open the
    sections instead, and every record comes out the same."""
    g = load_grammar()
    src = read_source(SAMPLES / f"{name}.txt")
    want = ingest_source(src)
    bare = read_source(SAMPLES / f"{name}.txt")
    blanked = [s.heading_line for s in split_sections(src, g) if s.kind in TABLE_KINDS]
    assert blanked
    for n in blanked:
        bare.lines[n - 1] = ""
    got = ingest_source(bare)
    assert [s.kind for s in got.document.sections if s.kind in TABLE_KINDS] == \
        [s.kind for s in want.document.sections if s.kind in TABLE_KINDS]
    assert all(s.heading is None for s in got.document.sections if s.kind in TABLE_KINDS)
    assert _records(got.document) == _records(want.document)
    assert [(x.line, x.reason) for x in got.residue] == [(x.line, x.reason) for x in want.residue]


def test_a_header_of_another_kind_opens_a_section_without_a_heading():
    text = ("甲县人社局职责清单\n部门名称：甲县人社局\n\t序号\n\t主要职责\n\t具体工作事项\n\t备注\n\n"
            "\t1\n\t负责就业\n\t登记失业\n\t\n\n"
            "\t序号\n\t管理事项\n\t相关部门\n\t职责分工\n\n\t1\n\t工资发放\n\t财政局\n\t拨付\n")
    r = ingest_text(text)
    assert [(s.kind, s.heading, s.line_first) for s in r.document.sections] == \
        [("preamble", None, 1), ("duties", None, 3), ("boundaries", None, 13)]
    assert resp(r.document) == [(1, "负责就业", [("登记失业", None)])]
    b = r.document.boundaries
    assert [(x.seq, x.matter, [(p.department, p.duty) for p in x.parties]) for x in b] == \
        [(1, "工资发放", [("财政局", "拨付")])]


ROWS = "序号\t主要职责\t具体工作事项\t责任科室\t备注\n"
TSV_CASES = [
    ("one row per line, empty cells at the start of a row",
     "一、部门职责\n" + ROWS + "1\t负责预算\t编制预算\t预算股\t\n\t\t执行预算\t预算股\t\n2\t负责国库\t国库支付\t国库股\t\n",
     [(1, "负责预算", [("编制预算", "预算股"), ("执行预算", "预算股")]), (2, "负责国库", [("国库支付", "国库股")])]),
    ("no heading, CRLF, empty cells at the end left out",
     "部门名称：乙县财政局\r\n" + ROWS.replace("\n", "\r\n") + "1\t负责预算\t编制预算\r\n\t\t执行预算\t预算股\r\n",
     [(1, "负责预算", [("编制预算", None), ("执行预算", "预算股")])]),
    ("a quoted cell holds line breaks and doubled quotes",
     ROWS + '1\t"负责预算管理，\n编制年度预算"\t"审核""预算""草案"\t预算股\t\n',
     [(1, "负责预算管理，编制年度预算", [('审核"预算"草案', "预算股")])]),
    ("a quote inside unquoted text is text",
     ROWS + '1\t"互联网+"政务\t建设平台\t办公室\t\n',
     [(1, '"互联网+"政务', [("建设平台", "办公室")])]),
    ("an unclosed quote is text, not a cell that swallows the table",
     ROWS + '1\t"负责预算\t编制预算\t预算股\t\n2\t负责国库\t国库支付\t国库股\t\n',
     [(1, '"负责预算', [("编制预算", "预算股")]), (2, "负责国库", [("国库支付", "国库股")])]),
    ("a line without a TAB continues the last cell with text",
     ROWS + "1\t负责国库管理\t国库集中\n支付\n2\t负责预算\t编制预算\t预算股\t\n",
     [(1, "负责国库管理", [("国库集中支付", None)]), (2, "负责预算", [("编制预算", "预算股")])]),
]


@pytest.mark.parametrize("label,text,want", TSV_CASES, ids=[c[0] for c in TSV_CASES])
def test_tab_table_one_row_per_line(label, text, want):
    r = ingest_text(text)
    assert r.document.layouts == ["tab_table"]
    assert resp(r.document) == want
    assert not r.residue


def test_cell_beyond_the_header_is_residue_with_its_own_text():
    text = ROWS + "1\t负责预算\t编制预算\t预算股\t\t多余\n"
    r = ingest_text(text)
    assert resp(r.document) == [(1, "负责预算", [("编制预算", "预算股")])]
    assert [(x.line, x.text, x.reason) for x in r.residue] == [(2, "多余", "cell of a column the header does not name")]


def test_tsv_row_provenance_spans_a_quoted_cell():
    text = ROWS + '1\t"负责预算，\n编制预算"\t审核草案\t预算股\t\n\t\t执行预算\t预算股\t\n'
    d = ingest_text(text).document
    r = d.responsibilities[0]
    assert (r.provenance.line_first, r.provenance.line_last) == (2, 4)
    assert [(i.provenance.line_first, i.provenance.line_last) for i in r.items] == [(2, 3), (4, 4)]
    assert d.sections[-1].header_lines == [1]


@pytest.mark.parametrize("name", ["hongjiang", "xinhe"])
def test_spreadsheet_tsv_of_a_samples_duties_reads_back_the_same(ingested, name):
    """Write a sample's duty table as a spreadsheet would (Python's csv excel-tab dialect,
    which quotes cells holding line breaks; every third duty wrapped), ingest it, and get
    the same responsibilities and work items."""
    doc = ingested[name].document
    buf = io.StringIO()
    w = csv.writer(buf, dialect="excel-tab", lineterminator="\n")
    w.writerow(["序号", "主要职责", "具体工作事项", "责任科室", "备注"])
    for k, r in enumerate(doc.responsibilities):
        duty = r.text if k % 3 else r.text[:len(r.text) // 2] + "\n" + r.text[len(r.text) // 2:]
        for j, it in enumerate(r.items or [None]):
            first = j == 0
            w.writerow(["" if not first or r.seq is None else r.seq, duty if first else "",
                        it.text if it else "", (it.office or "") if it else "", (it.remark or "") if it else ""])
    got = ingest_text(f"部门名称：{doc.department}\n" + buf.getvalue()).document
    assert resp(got) == resp(doc)


UNKNOWN_COLUMNS = [
    ("one cell per line",
     "一、部门职责\n\t序号\n\t主要职责\n\t具体工作事项\n\t责任科室\n\t办理时限\n\t监督电话\n\t备注\n\n"
     "\t1\n\t负责救助\n\t发放补助\n\t救助股\n\t5日\n\t7622901\n\t\n\n\t\n\t\n\t审核对象\n\t救助股\n\t3日\n\t\n\t\n",
     [(14, "5日"), (15, "7622901"), (22, "3日")]),
    ("one row per line",
     "序号\t主要职责\t具体工作事项\t责任科室\t办理时限\t监督电话\t备注\n"
     "1\t负责救助\t发放补助\t救助股\t5日\t7622901\t\n\t\t审核对象\t救助股\t3日\t\t\n",
     [(2, "5日"), (2, "7622901"), (3, "3日")]),
]


@pytest.mark.parametrize("label,text,dropped", UNKNOWN_COLUMNS, ids=[c[0] for c in UNKNOWN_COLUMNS])
def test_columns_the_grammar_does_not_know_keep_the_table_and_go_to_residue(label, text, dropped):
    """A header may name columns the grammar lacks (办理时限, 监督电话): the table is still
    read, and those cells are residue with their text."""
    r = ingest_text(text)
    assert resp(r.document) == [(1, "负责救助", [("发放补助", "救助股"), ("审核对象", "救助股")])]
    assert r.document.sections[-1].columns == ["seq", "duty", "item", "office", "?", "?", "remark"]
    assert [(x.line, x.text.strip()) for x in r.residue] == dropped
    assert {x.reason for x in r.residue} == {"cell of a column the header does not name"}


@pytest.mark.parametrize("text", [
    # no blank line after the header, 序号 present
    "一、部门职责\n\t序号\n\t主要职责\n\t具体工作事项\n\t备注\n\t1\n\t负责救助\n\t发放补助\n\t\n",
    # no 序号 column and no blank line: the first row's cells are short and label-like
    "一、部门职责\n\t主要职责\n\t具体工作事项\n\t负责救助\n\t发放补助\n\n\t负责优抚\n\t发放抚恤\n",
])
def test_short_first_row_cells_are_not_taken_for_unknown_header_names(text):
    """Only a header block that ends at a blank line and is mostly known names may carry
    unknown names; otherwise the known names alone are the header."""
    got = [(r.text, [i.text for i in r.items]) for r in ingest_text(text).document.responsibilities]
    assert got[0] == ("负责救助", ["发放补助"])


_CELL_CHARS = st.sampled_from(list('甲乙丙丁负责管理"，。ab1 \t\n'))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.text(_CELL_CHARS, max_size=8), min_size=2, max_size=5).filter(lambda r: "".join(r).strip()),
                min_size=1, max_size=6), st.booleans())
def test_tsv_rows_read_back_what_a_spreadsheet_wrote(rows, pad):
    """Python's csv writer (excel-tab dialect: quotes a cell holding a TAB, a line break or
    a quote) writes random rows of two cells or more, as a spreadsheet saves a sheet: every
    row padded to the sheet's width, or each row without its empty cells at the end (two
    filled cells at least); reading them back gives the same cells, each on the lines it was
    written to."""
    width = max(len(r) for r in rows)
    if pad:
        rows = [r + [""] * (width - len(r)) for r in rows]
    else:
        rows = [r[:max(2, len(r) - next((k for k, c in enumerate(reversed(r)) if c), 0))] for r in rows]
        rows = [r if r[-1] else r[:-1] + ["x"] for r in rows]
    buf = io.StringIO()
    csv.writer(buf, dialect="excel-tab", lineterminator="\n").writerows(rows)
    lines = list(enumerate(buf.getvalue().split("\n")[:-1], 1))
    got = lines_to_raw_cells(lines, lambda n, reason: pytest.fail(f"line {n} discarded: {reason}"))
    assert [["\n".join(c.parts) for c in got if c.row == k] for k in range(len(rows))] == rows
    assert len({c.row for c in got}) == len(rows)
    assert all(c.lines == list(range(c.lines[0], c.lines[0] + len(c.parts))) for c in got)


def _regimes(doc) -> list:
    return [(g.seq_label, g.title, [c.text for c in g.preamble],
             [(p.label, p.heading, [(c.label, c.text) for c in p.clauses]) for p in g.parts]) for g in doc.regimes]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_regimes_without_a_heading_are_found_by_their_first_part(ingested, name):
    """A sample's regimes section on its own, without its heading (a stand-alone
    事中事后监管制度): the first regime whose next numbered line is 一、 opens the section,
    and the regimes come out as in the whole list."""
    g = load_grammar()
    src = read_source(SAMPLES / f"{name}.txt")
    span = next(s for s in split_sections(src, g) if s.kind == "regimes")
    got = ingest_text("\n".join(src.lines[span.first - 1:span.last]) + "\n").document
    assert got.sections[-1].kind == "regimes" and got.sections[-1].heading is None
    assert _regimes(got) == _regimes(ingested[name].document)
