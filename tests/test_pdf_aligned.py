"""PDF dumps with columns in place (pdftotext -layout), from real PDFs of the samples' tables
(tests/make_pdf_layout_fixtures.py: Chromium prints the tables, pdftotext dumps them)."""

from pathlib import Path

import pytest

from rlist_ingest.extractors.wrapping import wraps
from rlist_ingest.pipeline import ingest_file
from tests.test_samples import _meta_lines, _record_lines
from tests.test_snippets import ingest_text

DUMPS = Path(__file__).parent / "data" / "pdf_layout"
NAMES = sorted(p.stem for p in DUMPS.glob("*.txt"))


def _duties(doc):
    return [(r.seq, r.text, [(i.text, i.office) for i in r.items]) for r in doc.responsibilities]


def test_the_dumps_are_there_and_read_as_pdf_aligned():
    assert NAMES == ["hongjiang_middle", "hongjiang_top", "xinhe_middle", "xinhe_top"]
    for name in NAMES:
        doc = ingest_file(DUMPS / f"{name}.txt").document
        assert {s.layout for s in doc.sections if s.layout} == {"pdf_aligned"}


@pytest.mark.parametrize("name", ["xinhe_middle", "xinhe_top"])
def test_a_dump_with_offices_reads_every_duty_and_item(ingested, name):
    """Offices name one unit a row, so rows are certain: every record as in the sample."""
    assert _duties(ingest_file(DUMPS / f"{name}.txt").document) == _duties(ingested["xinhe"].document)


# Measured share of the sample's work items read exactly. Without an office column, an item
# whose last line fills the column exactly cannot be told from a wrapped one. Merged cells
# printed in the middle of their group: the best fit puts them at the top, off by a third
# of a line a group, and a third of the items were wrong, so the table is withheld.
@pytest.mark.parametrize("name,items_floor", [("hongjiang_top", 0.83), ("hongjiang_middle", None)])
def test_a_dump_without_offices(ingested, name, items_floor):
    want, got = ingested["hongjiang"].document, ingest_file(DUMPS / f"{name}.txt").document
    if items_floor is None:
        assert got.responsibilities == []
        assert any(w.startswith("一、部门职责: its merged cells") for w in got.quality.warnings)
        return
    assert [(r.seq, r.text) for r in got.responsibilities] == [(r.seq, r.text) for r in want.responsibilities]
    items = {(r.seq, i.text) for r in want.responsibilities for i in r.items}
    read = {(r.seq, i.text) for r in got.responsibilities for i in r.items}
    assert len(items & read) >= items_floor * len(items)
    # Right, or withheld with a warning when a record shows the reading wrong (quality.py).
    if got.boundaries or not any("职责边界" in w and "withheld" in w for w in got.quality.warnings):
        assert [(b.seq, b.matter) for b in got.boundaries] == [(b.seq, b.matter) for b in want.boundaries]
    if name.endswith("_top"):
        assert [(s.seq, s.item, s.content, s.office, s.phone) for s in got.services] == \
            [(s.seq, s.item, s.content, s.office, s.phone) for s in want.services]


@pytest.mark.parametrize("name", NAMES)
def test_every_line_of_a_dump_is_in_a_record_or_residue(name):
    r = ingest_file(DUMPS / f"{name}.txt")
    lines = (DUMPS / f"{name}.txt").read_text(encoding="utf-8").replace("\f", "").split("\n")
    covered = _record_lines(r.document) | {x.line for x in r.residue} | _meta_lines(r)
    assert [n for n, ln in enumerate(lines, 1) if ln.strip() and n not in covered] == []


@pytest.mark.parametrize("line,nxt,width,want", [
    ("一二三四五", "六七", 5, 2),  # fills the column: a wrapped line or a cell's last line
    ("一二三四五六", "七", 5, 1),  # wider than the column: wrapped
    ("一二三", "四", 5, 0),  # short: the cell's last line
    ("一二三四", "五、六", 5, 1),  # '、' may not start a line, so '五' moved down with it
    ("一二", "（工）伤", 5, 1),  # a bracketed group moves down whole
    ("一二三，", "四五", 5, 1),  # no cell ends in mid-sentence
    ("7622901", "7627698", 7, 0),  # numbers: one value a line
])
def test_wraps(line, nxt, width, want):
    assert wraps(line, nxt, width) == want


def _line(*pieces: tuple[int, str]) -> str:
    out = ""
    for at, text in pieces:
        out += " " * (at - len(out)) + text
    return out + "\n"


def test_pieces_go_to_columns_despite_drift():
    """A line of wide characters is squeezed: its pieces start a place or two left of their
    column and still go there, not into the column before."""
    text = ("一、部门职责\n" + _line((0, "序号"), (8, "主要职责"), (24, "具体工作事项"), (40, "责任科室"), (48, "备注"))
            + _line((0, "1"), (5, "负责社会救助工作"), (18, "发放最低生活保障金和"), (40, "救助股"))
            + _line((18, "临时救助金"))
            + _line((0, "2"), (5, "负责优抚安置"), (16, "审核优抚对象"), (39, "优抚股"))
            + _line((17, "落实抚恤补助标准"), (40, "优抚股")))
    assert _duties(ingest_text(text).document) == [
        (1, "负责社会救助工作", [("发放最低生活保障金和临时救助金", "救助股")]),
        (2, "负责优抚安置", [("审核优抚对象", "优抚股"), ("落实抚恤补助标准", "优抚股")])]


def test_regression_a_table_without_merged_blocks_is_read(tmp_path):
    """Regression (fuzz): a -layout duty table whose merged column has no text left no
    alignment to judge its groups by; reading it raised AttributeError."""
    p = tmp_path / "t.txt"
    p.write_text("一、部门职责\n序号      主要职责      具体工作事项      责任科室\n"
                 "                    负责甲事项                秘书股\n"
                 "                    负责乙事项                人事股\n", encoding="utf-8")
    from rlist_ingest.errors import InputError

    try:
        ingest_file(p)
    except InputError:
        pass
