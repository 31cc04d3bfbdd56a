"""`rlist synth` writes a scorable corpus, and ingest reads it back accurately."""

import json

from typer.testing import CliRunner

from rlist_ingest.cli import app
from rlist_ingest.synth.score import score_corpus

runner = CliRunner()


def test_synth_corpus_round_trips(tmp_path):
    corpus, out = tmp_path / "c", tmp_path / "o"
    r = runner.invoke(app, ["synth", "--n", "12", "--seed", "5", "--out", str(corpus)])
    assert r.exit_code == 0 and "documents 12" in r.output
    files = sorted(corpus.glob("*.txt"))
    assert len(files) == 12 and len(list((corpus / "expected").glob("*.json"))) == 12
    exp = json.loads((corpus / "expected" / "synth_000000.json").read_text(encoding="utf-8"))
    assert exp["region"].endswith("县") and exp["responsibilities"]
    assert runner.invoke(app, ["ingest", str(corpus / "*.txt"), "--out", str(out), "-q"]).exit_code == 0
    s = score_corpus(corpus, out)
    assert s["missing_documents"] == 0 and s["overall"]["f1"] >= 0.95


def test_synth_is_deterministic(tmp_path):
    for d in ("a", "b"):
        assert runner.invoke(app, ["synth", "--n", "3", "--seed", "9", "--out", str(tmp_path / d)]).exit_code == 0
    for f in sorted((tmp_path / "a").rglob("*.*")):
        assert f.read_bytes() == (tmp_path / "b" / f.relative_to(tmp_path / "a")).read_bytes()


def test_pdf_layout_renderer_places_merged_cells_and_wraps_headers():
    """The -layout renderer: merged 主要职责 at the top, middle or bottom of its group's rows;
    header names wrapped in narrow columns (序 / 号); no 责任科室 column when asked."""
    from rlist_ingest.synth.pdf_duties import Group
    from rlist_ingest.synth.pdf_layout import render_layout

    g = [Group(1, "负责甲乙", [("事项一", "秘书股"), ("事项二", "秘书股"), ("事项三", "秘书股")])]
    for align, row in (("top", 0), ("middle", 1), ("bottom", 2)):
        lines = render_layout(g, align=align, w_item=8, w_main=4)
        body = lines[1:]
        assert "负责甲乙" in body[row] and "1" in body[row].split()[0], (align, body)
    wrapped = render_layout(g, wrapped=True, office=False, w_item=8, w_main=4)
    assert wrapped[0].split()[0] == "序" and wrapped[1].split()[0] == "号"
    assert "责任科室" not in "".join(wrapped) and "秘书股" not in "".join(wrapped)


def test_corpus_names_each_pdf_layout_variant(tmp_path):
    from rlist_ingest.synth.corpus import write_corpus

    write_corpus(60, 3, tmp_path / "c")
    layouts = {json.loads(p.read_text(encoding="utf-8"))["layout"] for p in (tmp_path / "c" / "expected").glob("*.json")}
    variants = {x for x in layouts if x.startswith("pdf-layout/")}
    assert len(variants) >= 4
    assert all(len(v.split("/")) == 4 for v in variants)
