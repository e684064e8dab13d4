"""Structure of a ledger: every deal is an edge, whatever its amount.

Degrees count deals (not dollars) in the money direction ``payer → payee``: ``out`` are deals an
entity pays (financing it gives, goods it buys), ``in`` deals paid to it; split by financing vs
goods and by kind. ``finances_and_sells`` lists the entities that both finance someone and sell
goods or services to someone in the ledger — the precondition for a round trip — known amounts
or not.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .._results import ResultMixin, records
from .graph import FlowMatrices

__all__ = ["Structure", "structure"]


@dataclass(frozen=True)
class Structure(ResultMixin):
    """Deal counts per entity (``degrees``) and who finances whom."""

    degrees: pd.DataFrame        # index entity; in, out, in_financing, out_financing, ... by kind
    financing_links: pd.DataFrame  # financier, recipient, deals, unknown_amounts
    finances_and_sells: tuple[str, ...]

    def summary(self) -> str:
        top = self.degrees.sort_values(["in", "out"], ascending=False).head(10)
        lines = [f"{int(self.degrees['out'].sum())} deals among {len(self.degrees)} entities; "
                 f"{len(self.finances_and_sells)} both finance and sell: "
                 + (", ".join(self.finances_and_sells) or "none")]
        lines += [f"  {e:<20} in {int(r['in']):>4}  out {int(r['out']):>4}"
                  for e, r in top.iterrows()]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"degrees": records(self.degrees.reset_index()),
                "financing_links": records(self.financing_links),
                "finances_and_sells": list(self.finances_and_sells)}


def structure(flows: FlowMatrices) -> Structure:
    """Degrees by direction, flow type and kind, and the financing links, from the deals of
    ``flows`` (unknown amounts included)."""
    deals = pd.DataFrame(
        [(d.payer, d.payee, d.kind.value, d.is_financing, d.amount_usd is None)
         for d in flows.deals],
        columns=["payer", "payee", "kind", "financing", "unknown"])
    ids = pd.Index(flows.ids, name="entity")
    if deals.empty:
        deg = pd.DataFrame(0, index=ids, columns=["in", "out", "in_financing", "out_financing",
                                                  "in_goods", "out_goods"])
        return Structure(deg, pd.DataFrame(columns=["financier", "recipient", "deals",
                                                    "unknown_amounts"]), ())
    deals["flow"] = deals["financing"].map({True: "financing", False: "goods"})

    def count(col: str, by: str | None = None) -> pd.DataFrame | pd.Series:
        g = deals.groupby([col, by] if by else col).size()
        return (g.unstack(fill_value=0) if by else g).reindex(ids, fill_value=0)

    deg = pd.DataFrame({"in": count("payee"), "out": count("payer")})
    for way, col in (("in", "payee"), ("out", "payer")):
        deg = deg.join(count(col, "flow").add_prefix(f"{way}_"))
        deg = deg.join(count(col, "kind").add_prefix(f"{way}_kind_"))
    deg = deg.fillna(0).astype(int)
    for c in ("in_financing", "out_financing", "in_goods", "out_goods"):
        if c not in deg:
            deg[c] = 0
    fin = deals[deals["financing"]]
    links = (fin.groupby(["payer", "payee"]).agg(deals=("kind", "size"),
                                                 unknown_amounts=("unknown", "sum"))
             .reset_index().rename(columns={"payer": "financier", "payee": "recipient"}))
    both = deg.index[(deg["out_financing"] > 0) & (deg["in_goods"] > 0)]
    return Structure(deg, links, tuple(both))
