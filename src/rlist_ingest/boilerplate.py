"""Annotate a batch of documents: province and city, foreign place mentions, boilerplate
clusters and each document's local share."""

from __future__ import annotations

from .cluster import DEFAULT_THRESHOLD, Cluster, cluster_records, text_records
from .gazetteer import load_gazetteer
from .grammar import load_grammar
from .normalize import Normalizer
from .records import Document


def _full_text(doc: Document) -> str:
    """Every string of the document, for placing a region the gazetteer lacks."""
    return doc.model_dump_json()


def annotate(docs: list[Document], threshold: float = DEFAULT_THRESHOLD) -> list[Cluster]:
    """Fill province/city, ``foreign_places``, ``cluster_id``/``cluster_similarity`` and
    ``local_share`` in place; return the clusters."""
    gaz = load_gazetteer()
    norm = Normalizer(gaz, load_grammar())
    records = []
    for doc in docs:
        if doc.region and (doc.province is None or doc.city is None):
            doc.province, doc.city = gaz.province_city(doc.region, _full_text(doc))
        own = {x for x in (doc.region, doc.city, doc.province) if x}
        for tr in text_records(doc):
            tr.key = norm.key(tr.text, doc.region)
            tr.record.foreign_places = norm.foreign(tr.text, own)
            records.append(tr)
    clusters = cluster_records(records, threshold)
    local_chars: dict[str, int] = {}
    total_chars: dict[str, int] = {}
    for c in clusters:
        only_own = len(c.regions) == 1
        for m in c.members:
            total_chars[m.document_id] = total_chars.get(m.document_id, 0) + len(m.text)
            if only_own:
                local_chars[m.document_id] = local_chars.get(m.document_id, 0) + len(m.text)
    for doc in docs:
        t = total_chars.get(doc.id, 0)
        doc.local_share = round(local_chars.get(doc.id, 0) / t, 4) if t else None
    return clusters
