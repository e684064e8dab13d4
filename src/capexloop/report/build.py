"""Build the one-file HTML report: sections registered by capability, no network needed.

Each section is a function ``(ReportContext) -> str`` registered in :data:`SECTIONS`: it
computes its context and renders its own template (``templates/sections``); markup lives in
the templates and their shared macros (``templates/_macros.html.j2``), Python passes data.
Every figure links to its sources (``seed:<id>`` anchors into the source list at the end).
Output is deterministic: same ledger → same bytes apart from the timestamp line.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup

from .._files import atomic_path
from ..errors import CapexloopError
from ..ledger.datasets import seed_index
from ..ledger.model import Layer, Ledger
from ..ledger.quantities import format_usd
from ..ledger.summary import deals_frame, flow_totals

__all__ = ["SECTIONS", "ReportContext", "SourceLink", "build_report", "section", "usd_text",
           "write_report"]


@dataclass(frozen=True)
class SourceLink:
    """A cited source: its anchor in the source list and the seed fact sheet's line for it."""

    source: str
    anchor: str
    summary: str     # the seed fact sheet's line for a ``seed:<id>``, else ""

    @property
    def title(self) -> str:
        """The link's tooltip: the seed's line, or the source itself."""
        return self.summary if self.source.startswith("seed:") else self.source

    @classmethod
    def of(cls, source: str) -> SourceLink:
        summary = seed_index()[0].get(source[5:], "") if source.startswith("seed:") else ""
        return cls(source, "src-" + "".join(c if c.isalnum() else "-" for c in source), summary)


@dataclass
class ReportContext:
    """What sections draw on: the ledger and the sources they cite."""

    ledger: Ledger
    cited: set[str] = field(default_factory=set)
    studies: dict[str, object] = field(default_factory=dict)
    scope: str = "all"

    def study(self, name: str, compute: Callable[[], object]) -> object:
        """A study computed once per report and shared by every section that shows it."""
        if name not in self.studies:
            self.studies[name] = compute()
        return self.studies[name]

    def lead_lab(self):
        """The lead-lab stress scenario of this report's ledger (see :mod:`capexloop.studies`)."""
        from ..studies.stress import lead_lab_scenario

        return self.study("lead_lab", lambda: lead_lab_scenario(self.ledger))

    def history(self):
        """The quarterly exposure series of this report's ledger and scope
        (:func:`capexloop.network.history.exposure_history`)."""
        from ..network.history import exposure_history

        return self.study("history", lambda: exposure_history(self.ledger, scope=self.scope))

    def cite(self, sources: Iterable[str] | str) -> list[SourceLink]:
        """Cite sources (a list, or one ``;``-separated string): they join the source list at
        the end, and the links to them are returned for the ``sources`` macro."""
        items = [s.strip() for s in (sources.split(";") if isinstance(sources, str) else sources)
                 if s.strip()]
        self.cited.update(items)
        return [SourceLink.of(s) for s in items]

    def source_list(self) -> list[SourceLink]:
        """Every source cited so far, sorted: the rows of the source list."""
        return [SourceLink.of(s) for s in sorted(self.cited)]


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


def usd_text(lo: float, hi: float | None = None) -> str | None:
    """A dollar amount or ``lo–hi`` range as text (``$1.2B–3B``); ``None`` when ``lo`` is
    missing (the ``dollars`` macro then prints n/a or unknown)."""
    if pd.isna(lo):
        return None
    hi = lo if hi is None else hi
    return format_usd(lo) if lo == hi else f"{format_usd(lo)}–{format_usd(hi)[1:]}"


def _escape_html(value: object) -> object:
    """Jinja ``finalize``: everything not already markup is escaped like :func:`html.escape`."""
    return value if hasattr(value, "__html__") else Markup(html.escape(str(value)))


def _escape_text(value: object) -> Markup:
    """The ``text`` filter, for element content only: ``&``, ``<`` and ``>`` escaped, quotes
    kept (they need escaping in attribute values, not between tags)."""
    return Markup(html.escape(str(value), quote=False))


@functools.cache
def environment(sections: bool = True) -> jinja2.Environment:
    """The report's Jinja environment: autoescape on, shared macros, one template per section
    (section templates drop the newline after a block tag; the page shell keeps it)."""
    tpl_dir = resources.files("capexloop.report").joinpath("templates")
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(
            lambda name: tpl_dir.joinpath(*name.split("/")).read_text(encoding="utf-8")),
        autoescape=True, finalize=_escape_html, trim_blocks=sections, lstrip_blocks=sections)
    env.globals["usd_text"] = usd_text
    env.filters["fmt"] = format
    env.filters["text"] = _escape_text
    return env


def render(ctx: ReportContext, template: str, **context) -> Markup:
    """Render ``sections/<template>.html.j2`` with ``context``; ``cite`` cites sources."""
    env = environment()
    out = env.get_template(f"sections/{template}.html.j2").render(cite=ctx.cite, **context)
    return Markup(out.strip("\n"))


@section("ledger", "Ledger: entities, deals and flows")
def ledger_section(ctx: ReportContext) -> str:
    led = ctx.ledger
    layers = []
    for layer in Layer:
        ents = [e for e in led.entities if e.layer == layer]
        if ents:
            layers.append({"layer": layer.value, "entities": ents[:MAX_LIST],
                           "more": max(len(ents) - MAX_LIST, 0)})
    totals = []
    for flow, grp in flow_totals(led).groupby("flow", sort=True):
        rows = [r._asdict() | {"gw": "" if pd.isna(r.gw) else f"{r.gw:g}"}
                for r in grp.itertuples()]
        totals.append({"flow": flow, "rows": rows, "deals": grp.deals.sum(),
                       "usd_low": grp.usd_low.sum(min_count=1),
                       "usd_high": grp.usd_high.sum(min_count=1),
                       "unknown_amounts": grp.unknown_amounts.sum(),
                       "derived_amounts": grp.derived_amounts.sum()})
    df = deals_frame(led)
    names = {e.id: e.name for e in led.entities}
    deals = [{"flow": r.flow, "id": r.id, "kind": r.kind, "payer": names[r.payer],
              "payee": names[r.payee], "amount_low": r.amount_low, "amount_high": r.amount_high,
              "flags": (" (derived)" if r.derived else "")
              + (" (superseded)" if r.superseded else ""),
              "gw": "" if pd.isna(r.capacity_gw) else f"{r.capacity_gw:g}",
              "announced": r.announced, "status": r.status, "sources": r.sources.split("; ")
              if r.sources else [],
              "note": r.notes + (f" Derived: {r.derived_from}" if r.derived_from else "")}
             for r in df.head(MAX_ROWS).itertuples()]
    return render(ctx, "ledger", layers=layers, totals=totals, deals=deals, n_deals=len(df))


@section("checks", "The seeds' arithmetic, recomputed", data="reference",
         says="Data: reference. The seed fact sheet recomputed on the embedded ai2025 and "
              "telecom2000 datasets, whatever the ledger of this report.")
def checks_section(ctx: ReportContext) -> str:
    from ..studies.seeds import seed_check_table

    df = seed_check_table().to_frame()
    return render(ctx, "checks", checks=df.to_dict(orient="records"))


def build_report(ledger: Ledger, *, sections: list[str] | None = None,
                 generated: dt.datetime | None = None, scope: str = "all") -> str:
    """The report as one HTML string; ``scope`` (all | binding | drawn) selects the deals the
    circularity measures and the map count, and is stated on the page."""
    from ..ledger.scope import as_scope

    scope_ = as_scope(scope)
    keys = sections if sections else list(SECTIONS)
    unknown = [k for k in keys if k not in SECTIONS]
    if unknown:
        raise CapexloopError(f"unknown report section(s) {unknown} (one of: "
                             f"{', '.join(SECTIONS)})", field="sections")
    ctx = ReportContext(ledger, scope=scope_.value)
    body = []
    for k in keys:
        title, fn = SECTIONS[k]
        kind, says = DATA[k]
        body.append({"key": k, "title": title, "html": fn(ctx), "data": kind,
                     "says": says(ctx)})
    from .summary import executive_summary

    summary = [{"value": h.value, "label": h.label, "sources": ctx.cite(h.sources)}
               for h in (executive_summary(ledger, ctx.lead_lab()) if not sections else [])]
    body.append({"key": "sources", "title": "Sources",
                 "html": render(ctx, "sources", sources=ctx.source_list()), "data": "both",
                 "says": ""})
    env = environment(sections=False)
    stamp = (generated or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    from .figures import plotly_js

    needs_js = any("Plotly.newPlot" in s["html"] for s in body)
    return env.get_template("report.html.j2").render(
        ledger=ledger, sections=body, generated=stamp, summary=summary,
        scope={"value": scope_.value, "label": scope_.label},
        plotly_js=Markup(plotly_js()) if needs_js else "",
        counts={"entities": len(ledger.entities), "deals": len(ledger.deals),
                "observations": len(ledger.observations), "events": len(ledger.events)})


def write_report(ledger: Ledger, out: str | Path, **kw) -> Path:
    """Write the report atomically."""
    text = build_report(ledger, **kw)
    with atomic_path(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(out)
