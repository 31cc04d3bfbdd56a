"""Bad input never crashes a batch and never loses data (issue: bad input)."""

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rlist_ingest.batch import ingest_paths
from rlist_ingest.cli import app
from rlist_ingest.errors import InputError
from rlist_ingest.pipeline import ingest_file
from rlist_ingest.writers import document_json, output_stem
from tests.conftest import ROOT, SAMPLE_NAMES, SAMPLES

runner = CliRunner()


def records(doc):
    """The document minus what legitimately depends on the bytes (sha256, encoding)."""
    d = json.loads(document_json(doc))
    d.pop("sha256")
    d.pop("encoding")
    return d


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("encoding,eol", [("gb18030", "\r\n"), ("utf-16", "\n"), ("utf-8-sig", "\r"),
                                          ("gbk", "\n")])
def test_other_encodings_and_line_endings_give_identical_records(tmp_path, name, encoding, eol):
    text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    p = tmp_path / f"{name}.txt"
    try:
        data = text.replace("\n", eol).encode(encoding)
    except UnicodeEncodeError as e:
        pytest.skip(f"{name} has a character {encoding} cannot encode: {e.object[e.start]!r}")
    p.write_bytes(data)
    got = ingest_file(p).document
    assert got.encoding == {"gbk": "gb18030"}.get(encoding, encoding)
    assert records(got) == records(ingest_file(SAMPLES / f"{name}.txt").document)


def test_layout_noise_is_tolerated(tmp_path):
    """Form feeds, full-width spaces, NBSP, spaces before TABs, trailing blanks, full-width 序号."""
    text = (SAMPLES / "hongjiang.txt").read_text(encoding="utf-8")
    noisy = []
    for ln in text.split("\n"):
        if ln == "\t1":
            ln = "\t１"
        noisy.append((" " + ln if ln.startswith("\t") and len(noisy) % 3 == 0 else ln) + " \u3000")
    noisy.insert(300, "\f")
    p = tmp_path / "hongjiang.txt"
    p.write_text("\n".join(noisy).replace("部门名称：", "部门名称：\xa0"), encoding="utf-8")
    d = ingest_file(p).document
    ref = ingest_file(SAMPLES / "hongjiang.txt").document
    assert [(r.seq, r.text, [i.text for i in r.items]) for r in d.responsibilities] == \
        [(r.seq, r.text, [i.text for i in r.items]) for r in ref.responsibilities]
    assert d.region == "洪江区"


def _bad_inputs(tmp):
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "doc.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (tmp / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    with zipfile.ZipFile(tmp / "a.zip", "w") as z:
        z.writestr("x.txt", "hello")
    (tmp / "binary.dat").write_bytes(bytes(range(256)) * 4)
    (tmp / "novel.txt").write_text("从前有座山，山里有座庙。\n庙里有个老和尚。\n", encoding="utf-8")
    (tmp / "adir").mkdir()
    (tmp / "big.txt").write_bytes(b"x" * 2048)
    return {"empty.txt": "an empty file", "doc.pdf": "a damaged or truncated PDF", "img.png": "a PNG image",
            "a.zip": "a zip archive", "binary.dat": "binary data", "novel.txt": "no section, table or regime",
            "adir": "a directory", "missing.txt": "FileNotFoundError", "big.txt": "2,048 bytes"}


def test_each_bad_input_fails_cleanly_and_the_batch_goes_on(tmp_path):
    want = _bad_inputs(tmp_path)
    paths = [str(SAMPLES / "xinhe.txt")] + [str(tmp_path / n) for n in want] + [str(SAMPLES / "renxian.txt")]
    report = ingest_paths(paths, tmp_path / "out", max_bytes=1024 * 1024 * 1024)
    by_file = {os.path.basename(e.file): e for e in report.errors}
    want["big.txt"] = "no section, table or regime"  # within this run's limit, but not a list
    assert set(by_file) == set(want)
    for n, phrase in want.items():
        assert phrase in by_file[n].render(), by_file[n].render()
        assert by_file[n].hint
    # Inputs from two folders: each source is its path relative to their common folder.
    assert [Path(r["source"]).name for r in report.results] == ["xinhe.txt", "renxian.txt"]
    lines = (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= len(want)


def test_size_limit_names_the_flag(tmp_path):
    _bad_inputs(tmp_path)
    with pytest.raises(InputError) as e:
        ingest_file(tmp_path / "big.txt", max_bytes=1024)
    assert "--max-bytes" in e.value.render()


def test_mixed_batch_exit_status_and_strict(tmp_path):
    _bad_inputs(tmp_path)
    args = ["ingest", str(SAMPLES / "xinhe.txt"), str(tmp_path / "doc.pdf"), str(SAMPLES / "renxian.txt")]
    r = runner.invoke(app, args + ["--out", str(tmp_path / "o1")])
    assert r.exit_code == 1
    assert list((tmp_path / "o1" / "documents").glob("*renxian.json"))
    r = runner.invoke(app, args + ["--out", str(tmp_path / "o2"), "--strict"])
    assert r.exit_code == 1
    assert not (tmp_path / "o2").exists()  # a --strict stop publishes nothing
    assert runner.invoke(app, ["ingest", "--out"]).exit_code == 2


def test_partial_list_yields_records_plus_residue(tmp_path):
    text = (SAMPLES / "hongjiang.txt").read_text(encoding="utf-8")
    p = tmp_path / "partial.txt"
    p.write_text("随便写的一段说明文字。\n" + text[: len(text) // 3], encoding="utf-8")
    r = ingest_file(p)
    assert r.document.responsibilities and any(x.line == 1 for x in r.residue)


def test_truncated_file_gets_a_notice_and_keeps_good_rows(tmp_path):
    lines = (SAMPLES / "hongjiang.txt").read_text(encoding="utf-8").split("\n")
    p = tmp_path / "cut.txt"
    p.write_text("\n".join(lines[:912]), encoding="utf-8")  # cut inside the last service row
    report = ingest_paths([str(p)], tmp_path / "out")
    assert not report.errors and report.results[0]["services"] == 10
    assert report.notices and "truncated" in report.notices[0].render()


def test_same_bytes_twice_ingested_once(tmp_path):
    report = ingest_paths([str(SAMPLES / "xinhe.txt"), str(SAMPLES / "xinhe.txt")], tmp_path / "out")
    assert len(report.results) == 1 and "ingested once" in report.notices[0].render()


def test_rerun_is_byte_identical(tmp_path):
    paths = [str(SAMPLES / f"{n}.txt") for n in SAMPLE_NAMES]
    ingest_paths(paths, tmp_path / "a")
    ingest_paths(paths, tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f


@pytest.mark.parametrize("name,stem", [("../../etc/passwd", "etc_passwd"), ("..\\..\\x.txt", "x"),
                                       (".hidden.txt", "hidden"), ("a b/c?.txt", "a_b_c_"), ("", "document"),
                                       ("a/list.txt", "a_list"), ("xinhe[1].txt", "xinhe_1_")])
def test_output_names_cannot_escape(name, stem):
    assert output_stem(name) == stem


def test_killed_run_leaves_previous_dataset_intact(tmp_path):
    out = tmp_path / "out"
    ingest_paths([str(SAMPLES / "xinhe.txt")], out)

    def published():
        return {p.relative_to(out): p.read_bytes() for p in out.rglob("*")
                if p.is_file() and not p.relative_to(out).parts[0].startswith(".rlist-staging-")}

    before = published()
    many = []
    for k in range(400):
        p = tmp_path / "in" / f"d{k:03d}.txt"
        p.parent.mkdir(exist_ok=True)
        p.write_bytes((SAMPLES / "renxian.txt").read_bytes() + f"\n附{k}\n".encode())
        many.append(str(p))
    proc = subprocess.Popen([sys.executable, "-m", "rlist_ingest.entry", "ingest", *many, "--out", str(out), "-q"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2.0)
    assert proc.poll() is None, "the run finished before it could be killed; give it more files"
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert published() == before
    # The killed run's staging folder is removed by the next run that writes to the dataset.
    assert [p.name for p in out.iterdir() if p.name.startswith(".rlist-staging-")]
    ingest_paths([str(SAMPLES / "xinhe.txt")], out)
    assert not [p.name for p in out.iterdir() if p.name.startswith(".rlist-staging-")]
    assert published() == before
    # Regression: orphaned pool workers used to stay blocked on the task queue forever.
    deadline = time.monotonic() + 15
    while workers and time.monotonic() < deadline:
        workers = {w for w in workers if Path(f"/proc/{w}").exists() and _state(w) != "Z"}
        time.sleep(0.2)
    assert not workers, f"worker processes {workers} outlived the killed run"


def _children(pid: int) -> set[int]:
    """Child process ids of ``pid`` (Linux /proc; empty elsewhere)."""
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    from pathlib import Path

    p = tmp_path / "locked.txt"
    p.write_text("x", encoding="utf-8")
    real = Path.read_bytes

    def deny(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    report = ingest_paths([str(p), str(SAMPLES / "xinhe.txt")], tmp_path / "out")
    assert "PermissionError" in report.errors[0].render() and len(report.results) == 1


def test_200mb_file_is_refused_without_reading_it(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: costs no disk and is never read
    report = ingest_paths([str(p)], tmp_path / "out")
    msg = report.errors[0].render()
    assert "209,715,200 bytes" in msg and "--max-bytes" in msg
