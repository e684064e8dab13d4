"""Roadmaps and commitment coverage of every lab on ai-public, from its stored observations
and deals, with the missing inputs named (never zero)."""

import json
import math

import pytest

from capexloop.economics import lab_roadmaps
from capexloop.ledger.annual import annual_revenue
from capexloop.network.concentration import commitment_coverage


def test_anthropic_from_its_deals_and_run_rate(led):
    """No stated $ commitments: the sum of Anthropic's priced purchase deals (active, known
    amount, mid) is the commitment; coverage = that / its latest run-rate."""
    goods = [d for d in led.active_deals() if d.payer == "anthropic" and not d.is_financing]
    priced = sum(d.amount_usd.mid for d in goods if d.amount_usd is not None)
    unpriced = [d.id for d in goods if d.amount_usd is None]
    rev = annual_revenue(led, "anthropic").value
    r = lab_roadmaps(led).set_index("lab").loc["anthropic"]
    assert r.commitments == pytest.approx(priced)
    assert r.coverage_years == pytest.approx(priced / rev)
    assert r.commitments_basis == "ledger deals"
    assert all(i in r.missing for i in unpriced)
    assert "stated compute commitments" in r.missing
    c = commitment_coverage(led).set_index("lab").loc["anthropic"]
    assert c.coverage == pytest.approx(r.coverage_years)       # roadmap and coverage agree
    assert c.gw_stated == 10      # stored as compute_commitments_gw, 2026-05-28


def test_xai_has_revenue_and_names_the_missing_commitments(led):
    r = lab_roadmaps(led).set_index("lab").loc["xai"]
    assert r.revenue == pytest.approx(annual_revenue(led, "xai").value)
    assert math.isnan(r.commitments) and math.isnan(r.coverage_years)   # not zero
    assert "stated compute commitments" in r.missing
    assert "xai-spv-gpu-lease-2025-10" in r.missing      # the GPU lease of unknown amount


def test_roadmap_command_on_ai_public(cli):
    code, out, err = cli("roadmap", "--dataset", "ai-public", "--json")
    assert code == 0, err
    labs = {r["lab"]: r for r in json.loads(out)["labs"]}
    assert {"openai", "anthropic", "xai", "mistral"} <= set(labs)
    assert labs["anthropic"]["required_growth"] is not None
    code, out, err = cli("roadmap", "--dataset", "ai-public")
    assert code == 0, err
    assert "xai: missing" in out
