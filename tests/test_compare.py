"""rlist compare: the county x county matrix, and the rule that links it to rlist diff."""

import csv

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from rlist_ingest.batch import ingest_paths
from rlist_ingest.cli import app
from rlist_ingest.compare import region_matrix
from rlist_ingest.diff import diff_documents, load_document
from tests.conftest import SAMPLE_NAMES, SAMPLES

runner = CliRunner()


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("cmp") / "out"
    assert ingest_paths([str(SAMPLES / f"{n}.txt") for n in SAMPLE_NAMES], out, jobs=1).published
    return out


def test_matrix_counts_records_by_hand(dataset):
    """Independent count: per region pair, the records of A whose cluster id also occurs in B."""
    rec = pq.read_table(dataset / "records.parquet", columns=["region", "cluster_id"]).to_pylist()
    rec = [r for r in rec if r["cluster_id"]]
    by_region = {}
    for r in rec:
        by_region.setdefault(r["region"], set()).add(r["cluster_id"])
    mx = region_matrix(dataset)
    assert mx.regions == sorted(by_region)
    for i, a in enumerate(mx.regions):
        mine = [r for r in rec if r["region"] == a]
        assert mx.records[i] == len(mine)
        for j, b in enumerate(mx.regions):
            assert mx.shared[i, j] == sum(1 for r in mine if r["cluster_id"] in by_region[b])
    assert (mx.share.diagonal() == 1).all() and 0 < mx.share[0, 1] < 1


def test_diff_identical_pairs_are_always_shared(dataset):
    """The rule of compare.py: a pair diff calls identical has one match key, so one
    cluster; A's records in identical pairs with B are never more than those compare
    counts as shared with B."""
    cid = {r["record_id"]: r["cluster_id"] for r in pq.read_table(dataset / "records.parquet").to_pylist()}
    mx = region_matrix(dataset)
    docs = {n: load_document(f"{n}.txt", dataset) for n in SAMPLE_NAMES}
    checked = 0
    for a in SAMPLE_NAMES:
        for b in SAMPLE_NAMES:
            if a == b:
                continue
            rep = diff_documents(docs[a], docs[b])
            ident = 0
            for sec in rep["sections"].values():
                for pair in sec["identical"]:
                    ca, cb = cid.get(pair["a"]["record_id"]), cid.get(pair["b"]["record_id"])
                    if ca is None:  # a kind that is not clustered (boundaries, 子项)
                        continue
                    assert ca == cb, pair
                    ident += 1
                    checked += 1
            i, j = mx.regions.index(docs[a].region), mx.regions.index(docs[b].region)
            assert ident <= mx.shared[i, j]
    assert checked > 300


def test_compare_command_writes_csv_parquet_and_pairs(dataset, tmp_path):
    r = runner.invoke(app, ["compare", str(dataset), "-o", str(tmp_path / "m.csv"), "--pairs", str(tmp_path / "p.jsonl")])
    assert r.exit_code == 0, r.output
    with open(tmp_path / "m.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    mx = region_matrix(dataset)
    assert rows[0] == ["region", "records", *mx.regions]
    assert [float(x) for x in rows[1][2:]] == pytest.approx(mx.share[0].tolist(), abs=1e-4)
    lines = (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 3  # the header line, then every pair once
    assert runner.invoke(app, ["compare", str(dataset), "-o", str(tmp_path / "m.parquet")]).exit_code == 0
    long = pq.read_table(tmp_path / "m.parquet").to_pylist()
    assert len(long) == 9 and {r["region_a"] for r in long} == set(mx.regions)
    (tmp_path / "mine.csv").write_text("a,b\n", encoding="utf-8")
    assert runner.invoke(app, ["compare", str(dataset), "-o", str(tmp_path / "mine.csv")]).exit_code == 2
    assert (tmp_path / "mine.csv").read_text(encoding="utf-8") == "a,b\n"
