"""Boilerplate clustering across documents.

Every text-bearing record (responsibility, work item, clause, boundary duty, service) is
reduced to its match key (:mod:`normalize`). Identical keys are grouped first; distinct
keys become candidate pairs only through a prefix-filtered inverted index of character
4-grams (a pair must share one of each key's rarest 4-grams, which is exact for the
Jaccard threshold), never by comparing all pairs. Candidates whose 4-gram Jaccard
similarity reaches ``threshold`` are linked, and linked keys form a cluster.

Why 4-gram Jaccard decides links: on the labelled pairs (``python -m rlist_ingest.evaluate``)
it scored F1 0.944 at 0.55 (precision 1.000, recall 0.895), above rapidfuzz's ratio (best
F1 0.904), token-set ratio (0.884) and jieba-word Jaccard (0.831). rapidfuzz still gives
each member's reported similarity to its cluster's canonical text, and aligns records in
``rlist diff``. A cluster's canonical text is its most frequent key (ties: the smallest),
so clusters do not depend on input order.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .kinds import walk
from .records import Document, stable_id

DEFAULT_THRESHOLD = 0.55  # 4-gram Jaccard; chosen on the labelled pairs
DEFAULT_N = 4
# Titles (a regime's, a part's heading) are a few characters long: two copies with one
# character transposed or miswritten (行政处罚裁量权规范 / 行政处罚量裁权规范) share one
# 4-gram of six. Their keys carry TITLE_MARK, so they only meet each other, and are linked
# by the Jaccard similarity of their character sets at TITLE_THRESHOLD: one character
# changed in a nine-character title keeps 0.8.
SHORT_KINDS = frozenset({"regime_title", "part_heading"})
TITLE_MARK = "\x1e"
TITLE_N, TITLE_THRESHOLD = 1, 0.8


@dataclass(slots=True)
class TextRecord:
    record: object  # the pydantic record whose cluster fields get set
    document_id: str
    region: str | None
    kind: str
    text: str
    key: str = ""


@dataclass
class Cluster:
    cluster_id: str
    canonical: str
    keys: list[str]
    members: list[TextRecord] = field(default_factory=list)

    @property
    def regions(self) -> set:
        return {m.region for m in self.members}

    @property
    def documents(self) -> set:
        return {m.document_id for m in self.members}


def text_records(doc: Document, walked: list | None = None) -> list[TextRecord]:
    """The text-bearing records of a document, in document order (:data:`kinds.SLOTS`
    names each kind's clustering kind and text)."""
    out = []
    for slot, rec, _, _ in walked if walked is not None else walk(doc):
        if slot.cluster and (text := slot.cluster_text(rec)):
            out.append(TextRecord(rec, doc.id, doc.region, slot.cluster, text))
    return out


def ngrams(key: str, n: int = DEFAULT_N) -> set[str]:
    """Character n-grams of a key (the whole key if it is shorter than n)."""
    return {key[i:i + n] for i in range(max(1, len(key) - n + 1))}


def similarity(a: str, b: str) -> float:
    """Normalised Indel similarity in [0, 1] (rapidfuzz ``fuzz.ratio`` / 100)."""
    return fuzz.ratio(a, b) / 100.0


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster_keys(keys: list[str], threshold: float = DEFAULT_THRESHOLD, n: int = DEFAULT_N) -> list[list[int]]:
    """Group distinct keys: indices of each cluster (sorted), clusters sorted by first index.

    Keys are visited in a fixed order (size, then text), so the result does not depend on
    input order. Only cluster representatives are indexed: a key linked to a representative
    joins its cluster and is not indexed itself (a key linked to several merges them), so
    the index stays as small as the number of clusters. Indexing every key made time grow
    with the square of a cluster's size (edited copies of one text share all their n-grams)."""
    # Each key's n-grams as a tuple of small ints (ids of distinct n-grams): a tuple is a
    # fifth of a set's size, and these were most of the main process's memory at scale.
    # The current key's n-grams become a set once per visit, for the intersections.
    vocab: dict[str, int] = {}
    toks = [tuple({vocab.setdefault(t, len(vocab)) for t in ngrams(k, n)}) for k in keys]
    del vocab
    df = Counter(t for ts in toks for t in ts)
    uf = _UnionFind(len(keys))
    index: dict[int, list[int]] = defaultdict(list)
    for i in sorted(range(len(keys)), key=lambda i: (len(toks[i]), keys[i])):
        mine = set(toks[i])
        size = len(mine)
        # Any fixed order of n-grams keeps the prefix filter exact; rarest first keeps the
        # candidate lists short.
        prefix = sorted(mine, key=lambda t: (df[t], t))[: size - math.ceil(threshold * size) + 1]
        seen: set[int] = set()
        linked = False
        for t in prefix:
            for j in index[t]:
                if j in seen:
                    continue
                seen.add(j)
                other = toks[j]
                if len(other) >= threshold * size:
                    common = len(mine.intersection(other))
                    if common / (size + len(other) - common) >= threshold:
                        uf.union(i, j)
                        linked = True
        if not linked:
            for t in prefix:
                index[t].append(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(keys)):
        groups[uf.find(i)].append(i)
    return sorted(groups.values(), key=lambda g: g[0])


@dataclass
class KeyClusters:
    """Clusters over distinct keys: for each key its cluster index and similarity to the
    cluster's canonical key; for each cluster its id and canonical key."""

    of_key: list[int]
    similarity: list[float]
    ids: list[str]
    canonical: list[str]


def cluster_distinct(keys: list[str], counts: list[int], threshold: float = DEFAULT_THRESHOLD,
                     n: int = DEFAULT_N) -> KeyClusters:
    """Cluster distinct ``keys`` (``counts[i]`` records carry key i). The canonical key of a
    cluster is its most frequent (ties: the smallest), so the result depends only on the
    multiset of keys, not on their order."""
    of_key = [0] * len(keys)
    sims = [1.0] * len(keys)
    ids, canon = [], []
    texts = [i for i, k in enumerate(keys) if not k.startswith(TITLE_MARK)]
    titles = [i for i, k in enumerate(keys) if k.startswith(TITLE_MARK)]
    groups = [[texts[j] for j in g] for g in cluster_keys([keys[i] for i in texts], threshold, n)]
    groups += [[titles[j] for j in g] for g in cluster_keys([keys[i][1:] for i in titles],
                                                             max(threshold, TITLE_THRESHOLD), TITLE_N)]
    for ci, g in enumerate(groups):
        c = min(g, key=lambda i: (-counts[i], keys[i]))
        ids.append(stable_id("cluster", keys[c]))
        canon.append(keys[c])
        for i in g:
            of_key[i] = ci
            sims[i] = 1.0 if i == c else round(similarity(keys[i], keys[c]), 4)
    return KeyClusters(of_key, sims, ids, canon)


def shown_key(key: str) -> str:
    """A key as shown in the cluster table (without the title mark)."""
    return key[1:] if key.startswith(TITLE_MARK) else key


def cluster_records(records: list[TextRecord], threshold: float = DEFAULT_THRESHOLD,
                    n: int = DEFAULT_N) -> list[Cluster]:
    """Cluster records by their keys; sets ``cluster_id``/``cluster_similarity`` on each."""
    by_key: dict[str, list[TextRecord]] = defaultdict(list)
    for r in records:
        by_key[r.key].append(r)
    keys = sorted(by_key)  # sorted: the result does not depend on input order
    kc = cluster_distinct(keys, [len(by_key[k]) for k in keys], threshold, n)
    clusters = [Cluster(cid, shown_key(canon), []) for cid, canon in zip(kc.ids, kc.canonical, strict=True)]
    for i, k in enumerate(keys):
        c = clusters[kc.of_key[i]]
        c.keys.append(k)
        for r in by_key[k]:
            r.record.cluster_id = c.cluster_id
            r.record.cluster_similarity = kc.similarity[i]
            c.members.append(r)
    return sorted(clusters, key=lambda c: c.cluster_id)
