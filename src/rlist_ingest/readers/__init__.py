"""Readers of binary and markup formats, and the registry that picks one by content.

:func:`sniff` looks at a file's bytes, never its name: a zip holding ``word/document.xml``
is Word, one holding ``xl/workbook.xml`` is Excel, an OLE file holding a ``WordDocument``
stream is a legacy .doc and one holding ``Workbook`` is an .xls (so an .xls named .xlsx
is read as .xls), a file that opens with ``%PDF`` is a PDF, markup that opens with an
HTML tag is HTML, and text whose rows split
into the same number of comma- or semicolon-separated fields is CSV. Everything else is
left to the text reader (``text``). Each reader module is imported only when a file of
its format comes, so start-up stays fast; a reader whose package is missing names it.

Readers turn a file into :class:`rlist_ingest.model.Doc` and import nothing from the
records layer.
"""

from __future__ import annotations

import importlib
import zipfile
from pathlib import Path

from ..errors import InputError
from ..model import Doc

# format -> (module, packages it needs, what a user calls it)
READERS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "docx": ("docx", ("lxml",), "a Word document (.docx)"),
    "doc": ("doc", ("lxml",), "a legacy Word document (.doc)"),
    "xlsx": ("xlsx", ("openpyxl",), "an Excel workbook (.xlsx)"),
    "xls": ("xls", ("xlrd",), "a legacy Excel workbook (.xls)"),
    "html": ("html", ("lxml",), "an HTML page"),
    "csv": ("csv", (), "a CSV file"),
    "pdf": ("pdf", ("pdfplumber",), "a PDF file"),
}
FORMATS = ("text", *READERS)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = (b"<!doctype html", b"<html", b"<head", b"<body", b"<table", b"<meta", b"<title", b"<?xml")


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(path: str | Path, head: bytes | None = None) -> str:
    """The format of a file by its content: one of :data:`FORMATS`, or ``ole``/``zip``/``odf``
    and their damaged or encrypted kinds for files no reader takes (:func:`refusal` names them)."""
    p = Path(path)
    if head is None:
        with open(p, "rb") as f:
            head = f.read(65536)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(p) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return "zip-damaged"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "mimetype" in names and "content.xml" in names:
            return "odf"
        return "zip"
    if head.startswith(_OLE):
        data = p.read_bytes() if p.stat().st_size <= 64 * 1024 * 1024 else head
        if _utf16("EncryptedPackage") in data:
            return "ole-encrypted"
        if _utf16("WordDocument") in data:
            return "doc"
        if _utf16("Workbook") in data or _utf16("Book") in data:
            return "xls"
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(_HTML_START) and (b"<table" in head.lower() or b"<html" in head.lower()
                                          or b"<body" in head.lower()):
        if not start.startswith(b"<?xml") or b"<html" in head.lower():
            return "html"
    from .csv import looks_like_csv

    if looks_like_csv(head[:16384]):
        return "csv"
    return "text"


# What a suffix promises, for the message when the content is something else.
SUFFIX_FORMATS = {".docx": "docx", ".docm": "docx", ".doc": "doc", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls",
                  ".pdf": "pdf"}
_WHAT = {"zip": "a zip archive that is neither a Word nor an Excel file",
         "zip-damaged": "a damaged or truncated zip archive",
         "odf": "an OpenDocument file (.odt/.ods)",
         "ole": "an OLE file that is neither a Word .doc nor an Excel .xls",
         "ole-encrypted": "a password-protected Office file"}
_HINTS = {"ole-encrypted": "open it with its password and save a copy without one",
          "zip-damaged": "check the download (the file may be cut short), or open it and save it again",
          "odf": "open it in LibreOffice or WPS and save it as .docx or .xlsx"}


def refusal(path: str | Path, fmt: str) -> InputError | None:
    """The error for a file no reader takes, or whose suffix promises an Office format its
    content is not (a .docx that is not a zip); None if the text reader should try it."""
    suffix = Path(path).suffix.lower()
    promised = SUFFIX_FORMATS.get(suffix)
    if fmt in _WHAT:
        expected = READERS[promised][2] if promised else "a responsibility list (text, PDF, Word, Excel, HTML or CSV)"
        return InputError(str(path), None, expected, _WHAT[fmt],
                          hint=_HINTS.get(fmt, "open it in Word, Excel or LibreOffice and save it as .docx or .xlsx"),
                          code="encrypted" if fmt == "ole-encrypted" else f"not-{promised}" if promised
                          else "unsupported-format")
    if promised and fmt not in ("docx", "xlsx", "doc", "xls", "pdf"):
        got = {"text": "content that is neither a zip nor an OLE file", "html": "an HTML page", "csv": "CSV text"}
        return InputError(str(path), None, READERS[promised][2], got.get(fmt, fmt),
                          hint=f"the file is named {suffix} but is not such a file: check the download, or rename it",
                          code=f"not-{promised}")
    return None


def read_model(path: str | Path, fmt: str) -> Doc:
    """Read ``path`` with the reader of ``fmt``; raises InputError with a code on bad input."""
    module, packages, what = READERS[fmt]
    try:
        mod = importlib.import_module(f"{__name__}.{module}")
    except ImportError as e:
        raise InputError(str(path), None, f"a working reader for {what}", f"a missing package ({e.name})",
                         hint=f"reinstall rlist-ingest with its dependencies (pip install {' '.join(packages)})",
                         code="missing-package") from e
    return mod.read(Path(path))
