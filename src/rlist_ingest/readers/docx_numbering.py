"""Word's automatic numbering, rendered as the reader sees it printed.

Headings 一、, regimes （一） and clauses 1、 are often not text in a .docx but list
numbering (``w:numPr`` on the paragraph or on its style): without it a regime would lose
its label and could not be read. ``word/numbering.xml`` gives each list level a format
(``w:numFmt``: decimal, chineseCounting…), a pattern (``w:lvlText`` such as ``（%1）``)
and a start; counters run per list (``w:numId``), and a level resets the levels below it.
"""

from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "零一二三四五六七八九"
_TRAD = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (for n < 10000)."""
    if n <= 0 or n >= 10000:
        return str(n)
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return _CN[n // 100] + "百" + ("" if not rest else ("零" + _CN[rest] if rest < 10 else
                                                          chinese(rest) if rest >= 20 else "一" + chinese(rest)))
    rest = n % 1000
    return _CN[n // 1000] + "千" + ("" if not rest else ("零" if rest < 100 else "") + chinese(rest))


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                 (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + s, n - v
    return out


def _letter(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def fmt(n: int, kind: str) -> str:
    """A counter in a ``w:numFmt`` format."""
    if kind in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographLegalTraditional",
                "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting"):
        return chinese(n)
    if kind in ("ideographTraditional", "ideographZodiac") and 1 <= n <= 10:
        return _TRAD[n - 1]
    if kind == "decimalEnclosedCircle" and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if kind == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if kind == "decimalZero":
        return f"{n:02d}"
    if kind in ("upperRoman", "lowerRoman"):
        r = _roman(n)
        return r if kind == "upperRoman" else r.lower()
    if kind in ("upperLetter", "lowerLetter"):
        s = _letter(n)
        return s if kind == "upperLetter" else s.lower()
    if kind == "none":
        return ""
    return str(n)


class Numbering:
    """The numbering of one document: :meth:`label` gives a paragraph's printed number."""

    def __init__(self, numbering_root, styles_root):
        self.levels: dict[str, dict[int, tuple[int, str, str, str]]] = {}  # numId -> ilvl -> (start, fmt, text, suff)
        self.counters: dict[str, dict[int, int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        if numbering_root is not None:
            abstract = {a.get(f"{W}abstractNumId"): a for a in numbering_root.findall(f"{W}abstractNum")}
            for num in numbering_root.findall(f"{W}num"):
                aid = num.find(f"{W}abstractNumId")
                a = abstract.get(aid.get(f"{W}val")) if aid is not None else None
                if a is None:
                    continue
                lv = {}
                for lvl in a.findall(f"{W}lvl"):
                    lv[_int(lvl.get(f"{W}ilvl"))] = (_int(_val(lvl, "start"), 1), _val(lvl, "numFmt") or "decimal",
                                                     _val(lvl, "lvlText") or "", _val(lvl, "suff") or "tab")
                for ov in num.findall(f"{W}lvlOverride"):
                    i = _int(ov.get(f"{W}ilvl"))
                    start = _val(ov, "startOverride")
                    if start is not None and i in lv:
                        lv[i] = (_int(start, 1), *lv[i][1:])
                self.levels[num.get(f"{W}numId")] = lv
        if styles_root is not None:
            for st in styles_root.findall(f"{W}style"):
                pr = st.find(f"{W}pPr/{W}numPr")
                if pr is not None and (nid := _val(pr, "numId")):
                    self.style_num[st.get(f"{W}styleId")] = (nid, _int(_val(pr, "ilvl")))

    def label(self, p) -> str:
        """The printed number of paragraph ``p`` (with the separator Word puts after it),
        or "" if it is not numbered; advances the list's counters."""
        ppr = p.find(f"{W}pPr")
        if ppr is None:
            return ""
        num = ppr.find(f"{W}numPr")
        nid, ilvl = None, 0
        if num is not None:
            nid, ilvl = _val(num, "numId"), _int(_val(num, "ilvl"))
        else:
            style = ppr.find(f"{W}pStyle")
            if style is not None and (hit := self.style_num.get(style.get(f"{W}val"))):
                nid, ilvl = hit
        lv = self.levels.get(nid or "")
        if not lv or ilvl not in lv:
            return ""
        counts = self.counters.setdefault(nid, {})
        counts[ilvl] = counts.get(ilvl, lv[ilvl][0] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        start, kind, text, suff = lv[ilvl]
        out = text
        for k in range(ilvl, -1, -1):  # %1 is level 0; every level above is at its current count
            if f"%{k + 1}" in out:
                n = counts.get(k, lv.get(k, (1,))[0])
                out = out.replace(f"%{k + 1}", fmt(n, lv[k][1] if k in lv else "decimal"))
        if kind == "bullet":
            return ""  # a bullet is no label
        sep = "" if suff == "nothing" or not out or not out[-1].isalnum() else " "
        return out + sep


def _val(el, name: str) -> str | None:
    x = el.find(f"{W}{name}")
    return None if x is None else x.get(f"{W}val")


def _int(v: str | None, default: int = 0) -> int:
    try:
        return int(v) if v is not None else default
    except ValueError:
        return default
