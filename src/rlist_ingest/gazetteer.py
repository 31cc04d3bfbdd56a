"""China's administrative divisions, from the adcode table that the ``cpca`` package ships.

Only cpca's data file is read (the package itself would import pandas). Each name has a
12-digit adcode; the first 2 digits give the province and the first 4 the city, so a
county-level region maps to its province and city (任县 -> 河北省, 邢台市).
"""

from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Division names that are also ordinary words in these texts.
GENERIC = {"城区", "郊区", "矿区", "新区", "市区", "市中区", "开发区", "高新区"}
LEVELS = ("province", "city", "county")


@dataclass(frozen=True)
class Place:
    name: str
    adcode: str
    level: str  # province | city | county

    @property
    def province_code(self) -> str:
        return self.adcode[:2] + "0" * 10

    @property
    def city_code(self) -> str:
        return self.adcode[:4] + "0" * 8


class Gazetteer:
    """Name and code lookups over the division table."""

    def __init__(self, rows: list[tuple[str, str]]):
        self.by_code: dict[str, Place] = {}
        self.by_name: dict[str, list[Place]] = {}
        for code, name in rows:
            code = code.ljust(12, "0")
            level = "province" if code[2:] == "0" * 10 else "city" if code[4:] == "0" * 8 else "county"
            place = Place(name, code, level)
            self.by_code[code] = place
            self.by_name.setdefault(name, []).append(place)
        # Every division name ends in one of a few level characters (县, 区, 市, 旗, 州, 省…),
        # so names are found backwards from those characters: a handful of C-level
        # str.find calls and set lookups per text. pyahocorasick's leftmost-longest
        # search did the same in 4-16x the time (a 3,177-name automaton over CJK text),
        # and was a sixth of a worker's instructions; a regex of the names was slower still.
        self.names = {n for n in self.by_name if len(n) >= 2 and n not in GENERIC}
        lengths: dict[str, set[int]] = {}
        for n in self.names:
            lengths.setdefault(n[-1], set()).add(len(n))
        self.ends = [(c, sorted(ls, reverse=True)) for c, ls in sorted(lengths.items())]

    def lookup(self, name: str | None, near: str | None = None) -> Place | None:
        """The place called ``name``; with several, the one inside ``near`` (a city or
        province name) if given, else the first."""
        cands = self.by_name.get(name or "", [])
        if near and len(cands) > 1:
            for p in cands:
                up = {self.by_code.get(p.city_code), self.by_code.get(p.province_code)}
                if any(u is not None and u.name == near for u in up):
                    return p
        return cands[0] if cands else None

    def province_city(self, region: str | None, text: str = "") -> tuple[str | None, str | None]:
        """Province and city of a county-level region. A region the table lacks (such as a
        management district) is placed by a city printed right before it in ``text``."""
        p = self.lookup(region)
        if p is None and region and text:
            start = text.find(region)
            while start >= 0:
                before = text[max(0, start - 8):start]
                for k in range(len(before)):
                    city = self.lookup(before[k:])
                    if city is not None and city.level == "city":
                        prov = self.by_code.get(city.province_code)
                        return (prov.name if prov else None), city.name
                start = text.find(region, start + 1)
            return None, None
        if p is None:
            return None, None
        prov = self.by_code.get(p.province_code)
        city = self.by_code.get(p.city_code) if p.level == "county" else p if p.level == "city" else None
        return (prov.name if prov else None), (city.name if city else None)

    def level(self, name: str) -> str | None:
        cands = self.by_name.get(name)
        return cands[0].level if cands else None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of division names in ``text``: leftmost-longest, no overlaps."""
        names, hits = self.names, []
        for last, lengths in self.ends:
            j = text.find(last)
            while j >= 0:
                end = j + 1
                for n in lengths:
                    if n <= end and text[end - n:end] in names:
                        hits.append((end - n, -n))
                j = text.find(last, end)
        if not hits:
            return []
        hits.sort()  # by start, the longest first
        out, pos = [], 0
        for start, neg in hits:
            if start >= pos:
                pos = start - neg
                out.append((start, pos, text[start:pos]))
        return out

    def mentions(self, text: str) -> list[str]:
        """Division names in ``text``, in order."""
        return [name for _, _, name in self.find(text)]


def _data_file() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca package (gazetteer data) is not installed: pip install cpca")
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv"


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer from cpca's bundled adcodes.csv, cached."""
    with open(_data_file(), encoding="utf-8") as fh:
        rows = [(r["adcode"], r["name"]) for r in csv.DictReader(fh)]
    return Gazetteer(rows)
