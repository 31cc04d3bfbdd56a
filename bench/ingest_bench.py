"""Ingest at scale (issue: national scale).

    python -m bench.ingest_bench                  # synthetic corpora of 1,000 and 10,000 documents
    python -m bench.ingest_bench 200 2000         # other sizes

For each size: writes the corpus with `rlist synth` (once, cached under bench/data/), then in
a fresh process ingests it with all cores (local engine) and reports documents/s, MB/s,
MB/s per core, peak RSS (main process and largest worker), the time of each phase
(ingest, clustering, tables, JSON patch), and, in the same run, the floor: plain reading,
decoding and line-splitting of the same files in Python on one core. Ingest is reported as
a ratio to that floor, per core. Extraction F1 against the expected records is printed for
the first size. Growth exponents compare the sizes. Nothing here is asserted.
"""

from __future__ import annotations

import json
import math
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"


def corpus(n: int) -> Path:
    d = DATA / f"synth_{n}"
    if not (d / "expected").is_dir() or len(list(d.glob("*.txt"))) != n:
        shutil.rmtree(d, ignore_errors=True)
        from rlist_ingest.synth.corpus import write_corpus

        write_corpus(n, seed=n, out=d)
    return d


def floor(paths: list[Path]) -> float:
    """Seconds to read, decode and split the files, one core."""
    t = time.perf_counter()
    for p in paths:
        data = p.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("gb18030")
        text.splitlines()
    return time.perf_counter() - t


def one(n: int) -> dict:
    from rlist_ingest.batch import ingest_paths
    from rlist_ingest.parallel import default_jobs

    d = corpus(n)
    paths = sorted(d.glob("*.txt"))
    mb = sum(p.stat().st_size for p in paths) / 1e6
    floor_s = floor(paths)
    out = DATA / f"out_{n}"
    jobs = default_jobs()
    t = time.perf_counter()
    report = ingest_paths([str(p) for p in paths], out, jobs=jobs)
    total = time.perf_counter() - t
    res = {"docs": n, "mb": round(mb, 1), "jobs": jobs, "errors": len(report.errors), **report.timings,
           "docs_per_s": round(n / total, 1), "mb_per_s": round(mb / total, 2),
           "ingest_mb_per_s_per_core": round(mb / report.timings["ingest_s"] / jobs, 2),
           "floor_s": round(floor_s, 2), "floor_mb_per_s": round(mb / floor_s, 1),
           "ingest_to_floor_per_core": round(report.timings["ingest_s"] * jobs / floor_s, 1),
           "peak_rss_main_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
           "peak_rss_worker_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}
    return res


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(one(int(argv[1]))))
        return 0
    sizes = [int(x) for x in argv] or [1000, 10000]
    rows = []
    for n in sizes:
        corpus(n)  # generated outside the timed process
        out = subprocess.run([sys.executable, "-m", "bench.ingest_bench", "--one", str(n)], check=True,
                             capture_output=True, text=True, cwd=ROOT).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        for k in ("ingest_s", "cluster_s", "total_s"):
            if a.get(k) and b.get(k):
                print(f"growth exponent of {k} ({a['docs']} -> {b['docs']} docs): "
                      f"{math.log(b[k] / a[k]) / math.log(b['docs'] / a['docs']):.3f}")
    from rlist_ingest.synth.score import score_corpus

    s = score_corpus(DATA / f"synth_{sizes[0]}", DATA / f"out_{sizes[0]}")
    print(f"extraction F1 over {sizes[0]} synthetic documents: {json.dumps(s['overall'])}; "
          f"by layout {json.dumps(s['by_layout'])}")
    print("per kind:", json.dumps({k: v["f1"] for k, v in s["kinds"].items()}))
    print(f"cores: {os.cpu_count()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
