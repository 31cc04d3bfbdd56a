"""Score every file of a folder against ../shared/gold: one line each.

    python -m bench.score_dir DIR [DIR ...] [--gold GOLD_DIR] [--verbose]

A file ``NAME.anything`` is scored against ``GOLD_DIR/NAME.json`` (default ../shared/gold,
then tests/data/departments for the lists this project wrote). Prints overall F1,
precision over everything emitted, the worst kind, the residue lines and the
document's warnings; a refused file prints its error code. The last line is the mean.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDS = [ROOT.parent / "shared" / "gold", ROOT / "tests" / "data" / "departments"]


def load_scorer():
    spec = importlib.util.spec_from_file_location("score", ROOT.parent / "shared" / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def precision(scorer, gold: dict, got: dict) -> float:
    gk, ok = scorer.keys(gold), scorer.keys(got)
    tp = sum(sum((gk[k] & ok[k]).values()) for k in gk if k != "meta")
    n = sum(sum(ok[k].values()) for k in ok if k != "meta")
    return tp / n if n else 1.0


def score_file(scorer, path: Path, golds: list[Path], verbose: bool = False) -> tuple[float, float, str]:
    from rlist_ingest.errors import InputError
    from rlist_ingest.pipeline import ingest_file
    from rlist_ingest.writers import document_json

    name = path.name.split(".")[0]
    gold_path = next((g / f"{name}.json" for g in golds if (g / f"{name}.json").exists()), None)
    if gold_path is None:
        return 0.0, 0.0, "no gold"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    try:
        res = ingest_file(path)
    except InputError as e:
        return 0.0, 1.0, f"refused: {e.code}"
    got = json.loads(document_json(res.document))
    rows, f1 = scorer.score(gold, got, verbose=verbose)
    worst = min(rows, key=lambda r: r[-1])
    q = got.get("quality") or {}
    warns = q.get("warnings") or []
    info = f"worst {worst[0]} {worst[-1]:.3f}  residue {len(res.residue)}  warnings {len(warns)}"
    if verbose and warns:
        info += "\n      " + "\n      ".join(warns[:8])
    return f1, precision(scorer, gold, got), info


def main(argv: list[str]) -> None:
    verbose = "--verbose" in argv
    golds, args = GOLDS, list(argv)
    if "--gold" in args:
        i = args.index("--gold")
        golds = [Path(args[i + 1])]
        del args[i:i + 2]
    dirs = [Path(a) for a in args if not a.startswith("--")]
    scorer = load_scorer()
    f1s, ps = [], []
    for d in dirs:
        files = sorted(d.glob("*.txt")) + sorted(p for p in d.iterdir() if p.suffix not in (".txt", ".json")) \
            if d.is_dir() else [d]
        for f in files:
            f1, p, info = score_file(scorer, f, golds, verbose)
            f1s.append(f1)
            ps.append(p)
            print(f"{f.name:40s} F1 {f1:.3f}  precision {p:.3f}  {info}", flush=True)
    if f1s:
        print(f"{len(f1s)} files: mean F1 {sum(f1s) / len(f1s):.3f}, min precision {min(ps):.3f}, "
              f"{sum(f >= 0.98 for f in f1s)} at F1 >= 0.98")


if __name__ == "__main__":
    main(sys.argv[1:])
