"""The analyst queries in docs/analyst-queries.md run on the samples' dataset and say what
the page says they say."""

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


def test_three_queries_documented():
    assert len(QUERIES) == 3


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
