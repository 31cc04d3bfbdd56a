"""Parallel and streamed ingest write the same dataset as the simple in-process path."""

import json

import pytest

from rlist_ingest.batch import ingest_paths
from rlist_ingest.boilerplate import annotate
from rlist_ingest.cluster import text_records
from rlist_ingest.pipeline import ingest_file
from rlist_ingest.writers import document_json
from tests.conftest import SAMPLE_NAMES, SAMPLES

PATHS = [str(SAMPLES / f"{n}.txt") for n in SAMPLE_NAMES]
# Read through the document model: its records carry an origin next to their provenance.
MODEL_PATHS = [str(SAMPLES.parent / "tests" / "data" / "formats" / f) for f in ("xinhe.docx", "renxian.xlsx")]


def _files(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_one_job_and_two_jobs_write_identical_datasets(tmp_path):
    ingest_paths(PATHS, tmp_path / "one", jobs=1)
    ingest_paths(PATHS, tmp_path / "two", jobs=2)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_streamed_clusters_equal_in_memory_annotation(tmp_path):
    """Regression too: the cluster fields of records with an origin were left null."""
    paths = PATHS + MODEL_PATHS
    names = [("m_" if p in MODEL_PATHS else "") + p.rsplit("/", 1)[1] for p in paths]  # stems apart
    ingest_paths(paths, tmp_path / "o", jobs=2, names=names)
    docs = [ingest_file(p, name=n).document for p, n in zip(paths, names, strict=True)]
    annotate(docs)
    for d in docs:
        # the streamed, patched JSON is exactly the annotated document's canonical JSON
        path = tmp_path / "o" / "documents" / f"{d.source.rsplit('.', 1)[0]}.json"
        assert path.read_text(encoding="utf-8") == document_json(d)
        streamed = json.loads(path.read_text(encoding="utf-8"))
        assert streamed["local_share"] == d.local_share
        want = {tr.record.id: (tr.record.cluster_id, tr.record.cluster_similarity) for tr in text_records(d)}
        got = {}
        for r in streamed["responsibilities"]:
            got[r["id"]] = (r["cluster_id"], r["cluster_similarity"])
            for it in r["items"]:
                got[it["id"]] = (it["cluster_id"], it["cluster_similarity"])
        for g in streamed["regimes"]:
            for c in g["preamble"]:
                got[c["id"]] = (c["cluster_id"], c["cluster_similarity"])
            for p in g["parts"]:
                for c in p["clauses"]:
                    got[c["id"]] = (c["cluster_id"], c["cluster_similarity"])
        assert {k: v for k, v in want.items() if k in got} == got
        assert any(v[0] for v in got.values())


def test_dask_engine_writes_the_same_dataset(tmp_path):
    pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    ingest_paths(PATHS, tmp_path / "local", jobs=1)
    ingest_paths(PATHS, tmp_path / "dask", jobs=1, engine="dask")
    assert _files(tmp_path / "local") == _files(tmp_path / "dask")


def test_regression_progress_counts_input_bytes_not_output_json(tmp_path, monkeypatch):
    """The progress bar's MB/s summed the characters of each document's output JSON; the
    payload now carries the input file's size, and no staged JSON is left behind."""
    from rlist_ingest import batch
    from rlist_ingest.parallel import ingest_one

    stage = tmp_path / "stage"
    stage.mkdir()
    for path in PATHS:
        p = ingest_one(path, 1 << 26, str(stage))
        assert p["bytes"] == (SAMPLES / p["source"]).stat().st_size
    advanced = []
    monkeypatch.setattr(batch._Progress, "advance", lambda self, nbytes: advanced.append(nbytes))
    ingest_paths(PATHS, tmp_path / "out", jobs=2)
    assert sorted(advanced) == sorted((SAMPLES / f"{n}.txt").stat().st_size for n in SAMPLE_NAMES)
    assert not list((tmp_path / "out").rglob("stage"))
