"""The structured cells of a power list, parsed: legal bases (实施依据, 责任事项依据) into
citations, 责任事项内容 into duties, 追责对象范围 and 追责情形 into lists.

Each parser takes a cell's text with its line breaks and returns plain dicts (the
assembler validates them as records). The rules are the national form's: a citation opens
with its kind in 【】 or its title in 《》, an article is 第X条 (第X款, 第X项), numbered
items are 1. 2. … or 一、二、… in sequence (a number out of sequence is text: 2.5万元),
duty headings end in 责任：. Line breaks help but are not needed: a dump that lost them
gives the same records.
"""

from __future__ import annotations

import regex

_CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUM = r"[零〇一二两三四五六七八九十百千\d]+"
_KIND = regex.compile(r"【\s*(\p{Han}[^【】]{0,15}?)\s*】")  # 【2023】 is a document number
_TITLE = regex.compile(r"《((?:[^《》]|《[^《》]*》)+)》")
# An article: 第十二条, 第十二条之一, 第十二条第二款第三项; in a list (第三十条、三十二条) the
# 第 of the later ones may be left out.
_ARTICLE = regex.compile(rf"(?:第|(?<=[、，,和及]))\s*({_NUM})\s*条(?:之[一二三四五六七八九十]+)?"
                         rf"(?:\s*第\s*{_NUM}\s*款)?(?:\s*第\s*{_NUM}\s*项)?")
_LABEL = regex.compile(r"(?:^|(?<=[\n；;。：:！？!?]))\s*(\d+|[一二三四五六七八九十]+)\s*[.．、](?!\d)")
_PAREN_LABEL = regex.compile(r"(?:^|(?<=[\n；;。：:]))\s*[（(](\d+|[一二三四五六七八九十]+)[）)]")
_HEADING = regex.compile(r"(?:^|(?<=[\n；;。]))\s*([\p{Han}]{2,10}责任)\s*[：:]")
_TRIM = "；;。，,、：: \t\n\u3000"


def cn_int(text: str) -> int | None:
    """A number in Arabic or Chinese numerals (十二, 一百零三, 23), or None."""
    t = "".join(text.split())
    if not t:
        return None
    if t.isdigit():
        return int(t)
    total, cur = 0, 0
    for ch in t:
        if ch in _CN:
            cur = _CN[ch]
        elif ch in _UNITS:
            total += (cur or 1) * _UNITS[ch]
            cur = 0
        else:
            return None
    return total + cur


def _in_sequence(matches, value) -> list:
    """The label matches that count 1, 2, 3… in order (others are text)."""
    out, want = [], 1
    for m in matches:
        n = cn_int(value(m))
        if n == want:
            out.append(m)
            want += 1
    return out


def _pieces(text: str) -> list[tuple[str | None, str]]:
    """(label, text) of each numbered piece; text before the first label has label None."""
    marks = _in_sequence(_LABEL.finditer(text), lambda m: m[1])
    if len(marks) < 1:
        marks = _in_sequence(_PAREN_LABEL.finditer(text), lambda m: m[1])
    out: list[tuple[str | None, str]] = []
    pos = 0
    for k, m in enumerate(marks):
        if k == 0 and text[:m.start()].strip(_TRIM):
            out.append((None, text[:m.start()]))
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        out.append((m[1], text[m.end():end]))
        pos = end
    if not marks:
        out.append((None, text))
    elif pos < len(text) and text[pos:].strip(_TRIM):
        out.append((None, text[pos:]))
    return [(lab, _flat(t)) for lab, t in out if _flat(t)]


def _flat(text: str) -> str:
    """A piece's text on one line, without the separators around it."""
    return "".join(ln.strip() for ln in text.split("\n")).strip(_TRIM)


def split_citations(text: str) -> list[dict]:
    """Citations of a legal-basis cell: per law, one dict per article cited (kind, title,
    edition, article, article_no, text); a law cited without an article gives one dict
    with article None."""
    starts = [m.start() for m in _KIND.finditer(text)]
    if not starts:  # no 【kind】: each 《title》 that opens a line or follows a label opens one
        starts = [m.start() for m in regex.finditer(r"(?:^|(?<=\n)|(?<=[；;。]))\s*(?:\d+[.．、])?\s*《", text)]
    if not starts or text[:starts[0]].strip(_TRIM):
        starts = [0] + starts
    out: list[dict] = []
    for k, s in enumerate(starts):
        seg = text[s:starts[k + 1] if k + 1 < len(starts) else len(text)]
        if seg.strip(_TRIM):
            out.extend(_citation(seg))
    return out


def _citation(seg: str) -> list[dict]:
    kind = _KIND.search(seg)
    title = _TITLE.search(seg)
    head = {"kind": "".join(kind[1].split()) if kind else None, "title": "".join(title[1].split()) if title else None,
            "edition": None}
    rest = seg[title.end():] if title else seg[kind.end():] if kind else seg
    if title:
        m = regex.match(r"\s*([（(](?:[^（）()]|[（(][^（）()]*[）)])*[）)])", rest)
        if m:
            head["edition"] = _flat(m[1])
            rest = rest[m.end():]
    arts = list(_ARTICLE.finditer(rest))
    # An article opens a quotation when a colon follows it; articles listed with 、 share
    # none. A 第X条 inside a quotation (依照本法第五条) is text, not a new citation.
    quoted = [a for a in arts if regex.match(r"\s*[：:]", rest[a.end():])
              or (regex.search(r"(?:^|\n)[ \t\u2002\u3000]*$", rest[:a.start()])
                  and regex.match(r"[ \t\u2002\u3000]+\p{Han}", rest[a.end():]))]
    if quoted:
        keep, out = [a for a in arts if a.start() < quoted[0].start()], []
        for a in keep:
            out.append({**head, "article": _flat(a[0]), "article_no": cn_int(a[1]), "text": None})
        for k, a in enumerate(quoted):
            end = quoted[k + 1].start() if k + 1 < len(quoted) else len(rest)
            body = regex.sub(r"^[\s\u2002]*[：:]?", "", rest[a.end():end])
            out.append({**head, "article": _flat(a[0]), "article_no": cn_int(a[1]), "text": _flat(body) or None})
        return out
    if arts:
        return [{**head, "article": _flat(a[0]), "article_no": cn_int(a[1]), "text": None} for a in arts]
    body = _flat(rest)
    if not (head["title"] or head["kind"]) and not body:
        return []
    return [{**head, "article": None, "article_no": None, "text": body or None}]


def split_duties(text: str) -> list[dict]:
    """Duties of a 责任事项内容 cell: (heading, label, text) per numbered item; a heading
    (直接实施责任：) applies to the items after it."""
    heads = list(_HEADING.finditer(text))
    bounds = [(m.start(), m.end(), "".join(m[1].split())) for m in heads]
    chunks = []
    if not bounds or text[:bounds[0][0]].strip(_TRIM):
        chunks.append((None, text[:bounds[0][0]] if bounds else text))
    for k, (_, end, name) in enumerate(bounds):
        chunks.append((name, text[end:bounds[k + 1][0] if k + 1 < len(bounds) else len(text)]))
    out = []
    # Numbering may run on across headings (1. 2. under one, 3. 4. under the next).
    labels = _in_sequence(_LABEL.finditer(text), lambda m: m[1])
    starts = {m.start() for m in labels}
    for name, chunk in chunks:
        offset = text.find(chunk) if chunk else -1
        cut = [m for m in _LABEL.finditer(chunk) if offset + m.start() in starts] if offset >= 0 else []
        if not cut:
            if _flat(chunk):
                out.append({"heading": name, "label": None, "text": _flat(chunk)})
            continue
        if _flat(chunk[:cut[0].start()]):
            out.append({"heading": name, "label": None, "text": _flat(chunk[:cut[0].start()])})
        for k, m in enumerate(cut):
            body = _flat(chunk[m.end():cut[k + 1].start() if k + 1 < len(cut) else len(chunk)])
            if body:
                out.append({"heading": name, "label": m[1], "text": body})
    return out


def split_parties(text: str) -> list[dict]:
    """Accountable parties of a 追责对象范围 cell, one per numbered item (or per 、/；
    separated name when the cell numbers none)."""
    pieces = _pieces(text)
    if len(pieces) == 1 and pieces[0][0] is None:
        names = [p.strip(_TRIM) for p in regex.split(r"[；;、\n]", text) if p.strip(_TRIM)]
        if len(names) > 1 and all(len(n) <= 24 for n in names):
            return [{"kind": "party", "label": None, "text": n} for n in names]
    return [{"kind": "party", "label": lab, "text": t} for lab, t in pieces]


def split_cases(text: str) -> list[dict]:
    """Accountability cases of a 追责情形 cell: the lead-in (因不履行…的责任：) as ``intro``,
    then one ``case`` per numbered item."""
    out = []
    for lab, t in _pieces(text):
        kind = "intro" if lab is None and not out else "case"
        out.append({"kind": kind, "label": lab, "text": t})
    return out
