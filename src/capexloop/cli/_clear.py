"""``capexloop clear``: its options as plain data and its body, typer-free (the typer command in
:mod:`capexloop.cli.stress` and the fast path of :mod:`capexloop.cli._fast` both call
:func:`run`)."""

from __future__ import annotations

from pathlib import Path

from ._fast import Opt

__all__ = ["MODELS", "OPTIONS", "run"]

#: The models of ``--model`` (as in :data:`capexloop.stress.run.MODELS`).
MODELS = ("en", "rv", "furfine", "debtrank", "linear_debtrank")

OPTIONS = (
    Opt("--liabilities", "liabilities", "path"),
    Opt("--assets", "assets", "path"),
    Opt("--model", "model", MODELS, "en"),
    Opt("--alpha", "alpha", "float", 1.0),
    Opt("--beta", "beta", "float", 1.0),
    Opt("--lgd", "lgd", "float", 1.0),
    Opt("--shock", "shock", "path", None),
    Opt("--json", "as_json", "flag", False),
)


def run(liabilities: Path, assets: Path, model: str = "en", alpha: float = 1.0,
        beta: float = 1.0, lgd: float = 1.0, shock: Path | None = None,
        as_json: bool = False) -> None:
    """Clear the network of the files and print the result (a table, or JSON)."""
    from ..stress.run import clear_files

    res = clear_files(liabilities, assets, model=model, shock=shock,  # type: ignore[arg-type]
                      alpha=alpha, beta=beta, lgd=lgd)
    if as_json:
        from ._json import emit_json

        return emit_json(res.to_dict())
    from rich.table import Table

    from .._console import console

    state = "converged" if res.converged else "NOT converged"
    t = Table(*res.columns, title=f"{res.model} ({state}, {res.iterations} rounds)")
    for r in res.rows():
        t.add_row(*[f"{x:.6g}" if isinstance(x, float) else str(x) for x in r.values()])
    console.print(t)
