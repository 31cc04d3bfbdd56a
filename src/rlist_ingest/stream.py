"""Streaming dataset writer: bounded memory whatever the corpus size.

Documents arrive one at a time (from ingest workers) as compact payloads. Their table rows
go to staged Parquet files in row groups, their canonical JSON to ``documents/``, their
residue to ``residue.jsonl``; only each text record's id, interned match key and size are
kept for clustering. ``finish`` clusters the keys, adds ``cluster_id`` and
``cluster_similarity`` to the staged tables one row group at a time, patches the JSON
files (in parallel where a pool is given), writes the cluster table and
``datapackage.json``, and publishes the dataset (:mod:`outdir`: only the files the tool
wrote are replaced; nothing else in the output directory is touched).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from array import array
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import regex

from .boilerplate import local_shares
from .cluster import DEFAULT_THRESHOLD, cluster_distinct, shown_key
from .kinds import CLUSTER_KIND
from .outdir import Staging
from .tables import COLUMN_NAMES, SPECS, TABLES, datapackage, dataset_provenance
from .writers import output_stem, write_text

ROW_GROUP = 65_536
CLUSTERED = [t.name for t in TABLES if "cluster_similarity" in t.names]
# Which text-record kind (cluster.text_records) fills each clustered table.
TABLE_KIND = CLUSTER_KIND


# On the UTF-8 bytes: the slots are ASCII, and the text is never decoded and re-encoded.
# A record read through the document model has its origin between provenance and cluster.
_CLUSTER_SLOT = regex.compile(rb'"id": "([0-9a-f]{16})",(\s*"provenance": \{[^{}]*\},\s*'
                              rb'(?:"origin": "(?:[^"\\]|\\.)*",\s*)?)"cluster_id": null,'
                              rb'(\s*)"cluster_similarity": null')
_LOCAL_SHARE = b'"local_share": null,'


def _empty(table: str) -> dict[str, list]:
    return {c: [] for c in COLUMN_NAMES[table]}


def patch_document_json(path: str, assign: dict[str, tuple[str, float]], local_share: float | None) -> None:
    """Fill cluster fields and local share in one canonical document JSON file.

    The fields sit at a fixed place after each record's id and provenance, so they are
    substituted in the file's bytes: parsing and re-serialising every document was a
    quarter of a 10,000-document run. ``tests/test_parallel.py`` checks the result is
    byte-identical to serialising the annotated document."""
    p = Path(path)
    data = p.read_bytes()

    def fill(m):
        hit = assign.get(m.group(1).decode("ascii"))
        if hit is None:
            return m.group(0)
        return (b'"id": "' + m.group(1) + b'",' + m.group(2) + b'"cluster_id": ' + json.dumps(hit[0]).encode()
                + b"," + m.group(3) + b'"cluster_similarity": ' + json.dumps(hit[1]).encode())

    data = _CLUSTER_SLOT.sub(fill, data)
    if local_share is not None:
        data = data.replace(_LOCAL_SHARE, b'"local_share": ' + json.dumps(local_share).encode() + b",", 1)
    p.write_bytes(data)


class DatasetStream:
    """Collects payloads into a staging folder inside ``out``; ``finish`` publishes it."""

    def __init__(self, out: Path):
        self.staging = Staging(out)
        self.out = self.staging.out
        self.tmp = self.staging.dir
        (self.tmp / "documents").mkdir()
        (self.tmp / "text").mkdir()
        (self.tmp / "stage").mkdir()
        names = [t.name for t in TABLES if t.name != "boilerplate_clusters"]
        self.buffers: dict[str, dict[str, list]] = {n: _empty(n) for n in names}
        self.buffered: dict[str, int] = dict.fromkeys(names, 0)
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.residue = open(self.tmp / "residue.jsonl", "w", encoding="utf-8")
        self.stems: set[str] = set()
        self.json_paths: list[str] = []
        self.docs: list[tuple[str, str | None]] = []  # (document_id, region)
        self.key_index: dict[str, int] = {}
        self.keys: list[str] = []
        self.rec_ids = bytearray()  # 8 bytes per record: its 16-hex-digit id
        # 4-byte ints for key, document and size: with the id and the kind byte, 21 bytes
        # per text record.
        self.rec_key = array("i")
        self.rec_doc = array("i")
        self.rec_chars = array("i")
        self.kind_names: list[str] = []
        self.rec_kind = array("b")
        self.timings: dict[str, float] = {}

    @property
    def stage(self) -> str:
        """Where workers on this machine write canonical JSON before it is added."""
        d = self.tmp / "stage" / "json"
        d.mkdir(exist_ok=True)
        return str(d)

    def add(self, payload: dict) -> None:
        """Take one ingested document's payload (see :func:`parallel.ingest_one`)."""
        stem = output_stem(payload["source"])
        if stem in self.stems:
            stem = f"{stem}-{payload['doc_id'][:8]}"
        self.stems.add(stem)
        path = self.tmp / "documents" / f"{stem}.json"
        if "json_file" in payload:
            os.replace(payload["json_file"], path)
            os.replace(payload["text_file"], self.tmp / "text" / f"{stem}.txt")
        else:
            path.write_bytes(payload["json"])
            (self.tmp / "text" / f"{stem}.txt").write_bytes(payload["text"])
        self.json_paths.append(str(path))
        for name, cols in payload["columns"].items():
            buf = self.buffers[name]
            for col, values in cols.items():
                buf[col].extend(values)
            self.buffered[name] += len(values)
            if self.buffered[name] >= ROW_GROUP:
                self._flush(name)
        for x in payload["residue"]:
            self.residue.write(json.dumps(x, ensure_ascii=False) + "\n")
        d = len(self.docs)
        self.docs.append((payload["doc_id"], payload["region"]))
        kinds = payload["kinds"]
        for kind in set(kinds):
            if kind not in self.kind_names:
                self.kind_names.append(kind)
        code = {k: i for i, k in enumerate(self.kind_names)}
        self.rec_kind.extend([code[k] for k in kinds])
        index, keys = self.key_index, self.keys
        for key in payload["keys"]:
            k = index.get(key)
            if k is None:
                k = index[key] = len(keys)
                keys.append(key)
            self.rec_key.append(k)
        self.rec_ids += payload["rec_ids"]
        self.rec_doc.extend([d] * len(kinds))
        self.rec_chars.extend(payload["chars"])

    @staticmethod
    def drop(payload: dict) -> None:
        """Discard a payload that is not added (a duplicate): remove its staged JSON."""
        for key in ("json_file", "text_file"):
            if key in payload:
                Path(payload[key]).unlink(missing_ok=True)

    def _flush(self, name: str) -> None:
        if not self.buffered[name] and name in self.writers:
            return
        # from_arrays skips from_pydict's per-column checks (a third of the conversion), and
        # staged files use LZ4: read once by finish, they need speed, not size.
        schema = SPECS[name].schema()
        table = pa.Table.from_arrays([pa.array(self.buffers[name][f.name], f.type) for f in schema],
                                     schema=schema)
        if name not in self.writers:
            self.writers[name] = pq.ParquetWriter(self.tmp / "stage" / f"{name}.parquet", table.schema,
                                                  compression="lz4")
        self.writers[name].write_table(table, row_group_size=ROW_GROUP)
        self.buffers[name] = _empty(name)
        self.buffered[name] = 0

    def abort(self) -> None:
        """Discard everything staged; the output directory stays as it was."""
        self.residue.close()
        for w in self.writers.values():
            w.close()
        self.staging.abort()

    @property
    def had_dataset(self) -> bool:
        return self.staging.had_dataset

    def finish(self, problems: list[dict], threshold: float = DEFAULT_THRESHOLD,
               pool_map=map, inputs: int | None = None, before_publish=None) -> tuple[list[dict], dict[str, float]]:
        """Cluster, complete the tables and JSON, publish. Returns the cluster rows and each
        document's local share. ``inputs``: how many files were given (for the dataset's
        provenance; default: the documents). ``before_publish(dir)`` may add files to the
        staged dataset (exports); they are published with it."""
        try:
            for name in self.buffers:
                self._flush(name)
            for w in self.writers.values():
                w.close()
            self.residue.close()
            t0 = time.perf_counter()
            counts = [0] * len(self.keys)
            for k in self.rec_key:
                counts[k] += 1
            kc = cluster_distinct(self.keys, counts, threshold)
            # One pass over the records: per cluster its members, kinds, regions and number of
            # documents. Records arrive document by document, so a cluster's documents are
            # counted by run changes, without a set of document ids per cluster.
            members = [0] * len(kc.ids)
            kinds: list[set] = [set() for _ in kc.ids]
            regions: list[set] = [set() for _ in kc.ids]
            n_docs = [0] * len(kc.ids)
            last_doc = [-1] * len(kc.ids)
            for k, d, kind in zip(self.rec_key, self.rec_doc, self.rec_kind, strict=True):
                c = kc.of_key[k]
                members[c] += 1
                kinds[c].add(kind)
                regions[c].add(self.docs[d][1])
                if last_doc[c] != d:
                    last_doc[c] = d
                    n_docs[c] += 1
            shares = local_shares((self.docs[d][0], chars, len(regions[kc.of_key[k]]) == 1)
                                  for k, d, chars in zip(self.rec_key, self.rec_doc, self.rec_chars, strict=True))
            t1 = time.perf_counter()
            shared = [len(r - {None}) > 1 for r in regions]
            examples = self._finish_tables(kc, shares, shared)
            t2 = time.perf_counter()
            list(pool_map(patch_document_json, self.json_paths, self._per_document(kc),
                          [shares.get(doc_id) for doc_id, _ in self.docs]))
            self.timings = {"cluster_s": round(t1 - t0, 2), "tables_s": round(t2 - t1, 2),
                            "json_patch_s": round(time.perf_counter() - t2, 2)}
            docs_of = self._cluster_documents(kc)
            clusters = [{"cluster_id": cid, "canonical_text": shown_key(canon), "example_text": examples[i],
                         "members": members[i], "region_count": len(regions[i]), "document_count": n_docs[i],
                         "shared": shared[i], "regions": sorted(r for r in regions[i] if r is not None),
                         "documents": docs_of[i], "kinds": ",".join(sorted(self.kind_names[x] for x in kinds[i]))}
                        for i, (cid, canon) in enumerate(zip(kc.ids, kc.canonical, strict=True))]
            clusters.sort(key=lambda c: c["cluster_id"])
            self._write_table("boilerplate_clusters", clusters)
            prov = dataset_provenance(threshold, len(self.docs) if inputs is None else inputs, len(self.docs))
            write_text(self.tmp / "datapackage.json", json.dumps(datapackage(prov), ensure_ascii=False, indent=2) + "\n")
            write_text(self.tmp / "errors.jsonl", "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in problems))
            shutil.rmtree(self.tmp / "stage")
            if before_publish is not None:
                before_publish(self.tmp)
            self.staging.publish()
            return clusters, shares
        except BaseException:
            self.staging.abort()
            raise

    def _write_table(self, name: str, rows: list[dict]) -> None:
        pq.write_table(pa.Table.from_pylist(rows, schema=SPECS[name].schema()), self.tmp / f"{name}.parquet",
                       compression="zstd", row_group_size=ROW_GROUP)

    def _rid(self, i: int) -> str:
        return self.rec_ids[8 * i:8 * i + 8].hex()

    def _per_document(self, kc):
        """Each document's {record id: (cluster id, similarity)}, one document at a time
        (records were added document by document, so each is a contiguous run)."""
        i, n = 0, len(self.rec_doc)
        for d in range(len(self.docs)):
            out = {}
            while i < n and self.rec_doc[i] == d:
                k = self.rec_key[i]
                out[self._rid(i)] = (kc.ids[kc.of_key[k]], kc.similarity[k])
                i += 1
            yield out

    def _cluster_documents(self, kc) -> list[list[str]]:
        """Per cluster its distinct document ids, sorted."""
        out: list[set] = [set() for _ in kc.ids]
        for k, d in zip(self.rec_key, self.rec_doc, strict=True):
            out[kc.of_key[k]].add(d)
        return [sorted(self.docs[d][0] for d in ds) for ds in out]

    def _all_records(self, kc):
        """(record id, cluster index, key index) of every text record, in the order added."""
        for i, k in enumerate(self.rec_key):
            yield self._rid(i), kc.of_key[k], k

    def _records_of_kind(self, kind: str, kc):
        """(record id, cluster id, similarity) of one kind, in the order they were added."""
        if kind not in self.kind_names:
            return
        code = self.kind_names.index(kind)
        for i, kd in enumerate(self.rec_kind):
            if kd == code:
                k = self.rec_key[i]
                yield self._rid(i), kc.ids[kc.of_key[k]], kc.similarity[k]

    def _finish_tables(self, kc, shares: dict, shared: list[bool]) -> list[str | None]:
        """Add cluster columns to the staged tables by a sequential merge: a table's rows
        and the text records of its kind come in the same order (document by document, in
        document order), so no record-id map is held in memory. Rows without a text record
        (a boundary party with no duty) get nulls. Returns each cluster's example text: the
        first member (in dataset order) whose key is the canonical one."""
        examples: list[str | None] = [None] * len(kc.ids)
        canonical = [False] * len(kc.ids)
        for t in TABLES:
            if t.name == "records":
                self._finish_records(kc, shared, examples, canonical)
                continue
            if t.name == "boilerplate_clusters":
                continue
            stage = self.tmp / "stage" / f"{t.name}.parquet"
            if not stage.exists():
                self._write_table(t.name, [])
                continue
            pk = t.primary_key
            recs = self._records_of_kind(TABLE_KIND.get(t.name, ""), kc)
            nxt = next(recs, None)
            with pq.ParquetWriter(self.tmp / f"{t.name}.parquet", t.schema(), compression="zstd") as w:
                for batch in pq.ParquetFile(stage).iter_batches(batch_size=ROW_GROUP):
                    table = pa.Table.from_batches([batch])
                    ids = table.column(pk).to_pylist()
                    if t.name in CLUSTERED:
                        cids, sims = [], []
                        for rid in ids:
                            if nxt is not None and nxt[0] == rid:
                                cids.append(nxt[1])
                                sims.append(nxt[2])
                                nxt = next(recs, None)
                            else:
                                cids.append(None)
                                sims.append(None)
                        table = table.set_column(table.schema.get_field_index("cluster_id"),
                                                 t.schema().field("cluster_id"), pa.array(cids, pa.string()))
                        table = table.set_column(table.schema.get_field_index("cluster_similarity"),
                                                 t.schema().field("cluster_similarity"), pa.array(sims, pa.float64()))
                    elif t.name == "documents":
                        table = table.set_column(table.schema.get_field_index("local_share"),
                                                 t.schema().field("local_share"),
                                                 pa.array([shares.get(i) for i in ids], pa.float64()))
                    w.write_table(table, row_group_size=ROW_GROUP)
        return examples

    def _finish_records(self, kc, shared: list[bool], examples: list, canonical: list[bool]) -> None:
        """The long table: its rows are every record with text, in walk order, so the
        text records (a subset, in the same order) merge into it as into the others."""
        t = SPECS["records"]
        stage = self.tmp / "stage" / "records.parquet"
        if not stage.exists():
            self._write_table("records", [])
            return
        recs = self._all_records(kc)
        nxt = next(recs, None)
        keys = self.keys
        with pq.ParquetWriter(self.tmp / "records.parquet", t.schema(), compression="zstd") as w:
            for batch in pq.ParquetFile(stage).iter_batches(batch_size=ROW_GROUP):
                table = pa.Table.from_batches([batch])
                texts = table.column("text").to_pylist()
                cids, sh = [], []
                for rid, text in zip(table.column("record_id").to_pylist(), texts, strict=True):
                    if nxt is not None and nxt[0] == rid:
                        c = nxt[1]
                        cids.append(kc.ids[c])
                        sh.append(shared[c])
                        if not canonical[c] and (examples[c] is None or keys[nxt[2]] == kc.canonical[c]):
                            examples[c] = text
                            canonical[c] = keys[nxt[2]] == kc.canonical[c]
                        nxt = next(recs, None)
                    else:
                        cids.append(None)
                        sh.append(None)
                table = table.set_column(table.schema.get_field_index("cluster_id"), t.schema().field("cluster_id"),
                                         pa.array(cids, pa.string()))
                table = table.set_column(table.schema.get_field_index("shared"), t.schema().field("shared"),
                                         pa.array(sh, pa.bool_()))
                w.write_table(table, row_group_size=ROW_GROUP)
