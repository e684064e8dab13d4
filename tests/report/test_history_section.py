"""The report's quarter-by-quarter circularity table and the ``history`` command, on the
hand-computed ledger of ``tests/network/test_history.py``."""

import json
import re

import pytest

from capexloop.ledger.store import LedgerStore
from capexloop.network.history import exposure_history
from capexloop.report import build_report
from tests.network.test_history import toy


def rows(page: str) -> dict[str, list[str]]:
    body = page[page.index('id="history"'):]
    body = body[:body.index("</table>")]
    out = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", tr,
                                                                        flags=re.S)]
        if cells:
            out[cells[0]] = cells
    return out


def test_report_table_by_hand():
    """2025Q1: chips only → round trip 0.0%, commitments 400 / FY2024 revenue 4 = 100×;
    2025Q3: 25% (NVIDIA's $100B of OpenAI's $400B pool comes back); 2025Q4: 50%, 400 / 13
    = 30.8×, mix 50% equity, 50% loans."""
    page = build_report(toy(), sections=["history"])
    assert "Data: ledger toy" in page
    assert "circularity-history" in page                       # the figure
    r = rows(page)
    assert list(r) == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert r["2025Q1"][5].startswith("0.0%") and r["2025Q1"][8] == "100.0×"
    assert r["2025Q3"][5].startswith("25.0%")
    assert r["2025Q4"][5].startswith("50.0%") and r["2025Q4"][8] == f"{400 / 13:.1f}×"
    assert r["2025Q4"][9:11] == ["50%", "50%"]


def test_history_command_is_the_library(cli, tmp_path):
    db = tmp_path / "toy.duckdb"
    with LedgerStore(db) as store:
        store.add_ledger(toy())
    code, out, err = cli("history", "--db", db, "--json")
    assert code == 0, err
    doc = json.loads(out)
    lib = exposure_history(toy())
    assert [q["quarter"] for q in doc["quarters"]] == list(lib.table.quarter)
    assert doc["quarters"][-1]["round_trip_share"] == pytest.approx(0.5)
    assert doc["as_of"] is None and "toy" in doc["source"]
    # --as-of ends the series at the date and states it
    code, out, err = cli("history", "--db", db, "--as-of", "2025-09-30", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["as_of"] == "2025-09-30"
    assert [q["quarter"] for q in doc["quarters"]] == ["2025Q1", "2025Q2", "2025Q3"]
    code, out, err = cli("history", "--db", db)
    assert code == 0 and "2025Q4" in out and "data: ledger" in out
