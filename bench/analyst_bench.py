"""Sizes and times of the analyst outputs at scale (``make analyst-bench``): a synthetic
corpus of N documents ingested once, then each export, the report (written, then rendered
by headless Chromium when it is installed) and the compare matrix, each timed in this run.

    python -m bench.analyst_bench 1000
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rlist_ingest.batch import ingest_paths
from rlist_ingest.compare import region_matrix, write_matrix
from rlist_ingest.exports import export
from rlist_ingest.report import write_report
from rlist_ingest.synth.corpus import write_corpus


def _size(p: Path) -> int:
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) if p.is_dir() else p.stat().st_size


def main(n: int) -> int:
    base = Path(tempfile.mkdtemp(prefix="rlist-analyst-"))
    try:
        write_corpus(n, 11, base / "synth")
        t = time.perf_counter()
        ingest_paths(sorted(str(p) for p in (base / "synth").glob("*.txt")), base / "out")
        ingest_s = time.perf_counter() - t
        ds = base / "out"
        parquet = sum(f.stat().st_size for f in ds.glob("*.parquet"))
        print(f"{n} synthetic documents (seed 11); ingest {ingest_s:.1f} s; Parquet tables {parquet / 1e6:.1f} MB")
        print("| output | command | time (s) | size (MB) | time / ingest |")
        print("|---|---|---|---|---|")
        rows = [("csv", "rlist export out --to csv -o csv/", base / "csv"),
                ("xlsx", "rlist export out --to xlsx -o lists.xlsx", base / "lists.xlsx"),
                ("sqlite", "rlist export out --to sqlite -o lists.db", base / "lists.db")]
        for to, cmd, path in rows:
            t = time.perf_counter()
            export(ds, to, path)
            dt = time.perf_counter() - t
            print(f"| {to} | `{cmd}` | {dt:.1f} | {_size(path) / 1e6:.1f} | {dt / ingest_s:.2f} |")
        t = time.perf_counter()
        data = write_report(ds, base / "report.html")
        dt = time.perf_counter() - t
        print(f"| report | `rlist report out -o report.html` | {dt:.1f} | {_size(base / 'report.html') / 1e6:.2f} | "
              f"{dt / ingest_s:.2f} |")
        t = time.perf_counter()
        write_matrix(region_matrix(ds), base / "matrix.csv")
        dt = time.perf_counter() - t
        print(f"| compare | `rlist compare out -o matrix.csv` | {dt:.1f} | {_size(base / 'matrix.csv') / 1e6:.2f} | "
              f"{dt / ingest_s:.2f} |")
        chromium = shutil.which("chromium")
        if chromium:
            t = time.perf_counter()
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            f"--user-data-dir={base / 'profile'}", "--window-size=1280,2000",
                            f"--screenshot={base / 'shot.png'}", (base / "report.html").as_uri()],
                           check=True, timeout=300, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print(f"| report in Chromium | headless load + screenshot | {time.perf_counter() - t:.1f} | | |")
        print(f"{len(data['documents'])} documents, {len(data['matrix'].regions)} regions, {data['records']} text "
              f"records, {data['clusters']} clusters in the report")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
