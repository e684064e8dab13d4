"""Synthetic ledgers of any size with the shape of the AI build-out, for scaling work.

Entities come in realistic proportions (few chip and equipment vendors, more clouds, many labs
and investors) and deal counterparties are drawn with heavy-tailed (Zipf-like) weights, so a few
hubs carry most deals as NVIDIA, Microsoft or OpenAI do in the real ledger. Deal kinds follow
the three-layer map: labs buy cloud and chips, clouds buy chips and equipment, vendors finance
labs and clouds (equity, warrants, loans, backstops), investors finance labs and clouds. Labs
carry revenue and compute-commitment observations so that commitment coverage has work to do.
Nothing here is a real-world figure.
"""

from __future__ import annotations

import numpy as np

from .bulk import validate_columns
from .model import Deal, Entity, Layer, Ledger, Observation

__all__ = ["LAYER_SHARES", "synthetic_ledger"]

#: share of entities in each layer
LAYER_SHARES = {"model_provider": 0.30, "cloud": 0.15, "semiconductor": 0.05,
                "equipment_vendor": 0.05, "investor": 0.20, "other": 0.25}

#: (share of deals, kind, payer layer, payee layer)
_FLOWS = (
    (0.25, "cloud_contract", "model_provider", "cloud"),
    (0.05, "compute_purchase", "model_provider", "cloud"),
    (0.15, "chip_purchase", "cloud", "semiconductor"),
    (0.05, "chip_purchase", "model_provider", "semiconductor"),
    (0.05, "equipment_purchase", "cloud", "equipment_vendor"),
    (0.03, "equipment_purchase", "semiconductor", "equipment_vendor"),
    (0.04, "cloud_contract", "other", "cloud"),
    (0.08, "equity", "semiconductor", "model_provider"),
    (0.03, "warrant", "semiconductor", "cloud"),
    (0.04, "vendor_loan", "semiconductor", "cloud"),
    (0.03, "capacity_backstop", "semiconductor", "cloud"),
    (0.03, "equity", "cloud", "model_provider"),
    (0.02, "vendor_loan", "equipment_vendor", "cloud"),
    (0.10, "equity", "investor", "model_provider"),
    (0.05, "guarantee", "investor", "cloud"),
)


def _zipf_pick(rng: np.random.Generator, members: np.ndarray, size: int) -> np.ndarray:
    w = 1.0 / np.arange(1, members.size + 1) ** 0.9
    return members[rng.choice(members.size, size=size, p=w / w.sum())]


def synthetic_ledger(entities: int, deals: int, *, seed: int = 0, unknown: float = 0.03,
                     name: str | None = None) -> Ledger:
    """A ledger of ``entities`` entities and about ``deals`` deals (see the module docstring).

    ``unknown`` is the share of deals whose amount is unknown. Records are built without
    re-validation (they are valid by construction), deals through the column-by-column validator
(:mod:`capexloop.ledger.bulk`); the result is a normal :class:`Ledger`.
    """
    rng = np.random.default_rng(seed)
    layers = np.array(list(LAYER_SHARES))
    counts = np.maximum(1, np.round(np.array(list(LAYER_SHARES.values())) * entities)).astype(int)
    counts[-1] = max(1, entities - counts[:-1].sum())
    layer_of = np.repeat(layers, counts)
    ids = [f"{lay[:3]}{i}" for i, lay in enumerate(layer_of)]
    ents = [Entity.model_construct(id=e, name=e.upper(), layer=Layer(lay), aliases=[], country="",
                                   sources=["synthetic"], notes="")
            for e, lay in zip(ids, layer_of, strict=True)]
    members = {lay: np.flatnonzero(layer_of == lay) for lay in layers}
    cols: dict[str, list] = {"id": [], "kind": [], "payer": [], "payee": [], "amount_usd": [],
                             "announced": []}
    for share, kind, a, b in _FLOWS:
        m = round(share * deals)
        if m == 0:
            continue
        payer, payee = _zipf_pick(rng, members[a], m), _zipf_pick(rng, members[b], m)
        amt = rng.lognormal(np.log(2e8), 1.6, m)
        spread = rng.random(m) < 0.2
        unk = rng.random(m) < unknown
        year = rng.integers(2022, 2027, m)
        k = len(cols["id"])
        cols["id"] += [f"d{k + i}" for i in range(m)]
        cols["kind"] += [kind] * m
        cols["payer"] += [ids[i] for i in payer]
        cols["payee"] += [ids[i] for i in payee]
        cols["amount_usd"] += [None if u else (f"{lo!r}..{lo * 1.5!r}" if s else lo)
                               for lo, s, u in zip(amt.tolist(), spread.tolist(), unk.tolist(),
                                                   strict=True)]
        cols["announced"] += [str(y) for y in year.tolist()]
    n = len(cols["id"])
    cols |= {"status": ["committed"] * n, "sources": ["synthetic"] * n}

    def one(i: int) -> None:       # never reached: every row is valid by construction
        Deal.model_validate({c: v[i] for c, v in cols.items() if v[i] is not None})

    recs = validate_columns(Deal, cols, n, on_error=one)
    obs: list[Observation] = []
    for j in members["model_provider"]:
        if rng.random() < 0.8:
            obs.append(Observation(entity=ids[j], metric="revenue", date="2025",
                                   value=float(rng.lognormal(np.log(5e8), 1.5)), unit="USD",
                                   sources=["synthetic"]))
        if rng.random() < 0.5:
            obs.append(Observation(entity=ids[j], metric="compute_commitments", date="2025",
                                   value=float(rng.lognormal(np.log(5e9), 1.5)), unit="USD",
                                   sources=["synthetic"]))
    return Ledger.model_construct(name=name or f"synthetic-{entities}", entities=ents,
                                  deals=recs, observations=obs, events=[], parameters=[])

