"""Build the one-file HTML report: sections registered by capability, no network needed.

Each section is a function ``(ReportContext) -> str`` (an HTML fragment) registered in
:data:`SECTIONS`. Every figure links to its sources (``seed:<id>`` anchors into the source list
at the end). Output is deterministic: same ledger → same bytes apart from the timestamp line.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup

from .._files import atomic_path
from ..audit import checks_frame, seed_checks
from ..errors import CapexloopError
from ..ledger.datasets import load_dataset, seed_index
from ..ledger.model import Layer, Ledger
from ..ledger.quantities import format_usd
from ..ledger.summary import deals_frame, flow_totals

__all__ = ["SECTIONS", "ReportContext", "build_report", "section", "usd", "write_report"]


@dataclass
class ReportContext:
    """What sections draw on: the ledger and the sources they cite."""

    ledger: Ledger
    cited: set[str] = field(default_factory=set)
    studies: dict[str, object] = field(default_factory=dict)

    def study(self, name: str, compute: Callable[[], object]) -> object:
        """A study computed once per report and shared by every section that shows it."""
        if name not in self.studies:
            self.studies[name] = compute()
        return self.studies[name]

    def lead_lab(self):
        """The lead-lab stress scenario of this report's ledger (see :mod:`capexloop.studies`)."""
        from ..studies.stress import lead_lab_scenario

        return self.study("lead_lab", lambda: lead_lab_scenario(self.ledger))

    def src(self, sources: list[str] | str) -> str:
        """Source links for a list of source strings (seed ids become anchors)."""
        items = [s.strip() for s in (sources.split(";") if isinstance(sources, str) else sources)
                 if s.strip()]
        out = []
        for s in items:
            self.cited.add(s)
            out.append(f'<a class="src" href="#{_anchor(s)}" title="{html.escape(_title(s))}">'
                       f"{html.escape(s)}</a>")
        return " ".join(out)


def _anchor(source: str) -> str:
    return "src-" + "".join(c if c.isalnum() else "-" for c in source)


def _title(source: str) -> str:
    if source.startswith("seed:"):
        return seed_index()[0].get(source[5:], "")
    return source


#: a report stays readable: longer lists are cut with a note
MAX_LIST, MAX_ROWS = 60, 500
SectionFn = Callable[[ReportContext], str]
DataFn = Callable[[ReportContext], str]
SECTIONS: dict[str, tuple[str, SectionFn]] = {}
#: what each section shows: ``"ledger"`` (the user's ledger), ``"reference"`` (embedded
#: reference data) or ``"both"``, and the sentence saying so on the page
DATA: dict[str, tuple[str, DataFn]] = {}


def section(key: str, title: str, *, data: str = "ledger",
            says: str | DataFn = "Data: the ledger {ledger}.") -> Callable[[SectionFn], SectionFn]:
    """Register a report section under ``key`` (order of registration is the page order).

    ``data`` declares whether it shows the user's ledger, reference data or both; ``says`` is
    the sentence printed under its title (``{ledger}`` is the ledger's name), or a function of
    the context returning it.
    """
    if data not in ("ledger", "reference", "both"):
        raise ValueError(f"section {key}: data must be ledger, reference or both")

    def deco(fn: SectionFn) -> SectionFn:
        SECTIONS[key] = (title, fn)
        DATA[key] = (data, says if callable(says)
                     else (lambda ctx, text=says: text.format(ledger=ctx.ledger.name)))
        return fn
    return deco


def usd(lo: float, hi: float | None = None, missing: str = "n/a") -> str:
    """A dollar amount or ``lo–hi`` range as escaped HTML; NaN shows ``missing``."""
    if pd.isna(lo):
        return missing
    hi = lo if hi is None else hi
    return html.escape(format_usd(lo) if lo == hi else f"{format_usd(lo)}–{format_usd(hi)[1:]}")


def _usd(lo: float, hi: float) -> str:
    return usd(lo, hi, missing='<span class="unknown">unknown</span>')


@section("ledger", "Ledger: entities, deals and flows")
def ledger_section(ctx: ReportContext) -> str:
    led = ctx.ledger
    parts = ['<h3>Entities by layer</h3><table><tr><th>Layer</th><th>Entities</th></tr>']
    for layer in Layer:
        ents = [e for e in led.entities if e.layer == layer]
        if ents:
            names = ", ".join(f'<span title="{html.escape(e.id)}">{html.escape(e.name)}</span> '
                              f"{ctx.src(e.sources)}" for e in ents[:MAX_LIST])
            if len(ents) > MAX_LIST:
                names += f" … and {len(ents) - MAX_LIST} more"
            parts.append(f"<tr><td>{layer.value}</td><td>{names}</td></tr>")
    parts.append("</table>")
    totals = flow_totals(led)
    if len(totals):
        parts.append("<h3>Financing vs goods flows (active deals)</h3><table><tr><th>Flow</th>"
                     "<th>Kind</th><th>Deals</th><th>USD</th><th>GW</th><th>Unknown amounts</th>"
                     "<th>Derived amounts</th></tr>")
        for flow, grp in totals.groupby("flow", sort=True):
            for r in grp.itertuples():
                gw = "" if pd.isna(r.gw) else f"{r.gw:g}"
                parts.append(f'<tr class="{flow}"><td>{flow}</td><td>{r.kind}</td>'
                             f"<td>{r.deals}</td><td>{_usd(r.usd_low, r.usd_high)}</td>"
                             f"<td>{gw}</td><td>{r.unknown_amounts}</td>"
                             f"<td>{r.derived_amounts}</td></tr>")
            parts.append(f'<tr class="total"><td>{flow}</td><td>all</td><td>{grp.deals.sum()}</td>'
                         f"<td>{_usd(grp.usd_low.sum(min_count=1), grp.usd_high.sum(min_count=1))}"
                         "</td><td></td>"
                         f"<td>{grp.unknown_amounts.sum()}</td><td>{grp.derived_amounts.sum()}"
                         "</td></tr>")
        parts.append("</table><p class='note'>Sums count known amounts only; unknown amounts are "
                     "listed, never counted as zero. Superseded and cancelled deals are left out."
                     "</p>")
    df = deals_frame(led)
    parts.append("<h3>Deals</h3>")
    if df.empty:
        parts.append("<p class='empty'>This ledger has no deals.</p>")
        return "\n".join(parts)
    names = {e.id: e.name for e in led.entities}
    parts.append('<table class="deals"><tr><th>Deal</th><th>Kind</th><th>Payer → payee</th>'
                 "<th>USD</th><th>GW</th><th>Announced</th><th>Status</th><th>Sources</th>"
                 "<th>Notes</th></tr>")
    for r in df.head(MAX_ROWS).itertuples():
        note = r.notes + (f" Derived: {r.derived_from}" if r.derived_from else "")
        flags = " (derived)" if r.derived else ""
        flags += " (superseded)" if r.superseded else ""
        gw = "" if pd.isna(r.capacity_gw) else f"{r.capacity_gw:g}"
        parts.append(
            f'<tr class="{r.flow}" id="deal-{html.escape(r.id)}"><td>{html.escape(r.id)}</td>'
            f"<td>{r.kind}</td><td>{html.escape(names[r.payer])} → {html.escape(names[r.payee])}"
            f"</td><td>{_usd(r.amount_low, r.amount_high)}{flags}</td><td>{gw}</td>"
            f"<td>{html.escape(r.announced)}</td><td>{r.status}</td><td>{ctx.src(r.sources)}</td>"
            f"<td>{html.escape(note)}</td></tr>")
    parts.append("</table>")
    if len(df) > MAX_ROWS:
        parts.append(f"<p class='note'>The first {MAX_ROWS} of {len(df)} deals are listed; "
                     "export the ledger (capexloop ledger export) for all of them.</p>")
    return "\n".join(parts)


@section("checks", "The seeds' arithmetic, recomputed", data="reference",
         says="Data: reference. The seed fact sheet recomputed on the embedded ai2025 and "
              "telecom2000 datasets, whatever the ledger of this report.")
def checks_section(ctx: ReportContext) -> str:
    df = checks_frame(seed_checks(load_dataset("ai2025"), load_dataset("telecom2000")))
    rows = ["<p>Where a seed's figure does not follow from its own assumptions, analyses use the "
            "computed value. Claims are shown as the seed states them.</p><table><tr><th>Seed</th>"
            "<th>What</th><th>Claimed</th><th>Computed</th><th>Difference</th><th>Unit</th>"
            "<th>Formula</th><th>Agrees</th></tr>"]
    for r in df.itertuples():
        ok = "yes" if r.agrees else '<b class="bad">no</b>'
        rows.append(f"<tr><td>{ctx.src(['seed:' + r.id])}</td><td>{html.escape(r.what)}</td>"
                    f"<td>{html.escape(r.claimed)}</td><td>{html.escape(r.computed)}</td>"
                    f"<td>{html.escape(r.difference)}</td><td>{r.unit}</td>"
                    f"<td>{html.escape(r.formula)}</td><td>{ok}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def _sources_section(ctx: ReportContext) -> str:
    summaries, _ = seed_index()
    rows = ["<table><tr><th>Source</th><th>What it says</th></tr>"]
    for s in sorted(ctx.cited):
        text = summaries.get(s[5:], "") if s.startswith("seed:") else ""
        rows.append(f'<tr id="{_anchor(s)}"><td>{html.escape(s)}</td><td>{html.escape(text)}'
                    "</td></tr>")
    rows.append("</table><p class='note'>seed:<id> refers to the fact sheet of the three source "
                "articles (autumn 2025); sec:, fred: and URLs are public filings and series.</p>")
    return "\n".join(rows)


def build_report(ledger: Ledger, *, sections: list[str] | None = None,
                 generated: dt.datetime | None = None) -> str:
    """The report as one HTML string."""
    keys = sections if sections else list(SECTIONS)
    unknown = [k for k in keys if k not in SECTIONS]
    if unknown:
        raise CapexloopError(f"unknown report section(s) {unknown} (one of: "
                             f"{', '.join(SECTIONS)})", field="sections")
    ctx = ReportContext(ledger)
    body = []
    for k in keys:
        title, fn = SECTIONS[k]
        kind, says = DATA[k]
        body.append({"key": k, "title": Markup(title), "html": Markup(fn(ctx)), "data": kind,
                     "says": says(ctx)})
    from .summary import executive_summary

    summary = [{k: Markup(v) for k, v in item.items()}
               for item in (executive_summary(ledger, ctx.src, ctx.lead_lab()) if not sections
                             else [])]
    body.append({"key": "sources", "title": "Sources", "html": Markup(_sources_section(ctx)),
                 "data": "both", "says": ""})
    tpl_dir = resources.files("capexloop.report").joinpath("templates")
    env = jinja2.Environment(loader=jinja2.FunctionLoader(
        lambda name: tpl_dir.joinpath(name).read_text(encoding="utf-8")), autoescape=True)
    stamp = (generated or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    from .figures import plotly_js

    needs_js = any("Plotly.newPlot" in s["html"] for s in body)
    return env.get_template("report.html.j2").render(
        ledger=ledger, sections=body, generated=stamp, summary=summary,
        plotly_js=Markup(plotly_js()) if needs_js else "",
        counts={"entities": len(ledger.entities), "deals": len(ledger.deals),
                "observations": len(ledger.observations), "events": len(ledger.events)})


def write_report(ledger: Ledger, out: str | Path, **kw) -> Path:
    """Write the report atomically."""
    text = build_report(ledger, **kw)
    with atomic_path(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(out)
