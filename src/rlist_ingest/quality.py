"""Self-doubt: plausibility checks computed from a document's own records, per table.

After assembly every table section is checked against what a correct reading looks like:

- a record's text that is a column-header name, a section heading or one of the table's
  unit names (an office in the item column): a header, an office or a heading read as
  content; a text that stops mid-sentence (on 、 or ，), where a cell was cut;
- a unit (责任科室, 承办机构, 相关部门) that does not end the way unit names end in the
  grammar (股, 科, 局, 中心…): a word cut out of running text ("配置", "和实施");
- groups with no work item; gaps and repeats in 序号; the share of items with an office
  when the table has an office column (some but not most: a column left empty is no
  doubt); the share of the section's lines left in residue.

Records that fail a record check are withheld: their text goes to the residue with the
reason, and the document gets a warning. When one in twenty of a table's records fail, or a
third of its lines could not be placed, the whole table is withheld, since a reading that
wrong elsewhere is wrong in ways no check sees (precision first); so is a table whose rows
the reader inferred from the text's layout when its 序号 has gaps or repeats or a group is
empty. The figures and the warnings, in words, are the document's ``quality``
block (:class:`~rlist_ingest.records.Quality`).
"""

from __future__ import annotations

import regex

from .assemble.context import Context
from .grammar import Grammar
from .kinds import walk
from .records import Document, Quality, Section, TableQuality

# A table with this share of its records implausible is withheld whole: one misreading that
# shows is a sign of others that do not.
WITHHOLD_SHARE = 0.05
# Warn when this share of a section's non-blank lines is in the residue; withhold the table
# when a third is: a reader that could not place that much misplaced some of the rest.
RESIDUE_SHARE = 0.1
RESIDUE_WITHHOLD = 0.3
# Warn when fewer of the items of a table with an office column have one.
OFFICE_SHARE = 0.8
_CUT = set("、，,（(《“")
_UNIT_SPLIT = regex.compile(r"[、，,；;/／\s]+")
_TABLE_KINDS = ("duties", "boundaries", "services")
# Residue that is no doubt: what a page repeats or prints around the table.
BENIGN = {"repeated column header", "page number (page furniture)"}
# Layouts whose rows the reader infers from line lengths and positions (no TAB, no cell):
# there a gap in 序号 or an empty group means rows were run together or lost, whereas in a
# table with real cells they are the author's.
INFERRED_ROWS = ("pdf_columns", "pdf_aligned")


class _Checker:
    def __init__(self, g: Grammar):
        self.g = g
        heads = set(g.heading_kinds)
        self.not_content = set(g.header_names) | heads

    def is_label(self, text: str | None) -> bool:
        """A header name or a section heading (without its 一、 label)."""
        if not text:
            return False
        key = "".join(text.split())
        return key in self.not_content or self.g.re_section_label.sub("", key, count=1) in self.not_content

    def unit_ok(self, text: str | None, suffixes: list[str]) -> bool:
        """Each name of a unit cell ends the way unit names end, and is more than its
        ending (局 or 中心 alone is a wrap's remnant)."""
        if not text:
            return True
        for p in _UNIT_SPLIT.split(text):
            p = regex.sub(r"[（(][^）)]*[）)]$", "", p)
            if p and not any(p.endswith(x) and len(p) > len(x) for x in suffixes):
                return False
        return True

    @staticmethod
    def cut(text: str | None) -> bool:
        """A text that stops mid-sentence (on 、 ， or an opening bracket): no cell ends so."""
        return bool(text) and text.rstrip()[-1:] in _CUT

    @staticmethod
    def is_unit(text: str | None, units: set[str]) -> bool:
        """A text that is one of the table's unit names (an office read into a text column)."""
        return bool(text) and "".join(text.split()) in units


def _in(rec, s: Section) -> bool:
    return s.line_first <= rec.provenance.line_first <= s.line_last


def check(doc: Document, ctx: Context, g: Grammar, withhold: bool = True) -> Quality:
    """Check every table section of ``doc``; withhold implausible records (see the module
    doc). Returns the quality block; ``ctx`` gets the withheld text as residue. With
    ``withhold`` false the figures and warnings are the same but nothing is removed (a
    reader's own output, for its tests)."""
    c = _Checker(g)
    offices, departments = g.cells.office_suffixes, g.cells.department_suffixes
    tables: list[TableQuality] = []
    warnings = list(ctx.warnings)
    for s in doc.sections:
        if s.kind not in _TABLE_KINDS or s.layout is None:
            continue
        q = TableQuality(kind=s.kind, line_first=s.line_first, layout=s.layout)
        bad: list[tuple[object, str, str]] = []  # (record, its text, why)
        has_office = "office" in s.columns
        if s.kind == "duties":
            recs = [r for r in doc.responsibilities if _in(r, s)]
            q.records = len(recs) + sum(len(r.items) for r in recs)
            items = [i for r in recs for i in r.items]
            units = {"".join(i.office.split()) for i in items if i.office}
            q.empty_groups = sum(1 for r in recs if not r.items)
            for r in recs:
                if c.is_label(r.text) or c.cut(r.text):
                    bad.append((r, r.text, "a responsibility whose text is a header name or a heading, or is cut"))
                for i in r.items:
                    if c.is_label(i.text) or c.cut(i.text) or c.is_unit(i.text, units):
                        bad.append((i, i.text, "a work item whose text is a header name, a heading or an office, "
                                               "or is cut"))
                    elif not c.unit_ok(i.office, offices):
                        bad.append((i, f"{i.text} | {i.office}", "a work item whose office is not an office's name"))
            if has_office and items:
                q.office_share = round(sum(1 for i in items if i.office) / len(items), 3)
            if s.layout in INFERRED_ROWS:
                bad += _missing(items, ("office",), s.columns, bad, "a work item")
            q.seq_gaps, q.seq_repeats = _seq_faults([r.seq for r in recs])
        elif s.kind == "boundaries":
            recs = [b for b in doc.boundaries if _in(b, s)]
            q.records = len(recs) + sum(len(b.parties) for b in recs)
            q.empty_groups = sum(1 for b in recs if not b.parties)
            for b in recs:
                if c.is_label(b.matter):
                    bad.append((b, b.matter or "", "a boundary whose matter is a header name or a heading"))
                for p in b.parties:
                    if c.is_label(p.department) or c.is_label(p.duty) or not c.unit_ok(p.department, departments) \
                            or "duty" in s.columns and not p.duty or c.cut(p.duty):
                        bad.append((p, f"{p.department} | {p.duty or ''}", "a party whose department is not a "
                                    "department's name, or a header name, or whose duty is missing or cut"))
            q.seq_gaps, q.seq_repeats = _seq_faults([b.seq for b in recs])
            parties = [p for b in recs for p in b.parties]
            if s.layout in INFERRED_ROWS:
                bad += _missing(parties, ("department", "duty"), s.columns, bad, "a party")
        else:
            recs = [x for x in doc.services if _in(x, s)]
            q.records = len(recs)
            units = {"".join(x.office.split()) for x in recs if x.office}
            for x in recs:
                if c.is_label(x.item) or c.is_label(x.content) or c.is_label(x.office) or c.cut(x.item) or \
                        c.cut(x.content) or c.is_unit(x.item, units):
                    bad.append((x, x.item, "a service whose item is a header name, a heading or an office, or is cut"))
                elif not c.unit_ok(x.office, offices):
                    bad.append((x, f"{x.item} | {x.office}", "a service whose office is not an office's name"))
            q.seq_gaps, q.seq_repeats = _seq_faults(list(dict.fromkeys(x.seq for x in recs)))
            if s.layout in INFERRED_ROWS:
                bad += _missing(recs, ("office", "phone"), s.columns, bad, "a service")
        body = [n for n in range(s.line_first, s.line_last + 1) if ctx.src.line(n).strip()]
        left = [n for n in body if n in ctx.residue and n not in ctx.used and ctx.residue[n].reason not in BENIGN]
        q.residue_share = round(len(left) / len(body), 3) if body else 0.0
        name = s.heading or f"the {s.kind} table at line {s.line_first}"
        why = _doubt(q, bad, s.layout)
        if why:
            q.withheld = q.records
            if withhold:
                _withhold_section(doc, s, ctx)
            warnings.append(f"{name}: {why}; the table is withheld, its lines are in the residue")
        elif bad:
            q.withheld = _withhold(doc, bad, ctx) if withhold else len(bad)
            warnings.append(f"{name}: {len(bad)} implausible record(s) withheld ({bad[0][2]}: \"{bad[0][1][:40]}\")")
        if q.empty_groups and not q.withheld:
            warnings.append(f"{name}: {q.empty_groups} group(s) without items")
        if q.seq_gaps or q.seq_repeats:
            warnings.append(f"{name}: 序号 with {q.seq_gaps} gap(s) and {q.seq_repeats} repeat(s)")
        if q.office_share and q.office_share < OFFICE_SHARE and not q.withheld:
            warnings.append(f"{name}: only {q.office_share:.0%} of work items have an office")
        if q.residue_share > RESIDUE_SHARE and q.records:  # no record at all has a notice of its own
            warnings.append(f"{name}: {q.residue_share:.0%} of its lines are in the residue")
        tables.append(q)
    return Quality(tables=tables, warnings=warnings, interleaved=ctx.interleaved)


def _doubt(q: TableQuality, bad, layout: str | None) -> str | None:
    """Why the whole table is to be withheld, in words, or None (a table without records
    has nothing to withhold)."""
    if not q.records:
        return None
    if len(bad) >= WITHHOLD_SHARE * q.records:
        return f"{len(bad)} of {q.records} records implausible (e.g. {bad[0][2]}: \"{bad[0][1][:40]}\")"
    if layout in INFERRED_ROWS and (q.seq_gaps or q.seq_repeats or q.empty_groups):
        return (f"rows inferred from the text's layout, and 序号 has {q.seq_gaps} gap(s) and {q.seq_repeats} "
                f"repeat(s), {q.empty_groups} group(s) are empty")
    if q.residue_share >= RESIDUE_WITHHOLD:
        return f"{q.residue_share:.0%} of its lines could not be placed"
    return None


def _text(rec) -> str:
    """A record's text for the residue: a work item's or service's own, a party's
    department and duty."""
    own = getattr(rec, "text", None) or getattr(rec, "item", None)
    return own if own is not None else f"{rec.department} | {rec.duty or ''}"


def _missing(recs, fields, columns: list[str], bad, what: str) -> list:
    """Records of a table with inferred rows that lack a value most of the table's records
    have in a column the header names: their value was put beside another row."""
    seen = {id(b[0]) for b in bad}
    out = []
    for f in fields:
        if f not in columns or not recs:
            continue
        if sum(1 for r in recs if getattr(r, f)) >= 0.5 * len(recs):
            for r in recs:
                if not getattr(r, f) and id(r) not in seen:
                    seen.add(id(r))
                    article = "an" if f[0] in "aeiou" else "a"
                    out.append((r, _text(r), f"{what} without {article} {f} where most have one (rows inferred "
                                             "from the layout)"))
    return out


def _seq_faults(seqs: list[int | None]) -> tuple[int, int]:
    nums = [s for s in seqs if s is not None]
    # A table's 序号 counts from 1: a first one above it is rows lost before it.
    gaps = sum(1 for a, b in zip([0, *nums], nums, strict=False) if b > a + 1)
    repeats = len(nums) - len(set(nums))
    return gaps, repeats


def _withhold(doc: Document, bad, ctx: Context) -> int:
    """Remove the records of ``bad`` (and what hangs under them) from ``doc``. Their lines
    that no kept record uses go to the residue whole; on a line a kept record shares, the
    withheld record's own text does."""
    gone: dict[int, tuple[object, str, str]] = {}
    for r, text, why in bad:
        gone[id(r)] = (r, text, why)
        for sub in getattr(r, "items", None) or getattr(r, "parties", None) or []:
            gone.setdefault(id(sub), (sub, _text(sub), f"with its group: {why}"))
    for resp in doc.responsibilities:
        resp.items = [i for i in resp.items if id(i) not in gone]
    for b in doc.boundaries:
        b.parties = [p for p in b.parties if id(p) not in gone]
    doc.responsibilities = [r for r in doc.responsibilities if id(r) not in gone]
    doc.boundaries = [b for b in doc.boundaries if id(b) not in gone]
    doc.services = [x for x in doc.services if id(x) not in gone]
    kept: set[int] = set()
    for _, rec, _, _ in walk(doc):
        kept.update(range(rec.provenance.line_first, rec.provenance.line_last + 1))
    for r, text, why in gone.values():
        p = r.provenance
        lines = range(p.line_first, p.line_last + 1)
        ctx.reject([n for n in lines if n not in kept], f"withheld: {why}")
        if any(n in kept for n in lines):
            ctx.drop_cell(p.line_first, text, f"withheld: {why}")
    return len(gone)


def _withhold_section(doc: Document, s: Section, ctx: Context) -> None:
    """Remove every record of section ``s``; all its lines go to the residue."""
    doc.responsibilities = [r for r in doc.responsibilities if not _in(r, s)]
    doc.boundaries = [b for b in doc.boundaries if not _in(b, s)]
    doc.services = [x for x in doc.services if not _in(x, s)]
    keep = set(s.header_lines) | ({s.line_first} if s.heading else set())
    ctx.reject([n for n in range(s.line_first, s.line_last + 1) if n not in keep],
               "withheld: the table was read with too many implausible records")
