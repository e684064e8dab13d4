"""The dashboard's as-of control in a real headless Chromium over ``ai-public``: choosing a
quarter end re-reads the ledger as it stood then (:func:`capexloop.ledger.asof.as_of`, the
rules of ``--as-of``) for the network, the clicked node's deals, the circularity, history and
stress panels, together with the scope control. Every number is compared with the library's
own result for that date (``circularity(..., as_of=...)``, ``exposure_at`` of the history
module as a second path, ``stress_run`` on the cut ledger)."""

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("dash")
pytest.importorskip("dash_cytoscape")
ARTIFACTS = Path(__file__).parents[1] / "artifacts"
DAY = "2024-06-30"


@pytest.fixture(scope="module")
def ledger():
    from capexloop.ledger import load_dataset

    return load_dataset("ai-public")


@pytest.fixture(scope="module")
def page(open_dashboard, ledger):
    with open_dashboard(ledger) as pg:
        pg.wait_for_selector("#circ-share", timeout=60_000)
        yield pg


def _choose_as_of(page, value: str) -> None:
    page.click("#as-of")
    page.click(f"[role=option]:has-text('{value}')")
    page.wait_for_function(
        "(v) => ['network-scope', 'circ-scope', 'history-scope', 'stress-scope'].every("
        "p => document.querySelector('#' + p).innerText.includes('as of: ' + v))",
        arg=value, timeout=60_000)


def _choose_scope(page, scope: str) -> None:
    from capexloop.ledger import Scope

    page.check(f"#scope input[value={scope}]")
    page.wait_for_function(
        "(l) => ['network-scope', 'circ-scope', 'history-scope', 'stress-scope'].every("
        "p => document.querySelector('#' + p).innerText.includes(l))",
        arg=Scope(scope).label, timeout=60_000)


def _circ_numbers(page) -> dict:
    return {k: page.inner_text(f"#circ-{k}") for k in ("deals", "share", "share-upper", "cycles",
                                                       "finn")}


def _library_circ(ledger, scope: str, day: str | None) -> dict:
    from capexloop.ledger import apply_scope
    from capexloop.ledger.asof import as_of
    from capexloop.network import circularity

    res = circularity(ledger, scope=scope, as_of=day)
    tot = res.round_trip.totals()
    cut = as_of(ledger, day) if day else ledger
    return {"deals": str(len(apply_scope(cut, scope).active_deals())),
            "share": f"{tot['share']:.1%}", "share-upper": f"{tot['share_upper']:.1%}",
            "cycles": str(len(res.cycles)), "finn": f"{res.finn.fci:.4f}"}


def test_as_of_choices_are_the_ledgers_quarter_ends(ledger):
    """ai-public's deals are dated 2023-01-01 … 2026-07-01 (``date_span``): 2023Q1 … 2026Q3 is
    4 + 4 + 4 + 3 = 15 quarter ends, newest first, after the ledger as filed."""
    from capexloop.dashboard.app import LATEST, as_of_options
    from capexloop.ledger.asof import date_span

    first, last = date_span(ledger)
    assert (first, last) == (dt.date(2023, 1, 1), dt.date(2026, 7, 1))
    opts = as_of_options(ledger)
    assert opts[0]["value"] == LATEST and len(opts) == 1 + 15
    assert [o["value"] for o in opts[1:3]] == ["2026-09-30", "2026-06-30"]
    assert opts[-1]["value"] == "2023-03-31"


def test_latest_is_the_ledger_as_filed(page, ledger):
    for p in ("network", "circ", "history", "stress"):
        assert "as of: latest" in page.inner_text(f"#{p}-scope")
    assert _circ_numbers(page) == _library_circ(ledger, "all", None)


def test_as_of_drives_every_ledger_panel(page, ledger, click_node):
    from capexloop.ledger import apply_scope
    from capexloop.ledger.asof import as_of, quarter_of, quarters
    from capexloop.ledger.quantities import format_usd
    from capexloop.network.history import exposure_at
    from capexloop.studies.stress import stress_run

    latest = _circ_numbers(page)
    _choose_as_of(page, DAY)
    cut = as_of(ledger, DAY)
    for scope in ("all", "binding"):
        _choose_scope(page, scope)
        scoped = apply_scope(cut, scope)
        # the network draws the deals of the ledger as it stood then
        n = page.evaluate("() => document.querySelector('#network')._cyreg.cy.edges().length")
        assert n == len(scoped.active_deals())
        # circularity: the library's result for that date, and the history module's cut
        page.wait_for_function("(d) => document.querySelector('#circ-deals').innerText === d",
                               arg=_library_circ(ledger, scope, DAY)["deals"], timeout=60_000)
        shown = _circ_numbers(page)
        assert shown == _library_circ(ledger, scope, DAY)
        row = exposure_at(ledger, DAY, scope=scope)
        assert shown["share"] == f"{row['round_trip_share']:.1%}"
        # history: the quarters from the first dated deal up to the as-of quarter
        xs = page.evaluate("() => document.querySelector('#history-graph .js-plotly-plot')"
                           ".data[0].x")
        first = min(d.announced.start for d in ledger.deals if d.announced and
                    d.announced.start)
        assert xs == [str(q) for q in quarters(first, DAY)]
        assert xs[-1] == str(quarter_of(dt.date(2024, 6, 30)))
        # stress: the yearly simulation of the cut ledger
        page.wait_for_function(
            "(s) => (document.querySelector('#stress-headline') || {innerText: ''}).innerText"
            ".startsWith('scope ' + s)", arg=scope, timeout=60_000)
        head = page.inner_text("#stress-headline")
        assert head.endswith(f"ledger as of {DAY}")
        lab = page.locator("#lab").inner_text().strip()
        pct = int(page.get_attribute("#shortfall-wrap [role=slider]", "aria-valuenow"))
        run = stress_run(cut, shocks={lab: pct / 100}, scope=scope)
        assert head == run.headline
        rows = page.inner_text("#loss-rows").splitlines()
        for entity, loss in run.simulation.total_losses().items():
            line = next(r for r in rows if r.split("\t")[0] == entity)
            assert line.split("\t")[-1] == format_usd(float(loss))
    # the clicked node lists the deals of that date only
    _choose_scope(page, "all")
    click_node(page, "anthropic")
    page.wait_for_selector("text=Deals of anthropic", timeout=15_000)
    assert f"as of: {DAY}" in page.inner_text("#node-deals")
    listed = {r.split("\t")[0] for r in page.inner_text("#node-deals").splitlines()}
    then = {d.id for d in cut.deals if "anthropic" in (d.payer, d.payee)}
    now = {d.id for d in ledger.deals if "anthropic" in (d.payer, d.payee)}
    assert then <= listed and not (now - then) & listed
    assert _circ_numbers(page) != latest
    page.screenshot(path=str(ARTIFACTS / "dashboard-as-of.png"))
    # back to the ledger as filed
    _choose_as_of(page, "latest")
    page.wait_for_function("(d) => document.querySelector('#circ-deals').innerText === d",
                           arg=latest["deals"], timeout=60_000)
    assert _circ_numbers(page) == latest


def test_panels_outside_the_ledger_say_scope_and_date_do_not_apply(page):
    for p in ("bubble", "monitor", "be"):
        assert page.inner_text(f"#{p}-scope").startswith("scope and as-of date: do not apply")
