"""The package as users get it: a built wheel, installed away from the checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A wheel of this checkout, installed (without dependencies) into a folder of its own."""
    tmp = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp)],
                           capture_output=True, text=True)
    if build.returncode != 0:
        pytest.fail(f"pip wheel failed:\n{build.stderr[-2000:]}")
    (wheel,) = tmp.glob("*.whl")
    site = tmp / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True)
    return site


def test_regression_wheel_ships_grammar_and_synth_seeds(installed):
    # The grammar and the synth seeds were read from the checkout's top-level folders, which
    # a wheel does not contain: an installed rlist could parse nothing.
    wheel = next(installed.parent.glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "rlist_ingest/grammars/default.toml" in names
    assert {f"rlist_ingest/synth/seeds/{n}.txt" for n in ("hongjiang", "xinhe", "renxian")} <= names
    assert "rlist_ingest/readers/pdf/EquivalentUnifiedIdeograph.txt" in names  # the radical folding's data


def test_installed_wheel_ingests_and_synthesises_outside_the_checkout(installed, tmp_path):
    shutil.copy(ROOT / "samples" / "xinhe.txt", tmp_path / "xinhe.txt")
    shutil.copy(ROOT / "tests" / "data" / "pdf" / "xinhe.a4.pdf", tmp_path / "xinhe.pdf")  # radicals folded
    code = (
        "import json, rlist_ingest\n"
        "from rlist_ingest.pipeline import ingest_file\n"
        "from rlist_ingest.synth.corpus import base_documents\n"
        "doc = ingest_file('xinhe.txt').document\n"
        "pdf = ingest_file('xinhe.pdf').document\n"
        "print(json.dumps({'file': rlist_ingest.__file__, 'resp': len(doc.responsibilities),"
        " 'pdf': len(pdf.responsibilities), 'seeds': len(base_documents())}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(installed)}
    env.pop("RLIST_GRAMMAR_DIR", None)
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    got = json.loads(run.stdout)
    assert Path(got["file"]).is_relative_to(installed)  # the wheel's copy, not the checkout's
    expected = json.loads((ROOT / "tests" / "golden" / "xinhe.json").read_text(encoding="utf-8"))
    assert got["resp"] == len(expected["responsibilities"]) > 0
    assert got["pdf"] == got["resp"]
    assert got["seeds"] == 3
