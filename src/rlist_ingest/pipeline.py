"""The ingest pipeline for one file: read -> sniff -> extract -> assemble -> account."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import assemble
from .errors import InputError
from .extractors import EXTRACTORS
from .extractors.base import Context, SectionResult
from .extractors.model_table import ModelTableExtractor
from .grammar import Grammar, load_grammar
from .kinds import walk
from .meta import read_meta
from .model import Rendering, render
from .origins import add_origins
from .quality import check as check_quality
from .readers import READERS, read_model, refusal
from .readers import sniff as sniff_format
from .records import Document, ResidueLine, Section
from .records import short_hash as _h
from .sniff import split_sections
from .source import DEFAULT_MAX_BYTES, Source, check_size, read_source, text_id
from .textnorm import has_pdf_spacing


@dataclass
class IngestResult:
    document: Document
    residue: list[ResidueLine] = field(default_factory=list)
    meta_lines: list[int] = field(default_factory=list)  # title and 部门名称 lines
    nbytes: int = 0  # size of the input file
    # Sections that were recognised but yielded no record: (kind, heading or None, first line).
    empty_sections: list[tuple[str, str | None, int]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the text every line number refers to


def assign_ids(doc: Document) -> None:
    """IDs from the document hash, record kind, position and text: stable across runs.

    Each record's ID is :func:`records.stable_id` of its parent's ID (the document's for
    top-level records), its kind tag, its position under the parent and its content
    parts, as :data:`kinds.SLOTS` lists them; ``tests/test_golden.py`` pins the IDs.
    Written to ``__dict__`` directly: pydantic's ``__setattr__`` was most of this step,
    and an ID is a plain string that needs no validation."""
    d = doc.id
    for slot, rec, i, anc in walk(doc):
        parent = anc[slot.parent].id if slot.parent else d
        rec.__dict__["id"] = _h(f"{parent}\x1f{slot.id_tag}\x1f{i}\x1f{slot.id_parts(rec)}")


def page_numbers(src: Source, g: Grammar) -> list[int]:
    """Lines that are a page's printed number: the last non-blank line before a page break
    (or of the file, if it has breaks), or the first after one, matching the grammar's
    ``furniture.page_number``."""
    pat = g.re_page_number
    if pat is None or not src.page_breaks:
        return []
    keys, out = src.keys, []
    for b in sorted(src.page_breaks) + [len(keys) + 1]:
        before = next((n for n in range(b - 1, max(0, b - 4), -1) if keys[n - 1]), None)
        after = next((n for n in range(b, min(len(keys), b + 2) + 1) if keys[n - 1]), None) \
            if b <= len(keys) else None
        for n in (before, after):
            if n is not None and pat.match(keys[n - 1]) and n not in out:
                out.append(n)
    return out


def _discard_span(ctx: Context, span, reason: str) -> None:
    """Every non-blank line of a section that no reader reads, to the residue."""
    for n in range(span.first, span.last + 1):
        if ctx.src.line(n).strip() and n not in ctx.skip:
            ctx.discard(n, reason)


def ingest_source(src: Source, grammar: Grammar | None = None, rendering: Rendering | None = None,
                  withhold: bool = True) -> IngestResult:
    """Extract one decoded source into a validated Document plus its residue.
    ``rendering``: the model behind ``src`` when ``src`` is a rendered document model
    (its tables are then read from the model's cells). ``withhold``: remove what the
    quality checks doubt (:mod:`.quality`); false keeps the readers' own output."""
    g = grammar or load_grammar()
    src.pdf_spacing = has_pdf_spacing(src.lines)
    spans = split_sections(src, g)
    first_section = next((s.heading_line for s in spans if s.heading_line), len(src.lines) + 1)
    meta = read_meta(src, g, first_section)
    ctx = Context(src=src, grammar=g, skip=set(meta.lines), rendering=rendering)
    ctx.use(*meta.lines)
    for n in page_numbers(src, g):
        ctx.skip.add(n)
        ctx.discard(n, "page number (page furniture)")
    result = SectionResult()
    sections, layouts, empty = [], [], []
    for span in spans:
        if span.heading_line:
            ctx.use(span.heading_line)
        ctx.header_lines, ctx.columns = [], []
        if span.kind == "powers" and span.layout != "tab_table":
            # Power tables are read from cells (a workbook, HTML, a TAB export); a PDF's text
            # printed in columns is not read rather than guessed at.
            ctx.warn(f"a power table (line {span.first}) in a layout the tool does not read for power lists "
                     "(text printed in columns); ingest the workbook, the HTML or a TAB export instead")
            _discard_span(ctx, span, "power table in a layout the tool does not read")
            empty.append((span.kind, span.heading, span.heading_line or span.first))
        elif span.kind == "preamble" or span.layout is None:
            _discard_span(ctx, span, "text outside any known section")
        else:
            reader = ModelTableExtractor if rendering is not None and span.layout == "tab_table" \
                else EXTRACTORS[span.layout]
            got = assemble(ctx, reader(ctx).read(span))
            if got.is_empty():
                empty.append((span.kind, span.heading, span.heading_line or span.first))
            result.extend(got)
            if span.layout not in layouts:
                layouts.append(span.layout)
        sections.append(Section(kind=span.kind, layout=span.layout, heading=span.heading,
                                line_first=span.heading_line or span.first, line_last=span.last,
                                columns=ctx.columns, header_lines=ctx.header_lines))
    doc = Document(
        id=text_id(src.lines), source=src.name, sha256=src.sha256, encoding=src.encoding,
        layouts=layouts, region=meta.region, department=meta.department, title=meta.title,
        line_count=len(src.lines), sections=sections,
        responsibilities=result.responsibilities, boundaries=result.boundaries,
        regimes=result.regimes, services=result.services, powers=result.powers, year=meta.year,
    )
    doc.list_types = [t for t, has in (("责任清单", any((doc.responsibilities, doc.boundaries, doc.regimes,
                                                                    doc.services))), ("权责清单", bool(doc.powers))) if has]
    if result.is_empty():
        if empty:  # sections were found: say which, not that there were none
            kind, heading, line = empty[0]
            found = "、".join(dict.fromkeys(f"{k} ({h})" if h else k for k, h, _ in empty))
            raise InputError(src.path, line, "records in the sections found", f"sections {found} "
                             "that yielded no record", text=src.line(line),
                             hint="the layout of their tables or text is not one the tool reads; if the file was "
                                  "made by pdftotext, ingest the PDF's -layout dump or the original",
                             code="no-records")
        first = next((n for n, ln in enumerate(src.lines, 1) if ln.strip()), None)
        raise InputError(src.path, first, "a responsibility list (a heading such as 一、部门职责, "
                         "a column header such as 序号 主要职责, or numbered regimes)",
                         "no section, table or regime the grammar knows",
                         text=src.line(first) if first else None,
                         hint="if this is a list in a new layout, add its headings to grammars/default.toml",
                         code="not-a-list")
    doc.quality = check_quality(doc, ctx, g, withhold)
    assign_ids(doc)
    for n, line in enumerate(src.lines, 1):
        if line.strip() and n not in ctx.used and n not in ctx.residue:
            ctx.discard(n, "not recognised by the section's layout")
    residue = [r for n, r in sorted(ctx.residue.items()) if n not in ctx.used]
    if ctx.dropped:  # a line no record uses is in the residue whole already
        residue = sorted(residue + [r for r in ctx.dropped if r.line in ctx.used], key=lambda r: r.line)
    return IngestResult(document=doc, residue=residue, meta_lines=sorted(meta.lines), nbytes=src.nbytes,
                        empty_sections=empty, lines=src.lines)


def ingest_file(path: str | Path, grammar: Grammar | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None) -> IngestResult:
    """Read and ingest one file of any supported format (sniffed from its content;
    ``name``: its ``source`` in the records, default the file name). Raises
    :class:`~rlist_ingest.errors.InputError` on bad input."""
    p = Path(path)
    fmt = sniff_format(p) if p.is_file() else "text"
    if (err := refusal(p, fmt)) is not None:
        raise err
    if fmt not in READERS:
        return ingest_source(read_source(path, display_name=name, max_bytes=max_bytes), grammar)
    return ingest_model_file(p, fmt, grammar, max_bytes, name)


def ingest_model_file(path: Path, fmt: str, grammar: Grammar | None = None,
                      max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None) -> IngestResult:
    """Read a Word, Excel, HTML or CSV file into the document model and ingest its
    rendered text; records and residue carry the model's origins."""
    check_size(path, max_bytes)
    data = path.read_bytes()
    if not data.strip():
        raise InputError(str(path), None, "a non-empty file", "an empty file", code="empty")
    model = read_model(path, fmt)
    rendering = render(model)
    src = Source(path=str(path), name=name or path.name, encoding=model.encoding,
                 sha256=hashlib.sha256(data).hexdigest(), lines=rendering.lines, nbytes=len(data))
    if not src.lines:
        raise InputError(str(path), None, "a list's text or tables", "no text at all",
                         hint="check that the file is the list itself, not a cover page or a scan",
                         code="no-text")
    result = ingest_source(src, grammar, rendering)
    result.document.format = model.format
    result.document.sheets = model.sheets
    result.document.notes = list(model.notes)
    add_origins(result, rendering, model)
    return result
