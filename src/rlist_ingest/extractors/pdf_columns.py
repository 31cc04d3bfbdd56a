"""Space-columned PDF text dumps (placeholder until implemented below)."""

from .base import Extractor, SectionResult


class PdfColumnsExtractor(Extractor):
    def lines_to_cells(self, lines, span):
        return lines

    def cells_to_rows(self, cells, span):
        return cells

    def rows_to_records(self, rows, span):
        return SectionResult()
