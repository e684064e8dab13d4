"""``capexloop ledger uncited``: filing figures that cite no SEC accession, by hand on a small
ledger and against the library on ai-public; bad input is one clear message."""

from __future__ import annotations

import datetime as dt
import json

from capexloop.ledger import Entity, Ledger, Observation, load_dataset
from capexloop.ledger.provenance import uncited_filings


def _obs(metric, date, *sources):
    return Observation(entity="co", metric=metric, date=date, value=1.0, unit="USD",
                       sources=list(sources))


def test_by_hand():
    """Four records: one too early, one with an accession, one with only a malformed
    "sec:" string (not an accession), one from a news page: the last two are uncited."""
    led = Ledger(entities=[Entity(id="co", name="Co", layer="cloud")], observations=[
        _obs("revenue", "2022-01-01..2022-12-31", "https://news.example/a"),
        _obs("revenue", "2023-01-01..2023-12-31", "sec:0000000001-24-000001"),
        _obs("capex", "2023-01-01..2023-12-31", "sec:cik0000000001"),
        _obs("equity", "2024-06-30", "https://news.example/b")])
    assert uncited_filings(led, ["co"]) == [("co", "capex", "2023-01-01..2023-12-31"),
                                            ("co", "equity", "2024-06-30")]
    # a fiscal year starting later skips the 2023 calendar-year record
    assert uncited_filings(led, {"co": dt.date(2024, 1, 1)}) == [("co", "equity", "2024-06-30")]


def test_cli_lists_what_the_library_finds(cli):
    code, out, err = cli("ledger", "uncited", "--dataset", "ai-public", "--entity", "nvidia",
                         "--entity", "coreweave", "--json")
    assert code == 0, err
    got = json.loads(out)
    want = uncited_filings(load_dataset("ai-public"), ["nvidia", "coreweave"])
    assert [(r["entity"], r["metric"], r["period"]) for r in got["uncited"]] == want
    assert all(r["sources"] and not any(s.startswith("sec:0") for s in r["sources"])
               for r in got["uncited"])


def test_bad_input_is_one_message(cli):
    code, _, err = cli("ledger", "uncited", "--dataset", "ai-public", "--entity", "nvdia")
    assert code == 2 and "unknown entity 'nvdia'" in err and "Traceback" not in err
    code, _, err = cli("ledger", "uncited", "--dataset", "ai-public", "--entity", "nvidia",
                         "--since", "2023-13-01")
    assert code == 2 and "'2023-13-01' is not a date" in err
