"""``capexloop ledger diff``: the command prints its library result (between dates and ledgers)."""

import json

from capexloop.ledger import load_dataset
from capexloop.ledger.diff import diff_dates, diff_ledgers


def test_diff_between_dates_is_the_library_result(cli):
    code, out, err = cli("ledger", "diff", "--dataset", "ai-public", "--from", "2025-06-30",
                         "--to", "2025-12-31", "--json")
    assert code == 0, err
    lib = diff_dates(load_dataset("ai-public"), "2025-06-30", "2025-12-31").to_dict()
    assert json.loads(out)["counts"] == lib["counts"]
    assert lib["counts"]["new"] > 0


def test_diff_between_ledgers_and_bad_arguments(cli):
    code, out, _ = cli("ledger", "diff", "--dataset", "ai2025", "--against", "ai-public",
                       "--json")
    assert code == 0
    lib = diff_ledgers(load_dataset("ai2025"), load_dataset("ai-public")).to_dict()
    assert json.loads(out)["counts"] == lib["counts"]
    code, _, err = cli("ledger", "diff", "--dataset", "ai2025")
    assert code == 2 and "--against" in err
