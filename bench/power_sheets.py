"""Per sheet of every power-list workbook in a folder: powers, 子项, powers with an inferred
序号, residue entries, and the document's warnings (``make power-sheets``).

    python -m bench.power_sheets ../shared/real/karamay
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from rlist_ingest.errors import InputError
from rlist_ingest.pipeline import ingest_file


def main(folder: str) -> int:
    print("| workbook | sheet | powers | 子项 | inferred 序号 | residue entries | warnings |")
    print("|---|---|---|---|---|---|---|")
    totals = Counter()
    for p in sorted(Path(folder).iterdir()):
        try:
            r = ingest_file(p)
        except InputError as e:
            print(f"| {p.name} | error | {e.code} | | | | |")
            totals["errors"] += 1
            continue
        d = r.document
        sheet = lambda origin: (origin or "").split("!")[0]  # noqa: E731
        powers = Counter(sheet(x.origin) for x in d.powers)
        items = Counter(sheet(x.origin) for x in d.powers for _ in x.items)
        inferred = Counter(sheet(x.origin) for x in d.powers if x.seq_inferred)
        residue = Counter(sheet(x.origin) for x in r.residue)
        for s in d.sheets:
            print(f"| {p.name} | {s} | {powers[s]} | {items[s]} | {inferred[s]} | {residue[s]} | "
                  f"{len(d.quality.warnings) if s == d.sheets[0] else ''} |")
        totals.update(powers=len(d.powers), items=sum(items.values()), residue=len(r.residue),
                      services=len(d.services), responsibilities=len(d.responsibilities), regimes=len(d.regimes))
    print(f"\ntotal: {dict(totals)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "../shared/real/karamay"))
