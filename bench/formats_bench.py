"""Ingest speed per input format, and the text path against the code before the document
model (issue: one document model).

    python -m bench.formats_bench                 # base commit f98cc30, 5 passes
    python -m bench.formats_bench --base REV --repeat 7

Per format: the fixtures of tests/data/formats/ (the three gold lists as .docx, .xlsx,
.xls, .html, .csv, .doc) ingested one file at a time in one process, best of ``--repeat``
passes of CPU time: files/s and MB/s of input. .doc is timed by the wall clock, since
its LibreOffice conversion runs in another process.

Text path: the three samples ingested by this checkout and by a git worktree of
``--base``, each in a fresh process, alternating ``2 * --repeat`` times, five passes
each (best and median: this machine's speed drifts by a fifth from minute to minute);
then a whole
``rlist ingest`` (2 jobs, dataset written) of a 300-document synth corpus by each. The
ratios are measured in this run. With valgrind on PATH, the same comparison counted in
instructions, which machine load does not move. Figures are printed, never asserted
(``make bench``).
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
from statistics import median

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
            for _ in range(2 * repeat):  # alternate, so drift in machine load hits both
                old += child(wt / "src", SAMPLES * 4, 5)
                now += child(ROOT / "src", SAMPLES * 4, 5)
            for _ in range(repeat):
                bold.append(batch(wt / "src", corpus, Path(tmp) / "out"))
                bnow.append(batch(ROOT / "src", corpus, Path(tmp) / "out"))
            mb = sum(f.stat().st_size for f in corpus.glob("*.txt")) / 1e6
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(wt)], capture_output=True)
    n = len(SAMPLES) * 4
    print(f"\ntext path, {n} sample files ({size * 4:,} bytes) a pass, {len(old)} passes each, alternating:")
    print(f"  base {base}: best {min(old):.4f} s  median {median(old):.4f} s  {size * 4 / min(old) / 1e6:.2f} MB/s")
    print(f"  this checkout: best {min(now):.4f} s  median {median(now):.4f} s  {size * 4 / min(now) / 1e6:.2f} MB/s")
    print(f"  throughput ratio (this / base): {min(old) / min(now):.3f} (best), {median(old) / median(now):.3f} (median)")
    print(f"\nwhole batch, `rlist ingest` of a 300-document synth corpus ({mb:.1f} MB), 2 jobs, best of {repeat}:")
    print(f"  base {base}: {min(bold):.2f} s  {mb / min(bold):.2f} MB/s")
    print(f"  this checkout: {min(bnow):.2f} s  {mb / min(bnow):.2f} MB/s (writes text/<stem>.txt too)")
    print(f"  throughput ratio (this / base): {min(bold) / min(bnow):.3f} (best), "
          f"{median(bold) / median(bnow):.3f} (median)")


# Instructions executed, counted by valgrind (callgrind): unlike time on this machine,
# whose speed drifts by a fifth from minute to minute, the count does not vary by load.
ICHILD = r"""
import sys, tempfile
from pathlib import Path
kind, n = sys.argv[1], int(sys.argv[2])
if kind == "files":
    from rlist_ingest.pipeline import ingest_file
    files = sys.argv[3:]
    for _ in range(n):
        for f in files:
            ingest_file(f)
else:
    from rlist_ingest.batch import ingest_paths
    ingest_paths(sys.argv[3:3 + n], Path(tempfile.mkdtemp()) / "o", jobs=1)
"""


def instructions(src: Path, kind: str, n: int, files: list[str]) -> int:
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c",
                          ICHILD, kind, str(n), *files], env=_env(src), capture_output=True, text=True, check=True)
    return int(run.stderr.rsplit("Collected :", 1)[1].split()[0])


def instruction_ratio(base: str) -> None:
    """Instructions per pass of the text path and per document of a whole batch, by
    difference of two runs (so start-up cancels), base against this checkout."""
    if not shutil.which("valgrind"):
        print("\ninstruction counts: skipped (no valgrind)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        wt, corpus = Path(tmp) / "base", Path(tmp) / "synth"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(wt), base],
                       check=True, capture_output=True)
        subprocess.run([sys.executable, "-m", "rlist_ingest.entry", "synth", "--n", "40", "--seed", "3",
                        "--out", str(corpus)], check=True, capture_output=True)
        docs = sorted(str(p) for p in corpus.glob("*.txt"))
        samples = [str(p) for p in SAMPLES]
        try:
            got = {}
            for name, src in (("base", wt / "src"), ("this", ROOT / "src")):
                instructions(src, "files", 1, samples)  # bytecode written, so no run compiles
                files = (instructions(src, "files", 4, samples) - instructions(src, "files", 1, samples)) / 3
                batch_ = (instructions(src, "batch", 40, docs) - instructions(src, "batch", 2, docs)) / 38
                got[name] = (files, batch_)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(wt)], capture_output=True)
    (bf, bb), (tf, tb) = got["base"], got["this"]
    print("\ninstructions (valgrind callgrind), base / this checkout:")
    print(f"  text path, the 3 samples a pass: {bf / 1e6:.1f} M / {tf / 1e6:.1f} M: throughput ratio {bf / tf:.3f}")
    print(f"  whole batch (1 job, dataset written), a synth document: {bb / 1e6:.2f} M / {tb / 1e6:.2f} M: "
          f"throughput ratio {bb / tb:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="f98cc30")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    per_format(a.repeat)
    text_ratio(a.base, a.repeat)
    instruction_ratio(a.base)


if __name__ == "__main__":
    main()
