"""Text dumps made by real tools (tests/make_dump_fixtures.py) and lists of other departments
(tests/make_department_fixtures.py): read right, or doubted out loud, never invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rlist_ingest.grammar import load_grammar
from rlist_ingest.meta import split_department
from rlist_ingest.pipeline import ingest_file
from rlist_ingest.writers import document_json

ROOT = Path(__file__).resolve().parents[1]
DUMPS = ROOT / "tests" / "data" / "dumps"
DEPTS = ROOT / "tests" / "data" / "departments"
GOLD = ROOT.parent / "shared" / "gold"
EXPORTS = sorted(p.name for p in DUMPS.glob("*.txt") if p.name.split(".")[1] in
                 {"calc", "lo-calc", "t2t", "lo-t2t", "t2t-paras"})
READING_ORDER = sorted(p.name for p in DUMPS.glob("*.txt") if p.name.split(".")[-2] in {"default", "raw"})
DEPARTMENT_TEXTS = sorted(p.name for p in DEPTS.glob("*.txt"))


def _score(scorer, gold_path: Path, path: Path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    res = ingest_file(path)
    got = json.loads(document_json(res.document))
    rows, f1 = scorer.score(gold, got)
    gk, ok = scorer.keys(gold), scorer.keys(got)
    tp = sum(sum((gk[k] & ok[k]).values()) for k in gk if k != "meta")
    n = sum(sum(ok[k].values()) for k in ok if k != "meta")
    return res, rows, f1, (tp / n if n else 1.0)


def _every_line_accounted(res, path: Path) -> None:
    """Every non-blank line is in a record's lines, the metadata, a header or the residue."""
    lines = path.read_text(encoding="utf-8").replace("\f", "").split("\n")
    covered = set(res.meta_lines) | {r.line for r in res.residue}
    for s in res.document.sections:
        covered |= set(s.header_lines)
        if s.heading:
            covered.add(s.line_first)
    from rlist_ingest.kinds import walk

    for _, rec, _, _ in walk(res.document):
        covered |= set(range(rec.provenance.line_first, rec.provenance.line_last + 1))
    lost = [n for n, ln in enumerate(lines, 1) if ln.strip() and n not in covered]
    assert not lost, f"{path.name}: lines {lost[:5]} in no record and not in the residue"


def test_dump_fixtures_cover_the_tools_and_modes():
    """pdftotext's three modes over all 24 PDF prints, Calc's TAB export and Word's
    table-to-text of every list (with cells of several paragraphs too)."""
    modes = {p.name.split(".")[-2] for p in DUMPS.glob("*.txt") if p.name.count(".") == 3}
    assert modes == {"default", "raw", "layout"}
    assert len(READING_ORDER) == 48 and len(EXPORTS) == 15


@pytest.mark.parametrize("fixture", EXPORTS)
def test_word_and_spreadsheet_text_exports_score_one(scorer, fixture):
    """Calc pads every row with TABs (prose rows too); Word's table-to-text keeps a cell's
    paragraph marks, so a row spans lines whose cell counts add up to the table width."""
    res, rows, f1, _ = _score(scorer, GOLD / f"{fixture.split('.')[0]}.json", DUMPS / fixture)
    assert f1 == 1.0, [r for r in rows if r[-1] < 1.0]
    _every_line_accounted(res, DUMPS / fixture)


@pytest.mark.parametrize("fixture", DEPARTMENT_TEXTS)
def test_other_departments_score_one(scorer, fixture):
    """市场监督管理局, 教育局 and a city bureau's county branch (…局鹤城分局), in the TAB and the
    tab-delimited layout: records, department and region all right."""
    res, rows, f1, _ = _score(scorer, DEPTS / f"{fixture.split('.')[0]}.json", DEPTS / fixture)
    assert f1 == 1.0, [r for r in rows if r[-1] < 1.0]
    assert res.document.quality.warnings == []


@pytest.mark.parametrize("fixture", READING_ORDER)
def test_reading_order_dumps_invent_nothing_silently(scorer, fixture):
    """pdftotext's default and -raw modes print a table's columns interleaved. What the tool
    emits from them is right (precision), or the document says that it doubts it."""
    res, rows, f1, precision = _score(scorer, GOLD / f"{fixture.split('.')[0]}.json", DUMPS / fixture)
    _every_line_accounted(res, DUMPS / fixture)
    if f1 < 0.95:
        doubted = res.document.quality.warnings or res.empty_sections
        assert doubted, f"{fixture}: F1 {f1:.3f} with no warning and no empty section"
    if precision < 0.98:
        assert res.document.quality.warnings, f"{fixture}: precision {precision:.3f} without a warning"


def test_chromium_reading_order_dump_is_recognised_and_suggests_the_pdf():
    res = ingest_file(DUMPS / "hongjiang.a4.default.txt")
    q = res.document.quality
    assert q.interleaved
    assert any("ingest the PDF itself" in w for w in q.warnings)
    assert not res.document.responsibilities and not res.document.boundaries
    assert any(r.reason.startswith("table columns interleaved") for r in res.residue)


@pytest.mark.parametrize("name,region", [
    ("襄阳市生态环境局南漳分局", "南漳县"), ("邢台市市场监督管理局任县分局", "任县"),
    ("新河县市场监督管理局", "新河县"), ("湖北省襄阳市南漳县教育局", "南漳县"),
    ("任县自然资源和规划局", "任县"), ("洪江区人力资源和社会保障局", "洪江区"),
])
def test_department_names_beyond_the_hr_bureau(name, region):
    """A county's department of any ministry, and a higher unit's county branch
    (分局, 分中心…) whose place is printed without its level."""
    assert split_department(name, load_grammar())[0] == region


def test_stacked_header_reads_names_wrapped_one_character_a_line():
    from rlist_ingest.extractors.headers import stack_header

    lines = list(enumerate([
        "                                               责",
        "序           主要职责                具体工作事项         任 备",
        "号                                              科 注",
        "                                               室",
        "                           组织拟订全区人力资源和社会保障事业",
    ], 1))
    h = stack_header(lines, load_grammar(), 0)
    assert h is not None and h.kind == "duties" and h.lines == [1, 2, 3, 4]
    assert [x[2] for x in h.heads] == ["序号", "主要职责", "具体工作事项", "责任科室", "备注"]


def test_trailing_tabs_are_padding_not_cells(tmp_path):
    """Regression: a spreadsheet export pads prose rows with TABs; the regimes were read
    as a table and every regime line went to the residue."""
    src = (DUMPS / "hongjiang.calc.txt").read_text(encoding="utf-8")
    assert "\t\t\t" in src
    res = ingest_file(DUMPS / "hongjiang.calc.txt")
    assert len(res.document.regimes) == 6
    assert not [r for r in res.residue if "cell before any column header" in r.reason]


def test_word_row_over_several_lines_loses_no_cell(tmp_path):
    """Regression: Word's table-to-text wrote a row over two lines; the second was taken for
    a new row and the first cell's text was in neither the output nor the residue."""
    p = tmp_path / "t2t.txt"
    p.write_text("一、部门职责\n序号\t主要职责\t具体工作事项\t责任科室\t备注\n"
                 "1\t负责全区学生资助工作的统筹管理。\n落实资助政策。\t管理学生资助资金\t资助中心\t\n"
                 "2\t负责教师工作。\t组织实施教师资格制度\t人事股\t\n", encoding="utf-8")
    doc = ingest_file(p).document
    assert [(r.seq, r.text) for r in doc.responsibilities] == [
        (1, "负责全区学生资助工作的统筹管理。落实资助政策。"), (2, "负责教师工作。")]
    assert [(i.text, i.office) for i in doc.responsibilities[0].items] == [("管理学生资助资金", "资助中心")]


def test_header_words_and_cut_units_are_withheld_with_a_warning(tmp_path):
    """A header word never becomes a record's text; a unit that is a wrap's remnant (局)
    is withheld; the table, doubted that much, is withheld whole, its lines kept."""
    p = tmp_path / "svc.txt"
    p.write_text("四、公共服务事项\n序号\t服务事项\t主要内容\t承办机构\t联系电话\n"
                 "1\t事项名称\t\t承办机构\t\n2\t就业登记\t\t局\t7625000\n"
                 + "".join(f"{k}\t服务{k}\t\t人社局\t76250{k:02d}\n" for k in range(3, 12)), encoding="utf-8")
    res = ingest_file(p)
    q = res.document.quality
    assert res.document.services == []
    assert q.tables[0].withheld == 11 and "withheld" in q.warnings[0]
    assert {r.line for r in res.residue} >= set(range(3, 14))


def test_quality_block_is_in_the_json_and_documents_table(tmp_path):
    from rlist_ingest.batch import ingest_paths

    out = tmp_path / "out"
    report = ingest_paths([str(DUMPS / "hongjiang.a4.raw.txt"), str(DUMPS / "xinhe.calc.txt")], out)
    import pyarrow.parquet as pq

    t = pq.read_table(out / "documents.parquet").to_pydict()
    by = dict(zip(t["source"], t["warnings"], strict=True))
    assert by["xinhe.calc.txt"] == 0 and by["hongjiang.a4.raw.txt"] >= 1
    assert any("warning:" in n.message for n in report.notices if n.file.endswith("hongjiang.a4.raw.txt"))
    assert "warn" in report.summary_table().splitlines()[0]


def test_strict_stops_on_a_warning(tmp_path):
    from rlist_ingest.batch import ingest_paths

    report = ingest_paths([str(DUMPS / "hongjiang.a4.raw.txt")], tmp_path / "out", strict=True)
    assert report.stopped_early and not report.published


@pytest.mark.parametrize("text", [
    "一、部门职责\n序号\t主要职责\t具体工作事项\t责任科室\t备注\n1\t职责一。\t事项一\t办公室\t\n"
    "\t职责二。\t事项二\t人事股\t\n\t\t事项三\t人事股\t\n3\t职责三。\t事项四\t财务股\t\n",
    "一、部门职责\n\t序号\n\t主要职责\n\t具体工作事项\n\t备注\n\n\t1\n\t职责一。\n\t事项一\n\t\n\n\t\n\t职责二。\n"
    "\t事项二\n\t\n\n\t\n\t\n\t事项三\n\t\n\n\t3\n\t职责三。\n\t事项四\n\t\n",
], ids=["rows", "cell-per-line"])
def test_empty_seq_in_a_tab_table_is_inferred(tmp_path, text):
    """A group whose 序号 cell is empty gets the 序号 between its neighbours, marked inferred
    (assemble/duties.py, shared by every reader)."""
    p = tmp_path / "seq.txt"
    p.write_text(text, encoding="utf-8")
    doc = ingest_file(p).document
    assert [(r.seq, r.seq_inferred, len(r.items)) for r in doc.responsibilities] == [
        (1, False, 1), (2, True, 2), (3, False, 1)]
