"""Synthetic corpora for the clustering benchmark, made from the samples' records.

Each synthetic document copies one sample's text records under a random real county name
from the gazetteer (the sample's own region replaced), drops ~10%, shuffles them, and edits
~5% (a character replaced, inserted or deleted), as counties do when they copy a template.
"""

from __future__ import annotations

import random

from rlist_ingest.cluster import text_records
from rlist_ingest.synth.corpus import base_documents, counties

EDIT_CHARS = "的和与及或等对在并按"


class Rec:
    """Stands in for a pydantic record: the clusterer sets these attributes."""

    __slots__ = ("cluster_id", "cluster_similarity", "foreign_places")


def _edit(text: str, rng: random.Random) -> str:
    k = rng.randrange(len(text))
    op = rng.random()
    if op < 0.4:
        return text[:k] + rng.choice(EDIT_CHARS) + text[k + 1:]
    if op < 0.8:
        return text[:k] + rng.choice(EDIT_CHARS) + text[k:]
    return text[:k] + text[k + 1:] or text


def synth_corpus(n_docs: int, seed: int = 0):
    """Yield (document_id, region, [(kind, text)]) for ``n_docs`` synthetic documents."""
    rng = random.Random(seed)
    bases = [(d.region, [(tr.kind, tr.text) for tr in text_records(d)]) for d in base_documents()]
    names = counties(xian_only=False)
    for i in range(n_docs):
        region, recs = bases[rng.randrange(len(bases))]
        county = rng.choice(names)
        out = []
        for kind, text in recs:
            if rng.random() < 0.10:
                continue
            text = text.replace(region, county)
            if rng.random() < 0.05 and len(text) > 2:
                text = _edit(text, rng)
            out.append((kind, text))
        rng.shuffle(out)
        yield f"syn{i:06d}", county, out
