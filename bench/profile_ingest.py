"""Where ingest time goes, by sampling (issue: national scale).

    python -m bench.profile_ingest            # 400 documents of the 1,000-document corpus
    python -m bench.profile_ingest 200

Runs the per-file work of a worker (`parallel.ingest_one`) over synthetic documents in one
process under py-spy (a sampling profiler: it does not slow small functions more than big
ones, as tracing profilers do), keeps only samples inside `ingest_one` (imports and start-up
are left out) and prints each stage's share: inclusive time per function, then self time.
Written to bench/results/profile_ingest.txt by `make profile`.

`--run N` only does the work (N documents, as a pool worker would). Under valgrind it gives
the worker's instructions per document, a figure that does not drift with machine load as
timings here do: run it for 41 and for 1 documents and divide the difference by 40:

    valgrind --tool=callgrind --callgrind-out-file=/dev/null python -m bench.profile_ingest --run 41
"""

from __future__ import annotations

import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.ingest_bench import corpus

_FRAME = re.compile(r"(.*) \((.*?):\d+\)$")


def _name(frame: str) -> str:
    m = _FRAME.match(frame)
    return f"{m.group(1)} ({Path(m.group(2)).name})" if m else frame


def aggregate(raw: str, root: str = "ingest_one") -> tuple[int, collections.Counter, collections.Counter]:
    """(samples under ``root``, inclusive samples per function, self samples per function)
    from py-spy's raw (collapsed stacks) output."""
    incl: collections.Counter = collections.Counter()
    own: collections.Counter = collections.Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [_name(f) for f in stack.split(";")]
        at = next((i for i, f in enumerate(frames) if f.startswith(root + " ")), None)
        if at is None:
            continue
        frames = frames[at:]  # callers of the root (runpy, the loop) are not stages
        n = int(count)
        total += n
        own[frames[-1]] += n
        for f in set(frames):
            incl[f] += n
    return total, incl, own


def main(argv: list[str]) -> int:
    if argv[:1] == ["--run"]:
        from rlist_ingest.parallel import _worker_init, ingest_one

        _worker_init(os.getppid())  # as in a pool worker (garbage-collector settings)
        for p in sorted(corpus(1000).glob("*.txt"))[:int(argv[1])]:
            ingest_one(str(p), 1 << 26)
        return 0
    n = int(argv[0]) if argv else 400
    # Installed beside this Python (a venv's bin/ need not be on PATH).
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if spy is None:
        print("py-spy is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    corpus(1000)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "raw.txt"
        subprocess.run([spy, "record", "-r", "500", "-f", "raw", "-o", str(out), "--",
                        sys.executable, "-m", "bench.profile_ingest", "--run", str(n)],
                       check=True, capture_output=True)
        total, incl, own = aggregate(out.read_text())
    print(f"py-spy samples inside ingest_one over {n} synthetic documents: {total}")
    print("inclusive share (a stage and everything it calls):")
    for f, c in incl.most_common(30):
        print(f"  {c / total:6.1%}  {f}")
    print("self share (time in the function's own code):")
    for f, c in own.most_common(20):
        print(f"  {c / total:6.1%}  {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
