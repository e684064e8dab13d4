"""Report section: PSY bubble tests on the S&P 500 P/D ratio and the Nasdaq Composite."""

from __future__ import annotations

import pandas as pd

from ..studies.bubble import reference_bubble
from .build import ReportContext, render, section
from .charts import bubble_chart
from .figures import report_figure


@section("bubble", "Bubble tests: Phillips–Shi–Yu GSADF and date-stamping", data="reference",
         says="Data: reference market series (Shiller's S&P 500 price/dividend ratio, the "
              "Nasdaq Composite), not the ledger {ledger}.")
def bubble_section(ctx: ReportContext) -> str:
    def view(name: str, title: str) -> dict:
        run = reference_bubble(name)
        res = run.result
        fig = report_figure(bubble_chart(res, run.episodes, title), f"bubble-{name}")
        return {"summary": res.summary(), "figure": fig,
                "episodes": run.episodes.to_dict(orient="records"),
                "first": pd.Timestamp(res.index[0]), "last": pd.Timestamp(res.index[-1]),
                "min_window": res.min_window, "first_test": pd.Timestamp(res.dates[0])}

    return render(ctx, "bubble", sp=view("sp500", "S&P 500 P/D: BSADF vs 95% critical value"),
                  nq=view("nasdaq", "Nasdaq (log): BSADF vs 95% critical value"))
