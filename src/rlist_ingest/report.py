"""``rlist report``: one self-contained HTML page about a dataset.

Per document what was read and how well; a county × county heatmap of shared text (the
rule of :mod:`compare`), ordered so that families of copies sit together; local share
per county; the most widely copied texts with their members; records naming another
county; for power lists, powers per type and department and the laws cited most. No
script and no network at view time: charts are inline SVG (:mod:`charts`), fonts are the
viewer's CJK fonts, named in the style sheet."""

from __future__ import annotations

import html
import json
import os
from collections import Counter, defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import __version__
from .charts import CJK_FONTS, hbar, heatmap
from .compare import region_matrix
from .outfile import check_file, write_atomically

GENERATOR = f"rlist-ingest {__version__} report"
MAX_HEATMAP = 40  # regions in the heatmap (the most connected); rlist compare has them all
TOP_CLUSTERS = 30
MAX_MEMBERS = 40
MAX_FOREIGN = 300
MAX_BARS = 60
KIND_COLUMNS = [("responsibilities", "主要职责"), ("work_items", "工作事项"), ("boundaries", "职责边界"),
                ("regimes", "监管制度"), ("services", "服务事项"), ("powers", "权责事项"), ("power_items", "子项")]


def _e(x) -> str:
    return html.escape("" if x is None else str(x))


def _is_ours(p: Path) -> bool:
    with open(p, "rb") as fh:
        return b'<meta name="generator" content="rlist-ingest ' in fh.read(4096)


def check(path: Path) -> Path:
    return check_file(path, _is_ours, "rlist report", "report.html")


def _table(dataset: Path, name: str, columns: list[str] | None = None):
    return pq.read_table(dataset / f"{name}.parquet", columns=columns)


def build(dataset: Path) -> dict:
    """The report's numbers (also what the tests compare against)."""
    docs = _table(dataset, "documents").to_pylist()
    residue = Counter()
    rf = dataset / "residue.jsonl"
    if rf.exists():
        with open(rf, encoding="utf-8") as fh:
            for line in fh:
                residue[json.loads(line).get("document_id")] += 1
    rec = _table(dataset, "records", ["record_id", "kind", "document_id", "region", "department", "label", "text",
                                      "cluster_id", "shared", "foreign_places", "source", "line_first", "line_last"])
    mx = region_matrix(dataset)
    # Local share per county: characters in clusters no other region has / characters clustered.
    local, total = defaultdict(int), defaultdict(int)
    clustered = rec.filter(pc.is_valid(rec["cluster_id"]))
    for r, t, sh in zip(clustered["region"].to_pylist(), clustered["text"].to_pylist(),
                        clustered["shared"].to_pylist(), strict=True):
        total[r] += len(t)
        if not sh:
            local[r] += len(t)
    county_local = {r: local[r] / total[r] for r in total if r is not None and total[r]}
    clusters = _table(dataset, "boilerplate_clusters").to_pylist()
    top = sorted((c for c in clusters if c["region_count"] > 1),
                 key=lambda c: (-c["region_count"], -c["members"], c["cluster_id"]))[:TOP_CLUSTERS]
    want = {c["cluster_id"] for c in top}
    members = defaultdict(list)
    foreign = []
    for row in rec.filter(pc.or_(pc.is_in(rec["cluster_id"], value_set=pa.array(sorted(want), pa.string())),
                                 pc.is_valid(rec["foreign_places"]))).to_pylist():
        if row["cluster_id"] in want:
            members[row["cluster_id"]].append(row)
        if row["foreign_places"]:
            foreign.append(row)
    out = {"documents": docs, "residue": dict(residue), "matrix": mx, "county_local": county_local,
           "top": top, "members": members, "foreign": foreign,
           "records": len(rec), "clusters": len(clusters), "shared_clusters": sum(1 for c in clusters if c["shared"])}
    powers = _table(dataset, "powers", ["document_id", "type", "type_printed"]).to_pylist()
    if powers:
        dept = {d["document_id"]: d["department"] or d["source"] for d in docs}
        per = defaultdict(Counter)
        for p in powers:
            per[dept[p["document_id"]]][p["type"] or p["type_printed"] or "（未标明）"] += 1
        bases = _table(dataset, "power_bases", ["title", "power_id", "document_id"]).to_pylist()
        laws = defaultdict(lambda: [0, set(), set()])
        for b in bases:
            if b["title"]:
                x = laws[b["title"]]
                x[0] += 1
                x[1].add(b["power_id"])
                x[2].add(b["document_id"])
        out["powers_per"] = per
        out["laws"] = sorted(((t, n, len(p), len(d)) for t, (n, p, d) in laws.items()), key=lambda x: (-x[2], -x[1], x[0]))[:30]
    return out


_CSS = "body { font-family: " + ", ".join(f'"{f}"' for f in CJK_FONTS) + """, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { border-bottom: 2px solid #4472C4; padding-bottom: .2em; margin-top: 2em; }
table { border-collapse: collapse; font-size: 0.85em; margin: .5em 0; }
th, td { border: 1px solid #ccc; padding: 3px 6px; vertical-align: top; }
th { background: #DDEBF7; position: sticky; top: 0; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #666; font-size: .85em; } .warn { color: #a33; }
dl.summary { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dl.summary dt { font-weight: bold; } details summary { cursor: pointer; }
figure { margin: 1em 0; overflow-x: auto; } figure svg { max-width: 100%; height: auto; }
.text { max-width: 40em; } :target { background: #fff3b0; }
"""


def render(data: dict, title: str = "责任清单数据报告 / List dataset report") -> str:
    """The page."""
    docs, mx = data["documents"], data["matrix"]
    regions = sorted({d["region"] for d in docs if d["region"]})
    parts = [f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
             f'<meta name="generator" content="{_e(GENERATOR)}"><title>{_e(title)}</title>'
             f"<style>{_CSS}</style></head><body>", f"<h1>{_e(title)}</h1>",
             '<dl class="summary">',
             f'<dt>文档 Documents</dt><dd id="n-documents">{len(docs)}</dd>',
             f'<dt>地区 Regions</dt><dd id="n-regions">{len(regions)}</dd>',
             f'<dt>文本记录 Text records</dt><dd id="n-records">{data["records"]}</dd>',
             f'<dt>文本簇 Clusters</dt><dd id="n-clusters">{data["clusters"]}（跨地区 shared: '
             f'{data["shared_clusters"]}）</dd></dl>']
    parts.append('<p><a href="#matrix">县×县 matrix</a> · <a href="#local">本地占比 local share</a> · '
                 '<a href="#copied">复制最多 most copied</a> · <a href="#foreign">提及他县 foreign mentions</a> · '
                 + ('<a href="#powers">权责清单 powers</a> · ' if "powers_per" in data else "")
                 + '<a href="#documents">各文档 documents</a></p>')
    parts.append(_heatmap(mx))
    cl = sorted(data["county_local"].items(), key=lambda x: (x[1], x[0]))
    parts.append('<h2 id="local">本地文本占比 Local share per county</h2><p class="muted">Share of a county\'s '
                 "clustered text (characters) in clusters no other county has: 1 = all its own, 0 = all shared.</p>")
    if len(cl) > MAX_BARS:  # a chart of hundreds of bars is read by nobody: both ends, the rest in the table
        parts.append(f'<p class="muted">Showing the {MAX_BARS // 2} counties with the least and the '
                     f"{MAX_BARS // 2} with the most local text, of {len(cl)}; every document's local share is in "
                     'the <a href="#documents">documents table</a>.</p>')
        cl = cl[:MAX_BARS // 2] + cl[-(MAX_BARS // 2):]
    if cl:
        parts.append("<figure>" + hbar([r for r, _ in cl], [v for _, v in cl], "本地文本占比 / local share",
                                       "share of the county's text found in no other county") + "</figure>")
    parts.append(_copied(data["top"], data["members"], data.get("links", {})))
    parts.append(_foreign(data["foreign"], data.get("links", {})))
    if "powers_per" in data:
        parts.append(_powers(data["powers_per"], data["laws"]))
    parts.append(_documents(docs, data["residue"]))  # last: with hundreds of documents it is long
    parts.append(f'<p class="muted">Written by {_e(GENERATOR)}.</p></body></html>\n')
    return "\n".join(parts)


def _documents(docs: list[dict], residue: dict) -> str:
    head = "".join(f"<th>{z}<br>{k}</th>" for k, z in KIND_COLUMNS)
    rows = []
    for d in sorted(docs, key=lambda d: (d["region"] or "", d["department"] or "", d["source"])):
        warn = d["quality"] or ""
        share = "" if d["local_share"] is None else f"{d['local_share']:.2f}"
        rows.append(f'<tr><td>{_e(d["region"] or "—")}</td><td>{_e(d["department"] or "—")}</td>'
                    f'<td class="muted">{_e(d["source"])}</td><td>{_e(d["format"])}</td>'
                    f'<td>{_e(d["layouts"]).replace("+", "+<wbr>")}</td>'
                    + "".join(f'<td class="n">{d[k] or 0}</td>' for k, _ in KIND_COLUMNS)
                    + f'<td class="n">{residue.get(d["document_id"], 0)}</td>'
                    f'<td class="n">{share}</td>'
                    f'<td class="warn">{_e(warn)}</td></tr>')
    return ('<h2 id="documents">各文档 Documents</h2><table id="documents-table"><tr><th>地区<br>region</th>'
            f"<th>部门<br>department</th><th>文件<br>source</th><th>格式<br>format</th><th>版式<br>layout</th>{head}"
            "<th>残余行<br>residue</th><th>本地占比<br>local share</th><th>质量提示<br>warnings</th></tr>"
            + "".join(rows) + "</table>")


def _heatmap(mx) -> str:
    out = ['<h2 id="matrix">县×县共有文本 Shared text, county × county</h2><p class="muted">Cell (A, B): the share '
           "of A's text records whose boilerplate cluster also has a member in B (rlist compare writes the numbers). "
           "Rows and columns are ordered by average-linkage clustering, so counties that copy each other sit "
           "together.</p>"]
    n = len(mx.regions)
    if n < 2:
        return out[0] + "<p>Fewer than two regions: nothing to compare.</p>"
    order = mx.order()
    keep = order
    if n > MAX_HEATMAP:
        s = mx.share
        strength = (s + s.T).sum(axis=1) - 2 * s.diagonal()
        chosen = set(sorted(range(n), key=lambda i: (-strength[i], mx.regions[i]))[:MAX_HEATMAP])
        keep = [i for i in order if i in chosen]
        out.append(f'<p class="muted">Showing the {MAX_HEATMAP} of {n} counties that share the most.</p>')
    sub = mx.share[keep][:, keep]
    out.append("<figure>" + heatmap([mx.regions[i] for i in keep], sub, "共有文本比例 / shared text") + "</figure>")
    s = mx.share
    pairs = sorted(((s[i, j], i, j) for i in range(n) for j in range(n) if i != j), key=lambda x: (-x[0], x[1], x[2]))
    out.append('<details open><summary>最相似的地区对 Most similar pairs</summary><table id="pairs"><tr><th>A</th>'
               "<th>B</th><th>A 的文本记录<br>A's records</th><th>与 B 共有<br>shared with B</th><th>比例<br>share</th></tr>"
               + "".join(f"<tr><td>{_e(mx.regions[i])}</td><td>{_e(mx.regions[j])}</td>"
                         f'<td class="n">{int(mx.records[i])}</td><td class="n">{int(mx.shared[i, j])}</td>'
                         f'<td class="n">{v:.3f}</td></tr>' for v, i, j in pairs[:30])
               + "</table></details>")
    return "\n".join(out)


def _where(r: dict) -> str:
    return f'{r["source"]}:{r["line_first"]}' + (f'-{r["line_last"]}' if r["line_last"] != r["line_first"] else "")


def _copied(top: list[dict], members: dict, links: dict) -> str:
    out = ['<h2 id="copied">最广泛复制的文本 Most widely copied texts</h2><p class="muted">Clusters by number of '
           "regions; each with a member's text as printed and its members.</p><table id=\"copied-table\"><tr>"
           "<th>地区数<br>regions</th><th>成员<br>members</th><th>示例原文<br>example text</th><th>地区<br>where</th></tr>"]
    for c in top:
        ms = members.get(c["cluster_id"], [])
        lis = "".join(f'<li id="r-{_e(m["record_id"])}">{_e(m["region"])} · {_e(m["department"])} · {_e(m["label"])}'
                      f' <span class="muted">{_link(links, m)}</span>: {_e(m["text"])}</li>' for m in ms[:MAX_MEMBERS])
        more = f"<li>… {len(ms) - MAX_MEMBERS} more</li>" if len(ms) > MAX_MEMBERS else ""
        out.append(f'<tr id="c-{_e(c["cluster_id"])}"><td class="n">{c["region_count"]}</td><td class="n">{c["members"]}'
                   f'</td><td class="text">{_e(c["example_text"])}<details><summary>{len(ms)} 条记录 records</summary>'
                   f'<ul>{lis}{more}</ul></details></td><td>{_e("、".join(c["regions"]))}</td></tr>')
    return "\n".join(out) + "</table>"


def _link(links: dict, r: dict) -> str:
    """Where a record is: its source lines linked to the text they number, its id to the
    document JSON that holds it."""
    js, txt = links.get(r["document_id"], (None, None))
    where, ident = _e(_where(r)), f'{_e(r["kind"])} {_e(r["record_id"])}'
    if js is None:
        return f'{where}<br><span class="muted">{ident}</span>'
    return (f'<a href="{_e(txt)}">{where}</a><br><a class="muted" href="{_e(js)}" '
            f'title="the record in the document JSON">{ident}</a>')


def _foreign(rows: list[dict], links: dict) -> str:
    out = ['<h2 id="foreign">提及他县的文本 Texts that name another county</h2><p class="muted">A record that names a '
           "division other than its own region, city or province: often a list copied from elsewhere and not fully "
           f'edited. {len(rows)} records.</p><table id="foreign-table"><tr><th>地区<br>region</th><th>提及<br>names</th>'
           "<th>部门<br>department</th><th>编号<br>label</th><th>文本<br>text</th><th>位置<br>where</th></tr>"]
    for r in sorted(rows, key=lambda r: (r["region"] or "", r["source"], r["line_first"]))[:MAX_FOREIGN]:
        out.append(f'<tr id="f-{_e(r["record_id"])}"><td>{_e(r["region"])}</td><td><b>{_e(r["foreign_places"])}</b></td>'
                   f'<td>{_e(r["department"])}</td><td>{_e(r["label"])}</td><td class="text">{_e(r["text"])}</td>'
                   f'<td>{_link(links, r)}</td></tr>')
    if len(rows) > MAX_FOREIGN:
        out.append(f'<tr><td colspan="6">… {len(rows) - MAX_FOREIGN} more (records.foreign_places)</td></tr>')
    return "\n".join(out) + "</table>"


def _powers(per: dict, laws: list) -> str:
    types = sorted({t for c in per.values() for t in c})
    out = ['<h2 id="powers">权责清单 Power lists</h2><h3>各部门权力类型 Powers per type and department</h3>'
           '<table id="powers-table"><tr><th>部门 department</th>' + "".join(f"<th>{_e(t)}</th>" for t in types)
           + "<th>合计 total</th></tr>"]
    for dept in sorted(per):
        c = per[dept]
        out.append(f"<tr><td>{_e(dept)}</td>" + "".join(f'<td class="n">{c.get(t, "")}</td>' for t in types)
                   + f'<td class="n">{sum(c.values())}</td></tr>')
    out.append('</table><h3>引用最多的法律法规 Laws cited most</h3><table id="laws-table"><tr><th>法律法规 law</th>'
               "<th>引用次数<br>citations</th><th>权责事项<br>powers</th><th>文档<br>documents</th></tr>")
    out += [f'<tr><td>《{_e(t)}》</td><td class="n">{n}</td><td class="n">{p}</td><td class="n">{d}</td></tr>'
            for t, n, p, d in laws]
    return "\n".join(out) + "</table>"


def _links(dataset: Path, page: Path, docs: list[dict]) -> dict[str, tuple[str, str]]:
    """Per document, links from the page to its canonical JSON (which holds every record
    by id) and to the text its line numbers refer to, relative to where the page is."""
    from .writers import output_stem

    out = {}
    for d in docs:
        stem = output_stem(d["source"])
        if (dataset / "documents" / f"{stem}-{d['document_id'][:8]}.json").is_file():
            stem = f"{stem}-{d['document_id'][:8]}"  # the name the writer gives a second file of one name
        rel = lambda p: Path(os.path.relpath(p, page.parent)).as_posix()  # noqa: E731
        out[d["document_id"]] = (rel(dataset / "documents" / f"{stem}.json"), rel(dataset / "text" / f"{stem}.txt"))
    return out


def write_report(dataset: Path, path: Path) -> dict:
    """Build and write the report; returns its numbers."""
    path = check(path)
    data = build(Path(dataset))
    data["links"] = _links(Path(dataset).resolve(), Path(path).resolve(), data["documents"])
    text = render(data)
    write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return data
