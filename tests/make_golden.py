"""Regenerate tests/golden/<sample>.json from the samples (``make golden``); review with git diff."""

from rlist_ingest.pipeline import ingest_file
from rlist_ingest.writers import document_json
from tests.conftest import ROOT, SAMPLE_NAMES, SAMPLES

if __name__ == "__main__":
    for name in SAMPLE_NAMES:
        path = ROOT / "tests" / "golden" / f"{name}.json"
        path.write_text(document_json(ingest_file(SAMPLES / f"{name}.txt").document), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
