"""What the dataset says it knows: the long records table, cluster lists and example
texts, clustered titles, dataset provenance, region/department overrides."""

import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from rlist_ingest.batch import ingest_paths
from rlist_ingest.cli import app
from rlist_ingest.cluster import TITLE_MARK, cluster_distinct
from rlist_ingest.kinds import CLUSTER_KIND
from tests.conftest import SAMPLE_NAMES, SAMPLES

runner = CliRunner()
PATHS = [str(SAMPLES / f"{n}.txt") for n in SAMPLE_NAMES]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("dm") / "out"
    assert ingest_paths(PATHS, out, jobs=1).published
    return out


def _rows(ds, name):
    return pq.read_table(ds / f"{name}.parquet").to_pylist()


def test_records_table_holds_every_clustered_record_with_its_cluster(dataset):
    recs = {r["record_id"]: r for r in _rows(dataset, "records")}
    docs = {d["document_id"]: d for d in _rows(dataset, "documents")}
    clusters = {c["cluster_id"]: c for c in _rows(dataset, "boilerplate_clusters")}
    for table in CLUSTER_KIND:
        spec_pk = pq.read_schema(dataset / f"{table}.parquet").names[0]
        for row in _rows(dataset, table):
            if row["cluster_id"] is None:
                continue
            r = recs[row[spec_pk]]
            assert r["kind"] == table and r["cluster_id"] == row["cluster_id"]
            assert r["region"] == docs[row["document_id"]]["region"]
            assert r["shared"] == (clusters[r["cluster_id"]]["region_count"] > 1)
            assert (r["source"], r["line_first"], r["line_last"]) == (row["source"], row["line_first"], row["line_last"])
    kinds = {r["kind"] for r in recs.values()}
    assert {"responsibilities", "work_items", "clauses", "regimes", "regime_parts", "boundaries",
            "boundary_parties", "services"} <= kinds
    clause = next(r for r in recs.values() if r["kind"] == "clauses" and r["label"])
    assert clause["text"] and clause["label"].startswith(("（", "(", "1", "2", "3", "4", "5", "6", "7", "8", "9"))


def test_clusters_list_their_regions_documents_and_an_original_text(dataset):
    recs = _rows(dataset, "records")
    by_cluster = {}
    for r in recs:
        if r["cluster_id"]:
            by_cluster.setdefault(r["cluster_id"], []).append(r)
    for c in _rows(dataset, "boilerplate_clusters"):
        ms = by_cluster[c["cluster_id"]]
        assert c["regions"] == sorted({m["region"] for m in ms}) and len(c["regions"]) == c["region_count"]
        assert c["documents"] == sorted({m["document_id"] for m in ms}) and len(c["documents"]) == c["document_count"]
        assert c["example_text"] in {m["text"] for m in ms}
        assert c["shared"] == (c["region_count"] > 1)


def test_regression_near_identical_regime_titles_meet():
    """行政处罚裁量权规范 / 行政处罚量裁权规范 share one 4-gram of six: titles are clustered
    on their character sets, and only with each other."""
    keys = [TITLE_MARK + "行政处罚裁量权规范", TITLE_MARK + "行政处罚量裁权规范", TITLE_MARK + "行政许可事项监管",
            "行政处罚裁量权规范"]
    kc = cluster_distinct(keys, [1, 1, 1, 1])
    assert kc.of_key[0] == kc.of_key[1] != kc.of_key[2]
    assert kc.of_key[3] != kc.of_key[0]  # a clause with the same words is not a title


def test_regime_titles_and_part_headings_are_clustered_across_counties(dataset):
    clusters = _rows(dataset, "boilerplate_clusters")
    titles = [c for c in clusters if "regime_title" in c["kinds"]]
    assert any(c["example_text"] == "社会保险基金监管" and c["region_count"] == 3 for c in titles)
    assert any("part_heading" in c["kinds"] and c["region_count"] == 3 for c in clusters)
    assert all(not c["canonical_text"].startswith(TITLE_MARK) for c in clusters)


def test_datapackage_says_what_made_the_dataset_and_reruns_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for name in ("a", "b"):
        assert ingest_paths(PATHS + [str(tmp_path / "missing.txt")], tmp_path / name, jobs=1).published
    pa, pb = ((tmp_path / n / "datapackage.json").read_bytes() for n in ("a", "b"))
    assert pa == pb
    for f in ("records.parquet", "boilerplate_clusters.parquet", "documents.parquet"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
    prov = json.loads(pa)["rlist"]
    assert prov["inputs"] == 4 and prov["documents"] == 3 and prov["cluster_threshold"] == 0.55
    assert len(prov["grammar_sha256"]) == 64 and prov["tool_version"] and "created" not in prov
    r = runner.invoke(app, ["cluster", str(tmp_path / "a"), "--threshold", "0.8"])
    assert r.exit_code == 0, r.output
    prov = json.loads((tmp_path / "a" / "datapackage.json").read_text(encoding="utf-8"))["rlist"]
    assert prov["cluster_threshold"] == 0.8 and prov["inputs"] == 4
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert ingest_paths(PATHS, tmp_path / "c", jobs=1).published
    pkg = json.loads((tmp_path / "c" / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["created"] == pkg["rlist"]["created"] == "2026-01-01T00:00:00Z"


def test_region_and_department_from_the_file_name_and_overrides(tmp_path):
    body = "序号\t主要职责\t具体工作事项\n1\t负责全县就业工作\t组织实施就业政策\n"
    f = tmp_path / "新河县人力资源和社会保障局责任清单.txt"
    f.write_text(body, encoding="utf-8")
    assert ingest_paths([str(f)], tmp_path / "o1", jobs=1).published
    d = _rows(tmp_path / "o1", "documents")[0]
    assert (d["region"], d["department"]) == ("新河县", "新河县人力资源和社会保障局")
    g = tmp_path / "list.txt"
    g.write_text(body, encoding="utf-8")
    r = runner.invoke(app, ["ingest", str(g), "-o", str(tmp_path / "o2"), "-q", "--region", "任县",
                            "--department", "任县人力资源和社会保障局"])
    assert r.exit_code == 0, r.output
    d = _rows(tmp_path / "o2", "documents")[0]
    assert (d["region"], d["department"], d["province"], d["city"]) == ("任县", "任县人力资源和社会保障局", "河北省", "邢台市")
    assert {r["region"] for r in _rows(tmp_path / "o2", "records")} == {"任县"}
    r = runner.invoke(app, ["ingest", str(f), str(g), "-o", str(tmp_path / "o3"), "--region", "任县"])
    assert r.exit_code == 2 and "one input file" in r.output and not (tmp_path / "o3").exists()


def test_regression_cluster_command_kept_stale_json_and_emptied_text(tmp_path):
    """`rlist cluster` wrote empty text/ files (the lines every provenance refers to) and
    left the document JSON's cluster fields of the previous clustering (the byte patch only
    fills empty slots). Now the JSON agrees with the tables, text/ is kept, and
    re-clustering at the same threshold reproduces the dataset byte for byte."""
    import glob

    out = tmp_path / "out"
    assert ingest_paths(PATHS, out, jobs=1).published
    before = {p: open(p, "rb").read() for p in glob.glob(f"{out}/**/*", recursive=True)
              if p.endswith((".json", ".parquet", ".txt", ".jsonl"))}
    assert runner.invoke(app, ["cluster", str(out), "--threshold", "0.9"]).exit_code == 0
    ids = {}
    for t in CLUSTER_KIND:
        pk = pq.read_schema(out / f"{t}.parquet").names[0]
        ids.update({r[pk]: r["cluster_id"] for r in _rows(out, t)})
    seen = 0
    for f in (out / "documents").glob("*.json"):
        def walk(o):
            nonlocal seen
            if isinstance(o, dict):
                if o.get("id") in ids:
                    assert o["cluster_id"] == ids[o["id"]]
                    seen += 1
                for v in o.values():
                    walk(v)
            elif isinstance(o, list):
                for v in o:
                    walk(v)
        walk(json.loads(f.read_text(encoding="utf-8")))
    assert seen > 800
    for n in SAMPLE_NAMES:
        assert (out / "text" / f"{n}.txt").read_bytes() == before[str(out / "text" / f"{n}.txt")]
    assert runner.invoke(app, ["cluster", str(out), "--threshold", "0.55"]).exit_code == 0
    after = {p: open(p, "rb").read() for p in before}
    assert [p for p in before if before[p] != after[p]] == []
