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
