"""PDFs of the three gold lists printed by Chromium and LibreOffice (tests/make_pdf_fixtures.py):
each scores F1 1.000 against the hand-made gold and gives the same records and IDs as the
list's .docx; the bad PDFs are refused one message each; and labelled snippets for each
stage of the reader (glyphs to lines, prose, page furniture, page stitching, cut-text
evidence, radical folding)."""

from __future__ import annotations

import json
import unicodedata

import pytest

from rlist_ingest.errors import InputError
from rlist_ingest.pipeline import ingest_file
from rlist_ingest.readers.pdf.cuts import runs_on, splits_rows, text_goes_on
from rlist_ingest.readers.pdf.furniture import page_furniture
from rlist_ingest.readers.pdf.glyphs import fold, fold_table
from rlist_ingest.readers.pdf.lines import TextLine, glyphs_to_lines
from rlist_ingest.readers.pdf.pages import PageContent, PCell, PTable
from rlist_ingest.readers.pdf.prose import lines_to_paragraphs
from rlist_ingest.readers.pdf.stitch import extend, new_chain
from tests.conftest import ROOT, SAMPLE_NAMES
from tests.make_golden import PDF_GOLDEN
from tests.test_formats import FORMATS, _comparable

PDF = ROOT / "tests" / "data" / "pdf"
BAD = PDF / "bad"
GOLD = ROOT.parent / "shared" / "gold"
PDFS = sorted(p.name for p in PDF.glob("*.pdf"))


@pytest.fixture(scope="module")
def ingested_pdfs():
    return {n: ingest_file(PDF / n) for n in PDFS}


def test_every_print_variant_is_here():
    """Chromium at A4, A5, letter and A4 landscape, centred and top-aligned merged cells,
    with and without a repeated header, one with its running header and footer; LibreOffice
    with two CJK fonts, one with page numbers."""
    variants = {n.split(".", 1)[1] for n in PDFS}
    assert variants == {"a4.pdf", "a5.pdf", "letter.pdf", "landscape.pdf", "furniture.pdf", "lo-sans.pdf",
                        "lo-serif.pdf", "lo-pageno.pdf"}
    assert len(PDFS) == 3 * len(variants)


@pytest.mark.parametrize("fixture", PDFS)
def test_pdf_scores_f1_one(scorer, ingested_pdfs, fixture):
    from rlist_ingest.writers import document_json

    name = fixture.split(".")[0]
    got = json.loads(document_json(ingested_pdfs[fixture].document))
    gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
    rows, f1 = scorer.score(gold, got)
    assert f1 == 1.0, [r for r in rows if r[-1] < 1.0]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_pdf_gives_the_records_and_ids_of_the_docx_and_of_its_text(ingested_pdfs, name, tmp_path):
    """Every PDF of a list: the .docx's records and IDs; and the PDF's rendered text
    (OUT/text/<stem>.txt) read back as a .txt gives them too."""
    docx = ingest_file(FORMATS / f"{name}.docx").document
    want = _comparable(docx)
    txt = tmp_path / f"{name}.txt"
    txt.write_text("\n".join(ingested_pdfs[f"{name}.lo-serif.pdf"].lines) + "\n", encoding="utf-8")
    assert _comparable(ingest_file(txt).document) == want
    for fixture in (n for n in PDFS if n.startswith(name + ".")):
        got = ingested_pdfs[fixture].document
        assert _comparable(got) == want, fixture
        assert got.id == docx.id
        assert [r.id for r in got.responsibilities] == [r.id for r in docx.responsibilities]


@pytest.mark.parametrize("fixture", [f"{n}.{v}.pdf" for n in SAMPLE_NAMES for v in PDF_GOLDEN])
def test_pdf_model_matches_golden(fixture):
    """The reader's model (cells with spans, pages and boxes; paragraphs; notes) as
    tests/golden/pdf/<fixture>.model.txt (`make golden` regenerates; review with git diff)."""
    from rlist_ingest.model import describe
    from rlist_ingest.readers import read_model

    want = (ROOT / "tests" / "golden" / "pdf" / f"{fixture}.model.txt").read_text(encoding="utf-8")
    assert describe(read_model(PDF / fixture, "pdf")) == want


def test_pdf_records_carry_page_and_box(ingested_pdfs):
    d = ingested_pdfs["hongjiang.a4.pdf"].document
    assert d.format == "pdf"
    first = d.responsibilities[0]
    assert first.origin.startswith(f"t1 r2-r{1 + len(first.items)} p1 [")
    assert first.items[0].origin.startswith("t1 r2 p1 [")
    # a group printed over a page break names both pages' pieces
    assert any(" + p" in r.origin for r in d.responsibilities)
    assert all(r.origin and r.origin.startswith("p") for r in d.regimes)


def test_page_numbers_and_running_heads_are_residue(ingested_pdfs):
    for fixture in ("xinhe.lo-pageno.pdf", "hongjiang.furniture.pdf"):
        res = ingested_pdfs[fixture]
        furniture = [r for r in res.residue if r.reason == "page header or footer"]
        pages = int(res.document.notes[0].split()[0])
        assert len(furniture) >= pages, fixture
        assert all(r.line == 0 and r.origin.startswith("p") for r in furniture)
    assert not [r for r in ingested_pdfs["xinhe.a4.pdf"].residue if r.reason == "page header or footer"]


@pytest.mark.parametrize("bad,code", [("scanned.pdf", "no-text-layer"), ("encrypted.pdf", "encrypted"),
                                      ("truncated.pdf", "bad-pdf"), ("no_pages.pdf", "no-pages")])
def test_bad_pdf_is_refused_with_one_clear_message(bad, code):
    with pytest.raises(InputError) as e:
        ingest_file(BAD / bad)
    assert e.value.code == code
    assert "hint:" in e.value.render() and "Traceback" not in e.value.render()


def test_bad_pdfs_fail_alone_and_the_batch_goes_on(tmp_path):
    from typer.testing import CliRunner

    from rlist_ingest.cli import app

    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["ingest", *[str(p) for p in sorted(BAD.glob("*.pdf"))], str(PDF / "xinhe.a4.pdf"),
                                 "--out", str(out)])
    assert r.exit_code == 1, r.output
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    codes = sorted(e["code"] for e in errors if e["severity"] == "error")
    assert codes == ["bad-pdf", "encrypted", "no-pages", "no-text-layer"]
    assert (out / "documents" / "xinhe.a4.json").exists()
    assert "Traceback" not in r.output


def test_a_pdf_named_otherwise_and_a_non_pdf_named_pdf(tmp_path):
    p = tmp_path / "list.bin"
    p.write_bytes((PDF / "xinhe.a4.pdf").read_bytes())
    assert ingest_file(p).document.format == "pdf"
    q = tmp_path / "list.pdf"
    q.write_text("序号\t主要职责\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        ingest_file(q)
    assert e.value.code == "not-pdf"


# --- radicals ---------------------------------------------------------------------

def test_every_radical_with_an_equivalent_folds_to_a_unified_ideograph():
    table = fold_table()
    kangxi = range(0x2F00, 0x2FD6)
    supplement = [cp for cp in range(0x2E80, 0x2EF4) if unicodedata.name(chr(cp), "")]
    assert all(cp in table for cp in kangxi)
    folded = [cp for cp in supplement if cp in table]
    assert len(supplement) == 115 and len(folded) == 114  # U+2E80 (REPEAT) has no equivalent
    for cp in [*kangxi, *folded]:
        target = ord(table[cp])
        assert 0x3400 <= target <= 0x9FFF or 0x20000 <= target <= 0x3134F, hex(cp)
    # NFKC folds the Kangxi block but leaves the supplement alone, where the simplified
    # radicals Chromium's PDFs carry live: ⻔ ⻛ ⺠ ⻓
    assert sum(unicodedata.normalize("NFKC", chr(cp)) != chr(cp) for cp in supplement) == 2
    assert fold("部⻔⻛险⺠⼯⾏⼈⻓") == "部门风险民工行人长"


def test_door_radical_folds_to_the_simplified_form_the_font_draws():
    assert unicodedata.normalize("NFKC", "⼾") == "戶"
    assert fold("⼾籍") == "户籍"


def test_compatibility_ideographs_and_ligatures_fold():
    assert fold("\uf900") == unicodedata.normalize("NFC", "\uf900")
    assert fold("ﬁle") == "file"
    assert fold("（一）工作，“二”") == "（一）工作，“二”"  # full-width punctuation stays


# --- glyphs to lines --------------------------------------------------------------

def _g(text, x0, top, size=10.0, w=None):
    w = size if w is None else w
    return (text, x0, x0 + w, top, top + size, size)


def test_glyphs_on_one_baseline_are_one_line_and_gaps_are_spaces_only_within_a_script():
    gs = [_g("民", 0, 0), _g("政", 10, 0), _g("部", 20, 0), _g("人", 34, 0), _g("社", 44, 0),
          _g("2", 60, 0.5, w=5), _g("0", 65, 0.5, w=5), _g("年", 74, 0),
          _g("下", 0, 14), _g("行", 10, 14)]
    lines = glyphs_to_lines(gs)
    assert [ln.text for ln in lines] == ["民政部 人社20年", "下行"]


def test_a_justified_line_spreads_its_slack_without_making_spaces():
    gs = [_g(ch, 13.0 * k, 0) for k, ch in enumerate("负责全区人才工作")]  # every gap 3 points
    gs += [_g("民", 0, 20), _g("政", 13, 20), _g("部", 26, 20), _g("人", 45, 20), _g("社", 58, 20)]
    assert [ln.text for ln in glyphs_to_lines(gs)] == ["负责全区人才工作", "民政部 人社"]


def test_an_overprinted_glyph_is_read_once():
    assert glyphs_to_lines([_g("序", 0, 0), _g("序", 0.2, 0), _g("号", 10, 0)])[0].text == "序号"


# --- prose ------------------------------------------------------------------------

def _ln(text, x0, top, x1=None, size=10.0):
    return TextLine(text, x0, x0 + len(text) * size if x1 is None else x1, top, top + size, size)


def test_wrapped_prose_lines_join_and_labels_and_short_lines_do_not():
    widths = {1: (40.0, 240.0), 2: (40.0, 240.0)}
    lines = [(1, _ln("一、监督检查对象", 40, 0)),
             (1, _ln("基本医疗保障定点医疗机构、定点零售", 40, 14, x1=240)),
             (1, _ln("药店医疗服务监管", 40, 28)),
             (1, _ln("（二）标准规范很长很长很长很长很长很长", 40, 42, x1=240)),
             (1, _ln("（三）有关措施", 40, 56)),
             (1, _ln("按照有关法律法规和规定执行并且继续", 40, 770, x1=240)),
             (2, _ln("写到下一页。", 40, 40))]
    got = [t for t, _ in lines_to_paragraphs(lines, widths)]
    assert got == ["一、监督检查对象", "基本医疗保障定点医疗机构、定点零售药店医疗服务监管",
                   "（二）标准规范很长很长很长很长很长很长", "（三）有关措施", "按照有关法律法规和规定执行并且继续写到下一页。"]


# --- page furniture ---------------------------------------------------------------

def _page(n, lines, tables=()):
    return PageContent(n, 600.0, 800.0, list(tables), lines)


def test_page_numbers_and_recurring_heads_are_furniture_but_recurring_body_lines_are_not():
    pages = []
    for n in range(1, 5):
        # body lines reach into the bottom tenth, the same on every page, but sit close together
        body = [_ln("按照有关法律法规和规定执行。", 40, 680 + k * 14) for k in range(5)]
        pages.append(_page(n, [_ln("某某县人力资源和社会保障局", 200, 20), *body, _ln(f"- {n} -", 290, 780)]))
    got = {(p, ln.text) for p, ln in page_furniture(pages)}
    assert got == {(n, "某某县人力资源和社会保障局") for n in range(1, 5)} | {(n, f"- {n} -") for n in range(1, 5)}


def test_a_title_on_the_first_page_only_is_not_furniture():
    pages = [_page(1, [_ln("洪江区责任清单", 200, 20), _ln("正文", 40, 100)]), _page(2, [_ln("正文二", 40, 100)])]
    assert page_furniture(pages) == []


# --- page stitching ---------------------------------------------------------------

def _cell(r0, r1, c0, c1, texts, xs, ys, page=1, open_top=False, open_bottom=False):
    lines = [TextLine(t, xs[c0] + 2, xs[c0] + 2 + 10 * len(t), ys[r0] + 2 + 12 * i, ys[r0] + 12 + 12 * i, 10.0)
             for i, t in enumerate(texts)]
    bbox = (xs[c0], ys[r0], xs[c1], ys[r1])
    return PCell(r0, r1, c0, c1, bbox, lines, open_top, open_bottom, pieces=[(page, bbox)])


XS = [40.0, 60.0, 200.0, 300.0]


def _table(page, rows, ys):
    cells = [_cell(*spec, XS, ys, page=page) for spec in rows]
    return PTable(page, (XS[0], ys[0], XS[-1], ys[-1]), XS, ys, cells)


def test_a_repeated_header_is_dropped_and_an_open_merged_cell_runs_on():
    ys1 = [40.0, 60.0, 100.0, 140.0]
    t1 = _table(1, [(0, 1, 0, 1, ["序号"]), (0, 1, 1, 2, ["主要职责"]), (0, 1, 2, 3, ["具体工作事项"]),
                    (1, 3, 0, 1, ["1"]), (1, 3, 1, 2, ["职责甲"]), (1, 2, 2, 3, ["事项一"]), (2, 3, 2, 3, ["事项二"])], ys1)
    for c in t1.cells:
        c.open_bottom = c.c0 < 2 and c.r0 == 1
    ys2 = [40.0, 60.0, 100.0]
    t2 = _table(2, [(0, 1, 0, 1, ["序号"]), (0, 1, 1, 2, ["主要职责"]), (0, 1, 2, 3, ["具体工作事项"]),
                    (1, 2, 0, 1, []), (1, 2, 1, 2, ["职责甲续"]), (1, 2, 2, 3, ["事项三"])], ys2)
    ch = new_chain(t1)
    extend(ch, t2, open_cuts=True)
    assert ch.n_rows == 4
    duty = next(c for c in ch.cells if c.c0 == 1 and c.r0 == 1)
    assert (duty.r1, [ln.text for ln in duty.lines]) == (4, ["职责甲", "职责甲续"])
    assert [c.lines[0].text for c in ch.cells if c.c0 == 2 and c.r0 > 0] == ["事项一", "事项二", "事项三"]


def test_a_row_open_in_every_cell_is_one_row_over_the_break():
    ys1 = [40.0, 60.0, 100.0]
    t1 = _table(1, [(0, 1, 0, 1, ["序号"]), (0, 1, 1, 2, ["主要职责"]), (0, 1, 2, 3, ["具体工作事项"]),
                    (1, 2, 0, 1, ["1"]), (1, 2, 1, 2, ["职责甲"]), (1, 2, 2, 3, ["事项一的前"])], ys1)
    for c in t1.cells:
        c.open_bottom = c.r0 == 1
    t2 = _table(2, [(0, 1, 0, 1, []), (0, 1, 1, 2, []), (0, 1, 2, 3, ["半句"])], [40.0, 80.0])
    for c in t2.cells:
        c.open_top = True
    ch = new_chain(t1)
    extend(ch, t2, open_cuts=True)
    assert ch.n_rows == 2
    item = next(c for c in ch.cells if c.c0 == 2 and c.r0 == 1)
    assert [ln.text for ln in item.lines] == ["事项一的前", "半句"]
    assert [p for p, _ in item.pieces] == [1, 2]


# --- text over a closed break -----------------------------------------------------

def test_text_runs_on_over_a_break_by_kinsoku_words_and_particles():
    assert runs_on("开展专项检查治理欠薪问", "题，保障农民工")  # 题 pulled over with its comma
    assert runs_on("负责全区提前退休特殊工种的初", "审上报工作")  # 初审 runs over
    assert runs_on("负责全区自主择业军队转业干部管理服务工作的", "协调和指导")  # ends with 的
    assert not runs_on("开展全区劳动人事争议预防工作", "负责协调全区劳动人事争议")


def test_a_line_that_opens_as_the_columns_cells_open_starts_a_new_cell():
    from collections import Counter

    openings = Counter({"负责": 9, "指导": 3})
    assert not text_goes_on("开展全区劳动人事争议预防工作", "负责协调全区劳动人事争议", openings)
    assert text_goes_on("按规定负责全县专业技术人员综合", "管理", openings)
    assert not text_goes_on("负责编制和执行部门预决算。", "监督检查规范", openings)
    assert not text_goes_on("按规定负责全县专业技术人员综合", "管理", openings, splits=False)


def test_a_printer_that_keeps_rows_whole_is_told_by_its_breaks():
    assert splits_rows([("治理欠薪问", "题，保障"), ("特殊工种的初", "审上报"), ("服务工作的", "协调"), ("事业单位人", "员和")])
    assert not splits_rows([("预防工作", "负责协调"), ("统计报表和综合分析工作", "完善协调"), ("日常工作", "负责全区")])


def test_an_image_page_among_text_pages_is_noted_and_left_out(tmp_path):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(PDF / "xinhe.lo-sans.pdf"))
    scan = pdfium.PdfDocument(str(BAD / "scanned.pdf"))
    doc.import_pages(scan)
    n = len(doc)
    mixed = tmp_path / "mixed.pdf"
    doc.save(str(mixed))
    res = ingest_file(mixed)
    assert f"page {n} has an image only: no text layer" in res.document.notes
    assert [r.origin for r in res.residue if "no text layer" in r.reason] == [f"p{n}"]
    assert _comparable(res.document) == _comparable(ingest_file(PDF / "xinhe.lo-sans.pdf").document)


def test_lines_painted_past_a_table_inside_one_of_its_columns_are_counted():
    from rlist_ingest.readers.pdf import stray_lines

    t = _table(2, [(0, 1, 0, 1, ["1"]), (0, 1, 1, 2, ["职责"]), (0, 1, 2, 3, ["事项"])], [100.0, 140.0])
    spill = _ln("综合管理全县", 64, 80, x1=190)  # above the table, inside its second column
    heading = _ln("二、与相关部门的职责边界", 40, 60, x1=280)  # from the left edge: a heading
    page_no = _ln("- 2 -", 150, 150, x1=170)
    page = _page(2, [heading, spill, page_no], [t])
    assert stray_lines(page, set()) == 2
    assert stray_lines(page, {id(page_no)}) == 1
