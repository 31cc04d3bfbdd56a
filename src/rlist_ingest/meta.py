"""Document metadata: title, department and region.

The department comes from 部门名称/单位名称 lines (most frequent full name wins, since
headers often abbreviate it). When the title omits the region (``县人力资源和社会保障局责任清单``),
the region is read from the body, where the department names itself (``任县人社局认定的…``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

import regex

from .grammar import Grammar
from .source import Source

_HAN = regex.compile(r"\p{Han}")


@dataclass
class Meta:
    title: str | None = None
    title_line: int | None = None
    department: str | None = None
    region: str | None = None
    year: int | None = None
    lines: set[int] = field(default_factory=set)


def _clean_name(name: str, g: Grammar) -> str:
    for pat in g.meta.department_noise:
        name = regex.sub(pat, "", name)
    return name.strip()


def region_of(prefix: str, g: Grammar) -> str | None:
    """The county-level unit at the end of a place prefix: '怀化市洪江区' -> '洪江区'."""
    suffixes = sorted(set(g.meta.region_suffixes + g.meta.higher_suffixes), key=len, reverse=True)
    units = regex.findall(r"\p{Han}+?(?:" + "|".join(map(regex.escape, suffixes)) + ")", prefix)
    if not units or "".join(units) != prefix:
        return None
    for u in reversed(units):
        if any(u.endswith(s) for s in g.meta.region_suffixes) and len(u) >= 2:
            return u
    return None


def branch_region(name: str, g: Grammar) -> str | None:
    """The county of a higher unit's branch: '襄阳市生态环境局南漳分局' -> '南漳县'. The
    branch's place stands between the parent's name (ending like a department: 局, 委…) and
    a branch ending (分局, 分中心…); a place printed without its level (南漳) is looked up in
    the gazetteer among the counties of the parent's city."""
    suffix = next((s for s in g.meta.branch_suffixes if name.endswith(s)), None)
    if suffix is None:
        return None
    head = name[:-len(suffix)]
    from .gazetteer import load_gazetteer

    gaz = load_gazetteer()
    for size in range(2, 6):
        parent, place = head[:-size], head[-size:]
        if len(parent) < 3 or not g.ends_with_any(parent, g.cells.department_suffixes):
            continue
        near = next((u for u in regex.findall(r"\p{Han}+?[省市州盟]", parent[:6])), None)
        for cand in [place] + [place + s for s in g.meta.region_suffixes]:
            hit = gaz.lookup(cand, near)
            if hit is not None and hit.level == "county":
                return hit.name
    return None


def split_department(name: str, g: Grammar, stems: list[str] = ()) -> tuple[str | None, str | None]:
    """(region, stem) of a department name: '新河县人社局' -> ('新河县', '人社局').

    The region is the longest leading run of administrative units ending in a county-level
    unit; known stems help when the name is glued to other text. A higher unit's county
    branch (…局南漳分局) is in the branch's county."""
    if (r := branch_region(name, g)) is not None:
        return r, name
    for stem in [*stems, *g.meta.department_stems]:
        i = name.find(stem)
        if i > 0:
            return region_of(name[:i], g), stem
    for k in range(len(name) - 1, 1, -1):
        r = region_of(name[:k], g)
        if r and name[:k].endswith(r):
            return r, name[k:] or None
    return None, None


def region_from_body(src: Source, g: Grammar, stems: list[str] = ()) -> str | None:
    """Most likely region: places printed right before a department stem in the body,
    counting only those that start at a word edge (line start or after a non-Han char)."""
    strong, total = Counter(), Counter()
    suffixes = g.meta.region_suffixes
    for t in src.keys:
        for stem in [*stems, *g.meta.department_stems]:
            i = t.find(stem)
            while i >= 0:
                for k in range(2, 9):
                    if i - k < 0:
                        break
                    cand = t[i - k:i]
                    if not all(_HAN.match(c) for c in cand):
                        break
                    if any(cand.endswith(s) for s in suffixes) and region_of(cand, g) == cand:
                        total[cand] += 1
                        if i - k == 0 or not _HAN.match(t[i - k - 1]):
                            strong[cand] += 1
                i = t.find(stem, i + 1)
    if not total:
        return None
    return max(total, key=lambda c: (strong[c], total[c], -len(c)))


def _line_matches(pattern: str, keys: list[str], text: str, starts: list[int]):
    """(line number, match) of each line of ``keys`` that ``pattern`` matches from its
    start, as ``regex.match(pattern, key)`` would. Lines are found by searching the joined
    keys (one C-level scan instead of a Python call per line) and each hit is confirmed on
    its own line, so a pattern that could run on past a line end finds nothing extra."""
    joined, own = regex.compile(pattern, regex.MULTILINE), regex.compile(pattern)
    pos = 0
    while (m := joined.search(text, pos)) is not None:
        n = bisect_right(starts, m.start())  # 1-based line of the hit
        if m.start() == starts[n - 1] and (hit := own.match(keys[n - 1])):
            yield n, hit
        if n >= len(keys):
            break
        pos = starts[n]  # on from the next line's start


def read_meta(src: Source, g: Grammar, first_section_line: int) -> Meta:
    """Find title and department lines; the lines used are returned in ``Meta.lines``."""
    meta = Meta()
    keys = src.keys
    title_pat = regex.compile(g.meta.title)
    for n in range(1, min(first_section_line, len(keys) + 1)):
        if keys[n - 1] and (m := title_pat.match(keys[n - 1])):
            meta.title, meta.title_line = keys[n - 1], n
            meta.lines.add(n)
            break
    text = "\n".join(keys)
    starts = [0]
    for k in keys[:-1]:
        starts.append(starts[-1] + len(k) + 1)
    # Per line the first pattern that matches wins; names are counted in line order
    # (ties between equally frequent names go to the first seen).
    found: dict[int, str] = {}
    for pattern in g.meta.department_lines:
        for n, m in _line_matches(pattern, keys, text, starts):
            if n != meta.title_line and n not in found:
                found[n] = m.group(1)
    names: Counter[str] = Counter()
    for n in sorted(found):
        names[_clean_name(found[n], g)] += 1
        meta.lines.add(n)
    if names:
        best = max(names, key=lambda k: (names[k], len(k)))
        meta.department = best
        meta.region, _ = split_department(best, g)
    title_dept, title_stem = None, None
    if meta.title:
        title_dept = _clean_name(title_pat.match(meta.title).group(1), g)
        r, _ = split_department(title_dept, g)
        if meta.department is None and r:
            meta.department, meta.region = title_dept, r
        elif meta.department and meta.region is None and r and title_dept.endswith(meta.department.lstrip("市县区")):
            # 部门名称：市机关事务管理局 under the title 克拉玛依市机关事务管理局…: the title's full name.
            meta.department, meta.region = title_dept, r
        # A title that lost its place name ('县人力资源和社会保障局') still names the stem.
        title_stem = title_dept.lstrip("".join(g.meta.region_suffixes)) or None
    if meta.region is None:
        stems = [title_stem] if title_stem else []
        meta.region = region_from_body(src, g, stems)
        if meta.region and meta.department is None and title_stem:
            meta.department = meta.region + title_stem
    # The year: the title's, else the file name's (附件：…2024年权责清单.xls).
    for text in (meta.title or "", src.name):
        if (m := g.re_year.search(text)) is not None:
            meta.year = int(m[1])
            break
    if meta.title is None and meta.department is None and (m := title_pat.match(_stem(src.name))):
        name = _clean_name(m.group(1), g)
        r, _ = split_department(name, g)
        meta.department, meta.region = name or None, meta.region or r
    return meta


def _stem(name: str) -> str:
    """A file name without its folders, suffix and a copy's ' (1)'."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = base.rsplit(".", 1)[0] if "." in base else base
    return regex.sub(r"\s*[(（]\d+[)）]$", "", base)
