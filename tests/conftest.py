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


@pytest.fixture(scope="module")
def scorer():
    """../shared/tools/score.py as a module (skips in a user's clone, which has no ../shared)."""
    import importlib.util

    score = ROOT.parent / "shared" / "tools" / "score.py"
    if not score.exists():
        pytest.skip("../shared/tools/score.py is not here (a user's clone)")
    spec = importlib.util.spec_from_file_location("score", score)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
