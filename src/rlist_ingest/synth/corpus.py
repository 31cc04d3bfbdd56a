"""``rlist synth``: a realistic synthetic corpus with its expected records.

Each document copies one sample list's records under a real county name from the
gazetteer, drops ~10% of work items and clauses, shuffles the responsibilities, edits ~5%
of texts, and is rendered in one of the layouts seen in the wild:

* ``tab``: a TAB table dump (duty table with or without 责任科室, boundary and service
  tables, some cells wrapped onto continuation lines, a header repeated after a page
  break) with numbered prose regimes;
* ``pdf``: a pdftotext dump: the duty table space-columned with random column widths,
  page lengths, merged-cell position and missing 序号, regimes as PDF-wrapped prose with
  page breaks, and boundary/service tables as TAB dumps (one file may mix layouts);
* ``pdf-layout/ALIGN/OFFICE/HEADER``: a ``pdftotext -layout`` dump of a printed duty table
  (:mod:`.pdf_layout`): merged cells at the top, middle or bottom of their groups, with or
  without 责任科室, the header on one line or wrapped in narrow columns; the expected
  record's ``layout`` names the variant, so a score is reported per variant.

Files are written as UTF-8 or GB18030. ``expected/<name>.json`` holds the records a
correct ingest must produce, in the gold annotation format (see :mod:`.score`).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from ..gazetteer import load_gazetteer
from ..outdir import check_out, read_manifest, write_manifest
from ..pipeline import ingest_file
from ..records import Document
from .pdf_duties import OFFICES, Group, render_lines
from .pdf_layout import ALIGNS, render_layout

# The three sample lists, shipped in the package (links to samples/ in a checkout) so that
# `rlist synth` works from an installed wheel too.
SEEDS = Path(__file__).parent / "seeds"
EDIT_CHARS = "的和与及并按对在"
STEM = "人力资源和社会保障局"


@dataclass
class Synth:
    name: str
    text: str
    encoding: str
    layout: str
    expected: dict


def base_documents() -> list[Document]:
    return [ingest_file(SEEDS / f"{n}.txt").document for n in ("hongjiang", "xinhe", "renxian")]


def counties(xian_only: bool = True) -> list[str]:
    """County-level names from the gazetteer: only 县 by default, or every county-level unit."""
    gaz = load_gazetteer()
    return sorted(n for n, ps in gaz.by_name.items()
                  if ps[0].level == "county" and len(n) >= 2 and (n[-1] == "县" or not xian_only))


def _edit(text: str, rng: random.Random) -> str:
    if len(text) < 4 or rng.random() >= 0.05:
        return text
    k = rng.randrange(2, len(text) - 1)  # never at the start: labels and 序号 live there
    return text[:k] + rng.choice(EDIT_CHARS) + text[k + 1:]


def _records(base: Document, county: str, rng: random.Random) -> dict:
    """The base document's records under a new county, dropped, shuffled and edited."""
    def sub(t):
        return None if t is None else _edit(t.replace(base.region, county), rng)

    resps = []
    for r in base.responsibilities:
        items = [i for i in r.items if rng.random() >= 0.1] or r.items[:1]
        resps.append({"text": sub(r.text), "items": [{"text": sub(i.text), "office": i.office} for i in items]})
    rng.shuffle(resps)
    for k, r in enumerate(resps, 1):
        r["seq"] = k
    bounds = [{"seq": b.seq, "matter": sub(b.matter), "basis": b.basis, "case": b.case,
               "parties": [{"department": p.department, "duty": sub(p.duty)} for p in b.parties]}
              for b in base.boundaries]
    regimes = []
    for g in base.regimes:
        parts = []
        for p in g.parts:
            clauses = [(c.label or "") + sub(c.text) for c in p.clauses if rng.random() >= 0.1]
            parts.append({"label": p.label, "heading": p.heading, "clauses": clauses})
        regimes.append({"seq_label": g.seq_label, "title": g.title,
                        "intro": [sub(c.text) for c in g.preamble], "parts": parts})
    services = [{"seq": s.seq, "item": sub(s.item), "content": sub(s.content), "office": s.office,
                 "phone": s.phone} for s in base.services]
    return {"responsibilities": resps, "boundaries": bounds, "regimes": regimes, "services": services}


def _tab_table(header: list[str], rows: list[list[str]], rng: random.Random, wrap: float = 0.2) -> list[str]:
    out = [f"\t{h}" for h in header] + [""]
    for k, row in enumerate(rows):
        if k and rng.random() < 0.05:  # a page break repeats the header between rows
            out += [f"\t{h}" for h in header] + [""]
        for cell in row:
            if len(cell) > 30 and rng.random() < wrap:
                cut = rng.randrange(10, len(cell) - 10)
                out += [f"\t{cell[:cut]}", cell[cut:]]
            else:
                out.append(f"\t{cell}")
        out.append("")
    return out


def _boundaries_services(rec: dict, rng: random.Random, heads: tuple[str, str]) -> list[str]:
    out = []
    if rec["boundaries"]:
        rows = []
        for b in rec["boundaries"]:
            for k, p in enumerate(b["parties"]):
                rows.append([str(b["seq"]) if k == 0 else "", (b["matter"] or "") if k == 0 else "",
                             p["department"], p["duty"] or "", (b["basis"] or "").replace("\n", "；") if k == 0 else "",
                             (b["case"] or "") if k == 0 else ""])
        out += [heads[0]] + _tab_table(["序号", "管理事项", "相关部门", "职责分工", "相关依据", "案例"], rows, rng)
    if rec["services"]:
        rows = [[str(s["seq"]), s["item"] or "", s["content"] or "", s["office"] or "", s["phone"] or ""]
                for s in rec["services"]]
        out += [heads[1]] + _tab_table(["序号", "服务事项", "主要工作内容", "承办机构", "联系电话"], rows, rng)
    return out


def _prose(rec: dict, width: int | None, rng: random.Random) -> list[str]:
    """Regimes; with ``width``, PDF-wrapped with blank lines between lines and page breaks."""
    lines = []
    for g in rec["regimes"]:
        lines.append(f"{g['seq_label']}{g['title']}")
        lines += g["intro"]
        for p in g["parts"]:
            lines.append(f"{p['label']}{p['heading']}")
            lines += p["clauses"]
    if width is None:
        return lines
    out, since_break = [], 0
    for ln in lines:
        pieces = [ln[i:i + width] for i in range(0, len(ln), width)] or [ln]
        for piece in pieces:
            out += [piece + " ", ""]
            since_break += 1
            if since_break >= 40 and piece is pieces[-1]:
                out += ["", "", " ", ""]
                since_break = 0
    return out


def doc_name(i: int) -> str:
    return f"synth_{i:06d}"


def make_document(i: int, bases: list[Document], names: list[str], rng: random.Random) -> Synth:
    base = bases[rng.randrange(len(bases))]
    county = rng.choice(names)
    dept = county + STEM
    rec = _records(base, county, rng)
    roll = rng.random()
    layout = "pdf" if roll < 0.3 else "pdf-layout" if roll < 0.55 else "tab"
    has_office = any(i["office"] for r in rec["responsibilities"] for i in r["items"])
    lines = [f"{dept}责任清单"]
    missing: set[int] = set()
    if layout == "tab":
        lines += ["一、部门职责", f"部门名称：{dept}"]
        rows = []
        for r in rec["responsibilities"]:
            for k, it in enumerate(r["items"]):
                rows.append([str(r["seq"]) if k == 0 else "", r["text"] if k == 0 else "", it["text"]]
                            + ([it["office"] or ""] if has_office else []) + [""])
        lines += _tab_table(["序号", "主要职责", "具体工作事项"] + (["责任科室"] if has_office else []) + ["备注"],
                            rows, rng)
        lines += _boundaries_services(rec, rng, ("二、与相关部门的职责边界", "四、公共服务事项"))
        lines += ["三、事中事后监管制度"] + _prose(rec, None, rng)
    elif layout == "pdf-layout":
        # pdftotext -layout of a printed table: merged cells at the top, in the middle or at
        # the bottom of their groups, with or without 责任科室, the header on one line or
        # wrapped in narrow columns (序 / 号).
        align, office, wrapped = rng.choice(ALIGNS), rng.random() < 0.5, rng.random() < 0.5
        layout = f"pdf-layout/{align}/{'office' if office else 'no-office'}/{'wrapped' if wrapped else 'flat'}-header"
        if office and not has_office:
            for r in rec["responsibilities"]:
                unit = rng.choice(OFFICES)
                for it in r["items"]:
                    it["office"] = unit
        for r in rec["responsibilities"]:
            for it in r["items"]:
                it["office"] = it["office"] if office else None
        groups = [Group(r["seq"], r["text"], [(it["text"], it["office"] or "") for it in r["items"]])
                  for r in rec["responsibilities"]]
        w_item = rng.randint(18, 30)
        lines += ["一、部门职责", ""] + render_layout(
            groups, office=office, align=align, wrapped=wrapped, w_item=w_item,
            w_main=w_item // 2 + rng.randint(-1, 2), w_office=rng.randint(5, 7),
            page_lines=rng.choice([30, 45, 60]), rng=rng)
        lines += _boundaries_services(rec, rng, ("二、与相关部门的职责边界", "三、公共服务事项"))
        lines += ["四、事中事后监督管理制度", ""] + _prose(rec, rng.randint(34, 46), rng)
    else:
        if not has_office:  # a PDF duty table in the wild has its 责任科室 column
            for r in rec["responsibilities"]:
                office = rng.choice(OFFICES)
                for it in r["items"]:
                    it["office"] = office
        n = len(rec["responsibilities"])
        missing = set(rng.sample(range(2, n), min(2, max(0, n - 2)))) if n > 3 and rng.random() < 0.7 else set()
        groups = [Group(r["seq"], r["text"], [(it["text"], it["office"]) for it in r["items"]])
                  for r in rec["responsibilities"]]
        w_item = rng.randint(22, 30)
        lines += ["一、部门职责", ""] + render_lines(
            groups, w_item=w_item, w_main=w_item // 2 + rng.randint(-1, 1), w_office=rng.randint(5, 7),
            page_rows=rng.choice([8, 10, 12, 15]), position="last" if rng.random() < 0.8 else "first",
            missing=missing, rng=rng)
        lines += _boundaries_services(rec, rng, ("二、与相关部门的职责边界", "三、公共服务事项"))
        lines += ["四、事中事后监督管理制度", ""] + _prose(rec, rng.randint(34, 46), rng)
    name = doc_name(i)
    expected = {
        "source": f"{name}.txt", "region": county, "department": dept, "layout": layout,
        "responsibilities": [{"seq": r["seq"], "seq_inferred": r["seq"] in missing, "text": r["text"],
                              "items": [{"text": it["text"], "office": it["office"], "remark": None}
                                        for it in r["items"]]} for r in rec["responsibilities"]],
        "boundaries": [{"seq": b["seq"], "matter": b["matter"], "parties": b["parties"],
                        "basis": (b["basis"] or "").replace("\n", "；") or None, "case": b["case"]}
                       for b in rec["boundaries"]],
        "regimes": [{"seq_label": g["seq_label"], "title": g["title"],
                     "parts": [{"label": p["label"], "heading": p["heading"]} for p in g["parts"]]}
                    for g in rec["regimes"]],
        "services": rec["services"],
    }
    encoding = "gb18030" if rng.random() < 0.5 else "utf-8"
    return Synth(name, "\n".join(lines) + "\n", encoding, layout, expected)


def write_corpus(n: int, seed: int, out: Path) -> dict:
    """Write ``n`` documents and their expected records under ``out``; return a summary."""
    rng = random.Random(seed)
    bases, names = base_documents(), counties()
    out = _prepare_dir(Path(out))
    (out / "expected").mkdir(exist_ok=True)
    counts = {"tab": 0, "pdf": 0, "pdf-layout": 0, "utf-8": 0, "gb18030": 0, "bytes": 0}
    # The marker names every file before it exists, so an interrupted run's files are ours too.
    write_manifest(out, sorted(f for i in range(n) for f in (f"{doc_name(i)}.txt", f"expected/{doc_name(i)}.json")),
                   SYNTH_MARKER, SYNTH_TOOL)
    for i in range(n):
        d = make_document(i, bases, names, rng)
        data = d.text.encode(d.encoding, errors="replace")
        (out / f"{d.name}.txt").write_bytes(data)
        (out / "expected" / f"{d.name}.json").write_text(json.dumps(d.expected, ensure_ascii=False), encoding="utf-8")
        counts[d.layout.split("/")[0]] += 1
        counts[d.encoding] += 1
        counts["bytes"] += len(data)
    return {"documents": n, **counts}


SYNTH_MARKER = ".rlist-synth.json"
SYNTH_TOOL = "rlist-ingest synth"


def _prepare_dir(out: Path) -> Path:
    """An empty or new directory, or an earlier corpus with its own files removed; anything
    else is refused (``DIR/*.txt`` must not pick up files of another run or a user's)."""
    own = read_manifest(out, SYNTH_MARKER, SYNTH_TOOL)
    if own is None:
        check_out(out, kind="an rlist synth corpus", earlier="an earlier corpus")  # a file, a missing parent, …
        out.mkdir(exist_ok=True)
        return out
    for rel in own:
        (out / rel).unlink(missing_ok=True)
    (out / SYNTH_MARKER).unlink()
    return out
