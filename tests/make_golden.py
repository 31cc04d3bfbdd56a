"""Regenerate tests/golden/<sample>.json from the samples (``make golden``); review with git diff."""

from rlist_ingest.diff import diff_documents
from rlist_ingest.diff_render import to_json
from rlist_ingest.pipeline import ingest_file
from rlist_ingest.writers import document_json
from tests.conftest import ROOT, SAMPLE_NAMES, SAMPLES

if __name__ == "__main__":
    for name in SAMPLE_NAMES:
        path = ROOT / "tests" / "golden" / f"{name}.json"
        path.write_text(document_json(ingest_file(SAMPLES / f"{name}.txt").document), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    for a, b in [("xinhe", "renxian"), ("hongjiang", "xinhe")]:
        path = ROOT / "tests" / "golden" / f"diff_{a}_{b}.json"
        docs = [ingest_file(SAMPLES / f"{n}.txt").document for n in (a, b)]
        path.write_text(to_json(diff_documents(*docs)), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
