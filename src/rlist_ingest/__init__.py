"""rlist-ingest: responsibility lists (责任清单) to validated datasets."""

__version__ = "0.1.0"
