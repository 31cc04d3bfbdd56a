"""Running the per-file ingest on several cores, or on a Dask cluster.

:func:`ingest_one` is the unit of work: it ingests one file and returns a compact,
picklable payload (canonical JSON, table rows, residue, match keys), so that workers do the
heavy lifting and the main process only streams results to disk. Engines map it over the
paths and yield payloads in input order.
"""

from __future__ import annotations

import gc
import os
import secrets
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, wait
from contextlib import contextmanager
from itertools import islice

from .boilerplate import prepare
from .errors import InputError
from .kinds import counts, walk
from .pipeline import ingest_file
from .tables import document_columns
from .writers import document_json_bytes


def ingest_one(path: str, max_bytes: int, stage: str | None = None, name: str | None = None,
               overrides: dict | None = None) -> dict:
    """Ingest one file into a payload, or an ``error`` payload for bad input.

    ``name`` is the file's ``source`` in the records (its path relative to the batch's
    common folder). With ``stage`` (a directory the writer can see), the canonical JSON is
    written there by the worker and the payload carries its file name, not its text."""
    try:
        res = ingest_file(path, max_bytes=max_bytes, name=name)
    except InputError as e:
        return {"path": path, "error": e.as_dict()}
    except OSError as e:
        err = InputError(path, None, "a readable file", f"{type(e).__name__} ({e.strerror})",
                         hint="check the path and its permissions")
        return {"path": path, "error": err.as_dict()}
    if overrides:  # --region/--department for a single file: what the user knows beats what was read
        doc = res.document
        for k, v in overrides.items():
            setattr(doc, k, v)
        if "region" in overrides:  # province, city and level follow the region (boilerplate.prepare)
            doc.province = doc.city = doc.region_level = None
    return payload(res.document, res.residue, path, stage, res.nbytes, res.empty_sections, res.lines, res.document.notes)


def payload(doc, residue, path: str, stage: str | None = None, nbytes: int = 0,
            empty_sections: list | None = None, lines: list[str] | None = None,
            notes: list[str] | None = None) -> dict:
    """The compact form of an ingested document that the dataset writer consumes."""
    walked = walk(doc)  # once for the clustering texts, the table rows and the counts
    trs = prepare(doc, walked)
    out = {
        "path": path, "source": doc.source, "doc_id": doc.id, "sha256": doc.sha256, "region": doc.region,
        "bytes": nbytes, "columns": document_columns(doc, walked),
        "residue": [x.model_dump() | {"document_id": doc.id} for x in residue],
        # Text records for clustering, as parallel lists: ids packed 8 bytes each.
        "rec_ids": bytes.fromhex("".join([tr.record.id for tr in trs])),
        "keys": [tr.key for tr in trs], "chars": [len(tr.text) for tr in trs], "kinds": [tr.kind for tr in trs],
        "summary": {
            "source": doc.source, "layouts": "+".join(doc.layouts), **counts(doc, walked),
            "residue": len(residue), "region": doc.region, "department": doc.department,
            "doc_id": doc.id, "line_count": doc.line_count, "empty_sections": empty_sections or [],
            "format": doc.format, "notes": notes or [], "warnings": list(doc.quality.warnings),
            "truncated_at": next((x.line for x in residue if x.reason.startswith("incomplete row")
                                  and x.line >= doc.line_count - 2), None),
        },
    }
    data = document_json_bytes(doc)
    text = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    if stage is None:
        out["json"] = data
        out["text"] = text
    else:
        # open(.., "xb") rather than mkstemp: the file follows the umask (mkstemp makes it
        # 0600, and a published dataset must be readable by colleagues and web servers).
        name = os.path.join(stage, f"{doc.id}-{os.getpid()}-{secrets.token_hex(4)}.json")
        with open(name, "xb") as fh:
            fh.write(data)
        out["json_file"] = name
        with open(name[:-5] + ".txt", "xb") as fh:
            fh.write(text)
        out["text_file"] = name[:-5] + ".txt"
    return out


def _worker_init(parent: int) -> None:
    """Pool worker set-up.

    Leave when the main process is gone: a SIGKILLed main process would otherwise leave its
    workers blocked on the task queue forever (each holds the queue's other end, so they
    never see it close). And collect cyclic garbage less often, and never scan what was
    loaded before the first file: ingest makes almost no cycles, yet the collector took
    6.5% of worker time (measured with gc.callbacks over 200 synthetic documents)."""
    def watch():
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    # A terminal's Ctrl-C reaches every process of the group: workers leave interrupts to
    # the main process, which ends them and cleans up (signals.install).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=watch, daemon=True, name="rlist-parent-watch").start()
    gc.freeze()
    gc.set_threshold(50_000, 50, 1000)


def _apply(fn, batch: list[tuple]) -> list:
    """Run ``fn`` over a chunk of argument tuples in a pool worker."""
    return [fn(*a) for a in batch]


def _bounded_map(ex: ProcessPoolExecutor, fn, args: Iterator[tuple], chunk: int, in_flight: int) -> Iterator:
    """``fn(*a)`` for each argument tuple, in order, run on the pool in chunks with at most
    ``in_flight`` chunks submitted. ``Executor.map`` submits every task at once, drawing its
    inputs to the end: for the JSON patch that held every document's cluster assignment in
    memory together (6 GB at 100,000 documents). Here inputs are drawn as results come back.
    Stopped early (--strict, an error), pending chunks are cancelled and running ones waited
    for, so no worker still writes into the dataset's stage once the caller moves on."""
    window: deque = deque()
    try:
        while batch := list(islice(args, chunk)):
            window.append(ex.submit(_apply, fn, batch))
            if len(window) >= in_flight:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    finally:
        for f in window:
            f.cancel()
        wait(window)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


@contextmanager
def local_engine(jobs: int):
    """Yields (map over paths, their sources -> payload iterator, generic map for other work)."""
    if jobs <= 1:
        yield (lambda paths, max_bytes, stage, names:
               (ingest_one(p, max_bytes, stage, n) for p, n in zip(paths, names, strict=True))), map
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(os.getpid(),)) as ex:
        def run(paths, max_bytes, stage, names) -> Iterator[dict]:
            # One file per task: results are consumed in order, and a bounded window keeps
            # finished payloads from piling up in memory.
            return _bounded_map(ex, ingest_one, ((p, max_bytes, stage, n) for p, n in zip(paths, names, strict=True)),
                                1, 8 * jobs)

        def pmap(fn, *its) -> Iterator:
            return _bounded_map(ex, fn, zip(*its, strict=True), 16, 4 * jobs)

        try:
            yield run, pmap
        finally:
            ex.shutdown(wait=True, cancel_futures=True)


@contextmanager
def dask_engine(jobs: int, scheduler: str | None):
    """The same per-file work on a Dask distributed cluster (a LocalCluster when no
    scheduler address is given). Needs ``pip install 'rlist-ingest[dask]'``."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:  # pragma: no cover - depends on the optional extra
        raise InputError("--engine dask", None, "the dask extra installed", "no dask.distributed",
                         hint="pip install 'rlist-ingest[dask]'") from e
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None)
        client = Client(cluster)

    def run(paths, max_bytes, stage, names) -> Iterator[dict]:
        # Cluster workers may not see this machine's disk: the JSON text travels back.
        futures = client.map(ingest_one, paths, [max_bytes] * len(paths), [None] * len(paths), names, pure=False)
        for f in futures:
            yield f.result()
            f.release()

    try:
        # The output is written on this machine, so work on its files (the JSON patch pass)
        # runs in a local pool, not on cluster workers that may not see them.
        with local_engine(jobs) as (_, pmap):
            yield run, pmap
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
