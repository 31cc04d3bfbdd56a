"""Annotate a batch of documents: province and city, foreign place mentions, boilerplate
clusters and each document's local share."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from .cluster import (
    DEFAULT_THRESHOLD,
    SHORT_KINDS,
    TITLE_MARK,
    Cluster,
    TextRecord,
    cluster_records,
    text_records,
)
from .gazetteer import load_gazetteer
from .grammar import load_grammar
from .normalize import Normalizer
from .records import Document


def _full_text(doc: Document) -> str:
    """Every string of the document, for placing a region the gazetteer lacks."""
    return doc.model_dump_json()


@lru_cache(maxsize=1)
def _normalizer() -> Normalizer:
    return Normalizer(load_gazetteer(), load_grammar())


def prepare(doc: Document, walked: list | None = None) -> list[TextRecord]:
    """The per-document half of clustering (it runs in ingest workers): province and city,
    foreign place mentions, and the match key of every text record."""
    gaz, norm = load_gazetteer(), _normalizer()
    if doc.region and (doc.province is None or doc.city is None):
        # The whole text (a full serialisation) is only needed for a region the table lacks.
        text = "" if gaz.lookup(doc.region) is not None else _full_text(doc)
        doc.province, doc.city = gaz.province_city(doc.region, text)
        doc.region_level = gaz.level(doc.region)
    own = sorted((x for x in (doc.region, doc.city, doc.province) if x), key=lambda x: (-len(x), x))
    out = text_records(doc, walked)
    for tr in out:
        tr.key = norm.key(tr.text, doc.region)
        if tr.kind in SHORT_KINDS:
            tr.key = TITLE_MARK + tr.key
        # Set in __dict__: pydantic's __setattr__ would add nothing to a list of names.
        tr.record.__dict__["foreign_places"] = list(norm.foreign(tr.text, own))
    return out


def local_shares(members: Iterable[tuple[str, int, bool]]) -> dict[str, float]:
    """Per document: chars in clusters of its region only / all its chars.
    ``members``: (document_id, chars, cluster_is_local)."""
    local: dict[str, int] = {}
    total: dict[str, int] = {}
    for doc_id, chars, is_local in members:
        total[doc_id] = total.get(doc_id, 0) + chars
        if is_local:
            local[doc_id] = local.get(doc_id, 0) + chars
    return {d: round(local.get(d, 0) / t, 4) for d, t in total.items() if t}


def annotate(docs: list[Document], threshold: float = DEFAULT_THRESHOLD) -> list[Cluster]:
    """Fill province/city, ``foreign_places``, ``cluster_id``/``cluster_similarity`` and
    ``local_share`` in place; return the clusters."""
    records = [tr for doc in docs for tr in prepare(doc)]
    clusters = cluster_records(records, threshold)
    shares = local_shares([(m.document_id, len(m.text), len(c.regions) == 1) for c in clusters for m in c.members])
    for doc in docs:
        doc.local_share = shares.get(doc.id)
    return clusters
