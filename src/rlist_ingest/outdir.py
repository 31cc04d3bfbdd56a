"""The output directory: what the tool writes there, and the rule that it touches nothing else.

A dataset directory holds a manifest (``.rlist-dataset.json``) naming every file the tool
wrote into it. A run builds the new dataset in a staging folder inside the output
directory (same filesystem, so every move is a rename), then publishes: each new file is
renamed over its old copy, files of the old manifest that the new dataset no longer has
are removed, and nothing outside the two manifests is touched. A user's own files in the
directory (``my_analysis.sql``) are never read, moved or deleted.

The output directory is checked before any work (:func:`check_out`): an existing file, a
missing parent, or a non-empty directory that is not an rlist dataset is refused.

A staging folder is named ``.rlist-staging-<pid>-<hex>`` and holds a marker file with its
owner's pid; a run that was killed (SIGKILL) leaves one behind, and the next run that
writes to the same directory removes it when its owner is gone. Nothing else is ever
removed on those grounds.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from pathlib import Path

import regex

from .errors import OutputError

MANIFEST = ".rlist-dataset.json"
STAGING_PREFIX = ".rlist-staging-"
STAGING_MARK = ".rlist-staging"
_STAGING_NAME = regex.compile(r"\.rlist-staging-(\d+)-[0-9a-f]{8}")
_ACTIVE: list[Staging] = []  # staging folders of this process, for the signal handler


def read_manifest(out: Path, name: str = MANIFEST, tool: str = "rlist-ingest") -> list[str] | None:
    """The files a folder's manifest ``name`` lists, or None if ``out`` has no manifest that
    ``tool`` wrote (a dataset's by default; ``rlist synth`` keeps its own)."""
    try:
        data = json.loads((Path(out) / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("tool") != tool or not isinstance(data.get("files"), list):
        return None
    return [f for f in data["files"] if isinstance(f, str) and _inside(f)]


def _inside(rel: str) -> bool:
    # A manifest is data read from disk: a name that climbs out of the folder is never obeyed.
    p = Path(rel)
    return not p.is_absolute() and ".." not in p.parts and rel not in ("", ".")


def is_dataset(out: Path) -> bool:
    return read_manifest(out) is not None


def _own_leftover(entry: Path) -> bool:
    """A staging folder of this tool whose owner process is gone (a killed run)."""
    m = _STAGING_NAME.fullmatch(entry.name)
    if not m or not entry.is_dir() or entry.is_symlink() or not (entry / STAGING_MARK).is_file():
        return False
    try:
        pid = int((entry / STAGING_MARK).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return False
    if pid != int(m.group(1)):
        return False
    if pid == os.getpid():
        return not any(s.dir == entry for s in _ACTIVE)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def check_out(out: Path, what: str = "--out", kind: str = "an rlist dataset",
              earlier: str = "a dataset an earlier run wrote") -> Path:
    """Refuse an output location before any work is done; returns it as an absolute path.

    Accepted: a new directory whose parent exists, an empty directory, or an rlist dataset
    (its manifest says which files are the tool's). Refused with :class:`OutputError`: an
    existing file, a non-empty directory that is not a dataset, a missing or read-only parent."""
    out = Path(os.path.abspath(out))
    if out.exists() and not out.is_dir():
        raise OutputError(str(out), "is an existing file, not a directory",
                          f"give {what} a new or empty directory (the tool never overwrites a file it did not write)",
                          "out-is-file")
    if out.is_dir():
        if not is_dataset(out):
            others = [e.name for e in out.iterdir() if not _own_leftover(e)]
            if others:
                shown = ", ".join(sorted(others)[:3]) + (", …" if len(others) > 3 else "")
                raise OutputError(str(out), f"is a non-empty directory that is not {kind} ({shown})",
                                  f"give {what} a new or empty directory, or {earlier}",
                                  "out-not-dataset")
        if not os.access(out, os.W_OK | os.X_OK):
            raise OutputError(str(out), "is not writable (permission denied)", "choose a directory you can write to",
                              "out-not-writable")
        return out
    parent = out.parent
    if not parent.is_dir():
        raise OutputError(str(out), f"cannot be created: its parent {parent} does not exist",
                          f"create it first (mkdir -p {parent}) or choose another {what}", "out-parent-missing")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(str(out), f"cannot be created: {parent} is not writable (permission denied)",
                          "choose a directory you can write to", "out-not-writable")
    return out


class Staging:
    """A staging folder inside ``out`` where a run builds its files before publishing them."""

    def __init__(self, out: Path):
        self.out = check_out(out)
        self.created_out = not self.out.exists()
        self.previous = read_manifest(self.out)
        self.out.mkdir(exist_ok=True)
        for entry in list(self.out.iterdir()):
            if _own_leftover(entry):
                shutil.rmtree(entry, ignore_errors=True)
        self.dir = self.out / f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        self.dir.mkdir()
        (self.dir / STAGING_MARK).write_text(f"{os.getpid()}\n", encoding="utf-8")
        self.published = False
        _ACTIVE.append(self)

    @property
    def had_dataset(self) -> bool:
        return self.previous is not None

    def publish(self) -> list[str]:
        """Move every staged file into ``out`` and write the manifest; returns the files.

        An interrupt while files move is held back until they are all in place (see
        :mod:`signals`), so that it never leaves half of one dataset and half of another."""
        files = sorted(p.relative_to(self.dir).as_posix() for p in self.dir.rglob("*")
                       if p.is_file() and p.name != STAGING_MARK)
        old = set(self.previous or [])
        DEFER["on"] = True
        try:
            # First a manifest naming both the old and the new files: a run killed half-way
            # still leaves every file of its own listed, so the next run can replace it.
            write_manifest(self.out, sorted(old | set(files)))
            for rel in files:
                dst = self.out / rel
                dst.parent.mkdir(parents=True, exist_ok=True)
                if dst.is_dir() and not dst.is_symlink():
                    raise OutputError(str(dst), "is a directory where the dataset has a file",
                                      "move it away; the tool does not remove folders it did not make", "out-conflict")
                os.replace(self.dir / rel, dst)
            for rel in sorted(old - set(files)):
                p = self.out / rel
                if p.is_file() or p.is_symlink():
                    p.unlink()
            write_manifest(self.out, files)
            self.published = True
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
            if self in _ACTIVE:
                _ACTIVE.remove(self)
            DEFER["on"] = False
            if self.published:
                DEFER["published"] = self.out
            if DEFER["pending"] is not None:
                os.kill(os.getpid(), DEFER["pending"])
        return files

    def abort(self) -> None:
        """Remove the staging folder; leave ``out`` as it was (removed if this run made it)."""
        shutil.rmtree(self.dir, ignore_errors=True)
        if self.created_out:
            try:
                self.out.rmdir()  # only if empty: never a file someone put there meanwhile
            except OSError:
                pass
        if self in _ACTIVE:
            _ACTIVE.remove(self)


def write_manifest(out: Path, files: list[str], name: str = MANIFEST, tool: str = "rlist-ingest") -> None:
    """Write (by rename) the manifest that :func:`read_manifest` reads."""
    from . import __version__

    tmp = out / f"{name}.tmp-{os.getpid()}"
    tmp.write_text(json.dumps({"tool": tool, "version": __version__, "files": files},
                              ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, out / name)


# Set while a dataset is being published: the signal handler then only notes the signal,
# and publish re-sends it once every file is in place.
DEFER: dict = {"on": False, "pending": None, "published": None}


def abort_all() -> list[tuple[Path, bool]]:
    """Remove this process's staging folders (used by the signal handler). Returns each
    one's output directory and whether a previous dataset there is kept."""
    runs = [(s.out, s.had_dataset) for s in _ACTIVE]
    for s in list(_ACTIVE):
        s.abort()
    return runs
