"""Whether text goes on over a page break when the printer closed the cut: evidence from
the text itself and from the document.

LibreOffice and Word close a row cut by a page break with a rule, so geometry cannot
tell a cut row from a row that ended there with a full last line. Text can, in three
ways that hold for any Chinese text: line breaking never starts a line with closing
punctuation, so a line that starts with one character and then ``，`` or ``、`` had that
character pulled over from the line before (``问|题，``); a word that runs over the break
(jieba segments the two line ends as one text and a word spans the join: ``初|审``); and
a clause does not end with a structural particle or a conjunction (``…工作的|``) nor
start with ``的``, and no cell ends with a comma. Against it: the line above ends a sentence (``。``), or the line below
opens the way other cells of its column in the same document open (their first two
characters: a list's items start with their few verbs, learnt from the document, not
from a word list). With neither, the text goes on when the document's printer breaks
rows at all (:func:`splits_rows`; a break falls inside a long cell far more often than
exactly after a full last line), and not when it keeps rows whole.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

# Characters that line breaking keeps off the start of a line (kinsoku: closing
# punctuation and marks).
NO_LINE_START = set("，。、；：？！）》」』】〕〉”’…%·,.;:?!)]")
# Characters no clause ends with.
NO_CLAUSE_END = set("的和与及并或对把被在为从向以将等之")
NO_CLAUSE_START = set("的之")
MID_SENTENCE = set("，、：,:（《“")  # no cell ends with these
SENTENCE_END = set("。；;！？!?")
OPENING = 2  # characters: how a cell opens
SPLIT_SHARE = 0.3  # of a document's page breaks with text running on: its rows break
SEEN = 2  # other cells of the column that open so: the line below opens a new cell
SPAN = 4  # characters either side of the break given to the segmenter


@cache
def _segmenter():
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def runs_on(before: str, after: str) -> bool:
    """Whether the text ``after`` (the first line below a page break) continues ``before``
    (the last line above it) rather than starting anew."""
    before, after = before.strip(), after.strip()
    if not before or not after:
        return False
    if len(after) >= 2 and after[1] in NO_LINE_START or after[0] in NO_LINE_START:
        return True
    if before[-1] in NO_CLAUSE_END or before[-1] in MID_SENTENCE or after[0] in NO_CLAUSE_START:
        return True
    a, b = before[-SPAN:], after[:SPAN]
    pos = 0
    for w in _segmenter().cut(a + b):
        if pos < len(a) < pos + len(w):
            return True
        pos += len(w)
    return False


def opening(text: str) -> str:
    return text.strip()[:OPENING]


def text_goes_on(before: str, after: str, openings: Counter, splits: bool = True) -> bool:
    """Whether ``after`` continues ``before`` over a closed page break; ``openings``: how
    the column's other cells in the document open; ``splits``: whether this document's
    printer breaks rows across pages at all (the answer when the text says nothing)."""
    before, after = before.strip(), after.strip()
    if not before or not after:
        return False
    if runs_on(before, after):
        return True
    if before[-1] in SENTENCE_END:
        return False
    return splits and openings[opening(after)] < SEEN


def splits_rows(breaks: list[tuple[str, str]]) -> bool:
    """Whether a document's printer breaks rows across pages, from the (last line above,
    first line below) of its page breaks' full one-row cells: a printer that does shows
    text running on (a word or a pulled character over the break) at a good share of
    them; one that keeps rows whole (Word's "allow row to break" off) almost never."""
    if not breaks:
        return True
    hits = sum(runs_on(a, b) for a, b in breaks)
    return hits >= SPLIT_SHARE * len(breaks)
