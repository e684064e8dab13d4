"""AMD's OpenAI warrants (seed E10): value and dilution across share prices and deployment."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["amd_warrants"]

def amd_warrants(prices=(100, 150, 200, 250, 300, 400, 600, 800), deployed_gw=(0, 1, 2, 3, 4,
                 5, 6), *, shares: float = 160e6, tranches: int = 6, total_gw: float = 6.0,
                 last_price_hurdle: float = 600.0, strike: float = 0.01,
                 shares_outstanding: float | None = None) -> dict[str, pd.DataFrame]:
    """Value and dilution of AMD's OpenAI warrants across share prices and deployment.

    Seed E10: 160M shares at a nominal price, ~10% of AMD (so ~1.6B shares outstanding),
    vesting in tranches with the 6 GW deployment, the last only at a $600 share price.
    Assumed (not in the seed): equal tranches, tranche k vests at k·(6/n) GW, no price hurdle
    before the last. Value = vested shares × (price − strike); dilution = vested /
    (outstanding + vested).
    """
    out_sh = shares_outstanding if shares_outstanding is not None else shares / 0.10
    P, G = np.meshgrid(np.asarray(prices, float), np.asarray(deployed_gw, float),
                       indexing="ij")
    per = shares / tranches
    k = np.floor(G / (total_gw / tranches) + 1e-9).clip(0, tranches)
    last_ok = last_price_hurdle <= P
    vested_tranches = np.where((k >= tranches) & ~last_ok, tranches - 1, k)
    vested = vested_tranches * per
    value = vested * np.maximum(P - strike, 0)
    dil = vested / (out_sh + vested)
    idx = pd.Index(prices, name="amd_price")
    cols = pd.Index(deployed_gw, name="gw_deployed")
    return {"value": pd.DataFrame(value, index=idx, columns=cols),
            "vested_shares": pd.DataFrame(vested, index=idx, columns=cols),
            "dilution": pd.DataFrame(dil, index=idx, columns=cols)}
