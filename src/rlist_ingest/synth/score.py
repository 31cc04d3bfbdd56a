"""Field-by-field precision/recall/F1 of ingested documents against expected records.

The facts compared are those of the gold scorer (``score.py`` in the shared tools): every
text is compared with whitespace removed, records as multisets per kind. Totals are
summed over documents (micro-average).

    python -m rlist_ingest.synth.score CORPUS_DIR DATASET_DIR
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

WS = re.compile(r"\s+")


def norm(s):
    return WS.sub("", s or "")


def facts(doc: dict) -> dict[str, Counter]:
    k = {}
    rs = doc.get("responsibilities") or []
    k["responsibility"] = Counter((r.get("seq"), norm(r.get("text"))) for r in rs)
    k["item"] = Counter((r.get("seq"), norm(i.get("text"))) for r in rs for i in r.get("items") or [])
    k["item_office"] = Counter((norm(i.get("text")), norm(i.get("office"))) for r in rs for i in r.get("items") or [])
    bs = doc.get("boundaries") or []
    k["boundary"] = Counter((b.get("seq"), norm(b.get("matter"))) for b in bs)
    k["boundary_party"] = Counter((b.get("seq"), norm(p.get("department")), norm(p.get("duty")))
                                  for b in bs for p in b.get("parties") or [])
    gs = doc.get("regimes") or []
    k["regime"] = Counter(norm(g.get("title")) for g in gs)
    k["regime_part"] = Counter((norm(g.get("title")), norm(p.get("heading"))) for g in gs for p in g.get("parts") or [])
    ss = doc.get("services") or []
    k["service"] = Counter((s.get("seq"), norm(s.get("item")), norm(s.get("office")), norm(s.get("phone"))) for s in ss)
    k["meta"] = Counter([("region", norm(doc.get("region"))), ("department", norm(doc.get("department")))])
    return k


def score_corpus(corpus: Path, dataset: Path) -> dict:
    """Per-kind and overall micro-averaged P/R/F1, plus per-layout overall F1."""
    tot: dict[str, list[int]] = {}
    by_layout: dict[str, list[int]] = {}
    missing = 0
    for exp_file in sorted((Path(corpus) / "expected").glob("*.json")):
        exp = json.loads(exp_file.read_text(encoding="utf-8"))
        got_file = Path(dataset) / "documents" / exp_file.name
        got = json.loads(got_file.read_text(encoding="utf-8")) if got_file.exists() else {}
        missing += not got_file.exists()
        ge, gg = facts(exp), facts(got)
        lay = by_layout.setdefault(exp.get("layout", "?"), [0, 0, 0])
        for kind in ge:
            tp = sum((ge[kind] & gg[kind]).values())
            row = tot.setdefault(kind, [0, 0, 0])
            for acc in (row, lay):
                acc[0] += tp
                acc[1] += sum(ge[kind].values())
                acc[2] += sum(gg[kind].values())

    def prf(tp, g, o):
        p = tp / o if o else 1.0
        r = tp / g if g else 1.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}

    all_ = [sum(v[i] for v in tot.values()) for i in range(3)]
    return {"kinds": {k: prf(*v) for k, v in tot.items()}, "overall": prf(*all_),
            "by_layout": {k: prf(*v) for k, v in by_layout.items()}, "missing_documents": missing}


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(score_corpus(Path(sys.argv[1]), Path(sys.argv[2])), ensure_ascii=False, indent=2))
