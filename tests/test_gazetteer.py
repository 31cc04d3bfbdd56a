"""Place-name search: leftmost-longest, non-overlapping matches of gazetteer names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rlist_ingest.gazetteer import Gazetteer, load_gazetteer

# A toy table with the awkward cases: names that are prefixes, suffixes and overlaps of
# each other, and one that does not end in a level character.
ROWS = [("130000", "河北省"), ("130500", "邢台市"), ("130526", "任县"), ("130530", "新河县"),
        ("130531", "河县"), ("130532", "新河"), ("431202", "洪江区"), ("431281", "洪江市"),
        ("460300", "三沙市"), ("460321", "西沙群岛"), ("152900", "阿拉善盟")]
TOY = Gazetteer(ROWS)
PIECES = sorted({n for _, n in ROWS} | {"县", "市", "的", "全", "人社局", "新", "江", "沙"})


def brute_force(gaz: Gazetteer, text: str) -> list[tuple[int, int, str]]:
    """The definition: from the left, the longest name starting at each free position."""
    out, i = [], 0
    while i < len(text):
        n = next((n for n in range(len(text) - i, 1, -1) if text[i:i + n] in gaz.names), 0)
        if n:
            out.append((i, i + n, text[i:i + n]))
            i += n
        else:
            i += 1
    return out


@pytest.mark.parametrize(("text", "expected"), [
    ("新河县人社局", ["新河县"]),  # longest at the leftmost start, not 新河 or 河县
    ("河北省邢台市任县", ["河北省", "邢台市", "任县"]),
    ("洪江市洪江区", ["洪江市", "洪江区"]),
    ("西沙群岛与三沙市", ["西沙群岛", "三沙市"]),
    ("阿拉善盟", ["阿拉善盟"]),
    ("全县", []),
    ("", []),
])
def test_find_labelled(text, expected):
    assert [name for _, _, name in TOY.find(text)] == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_find_is_leftmost_longest(pieces):
    text = "".join(pieces)
    assert TOY.find(text) == brute_force(TOY, text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["新河县", "任县", "邢台市", "河北省", "西藏自治区", "县", "人社局", "巨鹿县",
                                 "南宫市", "的", "宁晋县", "晋县"]), max_size=10))
def test_find_is_leftmost_longest_on_the_real_table(pieces):
    gaz = load_gazetteer()
    text = "".join(pieces)
    assert gaz.find(text) == brute_force(gaz, text)

