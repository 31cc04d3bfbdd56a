"""Single output files (an Excel workbook, a SQLite database, a report): written aside and
renamed into place, and an existing file is replaced only if this tool wrote it, as its
own mark inside it says (principle: never overwrite a file the tool did not write)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from .errors import OutputError


def check_file(path: str | Path, is_ours: Callable[[Path], bool], what: str, example: str) -> Path:
    """Refuse ``path`` before any work: a directory, a missing folder, or an existing file
    that ``is_ours`` does not recognise. ``what`` names the writer (``rlist export``)."""
    p = Path(path)
    if p.is_dir():
        raise OutputError(str(p), "is a directory", f"give -o a file name, e.g. -o {example}", "file-is-dir")
    if not p.parent.is_dir():
        raise OutputError(str(p), f"cannot be written: the folder {p.parent} does not exist",
                          f"create it first (mkdir -p {p.parent}) or choose another -o", "file-parent-missing")
    if p.exists() and not _safe(is_ours, p):
        raise OutputError(str(p), f"exists and was not written by {what}",
                          "choose another file name, or remove it yourself first", "file-exists")
    return p


def _safe(is_ours: Callable[[Path], bool], p: Path) -> bool:
    try:
        return bool(is_ours(p))
    except Exception:  # an unreadable or foreign file is not ours, whatever the reason
        return False


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a temporary name beside ``path``, then rename it over ``path``:
    an interrupted run leaves the old file (or none), never half of one."""
    tmp = path.with_name(f".{path.name}.rlist-tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
