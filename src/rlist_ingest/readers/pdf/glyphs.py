"""Characters as a PDF's text layer gives them, to the text a reader sees.

PDF printers map a glyph back to a code point through the font's character map, and a
CJK font draws 工 and the Kangxi radical ⼯ with one glyph: Chromium's PDFs give the
radical (⼯⾏⼈⻔⻛⺠…, about one CJK character in ten here). :func:`fold` maps the
Kangxi Radicals, CJK Radicals Supplement and CJK Strokes code points to the unified
ideograph Unicode names as equivalent (``EquivalentUnifiedIdeograph.txt``, shipped
beside this module with its source), and CJK compatibility ideographs to their canonical
ideograph. NFKC would not do: it leaves 126 of the 128 supplement radicals alone and maps
only through compatibility decompositions. One correction comes on top of the Unicode
data, for lists printed in simplified-Chinese fonts: Noto Sans CJK SC draws ⼾ (U+2F3E)
with the glyph of 户 (U+6237), not of 戶, the ideograph Unicode names
(``SIMPLIFIED_FONT_FOLDS``: the radicals whose glyph that font shares with another
ideograph than Unicode's, found from its cmap; the two others it lists map to rare
extension-B forms and are left to Unicode's choice). Latin ligatures (ﬁ in a URL in a
running footer) are folded to their letters.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

_DATA = Path(__file__).with_name("EquivalentUnifiedIdeograph.txt")
SIMPLIFIED_FONT_FOLDS = {0x2F3E: 0x6237}  # ⼾ -> 户


@cache
def fold_table() -> dict[int, str]:
    """Code point -> the ideograph it folds to (for :meth:`str.translate`)."""
    table: dict[int, str] = {}
    for raw in _DATA.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        cps, target = (p.strip() for p in line.split(";"))
        lo, _, hi = cps.partition("..")
        for cp in range(int(lo, 16), int(hi or lo, 16) + 1):
            table[cp] = chr(int(target, 16))
    for cp, target in SIMPLIFIED_FONT_FOLDS.items():
        table[cp] = chr(target)
    for cp in [*range(0xF900, 0xFB00), *range(0x2F800, 0x2FA20)]:
        nfc = unicodedata.normalize("NFC", chr(cp))
        if nfc != chr(cp):
            table[cp] = nfc
    for cp in range(0xFB00, 0xFB07):  # Latin ligatures a printer's font maps back as one glyph (ﬁ)
        table[cp] = unicodedata.normalize("NFKC", chr(cp))
    return table


def fold(text: str) -> str:
    """``text`` with radicals, strokes and compatibility ideographs folded to unified ideographs."""
    return text.translate(fold_table())


def needs_fold(ch: str) -> bool:
    o = ord(ch[0])
    return 0x2E80 <= o <= 0x2FDF or 0x31C0 <= o <= 0x31EF or 0xF900 <= o <= 0xFB06 or 0x2F800 <= o <= 0x2FA1F
