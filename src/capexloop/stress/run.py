"""Run one clearing or contagion model on a liability network read from files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from .._results import ResultMixin
from ..errors import CapexloopError

__all__ = ["MODELS", "ModelRun", "clear_files"]

MODELS = ("en", "rv", "furfine", "debtrank", "linear_debtrank")
Model = Literal["en", "rv", "furfine", "debtrank", "linear_debtrank"]


@dataclass(frozen=True)
class ModelRun(ResultMixin):
    """One model's outcome per bank, with convergence diagnostics."""

    model: str
    converged: bool
    iterations: int
    banks: pd.DataFrame
    residual: float | None = None
    debtrank: float | None = None

    def to_dict(self) -> dict[str, Any]:
        meta: dict[str, Any] = {"model": self.model, "converged": self.converged,
                                "iterations": self.iterations}
        if self.debtrank is None:
            meta["residual"] = self.residual
        else:
            meta["debtrank"] = self.debtrank
        return {**meta, "banks": self.banks.to_dict(orient="records")}

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
    from .clearing import eisenberg_noe, rogers_veraart
    from .contagion import debtrank, furfine, linear_debtrank
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
        e = a - s
        if (e < 0).any():
            raise CapexloopError("a shock exceeds the external assets of "
                                 f"{[ids[i] for i in np.flatnonzero(e < 0)][:5]}",
                                 source=str(shock), field="value")
        res = (eisenberg_noe(L, e, ids=ids) if model == "en"
               else rogers_veraart(L, e, alpha=alpha, beta=beta, ids=ids))
        return ModelRun(res.model, res.converged, res.n_iter, res.to_frame(),
                        residual=res.residual)
    fn = {"furfine": lambda: furfine(L, a, s, lgd=lgd), "debtrank": lambda: debtrank(L, a, s),
          "linear_debtrank": lambda: linear_debtrank(L, a, s)}[model]
    res = fn()
    df = res.to_frame()
    df.insert(0, "id", ids)
    df["defaulted"] = res.defaulted[0]
    return ModelRun(res.model, res.converged, res.n_iter, df,
                    debtrank=float(res.debtrank()[0]))
