"""Property: on any mutation of a sample or a layout fixture (dropped, swapped, duplicated lines, inserted junk,
random bytes, cut files) ingest raises nothing but InputError, and every non-blank line is
in a record, in the residue, or is a heading/header/metadata line.

The normal suite runs FUZZ_EXAMPLES (default 200) examples; ``make fuzz`` runs 10,000.
"""

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rlist_ingest.errors import InputError
from rlist_ingest.pipeline import ingest_source
from rlist_ingest.source import Source, check_bytes, decode, split_lines
from tests.conftest import SAMPLE_NAMES, SAMPLES
from tests.test_samples import _meta_lines, _record_lines

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
TEXTS = {n: (SAMPLES / f"{n}.txt").read_text(encoding="utf-8").split("\n") for n in SAMPLE_NAMES}
# The other layouts: PDF dumps with columns in place, and a duty table as tab-delimited rows.
LAYOUT_DUMPS = Path(__file__).parent / "data" / "pdf_layout"
TEXTS |= {p.stem: p.read_text(encoding="utf-8").split("\n") for p in sorted(LAYOUT_DUMPS.glob("*.txt"))}
TEXTS["tsv_rows"] = ["部门名称：甲县人社局", "序号\t主要职责\t具体工作事项\t责任科室\t备注",
                     '1\t"负责就业，\n统筹规划"\t登记失业\t就业股\t', "\t\t发放补贴\t就业股\t",
                     "2\t负责社保\t办理参保\t社保股\t\t多余", "续行", '3\t"互联网+"政务\t建设平台\t办公室\t']
JUNK = st.sampled_from(["", " ", "\t", "\t\t", "序号 主要职责 具体工作事项 责任科室 备注", "一、部门职责",
                        "（一）某某监管", "一、监督检查对象", "12", "\t序号", "部门名称：", "\f", "(一)甲 (二)乙",
                        "人事与福利教", "育股", "。", "１２３", "1\t负责\t事项\t科室\t", '"未闭合\t引号',
                        "序号\t主要职责\t具体工作事项\t责任科室\t备注", " " * 18 + "临时救助金",
                        "序号        主要职责             具体工作事项      责任科室 备注"])


@st.composite
def mutated(draw):
    lines = list(TEXTS[draw(st.sampled_from(sorted(TEXTS)))])
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["drop", "swap", "dup", "junk", "bytes", "cut", "slice"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i]
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "junk":
            lines.insert(i, draw(JUNK))
        elif op == "bytes":
            raw = draw(st.binary(min_size=1, max_size=12)).decode("utf-8", "replace")
            lines[i] = lines[i][: len(lines[i]) // 2] + raw
        elif op == "cut":
            lines = lines[:i]
        else:
            j = draw(st.integers(i, len(lines)))
            lines = lines[i:j]
    return "\n".join(lines).encode("utf-8")


def check(data: bytes) -> None:
    try:
        check_bytes(data, "fuzz.txt")
        text, enc = decode(data, "fuzz.txt")
        lines, breaks = split_lines(text)
        r = ingest_source(Source(path="fuzz.txt", name="fuzz.txt", encoding=enc, sha256="0" * 64,
                                 lines=lines, page_breaks=breaks))
    except InputError:
        return
    covered = _record_lines(r.document) | {x.line for x in r.residue} | _meta_lines(r)
    lost = [n for n, ln in enumerate(lines, 1) if ln.strip() and n not in covered]
    assert not lost, f"lines lost: {lost[:5]}: {[lines[n - 1] for n in lost[:5]]}"


@settings(max_examples=EXAMPLES, deadline=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutations_raise_only_input_error_and_lose_nothing(data):
    check(data)
