"""Command-line inputs to files: literal names, glob patterns and directories.

Rules (README, "Inputs"): an argument that names an existing file is that file, even if
its name holds ``[``, ``*`` or ``?`` (``xinhe[1].txt`` is a common download name); other
arguments with those characters are glob patterns, and ``**`` recurses; a directory is
read recursively for the formats the tool reads, in sorted order, hidden entries
skipped. Each file's ``source`` is its path relative to the common folder of all inputs,
so ``a/list.txt`` and ``b/list.txt`` stay apart.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError

# Suffixes a directory walk picks up: the formats the readers take.
READABLE_SUFFIXES = (".txt", ".tsv", ".text", ".docx", ".docm", ".doc", ".xlsx", ".xlsm", ".xls", ".html", ".htm", ".csv", ".pdf")


@dataclass
class Inputs:
    paths: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # each path's ``source``
    notes: list[str] = field(default_factory=list)  # one line per directory walked


def walk(directory: Path) -> list[str]:
    """Readable files under ``directory``, recursively, sorted; hidden files and folders skipped."""
    out = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out += [os.path.join(root, f) for f in files
                if not f.startswith(".") and f.lower().endswith(READABLE_SUFFIXES)]
    return sorted(out)


def expand(args: list[str]) -> Inputs:
    """The files named by ``args``, with their display names. Raises :class:`UsageError`
    for a pattern that matches nothing or a directory with no readable file."""
    found: list[str] = []
    notes = []
    for a in args:
        p = Path(a)
        if p.is_dir():
            files = walk(p)
            if not files:
                raise UsageError(a, f"is a directory with no readable file ({', '.join(READABLE_SUFFIXES)})",
                                 "pass the files themselves, or a folder that holds lists", "no-inputs")
            notes.append(f"{a}: {len(files)} file{'s' if len(files) != 1 else ''} found")
            found += files
        elif p.exists() or not any(ch in a for ch in "*?["):
            found.append(a)  # a missing plain name is that file's error, reported with the others
        else:
            hits = sorted(glob.glob(a, recursive=True))
            if not hits:
                raise UsageError(a, "expected at least one file, got a pattern that matches nothing",
                                 "check the pattern; quote it ('**/*.txt') to let the tool expand it", "no-match")
            for h in hits:
                found += walk(Path(h)) if os.path.isdir(h) else [h]
    seen, paths = set(), []
    for f in found:
        key = os.path.realpath(f)
        if key not in seen:
            seen.add(key)
            paths.append(f)
    return Inputs(paths, display_names(paths), notes)


def display_names(paths: list[str]) -> list[str]:
    """Each path relative to the common folder of all of them (a lone file: its name)."""
    if not paths:
        return []
    absolute = [os.path.abspath(p) for p in paths]
    try:
        common = os.path.commonpath([os.path.dirname(a) for a in absolute])
    except ValueError:  # different drives
        return [Path(p).as_posix() for p in paths]
    return [Path(os.path.relpath(a, common)).as_posix() for a in absolute]
