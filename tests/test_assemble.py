"""Record assembly from hand-built tables: no text layout involved. A reader hands over a
model.Table (fields per column, merged cells as spans, each row's source lines)."""

from __future__ import annotations

from rlist_ingest.assemble import table_records
from rlist_ingest.assemble.context import Context, SectionResult
from rlist_ingest.assemble.rows import Cell, Row, rows_to_table, table_to_rows
from rlist_ingest.grammar import load_grammar
from rlist_ingest.source import Source


def _ctx(n_lines: int = 40) -> Context:
    src = Source(path="t.txt", name="t.txt", encoding="utf-8", sha256="0" * 64, lines=[f"line {i}" for i in
                                                                                        range(1, n_lines + 1)])
    return Context(src=src, grammar=load_grammar())


def _c(text: str, *lines: int) -> Cell:
    return Cell([text], list(lines), text)


def _assemble(kind, fields, rows, merged):
    ctx = _ctx()
    out = SectionResult()
    table = rows_to_table(kind, fields, rows, merged)
    table_records(ctx, table, out)
    return ctx, out, table


def test_merged_cells_become_spans_over_their_group():
    rows = [Row({"seq": _c("1", 1), "duty": _c("负责就业", 1), "item": _c("登记", 1)}, [1]),
            Row({"seq": _c("", 2), "duty": _c("", 2), "item": _c("发放", 2)}, [2]),
            Row({"seq": _c("2", 3), "duty": _c("负责社保", 3), "item": _c("参保", 3)}, [3])]
    t = rows_to_table("duties", ["seq", "duty", "item"], rows, ["seq", "duty"])
    spans = {(c.raw, c.r0, c.r1) for c in t.cells if c.c0 == 1}
    assert spans == {("负责就业", 0, 2), ("负责社保", 2, 3)}  # the empty cell under the merge is gone
    assert table_to_rows(t) is t.rows  # a text reader's decoded rows are walked as they are
    t.rows = None  # rebuilt from the grid: a merged cell in its first row only
    assert [sorted(r.cells) for r in table_to_rows(t)] == [["duty", "item", "seq"], ["item"], ["duty", "item", "seq"]]


def test_duty_block_printed_mid_group_spans_the_responsibility():
    """A PDF prints the merged 主要职责 before its group's last row: the responsibility spans
    from its first item to its last, its text's lines included; each item spans its row."""
    rows = [Row({"seq": _c("1", 5), "duty": Cell(["负责", "就业"], [5, 6], "负责就业"), "item": _c("登记", 3)}, [3]),
            Row({"item": _c("发放", 4)}, [4]),
            Row({"item": _c("培训", 7)}, [7])]
    _, out, _ = _assemble("duties", ["seq", "duty", "item"], rows, ["seq", "duty"])
    (r,) = out.responsibilities
    assert (r.provenance.line_first, r.provenance.line_last) == (3, 7)
    assert [(i.text, i.provenance.line_first) for i in r.items] == [("登记", 3), ("发放", 4), ("培训", 7)]


def test_tab_table_group_without_seq_gets_an_inferred_seq():
    """Regression: an unnumbered group between 1 and 3 was read with seq null; 序号
    inference existed only in the PDF reader."""
    rows = [Row({"seq": _c("1", 1), "duty": _c("甲", 1), "item": _c("a", 1)}, [1]),
            Row({"seq": _c("", 2), "duty": _c("乙", 2), "item": _c("b", 2)}, [2]),
            Row({"seq": _c("3", 3), "duty": _c("丙", 3), "item": _c("c", 3)}, [3])]
    _, out, _ = _assemble("duties", ["seq", "duty", "item"], rows, ["seq", "duty"])
    assert [(r.seq, r.seq_inferred) for r in out.responsibilities] == [(1, False), (2, True), (3, False)]


def test_rows_of_a_numbered_row_without_text_are_not_given_to_the_one_before():
    rows = [Row({"seq": _c("1", 1), "duty": _c("甲", 1), "item": _c("a", 1)}, [1]),
            Row({"seq": _c("2", 2), "item": _c("b", 2)}, [2]),
            Row({"item": _c("c", 3)}, [3])]
    ctx, out, _ = _assemble("duties", ["seq", "duty", "item"], rows, ["seq", "duty"])
    assert [[i.text for i in r.items] for r in out.responsibilities] == [["a"]]
    assert {n: r.reason for n, r in ctx.residue.items()} == {
        2: "numbered row without a 主要职责 text", 3: "row of a numbered row without a 主要职责 text"}


def test_boundary_basis_row_of_its_own_is_the_boundarys():
    rows = [Row({"seq": _c("1", 4), "matter": _c("发放工资", 4), "department": _c("人社局", 2),
                 "duty": _c("审核", 3)}, [2, 3]),
            Row({"department": _c("财政局", 5), "duty": _c("拨付", 6)}, [5, 6]),
            Row({"basis": _c("《规定》", 7)}, [7])]
    _, out, _ = _assemble("boundaries", ["seq", "matter", "department", "duty", "basis"], rows, ["seq", "matter"])
    (b,) = out.boundaries
    assert (b.seq, b.matter, b.basis) == (1, "发放工资", "《规定》")
    assert [(p.department, p.basis, p.provenance.line_first, p.provenance.line_last) for p in b.parties] == [
        ("人社局", None, 2, 3), ("财政局", None, 5, 6)]
    assert (b.provenance.line_first, b.provenance.line_last) == (2, 7)


def test_service_merged_over_offices_gives_one_entry_per_office():
    rows = [Row({"seq": _c("1", 1), "item": _c("咨询", 1), "content": _c("政策咨询", 1),
                 "office": _c("甲局", 1), "phone": _c("7622901", 1)}, [1]),
            Row({"office": _c("乙局", 2), "phone": _c("7627698", 2)}, [2])]
    _, out, t = _assemble("services", ["seq", "item", "content", "office", "phone"], rows, ["seq", "item", "content"])
    assert [(s.seq, s.item, s.content, s.office, s.phone) for s in out.services] == [
        (1, "咨询", "政策咨询", "甲局", "7622901"), (1, "咨询", "政策咨询", "乙局", "7627698")]
    assert {(c.raw, c.r1 - c.r0) for c in t.cells if c.c0 == 2} == {("政策咨询", 2)}
