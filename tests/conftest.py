from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SAMPLE_NAMES = ["hongjiang", "xinhe", "renxian"]


@pytest.fixture(scope="session")
def ingested():
    """Each sample ingested once per test session."""
    from rlist_ingest.pipeline import ingest_file

    return {n: ingest_file(SAMPLES / f"{n}.txt") for n in SAMPLE_NAMES}
