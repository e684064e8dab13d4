"""``circularity(as_of=...)`` measures the ledger as it stood then (ledger.asof rules)."""

from capexloop.ledger import load_dataset
from capexloop.ledger.asof import as_of
from capexloop.network import circularity


def test_as_of_equals_circularity_of_the_cut():
    led = load_dataset("ai-public")
    a = circularity(led, as_of="2024-12-31").to_dict()
    b = circularity(as_of(led, "2024-12-31")).to_dict()
    assert a["round_trip"]["system"] == b["round_trip"]["system"]
    assert a["cycles"]["count"] == b["cycles"]["count"]
    now = circularity(led).to_dict()
    # more deals known today than at the end of 2024: the ledger only grows
    assert now["round_trip"]["system"]["revenue"] > a["round_trip"]["system"]["revenue"]


def test_cli_as_of(cli):
    import json

    code, out, err = cli("circularity", "--dataset", "ai-public", "--as-of", "2024Q4", "--json")
    assert code == 0, err
    lib = circularity(load_dataset("ai-public"), as_of="2024Q4").to_dict()
    assert json.loads(out)["round_trip"]["system"] == lib["round_trip"]["system"]
