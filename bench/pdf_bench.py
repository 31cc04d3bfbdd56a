"""PDF reading speed and memory (issue: PDFs read directly).

    python -m bench.pdf_bench [--repeat 3] [--pages 400]

Speed: pages per CPU second on one core over the PDFs of tests/data/pdf/ (the three
gold lists printed by Chromium and LibreOffice), best of ``--repeat`` round-robin passes
(each pass times every contender once; ratios are taken pass by pass), for

- this reader (``read_model``: pages to the document model) and a whole ``ingest_file``
  (records, IDs, residue);
- poppler's ``pdftotext`` (the C baseline; its child CPU time) and ``pdftotext -layout``;
- plain pdfplumber text extraction (``page.extract_text()``, pages closed), the floor
  any reader on pdfplumber starts from, and pdfplumber's own table extraction on top of
  it (``find_tables`` then ``Table.extract()``, which crops the page once per cell);

all measured in this run, with the ratios. Then where the reader's time goes (cProfile
of ``read_model`` over the fixtures, by the reader's stages and pdfminer's parsing), and
peak RSS on a ``--pages``-page PDF (the fixtures joined with qpdf) for this reader, for
pdfplumber reading every page's glyphs with pages closed, and with them left open (what
holds memory). Each RSS figure is a fresh process's ``ru_maxrss``. Printed, never asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.budget import _best

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted((ROOT / "tests" / "data" / "pdf").glob("*.pdf"))


def pages_of(paths) -> int:
    import pdfplumber

    n = 0
    for p in paths:
        with pdfplumber.open(p) as pdf:
            n += len(pdf.pages)
    return n


def child_cpu(cmds, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        for c in cmds:
            subprocess.run(c, check=True, capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return best


def plain_pdfplumber() -> None:
    import pdfplumber

    for p in PDFS:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()


def plain_tables() -> None:
    import pdfplumber

    for p in PDFS:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                for t in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
                    t.extract()
                page.extract_text()
                page.close()


def reader() -> None:
    from rlist_ingest.readers import read_model

    for p in PDFS:
        read_model(p, "pdf")


def ingest() -> None:
    from rlist_ingest.pipeline import ingest_file

    for p in PDFS:
        ingest_file(p)


RSS_CHILD = r"""
import resource, sys, logging
logging.getLogger("pdfminer").setLevel(logging.ERROR)
mode, path = sys.argv[1], sys.argv[2]
if mode == "reader":
    from rlist_ingest.readers import read_model
    read_model(path, "pdf")
else:
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.chars
            page.find_tables()
            if mode == "closed":
                page.close()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def rss_mb(mode: str, path: Path) -> float:
    out = subprocess.run([sys.executable, "-c", RSS_CHILD, mode, str(path)], check=True, capture_output=True,
                         text=True).stdout.split()[-1]
    return int(out) / 1024


def big_pdf(pages: int, tmp: Path) -> Path:
    """The fixtures joined over and over to ``pages`` pages (qpdf)."""
    counts = {p: pages_of([p]) for p in PDFS}
    chosen, n = [], 0
    while n < pages:
        for p in PDFS:
            if n >= pages:
                break
            chosen.append(p)
            n += counts[p]
    out = tmp / f"big{n}.pdf"
    subprocess.run(["qpdf", "--empty", "--pages", *map(str, chosen), "--", str(out)], check=True)
    return out


def profile() -> str:
    pr = cProfile.Profile()
    pr.enable()
    reader()
    pr.disable()
    s = io.StringIO()
    stats = pstats.Stats(pr, stream=s)
    total = stats.total_tt
    by = {(file, func): (tt, ct) for (file, _, func), (_, _, tt, ct, _) in stats.stats.items()}
    groups = {"pdfminer (parsing pages, fonts, content streams)": 0.0, "pdfplumber (objects, edges, table finder)": 0.0,
              "rlist reader (cells, lines, stitching, furniture)": 0.0, "other": 0.0}
    for (file, _), (tt, _) in by.items():
        if "pdfminer" in file:
            groups["pdfminer (parsing pages, fonts, content streams)"] += tt
        elif "pdfplumber" in file:
            groups["pdfplumber (objects, edges, table finder)"] += tt
        elif "rlist_ingest" in file:
            groups["rlist reader (cells, lines, stitching, furniture)"] += tt
        else:
            groups["other"] += tt
    lines = [f"  {k:52s} {v:6.2f} s  {100 * v / total:5.1f}%" for k, v in groups.items()]
    top = sorted(((ct, f"{Path(f).parent.name}/{Path(f).name}:{fn}") for (f, fn), (_, ct) in by.items()),
                 reverse=True)
    lines.append("  by cumulative time:")
    lines += [f"    {ct:6.2f} s  {name}" for ct, name in top[:14]]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pages", type=int, default=400)
    args = ap.parse_args()
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    n_pages = pages_of(PDFS)
    print(f"{len(PDFS)} PDFs, {n_pages} pages (tests/data/pdf); CPU seconds, {args.repeat} round-robin passes, one core")
    contenders = {}
    if shutil.which("pdftotext"):
        contenders["poppler pdftotext"] = lambda: child_cpu([["pdftotext", str(p), "/dev/null"] for p in PDFS], 1)
        contenders["poppler pdftotext -layout"] = lambda: child_cpu(
            [["pdftotext", "-layout", str(p), "/dev/null"] for p in PDFS], 1)
    contenders["pdfplumber extract_text, pages closed"] = lambda: _best(plain_pdfplumber, 1)
    contenders["pdfplumber find_tables+extract+extract_text"] = lambda: _best(plain_tables, 1)
    contenders["rlist read_model (PDF to document model)"] = lambda: _best(reader, 1)
    contenders["rlist ingest_file (records, IDs, residue)"] = lambda: _best(ingest, 1)
    reader()  # warm: imports, jieba's dictionary
    # Round robin: each pass times every contender once, so the machine's drift from
    # minute to minute (a fifth and more here) falls on all of them alike; the ratios are
    # taken pass by pass.
    times: dict[str, list[float]] = {k: [] for k in contenders}
    for _ in range(args.repeat):
        for name, fn in contenders.items():
            times[name].append(fn())
    base = "pdfplumber extract_text, pages closed"
    for name, ts in times.items():
        ratios = sorted(t / b for t, b in zip(ts, times[base], strict=True))
        print(f"  {name:44s} best {min(ts):6.2f} s  {n_pages / min(ts):6.1f} pages/s   vs pdfplumber text: "
              f"median {ratios[len(ratios) // 2]:.2f}x (passes {', '.join(f'{r:.2f}' for r in ratios)})")
    if "poppler pdftotext" in times:
        rr = sorted(a / b for a, b in zip(times["rlist read_model (PDF to document model)"], times["poppler pdftotext"],
                                          strict=True))
        print(f"  rlist read_model / pdftotext: median {rr[len(rr) // 2]:.1f}x the time")
    print("\nwhere read_model's time goes (cProfile, one pass over the fixtures):")
    print(profile())
    if shutil.which("qpdf"):
        with tempfile.TemporaryDirectory() as tmp:
            big = big_pdf(args.pages, Path(tmp))
            n = pages_of([big])
            print(f"\npeak RSS on a {n}-page PDF ({big.stat().st_size / 1e6:.1f} MB):")
            for mode, what in (("reader", "rlist read_model"), ("closed", "pdfplumber chars + find_tables, pages closed"),
                               ("open", "pdfplumber chars + find_tables, pages left open")):
                print(f"  {what:50s} {rss_mb(mode, big):7.0f} MB")
    print(json.dumps({"pages": n_pages}))


if __name__ == "__main__":
    main()
