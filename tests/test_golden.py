"""The samples' canonical JSON must equal the committed golden files exactly.

After an intended change, run ``make golden`` and review the diff with ``git diff tests/golden``.
"""

import pytest

from rlist_ingest.writers import document_json
from tests.conftest import ROOT, SAMPLE_NAMES


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_matches_golden(ingested, name):
    golden = (ROOT / "tests" / "golden" / f"{name}.json").read_text(encoding="utf-8")
    assert document_json(ingested[name].document) == golden


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_ids_stable_across_runs(name):
    from rlist_ingest.pipeline import ingest_file
    from tests.conftest import SAMPLES

    a = ingest_file(SAMPLES / f"{name}.txt").document
    b = ingest_file(SAMPLES / f"{name}.txt").document
    assert document_json(a) == document_json(b)
    ids = [r.id for r in a.responsibilities] + [i.id for r in a.responsibilities for i in r.items]
    assert len(ids) == len(set(ids)), "IDs must be unique"
