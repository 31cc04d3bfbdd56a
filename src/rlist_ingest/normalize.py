"""Match keys: the form of a text used to compare records across counties.

Full-width and half-width forms are folded (NFKC), whitespace (including PDF spacing) is
removed, the document's own region and every other division name in the gazetteer become
a placeholder of its level (〔县〕〔市〕〔省〕), and level words (全县/全区) are folded, so that
two counties' copies of one template compare equal.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from .gazetteer import Gazetteer
from .grammar import Grammar

PLACEHOLDER = {"county": "〔县〕", "city": "〔市〕", "province": "〔省〕"}
_WS = regex.compile(r"\s+")


class Normalizer:
    def __init__(self, gaz: Gazetteer, grammar: Grammar):
        self.gaz = gaz
        words = sorted(grammar.matching.level_words, key=lambda w: -len(w[0]))
        self.words = dict(words)
        self.word_re = regex.compile("|".join(regex.escape(w) for w, _ in words)) if words else None
        self.ambiguous = set(grammar.matching.ambiguous_first_chars)

    def _is_name(self, name: str) -> bool:
        return not (len(name) == 2 and name[0] in self.ambiguous)

    def _places(self, t: str) -> str:
        out, pos = [], 0
        for start, end, name in self.gaz.find(t):
            if self._is_name(name):
                out.append(t[pos:start])
                out.append(PLACEHOLDER.get(self.gaz.level(name), name))
                pos = end
        out.append(t[pos:])
        return "".join(out)

    def key(self, text: str, region: str | None = None) -> str:
        """Match key of ``text`` from a document of ``region``."""
        t = text or ""
        if region:
            # Replacing the region first makes copies of a template identical before the
            # costly steps, so the cache below serves most records of a large corpus.
            t = t.replace(region, PLACEHOLDER["county"])
        return self._key(t)

    @lru_cache(maxsize=1 << 18)  # noqa: B019 - one Normalizer per run; bounded
    def _key(self, text: str) -> str:
        t = _WS.sub("", unicodedata.normalize("NFKC", text))
        t = self._places(t)
        if self.word_re is not None:
            t = self.word_re.sub(lambda m: self.words[m.group(0)], t)
        return t

    def foreign(self, text: str, own: list[str]) -> list[str]:
        """Division names in ``text`` that are not the document's own region, city or
        province (e.g. the county a template was copied from)."""
        t = text or ""
        for name in own:  # callers pass them longest first
            t = t.replace(name, "〇")  # copies of a template now share one cache entry
        return self._mentions(t)

    @lru_cache(maxsize=1 << 18)  # noqa: B019 - one Normalizer per run; bounded
    def _mentions(self, text: str) -> list[str]:
        out = []
        for name in self.gaz.mentions(_WS.sub("", text)):
            if name not in out and self._is_name(name):
                out.append(name)
        return out
