"""Layout extractors and their registry."""

from .numbered_prose import NumberedProseExtractor
from .pdf_aligned import PdfAlignedExtractor
from .pdf_columns import PdfColumnsExtractor
from .tab_table import TabTableExtractor

EXTRACTORS = {
    "tab_table": TabTableExtractor,
    "pdf_columns": PdfColumnsExtractor,
    "pdf_aligned": PdfAlignedExtractor,
    "numbered_prose": NumberedProseExtractor,
}

__all__ = ["EXTRACTORS", "NumberedProseExtractor", "PdfAlignedExtractor", "PdfColumnsExtractor", "TabTableExtractor"]
