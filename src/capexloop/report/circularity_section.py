"""Report section: the three-layer map and the circularity tables."""

from __future__ import annotations

import html

from ..ledger.datasets import load_dataset
from ..network import circularity, financing_mix
from ..network.mapplot import map_svg
from ..studies.circularity import round_trip_sources
from .build import ReportContext, section
from .build import usd as _usd

MAP_LIMIT = 150



@section("circularity", "Circularity: the three-layer map, round trips and cycles", data="both",
         says="Data: the ledger {ledger}; the financing-mix table also shows the reference "
              "datasets ai2025 and telecom2000 for comparison.")
def circularity_section(ctx: ReportContext) -> str:
    led = ctx.ledger
    res = circularity(led)
    out = []
    if len(led.entities) > MAP_LIMIT:
        out.append(f"<p class='empty'>The map is drawn for ledgers of up to {MAP_LIMIT} entities; "
                   f"this one has {len(led.entities)}. Use capexloop map -o map.svg, or the "
                   "dashboard, to explore it.</p>")
    else:
        svg = map_svg(led)
        out.append('<div class="map">' + (svg or "<p class='empty'>Graphviz is not installed: "
                                          "the map cannot be drawn (apt-get install graphviz)."
                                          "</p>") + "</div>")
    rt = res.round_trip.to_frame()
    out.append("<h3>Round-trip revenue</h3><p>How much of a vendor's ledger revenue is its own "
               "financing coming back. <i>Proportional</i>: money is fungible and every payment "
               "carries its payer's mix of funding; <i>upper bound</i>: financing is spent first "
               "on the financier's goods (maximum flow back to the vendor).</p>")
    if rt.empty:
        out.append("<p class='empty'>No vendor both finances and sells in this ledger, so no "
                   "revenue can round-trip.</p>")
    else:
        out.append("<table><tr><th>Vendor</th><th>Ledger revenue</th><th>Financing given</th>"
                   "<th>Round trip</th><th>Upper bound</th><th>Share of revenue</th>"
                   "<th>Sources</th></tr>")
        for r in rt.head(30).itertuples():
            srcs = round_trip_sources(led, r.entity)
            out.append(f"<tr><td>{r.entity}</td><td>{_usd(r.revenue)}</td>"
                       f"<td>{_usd(r.financing_out)}</td><td>{_usd(r.round_trip)}</td>"
                       f"<td>{_usd(r.round_trip_upper)}</td><td>{r.share:.1%} – "
                       f"{r.share_upper:.1%}</td><td>{ctx.src(srcs)}</td></tr>")
        tot = res.round_trip.totals()
        out.append(f"<tr class='total'><td>system</td><td>{_usd(tot['revenue'])}</td><td></td>"
                   f"<td>{_usd(tot['proportional'])}</td><td>{_usd(tot['earmarked'])}</td>"
                   f"<td>{tot['share']:.1%} – {tot['share_upper']:.1%}</td><td></td></tr></table>")
    out.append(f"<h3>Money cycles</h3><p>{len(res.cycles)} simple cycles of up to "
               f"{res.cycles.max_len} entities. Finn cycling index: <b>{res.finn.fci:.3f}</b> "
               f"({_usd(res.finn.cycled_throughflow)} of {_usd(res.finn.total_throughflow)} total "
               "throughflow cycles; Finn 1976).</p>")
    if len(res.cycles):
        out.append("<table><tr><th>Cycle</th><th>Bottleneck</th></tr>")
        for c, b in list(res.cycles)[:15]:
            out.append(f"<tr><td>{html.escape(' → '.join((*c, c[0])))}</td><td>{_usd(b)}</td></tr>")
        out.append("</table>")
    out.append("<h3>Financing mix: AI 2025 vs telecom 2000 (seed claim E14, computed)</h3>"
               "<table><tr><th>Ledger</th><th>Equity & warrants</th><th>Loans</th>"
               "<th>Guarantees & backstops</th><th>Known USD</th><th>Sources</th></tr>")
    for name in ("ai2025", "telecom2000"):
        mx = financing_mix(load_dataset(name))
        sh, usd = mx.shares(), mx.by_group()
        srcs = sorted({s for d in load_dataset(name).deals if d.is_financing for s in d.sources})
        cells = "".join("<td>n/a</td>" if v != v else f"<td>{v:.0%}</td>" for v in sh)
        out.append(f"<tr><td>{name} (vendor financing)</td>{cells}<td>{_usd(usd.sum())}</td>"
                   f"<td>{ctx.src(srcs)}</td></tr>")
    out.append("</table>")
    if len(res.reported_concentration) or len(res.concentration):
        out.append("<h3>Customer concentration</h3><table><tr><th>Vendor</th><th>Basis</th>"
                   "<th>Shares</th><th>HHI</th><th>Sources</th></tr>")
        for r in res.reported_concentration.itertuples():
            out.append(f"<tr><td>{r.vendor}</td><td>reported {r.date}</td><td>{r.shares}</td>"
                       f"<td>≥ {r.hhi_min:.3f}</td><td>{ctx.src(r.sources)}</td></tr>")
        for r in res.concentration.itertuples():
            out.append(f"<tr><td>{r.vendor}</td><td>ledger flows</td><td>top1 {r.top1:.0%}, "
                       f"top2 {r.top2:.0%} of {_usd(r.revenue)}</td><td>{r.hhi:.3f}</td>"
                       "<td></td></tr>")
        out.append("</table>")
    if len(res.coverage):
        out.append("<h3>Commitment coverage</h3><table><tr><th>Lab</th><th>Commitments (stated)"
                   "</th><th>In ledger deals</th><th>Revenue</th><th>Coverage</th><th>GW stated"
                   "</th><th>GW in deals</th><th>Sources</th></tr>")
        for r in res.coverage.itertuples():
            cov = "n/a" if r.coverage != r.coverage else f"{r.coverage:.0f}× revenue"
            gw = "n/a" if r.gw_stated != r.gw_stated else f"{r.gw_stated:g}"
            out.append(f"<tr><td>{r.lab}</td><td>{_usd(r.commitments_stated)}</td>"
                       f"<td>{_usd(r.commitments_ledger)}</td><td>{_usd(r.revenue)} "
                       f"{r.revenue_year}</td><td>{cov}</td><td>{gw}</td><td>{r.gw_ledger:g}</td>"
                       f"<td>{ctx.src(r.sources)}</td></tr>")
        out.append("</table>")
    if res.unknown_deals:
        out.append(f"<p class='note'>Left out for unknown amounts: "
                   f"{html.escape(', '.join(res.unknown_deals))}.</p>")
    return "\n".join(out)
