"""``rlist diff A B``: what one list has that another lacks, record by record.

Records of each section are compared by their match keys (place names as placeholders, so
a county name alone is not a change) and aligned one to one with an optimal assignment
on rapidfuzz similarity (not greedy first match). Aligned pairs below ``min_similarity``
count as unmatched. Ties are broken symmetrically (relative place, then a hash of the two
record ids), so diff(B, A) is the mirror image of diff(A, B).
"""

from __future__ import annotations

import difflib
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import regex
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from .assign import max_assignment
from .errors import InputError, UsageError
from .gazetteer import load_gazetteer
from .grammar import load_grammar
from .kinds import BY_NAME, RECORD_TABLES, SLOTS, walk
from .normalize import Normalizer
from .pipeline import ingest_file
from .records import Document

MIN_SIMILARITY = 0.5


@dataclass
class Entry:
    section: str
    label: str  # where it is, e.g. "3" (序号) or "（二）/ 三、"
    text: str
    record_id: str
    line_first: int
    line_last: int
    key: str = ""
    context: str = ""  # what it stands under, as printed: "（一）职业技能定点培训机构监管 / 一、监督检查对象"
    region: str | None = None


def entries(doc: Document) -> dict[str, list[Entry]]:
    """Comparable entries per section, in document order."""
    out: dict[str, list[Entry]] = {s: [] for s in SECTIONS}

    for slot, rec, _, anc in walk(doc):
        if slot.diff is not None:
            label, text = slot.diff(rec, anc)
            if text:
                p = rec.provenance
                out[slot.table].append(Entry(slot.table, label, text, rec.id, p.line_first, p.line_last,
                                             context=_context(anc), region=doc.region))
    return out


def _context(anc: dict) -> str:
    """The records a record stands under (a clause: its regime and part), as printed."""
    parts = []
    for name, rec in anc.items():
        label, text = BY_NAME[name].printed(rec, anc)
        parts.append(f"{label or ''}{text or ''}")
    return " / ".join(parts)


# Sections of the report: tables of records that have diff entries (a power's citations,
# duties and accountability are compared as part of the power, see power_changes).
SECTIONS = [t for t in RECORD_TABLES if any(s.diff for s in SLOTS if s.table == t)]
# A power's short fields compared between two aligned powers.
POWER_FIELDS = ("type", "subject", "office", "level", "scope", "duty", "remark")


def _citations(p) -> list[str]:
    """A power's citations as labels (the 子项's with its name), in order, once each."""
    out = []
    for owner, rec in [(None, p), *((it.name, it) for it in p.items)]:
        for b in rec.bases:
            where = "实施依据" if b.field == "basis" else "责任事项依据"
            label = f"{where}: {'【' + b.kind + '】' if b.kind else ''}《{b.title or '?'}》{b.article or ''}"
            out.append(f"{owner} / {label}" if owner else label)
    return list(dict.fromkeys(out))


def power_changes(pa, pb) -> dict:
    """What differs between two aligned powers besides their names: citations added or
    dropped (as citations, not as a character diff of the legal-basis cell), 子项 added or
    dropped, and short fields that changed."""
    ca, cb = _citations(pa), _citations(pb)
    ia, ib = [i.name for i in pa.items], [i.name for i in pb.items]
    out = {"citations_dropped": [c for c in ca if c not in cb], "citations_added": [c for c in cb if c not in ca],
           "items_dropped": [i for i in ia if i not in ib], "items_added": [i for i in ib if i not in ia],
           "fields": {f: [getattr(pa, f), getattr(pb, f)] for f in POWER_FIELDS
                      if "".join((getattr(pa, f) or "").split()) != "".join((getattr(pb, f) or "").split())}}
    return {k: v for k, v in out.items() if v}


def _power_pairs(sec: dict, da: Document, db: Document) -> None:
    """Attach power_changes to each aligned pair; an identical name whose power changed
    is a changed pair."""
    by_a, by_b = {p.id: p for p in da.powers}, {p.id: p for p in db.powers}
    still = []
    for pair in sec["identical"]:
        ch = power_changes(by_a[pair["a"]["record_id"]], by_b[pair["b"]["record_id"]])
        if ch:
            pair["changes"] = ch
            pair["diff"] = [["equal", pair["a"]["text"], pair["b"]["text"]]]
            sec["changed"].append(pair)
        else:
            still.append(pair)
    sec["identical"] = still
    for pair in sec["changed"]:
        if "changes" not in pair:
            pair["changes"] = power_changes(by_a[pair["a"]["record_id"]], by_b[pair["b"]["record_id"]])
    sec["summary"]["identical"], sec["summary"]["changed"] = len(sec["identical"]), len(sec["changed"])


def inline_diff(a: str, b: str, norm: Normalizer | None = None, regions: tuple = ()) -> list[list[str]]:
    """Character-level diff of two texts as printed: [op, a_part, b_part] with op in
    equal/replace/delete/insert, and ``place`` where one division name stands for another
    (新河县 → 任县): the match key ignores those, so the report must not call them changes.
    Place names (the gazetteer's, and each document's region) are diffed as one symbol each."""
    if norm is None:
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        return [[op, a[i1:i2], b[j1:j2]] for op, i1, i2, j1, j2 in sm.get_opcodes()]
    names: dict[str, str] = {}
    ma, mb = _mask(a, norm, regions, names), _mask(b, norm, regions, names)
    back = {v: k for k, v in names.items()}

    def unmask(t: str) -> str:
        return "".join(back.get(c, c) for c in t)

    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ma, mb, autojunk=False).get_opcodes():
        x, y = ma[i1:i2], mb[j1:j2]
        if op != "replace":
            out.append([op, unmask(x), unmask(y)])
            continue
        # A replacement that begins or ends with one place name for another (新河县… → 任县城镇…):
        # the names are a substitution, only the rest is a change.
        head, tail = [], []
        while x and y and x[0] in back and y[0] in back:
            head.append(["place", back[x[0]], back[y[0]]])
            x, y = x[1:], y[1:]
        while x and y and x[-1] in back and y[-1] in back:
            tail.insert(0, ["place", back[x[-1]], back[y[-1]]])
            x, y = x[:-1], y[:-1]
        mid = [["replace" if x and y else "delete" if x else "insert", unmask(x), unmask(y)]] if x or y else []
        out += head + mid + tail
    return out


_SYMBOLS = 0xF0000  # a Unicode private-use plane: no printed text has these


def _mask(t: str, norm: Normalizer, regions: tuple, names: dict[str, str]) -> str:
    spans = [(m.start(), m.end(), m.group()) for r in regions if r for m in regex.finditer(regex.escape(r), t)]
    spans += [(s, e, n) for s, e, n in norm.gaz.find(t) if norm._is_name(n)]
    out, pos = [], 0
    for s, e, name in sorted(spans, key=lambda x: (x[0], -x[1])):
        if s < pos:
            continue
        out.append(t[pos:s])
        out.append(names.setdefault(name, chr(_SYMBOLS + len(names))))
        pos = e
    out.append(t[pos:])
    return "".join(out)


def _tiebreak(a: list[Entry], b: list[Entry]) -> np.ndarray:
    """Tiny additions to the similarities that make the optimum unique, and the same from
    either side: prefer pairs at the same relative place in their sections (duplicates
    of one text pair up in document order), then a hash of the two record ids. Both are
    symmetric in A and B. Each is at most 1e-9 a pair, so over 1,000 pairs they add at
    most 1e-6: less than any real difference of similarity between texts of up to 10,000
    characters (about 1e-4)."""
    pa = np.arange(len(a)) / max(1, len(a) - 1)
    pb = np.arange(len(b)) / max(1, len(b) - 1)
    place = -np.abs(pa[:, None] - pb[None, :]) * 1e-9
    ids = np.array([[zlib.crc32("\x1f".join(sorted((x.record_id, y.record_id))).encode()) for y in b] for x in a],
                   dtype=np.float64)
    return place + ids / 2**32 * 1e-12


def _entry_dict(e: Entry) -> dict:
    out = {"label": e.label, "text": e.text, "record_id": e.record_id, "lines": [e.line_first, e.line_last]}
    if e.context:
        out["context"] = e.context
    return out


def align(a: list[Entry], b: list[Entry], min_similarity: float = MIN_SIMILARITY,
          norm: Normalizer | None = None) -> dict:
    """One section: identical, changed (with similarity and inline diff), only_a, only_b."""
    res = {"identical": [], "changed": [], "only_a": [], "only_b": []}
    matched_a, matched_b = set(), set()
    if a and b:
        sim = cdist([e.key for e in a], [e.key for e in b], scorer=fuzz.ratio, dtype=np.float64) / 100.0
        for i, j in max_assignment(sim + _tiebreak(a, b)):
            s = float(sim[i, j])
            if s < min_similarity:
                continue
            matched_a.add(i)
            matched_b.add(j)
            pair = {"a": _entry_dict(a[i]), "b": _entry_dict(b[j]), "similarity": round(s, 4)}
            regions = (a[i].region, b[j].region)
            if a[i].key == b[j].key:
                if a[i].text != b[j].text:  # equal up to place names or spacing: shown as such
                    pair["diff"] = inline_diff(a[i].text, b[j].text, norm, regions)
                res["identical"].append(pair)
            else:
                pair["diff"] = inline_diff(a[i].text, b[j].text, norm, regions)
                res["changed"].append(pair)
    res["only_a"] = [_entry_dict(e) for i, e in enumerate(a) if i not in matched_a]
    res["only_b"] = [_entry_dict(e) for j, e in enumerate(b) if j not in matched_b]
    res["summary"] = {"a_total": len(a), "b_total": len(b), "identical": len(res["identical"]),
                      "changed": len(res["changed"]), "only_a": len(res["only_a"]), "only_b": len(res["only_b"])}
    return res


def diff_documents(da: Document, db: Document, min_similarity: float = MIN_SIMILARITY) -> dict:
    """The full report: per section and overall summary."""
    norm = Normalizer(load_gazetteer(), load_grammar())
    ea, eb = entries(da), entries(db)
    for doc, es in ((da, ea), (db, eb)):
        for lst in es.values():
            for e in lst:
                e.key = norm.key(e.text, doc.region)
    sections = {s: align(ea[s], eb[s], min_similarity, norm) for s in SECTIONS}
    _power_pairs(sections["powers"], da, db)
    total = {k: sum(sec["summary"][k] for sec in sections.values())
             for k in ("a_total", "b_total", "identical", "changed", "only_a", "only_b")}
    side = lambda d: {"source": d.source, "document_id": d.id, "region": d.region, "department": d.department}  # noqa: E731
    return {"a": side(da), "b": side(db), "min_similarity": min_similarity, "sections": sections, "summary": total}


def differs(report: dict) -> bool:
    s = report["summary"]
    return bool(s["changed"] or s["only_a"] or s["only_b"])


def load_document(ref: str, dataset: Path | None = None) -> Document:
    """A document from an input file, or from a dataset by document id (or a prefix of at
    least 6 digits), ``source``, file name, output stem or region name. A name that fits
    several documents is refused, with the candidates listed."""
    p = Path(ref)
    if p.is_file():
        return ingest_file(p).document
    table = Path(dataset) / "documents.parquet" if dataset is not None else None
    if table is None or not table.is_file():
        raise InputError(ref, None, "an input file, or a document id or name in the dataset",
                         "neither (no such file, and no dataset to look in)",
                         hint="pass a file path, or ingest first and use --dataset DIR")
    import pyarrow.parquet as pq

    from .writers import output_stem

    rows = pq.read_table(table, columns=["document_id", "source", "region"]).to_pylist()
    exact = [r for r in rows if r["document_id"] == ref]
    hits = exact or [r for r in rows if ref in (r["source"], Path(r["source"]).name, output_stem(r["source"]),
                                                r["region"]) or (len(ref) >= 6 and r["document_id"].startswith(ref))]
    if not hits:
        raise InputError(ref, None, "an input file, or a document id, source or region name in the dataset",
                         f"none of the {len(rows)} documents in {dataset}",
                         hint="list them with: duckdb -c \"select document_id, source, region from "
                              f"'{table}'\"")
    if len(hits) > 1:
        shown = "; ".join(f"{r['document_id']} {r['source']} ({r['region'] or '?'})" for r in hits[:10])
        raise UsageError(ref, f"names {len(hits)} documents in {dataset}: {shown}",
                         "give a document id or the source path instead", "diff-ambiguous")
    doc_id = hits[0]["document_id"]
    stem = output_stem(hits[0]["source"])
    docs = Path(dataset) / "documents"
    # The names the writer gives first, then any file: each parsed once at most.
    for f in dict.fromkeys([docs / f"{stem}.json", docs / f"{stem}-{doc_id[:8]}.json", *sorted(docs.glob("*.json"))]):
        if f.is_file():
            doc = Document.model_validate_json(f.read_text(encoding="utf-8"))
            if doc.id == doc_id:
                return doc
    raise InputError(str(docs), None, f"the JSON of document {doc_id}", "no such file in the dataset",
                     hint="the dataset is incomplete; ingest again")
