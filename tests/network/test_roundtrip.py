"""Round-trip revenue on hand-computed ledgers, against a second method, and its invariants."""

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from capexloop.ledger import Deal, Entity, Ledger, load_dataset
from capexloop.network import flow_matrices, round_trip, round_trip_share
from capexloop.network.roundtrip import _proportional, _proportional_loop


def ledger(deals, names=("nvidia", "openai", "oracle", "microsoft", "coreweave")):
    ents = [Entity(id=n, name=n) for n in names]
    return Ledger(entities=ents, deals=[Deal(id=f"d{i}", kind=k, payer=a, payee=b, amount_usd=x)
                                        for i, (k, a, b, x) in enumerate(deals)])


def by_id(rt, attr):
    return dict(zip(rt.ids, getattr(rt, attr), strict=True))


def test_nvidia_openai_direct():
    """NVIDIA → OpenAI $100B equity, OpenAI → NVIDIA $400B chips, nothing else.
    OpenAI's pool is max(100, 400) = $400B, 1/4 of it NVIDIA's; all $400B goes to NVIDIA, so
    $100B of NVIDIA's revenue is its own money (25%); earmarked the same: min(100, 400)."""
    rt = round_trip(ledger([("equity", "nvidia", "openai", 100e9),
                            ("chip_purchase", "openai", "nvidia", 400e9)]))
    assert by_id(rt, "proportional")["nvidia"] == pytest.approx(100e9)
    assert by_id(rt, "earmarked")["nvidia"] == pytest.approx(100e9)
    assert by_id(rt, "share")["nvidia"] == pytest.approx(0.25)


def test_microsoft_azure_with_other_spending():
    """Microsoft → OpenAI $13B; OpenAI spends $10B on Azure and $30B at Oracle, funded $27B from
    outside. Pool 40; Microsoft's share 13/40; back to Azure: 10 × 13/40 = $3.25B (proportional);
    earmarked min(13, 10) = $10B."""
    rt = round_trip(ledger([("equity", "microsoft", "openai", 13e9),
                            ("cloud_contract", "openai", "microsoft", 10e9),
                            ("cloud_contract", "openai", "oracle", 30e9)]))
    assert by_id(rt, "proportional")["microsoft"] == pytest.approx(3.25e9)
    assert by_id(rt, "proportional_direct")["microsoft"] == pytest.approx(3.25e9)
    assert by_id(rt, "earmarked")["microsoft"] == pytest.approx(10e9)


def test_coreweave_stock_for_contract():
    """CoreWeave gives OpenAI $350M of stock; OpenAI pays CoreWeave $22B. Pool 22B; share
    0.35/22; back: 22 × 0.35/22 = $350M = all of it, 1.59% of CoreWeave's revenue."""
    led = ledger([("equity", "coreweave", "openai", 350e6),
                  ("cloud_contract", "openai", "coreweave", 22e9)])
    assert round_trip_share(led, "CoreWeave") == pytest.approx(0.35 / 22)


def test_through_an_intermediary():
    """NVIDIA → OpenAI $100B; OpenAI → Oracle $300B (its only spending, pool 300);
    Oracle → NVIDIA $150B chips (Oracle pool 300). NVIDIA-money at Oracle: 100/300 × 300 = 100;
    back to NVIDIA: 100/300 × 150 = $50B, none of it direct. Earmarked: min path 100."""
    rt = round_trip(ledger([("equity", "nvidia", "openai", 100e9),
                            ("cloud_contract", "openai", "oracle", 300e9),
                            ("chip_purchase", "oracle", "nvidia", 150e9)]))
    assert by_id(rt, "proportional")["nvidia"] == pytest.approx(50e9)
    assert by_id(rt, "proportional_direct")["nvidia"] == 0
    assert by_id(rt, "earmarked")["nvidia"] == pytest.approx(100e9)
    assert by_id(rt, "earmarked_direct")["nvidia"] == 0


def test_no_financing_means_no_round_trip():
    rt = round_trip(ledger([("chip_purchase", "openai", "nvidia", 400e9)]))
    assert rt.proportional.sum() == 0 and rt.earmarked.sum() == 0
    assert rt.to_frame().empty


def test_empty_ledger():
    rt = round_trip(Ledger())
    assert rt.ids == () and np.isnan(rt.totals()["share"])


def _random_flows(seed, n, p):
    rng = np.random.default_rng(seed)
    mask = rng.random((n, n)) < p
    np.fill_diagonal(mask, False)
    vals = rng.lognormal(0, 1, (n, n)) * mask
    fin = vals * (rng.random((n, n)) < 0.4)
    return sp.csr_matrix(fin * 1e9), sp.csr_matrix((vals - fin) * 1e9)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 12), st.floats(0.1, 0.7))
def test_invariants_and_second_method(seed, n, p):
    """round trip ≤ financing and ≤ revenue; proportional ≤ earmarked (a flow with leaks never
    beats the max flow); the batched Sherman–Morrison solve equals per-vendor sparse solves."""
    F, G = _random_flows(seed, n, p)
    from capexloop.network.graph import FlowMatrices

    fm = FlowMatrices(tuple(str(i) for i in range(n)), F, G)
    rt = round_trip(fm)
    tol = 1e-6 * (1 + rt.revenue)
    assert np.all(rt.proportional <= rt.financing_out + tol)
    assert np.all(rt.proportional <= rt.revenue + tol)
    assert np.all(rt.earmarked <= np.minimum(rt.financing_out, rt.revenue) + tol)
    assert np.all(rt.proportional <= rt.earmarked + 1e3 * n * n + tol)  # max-flow in $1k units
    assert np.all(rt.proportional_direct <= rt.proportional + tol)
    total, _ = _proportional(F, G)
    W = (F + G).tocsr()
    S = np.maximum(np.asarray(W.sum(0)).ravel(), np.asarray(W.sum(1)).ravel())
    inv = np.divide(1.0, S, out=np.zeros(n), where=S > 0)
    P = sp.diags(inv) @ W
    vendors = np.flatnonzero((np.asarray(F.sum(1)).ravel() > 0) & (np.asarray(G.sum(0)).ravel() > 0))
    if vendors.size:
        loop = _proportional_loop(F, (sp.diags(inv) @ G).tocsc(), P, vendors)
        np.testing.assert_allclose(total[vendors], np.clip(loop, 0, None), rtol=1e-8, atol=1e-3)


def test_ai2025_values():
    """NVIDIA: $100B invested, $400B of chips bought by OpenAI; the upper bound is the $100B
    plus CoreWeave's part of NVIDIA's $9.3B that reaches NVIDIA via OpenAI (≤ $350M)."""
    rt = round_trip(load_dataset("ai2025"))
    up = by_id(rt, "earmarked")
    assert 100e9 <= up["nvidia"] <= 100.35e9
    assert up["amd"] == pytest.approx(35e9)          # warrants $30–40B at mid
    assert up["microsoft"] == pytest.approx(9.75e9)  # Azure spend-back $6.5–13B at mid
    prop = by_id(rt, "proportional")
    assert 0 < prop["nvidia"] < up["nvidia"]


def test_amount_choice_and_window():
    led = load_dataset("ai2025")
    lo = flow_matrices(led, amount="low").money.sum()
    hi = flow_matrices(led, amount="high").money.sum()
    assert lo < hi
    early = flow_matrices(led, end="2022-12-31")
    msft = early.index["microsoft"]
    assert early.financing[msft, early.index["openai"]] == 13e9
    assert early.goods[early.index["openai"], early.index["oracle"]] == 0
