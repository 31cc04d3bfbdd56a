"""The package's shape: no import cycle among its modules (top-level imports, including
those under ``if TYPE_CHECKING``), and only the assembly layer builds table records."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "src" / "rlist_ingest"


def _module(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    mod = _module(path)
    package = mod if path.name == "__init__.py" else mod.rsplit(".", 1)[0]
    out = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    stmts = list(tree.body)
    while stmts:  # module level, and inside module-level if-blocks (TYPE_CHECKING)
        node = stmts.pop()
        if isinstance(node, ast.If):
            stmts += node.body + node.orelse
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("rlist_ingest"):
                out.add(target)
                for a in node.names:
                    out.add(f"{target}.{a.name}")
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("rlist_ingest")}
    return out


def test_no_import_cycle():
    files = {_module(p): p for p in PKG.rglob("*.py")}
    graph = {m: {t for t in _imports(p) if t in files and t != m} for m, p in files.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(t):] + [t]))
            if t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)


def test_only_assembly_builds_records():
    """Readers of text layouts decode rows and tag lines; every record is built in assemble/."""
    for path in sorted((PKG / "extractors").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for cls in ("Responsibility(", "Boundary(", "BoundaryParty(", "Service(", "Regime(", "RegimePart(",
                    "Clause(", "CLAUSES.", "WORK_ITEMS."):
            assert cls not in text, f"{path.name} builds {cls[:-1]} records"


def test_text_readers_hand_over_tables_and_do_not_assemble():
    """Extractors end at rows_to_tables; the pipeline calls assembly. From assemble/ they
    use only the per-document context and the regime numbering labels."""
    allowed = {"rlist_ingest.assemble.context", "rlist_ingest.assemble.regimes"}
    modules = {_module(p) for p in PKG.rglob("*.py")}
    for path in sorted((PKG / "extractors").glob("*.py")):
        used = {m for m in _imports(path) if m in modules and m.startswith("rlist_ingest.assemble")}
        assert used <= allowed, f"{path.name} imports {sorted(used - allowed)}"
        assert "def rows_to_records" not in path.read_text(encoding="utf-8")
