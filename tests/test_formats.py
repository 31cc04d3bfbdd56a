"""Word, Excel, HTML and CSV fixtures of the three gold lists (tests/make_format_fixtures.py):
each scores overall F1 1.000 against the hand-made gold, and every format of one list
gives the same records with the same IDs as its rendered text read as a .txt."""

from __future__ import annotations

import json
import shutil

import pytest

from rlist_ingest.pipeline import ingest_file
from rlist_ingest.writers import document_json
from tests.conftest import ROOT, SAMPLE_NAMES

FORMATS = ROOT / "tests" / "data" / "formats"
GOLD = ROOT.parent / "shared" / "gold"
SCORE = ROOT.parent / "shared" / "tools" / "score.py"
# Made by this project's writers (python-docx, openpyxl, its HTML and CSV) and by LibreOffice
# (.doc from the .docx, .xls from the .xlsx, .lo.docx and .lo.xlsx from the HTML page,
# .lo.html from the .docx, .lo.csv and .calc.html from the .xlsx).
SUFFIXES = [".docx", ".xlsx", ".html", ".csv", ".xls", ".doc", ".lo.docx", ".lo.xlsx", ".lo.html", ".lo.csv",
            ".calc.html"]
HAS_SOFFICE = shutil.which("soffice") is not None


def _skip_doc(suffix: str) -> None:
    if suffix == ".doc" and not HAS_SOFFICE:
        pytest.skip("reading .doc needs LibreOffice (soffice), which is not installed")


@pytest.mark.parametrize("fixture", [f"{n}{s}" for n in SAMPLE_NAMES for s in SUFFIXES if (FORMATS / f"{n}{s}").exists()])
def test_fixture_scores_f1_one(scorer, fixture):
    name, suffix = fixture.split(".", 1)
    _skip_doc("." + suffix)
    res = ingest_file(FORMATS / fixture)
    got = json.loads(document_json(res.document))
    gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
    rows, f1 = scorer.score(gold, got)
    assert f1 == 1.0, [r for r in rows if r[-1] < 1.0]


def _comparable(doc) -> dict:
    """Canonical JSON without what differs between formats of one list by design."""
    d = json.loads(document_json(doc))
    for k in ("source", "sha256", "encoding", "format", "sheets", "notes"):
        d.pop(k, None)

    def strip(o):
        if isinstance(o, dict):
            o.pop("origin", None)
            if "source" in o and "line_first" in o:
                o.pop("source")
            for v in o.values():
                strip(v)
        elif isinstance(o, list):
            for v in o:
                strip(v)
    strip(d)
    return d


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_same_records_and_ids_in_every_format(name, tmp_path):
    """.docx, .xlsx, .html, .csv, .xls (and .doc) of one list, and the rendered text of the
    .docx saved as .txt: identical canonical JSON apart from source, sha256, encoding,
    format, sheets, the reader's notes and origins."""
    first = ingest_file(FORMATS / f"{name}.docx")
    txt = tmp_path / f"{name}.txt"
    txt.write_text("\n".join(first.lines) + "\n", encoding="utf-8")
    want = _comparable(first.document)
    assert want["responsibilities"] and want["regimes"]
    for suffix in [".xlsx", ".html", ".csv", ".xls", ".doc"]:
        if suffix == ".doc" and not HAS_SOFFICE:
            continue
        got = ingest_file(FORMATS / f"{name}{suffix}").document
        assert _comparable(got) == want, suffix
        assert got.id == first.document.id
    assert _comparable(ingest_file(txt).document) == want


def test_origins_name_cells_sheets_and_rows():
    x = ingest_file(FORMATS / "hongjiang.xlsx").document
    r = x.responsibilities[0]  # the header is row 4, after title, 部门名称 and heading rows
    assert r.origin == f"责任清单!A5:E{4 + len(r.items)}"
    assert r.items[0].origin == "责任清单!A5:E5"
    d = ingest_file(FORMATS / "hongjiang.docx").document
    assert d.responsibilities[0].items[0].origin == "t1 r2"
    assert d.responsibilities[0].origin == f"t1 r2-r{1 + len(d.responsibilities[0].items)}"
    h = ingest_file(FORMATS / "hongjiang.html").document
    assert h.responsibilities[0].origin.startswith("/html/body/div/table[1]/tbody/tr[2]")


def test_hidden_sheet_cells_are_residue_with_their_cell():
    res = ingest_file(FORMATS / "xinhe.xlsx")
    hidden = [r for r in res.residue if r.origin and r.origin.startswith("编码表!")]
    assert {r.origin for r in hidden} == {"编码表!A1", "编码表!B1"}
    assert all(r.line == 0 and "hidden sheet" in r.reason for r in hidden)
    assert res.document.sheets == ["duties", "boundaries", "regimes"]
    assert any("编码表" in n for n in res.document.notes)


def test_xls_named_xlsx_is_read_as_xls(tmp_path):
    p = tmp_path / "list.xlsx"
    p.write_bytes((FORMATS / "xinhe.xls").read_bytes())
    doc = ingest_file(p).document
    assert doc.format == "xls" and len(doc.responsibilities) == 13


def test_one_dataset_from_a_folder_of_every_format(tmp_path):
    """A folder mixing .txt, .docx, .doc, .xlsx, .xls, .html and .csv: one dataset, each
    file's format and sheets in documents.parquet, every record's line_first pointing at
    its text in text/<stem>.txt."""
    import subprocess
    import sys

    import pyarrow.parquet as pq

    lists = tmp_path / "lists"
    (lists / "sub").mkdir(parents=True)
    shutil.copy(ROOT / "samples" / "hongjiang.txt", lists / "hongjiang.txt")
    picks = {"xinhe.docx": "a.docx", "renxian.xlsx": "b.xlsx", "hongjiang.xls": "c.xls", "xinhe.html": "sub/d.html",
             "renxian.csv": "e.csv"}
    if HAS_SOFFICE:
        picks["hongjiang.doc"] = "f.doc"
    for src, dest in picks.items():
        shutil.copy(FORMATS / src, lists / dest)
    # Three lists in seven files: a list's second format renders to the same text, so it
    # is recognised as the same list and ingested once, with a notice.
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "rlist_ingest.entry", "ingest", str(lists), "--out", str(out)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    fmt = {d["source"]: (d["format"], d["sheets"]) for d in docs}
    assert fmt == {"hongjiang.txt": ("text", None), "a.docx": ("docx", None), "b.xlsx": ("xlsx", "责任清单"),
                   "c.xls": ("xls", "责任清单")}
    dupes = {"sub/d.html": "a.docx", "e.csv": "b.xlsx"} | ({"f.doc": "c.xls"} if HAS_SOFFICE else {})
    for dup, first in dupes.items():
        assert any(dup in ln and f"same text as {lists / first}" in ln for ln in run.stderr.splitlines()), run.stderr
    items = pq.read_table(out / "work_items.parquet").to_pylist()
    for it in items:
        stem = it["source"].rsplit(".", 1)[0].replace("/", "_")
        lines = (out / "text" / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
        span = "".join("".join(lines[it["line_first"] - 1:it["line_last"]]).split())
        assert "".join(it["text"].split())[:6] in span, (it["source"], it["line_first"])
        assert (it["origin"] is None) == (it["source"] == "hongjiang.txt")


GOLDEN = ROOT / "tests" / "golden" / "formats"


@pytest.mark.parametrize("fixture", sorted(p.name for p in FORMATS.iterdir()
                                           if p.is_file() and not p.name.endswith(".doc")))
def test_model_matches_golden(fixture):
    """The reader's model of each fixture, as tests/golden/formats/<fixture>.model.txt
    (`make golden` regenerates; review with git diff)."""
    from rlist_ingest.model import describe
    from rlist_ingest.readers import read_model, sniff

    p = FORMATS / fixture
    assert describe(read_model(p, sniff(p))) == (GOLDEN / f"{fixture}.model.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_docx_document_matches_golden(name):
    got = document_json(ingest_file(FORMATS / f"{name}.docx").document)
    assert got == (GOLDEN / f"{name}.docx.json").read_text(encoding="utf-8")
