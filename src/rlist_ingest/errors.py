"""Errors with evidence: file, line, what was expected, what was found, and a hint."""

from __future__ import annotations


class RlistError(Exception):
    """Base class of the project's documented errors."""


class InputError(RlistError):
    """An input that cannot be ingested. Renders as ``file:line: expected X, got Y``."""

    def __init__(self, file: str, line: int | None, expected: str, got: str,
                 text: str | None = None, hint: str | None = None, code: str | None = None):
        self.file, self.line, self.expected, self.got = file, line, expected, got
        self.text, self.hint, self.code = text, hint, code
        super().__init__(self.render())

    def render(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        out = f"{where}: expected {self.expected}, got {self.got}"
        if self.text is not None:
            out += f"\n    {self.text.strip()[:120]}"
        if self.hint:
            out += f"\n  hint: {self.hint}"
        if self.code:
            out += f" [{self.code}]"
        return out

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "expected": self.expected, "got": self.got,
                "text": self.text, "hint": self.hint, "code": self.code, "message": self.render()}


class OutputError(RlistError):
    """An output location the tool refuses or cannot write. Renders as one line:
    ``path: reason; hint: what to do [code]``. The CLI exits 2 on it, before any work
    where it can be known beforehand."""

    def __init__(self, path: str, reason: str, hint: str, code: str = "output"):
        self.path, self.reason, self.hint, self.code = path, reason, hint, code
        super().__init__(self.render())

    def render(self) -> str:
        return f"{self.path}: {self.reason}; hint: {self.hint} [{self.code}]"


def os_error_message(e: OSError, what: str = "") -> str:
    """One line for an environmental error (disk full, permission denied, missing folder):
    the path, the OS's reason and a hint."""
    import errno

    hints = {errno.ENOSPC: "free some space on that disk or choose another --out",
             errno.EDQUOT: "free some space on that disk or choose another --out",
             errno.EACCES: "check the permissions of that path",
             errno.EPERM: "check the permissions of that path",
             errno.EROFS: "that filesystem is read-only; choose another location",
             errno.ENOENT: "check that the folder exists",
             errno.EISDIR: "give a file name, not a directory",
             errno.ENOTDIR: "a part of that path is a file, not a directory"}
    path = e.filename or what or "?"
    reason = e.strerror or type(e).__name__
    return f"{path}: {reason}; hint: {hints.get(e.errno, 'check the path, its permissions and free space')} [os]"


class UsageError(RlistError):
    """Arguments the tool cannot act on (exit 2): one line, ``what: reason; hint: ... [code]``."""

    def __init__(self, what: str, reason: str, hint: str, code: str = "usage"):
        self.what, self.reason, self.hint, self.code = what, reason, hint, code
        super().__init__(self.render())

    def render(self) -> str:
        return f"{self.what}: {self.reason}; hint: {self.hint} [{self.code}]"
