"""Help text, the Markdown diff as a CommonMark renderer shows it, and field descriptions
checked against what the code does (issue: safe outputs, points 10, 11 and 13)."""

from __future__ import annotations

import hashlib
import inspect
import re

import pyarrow.parquet as pq
import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from rlist_ingest import cli
from rlist_ingest.batch import ingest_paths
from rlist_ingest.diff import diff_documents
from rlist_ingest.diff_render import to_markdown
from rlist_ingest.source import decode, split_lines
from rlist_ingest.tables import TABLES, datapackage
from tests.conftest import SAMPLE_NAMES, SAMPLES

COMMANDS = ["ingest", "synth", "cluster", "diff", "export", "report", "compare"]


def _help(args: list[str]) -> str:
    r = CliRunner().invoke(cli.app, args, env={"COLUMNS": "80", "TERM": "dumb"}, terminal_width=80)
    assert r.exit_code == 0
    return r.output


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("command", COMMANDS)
def test_help_wraps_whole_paragraphs_at_80_columns(command):
    out = _help([command, "--help"])
    assert "<bool>" not in out and "<list" not in out and "<str>" not in out
    assert max(len(ln) for ln in out.splitlines()) <= 80
    # Each paragraph of the docstring comes out whole and re-flowed: joined lines give the
    # paragraph back, and no line inside a paragraph is cut short (the ragged "written;"
    # line of hand-wrapped text re-wrapped by rich).
    doc = inspect.getdoc(getattr(cli, command))
    paragraphs = [p for p in doc.split("\n\n") if not p.startswith("\b")]
    flat = _flat(out)
    for p in paragraphs:
        assert _flat(p) in flat, p
    body = out.split("\n\n")
    for block in body:
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if len(lines) > 2 and not lines[0].lstrip().startswith(("-", "Usage", "Options", "Arguments", "Example")):
            assert all(len(ln) > 55 for ln in lines[:-1]), block


def test_help_shows_examples():
    for command in COMMANDS:
        assert "Example" in _help([command, "--help"])


def _rendered_marks(md: str) -> tuple[str, str, str]:
    html = MarkdownIt("commonmark").enable("strikethrough").render(md)
    dels = "".join(re.findall(r"<del>(.*?)</del>", html, re.S))
    inss = "".join(re.findall(r"<ins>(.*?)</ins>", html, re.S))
    return html, dels, inss


def test_markdown_diff_marks_survive_commonmark(ingested):
    report = diff_documents(ingested["xinhe"].document, ingested["renxian"].document)
    html, dels, inss = _rendered_marks(to_markdown(report))
    want_del = "".join(x for sec in report["sections"].values() for c in sec["changed"]
                       for op, x, _ in c["diff"] if op not in ("equal", "place"))
    want_ins = "".join(y for sec in report["sections"].values() for c in sec["changed"]
                       for op, _, y in c["diff"] if op not in ("equal", "place"))
    assert want_del and want_ins
    assert dels == want_del and inss == want_ins
    assert "~~" not in html and "<s>" not in html  # no literal or stray strikethrough


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("desc") / "out"
    ingest_paths([str(SAMPLES / f"{n}.txt") for n in SAMPLE_NAMES], out, jobs=1)
    return out


def test_every_field_described_alike_in_parquet_and_datapackage(dataset):
    pkg = {r["name"]: r for r in datapackage()["resources"]}
    for t in TABLES:
        schema = pq.read_schema(dataset / f"{t.name}.parquet")
        for f in schema:
            d = f.metadata[b"description"].decode()
            assert d, (t.name, f.name)
            assert d == next(x["description"] for x in pkg[t.name]["schema"]["fields"] if x["name"] == f.name)


def test_document_fields_do_what_their_descriptions_say(dataset):
    desc = {c: d for c, _, d, _ in TABLES[0].columns}
    assert "decoded text" in desc["document_id"] and "SHA-256 of the input bytes" in desc["sha256"]
    assert "relative to the common folder" in desc["source"]
    for row in pq.read_table(dataset / "documents.parquet").to_pylist():
        data = (SAMPLES / row["source"]).read_bytes()
        text, enc = decode(data, row["source"])
        lines, _ = split_lines(text)
        assert row["document_id"] == hashlib.sha256("\n".join(ln.rstrip() for ln in lines).encode()).hexdigest()[:16]
        assert row["sha256"] == hashlib.sha256(data).hexdigest()
        assert row["encoding"] == enc and row["line_count"] == len(lines)
        for table, col in (("responsibilities", "responsibilities"), ("work_items", "work_items"),
                           ("boundaries", "boundaries"), ("regimes", "regimes"), ("services", "services")):
            n = sum(1 for r in pq.read_table(dataset / f"{table}.parquet").to_pylist()
                    if r["document_id"] == row["document_id"])
            assert row[col] == n, (row["source"], col)


README = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")


def test_readme_commands_exist_and_name_real_flags():
    """Point 15: the README's commands work as written. Every `rlist CMD … --flag` in a code
    block names a command and flags its help lists; the install line is one a clone can run."""
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    calls = [ln.split("#")[0].strip() for b in blocks for ln in b.splitlines()]
    calls = [c[c.index("rlist "):] for c in calls if "rlist " in c and "pip install" not in c]
    assert len(calls) >= 8
    for c in calls:
        words = c.split()
        if words[1].startswith("-"):
            continue
        assert words[1] in COMMANDS, c
        out = _help([words[1], "--help"])
        for w in words[2:]:
            if w.startswith("-") and w != "-":
                assert re.search(rf"(^|[\s,]){re.escape(w)}\b", out, re.M), (c, w)
    assert "pip install 'rlist-ingest[dask]'" not in README  # not on PyPI
    assert "pip install -e '.[dask]'" in README and ".venv/bin/rlist" in README
