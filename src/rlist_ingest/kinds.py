"""The registry of record kinds: where each kind hangs in a Document, how its ID is made,
its Parquet row, its clustering text, its diff entry, its title and its summary count.

IDs, tables, clustering, the dataset stream, diff, the origins pass and the summary all
read this one list, so a new kind (the power lists' items) is one entry here plus its
table spec in :mod:`tables`. Records are visited in document order, depth first
(:func:`walk`): a responsibility, then its items, then the next responsibility; every
consumer relies on that one order (the stream merges cluster columns into the tables by
it).

A ``Slot`` is a place records hang: clauses have two (a regime's preamble and a part's
clauses), which share a table, a clustering kind and a diff section.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .records import Document

Anc = dict[str, Any]  # slot name -> the ancestor record of that slot


def _attrs(r) -> tuple:
    """The power-table columns a power or a 子项 holds, in the tables' column order."""
    return (r.type, r.type_printed, r.basis, r.subject, r.office, r.level, r.scope, r.duty, r.resp, r.resp_basis,
            r.parties_text, r.cases_text, r.remark)


def _item_id(a: Anc) -> str | None:
    it = a.get("power_item")
    return it.id if it is not None else None


def _basis_printed(b, a) -> tuple[str | None, str | None]:
    title = f"《{b.title}》" if b.title else ""
    return b.article, (title + (b.edition or "") + (b.article or "")) or b.text


def _seq(x) -> str:
    return str(x.seq or "")


def _n(v) -> object:
    return "" if v is None else v


@dataclass(frozen=True)
class Slot:
    name: str  # slot name; also the parent name of its children
    parent: str | None  # parent slot, None for the document
    attr: str  # attribute of the parent that holds the records
    table: str  # Parquet table and diff section
    id_tag: str  # kind tag inside the ID hash
    # The content parts of the ID, after (parent id, tag, position), joined by U+001F with
    # None as "": the parts of records.stable_id, as one string (a call per record).
    id_parts: Callable[[Any], str]
    row: Callable[[Any, Anc, str, int], tuple]  # Parquet columns before the cluster/provenance tail
    cluster: str | None = None  # clustering kind of the record's text, None if not clustered
    cluster_text: Callable[[Any], str | None] | None = None
    diff: Callable[[Any, Anc], tuple[str, str]] | None = None  # (label, text) of its diff entry
    title: str = ""  # heading of its diff section
    summary: str | None = None  # key of its count in the per-document summary
    # (label, text) as printed, for the long ``records`` table; a record whose text is empty
    # has no row there.
    printed: Callable[[Any, Anc], tuple[str | None, str | None]] = lambda r, a: (None, None)


SLOTS: list[Slot] = [
    Slot("responsibility", None, "responsibilities", "responsibilities", "responsibility",
         lambda r: f"{_n(r.seq)}\x1f{r.text}", lambda r, a, d, i: (r.id, d, r.seq, r.seq_inferred, r.text),
         "responsibility", lambda r: r.text, lambda r, a: (_seq(r), r.text), "主要职责", "resp",
         lambda r, a: (_seq(r), r.text)),
    Slot("item", "responsibility", "items", "work_items", "item",
         lambda it: it.text, lambda it, a, d, i: (it.id, a["responsibility"].id, d, i, it.text, it.office, it.remark),
         "work_item", lambda it: it.text,
         lambda it, a: (_seq(a["responsibility"]), it.text + (f"〔{it.office}〕" if it.office else "")),
         "具体工作事项", "items", lambda it, a: (_seq(a["responsibility"]), it.text)),
    Slot("boundary", None, "boundaries", "boundaries", "boundary",
         lambda b: f"{_n(b.seq)}\x1f{b.matter or ''}", lambda b, a, d, i: (b.id, d, b.seq, b.matter, b.basis, b.case),
         None, None, lambda b, a: (_seq(b), b.matter or ""), "职责边界", "bound", lambda b, a: (_seq(b), b.matter)),
    Slot("party", "boundary", "parties", "boundary_parties", "party",
         lambda p: f"{p.department}\x1f{p.duty or ''}", lambda p, a, d, i: (p.id, a["boundary"].id, d, i, p.department, p.duty, p.basis),
         "boundary_duty", lambda p: p.duty, lambda p, a: (_seq(a["boundary"]), f"{p.department}：{p.duty or ''}"),
         "边界分工", "parties", lambda p, a: (_seq(a["boundary"]), p.duty or p.department)),
    Slot("regime", None, "regimes", "regimes", "regime",
         lambda g: f"{g.seq_label}\x1f{g.title}", lambda g, a, d, i: (g.id, d, g.seq_label, g.title),
         "regime_title", lambda g: g.title, lambda g, a: (g.seq_label, g.title), "监管制度", "regimes",
         lambda g, a: (g.seq_label, g.title)),
    Slot("preamble", "regime", "preamble", "clauses", "preamble",
         lambda c: f"{c.label or ''}\x1f{c.text}", lambda c, a, d, i: (c.id, a["regime"].id, None, d, i, c.label, c.text),
         "clause", lambda c: c.text, lambda c, a: (a["regime"].seq_label, c.text), "制度条款",
         printed=lambda c, a: (c.label, c.text)),
    Slot("part", "regime", "parts", "regime_parts", "part",
         lambda p: f"{p.label}\x1f{p.heading}", lambda p, a, d, i: (p.id, a["regime"].id, d, p.label, p.heading),
         "part_heading", lambda p: p.heading,
         lambda p, a: (f"{a['regime'].seq_label}{p.label}", f"{a['regime'].title} / {p.heading}"),
         "制度条目", "parts", lambda p, a: (p.label, p.heading)),
    Slot("clause", "part", "clauses", "clauses", "clause",
         lambda c: f"{c.label or ''}\x1f{c.text}", lambda c, a, d, i: (c.id, a["regime"].id, a["part"].id, d, i, c.label, c.text),
         "clause", lambda c: c.text,
         lambda c, a: (f"{a['regime'].seq_label}{a['part'].label}", (c.label or "") + c.text), "制度条款",
         printed=lambda c, a: (c.label, c.text)),
    Slot("service", None, "services", "services", "service",
         lambda s: f"{_n(s.seq)}\x1f{s.item}\x1f{s.office or ''}", lambda s, a, d, i: (s.id, d, s.seq, s.item, s.content, s.office, s.phone),
         "service", lambda s: "：".join(x for x in (s.item, s.content) if x),
         lambda s, a: (_seq(s), "：".join(x for x in (s.item, s.content, s.office) if x)), "公共服务事项", "services",
         lambda s, a: (_seq(s), "：".join(x for x in (s.item, s.content) if x))),
    *[Slot(f"{owner}_{name}", owner, attr, table, tag, parts, row,
           "power_duty" if name == "duty" else None, (lambda x: x.text) if name == "duty" else None,
           printed=_basis_printed if name == "basis" else lambda x, a: (x.label, x.text))
      for owner in ("power", "power_item")
      for name, attr, table, tag, parts, row in (
          ("basis", "bases", "power_bases", "basis",
           lambda b: f"{b.field}\x1f{b.title or ''}\x1f{b.article or ''}",
           lambda b, a, d, i: (b.id, a["power"].id, _item_id(a), d, i, b.field, b.kind, b.title, b.edition,
                               b.article, b.article_no, b.text)),
          ("duty", "duties", "power_duties", "pduty", lambda x: f"{x.label or ''}\x1f{x.text}",
           lambda x, a, d, i: (x.id, a["power"].id, _item_id(a), d, i, x.heading, x.label, x.text)),
          ("accountability", "accountability", "power_accountability", "acc",
           lambda x: f"{x.kind}\x1f{x.label or ''}\x1f{x.text}",
           lambda x, a, d, i: (x.id, a["power"].id, _item_id(a), d, i, x.kind, x.label, x.text)))],
]
# The power kinds: a power, its 子项, and the citations, duties and accountability parsed
# from the cells of either (a 子项 that prints its own cells has its own).
SLOTS[-6:-6] = [
    Slot("power", None, "powers", "powers", "power",
         lambda p: f"{_n(p.seq)}\x1f{p.seq_printed or ''}\x1f{p.name}",
         lambda p, a, d, i: (p.id, d, p.seq, p.seq_inferred, p.seq_printed, p.code, p.name, *_attrs(p)),
         "power", lambda p: f"{p.type or p.type_printed or ''}｜{p.name}",
         lambda p, a: (p.seq_printed or _seq(p), f"{p.name}〔{p.type or p.type_printed or ''}〕"), "权责事项", "powers",
         lambda p, a: (p.seq_printed or _seq(p), p.name)),
    Slot("power_item", "power", "items", "power_items", "pitem", lambda it: it.name,
         lambda it, a, d, i: (it.id, a["power"].id, d, i, it.name, *_attrs(it)),
         None, None, lambda it, a: (a["power"].seq_printed or _seq(a["power"]), f"{a['power'].name} / {it.name}"),
         "子项", "power_items", lambda it, a: (a["power"].seq_printed or _seq(a["power"]), it.name)),
]
BY_NAME = {s.name: s for s in SLOTS}
CHILDREN: dict[str | None, list[Slot]] = {}
for _s in SLOTS:
    CHILDREN.setdefault(_s.parent, []).append(_s)
_KIDS = {s.name: CHILDREN.get(s.name, []) for s in SLOTS}
TOP_LEVEL = [s.attr for s in CHILDREN[None]]  # Document (and SectionResult) lists
# Tables and diff sections, each once, in the order of their last slot (clauses, which a
# regime's preamble and its parts both hold, come after the parts).
RECORD_TABLES = sorted({s.table for s in SLOTS}, key=lambda t: max(i for i, s in enumerate(SLOTS) if s.table == t))
TITLES = {s.table: s.title for s in SLOTS}
CLUSTER_KIND = {s.table: s.cluster for s in SLOTS if s.cluster}  # table -> clustering kind
SUMMARY_KEYS = [s.summary for s in SLOTS if s.summary]


Visit = tuple[Slot, Any, int, Anc]


def walk(doc: Document) -> list[Visit]:
    """(slot, record, position under its parent, ancestors) for every record, in document
    order, depth first. A list, built in one pass: callers that need it several times
    (the payload of a document) build it once and pass it on."""
    out: list[Visit] = []
    append = out.append

    def down(parent, slots: list[Slot], anc: Anc) -> None:
        for slot in slots:
            kids = _KIDS[slot.name]
            for i, rec in enumerate(getattr(parent, slot.attr)):
                append((slot, rec, i, anc))
                if kids:
                    down(rec, kids, {**anc, slot.name: rec})

    down(doc, CHILDREN[None], {})
    return out


def records(doc: Document) -> Iterator[Any]:
    """Every record of a document, nested ones included, in document order."""
    for _, rec, _, _ in walk(doc):
        yield rec


def counts(doc: Document, walked: list[Visit] | None = None) -> dict[str, int]:
    """The summary's count per kind (``resp``, ``items``, ``bound``…)."""
    out = dict.fromkeys(SUMMARY_KEYS, 0)
    for slot, _, _, _ in walked if walked is not None else walk(doc):
        if slot.summary:
            out[slot.summary] += 1
    return out
