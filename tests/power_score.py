"""Field-level scoring of powers against a hand-made gold (tests/data/powers/*.gold.json),
in the manner of ../shared/tools/score.py: powers aligned by 序号 and name; each scalar
field, each 子项 and its fields, and each citation (field, kind, title, article number) a
unit; texts compared without whitespace.

    python -m tests.power_score GOLD OUT.json   # OUT: a document JSON of `rlist ingest`
"""

from __future__ import annotations

import json
import sys
from collections import Counter

FIELDS = ("type", "subject", "office", "level", "scope", "duty")


def _k(v) -> str | None:
    return None if v is None else "".join(str(v).split())


def _units(rec: dict, prefix: str) -> Counter:
    out = Counter()
    for f in FIELDS:
        if rec.get(f) is not None:
            out[(prefix, f, _k(rec[f]))] += 1
    for b in rec.get("bases", []):
        b = b if isinstance(b, list) else [b["field"], b.get("kind"), b.get("title"), b.get("article_no")]
        out[(prefix, "basis", tuple(_k(x) for x in b))] += 1
    for it in rec.get("items", []):
        name = _k(it["name"])
        out[(prefix, "item", name)] += 1
        out.update(_units(it, f"{prefix}/{name}"))
    return out


def score(gold: dict, powers: list[dict]) -> dict:
    """Precision, recall and F1 of ``powers`` (dicts as in the document JSON) against ``gold``."""
    g, o = Counter(), Counter()
    for p in gold["powers"]:
        key = f"{p['seq']}|{_k(p['name'])}"
        g[(key, "power", None)] += 1
        g.update(_units(p, key))
    for p in powers:
        key = f"{p.get('seq')}|{_k(p['name'])}"
        o[(key, "power", None)] += 1
        o.update(_units(p, key))
    tp = sum((g & o).values())
    prec = tp / sum(o.values()) if o else 0.0
    rec = tp / sum(g.values()) if g else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": prec, "recall": rec, "f1": f1, "missing": sorted(map(str, g - o))[:20],
            "extra": sorted(map(str, o - g))[:20]}


def sheet_powers(doc: dict, sheet: str) -> list[dict]:
    """The powers of a document JSON read from one sheet (by their origin)."""
    return [p for p in doc.get("powers", []) if (p.get("origin") or "").startswith(f"{sheet}!")]


if __name__ == "__main__":
    gold = json.load(open(sys.argv[1], encoding="utf-8"))
    doc = json.load(open(sys.argv[2], encoding="utf-8"))
    print(json.dumps(score(gold, sheet_powers(doc, gold["sheet"])), ensure_ascii=False, indent=1))
