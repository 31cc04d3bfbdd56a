"""Sample-level checks that do not depend on the golden files."""

import pytest

from tests.conftest import SAMPLE_NAMES


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_nonblank_line_is_used_or_residue(ingested, name):
    from tests.conftest import SAMPLES

    r = ingested[name]
    lines = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    residue = {x.line for x in r.residue}
    covered = _record_lines(r.document) | residue | _meta_lines(r)
    missing = [n for n, ln in enumerate(lines, 1) if ln.strip() and n not in covered]
    assert not missing, f"lines neither in a record nor residue: {missing[:10]}"


def _meta_lines(r):
    out = set(r.meta_lines)
    for s in r.document.sections:
        out |= {s.line_first} | set(s.header_lines)
    return out


def _record_lines(doc):
    """Lines inside the provenance range of any record."""
    out = set()

    def add(rec):
        out.update(range(rec.provenance.line_first, rec.provenance.line_last + 1))

    for r in doc.responsibilities:
        add(r)
        for it in r.items:
            add(it)
    for b in doc.boundaries:
        add(b)
        for p in b.parties:
            add(p)
    for g in doc.regimes:
        add(g)
    for s in doc.services:
        add(s)
    return out


def test_hongjiang_regions(ingested):
    assert ingested["hongjiang"].document.region == "洪江区"
    assert ingested["xinhe"].document.department == "新河县人力资源和社会保障局"


def test_renxian_region_inferred_from_body(ingested):
    d = ingested["renxian"].document
    assert d.region == "任县"
    assert d.department == "任县人力资源和社会保障局"
