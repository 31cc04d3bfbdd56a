"""Measure matching choices on the labelled pairs (tests/data/labelled_pairs.jsonl).

Chinese has no spaces, so a text can be tokenised as character n-grams or as jieba words;
each is scored by Jaccard similarity of token sets and compared by precision and recall
at its best threshold. The final decision uses rapidfuzz's ratio on the match key, whose
default threshold is chosen here too. ``python -m rlist_ingest.evaluate`` prints the table.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from .cluster import DEFAULT_N, DEFAULT_THRESHOLD, cluster_keys, jaccard, ngrams, similarity
from .gazetteer import load_gazetteer
from .grammar import load_grammar
from .normalize import Normalizer

LABELLED = Path(__file__).resolve().parents[2] / "tests" / "data" / "labelled_pairs.jsonl"


@dataclass
class Pair:
    a: str
    b: str
    label: int


def load_pairs(path: Path = LABELLED) -> list[Pair]:
    """Labelled pairs as match keys (each text normalised with its own region)."""
    norm = Normalizer(load_gazetteer(), load_grammar())
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        out.append(Pair(norm.key(d["a"], d["a_region"]), norm.key(d["b"], d["b_region"]), d["label"]))
    return out


def _jieba_tokens(key: str) -> set[str]:
    import jieba

    jieba.setLogLevel(60)
    return {w for w in jieba.lcut(key) if w.strip()}


def scorers():
    def jac(tok):
        return lambda a, b: len(tok(a) & tok(b)) / max(1, len(tok(a) | tok(b)))

    return {
        "char 2-grams (Jaccard)": jac(lambda k: ngrams(k, 2)),
        "char 3-grams (Jaccard)": jac(lambda k: ngrams(k, 3)),
        "char 4-grams (Jaccard)": jac(lambda k: ngrams(k, 4)),
        "jieba words (Jaccard)": jac(_jieba_tokens),
        "rapidfuzz ratio on the key": similarity,
    }


def prf(pairs: list[Pair], score, t: float) -> tuple[float, float, float]:
    tp = sum(1 for p in pairs if p.label and score(p.a, p.b) >= t)
    fp = sum(1 for p in pairs if not p.label and score(p.a, p.b) >= t)
    fn = sum(1 for p in pairs if p.label and score(p.a, p.b) < t)
    pr = tp / (tp + fp) if tp + fp else 1.0
    rc = tp / (tp + fn) if tp + fn else 1.0
    return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)


def best_threshold(pairs, score) -> tuple[float, tuple[float, float, float]]:
    grid = [x / 100 for x in range(20, 100)]
    return max(((t, prf(pairs, score, t)) for t in grid), key=lambda x: (x[1][2], x[0]))


def link_score(a: str, b: str) -> float:
    """The clusterer's link score: Jaccard similarity of character 4-gram sets."""
    return jaccard(ngrams(a, DEFAULT_N), ngrams(b, DEFAULT_N))


def index_recall(pairs: list[Pair], threshold: float = DEFAULT_THRESHOLD) -> float:
    """Share of positive pairs the clusterer (its n-gram prefix index) links, against the
    positives the link rule accepts when every pair is compared (1.0: blocking loses nothing)."""
    want = [p for p in pairs if p.label and p.a != p.b and link_score(p.a, p.b) >= threshold]
    hit = sum(1 for p in want if len(cluster_keys([p.a, p.b], threshold)) == 1)
    return hit / len(want) if want else 1.0


def report() -> str:
    pairs = load_pairs()
    lines = [f"labelled pairs: {len(pairs)} ({sum(p.label for p in pairs)} positive)", "",
             "| similarity | best threshold | precision | recall | F1 |", "|---|---|---|---|---|"]
    for name, score in scorers().items():
        t, (p, r, f) = best_threshold(pairs, score)
        lines.append(f"| {name} | {t:.2f} | {p:.3f} | {r:.3f} | {f:.3f} |")
    p, r, f = prf(pairs, link_score, DEFAULT_THRESHOLD)
    lines += ["", f"default link rule: char {DEFAULT_N}-gram Jaccard >= {DEFAULT_THRESHOLD}: "
              f"precision {p:.3f}, recall {r:.3f}, F1 {f:.3f}",
              f"prefix-index recall against comparing all pairs: {index_recall(pairs):.3f}"]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(report() + "\n")
