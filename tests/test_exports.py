"""rlist export / ingest --also: CSV, Excel and SQLite, each opened by the program an
analyst would use and compared row by row with the Parquet tables."""

import csv
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from rlist_ingest.batch import ingest_paths
from rlist_ingest.cli import app
from rlist_ingest.exports import IN_DATASET, LIST_SEP, dictionary_rows
from rlist_ingest.exports.csv_out import cell
from rlist_ingest.exports.dictionary import markdown
from rlist_ingest.exports.xlsx_out import write_xlsx
from rlist_ingest.outdir import read_manifest
from rlist_ingest.tables import TABLES
from tests.conftest import ROOT, SAMPLE_NAMES, SAMPLES

runner = CliRunner()


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("exp") / "out"
    r = ingest_paths([str(SAMPLES / f"{n}.txt") for n in SAMPLE_NAMES], out, jobs=1, also=["csv", "xlsx", "sqlite"])
    assert r.published
    return out


def parquet_rows(ds: Path, name: str) -> list[tuple]:
    t = pq.read_table(ds / f"{name}.parquet")
    return [tuple(r.values()) for r in t.to_pylist()]


def test_also_writes_exports_into_the_dataset_and_its_manifest(dataset):
    files = set(read_manifest(dataset))
    assert {"exports/dataset.xlsx", "exports/dataset.db", "exports/dataset.metadata.json",
            "exports/csv/records.csv", "exports/csv/columns.csv"} <= files
    assert all((dataset / f).is_file() for f in files)


def test_csv_bom_crlf_and_rows_equal_parquet(dataset):
    d = dataset / IN_DATASET["csv"]
    multiline = 0
    for t in TABLES:
        raw = (d / f"{t.name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        with open(d / f"{t.name}.csv", encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        assert raw.count(b"\r\n") == len(rows) + sum(c.count("\r\n") for r in rows for c in r)  # CRLF row ends
        assert rows[0] == t.names
        want = [[cell(v) for v in r] for r in parquet_rows(dataset, t.name)]
        assert rows[1:] == want, t.name
        multiline += sum(1 for r in rows[1:] for c in r if "\n" in c)
    assert multiline > 0  # the samples' per-party bases: a cell with line breaks stays one cell


def test_csv_chinese_headers_come_from_the_spec(dataset, tmp_path):
    r = runner.invoke(app, ["export", str(dataset), "--to", "csv", "-o", str(tmp_path / "zh"), "--headers", "zh"])
    assert r.exit_code == 0, r.output
    with open(tmp_path / "zh" / "responsibilities.csv", encoding="utf-8-sig", newline="") as fh:
        head = next(csv.reader(fh))
    assert head[:5] == ["主要职责ID", "文档ID", "序号", "序号为推断", "主要职责"]
    with open(tmp_path / "zh" / "work_items.csv", encoding="utf-8-sig", newline="") as fh:
        assert {"具体工作事项", "责任科室", "备注"} <= set(next(csv.reader(fh)))
    for t in TABLES:
        assert len(set(t.headers("zh"))) == len(t.columns), t.name  # a header names one column


def test_xlsx_rows_equal_parquet_and_sheets_are_usable(dataset):
    import openpyxl

    wb = openpyxl.load_workbook(dataset / IN_DATASET["xlsx"], read_only=False)
    assert wb.sheetnames[0] == "说明"
    about = {(r[0], r[1]) for r in wb["说明"].iter_rows(min_row=2, values_only=True) if r[1]}
    assert about >= {(t, c) for t, c, *_ in dictionary_rows()}
    for t in TABLES:
        ws = wb[t.name]
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref
        rows = list(ws.iter_rows(values_only=True))
        assert list(rows[0]) == t.names
        want = [tuple(LIST_SEP.join(v) if isinstance(v, list) else v for v in r) for r in parquet_rows(dataset, t.name)]
        assert [tuple(r) for r in rows[1:]] == want, t.name
    assert wb["clauses"].column_dimensions["G"].width >= 40  # clause text: a wide, wrapped column


def test_xlsx_through_pandas(dataset):
    import pandas as pd

    df = pd.read_excel(dataset / IN_DATASET["xlsx"], sheet_name="work_items")
    pdf = pd.read_parquet(dataset / "work_items.parquet")
    assert list(df.columns) == list(pdf.columns) and len(df) == len(pdf)
    assert df["text"].tolist() == pdf["text"].tolist()
    # ids join the sheets: every work item's responsibility is on the responsibilities sheet
    resp = pd.read_excel(dataset / IN_DATASET["xlsx"], sheet_name="responsibilities")
    assert set(df["responsibility_id"]) <= set(resp["responsibility_id"])


def test_regression_xlsx_splits_a_table_longer_than_a_sheet(dataset, tmp_path):
    import openpyxl

    n = pq.ParquetFile(dataset / "records.parquet").metadata.num_rows
    notes = write_xlsx(dataset, tmp_path / "small.xlsx", max_rows=300)
    wb = openpyxl.load_workbook(tmp_path / "small.xlsx", read_only=True)
    parts = [s for s in wb.sheetnames if s == "records" or s.startswith("records (")]
    assert len(parts) == -(-n // 300) and parts[1] == "records (2)"
    got = [r for s in parts for r in list(wb[s].iter_rows(values_only=True))[1:]]
    assert [r[0] for r in got] == pq.read_table(dataset / "records.parquet")["record_id"].to_pylist()
    assert any(x.startswith("records:") and "sheets" in x for x in notes)


def test_sqlite_keys_fts_and_rows(dataset):
    db = dataset / IN_DATASET["sqlite"]
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = ON")
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for t in TABLES:
        got = con.execute(f'SELECT * FROM "{t.name}"').fetchall()
        want = [tuple(json.dumps(v, ensure_ascii=False) if isinstance(v, list) else int(v) if isinstance(v, bool)
                      else v for v in r) for r in parquet_rows(dataset, t.name)]
        assert got == want, t.name
        fks = {r[3] for r in con.execute(f'PRAGMA foreign_key_list("{t.name}")')}
        assert fks == {c for c, _, _ in t.foreign_keys}
        indexed = {con.execute(f'PRAGMA index_info("{i[1]}")').fetchone()[2]
                   for i in con.execute(f'PRAGMA index_list("{t.name}")')}
        assert fks <= indexed
    # FTS5 trigram: a three-character phrase finds exactly the clauses whose text has it
    hits = {r[0] for r in con.execute(
        "SELECT c.clause_id FROM clauses_fts f JOIN clauses c ON c.rowid = f.rowid WHERE clauses_fts MATCH ?",
        ('"稽核人"',))}
    like = {r[0] for r in con.execute("SELECT clause_id FROM clauses WHERE text LIKE '%稽核人%'")}
    assert hits == like and len(hits) >= 2
    rec = con.execute("SELECT count(*) FROM records_fts WHERE records_fts MATCH '\"劳务派遣\"'").fetchone()[0]
    assert rec == con.execute("SELECT count(*) FROM records WHERE text LIKE '%劳务派遣%' "
                              "OR label LIKE '%劳务派遣%' OR department LIKE '%劳务派遣%'").fetchone()[0] > 0
    desc = dict(con.execute("SELECT \"column\", description FROM _columns WHERE \"table\" = 'records'").fetchall())
    assert "as printed" in desc["text"]
    meta = json.loads((dataset / "exports" / "dataset.metadata.json").read_text(encoding="utf-8"))
    assert meta["databases"]["dataset"]["tables"]["records"]["fts_table"] == "records_fts"


def test_datasette_answers(dataset):
    exe = shutil.which("datasette") or str(Path(__import__("sys").executable).parent / "datasette")
    if not Path(exe).exists():
        pytest.skip("datasette is not installed")
    db = dataset / IN_DATASET["sqlite"]
    r = subprocess.run([exe, str(db), "-m", str(db.with_name("dataset.metadata.json")), "--get",
                        "/dataset/responsibilities.json?_shape=array&_size=max"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert len(rows) == pq.ParquetFile(dataset / "responsibilities.parquet").metadata.num_rows
    r = subprocess.run([exe, str(db), "--get", "/dataset/records.json?_search=%E5%8A%B3%E5%8A%A1%E6%B4%BE&_shape=array"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and all("劳务派" in (x["text"] + (x["label"] or "") + (x["department"] or ""))
                                     for x in json.loads(r.stdout))


def test_export_never_overwrites_a_users_file(dataset, tmp_path):
    mine = tmp_path / "mine.xlsx"
    mine.write_bytes(b"PK not really a workbook")
    db = tmp_path / "notes.db"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.commit()
    folder = tmp_path / "csvdir"
    folder.mkdir()
    (folder / "analysis.sql").write_text("select 1", encoding="utf-8")
    for to, path in (("xlsx", mine), ("sqlite", db), ("csv", folder)):
        before = {p: p.read_bytes() for p in ([path] if path.is_file() else path.iterdir())}
        r = runner.invoke(app, ["export", str(dataset), "--to", to, "-o", str(path)])
        assert r.exit_code == 2 and "rlist" in r.output, (to, r.output)
        assert {p: p.read_bytes() for p in before} == before
    # its own earlier export is replaced
    for to, name in (("xlsx", "a.xlsx"), ("sqlite", "a.db"), ("csv", "a")):
        for _ in range(2):
            r = runner.invoke(app, ["export", str(dataset), "--to", to, "-o", str(tmp_path / name)])
            assert r.exit_code == 0, r.output
    assert runner.invoke(app, ["export", str(tmp_path), "--to", "csv", "-o", str(tmp_path / "x")]).exit_code == 2


def test_data_dictionary_matches_the_spec():
    assert (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8") == markdown(), \
        "docs/data-dictionary.md drifted from tables.py: run make golden"


def test_readme_excel_answers(dataset):
    """The README's Excel sentences, done with pandas on the workbook as a user would with
    filters: the answers of docs/analyst-queries.md."""
    import pandas as pd

    x = dataset / IN_DATASET["xlsx"]
    items = pd.read_excel(x, sheet_name="work_items")
    docs = pd.read_excel(x, sheet_name="documents").set_index("document_id")
    items = items[items["office"].notna()]
    items["region"] = items["document_id"].map(docs["region"])  # XLOOKUP document_id on documents
    top = items.groupby(["region", "office"]).size().sort_values(ascending=False)
    assert top.index[0] == ("任县", "人事与福利教育股") and top.iloc[0] == 32
    cl = pd.read_excel(x, sheet_name="boilerplate_clusters")
    titles = cl[cl["kinds"].str.contains("regime_title") & cl["shared"]]
    row = titles[titles["example_text"] == "社会保险基金监管"].iloc[0]
    assert row["region_count"] == 3 and row["regions"] == "任县、新河县、洪江区"
    resp = pd.read_excel(x, sheet_name="responsibilities")
    inferred = resp[resp["seq_inferred"]]
    assert sorted(inferred["seq"]) == [3, 6, 8, 12, 13] and set(inferred["source"]) == {"renxian.txt"}


def test_exports_and_report_are_byte_identical_on_rerun(dataset, tmp_path):
    from rlist_ingest.exports import export
    from rlist_ingest.report import write_report

    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        export(dataset, "xlsx", tmp_path / name / "x.xlsx")
        export(dataset, "sqlite", tmp_path / name / "x.db")
        export(dataset, "csv", tmp_path / name / "csv")
        write_report(dataset, tmp_path / name / "r.html")
    for rel in ("x.xlsx", "x.db", "x.metadata.json", "csv/records.csv", "r.html"):
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
