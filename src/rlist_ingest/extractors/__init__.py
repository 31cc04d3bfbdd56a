"""Layout extractors and their registry."""

from .numbered_prose import NumberedProseExtractor
from .pdf_columns import PdfColumnsExtractor
from .tab_table import TabTableExtractor

EXTRACTORS = {
    "tab_table": TabTableExtractor,
    "pdf_columns": PdfColumnsExtractor,
    "numbered_prose": NumberedProseExtractor,
}

__all__ = ["EXTRACTORS", "NumberedProseExtractor", "PdfColumnsExtractor", "TabTableExtractor"]
