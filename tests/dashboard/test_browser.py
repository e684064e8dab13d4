"""The dashboard in a real headless Chromium over the seeds' ledger ``ai2025`` (fixtures in
conftest.py)."""

from pathlib import Path

import pytest

pytest.importorskip("dash")
pytest.importorskip("dash_cytoscape")
ARTIFACTS = Path(__file__).parents[1] / "artifacts"


@pytest.fixture(scope="module")
def page(open_dashboard):
    from capexloop.ledger import load_dataset

    with open_dashboard(load_dataset("ai2025")) as pg:
        yield pg


def test_click_node_shows_deals(page, click_node):
    click_node(page, "openai")
    page.wait_for_selector("text=Deals of openai", timeout=15_000)
    text = page.inner_text("#node-deals")
    assert "openai-oracle-stargate" in text and "seed:B6" in text
    page.screenshot(path=str(ARTIFACTS / "dashboard-node.png"))


def test_shortfall_slider_changes_losses(page):
    before = page.inner_text("#loss-table")
    handle = page.locator("#shortfall-wrap [role=slider]").first
    handle.focus()
    handle.press("End")   # 90%
    page.wait_for_function("(b) => document.querySelector('#loss-table').innerText !== b",
                           arg=before, timeout=15_000)
    after = page.inner_text("#loss-table")
    assert after != before and "nvidia" in after
    page.screenshot(path=str(ARTIFACTS / "dashboard-stress.png"))


def test_scope_control_shows_the_library_numbers(page):
    """Switching the scope redraws the network with the deals apply_scope keeps and reruns the
    stress panel with stress_run(scope=...); every ledger panel states the scope."""
    from capexloop.ledger import Scope, apply_scope, load_dataset
    from capexloop.ledger.quantities import format_usd
    from capexloop.studies.stress import stress_run

    led = load_dataset("ai2025")
    lab = page.locator("#lab").inner_text().strip()
    pct = int(page.get_attribute("#shortfall-wrap [role=slider]", "aria-valuenow"))
    tables = {}
    for scope in ("binding", "drawn", "all"):
        page.check(f"#scope input[value={scope}]")
        label = Scope(scope).label
        page.wait_for_function(
            "(l) => document.querySelector('#network-scope').innerText.includes(l) && "
            "document.querySelector('#stress-scope').innerText.includes(l)",
            arg=label, timeout=30_000)
        page.wait_for_function(
            "(s) => (document.querySelector('#stress-headline') || {innerText: ''})"
            ".innerText.startsWith('scope ' + s)", arg=scope, timeout=60_000)
        n = page.evaluate("() => document.querySelector('#network')._cyreg.cy.edges().length")
        assert n == len(apply_scope(led, scope).active_deals())       # 13, 2, 18 deals
        page.wait_for_function(                      # the clicked node's deals follow too
            "(l) => document.querySelector('#node-deals').innerText.includes(l)", arg=label,
            timeout=30_000)
        listed = {r.split("\t")[0] for r in page.inner_text("#node-deals").splitlines()}
        assert {d.id for d in apply_scope(led, scope).deals
                if "openai" in (d.payer, d.payee)} <= listed
        losses = stress_run(led, shocks={lab: pct / 100}, scope=scope).simulation.total_losses()
        rows = page.inner_text("#loss-rows").splitlines()
        for entity, loss in losses.items():
            line = next(r for r in rows if r.split("\t")[0] == entity)
            assert line.split("\t")[-1] == format_usd(float(loss))
        tables[scope] = page.inner_text("#loss-rows")
    assert {page.locator(f"#{p}-scope").inner_text().split(" —")[0] for p in
            ("bubble", "monitor", "be")} == {"scope and as-of date: do not apply"}
    assert len(set(tables.values())) > 1                # the scope changes the losses
    page.screenshot(path=str(ARTIFACTS / "dashboard-scope.png"))


def test_bad_upload_shows_error_and_keeps_ledger(page, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,kind,payer,payee,amount_usd\nd1,equity,nvidia,nvidia,1B\n")
    page.set_input_files("#upload input[type=file]", str(bad))
    page.wait_for_selector("#upload-error", timeout=15_000)
    msg = page.inner_text("#upload-error")
    assert "bad.csv:2" in msg and "Not loaded" in msg
    assert page.inner_text("#ledger-name") == "ledger: ai2025"
    page.screenshot(path=str(ARTIFACTS / "dashboard-upload-error.png"))


def test_valid_upload_replaces_the_ledger(page, tmp_path):
    good = tmp_path / "mine.yaml"
    good.write_text("entities:\n  - {id: lab, name: Lab X, layer: model_provider}\n"
                    "  - {id: chips, name: Chips Y, layer: semiconductor}\n"
                    "deals:\n  - {id: d1, kind: chip_purchase, payer: lab, payee: chips, "
                    "amount_usd: 5B, status: committed}\n")
    page.set_input_files("#upload input[type=file]", str(good))
    page.wait_for_selector("#upload-ok", timeout=60_000)
    assert "2 entities, 1 deals" in page.inner_text("#upload-ok")
    page.wait_for_function("() => document.querySelector('#ledger-name').innerText === "
                           "'ledger: mine'", timeout=60_000)
    # the network redraws in a callback of its own, after the ledger name
    page.wait_for_function("() => document.querySelector('#network')._cyreg.cy.nodes().length "
                           "=== 2", timeout=60_000)


def test_breakeven_panel_shows_the_library_result(page):
    """The break-even panel prints :func:`capexloop.economics.breakeven` for the sliders'
    starting values (the report's stated inputs)."""
    from capexloop.economics import breakeven
    from capexloop.ledger import load_dataset
    from capexloop.studies.economics import breakeven_inputs

    be = breakeven_inputs(load_dataset("ai2025"))
    page.wait_for_function("() => document.querySelector('#be-out').innerText.includes('EBITDA')",
                           timeout=30_000)
    want = breakeven(be.capex, be.depreciation, be.roe, be.tax, 0.45, users=[1e9]).summary()
    assert page.inner_text("#be-out").strip() == want.strip()
