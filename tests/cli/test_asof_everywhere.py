"""``--as-of`` on every exposure command: a deal announced after the date and an observation
whose period ends after it are left out, restructurings apply from their own date, and the
output states the date.

The toy ledger (hand-made): by 2025-09-30 the cloud contract and the LOI are public and
NVIDIA's quarter to 2025-07-27 is filed; the chip purchase of 2025-11-05 and the quarter to
2025-10-26 come later; the drawn tranche of 2026-02 replaces the LOI from then on.
"""

import json

import pytest

from capexloop.ledger import Deal, Entity, Ledger, Observation
from capexloop.ledger.asof import as_of
from capexloop.ledger.store import LedgerStore

DATE = "2025-09-30"


def toy() -> Ledger:
    ents = [Entity(id="nvidia", name="NVIDIA", layer="semiconductor"),
            Entity(id="openai", name="OpenAI", layer="model_provider"),
            Entity(id="oracle", name="Oracle", layer="cloud")]
    src = ["https://example.org/deal"]
    deals = [
        Deal(id="cloud", kind="cloud_contract", payer="openai", payee="oracle",
             amount_usd="300B", announced="2025-06-10", status="committed", sources=src),
        Deal(id="loi", kind="equity", payer="nvidia", payee="openai", amount_usd="100B",
             announced="2025-09-22", sources=src),
        Deal(id="late-chips", kind="chip_purchase", payer="oracle", payee="nvidia",
             amount_usd="40B", announced="2025-11-05", status="committed", sources=src),
        Deal(id="tranche", kind="equity", payer="nvidia", payee="openai", amount_usd="10B",
             announced="2026-02", status="drawn", supersedes=["loi"], sources=src),
    ]
    q = [("2025-01-27..2025-04-27", 44062e6), ("2025-04-28..2025-07-27", 46743e6),
         ("2025-07-28..2025-10-26", 57006e6)]
    obs = [Observation(entity="nvidia", metric="revenue", date=d, value=v, unit="USD",
                       sources=src) for d, v in q]
    obs += [Observation(entity="nvidia", metric="receivables_net", date=d, value=v, unit="USD",
                        sources=src)
            for d, v in (("2025-07-27", 27808e6), ("2025-10-26", 33391e6))]
    obs += [Observation(entity="openai", metric="revenue", date=y, value=v, unit="USD",
                        sources=src) for y, v in (("2024", 3.7e9), ("2025", 13.07e9))]
    return Ledger(name="toy", entities=ents, deals=deals, observations=obs)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "toy.duckdb"
    with LedgerStore(path) as store:
        store.add_ledger(toy())
    return path


def test_map_leaves_out_later_deals_and_applies_supersedes(cli, db, tmp_path):
    for date, present, absent in ((DATE, ["loi"], ["late-chips", "tranche"]),
                                  ("2026-03-31", ["late-chips", "tranche"], ["loi"])):
        out = tmp_path / f"map-{date}.dot"
        code, text, err = cli("map", "--db", db, "--as-of", date, "-o", out)
        assert code == 0, err
        assert f"as of {date}" in text
        dot = out.read_text()
        assert 'tooltip="cloud ' in dot
        for s in present:
            assert f'tooltip="{s} ' in dot, (date, s)
        for s in absent:
            assert f'tooltip="{s} ' not in dot, (date, s)


def test_stress_json_states_the_date_and_is_the_cut(cli, db):
    from capexloop.studies.stress import stress_run

    code, out, err = cli("stress", "--db", db, "--as-of", DATE, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["as_of"] == DATE and f"as of {DATE}" in doc["headline"]
    cut = as_of(toy().model_copy(update={"name": "toy"}), DATE)
    lib = stress_run(cut).to_dict()
    assert doc["simulation"]["entity_years"] == json.loads(json.dumps(
        lib["simulation"]["entity_years"], default=str))
    full = json.loads(cli("stress", "--db", db, "--json")[1])
    assert full["as_of"] is None
    # the $40B chip purchase of November is due in the full ledger only: Oracle owes more
    due = {(r["entity"], r["year"]): r["due"] for r in full["simulation"]["entity_years"]}
    due_cut = {(r["entity"], r["year"]): r["due"] for r in doc["simulation"]["entity_years"]}
    assert sum(v for (e, _), v in due.items() if e == "oracle") > \
        sum(v for (e, _), v in due_cut.items() if e == "oracle")


def test_vendor_lights_read_the_quarter_filed_by_then(cli, db):
    """As of 2025-09-30 the latest filed quarter is 2025-04-28..2025-07-27 (91 days):
    DSO = 27,808 / 46,743 × 91 = 54.14 days; the quarter to 2025-10-26 is not yet public."""
    code, out, err = cli("forensics", "vendors", "--db", db, "--as-of", DATE, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["as_of"] == DATE
    dso = next(r for r in doc["lights"]["nvidia"] if r["ratio"] == "dso_days")
    assert dso["value"] == pytest.approx(27808 / 46743 * 91)
    now = json.loads(cli("forensics", "vendors", "--db", db, "--json")[1])
    dso_now = next(r for r in now["lights"]["nvidia"] if r["ratio"] == "dso_days")
    assert dso_now["value"] == pytest.approx(33391 / 57006 * 91)


def test_roadmap_and_circularity_state_the_date(cli, db):
    code, out, err = cli("roadmap", "--db", db, "--as-of", DATE, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["as_of"] == DATE
    openai = next(r for r in doc["labs"] if r["lab"] == "openai")
    assert openai["revenue"] == pytest.approx(3.7e9)      # FY2025 ends after the date
    code, out, err = cli("circularity", "--db", db, "--as-of", DATE, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["as_of"] == DATE
    assert "late-chips" not in json.dumps(doc)


def test_report_header_states_the_date(cli, db, tmp_path):
    out = tmp_path / "r.html"
    code, text, err = cli("report", "--db", db, "--as-of", DATE, "-o", out,
                          "--sections", "ledger")
    assert code == 0, err
    assert f"as of {DATE}" in text
    page = out.read_text()
    assert f"As of {DATE}" in page
    assert "late-chips" not in page and "loi" in page
    code, _, err = cli("report", "--db", db, "-o", out, "--sections", "ledger")
    assert code == 0, err
    assert "late-chips" in out.read_text() and "As of" not in out.read_text()


def test_bad_date_is_a_user_error(cli, db):
    code, out, err = cli("stress", "--db", db, "--as-of", "next week")
    assert code == 2 and out == ""
    assert "as_of" in err or "as-of" in err


def test_ledger_show_lists_what_was_public(cli, db):
    code, out, err = cli("ledger", "show", "--db", db, "--as-of", DATE, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["as_of"] == DATE
    assert sorted(d["id"] for d in doc["deals"]) == ["cloud", "loi"]


def test_monitor_today_as_of_a_date(cli):
    """Today's reading as of 2024-12-31 ends in December 2024 at the latest and reads only
    filings whose period had ended by then (NVIDIA's quarter to 2025-04-27 is not among
    them)."""
    import pandas as pd

    from capexloop.studies.monitor import monitor_study

    res = monitor_study(as_of="2024-12-31")
    assert res.as_of.isoformat() == "2024-12-31"
    assert res.today.table.index[-1] <= pd.Timestamp("2024-12-01")
    assert (res.today.findings.period_end <= "2024-12-31").all()
    assert "as of 2024-12-31" in res.today_line()
    code, out, err = cli("monitor", "--as-of", "2024-12-31", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["as_of"] == "2024-12-31" and doc["today"]["month"] <= "2024-12"
