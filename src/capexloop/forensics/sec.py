"""SEC XBRL loader: company facts and frames, by ticker or CIK, as ledger observations.

The SEC asks every client to identify itself: the User-Agent comes from ``SEC_USER_AGENT`` (e.g.
``"Jane Analyst jane@example.org"``) or the ``user_agent`` argument; without it nothing is sent.
Requests are limited to 10 per second (the SEC's fair-access limit), retried with backoff on
429/5xx, cached on disk and replayed offline. Restated facts are de-duplicated: for each
period the latest filing wins and the full history is kept.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import httpx
import pandas as pd

from .._files import cache_root
from ..http import CachedClient, FetchError
from ..ledger.model import Entity, Observation

__all__ = ["CONCEPTS", "ConceptFacts", "SecClient"]

TICKERS = "https://www.sec.gov/files/company_tickers.json"
FACTS = "https://data.sec.gov/api/xbrl/companyfacts/CIK{cik:010d}.json"
FRAMES = "https://data.sec.gov/api/xbrl/frames/{tax}/{concept}/{unit}/{period}.json"

#: friendly names → XBRL concepts tried in order (filers moved between them over the years)
CONCEPTS = {
    "revenue": ["Revenues", "RevenueFromContractWithCustomerExcludingAssessedTax",
                "SalesRevenueNet", "SalesRevenueGoodsNet"],
    "receivables_net": ["AccountsReceivableNetCurrent", "ReceivablesNetCurrent"],
    "inventory": ["InventoryNet"],
    "receivables_allowance": ["AllowanceForDoubtfulAccountsReceivableCurrent",
                              "AccountsReceivableAllowanceForCreditLossCurrent"],
    "net_income": ["NetIncomeLoss"],
}


@dataclass(frozen=True)
class ConceptFacts:
    """Facts of one concept: ``latest`` (one row per period, latest filing wins) and
    ``history`` (every filing's value, restatements included)."""

    concept: str
    unit: str
    latest: pd.DataFrame
    history: pd.DataFrame


class SecClient(CachedClient):
    service = "SEC EDGAR"

    def __init__(self, user_agent: str | None = None, *, cache_dir: str | Path | None = None,
                 offline: bool = False, transport: httpx.BaseTransport | None = None,
                 rate: float = 10.0, retries: int = 4) -> None:
        ua = user_agent or os.environ.get("SEC_USER_AGENT")
        if not ua and not offline:
            raise FetchError("the SEC requires a User-Agent naming you and an e-mail address: "
                             "set SEC_USER_AGENT='Name email@example.org'", field="user_agent")
        root = cache_root(cache_dir)
        super().__init__(root / "sec", offline=offline, rate=min(rate, 10.0), retries=retries,
                         transport=transport, headers={"User-Agent": ua or "offline"})

    def _json(self, url: str, name: str, what: str) -> dict:
        def fetch() -> str:
            r = self.get(url, what=what)
            if r.status_code == 404:
                raise FetchError(f"the SEC has no data at {url.rsplit('/', 1)[-1]}", field=what)
            if r.status_code != 200:
                raise FetchError(f"the SEC answered HTTP {r.status_code}", field=what)
            return r.text

        def validate(body: str) -> None:
            try:
                json.loads(body)
            except json.JSONDecodeError as err:
                raise FetchError(f"malformed SEC response ({err.msg})", field=what) from None

        body = self.cached_text(self.cache_path(name, {"url": url}), fetch, validate, what=what)
        return json.loads(body)

    def cik(self, ticker_or_cik: str | int) -> tuple[int, str]:
        """(CIK, company title) for a ticker like ``NVDA`` or a CIK number."""
        text = str(ticker_or_cik).strip()
        table = self._json(TICKERS, "tickers", "ticker")
        rows = table.values() if isinstance(table, dict) else table
        if text.isdigit():
            for r in rows:
                if int(r["cik_str"]) == int(text):
                    return int(text), r["title"]
            return int(text), ""
        for r in rows:
            if r["ticker"].upper() == text.upper():
                return int(r["cik_str"]), r["title"]
        raise FetchError(f"unknown ticker {text!r}", field="ticker")

    def company_facts(self, ticker_or_cik: str | int) -> dict:
        cik, _ = self.cik(ticker_or_cik)
        return self._json(FACTS.format(cik=cik), f"facts-{cik}", "ticker")

    def concept(self, ticker_or_cik, name: str, *, unit: str = "USD",
                annual: bool = True) -> ConceptFacts:
        """One concept (a friendly name from :data:`CONCEPTS` or an XBRL tag) with fallbacks."""
        doc = self.company_facts(ticker_or_cik)
        facts = doc.get("facts", {})
        tags = CONCEPTS.get(name, [name])
        for tag in tags:
            for tax in ("us-gaap", "ifrs-full", "dei"):
                node = facts.get(tax, {}).get(tag)
                if node and unit in node.get("units", {}):
                    return _dedupe(tag, unit, node["units"][unit], annual)
        raise FetchError(f"{doc.get('entityName', ticker_or_cik)} reports none of "
                         f"{', '.join(tags)} in {unit}", field="concept")

    def frame(self, concept: str, period: str, *, unit: str = "USD",
              taxonomy: str = "us-gaap") -> pd.DataFrame:
        """One concept for every filer in a period (``CY2024``, ``CY2024Q4I``)."""
        doc = self._json(FRAMES.format(tax=taxonomy, concept=concept, unit=unit, period=period),
                         f"frame-{concept}-{period}", "concept")
        return pd.DataFrame(doc.get("data", []))

    def observations(self, ticker: str, names: list[str], *, entity_id: str | None = None,
                     unit: str = "USD", annual: bool = True
                     ) -> tuple[Entity, list[Observation]]:
        """Ledger records: the company as an entity and each concept as observations with
        ``sec:<accession>`` sources."""
        cik, title = self.cik(ticker)
        eid = entity_id or ticker.lower()
        ent = Entity(id=eid, name=title or ticker, aliases=[ticker.upper()],
                     sources=[f"sec:cik{cik:010d}"])
        obs = []
        for n in names:
            cf = self.concept(ticker, n, unit=unit, annual=annual)
            for r in cf.latest.itertuples():
                date = f"{r.start}..{r.end}" if isinstance(r.start, str) and r.start else r.end
                obs.append(Observation(entity=eid, metric=n, date=date, value=float(r.val),
                                       unit=unit, sources=[f"sec:{r.accn}"],
                                       notes=f"{cf.concept}, {r.form} filed {r.filed}"))
        return ent, obs


def _dedupe(tag: str, unit: str, rows: list[dict], annual: bool) -> ConceptFacts:
    hist = pd.DataFrame(rows)
    for c in ("start", "frame", "fp", "form"):
        if c not in hist:
            hist[c] = None
    if annual:
        dur = (pd.to_datetime(hist["end"]) - pd.to_datetime(hist["start"])).dt.days
        hist = hist[(hist["start"].isna()) | dur.between(350, 380)]
    hist = hist.sort_values(["end", "filed"]).reset_index(drop=True)
    latest = hist.groupby(["start", "end"], dropna=False, as_index=False).last()
    latest = latest.sort_values("end").reset_index(drop=True)
    return ConceptFacts(tag, unit, latest, hist)
