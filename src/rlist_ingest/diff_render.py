"""Renderers of a diff report: json, markdown, text, terminal (rich) and html."""

from __future__ import annotations

import html
import json
import os
import sys
from pathlib import Path

from .errors import OutputError, UsageError
from .kinds import TITLES as KIND_TITLES

# Written into every report file, so that a later run may replace a report it wrote (and
# never a file of someone else's that happens to have the same name).
GENERATOR = "rlist-ingest diff"

TITLES = KIND_TITLES


def to_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _json_file(report: dict) -> str:
    return to_json({"generator": GENERATOR, **report})


def _summary_rows(report):
    for name, sec in report["sections"].items():
        s = sec["summary"]
        if s["a_total"] or s["b_total"]:
            yield name, s


_COUNTS = ("a_total", "b_total", "identical", "changed", "only_a", "only_b")


def _count_rows(report, label, total_label):
    """(label, counts) per section with records, then the totals."""
    rows = [(label(name), [s[k] for k in _COUNTS]) for name, s in _summary_rows(report)]
    return rows + [(total_label, [report["summary"][k] for k in _COUNTS])]


def to_markdown(report: dict) -> str:
    a, b = report["a"], report["b"]
    out = [f"<!-- generator: {GENERATOR} -->", f"# {a['source']} vs {b['source']}", "",
           f"A: {a['source']} ({a['region'] or '?'}) · B: {b['source']} ({b['region'] or '?'})", "",
           "| section | A | B | identical | changed | only in A | only in B |", "|---|---|---|---|---|---|---|"]
    out += ["| " + " | ".join([label, *map(str, counts)]) + " |"
            for label, counts in _count_rows(report, lambda n: f"{TITLES[n]} ({n})", "**total**")]

    def esc(x):
        return (x.replace("&", "&amp;").replace("<", "&lt;").replace("|", "\\|").replace("*", "\\*")
                .replace("~", "\\~").replace("_", "\\_").replace("`", "\\`").replace("[", "\\["))

    # <del>/<ins>, not ~~ and **: CommonMark's flanking rules refuse emphasis next to CJK
    # punctuation, so ~~…~~ around 。 or （ renders as literal tildes (GFM allows inline HTML).
    for name, sec in report["sections"].items():
        if not (sec["changed"] or sec["only_a"] or sec["only_b"]):
            continue
        out += ["", f"## {TITLES[name]} ({name})"]
        for c in sec["changed"]:
            marked = "".join(esc(x) if op == "equal" else f"<mark>{esc(x)}→{esc(y)}</mark>" if op == "place"
                             else (f"<del>{esc(x)}</del>" if x else "") + (f"<ins>{esc(y)}</ins>" if y else "")
                             for op, x, y in c["diff"])
            out.append(f"- changed {c['similarity']:.2f} [A {c['a']['label']} L{c['a']['lines'][0]} · "
                       f"B {c['b']['label']} L{c['b']['lines'][0]}]: {marked}")
            out += [f"  - {esc(x)}" for x in changes(c)]
        for e in sec["only_a"]:
            out.append(f"- only in A [{e['label']} L{e['lines'][0]}]: {esc(e['text'])}")
        for e in sec["only_b"]:
            out.append(f"- only in B [{e['label']} L{e['lines'][0]}]: {esc(e['text'])}")
    return "\n".join(out) + "\n"


def changes(c: dict) -> list[str]:
    """A changed power's other changes in words: citations and 子项 dropped or added, fields."""
    ch = c.get("changes") or {}
    out = [f"citation dropped: {x}" for x in ch.get("citations_dropped", [])]
    out += [f"citation added: {x}" for x in ch.get("citations_added", [])]
    out += [f"子项 dropped: {x}" for x in ch.get("items_dropped", [])]
    out += [f"子项 added: {x}" for x in ch.get("items_added", [])]
    out += [f"{f}: {a or '—'} → {b or '—'}" for f, (a, b) in ch.get("fields", {}).items()]
    return out


def marked(diff: list[list[str]]) -> str:
    """A changed record's text with explicit markers, as ``git diff --word-diff`` prints
    it: ``[-deleted-]{+inserted+}`` (without colour, fused text would read as neither list);
    one place name standing for another, which is no change, as CriticMarkup's
    substitution ``{~~新河县~>任县~~}``."""
    return "".join(x if op == "equal" else f"{{~~{x}~>{y}~~}}" if op == "place"
                   else (f"[-{x}-]" if x else "") + (f"{{+{y}+}}" if y else "") for op, x, y in diff)


def to_text(report: dict) -> str:
    """Plain text without colour: a summary table, then changed records with markers."""
    a, b = report["a"], report["b"]
    out = [f"{GENERATOR}: A {a['source']} ({a['region'] or '?'}) vs B {b['source']} ({b['region'] or '?'})", "",
           f"{'section':<18} {'A':>5} {'B':>5} {'identical':>9} {'changed':>7} {'only A':>6} {'only B':>6}"]
    widths = (5, 5, 9, 7, 6, 6)
    out += [f"{label:<18} " + " ".join(f"{c:>{w}}" for c, w in zip(counts, widths, strict=True))
            for label, counts in _count_rows(report, str, "total")]
    for name, sec in report["sections"].items():
        if not (sec["changed"] or sec["only_a"] or sec["only_b"]):
            continue
        out += ["", f"== {TITLES[name]} ({name})"]
        for c in sec["changed"]:
            out.append(f"~ {c['similarity']:.2f} [A L{c['a']['lines'][0]} · B L{c['b']['lines'][0]}] "
                       + marked(c["diff"]))
            out += [f"    {x}" for x in changes(c)]
        out += [f"- [A L{e['lines'][0]}] {e['text']}" for e in sec["only_a"]]
        out += [f"+ [B L{e['lines'][0]}] {e['text']}" for e in sec["only_b"]]
    return "\n".join(out) + "\n"


def to_terminal(report: dict, console=None) -> None:
    """Coloured terminal view: deletions red, insertions green. Where colour is off (not a
    terminal, NO_COLOR, TERM=dumb) the plain text with markers is printed instead."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    con = console or Console()
    if con.color_system is None:
        con.file.write(to_text(report))
        return
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
                elif op == "place":
                    t.append(f"{x}→{y}", style="blue")
                else:
                    t.append(x, style="red strike")
                    t.append(y, style="green")
            con.print(t)
            for x in changes(c):
                con.print(Text("    " + x, style="red" if "dropped" in x else "green" if "added" in x else ""))
        for e in sec["only_a"]:
            con.print(Text("- " + e["text"], style="red"))
        for e in sec["only_b"]:
            con.print(Text("+ " + e["text"], style="green"))


_CSS = """body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Zen Hei","PingFang SC",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
th{background:#f3f3f3}.side td.t{width:42%}td.n{text-align:right}del{background:#fdd;text-decoration:line-through}
ins{background:#dfd;text-decoration:none}.place{background:#e3ecff;border-bottom:1px dotted #36c}
.onlya{background:#fff0f0}.onlyb{background:#f0fff0}.same{color:#555}.sim{color:#666;font-size:90%}
.where{color:#666;font-size:85%;display:block}h2{margin-top:1.5em}tr.total td{font-weight:bold;border-top:2px solid #888}
.legend span{margin-right:1.5em}"""


def _where(x: dict | None, side: str) -> str:
    """A record's label, lines and context, shown above its text."""
    if x is None:
        return ""
    e = html.escape
    lines = x["lines"][0] if x["lines"][0] == x["lines"][1] else f"{x['lines'][0]}–{x['lines'][1]}"
    ctx = f" · {e(x['context'])}" if x.get("context") else ""
    return f'<span class="where">{side} {e(x["label"] or "")} · L{lines}{ctx}</span>'


def _sides(diff: list[list[str]]) -> tuple[str, str]:
    e = html.escape
    left = right = ""
    for op, x, y in diff:
        if op == "equal":
            left, right = left + e(x), right + e(y)
        elif op == "place":
            left += f'<span class="place" title="place name: not a change">{e(x)}</span>'
            right += f'<span class="place" title="place name: not a change">{e(y)}</span>'
        else:
            left += f"<del>{e(x)}</del>" if x else ""
            right += f"<ins>{e(y)}</ins>" if y else ""
    return left, right


def to_html(report: dict, show_identical: bool = False) -> str:
    """A self-contained page: a summary with totals, then per section the changed records
    side by side (label, source lines and what each stands under on both sides), records
    of one side only, and with ``show_identical`` the identical ones. Text is shown as
    printed; a place name standing for another is marked as such, not as a change. All
    document text is escaped."""
    e = html.escape
    a, b = report["a"], report["b"]
    rows = [("<tr class=\"total\">" if label == "total" else "<tr>") + f"<td>{e(label)}</td>"
            + "".join(f'<td class="n">{c}</td>' for c in counts) + "</tr>"
            for label, counts in _count_rows(report, lambda n: f"{TITLES[n]} ({n})", "total")]
    parts = [f"<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\">"
             f"<meta name=\"generator\" content=\"{GENERATOR}\"><title>{e(a['source'])} vs "
             f"{e(b['source'])}</title><style>{_CSS}</style></head><body>",
             f"<h1>{e(a['source'])} ({e(a['region'] or '?')}) vs {e(b['source'])} ({e(b['region'] or '?')})</h1>",
             f"<p>A: {e(a['source'])} · {e(a.get('department') or '')} &nbsp; B: {e(b['source'])} · "
             f"{e(b.get('department') or '')}</p>",
             "<table><tr><th>section</th><th>A</th><th>B</th><th>identical</th><th>changed</th><th>only in A</th>"
             "<th>only in B</th></tr>", *rows, "</table>",
             '<p class="legend"><span><del>deleted</del> in A only</span><span><ins>inserted</ins> in B only</span>'
             '<span><span class="place">place name</span> one division name for another (not a change: records '
             "are compared with place names as placeholders)</span></p>"
             f'<p class="legend">Similarity: rapidfuzz ratio of the two match keys, 0–1 (1: identical up to place '
             f"names and spacing); pairs below {report.get('min_similarity', 0.5)} count as unmatched. "
             "L: source lines (of DIR/text/ for Word, Excel, HTML and PDF inputs).</p>"]
    for name, sec in report["sections"].items():
        shown = sec["changed"] or sec["only_a"] or sec["only_b"] or (show_identical and sec["identical"])
        if not shown:
            continue
        parts.append(f"<h2>{e(TITLES[name])}</h2><table class=\"side\"><tr><th>A: {e(a['source'])}</th>"
                     f"<th>B: {e(b['source'])}</th><th>similarity</th></tr>")
        for c in sec["changed"]:
            left, right = _sides(c["diff"])
            more = "".join(f"<br><small>{e(x)}</small>" for x in changes(c))
            parts.append(f'<tr><td class="t">{_where(c["a"], "A")}{left}</td><td class="t">{_where(c["b"], "B")}'
                         f'{right}{more}</td><td class="n sim">{c["similarity"]:.2f}</td></tr>')
        for x in sec["only_a"]:
            parts.append(f'<tr><td class="t onlya">{_where(x, "A")}{e(x["text"])}</td><td class="t"></td>'
                         "<td></td></tr>")
        for x in sec["only_b"]:
            parts.append(f'<tr><td class="t"></td><td class="t onlyb">{_where(x, "B")}{e(x["text"])}</td>'
                         "<td></td></tr>")
        if show_identical:
            for c in sec["identical"]:
                left, right = _sides(c["diff"]) if "diff" in c else (e(c["a"]["text"]), e(c["b"]["text"]))
                parts.append(f'<tr class="same"><td class="t">{_where(c["a"], "A")}{left}</td><td class="t">'
                             f'{_where(c["b"], "B")}{right}</td><td class="n sim">{c["similarity"]:.2f}</td></tr>')
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


RENDERERS = {"json": _json_file, "markdown": to_markdown, "html": to_html, "text": to_text}
FORMATS = ("terminal", *RENDERERS)
EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".json": "json",
              ".txt": "text"}


def _render(report: dict, fmt: str, show_identical: bool) -> str:
    return to_html(report, show_identical) if fmt == "html" else RENDERERS[fmt](report)


def choose_format(fmt: str | None, output: str | None) -> str:
    """The report format from ``--format`` and the output file's extension; a contradiction
    is refused (``-o report.html -f markdown``)."""
    if fmt is not None and fmt not in FORMATS and fmt != "md":
        raise UsageError("--format", f"expected one of {', '.join(FORMATS)}, got {fmt!r}",
                         "or leave it out and let the -o file's extension decide", "diff-format")
    fmt = "markdown" if fmt == "md" else fmt
    if output is None or output == "-":
        return fmt or "terminal"
    ext = EXTENSIONS.get(Path(output).suffix.lower())
    if fmt is None:
        if ext is None:
            raise UsageError(output, "has an extension that names no report format",
                             f"use .html, .md, .json or .txt, or give --format ({', '.join(FORMATS)})",
                             "diff-format")
        return ext
    if fmt == "terminal":
        fmt = "text"  # a file gets no escape codes
    if ext is not None and ext != fmt:
        raise UsageError(output, f"has the extension of {ext}, but --format is {fmt}",
                         "drop --format or make the two agree", "diff-format")
    return fmt


def write_report(report: dict, fmt: str, output: str | None, show_identical: bool = False) -> None:
    """Render ``report`` to standard output (``None`` or ``-``) or to a file. An existing
    file is replaced only if an earlier ``rlist diff`` wrote it."""
    if output is None or output == "-":
        if fmt == "terminal":
            to_terminal(report)
        else:
            sys.stdout.write(_render(report, fmt, show_identical))
        return
    p = Path(output)
    if p.is_dir():
        raise OutputError(output, "is a directory", "give -o a file name, e.g. -o diff.html", "diff-output")
    if not p.parent.is_dir():
        raise OutputError(output, f"cannot be written: the folder {p.parent} does not exist",
                          f"create it first (mkdir -p {p.parent}) or choose another -o", "diff-output")
    if p.exists():
        with open(p, "rb") as fh:
            head = fh.read(512)
        if GENERATOR.encode() not in head:
            raise OutputError(output, "exists and was not written by rlist diff",
                              "choose another file name, or remove it yourself first", "diff-output-exists")
    text = _render(report, fmt, show_identical)
    tmp = p.with_name(f".{p.name}.rlist-tmp-{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, p)
    finally:
        tmp.unlink(missing_ok=True)
