"""Ingest speed per input format, and the text path against the code before the document
model (issue: one document model).

    python -m bench.formats_bench                 # base commit f98cc30, 5 passes
    python -m bench.formats_bench --base REV --repeat 7

Per format: the fixtures of tests/data/formats/ (the three gold lists as .docx, .xlsx,
.xls, .html, .csv, .doc) ingested one file at a time in one process, best of ``--repeat``
passes of CPU time: files/s and MB/s of input. .doc is timed by the wall clock, since
its LibreOffice conversion runs in another process.

Text path: the three samples ingested by this checkout and by a git worktree of
``--base``, each in a fresh process, alternating, best of ``--repeat``; then a whole
``rlist ingest`` (2 jobs, dataset written) of a 300-document synth corpus by each. The
ratios are measured in this run. Figures are printed, never asserted (``make bench``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "data" / "formats"
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))

# Run inside a fresh interpreter: ingest the files `loops` times, print CPU seconds per pass.
CHILD = r"""
import json, sys, time
from rlist_ingest.pipeline import ingest_file
files, loops, wall = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "wall"
for f in files:
    ingest_file(f)  # warm: imports, grammar, caches
best = []
for _ in range(loops):
    t, w = time.process_time(), time.perf_counter()
    for f in files:
        ingest_file(f)
    best.append(time.perf_counter() - w if wall else time.process_time() - t)
print(json.dumps(best))
"""


def _env(src: Path) -> dict:
    # Bytecode is cached as an installed package has it: without, every process compiles
    # every module it imports, a cost no user pays twice.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(src)}


def child(src: Path, files: list[Path], loops: int, clock: str = "cpu") -> list[float]:
    env = _env(src)
    out = subprocess.run([sys.executable, "-c", CHILD, json.dumps([str(f) for f in files]), str(loops), clock],
                         capture_output=True, text=True, env=env, check=True, cwd=tempfile.gettempdir())
    return json.loads(out.stdout.strip().splitlines()[-1])


def per_format(repeat: int) -> None:
    groups: dict[str, list[Path]] = {}
    for p in sorted(FIXTURES.iterdir()):
        if p.is_file():
            fmt = "".join(p.suffixes)
            groups.setdefault(fmt, []).append(p)
    print(f"{'format':<10} {'files':>5} {'bytes':>9} {'s/pass':>8} {'files/s':>8} {'MB/s':>7}")
    for fmt, files in groups.items():
        if fmt == ".doc" and not shutil.which("soffice"):
            print(f"{fmt:<10} skipped: no soffice")
            continue
        loops = 1 if fmt == ".doc" else repeat
        t = min(child(ROOT / "src", files, loops, "wall" if fmt == ".doc" else "cpu"))
        size = sum(f.stat().st_size for f in files)
        print(f"{fmt:<10} {len(files):>5} {size:>9,} {t:>8.3f} {len(files) / t:>8.1f} {size / t / 1e6:>7.2f}")


def batch(src: Path, corpus: Path, out: Path) -> float:
    """Wall seconds of a whole `rlist ingest` of the corpus (2 jobs), writer included."""
    shutil.rmtree(out, ignore_errors=True)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "rlist_ingest.entry", "ingest", str(corpus / "*.txt"), "--out", str(out),
                    "-q", "--jobs", "2"], env=_env(src), check=True, capture_output=True)
    return time.perf_counter() - t


def text_ratio(base: str, repeat: int) -> None:
    size = sum(f.stat().st_size for f in SAMPLES)
    with tempfile.TemporaryDirectory() as tmp:
        wt = Path(tmp) / "base"
        corpus = Path(tmp) / "synth"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(wt), base],
                       check=True, capture_output=True)
        subprocess.run([sys.executable, "-m", "rlist_ingest.entry", "synth", "--n", "300", "--seed", "1",
                        "--out", str(corpus)], check=True, capture_output=True)
        try:
            batch(wt / "src", corpus, Path(tmp) / "out")  # warm: bytecode, page cache
            batch(ROOT / "src", corpus, Path(tmp) / "out")
            now, old, bnow, bold = [], [], [], []
            for _ in range(repeat):  # alternate, so drift in machine load hits both
                old += child(wt / "src", SAMPLES * 12, 1)
                now += child(ROOT / "src", SAMPLES * 12, 1)
                bold.append(batch(wt / "src", corpus, Path(tmp) / "out"))
                bnow.append(batch(ROOT / "src", corpus, Path(tmp) / "out"))
            mb = sum(f.stat().st_size for f in corpus.glob("*.txt")) / 1e6
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(wt)], capture_output=True)
    n = len(SAMPLES) * 12
    print(f"\ntext path, {n} sample files ({size * 12:,} bytes) per pass, best of {repeat}:")
    print(f"  base {base}: {min(old):.3f} s/pass  {size * 12 / min(old) / 1e6:.2f} MB/s")
    print(f"  this checkout: {min(now):.3f} s/pass  {size * 12 / min(now) / 1e6:.2f} MB/s")
    print(f"  throughput ratio (this / base): {min(old) / min(now):.3f}")
    print(f"\nwhole batch, `rlist ingest` of a 300-document synth corpus ({mb:.1f} MB), 2 jobs, best of {repeat}:")
    print(f"  base {base}: {min(bold):.2f} s  {mb / min(bold):.2f} MB/s")
    print(f"  this checkout: {min(bnow):.2f} s  {mb / min(bnow):.2f} MB/s (writes text/<stem>.txt too)")
    print(f"  throughput ratio (this / base): {min(bold) / min(bnow):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="f98cc30")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    per_format(a.repeat)
    text_ratio(a.base, a.repeat)


if __name__ == "__main__":
    main()
