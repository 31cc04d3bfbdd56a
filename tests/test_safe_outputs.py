"""The CLI as a user runs it: a subprocess in a temporary home, checked by exit code, by
stderr (never a traceback) and by the file tree before and after (issue: safe outputs).
Each test is named after the point it pins."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from rlist_ingest.outdir import MANIFEST
from rlist_ingest.tables import TABLES
from tests.conftest import SAMPLES


def rlist(*args: str, cwd: Path, env: dict | None = None, umask: int | None = None) -> subprocess.CompletedProcess:
    e = {**os.environ, "HOME": str(cwd), "COLUMNS": "80", **(env or {})}
    e.pop("FORCE_COLOR", None)
    pre = (lambda: os.umask(umask)) if umask is not None else None
    r = subprocess.run([sys.executable, "-m", "rlist_ingest.entry", *args], cwd=cwd, env=e, capture_output=True,
                       text=True, preexec_fn=pre, timeout=300)
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout, r.stderr
    return r


def tree(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Hash of every file under ``root`` outside the folders in ``skip``."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_file() and not any(rel == s or rel.startswith(s + "/") for s in skip):
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


# The three lists as files: tests of other points do not depend on directory arguments.
LISTS = ["lists/hongjiang.txt", "lists/xinhe.txt", "lists/renxian.txt"]


@pytest.fixture
def home(tmp_path):
    lists = tmp_path / "lists"
    lists.mkdir()
    for n in ("hongjiang", "xinhe", "renxian"):
        shutil.copy(SAMPLES / f"{n}.txt", lists / f"{n}.txt")
    (lists / "notes.md").write_text("my notes\n", encoding="utf-8")
    return tmp_path


# 1. Data loss and overwrites

def test_out_equal_to_input_folder_is_refused_and_deletes_nothing(home):
    before = tree(home)
    r = rlist("ingest", "lists/hongjiang.txt", "lists/xinhe.txt", "--out", "lists", cwd=home)
    assert r.returncode == 2 and "not an rlist dataset" in r.stderr and r.stderr.count("\n") == 1
    assert tree(home) == before


def test_cluster_keeps_user_files_inside_the_dataset(home):
    assert rlist("ingest", *LISTS, "-o", "out", "-q", cwd=home).returncode == 0
    (home / "out" / "my_analysis.sql").write_text("select 1;\n", encoding="utf-8")
    (home / "out" / "documents" / "mine.txt").write_text("mine\n", encoding="utf-8")
    r = rlist("cluster", "out", cwd=home)
    assert r.returncode == 0, r.stderr
    assert (home / "out" / "my_analysis.sql").read_text(encoding="utf-8") == "select 1;\n"
    assert (home / "out" / "documents" / "mine.txt").exists()


def test_reingest_replaces_only_manifest_files(home):
    assert rlist("ingest", *LISTS, "-o", "out", "-q", cwd=home).returncode == 0
    (home / "out" / "my_analysis.sql").write_text("select 1;\n", encoding="utf-8")
    assert rlist("ingest", "lists/xinhe.txt", "-o", "out", "-q", cwd=home).returncode == 0
    docs = sorted(p.name for p in (home / "out" / "documents").iterdir())
    assert docs == ["xinhe.json"]  # the old dataset's own files went, the user's file stayed
    assert (home / "out" / "my_analysis.sql").exists()
    manifest = json.loads((home / "out" / MANIFEST).read_text(encoding="utf-8"))
    assert "documents/xinhe.json" in manifest["files"] and "my_analysis.sql" not in manifest["files"]


def test_out_existing_file_is_refused_untouched(home):
    (home / "existing.txt").write_text("keep me\n", encoding="utf-8")
    before = tree(home)
    r = rlist("ingest", *LISTS, "--out", "existing.txt", cwd=home)
    assert r.returncode == 2 and "existing file" in r.stderr
    assert tree(home) == before and not list(home.glob(".existing*"))


def test_out_dot_works_in_an_empty_folder_and_is_refused_elsewhere(home):
    work = home / "work"
    work.mkdir()
    r = rlist("ingest", *(f"../{x}" for x in LISTS), "--out", ".", "-q", cwd=work)
    assert r.returncode == 0, r.stderr
    assert (work / "documents" / "xinhe.json").exists() and (work / MANIFEST).exists()
    before = tree(home)
    r = rlist("ingest", "lists/xinhe.txt", "--out", ".", cwd=home)  # home holds lists/: not a dataset
    assert r.returncode == 2 and "not an rlist dataset" in r.stderr
    assert tree(home) == before


# 2. Runs that produce nothing keep the previous dataset

def test_run_with_no_document_keeps_previous_dataset(home):
    assert rlist("ingest", *LISTS, "-o", "out", "-q", cwd=home).returncode == 0
    before = tree(home / "out")
    (home / "bad.txt").write_text("no list here\n", encoding="utf-8")
    for args in (["bad.txt"], ["lists/notes.md"], ["--strict", "lists/xinhe.txt", "bad.txt", "lists/renxian.txt"]):
        r = rlist("ingest", *args, "-o", "out", "-q", cwd=home)
        assert r.returncode == 1, (args, r.stderr)
        assert "previous dataset in" in r.stderr and "kept" in r.stderr
        assert tree(home / "out") == before


# 3. (SIGINT/SIGTERM: tests/test_signals.py.) A killed run's staging folder is removed by the
# next run; a folder that merely looks like one is not.

def test_stale_staging_removed_but_lookalikes_kept(home):
    assert rlist("ingest", *LISTS, "-o", "out", "-q", cwd=home).returncode == 0
    dead = home / "out" / ".rlist-staging-999999-0123abcd"
    dead.mkdir()
    (dead / ".rlist-staging").write_text("999999\n", encoding="utf-8")
    (dead / "x.json").write_text("{}", encoding="utf-8")
    lookalike = home / "out" / ".rlist-staging-999998-0123abcd"  # no marker inside: not ours
    lookalike.mkdir()
    (lookalike / "keep.txt").write_text("keep\n", encoding="utf-8")
    assert rlist("ingest", *LISTS, "-o", "out", "-q", cwd=home).returncode == 0
    assert not dead.exists() and (lookalike / "keep.txt").exists()


# 4. The same list in two encodings

def test_same_text_in_two_encodings_ingested_once_and_keys_unique(home):
    text = (SAMPLES / "xinhe.txt").read_text(encoding="utf-8")
    (home / "lists" / "xinhe_gbk.txt").write_bytes(text.encode("gb18030"))
    (home / "lists" / "xinhe_crlf.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    r = rlist("ingest", *LISTS, "lists/xinhe_gbk.txt", "lists/xinhe_crlf.txt", "-o", "out", "-q", cwd=home)
    assert r.returncode == 0, r.stderr
    assert r.stderr.count("same text as") == 2
    check_keys(home / "out")


def check_keys(out: Path) -> None:
    """Every primary key unique and every foreign key resolving, in every table."""
    tables = {t.name: pq.read_table(out / f"{t.name}.parquet").to_pylist() for t in TABLES}
    for t in TABLES:
        keys = [r[t.primary_key] for r in tables[t.name]]
        assert len(keys) == len(set(keys)), f"{t.name}: duplicate {t.primary_key}"
        for col, ref, ref_col in t.foreign_keys:
            have = {r[ref_col] for r in tables[ref]}
            missing = {r[col] for r in tables[t.name] if r[col] is not None} - have
            assert not missing, f"{t.name}.{col} -> {ref}.{ref_col}: {sorted(missing)[:3]}"
    if shutil.which("frictionless"):
        r = subprocess.run(["frictionless", "validate", str(out / "datapackage.json")], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout


# 5. Same file names in different folders

def test_same_name_in_two_folders_keeps_sources_apart_and_diff_refuses(home):
    for d, n in (("a", "xinhe"), ("b", "renxian")):
        (home / d).mkdir()
        shutil.copy(SAMPLES / f"{n}.txt", home / d / "list.txt")
    r = rlist("ingest", "a/list.txt", "b/list.txt", "-o", "out", "-q", cwd=home)
    assert r.returncode == 0, r.stderr
    docs = pq.read_table(home / "out" / "documents.parquet").to_pylist()
    assert sorted(d["source"] for d in docs) == ["a/list.txt", "b/list.txt"]
    ids = {d["document_id"] for d in docs}
    residue = [json.loads(x) for x in (home / "out" / "residue.jsonl").read_text(encoding="utf-8").splitlines()]
    assert residue and all(x["document_id"] in ids for x in residue)
    r = rlist("diff", "list.txt", "a/list.txt", "-d", "out", cwd=home)
    assert r.returncode == 2 and "names 2 documents" in r.stderr and "a/list.txt" in r.stderr
    r = rlist("diff", "新河县", "任县", "-d", "out", "-f", "json", cwd=home)
    assert r.returncode == 1 and json.loads(r.stdout)["a"]["source"] == "a/list.txt"


# 6. Arguments

def test_bracketed_names_globstar_and_directories(home):
    shutil.copy(SAMPLES / "xinhe.txt", home / "lists" / "xinhe[1].txt")
    (home / "lists" / "deep" / "er").mkdir(parents=True)
    shutil.copy(SAMPLES / "renxian.txt", home / "lists" / "deep" / "er" / "r2.txt")
    r = rlist("ingest", "lists/xinhe[1].txt", "-o", "o1", "-q", cwd=home)
    assert r.returncode == 0, r.stderr
    assert (home / "o1" / "documents" / "xinhe_1_.json").exists()
    r = rlist("ingest", "lists/**/*.txt", "-o", "o2", "-q", cwd=home)
    assert r.returncode == 0
    assert "deep/er/r2.txt" in {d["source"] for d in pq.read_table(home / "o2" / "documents.parquet").to_pylist()}
    r = rlist("ingest", "lists", "-o", "o3", "-q", cwd=home)
    assert r.returncode == 0 and "lists: 5 files found" in r.stderr  # notes.md is not a list format
    (home / "empty").mkdir()
    r = rlist("ingest", "empty", "-o", "o4", cwd=home)
    assert r.returncode == 2 and not (home / "o4").exists()


# 7. Permissions follow the umask

@pytest.mark.parametrize("umask,dmode,fmode", [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)])
def test_output_follows_umask(home, umask, dmode, fmode):
    assert rlist("ingest", *LISTS, "-o", "out", "-q", cwd=home, umask=umask).returncode == 0
    for p in [home / "out", *(home / "out").rglob("*")]:
        mode = p.stat().st_mode & 0o777
        assert mode == (dmode if p.is_dir() else fmode), (p, oct(mode))


# 8. Environmental errors: one line, exit 2

def test_missing_out_parent_and_diff_outputs(home):
    r = rlist("ingest", *LISTS, "-o", "no/such/out", cwd=home)
    assert r.returncode == 2 and "does not exist" in r.stderr and r.stderr.count("\n") == 1
    (home / "adir").mkdir()
    for target in ("missing/d.html", "adir"):
        r = rlist("diff", "lists/xinhe.txt", "lists/renxian.txt", "-o", target, "-f", "html", cwd=home)
        assert r.returncode == 2, r.stderr
    (home / "mine.html").write_text("<p>mine</p>\n", encoding="utf-8")
    r = rlist("diff", "lists/xinhe.txt", "lists/renxian.txt", "-o", "mine.html", cwd=home)
    assert r.returncode == 2 and (home / "mine.html").read_text(encoding="utf-8") == "<p>mine</p>\n"


def _mount(target: Path, opts: str) -> bool:
    target.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(target)], capture_output=True)
    return r.returncode == 0


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="needs root to mount a tmpfs")
def test_full_disk_and_read_only_parent(home):
    small, ro = home / "small", home / "ro"
    if not _mount(small, "size=64k"):
        pytest.skip("mount not permitted here")
    try:
        r = rlist("ingest", *LISTS, "-o", str(small / "out"), cwd=home)
        assert r.returncode == 2 and "No space left" in r.stderr and "nothing published" in r.stderr
        assert [p.name for p in small.iterdir()] == []  # staging removed, no half dataset
        assert _mount(ro, "ro,size=64k")
        r = rlist("ingest", *LISTS, "-o", str(ro / "out"), cwd=home)
        assert r.returncode == 2 and "ro" in r.stderr
    finally:
        for m in (small, ro):
            subprocess.run(["umount", str(m)], capture_output=True)


def test_disk_full_while_publishing_is_one_line(tmp_path, monkeypatch):
    import errno

    from typer.testing import CliRunner

    from rlist_ingest import outdir
    from rlist_ingest.cli import app

    real = os.replace

    def full(src, dst):
        if str(dst).endswith(".parquet"):
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(outdir.os, "replace", full)
    r = CliRunner().invoke(app, ["ingest", str(SAMPLES / "xinhe.txt"), "-o", str(tmp_path / "out"), "-q"])
    assert r.exit_code == 2 and "No space left on device" in r.output and "Traceback" not in r.output


def test_internal_error_exits_3_never_1(tmp_path, monkeypatch, capsys):
    from rlist_ingest import cli, diff

    def boom(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(diff, "diff_documents", boom)
    monkeypatch.setattr(sys, "argv", ["rlist", "diff", str(SAMPLES / "xinhe.txt"), str(SAMPLES / "renxian.txt")])
    with pytest.raises(SystemExit) as e:
        cli.run()
    assert e.value.code == 3 and "internal error: RuntimeError: boom" in capsys.readouterr().err


# 9. diff output formats

def test_diff_format_follows_extension_and_stdout_dash(home):
    a, b = "lists/xinhe.txt", "lists/renxian.txt"
    assert rlist("diff", a, b, "-o", "r.html", cwd=home).returncode == 1
    assert (home / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert rlist("diff", a, b, "-o", "r.json", cwd=home).returncode == 1
    assert json.loads((home / "r.json").read_text(encoding="utf-8"))["summary"]["a_total"] > 0
    assert rlist("diff", a, b, "-o", "r.html", cwd=home).returncode == 1  # its own report: replaced
    r = rlist("diff", a, b, "-o", "r.md", "-f", "html", cwd=home)
    assert r.returncode == 2 and "extension" in r.stderr
    r = rlist("diff", a, b, "-o", "-", "-f", "json", cwd=home)
    assert r.returncode == 1 and json.loads(r.stdout)["summary"]["changed"] > 0


@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_diff_without_colour_marks_changes(home, env):
    r = rlist("diff", "lists/xinhe.txt", "lists/renxian.txt", cwd=home, env=env)
    assert r.returncode == 1
    changed = [ln for ln in r.stdout.splitlines() if ln.startswith("~ ")]
    assert changed and all("[-" in ln or "{+" in ln for ln in changed)
    assert "\x1b[" not in r.stdout


# 12. A section that yields nothing gets a notice

def test_section_without_records_gets_a_notice(home):
    text = (SAMPLES / "xinhe.txt").read_text(encoding="utf-8")
    (home / "x.txt").write_text(text + "\n五、公共服务事项\n这里只有一段说明，没有表格。\n", encoding="utf-8")
    r = rlist("ingest", "x.txt", "-o", "out", "-q", cwd=home)
    assert r.returncode == 0, r.stderr
    assert "yielded no records; its lines are in residue.jsonl" in r.stderr and "x.txt:" in r.stderr


def test_file_with_sections_but_no_records_is_not_called_sectionless(home):
    (home / "z.txt").write_text("一、部门职责\n这是一段说明文字。\n", encoding="utf-8")
    r = rlist("ingest", "z.txt", "-o", "out", cwd=home)
    assert r.returncode == 1 and "no section the grammar knows" not in r.stderr and "yielded no record" in r.stderr


# 14. synth --out

def test_synth_refuses_foreign_folder_and_clears_its_own(home):
    before = tree(home)
    assert rlist("synth", "--n", "3", "--out", "lists", cwd=home).returncode == 2
    assert tree(home) == before
    assert rlist("synth", "--n", "6", "--out", "s", cwd=home).returncode == 0
    (home / "s" / "mine.txt").write_text("mine\n", encoding="utf-8")
    assert rlist("synth", "--n", "2", "--out", "s", cwd=home).returncode == 0
    assert sorted(p.name for p in (home / "s").glob("synth_*.txt")) == ["synth_000000.txt", "synth_000001.txt"]
    assert (home / "s" / "mine.txt").exists()


# 15. The run says where its output went

def test_ingest_ends_with_the_output_folder(home):
    r = rlist("ingest", *LISTS, "-o", "out", cwd=home)
    assert r.returncode == 0
    last = r.stdout.strip().splitlines()[-1]
    assert last.startswith(f"wrote {home / 'out'}") and "datapackage.json" in last
