"""Ctrl-C and SIGTERM: one signal ends the run at once, cleanly.

The handler does the whole job itself rather than raising KeyboardInterrupt through the
process pool's internals (which hung or printed InvalidStateError tracebacks when the
exception arrived mid-shutdown): it kills the worker processes, removes this run's staging
folders (so a previous dataset stays byte-identical: nothing is published before the
end), prints one line and exits 130 (SIGINT) or 143 (SIGTERM). Workers ignore both
signals (``parallel._worker_init``), so a terminal's Ctrl-C, which reaches the whole
process group, is handled once, here. Publishing itself holds signals back
(:meth:`outdir.Staging.publish`), so an interrupt never leaves half a dataset.
"""

from __future__ import annotations

import os
import signal
import sys

# Nothing heavy is imported here: the handlers are installed before the rest of the tool
# is loaded (a third of a second), so that an early Ctrl-C is handled like a late one.


def _descendants(root: int) -> list[int]:
    """Processes below ``root`` (Linux /proc; elsewhere multiprocessing's children)."""
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        import multiprocessing

        return [p.pid for p in multiprocessing.active_children() if p.pid]
    for e in entries:
        if not e.isdigit():
            continue
        try:
            with open(f"/proc/{e}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: fields follow the last ")".
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(e))
    out, todo = [], [root]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def end_workers() -> None:
    """Kill every process this one started (pool workers, a local Dask cluster) and reap
    the direct children."""
    me = os.getpid()
    for pid in _descendants(me):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    while True:
        try:
            os.waitpid(-1, 0)
        except OSError:  # ChildProcessError: none left
            break


INSTALLED = False


def install() -> None:
    """Install the handlers (the console entry point does; the library never does)."""
    global INSTALLED
    INSTALLED = True
    main_pid = os.getpid()

    def handler(signum, frame):
        if os.getpid() != main_pid:  # a freshly forked worker before its initializer ran
            os._exit(128 + signum)
        what = "interrupted" if signum == signal.SIGINT else "terminated"
        outdir = sys.modules.get("rlist_ingest.outdir")
        if outdir is None:  # still loading: nothing was written yet
            os.write(2, f"rlist: {what}\n".encode())
            os._exit(128 + signum)
        if outdir.DEFER["on"]:
            outdir.DEFER["pending"] = signum
            return
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        end_workers()
        runs = outdir.abort_all()
        if outdir.DEFER["published"] is not None:
            line = f"{what} after the dataset was published to {outdir.DEFER['published']}"
        elif not runs:
            line = what
        elif any(kept for _, kept in runs):
            line = f"{what}; previous dataset kept in {runs[0][0]}"
        else:
            line = f"{what}; nothing written to {runs[0][0]}"
        prefix = "\r\x1b[2K\x1b[?25h" if sys.stderr.isatty() else ""  # clear a progress bar, show the cursor
        try:
            os.write(2, (prefix + f"rlist: {line}\n").encode("utf-8", "replace"))
        finally:
            os._exit(128 + signum)

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
