"""Numbered prose to regimes (事中事后监管制度): regime headers （一）, parts 一、 and their
clauses （一）/1、/（1）, from lines the prose reader has tagged ``regime``, ``part``,
``toc`` or ``body``. A part heading may share its line with body text; a clause line that
continues an unfinished sentence joins the clause before it; a regime title may wrap.
"""

from __future__ import annotations

from functools import lru_cache

from ..grammar import Grammar
from ..model import Line, ProseLines
from ..records import CLAUSES, Clause, Regime, RegimePart
from .context import Context, SectionResult

_TITLE_STOP = set("。，；：:;,")


class Labels:
    """The numbering labels a line starts with, memoised per line text: regimes are copied
    from county to county, so most lines recur, and matching five patterns per line was
    a fifth of this extractor's time."""

    def __init__(self, g: Grammar):
        self.g = g

    @lru_cache(maxsize=1 << 16)  # noqa: B019 - one per grammar, kept for the process; bounded
    def of(self, text: str) -> tuple[bool, str | None, str | None, str | None]:
        """(is a table of contents, regime label, part label, clause label) of a line."""
        g = self.g
        toc = len(g.re_regime_label_any.findall(text)) >= g.numbering.toc_min_labels
        regime, part = g.re_regime_label.match(text), g.re_part_label.match(text)
        clause = next((m.group(0) for pat in g.re_clause_labels if (m := pat.match(text))), None)
        return toc, regime and regime.group(0), part and part.group(0), clause


_LABELS: dict[int, Labels] = {}


def labels_for(g: Grammar) -> Labels:
    # Keyed by identity: the value holds the grammar, so the id cannot be reused.
    if id(g) not in _LABELS:
        _LABELS[id(g)] = Labels(g)
    return _LABELS[id(g)]



class RegimeAssembler:
    """Builds the regimes of one prose section from its tagged lines."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.g = ctx.grammar
        self.labels = labels_for(self.g)

    def _regime_label(self, text: str) -> str | None:
        return self.labels.of(text)[1]

    def _part_label(self, text: str) -> str | None:
        return self.labels.of(text)[2]

    def _split_heading(self, text: str) -> tuple[str, str | None]:
        """A part heading may share its line with body text: '监督检查对象 企业职工…'."""
        bits = text.split(None, 1)
        if len(bits) == 2:
            head, rest = bits
            if not (set(head) & _TITLE_STOP) and (len(rest) > 15 or set(rest) & _TITLE_STOP):
                return head, rest
        return self.ctx.text([text]).replace(" ", ""), None

    def _clause_label(self, text: str) -> str | None:
        return self.labels.of(text)[3]

    def _add_body(self, clauses: list[list], ln: Line, text: str) -> None:
        """Append a line to a list of drafts [label, parts, first, last]: a labelled line
        starts a clause, a line continuing an unfinished sentence joins the previous one."""
        label = self._clause_label(text)
        if label:
            clauses.append([label, [text[len(label):]], ln.n, ln.n])
        elif clauses and not self.g.re_sentence_end.search(clauses[-1][1][-1].rstrip()):
            clauses[-1][1].append(text)
            clauses[-1][3] = ln.n
        else:
            clauses.append([None, [text], ln.n, ln.n])
        self.ctx.use(ln.n)

    def _clauses(self, drafts: list[list]) -> list[Clause]:
        text, prov = self.ctx.text, self.ctx.prov  # validated as one list (records.CLAUSES)
        return CLAUSES.validate_python([{"label": label, "text": text(parts) or label, "provenance": prov(first, last)}
                                        for label, parts, first, last in drafts])

    def _title_continues(self, title: str, nxt: Line, tag: str) -> bool:
        t = nxt.text
        return (tag == "body" and not self._clause_label(t) and len(t) <= 20
                and not (set(t) & _TITLE_STOP) and len(title) >= 12)

    def rows_to_records(self, prose: ProseLines) -> SectionResult:
        """Regimes from the tagged lines of a prose section, in document order."""
        rows = prose.lines
        out = SectionResult()
        regime: Regime | None = None
        drafts: dict[int, list[list]] = {}  # id(part or regime) -> clause drafts
        last_line: dict[int, int] = {}

        def flush():
            if regime is None:
                return
            regime.preamble = self._clauses(drafts.pop(id(regime), []))
            for p in regime.parts:
                p.clauses = self._clauses(drafts.pop(id(p), []))
                p.provenance = self.ctx.prov(p.provenance.line_first, last_line.get(id(p), p.provenance.line_last))
            regime.provenance = self.ctx.prov(regime.provenance.line_first,
                                              last_line.get(id(regime), regime.provenance.line_last))

        i = 0
        while i < len(rows):
            ln, tag = rows[i]
            if tag == "toc":
                self.ctx.discard(ln.n, "table of contents")
            elif tag == "regime":
                flush()
                label = self._regime_label(ln.text)
                title, last = ln.text[len(label):].strip(), ln.n
                self.ctx.use(ln.n)
                if i + 1 < len(rows) and self._title_continues(title, *rows[i + 1]):
                    i += 1
                    title += rows[i][0].text
                    last = rows[i][0].n
                    self.ctx.use(last)
                title = self.ctx.text([title]).replace(" ", "")
                label = label.replace("(", "（").replace(")", "）")
                regime = Regime(seq_label=label, title=title, provenance=self.ctx.prov(ln.n, last))
                out.regimes.append(regime)
            elif regime is None:
                self.ctx.discard(ln.n, "prose before the first regime")
            elif tag == "part":
                plabel = self._part_label(ln.text)
                heading, rest = self._split_heading(ln.text[len(plabel):].strip())
                part = RegimePart(label=plabel, heading=heading, provenance=self.ctx.prov(ln.n, ln.n))
                regime.parts.append(part)
                self.ctx.use(ln.n)
                if rest:
                    self._add_body(drafts.setdefault(id(part), []), ln, rest)
            else:
                owner = regime.parts[-1] if regime.parts else regime
                self._add_body(drafts.setdefault(id(owner), []), ln, ln.text)
            if regime is not None:
                last_line[id(regime)] = ln.n
                if regime.parts:
                    last_line[id(regime.parts[-1])] = ln.n
            i += 1
        flush()
        return out
