"""The dashboard in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright;
no browser download). Screenshots go to tests/artifacts/."""

import shutil
import socket
import threading
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytest.importorskip("dash")
pytest.importorskip("dash_cytoscape")
sync_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    pytest.skip("Debian chromium is not installed", allow_module_level=True)

ARTIFACTS = Path(__file__).parents[1] / "artifacts"


@pytest.fixture(scope="module")
def server():
    from werkzeug.serving import make_server

    from capexloop.dashboard.app import create_app
    from capexloop.ledger import load_dataset

    app = create_app(load_dataset("ai2025"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = make_server("127.0.0.1", port, app.server, threaded=True)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{port}/"
    srv.shutdown()


@pytest.fixture(scope="module")
def page(server):
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        pg = browser.new_page(viewport={"width": 1400, "height": 2400})
        pg.goto(server)
        pg.wait_for_selector("#loss-rows", timeout=60_000)
        yield pg
        browser.close()


def test_click_node_shows_deals(page):
    # cytoscape draws on a canvas; find OpenAI's rendered position through cytoscape's registry
    pos = page.evaluate("""() => {
        for (const el of document.querySelectorAll('#network, #network *')) {
            if (el._cyreg && el._cyreg.cy) {
                const cy = el._cyreg.cy, n = cy.getElementById('openai');
                const p = n.renderedPosition(), r = el.getBoundingClientRect();
                return {x: r.left + p.x, y: r.top + p.y};
            }
        }
        return null;
    }""")
    assert pos is not None
    page.mouse.click(pos["x"], pos["y"])
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
            ("bubble", "monitor", "be")} == {"scope: does not apply"}
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
    page.wait_for_selector("#upload-ok", timeout=15_000)
    assert "2 entities, 1 deals" in page.inner_text("#upload-ok")
    page.wait_for_function("() => document.querySelector('#ledger-name').innerText === "
                           "'ledger: mine'", timeout=15_000)
    n = page.evaluate("() => document.querySelector('#network')._cyreg.cy.nodes().length")
    assert n == 2
