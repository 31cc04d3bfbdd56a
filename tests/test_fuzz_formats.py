"""Property: any mutation of a binary or markup fixture (bytes flipped, cut, repeated, or
the XML inside a .docx/.xlsx mutated and re-zipped) gives a document or an InputError,
nothing else, and loses no line of its rendered text.

The suite runs FUZZ_BINARY_EXAMPLES (default 60) examples; ``make fuzz`` runs 2,000, and
FUZZ_DOC_EXAMPLES (default 0: skipped) mutations of the .doc fixtures, which go through
LibreOffice at about a second each (``make fuzz``: 40).
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rlist_ingest.errors import InputError
from rlist_ingest.pipeline import ingest_file
from tests.test_samples import _meta_lines, _record_lines

EXAMPLES = int(os.environ.get("FUZZ_BINARY_EXAMPLES", "60"))
DOC_EXAMPLES = int(os.environ.get("FUZZ_DOC_EXAMPLES", "0"))
FORMATS = Path(__file__).parent / "data" / "formats"
# .doc goes through LibreOffice (seconds per file): its bytes are fuzzed by `make fuzz` only.
NAMES = sorted(p.name for p in FORMATS.iterdir() if p.is_file() and not p.name.endswith(".doc"))
DATA = {n: (FORMATS / n).read_bytes() for n in NAMES}
DOCS = sorted(p.name for p in FORMATS.iterdir() if p.name.endswith(".doc"))
DATA |= {n: (FORMATS / n).read_bytes() for n in DOCS}


def _rezip(data: bytes, member_edit) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info)
            if info.filename in ("word/document.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"):
                body = member_edit(body)
            z.writestr(info.filename, body)
    return out.getvalue()


def _byte_op(draw, data: bytearray, op: str, i: int, dup_max: int) -> bytearray:
    """``data`` with the byte at ``i`` flipped, cut there, or up to ``dup_max`` bytes from there repeated."""
    if op == "flip":
        data[i] = draw(st.integers(0, 255))
    elif op == "cut":
        data = data[:i]
    else:
        j = draw(st.integers(i, min(len(data), i + dup_max)))
        data[i:i] = data[i:j]
    return data


@st.composite
def mutated(draw, names=tuple(NAMES)):
    name = draw(st.sampled_from(names))
    data = bytearray(DATA[name])
    zipped = data.startswith(b"PK")
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "cut", "dup", "xml"] if zipped else ["flip", "cut", "dup"]))
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        if op != "xml":
            data = _byte_op(draw, data, op, i, 64)
        else:
            k = draw(st.integers(0, 1 << 20))
            chunk = draw(st.binary(min_size=0, max_size=16))

            def edit(body, k=k, chunk=chunk):
                at = k % max(1, len(body))
                return body[:at] + chunk + body[at + len(chunk) * 2:]
            try:
                data = bytearray(_rezip(bytes(data), edit))
            except Exception:  # noqa: BLE001 - the zip was already broken by an earlier op: keep it so
                pass
            zipped = data.startswith(b"PK")
    return name, bytes(data)


def check(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / name
        p.write_bytes(data)
        try:
            r = ingest_file(p)
        except InputError as e:
            assert e.render()
            return
    covered = _record_lines(r.document) | {x.line for x in r.residue} | _meta_lines(r)
    lost = [n for n, ln in enumerate(r.lines, 1) if ln.strip() and n not in covered]
    assert not lost, f"lines lost: {lost[:5]}: {[r.lines[n - 1] for n in lost[:5]]}"


@settings(max_examples=EXAMPLES, deadline=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_binary_mutations_raise_only_input_error_and_lose_nothing(case):
    check(*case)


def test_every_fixture_unmutated_passes_the_check():
    for n in NAMES:
        check(n, DATA[n])


@pytest.mark.skipif(DOC_EXAMPLES == 0 or shutil.which("soffice") is None,
                    reason="set FUZZ_DOC_EXAMPLES (make fuzz does) and install LibreOffice")
@settings(max_examples=max(1, DOC_EXAMPLES), deadline=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated(names=tuple(DOCS)))
def test_doc_mutations_raise_only_input_error_and_lose_nothing(case):
    check(*case)


# --- PDF --------------------------------------------------------------------------
# A one-page PDF written here (a ruled 3x3 table, Helvetica text, a paragraph), fast to
# parse, and a real LibreOffice print of a list: their bytes flipped, cut and repeated.
PDF_EXAMPLES = int(os.environ.get("FUZZ_PDF_EXAMPLES", "20"))
PDF_DIR = Path(__file__).parent / "data" / "pdf"


def tiny_pdf() -> bytes:
    """A valid one-page PDF with a ruled table and a line of text above it."""
    ops = ["BT /F1 12 Tf 50 760 Td (Title line of the list) Tj ET"]
    for k in range(4):
        ops.append(f"50 {700 - 30 * k} m 350 {700 - 30 * k} l S")
        ops.append(f"{50 + 100 * k} 700 m {50 + 100 * k} 610 l S")
    for r in range(3):
        for c in range(3):
            ops.append(f"BT /F1 10 Tf {55 + 100 * c} {680 - 30 * r} Td (cell {r} {c}) Tj ET")
    stream = "\n".join(ops).encode()
    objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
            b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
            b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


PDF_DATA = {"tiny.pdf": tiny_pdf()}
if (PDF_DIR / "xinhe.lo-sans.pdf").exists():
    PDF_DATA["xinhe.lo-sans.pdf"] = (PDF_DIR / "xinhe.lo-sans.pdf").read_bytes()


@st.composite
def mutated_pdf(draw):
    name = draw(st.sampled_from(sorted(PDF_DATA)))
    data = bytearray(PDF_DATA[name])
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        op = draw(st.sampled_from(["flip", "cut", "dup", "digit"]))
        i = draw(st.integers(0, len(data) - 1))
        if op != "digit":
            data = _byte_op(draw, data, op, i, 256)
            continue
        # a number in the syntax changed: lengths, offsets, coordinates, counts
        j = data.find(b" ", i)
        if j > i and data[i:j].isdigit():
            data[i:j] = str(draw(st.integers(0, 10 ** 6))).encode()
    return name, bytes(data)


def test_the_tiny_pdf_reads():
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "tiny.pdf"
        p.write_bytes(tiny_pdf())
        from rlist_ingest.readers import read_model

        doc = read_model(p, "pdf")
        assert doc.blocks and any(getattr(b, "n_rows", 0) == 3 for b in doc.blocks)


@settings(max_examples=PDF_EXAMPLES, deadline=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_pdf())
def test_pdf_mutations_raise_only_input_error_and_lose_nothing(case):
    check(*case)
