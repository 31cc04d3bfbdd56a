"""Flat tables of the dataset: one spec drives the Parquet schemas (with field
descriptions in the Arrow metadata) and the Frictionless ``datapackage.json``."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from .kinds import counts, walk
from .records import ClusteredRecord, Document

S, INT, B, F = pa.string(), pa.int64(), pa.bool_(), pa.float64()
_PROV = [("source", S, "Input the record was read from: its path relative to the common folder of the batch's inputs."),
         ("line_first", INT, "First source line of the record (1-based)."),
         ("line_last", INT, "Last source line of the record (1-based)."),
         ("origin", S, "Where in a Word, Excel, HTML or CSV input: sheet and cell range (Sheet1!A5:E9), docx table "
                       "and rows (t1 r3-r7), HTML element path or CSV rows; empty for text input, whose lines are "
                       "the file's own.")]


@dataclass(frozen=True)
class TableSpec:
    name: str
    description: str
    columns: list[tuple[str, pa.DataType, str]]
    primary_key: str
    foreign_keys: list[tuple[str, str, str]]  # (column, table, column)

    def schema(self) -> pa.Schema:
        return pa.schema([pa.field(c, t, nullable=True, metadata={"description": d})
                          for c, t, d in self.columns], metadata={"description": self.description})


DOC_FK = [("document_id", "documents", "document_id")]
_CLU = [("cluster_id", S, "Boilerplate cluster of the text (see boilerplate_clusters)."),
        ("cluster_similarity", F, "Similarity of the text's match key to the cluster's canonical text (0-1)."),
        ("foreign_places", S, "Division names other than the document's own region, city or province, joined by '、'.")]
_CLU_FK = [("cluster_id", "boilerplate_clusters", "cluster_id")]
# The columns a power or its 子项 may hold (kinds._attrs).
_ATTRS = [("type", S, "权力类型 as one of the national categories (行政许可, 行政处罚, … 其他行政权力); null when the "
                      "printed type names none, or (a power) when its 子项 print their own."),
          ("type_printed", S, "权力类型 as printed."), ("basis", S, "实施依据 as printed (parsed in power_bases)."),
          ("subject", S, "行使主体."), ("office", S, "承办机构."), ("level", S, "实施层级 (地州市级, 县市区级…)."),
          ("scope", S, "权限: the second column of 实施层级及权限, or the text after the level."),
          ("duty", S, "部门职责."), ("resp", S, "责任事项内容 as printed (split in power_duties)."),
          ("resp_basis", S, "责任事项依据 as printed (parsed in power_bases)."),
          ("parties", S, "追责对象范围 as printed (split in power_accountability)."),
          ("cases", S, "追责情形 as printed (split in power_accountability)."), ("remark", S, "备注.")]
_POWER_FK = [("power_id", "powers", "power_id"), ("power_item_id", "power_items", "power_item_id")]
_OWNER = [("power_id", S, "Power the row belongs to."),
          ("power_item_id", S, "子项 the row belongs to, when the 子项 prints its own cell; null: the power's.")]
POWER_TABLES = [
    TableSpec("powers", "权责清单: one row per administrative power (行政职权).", [
        ("power_id", S, "Stable ID of the power."), ("document_id", S, "Owning document."),
        ("seq", INT, "序号 as printed or inferred."), ("seq_inferred", B, "True if 序号 was missing and inferred."),
        ("seq_printed", S, "序号 as printed when it is not one number (2,3)."), ("code", S, "职权编码."),
        ("name", S, "事项名称."), *_ATTRS, *_CLU, *_PROV,
    ], "power_id", DOC_FK + _CLU_FK),
    TableSpec("power_items", "子项: the sub-items of a power, with the cells their rows print themselves.", [
        ("power_item_id", S, "Stable ID of the 子项."), ("power_id", S, "Power the 子项 belongs to."),
        ("document_id", S, "Owning document."), ("position", INT, "0-based position under its power."),
        ("name", S, "子项名称."), *_ATTRS, *_PROV,
    ], "power_item_id", [("power_id", "powers", "power_id"), *DOC_FK]),
    TableSpec("power_bases", "Citations parsed from 实施依据 and 责任事项依据: one row per law and article cited.", [
        ("basis_id", S, "Stable ID of the citation."), *_OWNER, ("document_id", S, "Owning document."),
        ("position", INT, "0-based position in its power's or 子项's citations."),
        ("field", S, "The cell cited from: basis (实施依据) or resp_basis (责任事项依据)."),
        ("kind", S, "Kind of the law as printed in 【】: 法律, 法规, 规章, 规范性文件…"),
        ("title", S, "The law's title, without 《》."), ("edition", S, "The note after the title: （2019年修正）."),
        ("article", S, "The article as printed: 第三十条, 第十二条第二款."), ("article_no", INT, "The article's number."),
        ("text", S, "The article's quoted text."), *_PROV,
    ], "basis_id", _POWER_FK + DOC_FK),
    TableSpec("power_duties", "Duties split from 责任事项内容.", [
        ("duty_id", S, "Stable ID of the duty."), *_OWNER, ("document_id", S, "Owning document."),
        ("position", INT, "0-based position."), ("heading", S, "The heading it stands under: 直接实施责任, 指导监督责任…"),
        ("label", S, "Its number as printed."), ("text", S, "The duty."), *_CLU, *_PROV,
    ], "duty_id", _POWER_FK + DOC_FK + _CLU_FK),
    TableSpec("power_accountability", "追责对象范围 (kind party) and 追责情形 (kind intro: its lead-in; case) as lists.", [
        ("accountability_id", S, "Stable ID of the entry."), *_OWNER, ("document_id", S, "Owning document."),
        ("position", INT, "0-based position."), ("kind", S, "party, intro or case."), ("label", S, "Its number as printed."),
        ("text", S, "The party or the case."), *_PROV,
    ], "accountability_id", _POWER_FK + DOC_FK),
]
TABLES: list[TableSpec] = [
    TableSpec("documents", "One row per ingested responsibility list.", [
        ("document_id", S, "Stable ID: first 16 hex digits of the SHA-256 of the decoded text (lines with trailing "
                           "whitespace removed, joined by LF), so a re-encoded copy keeps it."),
        ("source", S, "Input path relative to the common folder of the batch's inputs (a lone file: its name)."),
        ("sha256", S, "SHA-256 of the input bytes."),
        ("encoding", S, "Text encoding the file was decoded with (for Word, Excel and HTML: of the text inside)."),
        ("format", S, "Input format, sniffed from the content: text, csv, html, docx, doc, xlsx or xls."),
        ("sheets", S, "Workbook sheets read, in order, joined with '|' (empty for other formats)."),
        ("notes", S, "What the format's reader noted (hidden sheets and rows, flattened tables, a .doc conversion, "
                     "the CSV delimiter), joined with '; '."),
        ("layouts", S, "Layouts detected, in order, joined with '+'."),
        ("region", S, "County-level region (县/区/市), inferred from the body if the title omits it."),
        ("province", S, "Province of the region, from the gazetteer."), ("city", S, "City of the region, from the gazetteer."),
        ("local_share", F, "Share of the document's text in boilerplate clusters that no other region has."),
        ("department", S, "Full department name."), ("title", S, "Title line as printed, if any."),
        ("line_count", INT, "Number of lines in the file (for Word, Excel, HTML and CSV: of its rendered text, "
                            "text/<stem>.txt)."),
        ("responsibilities", INT, "Number of responsibilities."), ("work_items", INT, "Number of work items."),
        ("boundaries", INT, "Number of boundaries."), ("regimes", INT, "Number of regimes."),
        ("services", INT, "Number of service entries."),
        ("powers", INT, "Number of powers (权责清单)."), ("power_items", INT, "Number of 子项 of the powers."),
        ("list_types", S, "List types the document holds, joined with '+': 责任清单, 权责清单."),
        ("year", INT, "The list's year, from its title or file name."),
        ("region_level", S, "Level of the region in the gazetteer: province, city (prefecture-level) or county."),
        ("warnings", INT, "Number of quality warnings: what the tool doubts about its reading (see the document "
                          "JSON's quality block)."),
        ("withheld", INT, "Records withheld as implausible (their text is in the residue)."),
        ("residue_share", F, "Share of the table sections' non-blank lines left in the residue (the worst table)."),
        ("quality", S, "The quality warnings in words, joined with '; '."),
    ], "document_id", []),
    TableSpec("responsibilities", "主要职责: one row per responsibility (duty) of a department.", [
        ("responsibility_id", S, "Stable ID of the responsibility."), ("document_id", S, "Owning document."),
        ("seq", INT, "序号 as printed or inferred."), ("seq_inferred", B, "True if 序号 was missing and inferred."),
        ("text", S, "主要职责 text."), *_CLU, *_PROV,
    ], "responsibility_id", DOC_FK + _CLU_FK),
    TableSpec("work_items", "具体工作事项: the work items under each responsibility.", [
        ("work_item_id", S, "Stable ID of the work item."),
        ("responsibility_id", S, "Responsibility the item belongs to."), ("document_id", S, "Owning document."),
        ("position", INT, "0-based position under its responsibility."), ("text", S, "具体工作事项 text."),
        ("office", S, "责任科室 (responsible office), if the table has one."), ("remark", S, "备注."), *_CLU, *_PROV,
    ], "work_item_id", [("responsibility_id", "responsibilities", "responsibility_id"), *DOC_FK, *_CLU_FK]),
    TableSpec("boundaries", "职责边界: matters shared with other departments.", [
        ("boundary_id", S, "Stable ID of the boundary."), ("document_id", S, "Owning document."),
        ("seq", INT, "序号."), ("matter", S, "管理事项 / 相关职责."),
        ("basis", S, "相关依据 (per-party bases joined by newlines)."), ("case", S, "案例."), *_PROV,
    ], "boundary_id", DOC_FK),
    TableSpec("boundary_parties", "One row per department named in a boundary.", [
        ("party_id", S, "Stable ID of the party."), ("boundary_id", S, "Boundary the party belongs to."),
        ("document_id", S, "Owning document."), ("position", INT, "0-based position in the boundary."),
        ("department", S, "相关部门."), ("duty", S, "职责分工."), ("basis", S, "This party's 相关依据, if given per party."),
        *_CLU, *_PROV,
    ], "party_id", [("boundary_id", "boundaries", "boundary_id"), *DOC_FK, *_CLU_FK]),
    TableSpec("regimes", "事中事后监管制度: one row per supervision regime.", [
        ("regime_id", S, "Stable ID of the regime."), ("document_id", S, "Owning document."),
        ("label", S, "Label as printed, e.g. （一）."), ("title", S, "Regime title."), *_PROV,
    ], "regime_id", DOC_FK),
    TableSpec("regime_parts", "Parts (一、二、…) of each regime.", [
        ("part_id", S, "Stable ID of the part."), ("regime_id", S, "Regime the part belongs to."),
        ("document_id", S, "Owning document."), ("label", S, "Label as printed, e.g. 一、."),
        ("heading", S, "Part heading."), *_PROV,
    ], "part_id", [("regime_id", "regimes", "regime_id"), *DOC_FK]),
    TableSpec("clauses", "Clauses and paragraphs of regimes; part_id is null for a regime's preamble.", [
        ("clause_id", S, "Stable ID of the clause."), ("regime_id", S, "Regime the clause belongs to."),
        ("part_id", S, "Part the clause belongs to (null: the regime's preamble)."),
        ("document_id", S, "Owning document."), ("position", INT, "0-based position in its part or preamble."),
        ("label", S, "Clause label as printed: （一）, 1、, （1）, or null."), ("text", S, "Clause text."), *_CLU, *_PROV,
    ], "clause_id", [("regime_id", "regimes", "regime_id"), ("part_id", "regime_parts", "part_id"), *DOC_FK,
                     *_CLU_FK]),
    TableSpec("services", "公共服务事项: one row per service and office (a service with five offices has five rows).", [
        ("service_id", S, "Stable ID of the service entry."), ("document_id", S, "Owning document."),
        ("seq", INT, "序号."), ("item", S, "服务事项."), ("content", S, "主要工作内容."),
        ("office", S, "承办机构."), ("phone", S, "联系电话."), *_CLU, *_PROV,
    ], "service_id", DOC_FK + _CLU_FK),
    *POWER_TABLES,
    TableSpec("boilerplate_clusters", "Texts that recur across documents, by fuzzy match of their match keys.", [
        ("cluster_id", S, "Stable ID: hash of the canonical text."),
        ("canonical_text", S, "Most frequent match key of the cluster (place names as 〔县〕〔市〕〔省〕)."),
        ("members", INT, "Number of records in the cluster."), ("regions", INT, "Number of distinct regions."),
        ("documents", INT, "Number of distinct documents."), ("kinds", S, "Record kinds of the members, joined by ','."),
    ], "cluster_id", []),
]
SPECS = {t.name: t for t in TABLES}
COLUMN_NAMES = {t.name: [c for c, _, _ in t.columns] for t in TABLES}


def _tail(rec) -> tuple:
    """The provenance columns of a record (and first its cluster columns, if it has them;
    those are filled when the whole corpus has been seen, in stream.finish)."""
    p = rec.provenance
    if isinstance(rec, ClusteredRecord):
        return (rec.cluster_id, rec.cluster_similarity, "、".join(rec.foreign_places) or None,
                p.source, p.line_first, p.line_last, rec.origin)
    return p.source, p.line_first, p.line_last, rec.origin


def document_columns(doc: Document, walked: list | None = None) -> dict[str, dict[str, tuple]]:
    """Flatten one document into the tables, column by column: ``{table: {column: values}}``.

    Rows are built as tuples in the spec's column order and transposed once; columns
    pickle several times faster than row dicts on their way from a worker to the writer."""
    d = doc.id
    rows: dict[str, list[tuple]] = {t.name: [] for t in TABLES if t.name != "boilerplate_clusters"}
    walked = walk(doc) if walked is None else walked
    n = counts(doc, walked)
    q = doc.quality
    rows["documents"].append((
        d, doc.source, doc.sha256, doc.encoding, doc.format, "|".join(doc.sheets) or None, "; ".join(doc.notes) or None, "+".join(doc.layouts), doc.region, doc.province, doc.city,
        doc.local_share, doc.department, doc.title, doc.line_count,
        *(n[k] for k in ("resp", "items", "bound", "regimes", "services", "powers", "power_items")),
        "+".join(doc.list_types) or None, doc.year, doc.region_level,
        len(q.warnings), sum(t.withheld for t in q.tables), max((t.residue_share for t in q.tables), default=None),
        "; ".join(q.warnings) or None))
    for slot, rec, i, anc in walked:
        rows[slot.table].append(slot.row(rec, anc, d, i) + _tail(rec))
    out = {}
    for name, rs in rows.items():
        names = COLUMN_NAMES[name]
        out[name] = dict(zip(names, zip(*rs, strict=True), strict=True)) if rs else {c: () for c in names}
    return out


_FRICTIONLESS = {pa.string(): "string", pa.int64(): "integer", pa.bool_(): "boolean", pa.float64(): "number"}


def datapackage() -> dict:
    """Frictionless Data Package descriptor of the Parquet tables."""
    resources = []
    for t in TABLES:
        resources.append({
            "name": t.name, "path": f"{t.name}.parquet", "format": "parquet",
            "mediatype": "application/vnd.apache.parquet", "description": t.description,
            "schema": {
                "fields": [{"name": c, "type": _FRICTIONLESS[ty], "description": d} for c, ty, d in t.columns],
                "primaryKey": [t.primary_key],
                "foreignKeys": [{"fields": [c], "reference": {"resource": rt, "fields": [rc]}}
                                for c, rt, rc in t.foreign_keys],
            },
        })
    return {"name": "rlist-ingest-dataset", "title": "Responsibility lists (责任清单) as tables",
            "profile": "data-package", "resources": resources}
