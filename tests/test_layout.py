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



def _dataset_uses(path: Path, root: Path = SRC) -> list[str]:
    """Lines of ``path`` that import ``capexloop.ledger.datasets`` (or a name of it through
    ``capexloop.ledger``) or call ``load_dataset``; docstring examples are text, not code."""
    from capexloop.ledger import datasets

    names = set(datasets.__all__)
    rel = path.relative_to(root).with_suffix("").parts
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        mods: list[list[str]] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parts = list(rel[:len(rel) - node.level]) + (
                    node.module.split(".") if node.module else [])
            else:
                parts = (node.module or "").split(".")
                parts = parts[1:] if parts[0] == "capexloop" else ["-"]
            mods = [[*parts, a.name] for a in node.names]
        elif isinstance(node, ast.Import):
            mods = [a.name.split(".")[1:] for a in node.names if a.name.startswith("capexloop.")]
        elif isinstance(node, ast.Call):
            f = node.func
            name = getattr(f, "id", None) or getattr(f, "attr", None)
            if name == "load_dataset":
                out.append(f"{path.relative_to(root)}:{node.lineno} calls load_dataset")
        for m in mods:
            if m[:2] == ["ledger", "datasets"] or (len(m) == 2 and m[0] == "ledger"
                                                    and m[1] in names):
                out.append(f"{path.relative_to(root)}:{node.lineno} imports "
                           f"capexloop.{'.'.join(m)}")
    return out


def test_engines_take_their_ledgers_as_arguments():
    """No engine (network, stress, bubble, forensics, macro, economics, audit) loads an
    embedded dataset as a hidden default: only ``studies``, the report, the dashboard and the
    CLI choose a dataset, and say which."""
    bad = [u for e in sorted(ENGINES) for p in sorted((SRC / e).rglob("*.py"))
           for u in _dataset_uses(p)]
    assert not bad, bad


def test_the_dataset_check_sees_every_form(tmp_path):
    """The check above catches relative, absolute and package-level imports and a call, and
    passes a docstring example (a check that cannot fail is no check)."""
    mod = tmp_path / "stress" / "m.py"
    mod.parent.mkdir()
    for code in ("from ..ledger.datasets import load_dataset\n",
                 "from capexloop.ledger import datasets\n",
                 "from ..ledger import load_dataset\n",
                 "from capexloop.ledger import DATASETS\n",
                 "import capexloop.ledger.datasets\n",
                 "x = ledger.load_dataset('telecom2000')\n"):
        mod.write_text(code, encoding="utf-8")
        assert _dataset_uses(mod, tmp_path), code
    mod.write_text('"""\n>>> load_dataset("ai2025")\n"""\nfrom ..ledger.model import Ledger\n'
                   "from ..ledger import Ledger as L\n", encoding="utf-8")
    assert not _dataset_uses(mod, tmp_path)
