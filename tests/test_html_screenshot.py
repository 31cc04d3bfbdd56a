"""The HTML diff renders in headless Chromium (installed by .ci/run from Debian's packages)."""

import os
import shutil
import struct
import subprocess

import pytest

from rlist_ingest.diff import diff_documents
from rlist_ingest.diff_render import to_html
from rlist_ingest.pipeline import ingest_file
from tests.conftest import SAMPLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.skipif(CHROMIUM is None and os.environ.get("CI") != "true",
                    reason="chromium not installed (CI installs it)")
def test_html_diff_screenshot(tmp_path):
    a, b = (ingest_file(SAMPLES / f"{n}.txt").document for n in ("xinhe", "renxian"))
    page = tmp_path / "diff.html"
    page.write_text(to_html(diff_documents(a, b)), encoding="utf-8")
    shot = tmp_path / "diff.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,900",
                    f"--screenshot={shot}", page.as_uri()], check=True, timeout=120,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 900)
    assert len(data) > 50_000  # a blank page compresses to a few kilobytes
