"""``forensics lucent|vendors`` and ``sec fetch``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import app, group
from ._common import AsOfOpt, DatasetOpt, DbOpt, JsonOpt, emit_json, resolve_ledger

forensics_app = group("Vendor-financing forensics.")
sec_app = group("SEC XBRL company facts.")
app.add_typer(forensics_app, name="forensics")
app.add_typer(sec_app, name="sec")


@forensics_app.command("lucent")
def forensics_lucent(as_json: JsonOpt = False) -> None:
    """Lucent's triple write-down 1999–2002, every seed percentage checked against the $."""
    from .._console import console
    from ..studies.forensics import lucent_study

    res = lucent_study()
    if as_json:
        return emit_json(res.to_dict())
    console.print(res.summary())


@forensics_app.command("vendors")
def forensics_vendors(dataset: DatasetOpt = None, db: DbOpt = None, as_of: AsOfOpt = None,
                      as_json: JsonOpt = False) -> None:
    """AI vendors beside Lucent FY1999 on the same ratios, with Lucent-calibrated lights."""
    from rich.table import Table

    from .._console import console
    from ..ledger.quantities import format_usd
    from ..studies.forensics import vendor_study

    res = vendor_study(resolve_ledger(dataset, db, default="ai2025", as_of=as_of))
    if as_json:
        return emit_json(res.to_dict())
    vendors = res.vendors
    t = Table("measure", *vendors, title="vendor financing: AI vendors vs Lucent FY1999"
              + (f" (ledger as of {res.as_of})" if res.as_of else ""))
    for m, row in res.table.iterrows():
        t.add_row(m, *["missing" if row[v] != row[v] else (format_usd(row[v])
                       if m.endswith("usd") else f"{row[v]:.3g}") for v in vendors])
    console.print(t)
    for line in res.light_lines():
        console.print(line, markup=False)
    console.print("AMD warrants ($B) by share price (rows) and GW deployed (columns):")
    console.print((res.amd_warrants["value"] / 1e9).round(1).to_string())


@sec_app.command("fetch")
def sec_fetch(
    ticker: Annotated[str, typer.Argument(help="ticker or CIK")],
    concept: Annotated[list[str], typer.Option(help="revenue, receivables_net, inventory, … or "
                                                    "an XBRL tag (repeatable)")],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="write a ledger file of "
                                                               "observations")] = None,
    offline: Annotated[bool, typer.Option(help="use only the cache")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Fetch XBRL facts (latest filing per period) as ledger observations with sec: sources."""
    from ..forensics.sec_fetch import fetch_facts

    res = fetch_facts(ticker, concept, out=out, offline=offline)
    if as_json:
        return emit_json(res.to_dict())
    from rich.table import Table

    from .._console import console
    from ..ledger.quantities import format_usd

    t = Table("metric", "period", "value", "source", title=res.entity.name)
    for o in res.observations:
        t.add_row(o.metric, str(o.date), format_usd(o.value.mid), "; ".join(o.sources))
    console.print(t)


@sec_app.command("refresh")
def sec_refresh(
    dataset: DatasetOpt = None, db: DbOpt = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="ledger file to write (yaml, json, "
                                                          "csv, xlsx, parquet)")] = Path(
        "ai-public-refreshed.yaml"),
    entity: Annotated[list[str] | None, typer.Option(help="only these companies (ids)")] = None,
    offline: Annotated[bool, typer.Option(help="use only the cache")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Re-derive the ledger's SEC filing values from XBRL company facts (needs
    SEC_USER_AGENT="Name email"); the embedded snapshot stays the default, the refreshed
    ledger goes to --out."""
    from ..forensics.sec import SecClient
    from ..forensics.sec_refresh import refresh_filings
    from ..ledger.io import write_ledger

    led = resolve_ledger(dataset, db, default="ai-public")
    res = refresh_filings(led, SecClient(offline=offline), entities=entity)
    write_ledger(res.ledger, out)
    if as_json:
        return emit_json(res.to_dict())
    from .._console import console

    console.print(res.summary())
    console.print(f"[green]wrote[/] {out}")
