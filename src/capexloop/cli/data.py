"""``datasets`` and ``seeds``: what ships with the package."""

from __future__ import annotations

from ._app import app
from ._common import JsonOpt, emit_json, print_table


@app.command()
def datasets(as_json: JsonOpt = False) -> None:
    """List the datasets embedded in the package."""
    from ..ledger.datasets import dataset_table

    res = dataset_table()
    if as_json:
        return emit_json(res.to_dict())
    rows = res.rows
    print_table(["name", "entities", "deals", "observations", "events", "description"],
                [[r["name"], r["entities"], r["deals"], r["observations"], r["events"],
                  r["description"]] for r in rows])


@app.command()
def seeds(as_json: JsonOpt = False) -> None:
    """The seed fact index: every id, its summary and the records citing it."""
    from ..ledger.datasets import seed_table

    res = seed_table()
    if as_json:
        return emit_json(res.to_dict())
    rows = res.rows
    print_table(["id", "cited by", "summary"],
                [[r["id"], r["cited_by"] if r["cited_by"] else f"n/a: {r['not_applicable']}",
                  r["summary"]] for r in rows])
