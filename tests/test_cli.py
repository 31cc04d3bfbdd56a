"""The CLI's contract: exit 0 when all files ingest, 1 when any fails, 2 on usage errors."""

import json
import shutil

from typer.testing import CliRunner

from rlist_ingest.batch import ingest_paths
from rlist_ingest.cli import app
from tests.conftest import SAMPLES

runner = CliRunner()


def test_ingest_samples_exit_0_and_summary(tmp_path):
    r = runner.invoke(app, ["ingest", str(SAMPLES / "*.txt"), "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert "renxian.txt" in r.output and "任县" in r.output
    assert "local" in r.output.splitlines()[0] and "%" in r.output  # each document's local share
    assert sorted(p.name for p in (tmp_path / "documents").iterdir()) == [
        "hongjiang.json", "renxian.json", "xinhe.json"]
    pkg = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert {x["name"] for x in pkg["resources"]} >= {"documents", "work_items", "clauses", "boilerplate_clusters"}


def test_cluster_command_rewrites_dataset(tmp_path):
    assert runner.invoke(app, ["ingest", str(SAMPLES / "*.txt"), "--out", str(tmp_path)]).exit_code == 0
    r = runner.invoke(app, ["cluster", str(tmp_path), "--threshold", "0.9"])
    assert r.exit_code == 0 and "shared by several documents" in r.output
    assert runner.invoke(app, ["cluster", str(tmp_path / "nope")]).exit_code == 2


def test_missing_file_fails_that_file_only(tmp_path):
    r = runner.invoke(app, ["ingest", str(SAMPLES / "xinhe.txt"), str(tmp_path / "nope.txt"),
                            "--out", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert list((tmp_path / "out" / "documents").glob("*xinhe.json"))
    errors = (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(errors) == 1 and "nope.txt" in json.loads(errors[0])["file"]


def test_glob_matching_nothing_is_a_usage_error(tmp_path):
    r = runner.invoke(app, ["ingest", str(tmp_path / "*.txt"), "--out", str(tmp_path)])
    assert r.exit_code == 2


def test_help_shows_examples():
    for args in (["--help"], ["ingest", "--help"]):
        r = runner.invoke(app, args)
        assert r.exit_code == 0 and "Example" in r.output


def test_many_files_with_progress(tmp_path):
    paths = []
    for k in range(21):
        p = tmp_path / f"doc{k:02d}.txt"
        shutil.copy(SAMPLES / "xinhe.txt", p)
        with open(p, "a", encoding="utf-8") as fh:  # distinct bytes: identical files are ingested once
            fh.write(f"\n附{k}\n")
        paths.append(str(p))
    report = ingest_paths(paths, tmp_path / "out", progress=True)
    assert len(report.results) == 21 and not report.errors


def test_engine_and_jobs_options(tmp_path):
    r = runner.invoke(app, ["ingest", str(SAMPLES / "xinhe.txt"), "--out", str(tmp_path), "--engine", "spark"])
    assert r.exit_code == 2 and "--engine" in r.output
    r = runner.invoke(app, ["ingest", str(SAMPLES / "xinhe.txt"), "--out", str(tmp_path), "--jobs", "1", "-q"])
    assert r.exit_code == 0 and (tmp_path / "documents" / "xinhe.json").exists()
