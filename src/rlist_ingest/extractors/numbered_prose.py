"""Numbered-section prose: the reader of regimes （一）… with parts 一、 and clauses.

Regime headers and clause labels share one numbering form, so a ``（N）`` line is a regime
header only if the next numbered line after it is a part ``一、`` (a clause is followed
by its sibling clause or by the next part). A line listing several regime labels is a
table of contents. This reader tags the lines; :mod:`rlist_ingest.assemble.regimes`
builds the records (PDF-wrapped lines are joined back into their clause there).
"""

from __future__ import annotations

from ..assemble.regimes import labels_for
from ..model import Line, ProseLines
from .base import Extractor


class NumberedProseExtractor(Extractor):
    """Reads the regimes of a prose section."""

    def __init__(self, ctx):
        super().__init__(ctx)
        self.labels = labels_for(self.g)

    def lines_to_cells(self, lines, span):
        return [Line(n, t.strip()) for n, t in lines if t.strip()]

    # Labels are matched at the start of the line, so a label's length is where the rest starts.
    def _regime_label(self, text: str) -> str | None:
        return self.labels.of(text)[1]

    def _part_label(self, text: str) -> str | None:
        return self.labels.of(text)[2]

    def _first_numeral(self, label: str) -> bool:
        return label.strip("（）()、.．").startswith(self.g.numbering.cn_digits[0]) and \
            len(label.strip("（）()、.．")) == 1

    def cells_to_rows(self, lines: list[Line], span):
        """Tag each line: toc, regime, part, or body."""
        tags: list[str] = []
        for ln in lines:
            toc, regime, part, _ = self.labels.of(ln.text)  # one look-up per line, not three
            tags.append("toc" if toc else "regime?" if regime else "part" if part else "body")
        # Resolve regime candidates by the next numbered line after them.
        for i, t in enumerate(tags):
            if t != "regime?":
                continue
            tags[i] = "body"
            for j in range(i + 1, len(lines)):
                if tags[j] in ("regime?", "regime", "toc"):
                    break
                if tags[j] == "part":
                    if self._first_numeral(self._part_label(lines[j].text)):
                        tags[i] = "regime"
                    break
        # A single-label line before the first regime that the look-ahead rejected is a
        # contents entry (the contents may list one regime per line).
        first_regime = next((i for i, t in enumerate(tags) if t == "regime"), len(tags))
        for i in range(first_regime):
            if self._regime_label(lines[i].text) and tags[i] == "body":
                tags[i] = "toc"
        return list(zip(lines, tags, strict=True))

    def rows_to_tables(self, rows, span):
        return [ProseLines(rows)]
