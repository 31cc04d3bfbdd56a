"""rlist report: built from the dataset's tables, rendered by headless Chromium (installed
by .ci/run from Debian's packages) for the samples and a 300-document synthetic corpus."""

import os
import re
import shutil
import subprocess

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from rlist_ingest.batch import ingest_paths
from rlist_ingest.cli import app
from rlist_ingest.compare import region_matrix
from rlist_ingest.report import build, render
from rlist_ingest.synth.corpus import write_corpus
from tests.conftest import SAMPLE_NAMES, SAMPLES

runner = CliRunner()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
needs_chromium = pytest.mark.skipif(CHROMIUM is None and os.environ.get("CI") != "true",
                                    reason="chromium not installed (CI installs it)")


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    out = tmp_path_factory.mktemp("rep") / "out"
    assert ingest_paths([str(SAMPLES / f"{n}.txt") for n in SAMPLE_NAMES], out, jobs=1).published
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    base = tmp_path_factory.mktemp("rep300")
    write_corpus(300, 3, base / "synth")
    out = base / "out"
    assert ingest_paths(sorted(str(p) for p in (base / "synth").glob("*.txt")), out).published
    return out


def _browser(page, tmp_path, height=3000):
    """Screenshot and rendered DOM of a page in headless Chromium."""
    shot = tmp_path / "shot.png"
    common = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--window-size=1280,{height}"]
    subprocess.run([*common, f"--screenshot={shot}", page.as_uri()], check=True, timeout=180,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dom = subprocess.run([*common, "--dump-dom", page.as_uri()], check=True, timeout=180, capture_output=True,
                         text=True).stdout
    return shot, dom


def _not_blank(shot):
    import numpy as np
    from PIL import Image

    img = Image.open(shot).convert("RGB")
    px = np.asarray(img.resize((128, 300))).reshape(-1, 3).astype(int)
    inked = float((px.sum(axis=1) < 700).mean())  # share of pixels that are not (near) white
    colours = len({tuple(p) for p in px})
    return img.size, inked, colours


def _cell(dom, ident):
    return re.search(rf'id="{ident}">([^<]*)<', dom).group(1)


def test_report_numbers_come_from_the_tables(samples):
    data = build(samples)
    docs = pq.read_table(samples / "documents.parquet").to_pylist()
    assert len(data["documents"]) == 3 and data["records"] == pq.ParquetFile(samples / "records.parquet").metadata.num_rows
    html = render(data)
    mx = region_matrix(samples)
    # the pairs table holds compare's numbers
    s = mx.share
    best = max((s[i, j], i, j) for i in range(3) for j in range(3) if i != j)
    _, i, j = best
    assert (f"<td>{mx.regions[i]}</td><td>{mx.regions[j]}</td><td class=\"n\">{int(mx.records[i])}</td>"
            f"<td class=\"n\">{int(mx.shared[i, j])}</td>") in html
    for d in docs:
        assert d["department"] in html
    assert "威县" in html or "邢台" in html or data["foreign"]  # the 新河县 list names other places
    # self-contained: nothing fetched at view time (namespace URIs inside the SVG are names, not fetches)
    assert "<svg" in html and "<script" not in html
    assert not re.search(r'(?:src|href)="(?:https?:)?//|url\((?:https?:)?//|@import', html)


@needs_chromium
def test_report_of_the_samples_in_chromium(samples, tmp_path):
    page = tmp_path / "report.html"
    r = runner.invoke(app, ["report", str(samples), "-o", str(page)])
    assert r.exit_code == 0, r.output
    shot, dom = _browser(page, tmp_path)
    size, inked, colours = _not_blank(shot)
    assert size == (1280, 3000) and inked > 0.03 and colours > 50, (inked, colours)
    assert _cell(dom, "n-documents") == "3" and _cell(dom, "n-regions") == "3"
    assert dom.count("<tr><td>") >= 3 and "洪江区" in dom and "新河县" in dom and "任县" in dom
    links = {x for x in re.findall(r'href="([^"#][^"]*)"', page.read_text(encoding="utf-8")) if not x.startswith("data:")}
    assert links and all((page.parent / x).is_file() for x in links)  # each record links to its JSON and text
    assert any(x.endswith("documents/xinhe.json") for x in links) and any(x.endswith("text/xinhe.txt") for x in links)


@needs_chromium
def test_report_of_300_synthetic_documents_in_chromium(corpus, tmp_path):
    page = tmp_path / "report.html"
    assert runner.invoke(app, ["report", str(corpus), "-o", str(page)]).exit_code == 0
    shot, dom = _browser(page, tmp_path, 2000)
    size, inked, colours = _not_blank(shot)
    assert inked > 0.03 and colours > 50, (inked, colours)
    regions = {d["region"] for d in pq.read_table(corpus / "documents.parquet").to_pylist() if d["region"]}
    assert _cell(dom, "n-documents") == "300" and _cell(dom, "n-regions") == str(len(regions))
    table = dom[dom.index('id="documents-table"'):]
    assert table[:table.index("</table>")].count("<tr>") == 1 + 300
    assert "Showing the 40 of" in dom  # the heatmap keeps the 40 most connected counties
    assert page.stat().st_size < 5_000_000


def test_report_refuses_a_users_file(samples, tmp_path):
    mine = tmp_path / "index.html"
    mine.write_text("<html>mine</html>", encoding="utf-8")
    assert runner.invoke(app, ["report", str(samples), "-o", str(mine)]).exit_code == 2
    assert mine.read_text(encoding="utf-8") == "<html>mine</html>"
    ours = tmp_path / "r.html"
    for _ in range(2):
        assert runner.invoke(app, ["report", str(samples), "-o", str(ours)]).exit_code == 0


KARAMAY = SAMPLES.parent.parent / "shared" / "real" / "karamay"


def test_report_of_power_lists_counts_types_and_laws(tmp_path):
    if not KARAMAY.is_dir():
        pytest.skip("../shared/real/karamay is not here (a user's clone)")
    from collections import Counter

    out = tmp_path / "out"
    assert ingest_paths(sorted(str(p) for p in KARAMAY.iterdir()), out).published
    data = build(out)
    powers = pq.read_table(out / "powers.parquet").to_pylist()
    docs = {d["document_id"]: d["department"] or d["source"] for d in pq.read_table(out / "documents.parquet").to_pylist()}
    want = Counter((docs[p["document_id"]], p["type"] or p["type_printed"] or "（未标明）") for p in powers)
    got = Counter({(d, t): n for d, c in data["powers_per"].items() for t, n in c.items()})
    assert got == want and sum(got.values()) == len(powers)
    bases = pq.read_table(out / "power_bases.parquet").to_pylist()
    top_title, _, n_powers, _ = data["laws"][0]
    assert n_powers == len({b["power_id"] for b in bases if b["title"] == top_title})
    assert n_powers == max(Counter(t for t, _ in {(b["title"], b["power_id"]) for b in bases if b["title"]}).values())
    html = render(data)
    assert 'id="powers-table"' in html and f"《{top_title}》" in html
