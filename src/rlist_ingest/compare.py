"""County × county shared text (``rlist compare``, and the report's heatmap).

The rule: a text record of region A is *shared with* region B when its boilerplate cluster
(:mod:`cluster`) has a member in a document of B. ``share[A][B]`` is the share of A's text
records shared with B (so the matrix is not symmetric: a short list copied whole into a
long one shares all of its text, the long one little of its). The diagonal is 1 where a
region has text records.

How it meets ``rlist diff``: diff aligns two documents' records one to one by match key
similarity; a pair it calls *identical* has one match key, hence one cluster, so A's
records in identical pairs with B are always among those shared with B. Changed pairs
(similar but not equal keys) are shared when their keys' 4-gram Jaccard similarity
reaches the clustering threshold. ``tests/test_compare.py`` checks both on the samples.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq


@dataclass
class Matrix:
    regions: list[str]
    records: np.ndarray  # text records per region
    shared: np.ndarray  # shared[a, b]: records of a whose cluster has a member in b

    @property
    def share(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.records[:, None] > 0, self.shared / np.maximum(self.records[:, None], 1), 0.0)

    def order(self) -> list[int]:
        """Regions ordered so that families that copy each other sit together: average-
        linkage clustering on 1 − the symmetric share, leaves in optimal order."""
        n = len(self.regions)
        if n < 3:
            return list(range(n))
        from scipy.cluster.hierarchy import leaves_list, linkage
        from scipy.spatial.distance import squareform

        s = self.share
        d = 1.0 - (s + s.T) / 2
        np.fill_diagonal(d, 0.0)
        return [int(i) for i in leaves_list(linkage(squareform(np.clip(d, 0, 1), checks=False), "average",
                                                    optimal_ordering=True))]

    def long_rows(self) -> list[dict]:
        s = self.share
        return [{"region_a": a, "region_b": b, "records_a": int(self.records[i]), "shared_records": int(self.shared[i, j]),
                 "share": round(float(s[i, j]), 6)}
                for i, a in enumerate(self.regions) for j, b in enumerate(self.regions)]


def region_matrix(dataset: Path) -> Matrix:
    """The matrix of a dataset, from its ``records`` and ``boilerplate_clusters`` tables
    (a sparse product: region × cluster counts times cluster × region presence)."""
    from scipy import sparse

    rec = pq.read_table(Path(dataset) / "records.parquet", columns=["region", "cluster_id"])
    rec = rec.filter(pc.and_(pc.is_valid(rec["cluster_id"]), pc.is_valid(rec["region"])))
    clu = pq.read_table(Path(dataset) / "boilerplate_clusters.parquet", columns=["cluster_id", "regions"])
    regions = sorted(set(rec["region"].to_pylist()))
    ri = {r: i for i, r in enumerate(regions)}
    cids = clu["cluster_id"].to_pylist()
    ci = {c: i for i, c in enumerate(cids)}
    rows = np.array([ri[r] for r in rec["region"].to_pylist()], dtype=np.int64)
    cols = np.array([ci[c] for c in rec["cluster_id"].to_pylist()], dtype=np.int64)
    m = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(regions), len(cids)))
    pr, pcl = [], []
    for i, rs in enumerate(clu["regions"].to_pylist()):
        for r in rs or []:
            if r in ri:
                pr.append(i)
                pcl.append(ri[r])
    p = sparse.csr_matrix((np.ones(len(pr)), (pr, pcl)), shape=(len(cids), len(regions)))
    shared = (m @ p).toarray()
    return Matrix(regions, np.asarray(m.sum(axis=1)).ravel(), shared)


def write_matrix(mx: Matrix, path: Path) -> None:
    """``.parquet``: the long form (region_a, region_b, records_a, shared_records, share);
    otherwise CSV (UTF-8 with BOM): the wide matrix of shares, rows A, columns B."""
    import csv

    import pyarrow as pa

    from .outfile import write_atomically

    if path.suffix == ".parquet":
        table = pa.Table.from_pylist(mx.long_rows()).replace_schema_metadata({"generator": "rlist-ingest compare"})
        write_atomically(path, lambda tmp: pq.write_table(table, tmp))
        return
    s = mx.share

    def w(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            out = csv.writer(fh, lineterminator="\r\n")
            out.writerow(["region", "records", *mx.regions])
            for i, r in enumerate(mx.regions):
                out.writerow([r, int(mx.records[i]), *(f"{x:.4f}" for x in s[i])])
    write_atomically(path, w)


_MARK = b"rlist-ingest"


def _is_ours(p: Path) -> bool:
    """A matrix or pairs file this tool wrote: Parquet with our metadata key, CSV with our
    header, JSON lines whose first line names the tool."""
    head = p.read_bytes()[:4096] if p.suffix != ".parquet" else b""
    if p.suffix == ".parquet":
        return pq.read_schema(p).metadata.get(b"generator", b"").startswith(_MARK)
    return head.startswith("\ufeffregion,records,".encode()) or b'"generator": "rlist-ingest' in head


def check(path: Path) -> Path:
    from .outfile import check_file

    return check_file(path, _is_ours, "rlist compare", "matrix.csv")


def diff_all(dataset: Path, path: Path, min_similarity: float = 0.5) -> int:
    """Every pair of documents of ``dataset`` diffed, one JSON object per line (the
    first line says what wrote the file); returns the number of pairs. Identical records
    are counted, not listed, to keep N × N reports readable."""
    import json

    from . import __version__
    from .diff import diff_documents
    from .outfile import write_atomically
    from .records import Document

    docs = sorted((Document.model_validate_json(f.read_text(encoding="utf-8"))
                   for f in sorted((Path(dataset) / "documents").glob("*.json"))), key=lambda d: (d.source, d.id))
    n = 0

    def w(tmp: Path) -> None:
        nonlocal n
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(json.dumps({"generator": f"rlist-ingest {__version__}", "documents": len(docs),
                                 "min_similarity": min_similarity}) + "\n")
            for i, a in enumerate(docs):
                for b in docs[i + 1:]:
                    rep = diff_documents(a, b, min_similarity)
                    for sec in rep["sections"].values():
                        sec.pop("identical", None)
                    fh.write(json.dumps(rep, ensure_ascii=False) + "\n")
                    n += 1
    write_atomically(path, w)
    return n
