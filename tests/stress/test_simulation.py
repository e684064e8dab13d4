"""Multi-year stress simulation: the acceptance cases of the stress issue, worked by hand.

Each case is a 2–4 entity ledger whose numbers can be followed on paper; the arithmetic is in
the docstrings. Loss rates not under test are set to 0 so the expected loss is exact.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capexloop.ledger.datasets import load_dataset
from capexloop.ledger.model import Deal, Entity, Ledger, Observation
from capexloop.stress.clearing import eisenberg_noe, rogers_veraart
from capexloop.stress.lossrates import default_loss_rates
from capexloop.stress.simulation import _clear, simulate_years

ZERO = {"inventory": 0.0, "stranded_capex": 0.0, "purchase_obligations": 0.0}


def lucent_rates():
    """The default loss rates, calibrated on Lucent's lines in ``telecom2000``."""
    return default_loss_rates(reference=load_dataset("telecom2000"))


def rates(**kw):
    return lucent_rates().override(**(ZERO | kw))


def obs(entity, metric, value, date="2024"):
    return Observation(entity=entity, metric=metric, date=date, value=value, unit="USD",
                       sources=["test"])


def ledger(entities, deals, observations):
    ents = [Entity(id=e, name=e, layer=layer) for e, layer in entities]
    return Ledger(name="t", entities=ents, deals=[Deal.model_validate(d) for d in deals],
                  observations=observations)


def lab_vendor(vendor_cash, vendor_equity, order=50e9, lab_cash=5e9):
    """Lab (no plan: cash margin 0, cash $5B) owes a chip vendor $50B in 2025."""
    return ledger(
        [("lab", "model_provider"), ("vendor", "semiconductor")],
        [{"id": "order", "kind": "chip_purchase", "payer": "lab", "payee": "vendor",
          "amount_usd": order, "schedule": {2025: order}, "status": "committed",
          "binding": True}],
        [obs("lab", "revenue", 10e9), obs("lab", "cash_and_securities", lab_cash),
         obs("vendor", "revenue", 5e9), obs("vendor", "operating_cash_flow", 1e9),
         obs("vendor", "cash_and_securities", vendor_cash),
         obs("vendor", "equity", vendor_equity)])


def test_thin_vendor_defaults_on_liquidity_and_says_why():
    """Vendor margin = OCF/revenue = 1/5 = 0.2; delivering the $50B order costs 0.8 × 50 = $40B.
    Lab pays only its $5B cash (margin 0). Vendor sources: cash 1 + 0.2 × 5 + 5 = $7B < $40B:
    liquidity default in 2025, shortfall $33B."""
    sim = simulate_years(lab_vendor(1e9, 100e9), start=2025, horizon=2027, rates=rates())
    d = sim.defaults.set_index("entity")
    assert d.loc["vendor", "type"] == "liquidity" and d.loc["vendor", "year"] == 2025
    assert "due $40B exceeds sources $7B" in d.loc["vendor", "reason"]
    assert "DEFAULT vendor 2025 (liquidity)" in sim.summary()


def test_vendor_with_cash_but_thin_equity_defaults_on_solvency():
    """Cash $100B covers the $40B cost, but the unpaid receivable 50 − 5 = $45B exceeds book
    equity $10B: solvency default, equity 10 − 45 = −$35B."""
    sim = simulate_years(lab_vendor(100e9, 10e9), start=2025, horizon=2027, rates=rates())
    d = sim.defaults.set_index("entity")
    assert d.loc["vendor", "type"] == "solvency"
    assert "less losses $45B is negative" in d.loc["vendor", "reason"]
    rec = sim.losses[(sim.losses.creditor == "vendor") & (sim.losses.type == "receivables")]
    assert rec.loss.sum() == pytest.approx(45e9)


def _warrant_ledger(issuer_fails: bool):
    """Vendor issues warrants worth $30B to the lab; the lab buys $50B in 2025.
    Either the lab fails (cash $5B) or the vendor fails (debt $350B: service
    350/7 + 5% × 350 = $67.5B against 1 + 0.2 × 5 + 50 = $52B of sources)."""
    deals = [{"id": "order", "kind": "chip_purchase", "payer": "lab", "payee": "vendor",
              "amount_usd": 50e9, "schedule": {2025: 50e9}, "binding": True},
             {"id": "warrants", "kind": "warrant", "payer": "vendor", "payee": "lab",
              "amount_usd": 30e9, "binding": True, "announced": "2025"}]
    lab_cash = 100e9 if issuer_fails else 5e9
    o = [obs("lab", "revenue", 10e9), obs("lab", "cash_and_securities", lab_cash),
         obs("vendor", "revenue", 5e9), obs("vendor", "operating_cash_flow", 1e9),
         obs("vendor", "cash_and_securities", 1e9 if issuer_fails else 100e9),
         obs("vendor", "equity", 500e9)]
    if issuer_fails:
        o.append(obs("vendor", "total_debt", 350e9))
    return ledger([("lab", "model_provider"), ("vendor", "semiconductor")], deals, o)


def test_issuer_never_loses_its_own_warrants():
    sim = simulate_years(_warrant_ledger(issuer_fails=False), start=2025, horizon=2026,
                         rates=rates())
    assert list(sim.defaults.entity) == ["lab"]
    vendor = sim.losses[sim.losses.creditor == "vendor"]
    assert "contingent_value" not in set(vendor.type)
    assert vendor.loss.sum() == pytest.approx(45e9)      # the unpaid receivable only
    # warrants are never cash: the lab's sources are its $5B cash, not $35B
    ey = sim.entity_years.set_index(["entity", "year"])
    assert ey.loc[("lab", 2025), "sources"] == pytest.approx(5e9)


def test_holder_loses_warrants_when_the_issuer_fails():
    """Unconditional warrants: the holder loses their whole $30B value."""
    sim = simulate_years(_warrant_ledger(issuer_fails=True), start=2025, horizon=2026,
                         rates=rates())
    assert list(sim.defaults.entity) == ["vendor"]
    lab = sim.losses[sim.losses.creditor == "lab"]
    assert lab[lab.type == "contingent_value"].loss.sum() == pytest.approx(30e9)


def test_conditional_per_gw_commitment_loses_only_drawn_tranches():
    """Investor commits $100B per GW, 10 GW over 5 years from 2025 ($20B a year). The lab owes
    a cloud $60B a year from 2025 and has $10B of revenue (margin 0.2 assumed) and no cash:
    2025 sources 0.2 × 10 + 20 = $22B < $60B → the lab defaults in 2025. The investor loses
    only the 2025 tranche it paid ($20B), not the $100B headline."""
    deals = [{"id": "commit", "kind": "equity", "payer": "investor", "payee": "lab",
              "amount_usd": 100e9, "start": "2025", "term_years": 5, "tranche_basis": "per_gw",
              "capacity_gw": 10, "status": "announced"},
             {"id": "cloud", "kind": "cloud_contract", "payer": "lab", "payee": "cloud",
              "amount_usd": 300e9, "start": "2025", "term_years": 5, "binding": True}]
    led = ledger([("lab", "model_provider"), ("investor", "semiconductor"),
                  ("cloud", "cloud")], deals, [obs("lab", "revenue", 10e9)])
    sim = simulate_years(led, scope="all", start=2025, horizon=2030, rates=rates(),
                         assume={"lab.cash_margin": 0.2})
    assert sim.defaults.set_index("entity").loc["lab", "year"] == 2025
    inv = sim.losses[sim.losses.creditor == "investor"]
    assert inv.loss.sum() == pytest.approx(20e9)
    # scope binding leaves the announced commitment out entirely
    sim_b = simulate_years(led, scope="binding", start=2025, horizon=2030, rates=rates(),
                           assume={"lab.cash_margin": 0.2})
    assert sim_b.losses[sim_b.losses.creditor == "investor"].empty


def test_zero_shock_no_default_without_a_baseline_gap():
    """Revenue $100B, margin 0.5 → $50B a year of sources against $20B a year due: no
    default, and the baseline is said to have no gap."""
    deals = [{"id": "c", "kind": "cloud_contract", "payer": "lab", "payee": "cloud",
              "amount_usd": 100e9, "start": "2025", "term_years": 5, "binding": True}]
    led = ledger([("lab", "model_provider"), ("cloud", "cloud")], deals,
                 [obs("lab", "revenue", 100e9)])
    sim = simulate_years(led, start=2025, horizon=2030, assume={"lab.cash_margin": 0.5},
                         rates=lucent_rates())
    assert sim.defaults.empty and sim.baseline_defaults.empty
    assert "no funding gap" in sim.summary()


def test_zero_shock_names_the_baseline_gap():
    """Same lab with revenue $30B: 0.5 × 30 = $15B < $20B due in 2025 → the baseline fails in
    2025 by $5B, named before any shock."""
    deals = [{"id": "c", "kind": "cloud_contract", "payer": "lab", "payee": "cloud",
              "amount_usd": 100e9, "start": "2025", "term_years": 5, "binding": True}]
    led = ledger([("lab", "model_provider"), ("cloud", "cloud")], deals,
                 [obs("lab", "revenue", 30e9)])
    sim = simulate_years(led, start=2025, horizon=2030, assume={"lab.cash_margin": 0.5},
                         rates=lucent_rates())
    assert list(sim.baseline_defaults.entity) == ["lab"]
    text = sim.baseline_gap()
    assert "lab in 2025" in text and "shortfall $5B" in text


def test_second_round_cloud_default_hits_a_vendor_that_never_met_the_lab():
    """lab → cloud $50B (2025); cloud → vendor $40B (2025) for the chips. The lab pays $5B.
    The cloud (margin 0.3, cost share 0.7 of its $50B receipts = $35B) has $5B cash + $5B
    from the lab against $35B + $40B due → liquidity default, paying the vendor
    40/75 × 10 = $5.33B. The vendor loses 40 − 5.33 = $34.67B though it never dealt with the
    lab."""
    deals = [{"id": "lab-cloud", "kind": "cloud_contract", "payer": "lab", "payee": "cloud",
              "amount_usd": 50e9, "schedule": {2025: 50e9}, "binding": True},
             {"id": "cloud-vendor", "kind": "chip_purchase", "payer": "cloud",
              "payee": "vendor", "amount_usd": 40e9, "schedule": {2025: 40e9},
              "binding": True}]
    o = [obs("lab", "revenue", 10e9), obs("lab", "cash_and_securities", 5e9),
         obs("cloud", "cash_and_securities", 5e9), obs("vendor", "cash_and_securities", 1e12)]
    led = ledger([("lab", "model_provider"), ("cloud", "cloud"), ("vendor", "semiconductor")],
                 deals, o)
    sim = simulate_years(led, start=2025, horizon=2026, rates=rates(),
                         assume={"cloud.cash_margin": 0.3, "vendor.cash_margin": 0.3})
    assert set(sim.defaults.entity) == {"lab", "cloud"}
    v = sim.losses[sim.losses.creditor == "vendor"]
    assert v.loss.sum() == pytest.approx(40e9 - 40e9 / 75e9 * 10e9)
    assert set(v.debtor) == {"cloud"}


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 7), st.integers(0, 10_000), st.sampled_from([(1.0, 1.0), (0.5, 0.8)]))
def test_clearing_conserves_money_and_matches_the_clearing_engine(n, seed, ab):
    """Edge-form clearing equals :func:`eisenberg_noe` / :func:`rogers_veraart` on the same
    network (a second method), and in every scenario what debtors pay is what creditors
    receive: Σ inflow = Σ paid."""
    rng = np.random.default_rng(seed)
    L = rng.uniform(0, 10, (n, n)) * (rng.uniform(size=(n, n)) < 0.6)
    np.fill_diagonal(L, 0)
    ext = rng.uniform(0, 3, n)
    e = rng.uniform(0, 12, (3, n))
    o, c = np.nonzero(L)
    due = np.tile(L[o, c], (3, 1))
    pbar = L.sum(axis=1) + ext
    alpha, beta = ab
    phi, inflow, _, ok = _clear(due, o, c, e, np.tile(pbar, (3, 1)), np.ones(n, bool),
                                alpha, beta, tol=1e-13)
    assert ok
    assert np.allclose(inflow.sum(axis=1), (phi[:, o] * due).sum(axis=1), rtol=1e-12)
    ref = (eisenberg_noe(L, e, external_liabilities=ext) if ab == (1.0, 1.0)
           else rogers_veraart(L, e, alpha=alpha, beta=beta, external_liabilities=ext))
    assert np.allclose(phi * pbar, ref.payments, atol=1e-8)


def test_every_year_conserves_cash():
    """Across all entities, cash at the end of a year = cash at its start + own operating cash
    − what leaves the ledger (delivery costs, debt service) — ledger payments net out."""
    sim = simulate_years(lab_vendor(100e9, 500e9, lab_cash=60e9), start=2025, horizon=2026,
                         rates=rates())
    ey = sim.entity_years.set_index(["entity", "year"])
    # vendor: 100 + 0.2 × 5 + 50 (paid in full) − 40 cost = 111; lab: 60 − 50 = 10
    assert ey.loc[("vendor", 2025), "cash_end"] == pytest.approx(111e9)
    assert ey.loc[("lab", 2025), "cash_end"] == pytest.approx(10e9)
    assert sim.defaults.empty


@settings(max_examples=15, deadline=None)
@given(st.floats(0.0, 0.95), st.integers(2026, 2030))
def test_ai2025_invariants_under_any_shock(shock, horizon):
    """On ai2025 (scope all), whatever the shock: AMD and CoreWeave, which issued stock to
    OpenAI, never book contingent value; NVIDIA's per-GW equity commitment loses at most the
    tranches drawn by the horizon ($20B a year from 2025 over a 5-year default term)."""
    sim = simulate_years(load_dataset("ai2025"), scope="all", shocks={"openai": shock},
                         horizon=horizon, rates=lucent_rates())
    L = sim.losses
    issuers = L[L.creditor.isin(["amd", "coreweave"])]
    assert "contingent_value" not in set(issuers.type)
    nv = sim.contract_losses
    eq = nv[nv.deal == "nvidia-openai-investment-2025"].loss.sum()
    assert eq <= 20e9 * (horizon - 2025 + 1) + 1e-3



def test_an_opening_deficit_is_not_a_solvency_default_but_a_further_loss_is():
    """A vendor opening with book equity −$1B (a deficit, e.g. preferred stock outside equity
    before an IPO) whose customer pays in full does not fail on solvency. When the lab can pay
    only its $5B cash, the unpaid receivable 50 − 5 = $45B takes equity to −1 − 45 = −$46B,
    below the opening −$1B: solvency default, said to be below the opening deficit."""
    paid = simulate_years(lab_vendor(100e9, -1e9, lab_cash=100e9), start=2025, horizon=2027,
                          rates=rates())
    assert paid.defaults.empty
    lost = simulate_years(lab_vendor(100e9, -1e9), start=2025, horizon=2027, rates=rates())
    d = lost.defaults.set_index("entity")
    assert d.loc["vendor", "type"] == "solvency"
    assert "equity $-1B less losses $45B is below the opening deficit ($-46B at the end)" in \
        d.loc["vendor", "reason"]
