"""Regenerate the goldens (``make golden``); review with git diff: tests/golden/<sample>.json
from the samples, the two diff reports, per format fixture its model's compact view
(tests/golden/formats/<fixture>.model.txt) plus the canonical JSON of each list read
from its .docx, and the model of the PDFs in ``PDF_GOLDEN`` (tests/golden/pdf/)."""

from rlist_ingest.diff import diff_documents
from rlist_ingest.diff_render import to_json
from rlist_ingest.model import describe
from rlist_ingest.pipeline import ingest_file
from rlist_ingest.readers import read_model, sniff
from rlist_ingest.writers import document_json
from tests.conftest import ROOT, SAMPLE_NAMES, SAMPLES

# One Chromium print with a repeated header, one without, and both LibreOffice fonts.
PDF_GOLDEN = ["a4", "a5", "lo-sans", "lo-serif"]

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
    formats = ROOT / "tests" / "data" / "formats"
    out = ROOT / "tests" / "golden" / "formats"
    out.mkdir(exist_ok=True)
    for p in sorted(formats.iterdir()):
        if p.is_file() and not p.name.endswith(".doc"):  # .doc: through LibreOffice, whose version may vary
            path = out / f"{p.name}.model.txt"
            path.write_text(describe(read_model(p, sniff(p))), encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    for name in SAMPLE_NAMES:
        path = out / f"{name}.docx.json"
        path.write_text(document_json(ingest_file(formats / f"{name}.docx").document), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    pdf_out = ROOT / "tests" / "golden" / "pdf"
    pdf_out.mkdir(exist_ok=True)
    for name in SAMPLE_NAMES:
        for variant in PDF_GOLDEN:
            p = ROOT / "tests" / "data" / "pdf" / f"{name}.{variant}.pdf"
            path = pdf_out / f"{p.name}.model.txt"
            path.write_text(describe(read_model(p, "pdf")), encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
