"""Generality: PDF text dumps in arrangements the samples do not show must round-trip."""

import random

import pytest

from rlist_ingest.pipeline import ingest_source
from rlist_ingest.source import Source
from rlist_ingest.synth.pdf_duties import make_groups, render


def _ingest(text: str):
    lines = text.split("\n")[:-1]
    return ingest_source(Source(path="synthetic.txt", name="synthetic.txt", encoding="utf-8",
                                sha256="0" * 64, lines=lines))


CASES = [
    # (seed, w_item, w_main, w_office, page_rows, position, missing 序号)
    (1, 24, 13, 6, 12, "last", set()),
    (2, 24, 13, 6, 7, "last", {3}),
    (3, 30, 16, 8, 9, "last", {2, 5}),
    (4, 20, 10, 5, 15, "last", {4}),
    (5, 26, 14, 7, 10, "first", set()),
    (6, 22, 12, 6, 8, "first", {2, 3}),
    (7, 28, 15, 7, 100, "last", {6}),
    # merged cell first, last group of one row: only the page-split blocks tell the layout
    (22, 24, 13, 6, 6, "first", set()),
]


@pytest.mark.parametrize("seed,w_item,w_main,w_office,page_rows,position,missing", CASES)
def test_synthetic_duty_table_round_trips(seed, w_item, w_main, w_office, page_rows, position, missing):
    rng = random.Random(seed)
    groups = make_groups(rng, 8)
    text = render(groups, w_item, w_main, w_office, page_rows, position, missing, rng)
    res = _ingest(text)
    got = [(r.seq, r.seq_inferred, r.text, [(i.text, i.office) for i in r.items])
           for r in res.document.responsibilities]
    want = [(g.seq, g.seq in missing, g.text, g.items) for g in groups]
    assert got == want
    assert res.document.region is None  # nothing in the body names the county
