"""Space-columned PDF text dumps (pdftotext style).

Each line holds pieces of one or more columns, separated by spaces. Column widths are
not fixed across documents, so they are measured per section from the lengths of the
pieces (:class:`Widths`). The duty table is read as a stream of tokens:

* a work-item row is its item lines, then its office (责任科室) fragments; an office is
  complete when it ends with an office suffix from the grammar;
* a 主要职责 block (optionally led by its 序号) is a run of lines no wider than the
  主要职责 column; it is printed just before the LAST row of its group on that page
  (a vertically merged cell is drawn when its last row is reached), and when the group
  crosses a page the block is split and continues on the next page;
* a page break (two or more empty lines, then a whitespace-only line, or a form feed)
  can split the row above it: its item text and office continue after the break.

Missing 序号 are inferred from their neighbours (``seq_inferred``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import Cell, Table, rows_to_table
from ..model import Row as AssemblyRow
from .base import INTERLEAVED, INTERLEAVED_WARNING, Extractor
from .pdf_tables import _cell, boundaries_from_tokens, services_from_lines
from .tokens import PB, Tok, Widths, is_seq, tokenize


@dataclass
class Row:
    item: list[Tok] = field(default_factory=list)
    office: list[Tok] = field(default_factory=list)

    @property
    def lines(self) -> list[int]:
        return [t.n for t in self.item + self.office]


@dataclass
class Chunk:
    seq: Tok | None
    parts: list[Tok] = field(default_factory=list)


class PdfColumnsExtractor(Extractor):
    """Reads duty, boundary and service tables printed as space-columned PDF text."""

    def lines_to_cells(self, lines, span):
        header_n, kind, fields = None, None, None
        for n, line in lines:
            cells = line.split()
            if len(cells) >= 3 and (hit := self.g.header_fields(cells)):
                if header_n is None:
                    header_n, (kind, fields) = n, hit
                    self.ctx.header([n], fields)
                else:
                    self.ctx.discard(n, "repeated column header")
        if self._interleaved(lines, header_n, kind):
            for n, line in lines:
                if line.strip():
                    self.ctx.discard(n, INTERLEAVED)
            self.ctx.warn(f"{span.heading or span.kind}: {INTERLEAVED_WARNING}", interleaved=True)
            return None
        if header_n is None:
            for n, line in lines:
                if line.strip():
                    self.ctx.discard(n, "no column header found in a table section")
            return None
        body = [(n, ln) for n, ln in lines if n > header_n and n not in self.ctx.residue]
        for n, ln in lines:
            if n < header_n and ln.strip():
                self.ctx.discard(n, "text before the column header")
        self.kind, self.fields = kind, fields
        self.body = body
        return tokenize(body, self.ctx.src.page_breaks)

    def _interleaved(self, lines, header_n: int | None, kind: str | None) -> bool:
        """True if the column header is broken over lines, as pdftotext's reading order
        (its default and -raw modes) prints a table column by column: a header cell that
        is only a piece of a name (号 of 序号), a piece of a name alone on the line beside
        the header, or, with no header line, two names on lines of their own."""
        names = self.g.header_names
        def piece(text: str) -> bool:
            return text not in names and any(text in name for name in names)
        if header_n is not None:
            cells = next(ln for n, ln in lines if n == header_n).split()
            if any(piece(c) for c in cells):
                return True
            near = [ln.split() for n, ln in lines if abs(n - header_n) == 1 and ln.strip()]
            return any(len(c) == 1 and piece(c[0]) for c in near)
        # No header line: lines near the top made only of names and pieces of names
        # (序 / 号 管理事项 / 相 / 关 …), at least one piece among them.
        heads = [ln.split() for _, ln in lines[:20] if ln.strip()]
        heads = [c for c in heads if all(x in names or piece(x) for x in c)]
        return len(heads) >= 2 and any(piece(x) for c in heads for x in c)

    # --- token helpers ------------------------------------------------------------------
    def _suffix(self, text: str) -> bool:
        return self.g.ends_with_any(text, self.g.cells.office_suffixes)

    def _short(self, t: Tok) -> bool:
        return t.text != PB and len(t.text) <= self.w.office + 1

    def _ends_sentence(self, text: str) -> bool:
        return bool(self.g.re_sentence_end.search(text))

    def _item_open(self, row: Row) -> bool:
        last = row.item[-1]
        return last.eff >= self.w.item - 2 and not self._ends_sentence(last.text)

    def _office_ok(self, run: list[Tok], strict: bool, at_break: bool) -> bool:
        """Can ``run`` be one or more offices? Fragments before an office's last piece fill
        the office column (within one character) unless ``strict`` is off."""
        frag: list[Tok] = []
        for t in run:
            frag.append(t)
            if self._suffix("".join(x.text for x in frag)):
                if strict and any(len(x.text) < self.w.office - 1 for x in frag[:-1]):
                    return False
                frag = []
            elif strict and len(t.text) < self.w.office - 1:
                return False
        return not frag or (at_break and all(len(x.text) >= self.w.office - 1 for x in frag))

    def _short_run(self, i: int) -> tuple[list[Tok], int]:
        j = i
        while j < len(self.toks) and self._short(self.toks[j]) and not is_seq(self.toks[j]):
            j += 1
        return self.toks[i:j], j

    def _office_ahead(self, i: int) -> bool:
        """Does an office start at token ``i``? Used to tell a short work item (its office
        follows) from a 主要职责 line. A wrapped office's fragments recur in the section."""
        run, j = self._short_run(i)
        at_break = j < len(self.toks) and self.toks[j].text == PB
        if not run or not self._office_ok(run, strict=False, at_break=at_break):
            return False
        k = 0
        while k < len(run) and not self._suffix("".join(t.text for t in run[:k + 1])):
            if self.freq[run[k].text] < 2:
                return False
            k += 1
        return True

    # --- stream parsing -------------------------------------------------------------------
    def cells_to_rows(self, toks, span):
        if toks is None:
            return None
        if self.kind != "duties":
            return toks
        self.toks, self.w = toks, Widths.measure(toks, self.g.cells.office_suffixes)
        self.freq = Counter(t.text for t in toks)
        self.first = False
        events = self._parse()
        if self._merged_cell_first(events):
            self.first = True  # an open block continues at the top of the next page
            events = self._parse()
        return events

    def _parse(self) -> list:
        toks = self.toks
        events: list[Row | Chunk | str] = []
        open_chunk: Chunk | None = None
        i, last_row = 0, None
        while i < len(toks):
            t = toks[i]
            if t.text == PB:
                events.append(PB)
                i += 1
                if last_row is not None and not (self.first and open_chunk is not None):
                    i = self._continue_after_break(last_row, i)
                continue
            if is_seq(t) or t.eff <= self.w.main + 1 and not self._office_ahead(i + 1):
                chunk = Chunk(seq=t if is_seq(t) else None)
                events.append(chunk)
                i = self._read_main(chunk, i + 1 if chunk.seq else i)
                last = chunk.parts[-1] if chunk.parts else None
                open_chunk = chunk if last and last.eff >= self.w.main - 1 \
                    and not self._ends_sentence(last.text) else None
                continue
            last_row = Row(item=[t])
            events.append(last_row)
            i = self._read_row(last_row, i + 1)
        return events

    def _read_main(self, chunk: Chunk, i: int) -> int:
        """A 主要职责 block: lines no wider than its column, ending at a short last line."""
        while i < len(self.toks):
            t = self.toks[i]
            if t.text == PB or is_seq(t) or t.eff > self.w.main + 1 or self._office_ahead(i + 1):
                break  # the last case: a short work item with its office right after it
            chunk.parts.append(t)
            i += 1
            if t.eff < self.w.main - 1 and (len(chunk.parts) > 1 or self._ends_sentence(t.text)):
                break
        return i

    def _read_row(self, row: Row, i: int) -> int:
        """Item lines, then a run of short pieces split into the item's tail and the office."""
        while i < len(self.toks):
            t = self.toks[i]
            if t.text == PB or is_seq(t):
                return i
            if not self._short(t):
                if row.office:
                    return i
                row.item.append(t)
                i += 1
                continue
            run, j = self._short_run(i)
            at_break = j < len(self.toks) and self.toks[j].text == PB
            item_open = self._item_open(row)
            # A wrapped item's last line can be as short as an office fragment; an office
            # fragment that is not the office's last piece fills the office column.
            # Item lines are consecutive; pdftotext starts the office as a new block, so a
            # tail candidate must sit on the line right after the item's previous line.
            tail_max = 0
            if item_open:
                prev = row.item[-1].n
                while tail_max < len(run) and run[tail_max].n in (prev, prev + 1):
                    prev = run[tail_max].n
                    tail_max += 1
            ks = [k for k in (range(tail_max + 1) if item_open else [0])
                  if k < len(run) and self._office_ok(run[k:], strict=item_open, at_break=at_break)]
            if ks:
                # Offices repeat from row to row while item tails rarely do: prefer the split
                # whose office pieces are the most frequent in the section.
                k = max(ks, key=lambda k: (min(self.freq[t.text] for t in run[k:]), -k))
                row.item += run[:k]
                e = self._office_end(run[k:])
                row.office += run[k:k + e]
                return i + k + e
            row.item += run
            i = j
        return i

    def _office_end(self, run: list[Tok]) -> int:
        """How many pieces of ``run`` the row's office takes: its first complete office,
        then further complete offices (a cell naming two units) whose wrapped fragments
        recur in the section; a one-off short piece after an office starts a new row."""
        def complete_at(start: int) -> int | None:
            for m in range(start, len(run)):
                if self._suffix("".join(t.text for t in run[start:m + 1])):
                    return m
            return None

        c = complete_at(0)
        if c is None:
            return len(run)  # an office cut by a page break
        e = c + 1
        while e < len(run):
            f = complete_at(e)
            if f is None or any(self.freq[t.text] < 2 for t in run[e:f]) \
                    or any(len(t.text) > self.w.office for t in run[e:f + 1]):
                break
            e = f + 1
        return e

    def _continue_after_break(self, row: Row, i: int) -> int:
        """Text of the row cut by a page break: office fragments, then the item's tail."""
        def office_tail(i: int) -> int:
            if not row.office or self._suffix("".join(t.text for t in row.office)):
                return i
            run, _ = self._short_run(i)
            for m in range(1, len(run) + 1):
                if self._suffix("".join(t.text for t in row.office + run[:m])):
                    row.office += run[:m]
                    return i + m
            return i

        i = office_tail(i)
        # Still open: the office's tail comes after the item's (both cut by the break).
        office_open = bool(row.office) and not self._suffix("".join(t.text for t in row.office))
        if not row.item or not self._item_open(row):
            return i
        j, tail = i, []
        while j < len(self.toks) and self.toks[j].text != PB and not is_seq(self.toks[j]):
            tail.append(self.toks[j])
            j += 1
            if tail[-1].eff < self.w.item - 2 or self._ends_sentence(tail[-1].text):
                break
        if tail and (office_open or not self._office_ahead(j)):
            row.item += tail
            return office_tail(j)
        return i

    # --- grouping -----------------------------------------------------------------------
    def rows_to_tables(self, events, span):
        if events is None:
            return []
        if self.kind == "boundaries":
            return [boundaries_from_tokens(self, events)]
        if self.kind == "services":
            return [services_from_lines(self, self.body)]
        return [self._duty_table(self._group(events, self._merged_cell_first(events)))]

    def _group(self, events, first: bool) -> list[tuple[Chunk, list[Row]]]:
        """Assign rows to 主要职责 blocks. ``first``: a block precedes its group's rows.
        Otherwise a block precedes its group's last row on that page: rows seen since the
        previous group closed, plus the one right after the block, are its group's."""
        groups: list[tuple[Chunk, list[Row]]] = []
        pending: list[Row] = []
        target: tuple[Chunk, list[Row]] | None = None  # group the next row goes to
        prev: Chunk | None = None
        crossed = False
        for ev in events:
            if ev == PB:
                crossed = True
            elif isinstance(ev, Chunk):
                if self._continues(prev, ev, crossed):
                    prev.parts += ev.parts
                    target = next(g for g in groups if g[0] is prev)
                else:
                    target = (ev, [])
                    groups.append(target)
                    prev = ev
                target[1].extend(pending)
                pending, crossed = [], False
            elif target is not None:
                target[1].append(ev)
                if not first:
                    target = None
            else:
                pending.append(ev)
        if groups:
            groups[-1][1].extend(pending)
        else:
            for r in pending:
                for n in r.lines:
                    self.ctx.discard(n, "work item with no 主要职责 block")
        return groups

    def _continues(self, prev: Chunk | None, chunk: Chunk, crossed: bool) -> bool:
        """A 主要职责 block split by a page break: no 序号, after a break, and the block
        before it stopped mid-sentence."""
        return (prev is not None and bool(prev.parts) and chunk.seq is None and crossed
                and not self._ends_sentence(prev.parts[-1].text))

    def _merged_cell_first(self, events) -> bool:
        """Which row a merged 主要职责 cell is printed with. Word-to-PDF output prints it
        before the group's last row on each page, so rows precede the first block, exactly
        one row follows the last, and a block split by a page break has exactly one row
        between its first half and the break. A block printed before its group's first row
        leaves no row before the first block, the whole last group after the last one, and
        a split block's second half right after the break. Ties go to the Word layout."""
        kinds = [type(e).__name__ if e != PB else PB for e in events]
        chunks = [i for i, k in enumerate(kinds) if k == "Chunk"]
        if not chunks:
            return False
        rows_before = kinds[:chunks[0]].count("Row")
        rows_after = kinds[chunks[-1]:].count("Row")
        if rows_before > 0:
            return False
        first, last = 0, 0
        if rows_after > 1:
            first += 3
        prev = None
        for i in chunks:
            c = events[i]
            if prev is not None and self._continues(events[prev], c, PB in kinds[prev:i]):
                brk = prev + kinds[prev:i].index(PB)
                before_break = kinds[prev:brk].count("Row")
                after_break = kinds[brk:i].count("Row")
                if before_break > 1:
                    first += 2
                if after_break > 0:
                    last += 2
            prev = i
        return first > last

    def _duty_table(self, groups) -> Table:
        """The groups as a duty table: each group's 序号 and 主要职责 block (wherever it was
        printed) one merged cell over the group's rows."""
        rows: list[AssemblyRow] = []
        for chunk, items in groups:
            head = {}
            if chunk.seq:
                head["seq"] = Cell([chunk.seq.text], [chunk.seq.n], chunk.seq.text)
            if chunk.parts:
                head["duty"] = _cell(chunk.parts)
            if not items:  # a block without rows: its own lines are the row's
                rows.append(AssemblyRow(head, sorted(n for c in head.values() for n in c.lines)))
            for k, r in enumerate(items):
                cells = dict(head) if k == 0 else {}
                cells["item"] = _cell(r.item)
                if r.office:
                    cells["office"] = _cell(r.office)
                rows.append(AssemblyRow(cells, r.lines))
        return rows_to_table("duties", ["seq", "duty", "item", "office"], rows, ["seq", "duty"])
