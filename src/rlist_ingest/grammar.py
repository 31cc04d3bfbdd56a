"""Layout grammars: data files describing headings, column headers and numbering schemes.

A grammar is a TOML file validated into :class:`Grammar` (unknown keys are errors), so a
new heading or column-header variant is an edit to ``grammars/*.toml`` rather than code.
"""

from __future__ import annotations

import os
import tomllib
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, field_validator

SectionKind = Literal["duties", "boundaries", "regimes", "services", "powers"]
TableKind = Literal["duties", "boundaries", "services", "powers"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_patterns(v):
    for p in [v] if isinstance(v, str) else v:
        regex.compile(p)
    return v


class Numbering(_Strict):
    cn_digits: str
    section_label: str
    regime_label: str
    part_label: str
    clause_labels: list[str]
    toc_min_labels: int = 2

    _v = field_validator("section_label", "regime_label", "part_label", "clause_labels")(_check_patterns)


class SectionRule(_Strict):
    kind: SectionKind
    headings: list[str]


class TableRule(_Strict):
    required: list[str]
    columns: dict[str, list[str]]
    # Columns whose cells are merged over a group of rows (序号, 主要职责): a PDF printed
    # with columns in place shows them once per group (extractors/pdf_aligned.py).
    merged: list[str] = []
    # A header cell merged over two columns names two fields (实施层级及权限: level, then
    # scope): field -> the field of the column after it when the header leaves that empty.
    continued: dict[str, str] = {}


class Meta(_Strict):
    department_lines: list[str]
    title: str
    region_suffixes: list[str]
    higher_suffixes: list[str]
    department_stems: list[str]
    branch_suffixes: list[str] = []
    department_noise: list[str] = []
    # The list's year in a title or file name (2024年); group 1 is the year.
    year: str = r"((?:19|20)\d{2})年度?"

    _v = field_validator("department_lines", "title", "department_noise", "year")(_check_patterns)


class Cells(_Strict):
    office_suffixes: list[str]
    department_suffixes: list[str]
    weak_unit_ends: list[str] = []
    basis_start: str
    sentence_end: str

    _v = field_validator("basis_start", "sentence_end")(_check_patterns)


class Furniture(_Strict):
    page_number: list[str] = []

    _v = field_validator("page_number")(_check_patterns)


class Powers(_Strict):
    # 权力类型 spellings -> the national category they name.
    type_synonyms: dict[str, str] = {}
    # Administrative levels that open a 实施层级 text (地州市级, 县市区级): the places before 级.
    level_places: list[str] = []


class Matching(_Strict):
    ambiguous_first_chars: str = ""
    level_words: list[tuple[str, str]] = []


class Grammar(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    numbering: Numbering
    sections: list[SectionRule]
    tables: dict[TableKind, TableRule]
    meta: Meta
    cells: Cells
    matching: Matching = Matching()
    furniture: Furniture = Furniture()
    powers: Powers = Powers()

    # Compiled forms, built once per grammar.
    @cached_property
    def re_section_label(self) -> regex.Pattern:
        return regex.compile(self.numbering.section_label)

    @cached_property
    def re_regime_label(self) -> regex.Pattern:
        return regex.compile(self.numbering.regime_label)

    @cached_property
    def heading_kinds(self) -> dict[str, str]:
        """Section heading text -> section kind."""
        return {h: rule.kind for rule in self.sections for h in rule.headings}

    @cached_property
    def re_regime_label_any(self) -> regex.Pattern:
        return regex.compile(self.numbering.regime_label.lstrip("^"))

    @cached_property
    def re_part_label(self) -> regex.Pattern:
        return regex.compile(self.numbering.part_label)

    @cached_property
    def re_clause_labels(self) -> list[regex.Pattern]:
        return [regex.compile(p) for p in self.numbering.clause_labels]

    @cached_property
    def re_basis_start(self) -> regex.Pattern:
        return regex.compile(self.cells.basis_start)

    @cached_property
    def re_page_number(self) -> regex.Pattern | None:
        ps = self.furniture.page_number
        return regex.compile("|".join(f"(?:{p})" for p in ps)) if ps else None

    @cached_property
    def re_power_level(self) -> regex.Pattern:
        places = "|".join(map(regex.escape, sorted(self.powers.level_places, key=len, reverse=True))) or "(?!)"
        return regex.compile(rf"(?:{places})(?:[、/／和及]?(?:{places}))*(?:本)?级")

    @cached_property
    def re_year(self) -> regex.Pattern:
        return regex.compile(self.meta.year)

    @cached_property
    def re_sentence_end(self) -> regex.Pattern:
        return regex.compile(self.cells.sentence_end)

    @cached_property
    def _header_index(self) -> dict[str, dict[str, str]]:
        # name -> field per table kind; the first field listing a name wins.
        index: dict[str, dict[str, str]] = {}
        for kind, rule in self.tables.items():
            names = index[kind] = {}
            for field, synonyms in rule.columns.items():
                for n in synonyms:
                    names.setdefault(n, field)
        return index

    @cached_property
    def header_names(self) -> frozenset[str]:
        """Every column-header name of every table kind (whitespace removed)."""
        return frozenset(n for names in self._header_index.values() for n in names)

    @cached_property
    def header_name_prefixes(self) -> frozenset[str]:
        """The first two characters of every column-header name."""
        return frozenset(n[:2] for n in self.header_names)

    def header_field(self, table: TableKind, cell: str) -> str | None:
        """Canonical field name of a column-header cell, or None if the cell is not a header."""
        return self._header_index[table].get("".join(cell.split()))

    @cached_property
    def continued_names(self) -> frozenset[str]:
        """Header names of fields whose merged header cell spans a second column (实施层级及权限)."""
        return frozenset(n for kind, rule in self.tables.items() for f in rule.continued
                         for n in rule.columns.get(f, []))

    def is_header_name(self, cell: str) -> bool:
        """True if the cell names a column of some table kind."""
        return "".join(cell.split()) in self.header_names

    def header_fields(self, cells: list[str]) -> tuple[TableKind, list[str | None]] | None:
        """Recognise a header row: the table kind and each cell's field, or None."""
        best = None
        for kind, rule in self.tables.items():
            fields = [self.header_field(kind, c) for c in cells]
            for i in range(1, len(fields)):  # the empty second column of a merged header cell
                if fields[i] is None and not cells[i].strip() and fields[i - 1] in rule.continued:
                    fields[i] = rule.continued[fields[i - 1]]
            known = [f for f in fields if f]
            # The required columns and most of the header known: a header may name columns
            # the grammar does not know (办理时限, 监督电话).
            if all(r in known for r in rule.required) and len(known) >= 2 and 2 * len(known) > len(cells):
                score = len(known)
                if best is None or score > best[0]:
                    best = (score, kind, fields)
        return None if best is None else (best[1], best[2])

    def ends_with_any(self, text: str, suffixes: list[str]) -> bool:
        # One C call: a generator over the suffixes cost 1.4% of ingest.
        return text.endswith(tuple(suffixes))


def grammar_dir() -> Path:
    """Where grammar files live: $RLIST_GRAMMAR_DIR, else the package's ``grammars/`` (the
    repository's top-level ``grammars/`` links there, so a checkout and an installed wheel
    read the same files)."""
    env = os.environ.get("RLIST_GRAMMAR_DIR")
    return Path(env) if env else Path(__file__).parent / "grammars"


def load_grammar_file(path: Path) -> Grammar:
    """Load and validate one grammar file; raises pydantic.ValidationError on a bad file."""
    with open(path, "rb") as fh:
        return Grammar.model_validate(tomllib.load(fh))


@lru_cache(maxsize=8)
def load_grammar(name: str = "default") -> Grammar:
    """The named grammar from :func:`grammar_dir`, cached."""
    return load_grammar_file(grammar_dir() / f"{name}.toml")
