"""The embedded public record (``ai-public``): size, provenance and honesty checks."""

from __future__ import annotations

import json
import re

from capexloop.ledger.provenance import source_problems

ACCESSION = re.compile(r"^sec:\d{10}-\d{2}-\d{6}$")


def test_size(led):
    assert len(led.deals) >= 80 and len(led.entities) >= 40
    assert {"openai", "anthropic", "xai", "nvidia", "coreweave", "oracle"} <= led.entity_ids


def test_every_record_has_a_well_formed_source(led):
    recs = [*led.entities, *led.deals, *led.sites, *led.observations, *led.events]
    assert all(r.sources for r in recs)
    secs = [s for r in recs for s in r.sources if s.startswith("sec:")]
    assert secs and all(ACCESSION.match(s) for s in secs)
    assert source_problems(led) == []


def test_no_zero_amount_where_none_was_reported(led):
    """Unknown amounts stay unknown (None), never zero."""
    assert all(d.amount_usd is None or d.amount_usd.high > 0 for d in led.deals)
    assert any(d.amount_usd is None for d in led.deals)


def test_status_and_binding_as_reported(led):
    statuses = {d.status.value for d in led.deals}
    assert {"announced", "committed", "drawn"} <= statuses
    assert any(not d.binding for d in led.deals) and any(d.binding for d in led.deals)
    assert any(d.supersedes for d in led.deals)          # later events recorded as history


def test_filings_are_filed_numbers(led):
    """NVIDIA's Q3 FY2026 receivables as filed ($33,391M, 10-Q 0001045810-25-000230 via its
    XBRL values), not the rounded $33.4B a news page quotes."""
    o = led.observation("nvidia", "receivables_net", "2025-10-26")
    assert o is not None and o.value.low == 33_391e6


def test_show_json_lists_it(cli):
    code, out, err = cli("ledger", "show", "--dataset", "ai-public", "--json")
    assert code == 0, err
    doc = json.loads(out)
    deals = doc["deals"] if isinstance(doc, dict) else doc
    assert len(deals) >= 80
