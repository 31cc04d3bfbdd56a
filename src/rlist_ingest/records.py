"""Validated records: the data model every extractor produces and every writer consumes.

Field names of the canonical document JSON follow the gold annotations
(``source, region, department, responsibilities[].items[], boundaries[].parties[],
regimes[].parts[], services[]``); IDs and provenance are extra fields.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter

_sha256 = hashlib.sha256
# The name of the reader of a section (see extractors.EXTRACTORS): data, not schema, so
# that a new reader changes no record type.
Layout = str


def _is_none(v) -> bool:
    return v is None


def short_hash(text: str) -> str:
    """First 16 hex digits of the SHA-256 of ``text``."""
    return _sha256(text.encode("utf-8")).hexdigest()[:16]


def stable_id(*parts: object) -> str:
    """A short ID derived only from content and position, so reruns give the same IDs:
    the parts joined by U+001F, None as the empty string."""
    return short_hash("\x1f".join(["" if p is None else p if type(p) is str else str(p) for p in parts]))


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a record came from: file name and the first and last source line (1-based).

    A plain dataclass checked in ``__post_init__``: every record has one, and building a
    pydantic model per record was a tenth of ingest time. pydantic validates it as a field
    of the records (types from JSON, unknown keys refused) and calls the same check."""

    __pydantic_config__ = ConfigDict(extra="forbid")
    source: str
    line_first: int
    line_last: int

    def __post_init__(self):
        if not 1 <= self.line_first <= self.line_last:
            raise ValueError(f"expected 1 <= line_first <= line_last, got {self.line_first}..{self.line_last}")


class _Record(BaseModel):
    # Validated on construction; the extractors' later updates (provenance end, cluster
    # fields) are not re-validated, which was a fifth of ingest time.
    model_config = ConfigDict(extra="forbid")
    id: str = ""
    provenance: Provenance
    # Where in the original file, for formats with their own coordinates: sheet and cell
    # range (Sheet1!A5:E9), docx table and rows (t1 r3-r7), an HTML element path; the
    # provenance lines are then those of the rendered text (OUT/text/<stem>.txt). Left out
    # of the JSON for text input. On the record, not in Provenance: a field there made
    # validating every record a third slower.
    origin: Annotated[str | None, Field(exclude_if=_is_none)] = None


class ClusteredRecord(_Record):
    """A text-bearing record: its boilerplate cluster and foreign place mentions."""

    cluster_id: str | None = None
    cluster_similarity: float | None = None  # similarity of its text to the cluster's canonical text
    foreign_places: list[str] = Field(default_factory=list)  # division names other than the document's own region/city/province


# Non-empty and not only whitespace, checked by pydantic-core (a Python validator per
# record cost a tenth of ingest time).
NonEmpty = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]


class WorkItem(ClusteredRecord):
    text: NonEmpty
    office: str | None = None
    remark: str | None = None


class Responsibility(ClusteredRecord):
    seq: int | None = None
    seq_inferred: bool = False
    text: NonEmpty
    items: list[WorkItem] = Field(default_factory=list)


class BoundaryParty(ClusteredRecord):
    department: str
    duty: str | None = None
    basis: str | None = None


class Boundary(_Record):
    seq: int | None = None
    matter: str | None = None
    basis: str | None = None
    case: str | None = None
    parties: list[BoundaryParty] = Field(default_factory=list)


class Clause(ClusteredRecord):
    label: str | None = None
    text: NonEmpty


class RegimePart(ClusteredRecord):
    label: str
    heading: str
    clauses: list[Clause] = Field(default_factory=list)


class Regime(ClusteredRecord):
    seq_label: str
    title: NonEmpty
    preamble: list[Clause] = Field(default_factory=list)
    parts: list[RegimePart] = Field(default_factory=list)


class Service(ClusteredRecord):
    seq: int | None = None
    item: str
    content: str | None = None
    office: str | None = None
    phone: str | None = None


POWER_TYPES = ("行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查", "行政确认", "行政奖励",
               "行政裁决", "其他行政权力")
PowerType = Literal["行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查", "行政确认", "行政奖励",
                    "行政裁决", "其他行政权力"]


class Basis(_Record):
    """One citation parsed from a 实施依据 or 责任事项依据 cell: a law and, if printed, one
    article of it (a citation of three articles is three Basis records)."""

    field: Literal["basis", "resp_basis"]  # the cell it was parsed from
    kind: str | None = None  # 法律 / 行政法规 / 地方性法规 / 部门规章… as printed in 【】
    title: str | None = None  # the law's title without 《》
    edition: str | None = None  # the note after the title: （2019年修正）
    article: str | None = None  # 第三十条 / 第十二条第二款 as printed
    article_no: int | None = None  # the article's number (第三十条 -> 30)
    text: str | None = None  # the quoted text of the article


class PowerDuty(ClusteredRecord):
    """One duty split from 责任事项内容: numbered (1. 2. …) under an optional heading
    (直接实施责任 / 指导监督责任)."""

    heading: str | None = None
    label: str | None = None
    text: NonEmpty


class Accountability(_Record):
    """An accountable party (追责对象范围) or an accountability case (追责情形)."""

    kind: Literal["party", "intro", "case"]  # intro: the lead-in of a 追责情形 cell
    label: str | None = None
    text: NonEmpty


class PowerFields(_Record):
    """The columns of a power table that a power or one of its 子项 rows may have: a
    power's own cells, or an item's where its rows print their own."""

    type: PowerType | None = None  # 权力类型 normalised to the national categories (a power whose 子项 print their own: the one they share)
    type_printed: str | None = None  # 权力类型 as printed
    basis: str | None = None  # 实施依据 as printed (its citations are ``bases``)
    subject: str | None = None  # 行使主体
    office: str | None = None  # 承办机构
    level: str | None = None  # 实施层级
    scope: str | None = None  # 权限 (the second column of 实施层级及权限)
    duty: str | None = None  # 部门职责
    resp: str | None = None  # 责任事项内容 as printed (split into ``duties``)
    resp_basis: str | None = None  # 责任事项依据 as printed
    parties_text: str | None = None  # 追责对象范围 as printed
    cases_text: str | None = None  # 追责情形 as printed
    remark: str | None = None  # 备注
    bases: list[Basis] = Field(default_factory=list)
    duties: list[PowerDuty] = Field(default_factory=list)
    accountability: list[Accountability] = Field(default_factory=list)


class PowerItem(PowerFields):
    """A 子项 of a power: its name and the cells its own rows print."""

    name: NonEmpty


class Power(PowerFields, ClusteredRecord):
    """One administrative power (行政职权) of a 权责清单. Its cluster: the same power (by
    normalised type and name) in other departments' and cities' lists."""

    seq: int | None = None
    seq_inferred: bool = False
    seq_printed: str | None = None  # 序号 as printed when it is not one number (2,3)
    code: str | None = None  # 职权编码
    name: NonEmpty  # 事项名称
    items: list[PowerItem] = Field(default_factory=list)


class Section(BaseModel):
    """One detected section of a document and the layout it was read with."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["duties", "boundaries", "regimes", "services", "powers", "preamble"]
    layout: Layout | None
    heading: str | None
    line_first: int
    line_last: int
    columns: list[str] = Field(default_factory=list)  # canonical fields of the table's columns, in order
    header_lines: list[int] = Field(default_factory=list)  # lines holding the column header


class TableQuality(BaseModel):
    """Plausibility figures of one table section, computed from its records (quality.py)."""

    model_config = ConfigDict(extra="forbid")
    kind: str
    line_first: int
    layout: Layout | None = None
    records: int = 0  # records read from it, sub-records (items, parties) included
    withheld: int = 0  # of those, withheld as implausible (their text is in the residue)
    empty_groups: int = 0  # responsibilities without items, boundaries without parties
    seq_gaps: int = 0
    seq_repeats: int = 0
    office_share: float | None = None  # share of work items with an office, where the table has that column
    residue_share: float = 0.0  # share of the section's non-blank lines left in the residue


class Quality(BaseModel):
    """What the tool doubts about a document: per-table figures and warnings in words."""

    model_config = ConfigDict(extra="forbid")
    tables: list[TableQuality] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    interleaved: bool = False  # a table printed column by column (pdftotext default / -raw)


class Document(BaseModel):
    """One ingested responsibility list with all its records."""

    model_config = ConfigDict(extra="forbid")
    id: str
    source: str
    sha256: str
    encoding: str
    layouts: list[Layout]
    # The input's format (docx, xlsx, html…); left out of the JSON for text dumps, whose
    # documents are as they always were. ``sheets``: the workbook sheets read.
    format: Annotated[str, Field(exclude_if=lambda v: v == "text")] = "text"
    sheets: Annotated[list[str], Field(exclude_if=lambda v: not v)] = Field(default_factory=list)
    # What the format's reader noted: hidden sheets and rows, flattened nested tables, a
    # .doc conversion, the CSV delimiter.
    notes: Annotated[list[str], Field(exclude_if=lambda v: not v)] = Field(default_factory=list)
    region: str | None = None
    province: str | None = None
    city: str | None = None
    department: str | None = None
    title: str | None = None
    local_share: float | None = None  # share of text in clusters no other region has
    line_count: int
    sections: list[Section] = Field(default_factory=list)
    responsibilities: list[Responsibility] = Field(default_factory=list)
    boundaries: list[Boundary] = Field(default_factory=list)
    regimes: list[Regime] = Field(default_factory=list)
    services: list[Service] = Field(default_factory=list)
    powers: list[Power] = Field(default_factory=list)
    # Which list types the document holds: 责任清单 (responsibility records) and 权责清单 (powers).
    list_types: list[Literal["责任清单", "权责清单"]] = Field(default_factory=list)
    year: int | None = None  # the list's year, from its title or file name
    region_level: str | None = None  # province | city | county, from the gazetteer
    quality: Quality = Field(default_factory=Quality)


class ResidueLine(BaseModel):
    """A non-blank source line that no record uses, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    file: str
    line: int
    text: str
    reason: str
    # Set when the line is written to a dataset: two inputs may share a file name.
    document_id: str | None = None
    # The cell, row or element of a Word, Excel, HTML or CSV input (``line`` is then a line
    # of the rendered text; 0 for content the reader kept out of it, e.g. a hidden sheet).
    origin: Annotated[str | None, Field(exclude_if=_is_none)] = None


# Lists of records validated in one call (extractors build a block's records as dicts):
# a third cheaper per record than one model call each.
WORK_ITEMS = TypeAdapter(list[WorkItem])
CLAUSES = TypeAdapter(list[Clause])
