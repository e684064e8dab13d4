"""Run one clearing or contagion model on a liability network read from files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from .._results import ResultMixin, column_records
from ..errors import CapexloopError

__all__ = ["MODELS", "ModelRun", "clear_files"]

MODELS = ("en", "rv", "furfine", "debtrank", "linear_debtrank")
Model = Literal["en", "rv", "furfine", "debtrank", "linear_debtrank"]


@dataclass(frozen=True)
class ModelRun(ResultMixin):
    """One model's outcome per bank (``columns``: name → one value per bank), with
    convergence diagnostics."""

    model: str
    converged: bool
    iterations: int
    columns: dict[str, Any]
    residual: float | None = None
    debtrank: float | None = None

    @property
    def banks(self):
        """The per-bank columns as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.columns)

    def rows(self) -> list[dict[str, Any]]:
        """One record per bank (JSON-ready)."""
        return column_records(self.columns)

    def to_dict(self) -> dict[str, Any]:
        meta: dict[str, Any] = {"model": self.model, "converged": self.converged,
                                "iterations": self.iterations}
        if self.debtrank is None:
            meta["residual"] = self.residual
        else:
            meta["debtrank"] = self.debtrank
        return {**meta, "banks": self.rows()}

    def summary(self) -> str:
        state = "converged" if self.converged else "NOT converged"
        return (f"{self.model} ({state}, {self.iterations} rounds)\n"
                + self.banks.to_string(index=False))


def clear_files(liabilities: str | Path, assets: str | Path, *, model: Model = "en",
                shock: str | Path | None = None, alpha: float = 1.0, beta: float = 1.0,
                lgd: float = 1.0) -> ModelRun:
    """Read ``liabilities`` (square CSV or debtor,creditor,amount list), ``assets`` (id,value:
    external assets for en/rv, equity for furfine/debtrank) and an optional ``shock`` (id,value
    losses), then clear (Eisenberg–Noe, Rogers–Veraart) or run a contagion model."""
    from .io import read_liabilities, read_vector

    if model not in MODELS:
        raise CapexloopError(f"unknown model {model!r} (one of: {', '.join(MODELS)})",
                             field="--model")
    ids, L = read_liabilities(Path(liabilities))
    a = read_vector(Path(assets), ids, "assets")
    s = (read_vector(Path(shock), ids, "shock", required=False) if shock
         else np.zeros(len(ids)))
    if (s < 0).any():
        raise CapexloopError("shock values are losses and must not be negative",
                             source=str(shock), field="value")
    if model in ("en", "rv"):
        from .clearing import eisenberg_noe, rogers_veraart

        e = a - s
        if (e < 0).any():
            raise CapexloopError("a shock exceeds the external assets of "
                                 f"{[ids[i] for i in np.flatnonzero(e < 0)][:5]}",
                                 source=str(shock), field="value")
        res = (eisenberg_noe(L, e, ids=ids) if model == "en"
               else rogers_veraart(L, e, alpha=alpha, beta=beta, ids=ids))
        return ModelRun(res.model, res.converged, res.n_iter, res.columns(),
                        residual=res.residual)
    from .contagion import debtrank, furfine, linear_debtrank

    fn = {"furfine": lambda: furfine(L, a, s, lgd=lgd), "debtrank": lambda: debtrank(L, a, s),
          "linear_debtrank": lambda: linear_debtrank(L, a, s)}[model]
    res = fn()
    cols = {"id": list(ids), "h": res.h[0], "h0": res.h0[0],
            "default_round": res.default_round[0], "defaulted": res.defaulted[0]}
    return ModelRun(res.model, res.converged, res.n_iter, cols,
                    debtrank=float(res.debtrank()[0]))
