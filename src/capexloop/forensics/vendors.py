"""AI vendors beside Lucent FY1999 on the same vendor-financing measures."""

from __future__ import annotations

import math

import pandas as pd

from ..ledger.model import Ledger
from .lights import RATIOS, _vendor_ratios
from .lucent import _get

__all__ = ["ai_vendor_table"]

def ai_vendor_table(ai: Ledger, telecom: Ledger, *,
                    vendors: tuple[str, ...] = ("nvidia", "amd", "coreweave", "oracle",
                                                "microsoft")) -> pd.DataFrame:
    """``vendors`` of ``ai`` beside Lucent FY1999 (from ``telecom``) on the same measures."""
    from ..network import round_trip

    tel = telecom
    rt = round_trip(ai)
    share = dict(zip(rt.ids, rt.share_upper, strict=True))
    cols = {}
    lu = _vendor_ratios(tel, "lucent", "1999")
    cols["lucent_1999"] = {k: v for k, v in lu.items()}
    for v in vendors:
        r = _vendor_ratios(ai, v)
        fin = [d for d in ai.active_deals() if d.payer == v and d.is_financing]
        known = [d.amount_usd.mid for d in fin if d.amount_usd]
        r["vendor_financing_committed_usd"] = (sum(known) if known else math.nan,
                                               sorted({s for d in fin for s in d.sources}), "")
        sh = share.get(v, math.nan)
        deals = [d for d in ai.active_deals() if d.payee == v and not d.is_financing]
        r["revenue_from_financed_customers"] = (sh, sorted({s for d in deals + fin
                                                            for s in d.sources}), "")
        cols[v] = r
    cols["lucent_1999"]["vendor_financing_committed_usd"] = _get(
        tel, "customer_financing_commitments", "1999")[:2]
    cols["lucent_1999"]["revenue_from_financed_customers"] = (math.nan, [])
    rows = []
    for measure in [*RATIOS, "vendor_financing_committed_usd", "revenue_from_financed_customers"]:
        row = {"measure": measure}
        for c, d in cols.items():
            val, src = d.get(measure, (math.nan, []))[:2]
            row[c] = val
            row[f"{c}_sources"] = "; ".join(sorted(set(src)))
        rows.append(row)
    return pd.DataFrame(rows).set_index("measure")
