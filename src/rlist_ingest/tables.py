"""Flat tables of the dataset: one spec drives the Parquet schemas (with field
descriptions in the Arrow metadata) and the Frictionless ``datapackage.json``."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from .kinds import counts, walk
from .records import ClusteredRecord, Document

S, INT, B, F = pa.string(), pa.int64(), pa.bool_(), pa.float64()
LIST = pa.list_(pa.string())
_PROV = [("source", S, "Input the record was read from: its path relative to the common folder of the batch's inputs.", "来源文件"),
         ("line_first", INT, "First source line of the record (1-based).", "起始行"),
         ("line_last", INT, "Last source line of the record (1-based).", "结束行"),
         ("origin", S, "Where in a Word, Excel, HTML or CSV input: sheet and cell range (Sheet1!A5:E9), docx table "
                       "and rows (t1 r3-r7), HTML element path or CSV rows; empty for text input, whose lines are "
                       "the file's own.", "原文位置")]


@dataclass(frozen=True)
class TableSpec:
    name: str
    description: str
    # (name, Arrow type, description, Chinese header): exports with --headers zh, the data
    # dictionary and the 说明 sheet all read the Chinese name from here.
    columns: list[tuple[str, pa.DataType, str, str]]
    primary_key: str
    foreign_keys: list[tuple[str, str, str]]  # (column, table, column)

    def schema(self) -> pa.Schema:
        return pa.schema([pa.field(c, t, nullable=True, metadata={"description": d})
                          for c, t, d, _ in self.columns], metadata={"description": self.description})

    @property
    def names(self) -> list[str]:
        return [c for c, _, _, _ in self.columns]

    def headers(self, lang: str = "en") -> list[str]:
        """Column names in English (the Parquet names) or Chinese (``zh``)."""
        return self.names if lang == "en" else [z for _, _, _, z in self.columns]


DOC_FK = [("document_id", "documents", "document_id")]
_CLU = [("cluster_id", S, "Boilerplate cluster of the text (see boilerplate_clusters).", "文本簇ID"),
        ("cluster_similarity", F, "Similarity of the text's match key to the cluster's canonical text (0-1).", "簇相似度"),
        ("foreign_places", S, "Division names other than the document's own region, city or province, joined by '、'.", "他地地名")]
_CLU_FK = [("cluster_id", "boilerplate_clusters", "cluster_id")]
# The columns a power or its 子项 may hold (kinds._attrs).
_ATTRS = [("type", S, "权力类型 as one of the national categories (行政许可, 行政处罚, … 其他行政权力); null when the "
                      "printed type names none, or (a power) when its 子项 print their own.", "权力类型"),
          ("type_printed", S, "权力类型 as printed.", "权力类型（原文）"), ("basis", S, "实施依据 as printed (parsed in power_bases).", "实施依据"),
          ("subject", S, "行使主体.", "行使主体"), ("office", S, "承办机构.", "承办机构"), ("level", S, "实施层级 (地州市级, 县市区级…).", "实施层级"),
          ("scope", S, "权限: the second column of 实施层级及权限, or the text after the level.", "权限"),
          ("duty", S, "部门职责.", "部门职责"), ("resp", S, "责任事项内容 as printed (split in power_duties).", "责任事项内容"),
          ("resp_basis", S, "责任事项依据 as printed (parsed in power_bases).", "责任事项依据"),
          ("parties", S, "追责对象范围 as printed (split in power_accountability).", "追责对象范围"),
          ("cases", S, "追责情形 as printed (split in power_accountability).", "追责情形"), ("remark", S, "备注.", "备注")]
_POWER_FK = [("power_id", "powers", "power_id"), ("power_item_id", "power_items", "power_item_id")]
_OWNER = [("power_id", S, "Power the row belongs to.", "权责事项ID"),
          ("power_item_id", S, "子项 the row belongs to, when the 子项 prints its own cell; null: the power's.", "子项ID")]
POWER_TABLES = [
    TableSpec("powers", "权责清单: one row per administrative power (行政职权).", [
        ("power_id", S, "Stable ID of the power.", "权责事项ID"), ("document_id", S, "Owning document.", "文档ID"),
        ("seq", INT, "序号 as printed or inferred.", "序号"), ("seq_inferred", B, "True if 序号 was missing and inferred.", "序号为推断"),
        ("seq_printed", S, "序号 as printed when it is not one number (2,3).", "印刷序号"), ("code", S, "职权编码.", "职权编码"),
        ("name", S, "事项名称.", "事项名称"), *_ATTRS, *_CLU, *_PROV,
    ], "power_id", DOC_FK + _CLU_FK),
    TableSpec("power_items", "子项: the sub-items of a power, with the cells their rows print themselves.", [
        ("power_item_id", S, "Stable ID of the 子项.", "子项ID"), ("power_id", S, "Power the 子项 belongs to.", "权责事项ID"),
        ("document_id", S, "Owning document.", "文档ID"), ("position", INT, "0-based position under its power.", "位置"),
        ("name", S, "子项名称.", "子项名称"), *_ATTRS, *_PROV,
    ], "power_item_id", [("power_id", "powers", "power_id"), *DOC_FK]),
    TableSpec("power_bases", "Citations parsed from 实施依据 and 责任事项依据: one row per law and article cited.", [
        ("basis_id", S, "Stable ID of the citation.", "依据ID"), *_OWNER, ("document_id", S, "Owning document.", "文档ID"),
        ("position", INT, "0-based position in its power's or 子项's citations.", "位置"),
        ("field", S, "The cell cited from: basis (实施依据) or resp_basis (责任事项依据).", "所在栏目"),
        ("kind", S, "Kind of the law as printed in 【】: 法律, 法规, 规章, 规范性文件…", "依据类别"),
        ("title", S, "The law's title, without 《》.", "法律法规名称"), ("edition", S, "The note after the title: （2019年修正）.", "版本"),
        ("article", S, "The article as printed: 第三十条, 第十二条第二款.", "条款"), ("article_no", INT, "The article's number.", "条款序号"),
        ("text", S, "The article's quoted text.", "条文内容"), *_PROV,
    ], "basis_id", _POWER_FK + DOC_FK),
    TableSpec("power_duties", "Duties split from 责任事项内容.", [
        ("duty_id", S, "Stable ID of the duty.", "责任ID"), *_OWNER, ("document_id", S, "Owning document.", "文档ID"),
        ("position", INT, "0-based position.", "位置"), ("heading", S, "The heading it stands under: 直接实施责任, 指导监督责任…", "责任类别"),
        ("label", S, "Its number as printed.", "编号"), ("text", S, "The duty.", "责任事项"), *_CLU, *_PROV,
    ], "duty_id", _POWER_FK + DOC_FK + _CLU_FK),
    TableSpec("power_accountability", "追责对象范围 (kind party) and 追责情形 (kind intro: its lead-in; case) as lists.", [
        ("accountability_id", S, "Stable ID of the entry.", "追责条目ID"), *_OWNER, ("document_id", S, "Owning document.", "文档ID"),
        ("position", INT, "0-based position.", "位置"), ("kind", S, "party, intro or case.", "类别"), ("label", S, "Its number as printed.", "编号"),
        ("text", S, "The party or the case.", "内容"), *_PROV,
    ], "accountability_id", _POWER_FK + DOC_FK),
]
TABLES: list[TableSpec] = [
    TableSpec("documents", "One row per ingested responsibility list.", [
        ("document_id", S, "Stable ID: first 16 hex digits of the SHA-256 of the decoded text (lines with trailing "
                           "whitespace removed, joined by LF), so a re-encoded copy keeps it.", "文档ID"),
        ("source", S, "Input path relative to the common folder of the batch's inputs (a lone file: its name).", "来源文件"),
        ("sha256", S, "SHA-256 of the input bytes.", "SHA-256"),
        ("encoding", S, "Text encoding the file was decoded with (for Word, Excel and HTML: of the text inside).", "编码"),
        ("format", S, "Input format, sniffed from the content: text, csv, html, docx, doc, xlsx or xls.", "格式"),
        ("sheets", S, "Workbook sheets read, in order, joined with '|' (empty for other formats).", "工作表"),
        ("notes", S, "What the format's reader noted (hidden sheets and rows, flattened tables, a .doc conversion, "
                     "the CSV delimiter), joined with '; '.", "读取说明"),
        ("layouts", S, "Layouts detected, in order, joined with '+'.", "版式"),
        ("region", S, "County-level region (县/区/市), inferred from the body if the title omits it.", "地区"),
        ("province", S, "Province of the region, from the gazetteer.", "省"), ("city", S, "City of the region, from the gazetteer.", "市"),
        ("local_share", F, "Share of the document's text in boilerplate clusters that no other region has.", "本地文本占比"),
        ("department", S, "Full department name.", "部门名称"), ("title", S, "Title line as printed, if any.", "标题"),
        ("line_count", INT, "Number of lines in the file (for Word, Excel, HTML and CSV: of its rendered text, "
                            "text/<stem>.txt).", "行数"),
        ("responsibilities", INT, "Number of responsibilities.", "主要职责数"), ("work_items", INT, "Number of work items.", "具体工作事项数"),
        ("boundaries", INT, "Number of boundaries.", "职责边界数"), ("regimes", INT, "Number of regimes.", "监管制度数"),
        ("services", INT, "Number of service entries.", "公共服务事项数"),
        ("powers", INT, "Number of powers (权责清单).", "权责事项数"), ("power_items", INT, "Number of 子项 of the powers.", "子项数"),
        ("list_types", S, "List types the document holds, joined with '+': 责任清单, 权责清单.", "清单类型"),
        ("year", INT, "The list's year, from its title or file name.", "年份"),
        ("region_level", S, "Level of the region in the gazetteer: province, city (prefecture-level) or county.", "行政级别"),
        ("warnings", INT, "Number of quality warnings: what the tool doubts about its reading (see the document "
                          "JSON's quality block).", "警告数"),
        ("withheld", INT, "Records withheld as implausible (their text is in the residue).", "扣留记录数"),
        ("residue_share", F, "Share of the table sections' non-blank lines left in the residue (the worst table).", "残余占比"),
        ("quality", S, "The quality warnings in words, joined with '; '.", "质量提示"),
    ], "document_id", []),
    TableSpec("responsibilities", "主要职责: one row per responsibility (duty) of a department.", [
        ("responsibility_id", S, "Stable ID of the responsibility.", "主要职责ID"), ("document_id", S, "Owning document.", "文档ID"),
        ("seq", INT, "序号 as printed or inferred.", "序号"), ("seq_inferred", B, "True if 序号 was missing and inferred.", "序号为推断"),
        ("text", S, "主要职责 text.", "主要职责"), *_CLU, *_PROV,
    ], "responsibility_id", DOC_FK + _CLU_FK),
    TableSpec("work_items", "具体工作事项: the work items under each responsibility.", [
        ("work_item_id", S, "Stable ID of the work item.", "工作事项ID"),
        ("responsibility_id", S, "Responsibility the item belongs to.", "主要职责ID"), ("document_id", S, "Owning document.", "文档ID"),
        ("position", INT, "0-based position under its responsibility.", "位置"), ("text", S, "具体工作事项 text.", "具体工作事项"),
        ("office", S, "责任科室 (responsible office), if the table has one.", "责任科室"), ("remark", S, "备注.", "备注"), *_CLU, *_PROV,
    ], "work_item_id", [("responsibility_id", "responsibilities", "responsibility_id"), *DOC_FK, *_CLU_FK]),
    TableSpec("boundaries", "职责边界: matters shared with other departments.", [
        ("boundary_id", S, "Stable ID of the boundary.", "职责边界ID"), ("document_id", S, "Owning document.", "文档ID"),
        ("seq", INT, "序号.", "序号"), ("matter", S, "管理事项 / 相关职责.", "管理事项"),
        ("basis", S, "相关依据 (per-party bases joined by newlines).", "相关依据"), ("case", S, "案例.", "案例"), *_PROV,
    ], "boundary_id", DOC_FK),
    TableSpec("boundary_parties", "One row per department named in a boundary.", [
        ("party_id", S, "Stable ID of the party.", "相关部门ID"), ("boundary_id", S, "Boundary the party belongs to.", "职责边界ID"),
        ("document_id", S, "Owning document.", "文档ID"), ("position", INT, "0-based position in the boundary.", "位置"),
        ("department", S, "相关部门.", "相关部门"), ("duty", S, "职责分工.", "职责分工"), ("basis", S, "This party's 相关依据, if given per party.", "相关依据"),
        *_CLU, *_PROV,
    ], "party_id", [("boundary_id", "boundaries", "boundary_id"), *DOC_FK, *_CLU_FK]),
    TableSpec("regimes", "事中事后监管制度: one row per supervision regime.", [
        ("regime_id", S, "Stable ID of the regime.", "制度ID"), ("document_id", S, "Owning document.", "文档ID"),
        ("label", S, "Label as printed, e.g. （一）.", "编号"), ("title", S, "Regime title.", "制度名称"), *_CLU, *_PROV,
    ], "regime_id", DOC_FK + _CLU_FK),
    TableSpec("regime_parts", "Parts (一、二、…) of each regime.", [
        ("part_id", S, "Stable ID of the part.", "部分ID"), ("regime_id", S, "Regime the part belongs to.", "制度ID"),
        ("document_id", S, "Owning document.", "文档ID"), ("label", S, "Label as printed, e.g. 一、.", "编号"),
        ("heading", S, "Part heading.", "部分标题"), *_CLU, *_PROV,
    ], "part_id", [("regime_id", "regimes", "regime_id"), *DOC_FK]),
    TableSpec("clauses", "Clauses and paragraphs of regimes; part_id is null for a regime's preamble.", [
        ("clause_id", S, "Stable ID of the clause.", "条款ID"), ("regime_id", S, "Regime the clause belongs to.", "制度ID"),
        ("part_id", S, "Part the clause belongs to (null: the regime's preamble).", "部分ID"),
        ("document_id", S, "Owning document.", "文档ID"), ("position", INT, "0-based position in its part or preamble.", "位置"),
        ("label", S, "Clause label as printed: （一）, 1、, （1）, or null.", "编号"), ("text", S, "Clause text.", "条款内容"), *_CLU, *_PROV,
    ], "clause_id", [("regime_id", "regimes", "regime_id"), ("part_id", "regime_parts", "part_id"), *DOC_FK,
                     *_CLU_FK]),
    TableSpec("services", "公共服务事项: one row per service and office (a service with five offices has five rows).", [
        ("service_id", S, "Stable ID of the service entry.", "服务事项ID"), ("document_id", S, "Owning document.", "文档ID"),
        ("seq", INT, "序号.", "序号"), ("item", S, "服务事项.", "服务事项"), ("content", S, "主要工作内容.", "主要工作内容"),
        ("office", S, "承办机构.", "承办机构"), ("phone", S, "联系电话.", "联系电话"), *_CLU, *_PROV,
    ], "service_id", DOC_FK + _CLU_FK),
    *POWER_TABLES,
    TableSpec("records", "Every text-bearing record of every kind in one long table: what two regions share is "
              "one query, not a union of tables whose text columns have different names.", [
        ("record_id", S, "ID of the record (the primary key of its row in the table named by kind).", "记录ID"),
        ("kind", S, "The table holding the record's own row: responsibilities, work_items, clauses, powers…", "记录类别"),
        ("document_id", S, "Owning document.", "文档ID"), ("region", S, "The document's region.", "地区"),
        ("department", S, "The document's department.", "部门"),
        ("label", S, "Its label as printed: 序号, 条款号 (（一）, 1、), its parent's 序号 for a work item.", "编号"),
        ("text", S, "The record's text as printed (a boundary party: its 职责分工, else the department; a service: "
                    "服务事项：主要工作内容; a citation: 《title》article).", "文本"),
        ("cluster_id", S, "Boilerplate cluster of the text (see boilerplate_clusters); null for kinds not clustered.",
         "文本簇ID"),
        ("shared", B, "True if the record's cluster has members in more than one region.", "跨地区共有"),
        ("foreign_places", S, "Division names other than the document's own region, city or province, joined by '、'.",
         "他地地名"), *_PROV,
    ], "record_id", DOC_FK + _CLU_FK),
    TableSpec("boilerplate_clusters", "Texts that recur across documents, by fuzzy match of their match keys.", [
        ("cluster_id", S, "Stable ID: hash of the canonical text.", "文本簇ID"),
        ("canonical_text", S, "Most frequent match key of the cluster (place names as 〔县〕〔市〕〔省〕).", "规范化文本"),
        ("example_text", S, "A member's text as printed (one whose match key is the canonical text).", "示例原文"),
        ("members", INT, "Number of records in the cluster.", "成员数"),
        ("region_count", INT, "Number of distinct regions.", "地区数"),
        ("document_count", INT, "Number of distinct documents.", "文档数"),
        ("shared", B, "True if the cluster has members in more than one region.", "跨地区共有"),
        ("regions", LIST, "The distinct regions, sorted (null region left out).", "地区列表"),
        ("documents", LIST, "The distinct document ids, sorted.", "文档列表"),
        ("kinds", S, "Record kinds of the members, joined by ','.", "记录类别"),
    ], "cluster_id", []),
]
SPECS = {t.name: t for t in TABLES}
COLUMN_NAMES = {t.name: t.names for t in TABLES}


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
    long = rows["records"]
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
        tail = _tail(rec)
        rows[slot.table].append(slot.row(rec, anc, d, i) + tail)
        label, text = slot.printed(rec, anc)
        if text:
            long.append((rec.id, slot.table, d, doc.region, doc.department, label or None, text,
                         None, None, tail[2] if len(tail) == 7 else None, *tail[-4:]))
    out = {}
    for name, rs in rows.items():
        names = COLUMN_NAMES[name]
        out[name] = dict(zip(names, zip(*rs, strict=True), strict=True)) if rs else {c: () for c in names}
    return out


_FRICTIONLESS = {pa.string(): "string", pa.int64(): "integer", pa.bool_(): "boolean", pa.float64(): "number",
                 LIST: "array"}


def datapackage(provenance: dict | None = None) -> dict:
    """Frictionless Data Package descriptor of the Parquet tables; ``provenance`` (what
    made the dataset: :func:`dataset_provenance`) goes under ``rlist`` and, when it has
    one, its ``created`` time becomes the package's."""
    resources = []
    for t in TABLES:
        resources.append({
            "name": t.name, "path": f"{t.name}.parquet", "format": "parquet",
            "mediatype": "application/vnd.apache.parquet", "description": t.description,
            "schema": {
                "fields": [{"name": c, "title": zh, "type": _FRICTIONLESS[ty], "description": d}
                           for c, ty, d, zh in t.columns],
                "primaryKey": [t.primary_key],
                "foreignKeys": [{"fields": [c], "reference": {"resource": rt, "fields": [rc]}}
                                for c, rt, rc in t.foreign_keys],
            },
        })
    out = {"name": "rlist-ingest-dataset", "title": "Responsibility lists (责任清单) as tables",
           "profile": "data-package", "resources": resources}
    if provenance:
        if provenance.get("created"):
            out["created"] = provenance["created"]
        out["rlist"] = provenance
    return out


def dataset_provenance(threshold: float, inputs: int, documents: int) -> dict:
    """What made a dataset: tool version, a hash of the grammar files, the clustering
    threshold and the input count. No wall-clock time unless ``SOURCE_DATE_EPOCH`` is set
    (reproducible builds' convention), so a rerun is byte-identical."""
    import datetime
    import hashlib
    import os

    from . import __version__
    from .grammar import grammar_dir

    h = hashlib.sha256()
    for f in sorted(grammar_dir().glob("*.toml")):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    out = {"tool": "rlist-ingest", "tool_version": __version__, "grammar_sha256": h.hexdigest(),
           "cluster_threshold": threshold, "inputs": inputs, "documents": documents}
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        out["created"] = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return out
