"""Every ``not_reported`` filing fact in ``ai-public`` is well formed: it names an input of the
early-warning lights, gives a reason, spans dates and cites the filing it was read in; and it
turns exactly the lights it names into 'not applicable'."""

from __future__ import annotations

from capexloop.forensics.lights import NOT_REPORTED, quarterly_ratios
from capexloop.ledger import load_dataset
from capexloop.ledger.provenance import source_problems

#: the light inputs a not_reported fact may name, and the lights it affects
INPUTS = {"inventory": ("inventory_days", "inventory_days_change"),
          "receivables_net": ("dso_days", "dso_change"),
          "customer_share_revenue_1": ("top_customer_share",)}


def test_not_reported_facts_are_well_formed_and_reach_their_lights():
    led = load_dataset("ai-public")
    facts = [e for e in led.events if e.kind == NOT_REPORTED]
    assert facts, "ai-public records no not_reported filing fact"
    bad = {p.record for p in source_problems(led)}
    for e in facts:
        metric, _, reason = e.description.partition(":")
        assert metric in INPUTS, f"{e.id}: unknown input {metric!r}"
        assert len(reason.strip()) > 20, f"{e.id}: no reason given"
        assert e.date.start is not None and e.date.end is not None
        assert e.sources and f"event {e.id}" not in bad, e.id
        # the input is a metric of the ledger (another company, or this one at other dates)
        assert any(o.metric == metric for o in led.observations) or metric.startswith("customer")
        r = quarterly_ratios(led, e.entity)
        hit = [k for k in INPUTS[metric] if r[k][2].startswith("not applicable")]
        # the fact is used where the filed value is missing on the lights' quarter
        for k in hit:
            assert r[k][0] != r[k][0]                     # grey, never a number
            assert set(r[k][1]) <= set(e.sources)
