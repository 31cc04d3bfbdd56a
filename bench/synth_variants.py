"""F1 and precision of ``rlist synth`` documents by layout and variant.

    python -m bench.synth_variants [N] [SEED]     # make synth-variants

Writes a corpus of N documents (default 400) to a temporary folder, ingests each file,
and scores every document against its expected records (:mod:`rlist_ingest.synth.score`),
micro-averaged per layout variant (``pdf-layout/ALIGN/OFFICE/HEADER``: merged cells at the
top, middle or bottom of their groups, with or without 责任科室, header flat or wrapped).
A document the tool refuses counts as emitting nothing.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from rlist_ingest.errors import InputError
from rlist_ingest.pipeline import ingest_file
from rlist_ingest.synth.corpus import write_corpus
from rlist_ingest.synth.score import facts
from rlist_ingest.writers import document_json


def main(n: int = 400, seed: int = 7) -> None:
    rows: dict[str, list[int]] = {}
    docs: dict[str, int] = {}
    warned: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "corpus"
        write_corpus(n, seed, out)
        for exp_file in sorted((out / "expected").glob("*.json")):
            exp = json.loads(exp_file.read_text(encoding="utf-8"))
            try:
                doc = ingest_file(out / exp["source"]).document
                got, warn = json.loads(document_json(doc)), bool(doc.quality.warnings)
            except InputError:
                got, warn = {}, True
            ge, gg = facts(exp), facts(got)
            acc = rows.setdefault(exp["layout"], [0, 0, 0])
            for kind in ge:
                if kind == "meta":
                    continue
                acc[0] += sum((ge[kind] & gg[kind]).values())
                acc[1] += sum(ge[kind].values())
                acc[2] += sum(gg[kind].values())
            docs[exp["layout"]] = docs.get(exp["layout"], 0) + 1
            warned[exp["layout"]] = warned.get(exp["layout"], 0) + warn
    print(f"rlist synth --n {n} --seed {seed}: records of every kind, micro-averaged per layout variant")
    print(f"{'layout / variant':44s} {'docs':>5s} {'F1':>6s} {'precision':>9s} {'recall':>7s} {'warned':>7s}")
    for lay in sorted(rows):
        tp, g, o = rows[lay]
        p, r = (tp / o if o else 1.0), (tp / g if g else 1.0)
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{lay:44s} {docs[lay]:5d} {f:6.3f} {p:9.3f} {r:7.3f} {warned[lay]:7d}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
