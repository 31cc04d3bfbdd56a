"""Where a document's share of the ingest budget goes (issue: national scale).

    python -m bench.budget                  # 400 documents of the 1,000-document corpus
    python -m bench.budget 200 --target 5

At ``--target`` MB/s per core, an average document may take ``size / target`` of CPU time,
end to end: the worker's parse and payload, the hand-over between processes, and the
writer in the main process. This measures each part as CPU time per document on one core,
in one process, best of ``--repeat`` passes, so that the parts add up and can be compared
with the budget; and, apart, the *output floor*: the cost of the outputs alone, made from
records that are already parsed (validated models, IDs, match keys, table columns,
canonical JSON, hand-over, writer). Whatever parsing costs must fit in the rest.

It prints figures; nothing is asserted. Run with ``make budget``.
"""

from __future__ import annotations

import argparse
import copy
import gc
import pickle
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.ingest_bench import corpus, floor


def _best(fn: Callable[[], object], repeat: int) -> float:
    """Least CPU seconds of ``repeat`` calls of ``fn``."""
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def measure(paths: list[Path], repeat: int) -> dict[str, float]:
    """CPU seconds of each part over all ``paths`` (see the module docstring)."""
    from rlist_ingest.boilerplate import prepare
    from rlist_ingest.parallel import payload
    from rlist_ingest.pipeline import assign_ids, ingest_file
    from rlist_ingest.records import Document
    from rlist_ingest.stream import DatasetStream
    from rlist_ingest.tables import document_columns
    from rlist_ingest.writers import document_json_bytes

    names = [str(p) for p in paths]
    results = [ingest_file(p) for p in names]
    docs = [r.document for r in results]
    dumps = [d.model_dump() for d in docs]
    # What the worker hands over; the JSON goes by file, as with the local engine.
    stage = Path(tempfile.mkdtemp(prefix="rlist-budget-"))
    try:
        payloads = [payload(copy.deepcopy(r.document), r.residue, p, None, r.nbytes) for r, p in zip(results, names, strict=True)]
        for p in payloads:
            p.pop("json")
            p["json_file"] = str(stage / "x.json")
        blobs = [pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL) for p in payloads]

        def writer() -> float:
            best = float("inf")
            for _ in range(repeat):
                batch = [pickle.loads(b) for b in blobs]  # unpickling is the hand-over's
                stream = DatasetStream(stage / "out")
                t = time.process_time()
                for p in batch:
                    (stage / "x.json").touch()  # stream.add moves the staged JSON into place
                    stream.add(p)
                best = min(best, time.process_time() - t)
                stream.abort()
            return best

        def fresh_best(fn: Callable[[Document], object]) -> float:
            # Payload and match keys write into the documents: time them on fresh copies.
            best = float("inf")
            for _ in range(repeat):
                copies = [copy.deepcopy(d) for d in docs]
                t = time.process_time()
                for d in copies:
                    fn(d)
                best = min(best, time.process_time() - t)
            return best

        by_doc = {r.document.id: (r, p) for r, p in zip(results, names, strict=True)}
        handover = _best(lambda: [pickle.loads(pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL))
                                  for p in payloads], repeat)
        parts = {
            "parse (ingest_file: read, records, IDs, residue)": _best(lambda: [ingest_file(p) for p in names],
                                                                     repeat),
            "payload (match keys, columns, JSON)": fresh_best(
                lambda d: payload(d, by_doc[d.id][0].residue, by_doc[d.id][1], str(stage), by_doc[d.id][0].nbytes)),
            "hand-over (pickle out, pickle in)": handover,
            "writer (DatasetStream.add, main process)": writer(),
        }
        floor_parts = {
            "validated models from plain data (one call per document)": _best(
                lambda: [Document.model_validate(x) for x in dumps], repeat),
            "IDs": _best(lambda: [assign_ids(d) for d in docs], repeat),
            "match keys and place mentions": fresh_best(prepare),
            "table columns": _best(lambda: [document_columns(d) for d in docs], repeat),
            "canonical JSON": _best(lambda: [document_json_bytes(d) for d in docs], repeat),
            "hand-over": handover,
            "writer": parts["writer (DatasetStream.add, main process)"],
        }
        read = _best(lambda: floor(paths), repeat)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return {"read, decode, split (the floor of bench.ingest_bench)": read,
            **{f"end to end: {k}": v for k, v in parts.items()},
            **{f"output floor: {k}": v for k, v in floor_parts.items()}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=400, help="documents of the 1,000-document corpus")
    ap.add_argument("--target", type=float, default=5.0, help="MB/s per core")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    gc.freeze()
    gc.set_threshold(50_000, 50, 1000)  # as in the pool workers (parallel._worker_init)
    paths = sorted(corpus(1000).glob("*.txt"))[:a.n]
    kb = sum(p.stat().st_size for p in paths) / len(paths) / 1e3
    budget = kb / 1e3 / a.target * 1e3  # ms per document
    figures = measure(paths, a.repeat)
    print(f"{len(paths)} documents, {kb:.1f} KB each on average; at {a.target:g} MB/s per core a document "
          f"may take {budget:.2f} ms of CPU in all")
    group = None
    for k, v in figures.items():
        g, _, name = k.partition(": ")
        if not name:
            ms = v / len(paths) * 1e3
            print(f"{k}: {ms:.2f} ms per document ({ms / budget:.0%} of the budget)")
            continue
        if g != group:
            total = sum(x for kk, x in figures.items() if kk.startswith(g + ": ")) / len(paths) * 1e3
            print(f"{g}: {total:.2f} ms per document ({total / budget:.0%} of the budget)")
            group = g
        ms = v / len(paths) * 1e3
        print(f"  {ms:6.2f} ms  {ms / budget:5.0%}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
