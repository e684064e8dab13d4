"""The import arrows of the README's Layout section hold (module and function-level imports)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "capexloop"
UTILITIES = {"_files", "_lazy", "_results", "errors", "http", "_console"}
ENGINES = {"network", "stress", "bubble", "forensics", "macro", "economics", "audit"}
TOP = {"studies", "report", "dashboard", "cli"}
#: package -> capexloop packages it must not import
FORBIDDEN = {
    **{u: ENGINES | TOP | {"ledger"} for u in UTILITIES},
    "ledger": ENGINES | TOP,
    **{e: TOP for e in ENGINES},
    "studies": {"report", "dashboard", "cli"},
    "report": {"cli", "dashboard"},
    "dashboard": {"cli"},
}


def _targets(path: Path) -> set[str]:
    """capexloop top-level packages imported anywhere in ``path``."""
    rel = path.relative_to(SRC).with_suffix("").parts
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(rel[:len(rel) - node.level])
                parts = base + (node.module.split(".") if node.module else [])
                if not node.module:  # from .. import x
                    parts += [a.name for a in node.names][:1]
            elif node.module and node.module.startswith("capexloop."):
                parts = node.module.split(".")[1:]
            else:
                continue
            if parts:
                out.add(parts[0])
        elif isinstance(node, ast.Import):
            out |= {a.name.split(".")[1] for a in node.names
                    if a.name.startswith("capexloop.")}
    return out


def test_import_arrows():
    bad = []
    for path in SRC.rglob("*.py"):
        owner = path.relative_to(SRC).with_suffix("").parts[0]
        for t in _targets(path) & FORBIDDEN.get(owner, set()):
            bad.append(f"{path.relative_to(SRC)} imports {t}")
    assert not bad, bad
