"""Renderers of a diff report: json, markdown, terminal (rich) and html."""

from __future__ import annotations

import html
import json

TITLES = {"responsibilities": "主要职责", "work_items": "具体工作事项", "boundaries": "职责边界",
          "boundary_parties": "边界分工", "regimes": "监管制度", "regime_parts": "制度条目",
          "clauses": "制度条款", "services": "公共服务事项"}


def to_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _summary_rows(report):
    for name, sec in report["sections"].items():
        s = sec["summary"]
        if s["a_total"] or s["b_total"]:
            yield name, s


def to_markdown(report: dict) -> str:
    a, b = report["a"], report["b"]
    out = [f"# {a['source']} vs {b['source']}", "",
           f"A: {a['source']} ({a['region'] or '?'}) · B: {b['source']} ({b['region'] or '?'})", "",
           "| section | A | B | identical | changed | only in A | only in B |", "|---|---|---|---|---|---|---|"]
    for name, s in _summary_rows(report):
        out.append(f"| {TITLES[name]} ({name}) | {s['a_total']} | {s['b_total']} | {s['identical']} | "
                   f"{s['changed']} | {s['only_a']} | {s['only_b']} |")
    t = report["summary"]
    out.append(f"| **total** | {t['a_total']} | {t['b_total']} | {t['identical']} | {t['changed']} | "
               f"{t['only_a']} | {t['only_b']} |")

    def esc(x):
        return x.replace("|", "\\|").replace("*", "\\*").replace("~", "\\~").replace("<", "&lt;")

    for name, sec in report["sections"].items():
        if not (sec["changed"] or sec["only_a"] or sec["only_b"]):
            continue
        out += ["", f"## {TITLES[name]} ({name})"]
        for c in sec["changed"]:
            marked = "".join(esc(x) if op == "equal" else (f"~~{esc(x)}~~" if x else "") + (f"**{esc(y)}**" if y else "")
                             for op, x, y in c["diff"])
            out.append(f"- changed {c['similarity']:.2f} [A {c['a']['label']} L{c['a']['lines'][0]} · "
                       f"B {c['b']['label']} L{c['b']['lines'][0]}]: {marked}")
        for e in sec["only_a"]:
            out.append(f"- only in A [{e['label']} L{e['lines'][0]}]: {esc(e['text'])}")
        for e in sec["only_b"]:
            out.append(f"- only in B [{e['label']} L{e['lines'][0]}]: {esc(e['text'])}")
    return "\n".join(out) + "\n"


def to_terminal(report: dict, console=None) -> None:
    """Coloured terminal view: deletions red, insertions green."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    con = console or Console()
    a, b = report["a"], report["b"]
    table = Table(title=f"A {a['source']} ({a['region']})  vs  B {b['source']} ({b['region']})")
    for col in ("section", "A", "B", "identical", "changed", "only A", "only B"):
        table.add_column(col, justify="left" if col == "section" else "right")
    for name, s in _summary_rows(report):
        table.add_row(TITLES[name], *(str(s[k]) for k in ("a_total", "b_total", "identical", "changed", "only_a",
                                                           "only_b")))
    con.print(table)
    for name, sec in report["sections"].items():
        if not (sec["changed"] or sec["only_a"] or sec["only_b"]):
            continue
        con.rule(TITLES[name])
        for c in sec["changed"]:
            t = Text(f"~ {c['similarity']:.2f} ")
            for op, x, y in c["diff"]:
                if op == "equal":
                    t.append(x)
                else:
                    t.append(x, style="red strike")
                    t.append(y, style="green")
            con.print(t)
        for e in sec["only_a"]:
            con.print(Text("- " + e["text"], style="red"))
        for e in sec["only_b"]:
            con.print(Text("+ " + e["text"], style="green"))


_CSS = """body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
th{background:#f3f3f3}.side td{width:50%}del{background:#fdd;text-decoration:line-through}
ins{background:#dfd;text-decoration:none}.onlya{background:#fff0f0}.onlyb{background:#f0fff0}
.sim{color:#666;font-size:90%}h2{margin-top:1.5em}"""


def to_html(report: dict) -> str:
    """A self-contained page with side-by-side highlights. All document text is escaped."""
    e = html.escape
    a, b = report["a"], report["b"]
    rows = []
    for name, s in _summary_rows(report):
        rows.append("<tr><td>" + e(TITLES[name]) + "</td>" + "".join(
            f"<td>{s[k]}</td>" for k in ("a_total", "b_total", "identical", "changed", "only_a", "only_b")) + "</tr>")
    parts = [f"<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>{e(a['source'])} vs "
             f"{e(b['source'])}</title><style>{_CSS}</style></head><body>",
             f"<h1>{e(a['source'])} ({e(a['region'] or '?')}) vs {e(b['source'])} ({e(b['region'] or '?')})</h1>",
             "<table><tr><th>section</th><th>A</th><th>B</th><th>identical</th><th>changed</th><th>only in A</th>"
             "<th>only in B</th></tr>", *rows, "</table>"]
    for name, sec in report["sections"].items():
        if not (sec["changed"] or sec["only_a"] or sec["only_b"]):
            continue
        parts.append(f"<h2>{e(TITLES[name])}</h2><table class=\"side\"><tr><th>A: {e(a['source'])}</th>"
                     f"<th>B: {e(b['source'])}</th></tr>")
        for c in sec["changed"]:
            left = "".join(e(x) if op == "equal" else (f"<del>{e(x)}</del>" if x else "") for op, x, _ in c["diff"])
            right = "".join(e(y) if op == "equal" else (f"<ins>{e(y)}</ins>" if y else "") for op, _, y in c["diff"])
            parts.append(f"<tr><td>{left}</td><td>{right} <span class=\"sim\">{c['similarity']:.2f}</span></td></tr>")
        for x in sec["only_a"]:
            parts.append(f"<tr><td class=\"onlya\">{e(x['text'])}</td><td></td></tr>")
        for x in sec["only_b"]:
            parts.append(f"<tr><td></td><td class=\"onlyb\">{e(x['text'])}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
