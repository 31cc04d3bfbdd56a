"""Errors with evidence: file, line, what was expected, what was found, and a hint."""

from __future__ import annotations


class RlistError(Exception):
    """Base class of the project's documented errors."""


class InputError(RlistError):
    """An input that cannot be ingested. Renders as ``file:line: expected X, got Y``."""

    def __init__(self, file: str, line: int | None, expected: str, got: str,
                 text: str | None = None, hint: str | None = None):
        self.file, self.line, self.expected, self.got = file, line, expected, got
        self.text, self.hint = text, hint
        super().__init__(self.render())

    def render(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        out = f"{where}: expected {self.expected}, got {self.got}"
        if self.text is not None:
            out += f"\n    {self.text.strip()[:120]}"
        if self.hint:
            out += f"\n  hint: {self.hint}"
        return out

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "expected": self.expected, "got": self.got,
                "text": self.text, "hint": self.hint, "message": self.render()}
