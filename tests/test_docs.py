"""The analyst queries in docs/analyst-queries.md run on the samples' dataset and say what
the page says they say."""

import json
import re

import duckdb
import pytest

from rlist_ingest.batch import ingest_paths
from tests.conftest import ROOT, SAMPLE_NAMES, SAMPLES

QUERIES = re.findall(r"```sql\n(.*?)```", (ROOT / "docs" / "analyst-queries.md").read_text(encoding="utf-8"), re.S)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    report = ingest_paths([str(SAMPLES / f"{n}.txt") for n in SAMPLE_NAMES], out)
    assert not report.errors
    return out


def run(dataset, q):
    return duckdb.sql(q.replace("'out/", f"'{dataset}/")).fetchall()


def test_six_queries_documented():
    assert len(QUERIES) == 6


def test_offices_with_most_items(dataset):
    rows = run(dataset, QUERIES[0])
    assert rows[0][:2] == ("任县", "人事与福利教育股") and rows[0][2] == 32


def test_shared_regimes(dataset):
    rows = {r[0]: r[1] for r in run(dataset, QUERIES[1])}
    assert rows["社会保险基金监管"] == 3 and rows["特殊工时制度审批事项监管"] == 3


def test_inferred_seqs(dataset):
    rows = run(dataset, QUERIES[2])
    assert [(r[0], r[1]) for r in rows] == [("renxian.txt", s) for s in (3, 6, 8, 12, 13)]
    assert all(r[2] <= r[3] for r in rows)


KARAMAY = ROOT.parent / "shared" / "real" / "karamay"


@pytest.fixture(scope="module")
def powers_dataset(tmp_path_factory):
    if not KARAMAY.is_dir():
        pytest.skip("../shared/real/karamay is not here (a user's clone)")
    out = tmp_path_factory.mktemp("powers")
    report = ingest_paths(sorted(str(p) for p in KARAMAY.iterdir()), out)
    assert not report.errors
    return out


def test_powers_per_type_per_department(powers_dataset):
    rows = run(powers_dataset, QUERIES[3])
    market = {t: n for dep, t, n in rows if dep == "克拉玛依市市场监督管理局"}
    assert sum(market.values()) == 442 and max(market, key=market.get) == "行政处罚"
    assert {t for _, t, _ in rows} <= {"行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查", "行政确认",
                                      "行政奖励", "行政裁决", "其他行政权力"}


def test_laws_cited_most(powers_dataset):
    rows = run(powers_dataset, QUERIES[4])
    assert rows[0][0] == "中华人民共和国安全生产法" and len(rows) == 10


def test_powers_without_counterpart(powers_dataset):
    rows = run(powers_dataset, QUERIES[5])
    assert len(rows) == 216 and not any("农用地土壤污染" in r[2] and "拒不配合" in r[2] for r in rows)


README_SQL = re.findall(r"```sql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


@pytest.fixture(scope="module")
def sqlite_export(tmp_path_factory):
    from rlist_ingest.exports import export

    out = tmp_path_factory.mktemp("sq") / "out"
    assert ingest_paths([str(SAMPLES / f"{n}.txt") for n in SAMPLE_NAMES], out, jobs=1).published
    db = out.parent / "lists.db"
    export(out, "sqlite", db)
    return db


def test_readme_answers_the_three_questions_in_sqlite(sqlite_export):
    """The README's SQLite versions of docs/analyst-queries.md 1-3 give the same answers."""
    import sqlite3

    con = sqlite3.connect(sqlite_export)
    assert len(README_SQL) == 3
    rows = con.execute(README_SQL[0]).fetchall()
    assert rows[0] == ("任县", "人事与福利教育股", 32)
    shared = {r[0]: (r[1], r[2]) for r in con.execute(README_SQL[1]).fetchall()}
    assert shared["社会保险基金监管"][0] == 3 and shared["特殊工时制度审批事项监管"][0] == 3
    assert json.loads(shared["社会保险基金监管"][1]) == ["任县", "新河县", "洪江区"]
    rows = con.execute(README_SQL[2]).fetchall()
    assert [(r[0], r[1]) for r in rows] == [("renxian.txt", s) for s in (3, 6, 8, 12, 13)]
