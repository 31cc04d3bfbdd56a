"""Where a wrapped cell's lines end, in text dumped from a PDF: a cell goes on to the next
line while its line fills the column. CJK line breaking (kinsoku) makes a wrapped line a
character short now and then, and a cell's last line may fill the column exactly, so the
answer is yes, no, or perhaps."""

from __future__ import annotations

# Line breaking (kinsoku): a line may not start with closing punctuation nor end with an
# opening bracket, so the character before either moves down with it and the line above
# ends one short of the column.
_NO_START = set("，。、；：？！）》」』】〕”’,.;:?!)%")
_NO_END = set("（《「『【〔“‘(")

_MID_SENTENCE = ("，", "、", "：", ",", ":")


def wraps(line: str, nxt: str, width: int) -> int:
    """Whether ``nxt`` continues the cell whose line is ``line`` in a column ``width``
    wide: 0 no, 1 yes, 2 perhaps (``line`` fills the column exactly, as a wrapped line does
    and as a cell's last line may)."""
    if _number(line) and _number(nxt):  # 序号, phone numbers: one value a line
        return 0
    if len(line) > width or nxt[:1] in _NO_END and len(line) >= width - 3:  # （工） moves down whole
        return 1
    if len(line) == width:
        return 2
    if line.endswith(_MID_SENTENCE) and len(line) >= width - 2:  # no cell ends mid-sentence
        return 1
    if len(line) == width - 1 and (nxt[1:2] in _NO_START or _narrow(line)):
        return 1
    return 0


def _narrow(line: str) -> bool:
    # Digits and Latin letters are half as wide: a line holding several is full sooner.
    return sum(ch.isascii() for ch in line) >= 2


def _number(text: str) -> bool:
    return text.isascii() and text.replace("-", "").isdigit()
