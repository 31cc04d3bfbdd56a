"""Boilerplate clustering benchmark (issue: boilerplate and diff).

    python -m bench.cluster_bench            # 1,000 and 10,000 documents, plus datasketch
    python -m bench.cluster_bench --one 1000 # one size, printed as JSON (used internally)

Each size runs in a fresh process so that its peak RSS is its own. Reported: time,
records/s, peak RSS, and the growth exponent log(t2/t1)/log(n2/n1). In the same run,
datasketch's MinHashLSH (character 5-grams, 128 permutations, threshold 0.5, as its
documentation sets it up) indexes the same records; both throughputs are reported, with
recall and precision of both methods on the labelled pairs.
"""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
import time

from rlist_ingest.cluster import TextRecord, cluster_records
from rlist_ingest.gazetteer import load_gazetteer
from rlist_ingest.grammar import load_grammar
from rlist_ingest.normalize import Normalizer

from .synth_records import Rec, synth_corpus


def build_records(n_docs: int) -> list[TextRecord]:
    return [TextRecord(Rec(), doc_id, region, kind, text)
            for doc_id, region, recs in synth_corpus(n_docs) for kind, text in recs]


def run_ours(n_docs: int) -> dict:
    records = build_records(n_docs)
    norm = Normalizer(load_gazetteer(), load_grammar())
    t0 = time.perf_counter()
    for r in records:
        r.key = norm.key(r.text, r.region)
    t1 = time.perf_counter()
    clusters = cluster_records(records)
    t2 = time.perf_counter()
    return {"docs": n_docs, "records": len(records), "keys": len({r.key for r in records}),
            "clusters": len(clusters), "normalise_s": round(t1 - t0, 2), "cluster_s": round(t2 - t1, 2),
            "total_s": round(t2 - t0, 2), "records_per_s": round(len(records) / (t2 - t0)),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def run_datasketch(n_docs: int, limit: int) -> dict:
    """MinHashLSH over the first ``limit`` records of the same corpus (one core)."""
    from datasketch import MinHash, MinHashLSH

    records = build_records(n_docs)[:limit]
    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for i, r in enumerate(records):
        m = MinHash(num_perm=128)
        for g in {r.text[k:k + 5] for k in range(max(1, len(r.text) - 4))}:
            m.update(g.encode("utf-8"))
        lsh.insert(str(i), m)
    dt = time.perf_counter() - t0
    return {"records": len(records), "secs": round(dt, 2), "records_per_s": round(len(records) / dt)}


def labelled_quality() -> dict:
    """Recall/precision on the labelled pairs: ours (the link rule) and datasketch's LSH."""
    from datasketch import MinHash, MinHashLSH

    from rlist_ingest.cluster import DEFAULT_THRESHOLD
    from rlist_ingest.evaluate import link_score, load_pairs, prf

    pairs = load_pairs()
    p, r, f = prf(pairs, link_score, DEFAULT_THRESHOLD)

    def mh(text):
        m = MinHash(num_perm=128)
        for g in {text[k:k + 5] for k in range(max(1, len(text) - 4))}:
            m.update(g.encode("utf-8"))
        return m

    tp = fp = fn = 0
    for pr in pairs:
        lsh = MinHashLSH(threshold=0.5, num_perm=128)
        lsh.insert("a", mh(pr.a))
        hit = "a" in lsh.query(mh(pr.b))
        tp += hit and pr.label
        fp += hit and not pr.label
        fn += (not hit) and pr.label
    dp = tp / (tp + fp) if tp + fp else 1.0
    dr = tp / (tp + fn) if tp + fn else 1.0
    return {"ours": {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)},
            "datasketch": {"precision": round(dp, 3), "recall": round(dr, 3),
                           "f1": round(2 * dp * dr / (dp + dr), 3) if dp + dr else 0.0}}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(run_ours(int(argv[1]))))
        return 0
    if argv[:1] == ["--datasketch"]:
        print(json.dumps(run_datasketch(int(argv[1]), int(argv[2]))))
        return 0
    sizes = [int(x) for x in argv] or [1000, 10000]
    rows = []
    for n in sizes:
        out = subprocess.run([sys.executable, "-m", "bench.cluster_bench", "--one", str(n)],
                             check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out))
        print(json.dumps(rows[-1]), flush=True)
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        exp = math.log(b["total_s"] / a["total_s"]) / math.log(b["records"] / a["records"])
        print(f"growth exponent (time vs records, {a['docs']} -> {b['docs']} docs): {exp:.3f}")
    ds = json.loads(subprocess.run([sys.executable, "-m", "bench.cluster_bench", "--datasketch", str(sizes[0]),
                                    "60000"], check=True, capture_output=True, text=True).stdout)
    ours = rows[0]["records_per_s"]
    print(f"datasketch MinHashLSH (5-grams, 128 perms): {ds['records_per_s']} records/s over {ds['records']} records")
    print(f"ours at {rows[0]['docs']} docs: {ours} records/s = {ours / ds['records_per_s']:.1f}x datasketch")
    print("labelled pairs:", json.dumps(labelled_quality()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
